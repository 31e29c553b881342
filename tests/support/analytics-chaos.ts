import { type CaseRepository, newId } from '@citydesk/data';
import {
  anonymiseCase,
  anonymiseTimeline,
  applyCommand,
  applyRouting,
  type Case,
  type CaseCommand,
  type CaseEvent,
  caseAccessFacts,
  defaultCalendar,
  generateTrackingNumber,
  type LifecycleContext,
  type LifecycleReference,
  openCase,
  type Principal,
  type RoutingDecision,
  type RoutingExplanation,
  type WorkType,
} from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/*
 * A chaotic run of many cases through the real lifecycle (docs/domain/analytics.md §
 * Drift check): each case is opened, routed, worked, resolved, closed, reopened,
 * transferred, surveyed, escalated or erased at random over the past weeks, written
 * through the real case repository, and every timeline event is then delivered to the
 * real analytics consumer in shuffled batches, a fifth of them twice, in parallel.
 * The cases carry a city id of their own, so the verification compares exactly them.
 * No outbox intents are written: the shared local cloud's pollers never see them.
 */

/** A small deterministic generator (mulberry32), so a failing run can be replayed by seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ChaosWorld {
  cityId: string;
  reference: (now: Date) => LifecycleReference;
  /** Work types to file under, each with the tenants that may own it. */
  workTypes: WorkType[];
  tenants: { id: string; departments: string[] }[];
  metroTenantId: string;
  districts: { tenantId: string; neighbourhoods: string[] }[];
}

export interface ChaosOptions {
  cases: number;
  seed: number;
  /** Cases written side by side. */
  concurrency: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

const staff = (tenantId: string, n: number, departmentCode?: string): Principal => ({
  kind: 'user',
  userId: `chaos-${tenantId}-${n}`,
  username: `Personel ${n}`,
  tenantId,
  tenantType: 'district',
  roles: ['staff', 'supervisor', 'manager'],
  ...(departmentCode ? { departmentCode } : {}),
});

/** Writes the run's cases; returns every case id written. */
export async function writeChaoticCases(
  repository: CaseRepository,
  world: ChaosWorld,
  options: ChaosOptions,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.cases) {
      const n = next++;
      ids.push(await oneCase(repository, world, seededRandom(options.seed * 100_003 + n)));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return ids;
}

async function oneCase(repository: CaseRepository, world: ChaosWorld, random: () => number): Promise<string> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let t = Date.now() - Math.floor(random() * 40 * DAY) - DAY;
  const later = (minutes: number) => {
    t += Math.floor((0.2 + random()) * minutes * MINUTE);
    return new Date(Math.min(t, Date.now() - MINUTE));
  };
  const workType = pick(world.workTypes);
  const district = pick(world.districts);
  const byAgent = random() < 0.4;
  const opened = openCase({
    submission: {
      workTypeCode: workType.code,
      channel: pick(['web', 'mobile'] as const),
      description: 'Kaosta açılan bir başvuru: sokakta sorun var.',
      location: { lat: 39.6, lon: 27.9, neighbourhood: pick(district.neighbourhoods) },
      attachments: [],
      consent: { accepted: true, noticeVersion: '2026-11' },
    },
    workType,
    cityId: world.cityId,
    catalogVersion: 'chaos',
    caseId: newId(),
    eventId: newId(),
    trackingNo: generateTrackingNumber((k) => Math.floor(random() * k)),
    actor: byAgent
      ? { kind: 'staff', id: 'chaos-agent', tenantId: world.metroTenantId }
      : { kind: 'citizen' },
    now: new Date(t),
    ...(byAgent ? { channel: pick(['call_center', 'walk_in', 'whatsapp'] as const) } : {}),
    calendar: defaultCalendar,
  } as unknown as Parameters<typeof openCase>[0]);
  let c: Case = opened.case;
  await repository.create({ case: c, event: opened.event, intents: [] });

  const save = async (after: Case, events: CaseEvent[], rewrittenEvents?: CaseEvent[]) => {
    await repository.saveTransition({
      before: c,
      after,
      events,
      intents: [],
      ...(rewrittenEvents ? { rewrittenEvents } : {}),
    });
    c = after;
  };
  const formerOwners = new Set<string>();
  const act = async (principal: Principal, command: CaseCommand, minutes: number): Promise<boolean> => {
    const now = later(minutes);
    const ctx: LifecycleContext = {
      ...world.reference(now),
      principal,
      facts: caseAccessFacts(c, { formerOwnerTenantIds: [...formerOwners] }),
      newChildIdentity: () => ({
        caseId: newId(),
        trackingNo: generateTrackingNumber((k) => Math.floor(random() * k)),
      }),
    };
    const outcome = applyCommand(c, { ...command, expectedVersion: c.version } as CaseCommand, ctx);
    if (!outcome.ok) return false;
    if (c.ownerTenantId && outcome.after.ownerTenantId !== c.ownerTenantId) formerOwners.add(c.ownerTenantId);
    await save(outcome.after, outcome.events);
    return true;
  };
  const owner = () =>
    staff(c.ownerTenantId ?? world.metroTenantId, Math.floor(random() * 3), c.ownerDepartmentCode);
  const coordinator: Principal = {
    kind: 'user',
    userId: 'chaos-coordinator',
    username: 'Koordinatör',
    tenantId: world.metroTenantId,
    tenantType: 'metropolitan',
    roles: ['coordinator', 'supervisor', 'manager', 'agent'],
  };

  // A few are answered in the call and closed at once.
  if (byAgent && random() < 0.1) {
    await act(
      coordinator,
      {
        action: 'close',
        resultCode: 'INFO_GIVEN',
        publicAnswer: 'Bilgi verildi.',
        internalNote: 'Çağrıda yanıtlandı.',
      } as CaseCommand,
      3,
    );
    return c.id;
  }

  // Routing: to an owner (most), or to the metro's triage, with the district and neighbourhood.
  const target = pick(world.tenants);
  const triage = random() < 0.15;
  const decision = {
    outcome: triage ? 'triage' : 'routed',
    tenantId: triage ? world.metroTenantId : target.id,
    departmentCode: triage ? 'KOORD' : pick(target.departments),
    districtTenantId: district.tenantId,
    ...(triage ? { reason: 'no-rule' } : {}),
    explanation: {
      configVersion: 'chaos',
      rule: 'catalogue',
      workType: { code: workType.code, level: 'district', departmentCode: workType.departmentCode },
      location: { districtTenantId: district.tenantId, neighbourhood: c.location?.neighbourhood },
      summary: { tr: 'kaos', en: 'chaos' },
    } as unknown as RoutingExplanation,
  } as unknown as RoutingDecision;
  const routed = applyRouting(c, decision, newId, later(5));
  if (!routed) return c.id;
  await save(routed.after, routed.events);
  if (triage)
    await act(
      coordinator,
      { action: 'route', tenantId: target.id, departmentCode: pick(target.departments) } as CaseCommand,
      120,
    );

  for (let round = 0; round < 2; round++) {
    if (random() < 0.1)
      await act(
        coordinator,
        {
          action: 'transfer',
          tenantId: pick(world.tenants).id,
          departmentCode: pick(target.departments),
          reason: 'Yanlış birim, aktarılıyor.',
        } as CaseCommand,
        60,
      );
    if (random() < 0.08) return c.id; // left waiting in a queue
    await act(owner(), { action: 'accept' } as CaseCommand, 240);
    if (random() < 0.08) return c.id;
    await act(owner(), { action: 'start' } as CaseCommand, 300);
    if (random() < 0.15) {
      // The SLA sweep's breach, recorded on the timeline as it would.
      await repository.appendOnce(c.id, `chaos-escalated-${c.id}-${round}`, [escalated(c, later(600))], []);
    }
    if (random() < 0.1) return c.id;
    const code = pick(['REJECTED', 'CITIZEN_UNREACHABLE', 'NOT_OUR_AUTHORITY', 'INFO_GIVEN'] as const);
    const resolved = await act(
      owner(),
      {
        action: 'resolve',
        resultCode: code,
        publicAnswer: 'Başvurunuz değerlendirildi ve sonuçlandırıldı.',
        internalNote: 'Ekip sahada inceledi.',
        evidence: {
          reason: 'İmar planına aykırı talep.',
          legalBasis: '3194 sayılı Kanun m.18',
          attemptLog: 'İki kez arandı, ulaşılamadı.',
        },
      } as CaseCommand,
      random() < 0.5 ? 600 : 6000,
    );
    if (!resolved) return c.id;
    if (random() < 0.3) return c.id;
    await act(coordinator, { action: 'close' } as CaseCommand, 600);
    if (random() < 0.4) {
      await repository.appendOnce(
        c.id,
        `chaos-survey-${c.id}-${round}`,
        [surveyAnswered(c, later(1440), random)],
        [],
      );
    }
    if (random() < 0.06) {
      // KVKK erasure: free text goes, the statistics must not move.
      const now = later(60);
      const stored = await repository.getCaseWithTimeline(c.id);
      const after = anonymiseCase(c, now);
      await save(
        after,
        [
          {
            caseId: c.id,
            eventId: newId(),
            at: now.toISOString(),
            type: 'anonymised',
            actor: { kind: 'staff', id: 'chaos-admin', tenantId: c.ownerTenantId ?? world.metroTenantId },
            visibility: 'internal',
            status: after.status,
            data: { requestRef: 'KVKK-CHAOS' },
          },
        ],
        anonymiseTimeline(stored?.events ?? []),
      );
      return c.id;
    }
    if (random() < 0.7) return c.id;
    if (
      !(await act(
        coordinator,
        {
          action: 'reopen',
          reason: 'Vatandaş sorunun sürdüğünü bildirdi.',
          requestedBy: 'citizen',
        } as CaseCommand,
        2880,
      ))
    )
      return c.id;
    await act(
      coordinator,
      { action: 'route', tenantId: target.id, departmentCode: pick(target.departments) } as CaseCommand,
      60,
    );
  }
  return c.id;
}

function escalated(c: Case, at: Date): CaseEvent {
  return {
    caseId: c.id,
    eventId: newId(),
    at: at.toISOString(),
    type: 'escalated',
    actor: { kind: 'system', id: 'sla-sweep' },
    visibility: 'internal',
    status: c.status,
    ...(c.ownerTenantId ? { tenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
    data: { level: 'breached', audience: 'supervisor', notified: true, slaDueAt: c.slaDueAt },
  };
}

function surveyAnswered(c: Case, at: Date, random: () => number): CaseEvent {
  const score = () => 1 + Math.floor(random() * 5);
  return {
    caseId: c.id,
    eventId: newId(),
    at: at.toISOString(),
    type: 'survey_answered',
    actor: { kind: 'citizen' },
    visibility: 'internal',
    status: c.status,
    ...(c.ownerTenantId ? { tenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
    data: { via: 'web', resolved: 'yes', timeScore: score(), conductScore: score(), intakeScore: score() },
  };
}

/**
 * Delivers every event of the cases to the consumer as SQS would, at least once:
 * shuffled, a fifth of them twice, in batches of 10, `concurrency` batches at a time.
 * A failed message is delivered again until it succeeds. Returns how many deliveries were made.
 * `progress` hears the count every minute (the long run's only progress sign:
 * counting its markers with a table scan would compete with the run for DynamoDB Local).
 */
export async function deliverChaotically(
  events: { caseId: string; eventId: string; type: CaseEvent['type'] }[],
  consume: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: {
    seed: number;
    concurrency: number;
    duplicateShare?: number;
    progress?: (deliveries: number, messages: number) => void;
  },
): Promise<number> {
  const random = seededRandom(options.seed);
  const messages = [...events, ...events.filter(() => random() < (options.duplicateShare ?? 0.2))];
  for (let i = messages.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [messages[i], messages[j]] = [
      messages[j] as (typeof messages)[number],
      messages[i] as (typeof messages)[number],
    ];
  }
  let queue = messages.map((m, i) => ({ id: `m-${i}`, m }));
  let deliveries = 0;
  const report = options.progress;
  const timer = report ? setInterval(() => report(deliveries, messages.length), 60_000) : undefined;
  try {
    while (queue.length > 0) {
      const batches: (typeof queue)[] = [];
      for (let i = 0; i < queue.length; i += 10) batches.push(queue.slice(i, i + 10));
      const failed: typeof queue = [];
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          const batch = batches[next++] as typeof queue;
          deliveries += batch.length;
          const response = await consume({
            Records: batch.map(({ id, m }) => ({
              messageId: id,
              body: JSON.stringify({
                intent: 'analytics',
                caseId: m.caseId,
                eventId: m.eventId,
                eventType: m.type,
              }),
              attributes: { ApproximateReceiveCount: '1' },
            })),
          } as unknown as SQSEvent);
          const ids = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
          failed.push(...batch.filter((b) => ids.has(b.id)));
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      queue = failed;
    }
  } finally {
    clearInterval(timer);
  }
  return deliveries;
}
