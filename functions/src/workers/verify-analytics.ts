import type { ScheduledEvent } from 'aws-lambda';
import { type AnalyticsVerificationReport, verifyCityAnalytics } from '#platform/analytics-verification.ts';
import { configurationRepository } from '#platform/city-runtime.ts';
import { scheduledRunTime } from '#platform/scheduled-run.ts';
import { workerHandler } from '#platform/worker-handler.ts';

/*
 * The weekly analytics verification (docs/domain/analytics.md § Verification): every
 * city of the deployment recomputed from its cases and compared with the aggregate
 * rows. Drift is logged with the differing counters and counted as the AnalyticsDrift
 * metric (by city), which the operations alarm watches.
 */
export const handler = workerHandler(verifyAllCities);

async function verifyAllCities(
  event: Partial<ScheduledEvent> | undefined,
): Promise<AnalyticsVerificationReport[]> {
  const now = scheduledRunTime(event);
  const reports: AnalyticsVerificationReport[] = [];
  for (const city of await configurationRepository.listCities())
    reports.push(await verifyCityAnalytics(city.cityId, { now }));
  return reports;
}
