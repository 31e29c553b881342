import type { DashboardResponse } from '@citydesk/domain';

/*
 * Choices the dashboard makes about what to draw, kept apart from the page so they
 * can be tested: how many work types a chart ranks, which ones have a target to be
 * measured against, and which are late.
 */

type WorkTypeRow = DashboardResponse['workTypes'][number];

/** Charts rank the ten busiest; the table under them can show every one. */
export const TOP_WORK_TYPES = 10;

/** The busiest work types first (the API's order), at most `limit`. */
export function topWorkTypes(rows: readonly WorkTypeRow[], limit = TOP_WORK_TYPES): WorkTypeRow[] {
  return [...rows].sort((a, b) => b.created - a.created).slice(0, limit);
}

/** Resolved work types that have a target: the ones the target chart can compare. */
export function measuredWorkTypes(rows: readonly WorkTypeRow[], limit = TOP_WORK_TYPES): WorkTypeRow[] {
  return topWorkTypes(
    rows.filter((row) => row.averageHours !== null && row.targetHours !== null),
    limit,
  );
}

/** Whether a work type's average resolution took longer than its target. */
export function overTarget(row: Pick<WorkTypeRow, 'averageHours' | 'targetHours'>): boolean {
  return row.averageHours !== null && row.targetHours !== null && row.averageHours > row.targetHours;
}

/** Whether a dashboard has anything to show at all (an empty range says so instead of empty charts). */
export function isEmptyDashboard(dashboard: DashboardResponse): boolean {
  return (
    dashboard.totals.created === 0 &&
    dashboard.totals.received === 0 &&
    dashboard.totals.resolved === 0 &&
    dashboard.totals.openNow === 0
  );
}
