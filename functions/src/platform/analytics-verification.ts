import type { AnalyticsRow } from '@citydesk/data';
import {
  type AnalyticsFactsContext,
  type AnalyticsRowDelta,
  addRow,
  eventAnalyticsDeltas,
} from '@citydesk/domain';
import { analyticsContextOf, analyticsRepository } from './analytics-runtime.ts';
import { logger } from './logger.ts';
import { businessMetrics, countMetricBy } from './metrics.ts';

/*
 * The verification job (docs/domain/analytics.md § Verification): recomputes a city's
 * aggregates from its stored cases and timelines and compares them with the rows the
 * consumer keeps. Events younger than the settle window that the consumer has not
 * applied yet (no marker) are in flight, not drift: they are left out of the
 * expectation and reported as pending.
 */

/** One counter of one row that differs. */
export interface AnalyticsDriftEntry {
  scope: string;
  dimension: string;
  key: string;
  counter: string;
  expected: number;
  actual: number;
}

export interface AnalyticsVerificationReport {
  cityId: string;
  checkedAt: string;
  cases: number;
  events: number;
  /** Recent events not applied yet (in flight), left out of the comparison. */
  pendingEvents: number;
  rowsExpected: number;
  rowsStored: number;
  /** Counters that differ (at most {@link MAX_REPORTED_DRIFT} listed); `driftCount` counts them all. */
  driftCount: number;
  drift: AnalyticsDriftEntry[];
}

export const MAX_REPORTED_DRIFT = 200;
/** Events younger than this may still be on their way through the stream and the queue. */
export const DEFAULT_SETTLE_SECONDS = 600;

/** Recomputes and compares one city's aggregates; logs the outcome and counts drift as a metric. */
export async function verifyCityAnalytics(
  cityId: string,
  options: { now?: Date; settleSeconds?: number } = {},
): Promise<AnalyticsVerificationReport> {
  const now = options.now ?? new Date();
  const settledBefore = new Date(
    now.getTime() - (options.settleSeconds ?? DEFAULT_SETTLE_SECONDS) * 1000,
  ).toISOString();
  const [{ cases, appliedEventIds: applied }, stored] = await Promise.all([
    analyticsRepository.casesWithTimelines(cityId),
    analyticsRepository.allRows(cityId),
  ]);
  const expected = new Map<string, AnalyticsRowDelta>();
  const contexts = new Map<string, AnalyticsFactsContext>();
  let events = 0;
  let pendingEvents = 0;
  for (const { case: c, events: timeline } of cases) {
    const key = `${c.cityId}#${c.configVersion ?? ''}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = await analyticsContextOf(c);
      contexts.set(key, ctx);
    }
    for (const e of timeline) {
      events++;
      if (e.at >= settledBefore && !applied.has(e.eventId)) {
        pendingEvents++;
        continue;
      }
      for (const d of eventAnalyticsDeltas(c, timeline, e.eventId, ctx)) addRow(expected, d);
    }
  }
  const drift = compareRows(expected, stored);
  const report: AnalyticsVerificationReport = {
    cityId,
    checkedAt: now.toISOString(),
    cases: cases.length,
    events,
    pendingEvents,
    rowsExpected: expected.size,
    rowsStored: stored.size,
    driftCount: drift.length,
    drift: drift.slice(0, MAX_REPORTED_DRIFT),
  };
  countMetricBy(businessMetrics.analyticsDrift, 'city', cityId, drift.length);
  if (drift.length > 0) logger.error('analytics drift', { ...report, drift: report.drift.slice(0, 20) });
  else logger.info('analytics verified: no drift', { ...report, drift: [] });
  return report;
}

/** Every counter where expectation and storage differ (absent counts as zero). */
export function compareRows(
  expected: ReadonlyMap<string, AnalyticsRowDelta>,
  stored: ReadonlyMap<string, AnalyticsRow>,
): AnalyticsDriftEntry[] {
  const out: AnalyticsDriftEntry[] = [];
  const ids = new Set([...expected.keys(), ...stored.keys()]);
  for (const id of [...ids].sort()) {
    const want = expected.get(id);
    const have = stored.get(id);
    const identity = (want ?? have) as Pick<AnalyticsRowDelta, 'scope' | 'dimension' | 'key'>;
    const counters = new Set([...Object.keys(want?.add ?? {}), ...Object.keys(have?.counters ?? {})]);
    for (const counter of [...counters].sort()) {
      const e = (want?.add as Record<string, number> | undefined)?.[counter] ?? 0;
      const a = have?.counters[counter] ?? 0;
      if (e !== a)
        out.push({
          scope: identity.scope,
          dimension: identity.dimension,
          key: identity.key,
          counter,
          expected: e,
          actual: a,
        });
    }
  }
  return out;
}
