/*
 * "The aggregates equal a recomputation": the analytics verification
 * (functions/src/platform/analytics-verification.ts, docs/domain/analytics.md)
 * recomputes the city's counters from its stored cases and timelines and compares
 * them with the rows the analytics consumer kept through every redelivery, kill and
 * restart of the run. Imported only when called: it reads table names at load, which
 * the local cloud sets in this process when it starts.
 */

export interface AggregateCheck {
  cases: number;
  events: number;
  /** Events the consumer had not applied: after quiescence there must be none. */
  pendingEvents: number;
  driftCount: number;
  drift: { row: string; counter: string; expected: number; actual: number }[];
  summary: string;
}

export async function verifyAggregates(cityId = 'balikesir'): Promise<AggregateCheck> {
  const { verifyCityAnalytics } = await import('@citydesk/functions/platform/analytics-verification.ts');
  // Settled means everything: the run is quiet, so an unapplied event is a lost one.
  const report = await verifyCityAnalytics(cityId, { settleSeconds: 0 });
  return {
    cases: report.cases,
    events: report.events,
    pendingEvents: report.pendingEvents,
    driftCount: report.driftCount,
    drift: report.drift.slice(0, 20).map((d) => ({
      row: `${d.scope}/${d.dimension}/${d.key}`,
      counter: d.counter,
      expected: d.expected,
      actual: d.actual,
    })),
    summary: `${report.cases} cases and ${report.events} events recomputed, ${report.rowsExpected} rows expected, ${report.rowsStored} stored, drift ${report.driftCount}, pending ${report.pendingEvents}`,
  };
}
