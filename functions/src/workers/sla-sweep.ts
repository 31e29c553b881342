import {
  createDocumentClient,
  mainTable,
  newId,
  requireEnv,
  SlaRepository,
  VersionConflictError,
} from '@citydesk/data';
import {
  addSlaHours,
  type Case,
  decideSlaEscalation,
  defaultSlaEscalationPolicy,
  SlaEscalationLevel,
  type SlaEscalationPolicy,
  slaClockKind,
} from '@citydesk/domain';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { caseRepository } from '#platform/case-runtime.ts';
import {
  type CityRuntime,
  caseCityRuntime,
  cityRuntime,
  configurationRepository,
} from '#platform/city-runtime.ts';
import { logger } from '#platform/logger.ts';
import { businessMetrics, countMetric } from '#platform/metrics.ts';
import { scheduledRunTime } from '#platform/scheduled-run.ts';
import { workerHandler } from '#platform/worker-handler.ts';

/*
 * The SLA sweep (rate(5 minutes) in the manifest): finds the city's cases that are
 * about to be or already are late and takes each one up its escalation ladder,
 * recording every level once on the timeline (sla-escalation.ts decides; this
 * module only reads, loops and saves).
 *
 * Idempotent: a level is only ever taken above the one stored on the case, and each
 * step is saved conditionally on the version it was decided from. A conflict means
 * someone changed the case meanwhile (or a second sweep got there first): the case
 * is skipped and the next run decides again from its new state.
 */

const slaRepository = new SlaRepository(createDocumentClient(), requireEnv(mainTable.envVar));

const TOP_LEVEL = SlaEscalationLevel.options.at(-1) as SlaEscalationLevel;
/** Stop taking new cases when less than this is left of the invocation: the next run goes on. */
const SAFETY_MARGIN_MS = 10_000;

/** What one sweep did. */
export interface SlaSweepSummary {
  /** Cases read from the timing index. */
  examined: number;
  /** Escalation steps saved (one per level per case). */
  escalations: number;
  /** Cases skipped because another writer changed them first. */
  conflicts: number;
  /** Cases that could not be decided (unknown work type, a date outside the holiday data). */
  failures: number;
  /** Whether the run stopped early for lack of time. */
  truncated: boolean;
}

/**
 * How far ahead a case can be and already be "approaching": the longest SLA's
 * remaining share, laid out on every tenant's calendar from now. Cases due later
 * cannot need anything yet, so the index query stops there.
 */
export function sweepHorizon(
  now: Date,
  runtime: CityRuntime,
  policy: SlaEscalationPolicy = defaultSlaEscalationPolicy,
): Date {
  const overridden = runtime.config.tenants.flatMap((t) =>
    t.settings.workTypeOverrides.map((o) => o.slaHours ?? 0),
  );
  const longest = Math.max(...runtime.catalog.workTypes.map((w) => w.slaHours), ...overridden);
  const ahead = (1 - policy.approaching) * longest;
  let horizon = now.getTime();
  for (const tenantId of [undefined, ...runtime.tenantsById.keys()]) {
    const calendar = runtime.calendarFor(tenantId);
    const until = addSlaHours(now, ahead, slaClockKind('normal', calendar), calendar).getTime();
    horizon = Math.max(horizon, until);
  }
  // One minute more, so a case due exactly at the horizon is not left for the next run.
  return new Date(horizon + 60_000);
}

/** Takes one case up as many levels as are due; returns the steps saved, or 'conflict'. */
async function escalate(c: Case, now: Date): Promise<number | 'conflict'> {
  let current = c;
  let steps = 0;
  // At most one step per level: the loop cannot run away even if a decision misbehaved.
  // The SLA as the owner works it, under the configuration the case was opened with.
  const runtime = await caseCityRuntime(c);
  for (let i = 0; i < SlaEscalationLevel.options.length; i++) {
    const workType = runtime.workTypeFor(current.workTypeCode, current.ownerTenantId);
    if (!workType) throw new Error(`unknown work type ${current.workTypeCode}`);
    const step = decideSlaEscalation({
      case: current,
      now,
      slaHours: workType.slaHours,
      calendar: runtime.calendarFor(current.ownerTenantId),
      eventId: newId(),
    });
    if (!step) break;
    try {
      await caseRepository.saveTransition({
        before: current,
        after: step.after,
        events: [step.event],
        intents: step.intents,
      });
    } catch (err) {
      if (err instanceof VersionConflictError) return steps > 0 ? steps : 'conflict';
      throw err;
    }
    logger.info('sla escalation', { caseId: c.id, escalationLevel: step.level });
    countMetric(businessMetrics.slaEscalations);
    if (step.level === 'breached') countMetric(businessMetrics.slaBreaches);
    current = step.after;
    steps++;
  }
  return steps;
}

/** One sweep of a city's timed cases at `now`; `remainingMs` reports the time left to the invocation. */
export async function sweepSla(
  cityId: string,
  now: Date,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<SlaSweepSummary> {
  const summary: SlaSweepSummary = {
    examined: 0,
    escalations: 0,
    conflicts: 0,
    failures: 0,
    truncated: false,
  };
  const horizon = sweepHorizon(now, await cityRuntime(cityId));
  const pages = slaRepository.casesDueBefore(cityId, horizon.toISOString(), {
    exceptLevel: TOP_LEVEL,
  });
  for await (const cases of pages) {
    for (const c of cases) {
      if (remainingMs() < SAFETY_MARGIN_MS) {
        summary.truncated = true;
        return summary;
      }
      summary.examined++;
      try {
        const outcome = await escalate(c, now);
        if (outcome === 'conflict') summary.conflicts++;
        else summary.escalations += outcome;
      } catch (err) {
        // One bad case must not stop the city's sweep; it is logged and retried next run.
        summary.failures++;
        logger.error('sla escalation failed', { caseId: c.id, error: err as Error });
      }
    }
  }
  return summary;
}

export const handler = workerHandler(sweepAllCities);

async function sweepAllCities(
  event: Partial<ScheduledEvent> | undefined,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SlaSweepSummary> {
  const now = scheduledRunTime(event);
  const remaining = context ? () => context.getRemainingTimeInMillis() : undefined;
  const total: SlaSweepSummary = { examined: 0, escalations: 0, conflicts: 0, failures: 0, truncated: false };
  // Every city of the deployment in turn; what a truncated run leaves, the next one takes.
  for (const city of await configurationRepository.listCities()) {
    const summary = await sweepSla(city.cityId, now, remaining);
    logger.info('sla sweep', { at: now.toISOString(), cityId: city.cityId, ...summary });
    total.examined += summary.examined;
    total.escalations += summary.escalations;
    total.conflicts += summary.conflicts;
    total.failures += summary.failures;
    total.truncated ||= summary.truncated;
  }
  // Recorded even when zero, so the failure alarm always has data to judge.
  countMetric(businessMetrics.slaSweepFailures, total.failures);
  return total;
}
