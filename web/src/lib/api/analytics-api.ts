import type { AnalyticsFilter, DashboardResponse, NowResponse } from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/*
 * The analytics API (docs/domain/analytics.md): the dashboard of a filter, the wall
 * screen's "now", and the addresses of the dashboard tables' CSV and XLSX exports.
 * Who may read which tenant is the API's decision; a 403 problem says so.
 */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/** The query of a filter in the API's parameter names; empty values are left out. */
export function analyticsQuery(filter: AnalyticsFilter): URLSearchParams {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  for (const key of ['tenantId', 'departmentCode', 'workTypeGroup', 'channel'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** Totals, trend, work types, channels, organisations, SLA, backlog and performance of a filter. */
export function fetchAnalyticsDashboard(
  filter: AnalyticsFilter,
  signal?: AbortSignal,
): Promise<DashboardResponse> {
  return authedRequest<DashboardResponse>(
    'GET',
    `/v1/staff/analytics/dashboard?${analyticsQuery(filter)}`,
    opts(signal),
  );
}

/** Open, overdue, new and resolved today, city-wide (no tenant) or for one organisation. */
export function fetchAnalyticsNow(tenantId: string | undefined, signal?: AbortSignal): Promise<NowResponse> {
  const search = tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : '';
  return authedRequest<NowResponse>('GET', `/v1/staff/analytics/now${search}`, opts(signal));
}

/** The dashboard tables the export route writes, by the name of their field in DashboardResponse. */
export type AnalyticsExportTable =
  | 'workTypes'
  | 'byChannel'
  | 'byOrganisation'
  | 'units'
  | 'people'
  | 'resultCodes'
  | 'trend'
  | 'backlogAgeing'
  | 'byStatus';

export type AnalyticsExportFormat = 'csv' | 'xlsx';

/** The address of one dashboard table's file, for the same filter as the dashboard. */
export function analyticsExportPath(
  table: AnalyticsExportTable,
  format: AnalyticsExportFormat,
  filter: AnalyticsFilter,
): string {
  const params = new URLSearchParams({ table, format });
  for (const [key, value] of analyticsQuery(filter)) params.set(key, value);
  return `/v1/staff/analytics/export?${params}`;
}
