import { AnalyticsRepository, createDocumentClient, mainTable, requireEnv } from '@citydesk/data';
import type { AnalyticsFactsContext, Case } from '@citydesk/domain';
import { caseCityRuntime } from './city-runtime.ts';
import { ProblemError } from './problem-details.ts';

/*
 * What the analytics consumer, the API and the verification job share: the aggregate
 * repository (created once per process) and the facts context of a case.
 */

export const analyticsRepository = new AnalyticsRepository(
  createDocumentClient(),
  requireEnv(mainTable.envVar),
);

/**
 * The work type → group mapping a case's contributions use: the catalogue of the
 * configuration version the case was opened under. Published versions never change,
 * so the consumer and a later recomputation read the same groups. A case of a city
 * this deployment does not know (only ever a test's synthetic city) has no groups.
 */
export async function analyticsContextOf(
  c: Pick<Case, 'cityId' | 'configVersion'>,
): Promise<AnalyticsFactsContext> {
  try {
    const runtime = await caseCityRuntime(c);
    return { groupOf: (code) => runtime.workTypesByCode.get(code)?.group };
  } catch (err) {
    if (err instanceof ProblemError && err.code === 'city-not-found') return { groupOf: () => undefined };
    throw err;
  }
}
