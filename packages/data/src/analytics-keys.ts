import type { AnalyticsDimension } from '@citydesk/domain';

/*
 * Keys of the dashboards' aggregate rows (docs/domain/analytics.md, ADR 0002). One
 * small item per city, scope, dimension and row: reads are a Query per scope and
 * dimension over a day range, so their cost is days × dimension values, never cases.
 */

/** Partition of one scope's dimension: `AGG#<city>#<scope>#<dimension>`. */
export const analyticsPartition = (cityId: string, scope: string, dimension: AnalyticsDimension) =>
  `AGG#${cityId}#${scope}#${dimension}`;

/** A row: the partition, and the row's key within it (`<day>`, `<day>#<value>`, `NOW`, an opening day). */
export const analyticsRowKey = (
  cityId: string,
  scope: string,
  dimension: AnalyticsDimension,
  key: string,
) => ({
  pk: analyticsPartition(cityId, scope, dimension),
  sk: key,
});

/** Prefix of every aggregate partition of a city (the verification job scans it). */
export const analyticsCityPrefix = (cityId: string) => `AGG#${cityId}#`;

/**
 * The marker that an event's contribution (part `part` of it, for contributions above
 * one transaction) was applied. In the case's partition after `F`, so case-with-timeline
 * reads skip it; written in the same transaction as the increments, on condition it
 * did not exist, so a redelivered event adds nothing.
 */
export const analyticsOnceKey = (caseId: string, eventId: string, part: number) => ({
  pk: `CASE#${caseId}`,
  sk: part === 0 ? `ONCE#AGG#${eventId}` : `ONCE#AGG#${eventId}#${part}`,
});

/**
 * Scope names (the `<scope>` of a partition): the city `*`, a tenant `T=<tenant>`, a
 * department `D=<tenant>/<department>`, each optionally narrowed by channel `~c=` and
 * work type group `~g=` (in that order), so every filter combination the dashboard
 * takes reads rows counted for exactly that combination.
 */
export function analyticsScope(filter: {
  tenantId?: string | undefined;
  departmentCode?: string | undefined;
  channel?: string | undefined;
  workTypeGroup?: string | undefined;
}): string {
  let scope = '*';
  if (filter.tenantId)
    scope = filter.departmentCode ? `D=${filter.tenantId}/${filter.departmentCode}` : `T=${filter.tenantId}`;
  if (filter.channel) scope += `~c=${filter.channel}`;
  if (filter.workTypeGroup) scope += `~g=${filter.workTypeGroup}`;
  return scope;
}
