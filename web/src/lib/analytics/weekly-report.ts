import type { DashboardResponse } from '@citydesk/domain';
import { addDays, isIsoWeek, isoWeekOf, istanbulToday } from './analytics-filter.ts';

/*
 * The weekly coordination report's arithmetic: which week it shows, and each
 * figure of the week beside the week before. Kept out of the page so the
 * comparison rules are tested: a rate compares in percentage points, a count in
 * cases, and a figure without a value (nothing resolved) compares with nothing.
 */

/** The week a report opens on: the last complete week, the one a Monday meeting reviews. */
export function defaultReportWeek(now: number = Date.now()): string {
  return isoWeekOf(addDays(istanbulToday(now), -7));
}

/** The week asked for in the address, or the default. */
export function reportWeekOf(asked: string | null, now: number = Date.now()): string {
  return asked && isIsoWeek(asked) ? asked : defaultReportWeek(now);
}

export type ComparisonKind = 'count' | 'rate' | 'hours' | 'score';

export interface Comparison {
  id: string;
  kind: ComparisonKind;
  current: number | null;
  previous: number | null;
  /** current − previous; null when either side has no value. */
  change: number | null;
  /** Whether a rise is good news (resolved) or bad (overdue, time to resolve); undefined when neither. */
  higherIsBetter?: boolean;
}

const compare = (
  id: string,
  kind: ComparisonKind,
  current: number | null,
  previous: number | null,
  higherIsBetter?: boolean,
): Comparison => ({
  id,
  kind,
  current,
  previous,
  change: current === null || previous === null ? null : current - previous,
  ...(higherIsBetter === undefined ? {} : { higherIsBetter }),
});

/** The totals of a week beside the previous week's, in the report's order. */
export function weekComparisons(current: DashboardResponse, previous: DashboardResponse): Comparison[] {
  const a = current.totals;
  const b = previous.totals;
  return [
    compare('created', 'count', a.created, b.created),
    compare('received', 'count', a.received, b.received),
    compare('resolved', 'count', a.resolved, b.resolved, true),
    compare('closed', 'count', a.closed, b.closed, true),
    compare('sla', 'rate', current.sla.compliance, previous.sla.compliance, true),
    compare('average', 'hours', a.averageHours, b.averageHours, false),
    compare('median', 'hours', a.medianHours, b.medianHours, false),
    compare('reopen', 'rate', a.reopenRate, b.reopenRate, false),
    compare('satisfaction', 'score', current.satisfaction.average, previous.satisfaction.average, true),
  ];
}

/** Whether a change is good news, bad news or neither, for the report's marking. */
export function changeTone(comparison: Comparison): 'good' | 'bad' | 'neutral' {
  if (comparison.change === null || comparison.change === 0 || comparison.higherIsBetter === undefined) {
    return 'neutral';
  }
  return comparison.change > 0 === comparison.higherIsBetter ? 'good' : 'bad';
}

/** Created per work type in the week before, by code, for the "change" column of the top work types. */
export function previousCreatedByWorkType(previous: DashboardResponse): Map<string, number> {
  return new Map(previous.workTypes.map((row) => [row.workTypeCode, row.created]));
}
