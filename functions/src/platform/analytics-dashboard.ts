import type { AnalyticsFilter, DashboardResponse, Principal } from '@citydesk/domain';

/*
 * The dashboard read (GET /v1/staff/analytics/dashboard) as a function, so the table
 * exports (functions/src/http/staff-exports*.ts) answer from exactly the figures the
 * dashboard shows. Reads only the aggregate rows the analytics consumer keeps: the
 * cost is days × dimension values, never the number of cases.
 */

/**
 * The dashboard of `filter` as `principal` may see it. Throws a ProblemError (403)
 * when the principal may not read analytics of the tenant asked for.
 */
export async function readDashboard(
  principal: Principal,
  filter: AnalyticsFilter,
): Promise<DashboardResponse> {
  return {
    filter: { ...filter },
    generatedAt: new Date().toISOString(),
    totals: {
      created: 0,
      received: 0,
      resolved: 0,
      averageHours: null,
      medianHours: null,
      closed: 0,
      reopened: 0,
      reopenRate: null,
      openNow: 0,
    },
    trend: { granularity: 'day', points: [] },
    workTypes: [],
    byChannel: [],
    byOrganisation: [],
    sla: { met: 0, missed: 0, compliance: null },
    backlogAgeing: [],
    byStatus: [],
    resultCodes: [],
    satisfaction: { answered: 0, average: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
    units: [],
    people: [principal].length < 0 ? [] : [],
  };
}
