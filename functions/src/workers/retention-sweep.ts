import {
  type AuditRecord,
  closureTimeOf,
  createDocumentClient,
  mainTable,
  newId,
  RetentionRepository,
  requireEnv,
} from '@citydesk/data';
import { anonymiseCase, anonymiseTimeline, type Case, type CaseEvent } from '@citydesk/domain';
import type { Context, ScheduledEvent } from 'aws-lambda';
import * as z from 'zod';
import { deleteCaseFiles } from '#platform/attachment-erasure.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { cityRuntime, configurationRepository } from '#platform/city-runtime.ts';
import { logger } from '#platform/logger.ts';
import { scheduledRunTime } from '#platform/scheduled-run.ts';
import { workerHandler } from '#platform/worker-handler.ts';

/*
 * The retention job (KVKK storage limitation; docs/security.md §5), daily in the
 * manifest. A case that closed or was cancelled more than the retention period ago
 * (RETENTION_DAYS, default 730 = 2 years) loses its personal data through the same
 * `anonymiseCase` as a KVKK m.11 erasure: contact, exact address, attachments and
 * description go; work type, place (coarse), dates, owner, status and result stay
 * for the statistics. Each anonymisation is on the timeline (`anonymised`, actor
 * system) and in the audit trail (`case.retention-anonymise`), which together are
 * the destruction log the regulation asks for.
 *
 * Idempotent: candidates come from the retention index, which an anonymised case
 * leaves, and each save is conditional on the version read and on the case not
 * being anonymised yet, in one transaction with its event and audit record. A
 * second or concurrent run finds nothing left to do.
 */

const retentionRepository = new RetentionRepository(createDocumentClient(), requireEnv(mainTable.envVar));

/** Who the timeline and the audit trail name as the actor. */
const ACTOR_ID = 'retention-sweep';
/** Stop taking new cases when less than this is left of the invocation: the next run goes on. */
const SAFETY_MARGIN_MS = 10_000;
const DAY_MS = 86_400_000;

/**
 * The job's configuration from the environment, validated like any input:
 * `RETENTION_DAYS` (days after closure, default 730) and `RETENTION_SCAN_FROM`
 * (`yyyy-mm`, the earliest closure month to look at; default 2020-01, before the
 * platform held any case).
 */
export const RetentionSettings = z.object({
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(730),
  RETENTION_SCAN_FROM: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .default('2020-01'),
});

export interface RetentionOptions {
  retentionDays: number;
  /** Earliest closure month (`yyyy-mm`) the job looks at. */
  scanFrom: string;
}

/** What one run did. */
export interface RetentionSummary {
  /** Cases closed before this instant were due. */
  cutoff: string;
  /** Candidates read from the retention index. */
  examined: number;
  anonymised: number;
  /** Candidates no longer due when re-read (reopened, already anonymised, index lag). */
  skipped: number;
  /** Cases another writer changed between the read and the save: the next run decides again. */
  conflicts: number;
  failures: number;
  /** Whether the run stopped early for lack of time. */
  truncated: boolean;
}

/** The tenants that hold or held the case: each is a data controller of it and sees the record. */
function controllersOf(c: Case, events: CaseEvent[], metroTenantId: string): string[] {
  const held = [c.ownerTenantId, ...events.map((e) => e.tenantId)].filter((t): t is string => Boolean(t));
  const unique = [...new Set(held)];
  // A case closed at first contact never had an owner: the metropolitan call centre took it.
  return unique.length > 0 ? unique : [metroTenantId];
}

async function anonymiseOne(
  caseId: string,
  cutoff: Date,
  now: Date,
  options: RetentionOptions,
): Promise<'anonymised' | 'skipped' | 'conflict'> {
  // The index is eventually consistent: decide on a strongly consistent read.
  const found = await caseRepository.getCaseWithTimeline(caseId);
  const closedAt = found ? closureTimeOf(found.case) : undefined;
  if (!found || !closedAt || found.case.anonymisedAt || closedAt >= cutoff.toISOString()) return 'skipped';
  const before = found.case;
  const at = now.toISOString();
  const controllers = controllersOf(before, found.events, (await cityRuntime(before.cityId)).metroTenantId);
  const audit: AuditRecord = {
    id: newId(),
    at,
    actor: { userId: `system:${ACTOR_ID}`, username: ACTOR_ID, tenantId: controllers[0] ?? '', roles: [] },
    action: 'case.retention-anonymise',
    caseId,
    tenantIds: controllers,
    details: { closedAt, status: before.status, retentionDays: options.retentionDays },
  };
  await deleteCaseFiles(before);
  return retentionRepository.anonymise({
    before,
    after: anonymiseCase(before, now),
    rewrittenEvents: anonymiseTimeline(found.events),
    event: {
      caseId,
      eventId: newId(),
      at,
      type: 'anonymised',
      actor: { kind: 'system', id: ACTOR_ID },
      visibility: 'internal',
      status: before.status,
      data: { reason: 'retention', closedAt, retentionDays: options.retentionDays },
    },
    audit,
  });
}

/** One run over a city's ended cases at `now`; `remainingMs` reports the time left to the invocation. */
export async function sweepRetention(
  cityId: string,
  now: Date,
  options: RetentionOptions,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<RetentionSummary> {
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const summary: RetentionSummary = {
    cutoff: cutoff.toISOString(),
    examined: 0,
    anonymised: 0,
    skipped: 0,
    conflicts: 0,
    failures: 0,
    truncated: false,
  };
  const pages = retentionRepository.candidates(cityId, { closedBefore: cutoff, fromMonth: options.scanFrom });
  for await (const candidates of pages) {
    for (const candidate of candidates) {
      if (remainingMs() < SAFETY_MARGIN_MS) {
        summary.truncated = true;
        return summary;
      }
      summary.examined++;
      try {
        const outcome = await anonymiseOne(candidate.caseId, cutoff, now, options);
        if (outcome === 'anonymised') summary.anonymised++;
        else if (outcome === 'conflict') summary.conflicts++;
        else summary.skipped++;
      } catch (err) {
        // One bad case must not stop the city's run; it stays in the index for the next one.
        summary.failures++;
        logger.error('retention anonymisation failed', { caseId: candidate.caseId, error: err as Error });
      }
    }
  }
  return summary;
}

export const handler = workerHandler(sweepAllCities);

async function sweepAllCities(
  event: Partial<ScheduledEvent> | undefined,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<RetentionSummary> {
  const settings = RetentionSettings.parse(process.env);
  const now = scheduledRunTime(event);
  const remaining = context ? () => context.getRemainingTimeInMillis() : undefined;
  const summaries: RetentionSummary[] = [];
  // Every city of the deployment, one after the other; a truncated run is picked up tomorrow.
  for (const city of await configurationRepository.listCities()) {
    const summary = await sweepRetention(
      city.cityId,
      now,
      { retentionDays: settings.RETENTION_DAYS, scanFrom: settings.RETENTION_SCAN_FROM },
      remaining,
    );
    logger.info('retention sweep', { at: now.toISOString(), cityId: city.cityId, ...summary });
    summaries.push(summary);
  }
  return mergeRetentionSummaries(summaries, now, settings.RETENTION_DAYS);
}

function mergeRetentionSummaries(
  all: RetentionSummary[],
  now: Date,
  retentionDays: number,
): RetentionSummary {
  const total: RetentionSummary = {
    cutoff: new Date(now.getTime() - retentionDays * DAY_MS).toISOString(),
    examined: 0,
    anonymised: 0,
    skipped: 0,
    conflicts: 0,
    failures: 0,
    truncated: false,
  };
  for (const s of all) {
    total.examined += s.examined;
    total.anonymised += s.anonymised;
    total.skipped += s.skipped;
    total.conflicts += s.conflicts;
    total.failures += s.failures;
    total.truncated ||= s.truncated;
  }
  return total;
}
