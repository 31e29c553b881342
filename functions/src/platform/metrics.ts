import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.ts';

/*
 * CloudWatch metrics in the Embedded Metric Format: Powertools writes one JSON line per
 * flush to stdout and CloudWatch Logs turns it into metrics, so emitting costs no API
 * call and no latency. Locally (POWERTOOLS_METRICS_DISABLED=true, set by the local cloud)
 * nothing is written.
 */

/** The CloudWatch namespace of every CityDesk metric (POWERTOOLS_METRICS_NAMESPACE may override it). */
export const METRICS_NAMESPACE = 'CityDesk';

/**
 * Business and reliability metrics, all counts. Names are a contract with the alarms
 * and the dashboard in infra/: rename them only together.
 */
export const businessMetrics = {
  /** A case stored by any intake (idempotent replays are not counted again). */
  casesCreated: 'CasesCreated',
  /** A citizen message handed to its provider (SMS, e-mail, dev outbox). */
  notificationsSent: 'NotificationsSent',
  /** A citizen message that finally failed: rejected, outcome unknown, or retries used up. */
  notificationsFailed: 'NotificationsFailed',
  /** An SLA escalation step saved by the sweep (approaching, breached, escalated…). */
  slaEscalations: 'SlaEscalations',
  /** A case found past its SLA due time for the first time. */
  slaBreaches: 'SlaBreaches',
  /** Cases the SLA sweep could not decide in a run (alarm: the sweep is failing). */
  slaSweepFailures: 'SlaSweepFailures',
  /** A webhook delivery that used up its attempts. */
  webhookDeliveriesFailed: 'WebhookDeliveriesFailed',
  /** Aggregate counters that differ from a recomputation (the analytics verification job, by city). */
  analyticsDrift: 'AnalyticsDrift',
  /** Queue messages that failed on their last allowed receive: SQS moves them to the DLQ next. */
  messagesToDeadLetterQueue: 'MessagesToDeadLetterQueue',
} as const;
export type BusinessMetric = (typeof businessMetrics)[keyof typeof businessMetrics];

/**
 * The `service` dimension of every metric. Logs and traces name each function
 * (POWERTOOLS_SERVICE_NAME); metrics name the product instead, so a count several
 * functions emit (cases created by the portal, the call centre and the integration
 * API) is one metric, and alarms need no list of functions. The cold-start metric
 * adds `function_name`.
 */
export const METRICS_SERVICE = 'citydesk';

/** One metrics buffer per process; `stage` (CITYDESK_METRICS_STAGE) keeps dev and prod of one account apart. */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
  serviceName: METRICS_SERVICE,
  defaultDimensions: { stage: process.env.CITYDESK_METRICS_STAGE || 'local' },
  // Powertools' own warnings (an invalid dimension…) go through the structured logger.
  logger,
});

/** Adds `value` to a count metric of this invocation; flushed when the handler returns. */
export function countMetric(name: BusinessMetric, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/**
 * Publishes a count with one extra dimension at once, in its own EMF line, so the
 * dimension does not attach to the invocation's other metrics (e.g. `queue`).
 */
export function countMetricBy(
  name: BusinessMetric,
  dimension: string,
  dimensionValue: string,
  value = 1,
): void {
  const single = metrics.singleMetric();
  single.addDimension(dimension, dimensionValue);
  single.addMetric(name, MetricUnit.Count, value);
}

/** The `ColdStart` metric, once per execution environment (with the function's name as dimension). */
export function recordColdStart(functionName: string | undefined): void {
  metrics.captureColdStartMetric(functionName);
}

/**
 * Writes this invocation's metrics, if any, and forgets its dimensions and metadata.
 * (Powertools' own publish warns on every invocation that recorded nothing.)
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) {
    metrics.publishStoredMetrics();
    return;
  }
  metrics.clearDimensions();
  metrics.clearMetadata();
}
