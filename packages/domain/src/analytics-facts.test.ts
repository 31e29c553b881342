import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnalyticsFactsContext,
  type AnalyticsRowDelta,
  addRow,
  analyticsDay,
  eventAnalyticsDeltas,
  recomputeAnalytics,
  resolutionBucket,
  rowId,
} from './analytics-facts.ts';
import type { Case, CaseStatus } from './case.ts';
import type { CaseEvent } from './case-event.ts';

const ctx: AnalyticsFactsContext = {
  groupOf: (code) => (code.startsWith('ROAD') ? 'ROAD' : code.startsWith('WATER') ? 'WATER' : undefined),
};

const baseCase: Case = {
  id: '01JD0000000000000000000000',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'CLOSED',
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  catalogVersion: '1',
  kind: 'complaint',
  priority: 'normal',
  channel: 'web',
  description: 'Çukur',
  attachments: [],
  consent: { accepted: true, noticeVersion: '2026-11' },
  createdAt: '2026-11-16T21:30:00.000Z',
  updatedAt: '2026-11-20T06:00:00.000Z',
  slaDueAt: '2026-11-19T12:00:00.000Z',
  version: 9,
};

let seq = 0;
function ev(
  type: CaseEvent['type'],
  at: string,
  status: CaseStatus,
  owner: { tenantId?: string; departmentCode?: string } = {},
  data?: Record<string, unknown>,
  actor: CaseEvent['actor'] = { kind: 'system', id: 'test' },
): CaseEvent {
  seq++;
  return {
    caseId: baseCase.id,
    eventId: `01JD${String(seq).padStart(22, '0')}`,
    at,
    type,
    actor,
    visibility: 'public',
    status,
    ...owner,
    ...(data ? { data } : {}),
  };
}

const karesi = { tenantId: 'karesi', departmentCode: 'FEN' };

/** A whole life: filed on the portal, routed, worked, resolved late, closed, surveyed. */
function lifeOfACase(): CaseEvent[] {
  return [
    ev(
      'created',
      '2026-11-16T21:30:00.000Z',
      'NEW',
      {},
      { channel: 'web', workTypeCode: 'ROAD-POTHOLE-LOCAL' },
      { kind: 'citizen', id: 'c' } as CaseEvent['actor'],
    ),
    ev('routed', '2026-11-16T21:31:00.000Z', 'ROUTED', karesi, { outcome: 'routed' }),
    ev('note', '2026-11-16T21:31:00.000Z', 'ROUTED', karesi, {
      kind: 'routing',
      districtTenantId: 'karesi',
      neighbourhood: 'Hisariçi',
    }),
    ev('accepted', '2026-11-17T06:00:00.000Z', 'ACCEPTED', karesi),
    ev('started', '2026-11-17T07:00:00.000Z', 'IN_PROGRESS', karesi, {
      assignee: { kind: 'user', id: 'u-1', name: 'Ayşe Demir' },
    }),
    ev('escalated', '2026-11-19T12:00:00.000Z', 'IN_PROGRESS', karesi, { level: 'breached' }),
    ev('resolved', '2026-11-19T13:00:00.000Z', 'RESOLVED', karesi, {
      resultCode: 'RESOLVED',
      slaDueAt: '2026-11-19T12:00:00.000Z',
    }),
    ev('closed', '2026-11-20T06:00:00.000Z', 'CLOSED', karesi, { resultCode: 'RESOLVED' }),
    ev('survey_answered', '2026-11-21T06:00:00.000Z', 'CLOSED', karesi, {
      timeScore: 2,
      conductScore: 5,
      intakeScore: 4,
    }),
  ];
}

const counter = (
  rows: Map<string, AnalyticsRowDelta>,
  scope: string,
  dim: string,
  key: string,
  name: string,
) => rows.get(`${scope}|${dim}|${key}`)?.add[name as 'created'] ?? 0;

describe('analytics facts', () => {
  it('days are Türkiye dates: 21:30 UTC is the next morning', () => {
    expect(analyticsDay('2026-11-16T21:30:00.000Z')).toBe('2026-11-17');
    expect(analyticsDay('2026-11-16T20:59:59.000Z')).toBe('2026-11-16');
  });

  it('resolution times fall in fixed buckets', () => {
    expect(resolutionBucket(0.5)).toBe(0);
    expect(resolutionBucket(1)).toBe(1);
    expect(resolutionBucket(53.5)).toBe(7);
    expect(resolutionBucket(10_000)).toBe(12);
  });

  it("counts a case's life where and when each step happened", () => {
    const timeline = lifeOfACase();
    const rows = recomputeAnalytics([{ case: baseCase, events: timeline }], ctx);
    // Filed by a citizen: the city's creation, on the local day (17 Nov), in its channel and group scopes.
    expect(counter(rows, '*', 'ALL', '2026-11-17', 'created')).toBe(1);
    expect(counter(rows, '*~c=web~g=ROAD', 'CH', '2026-11-17#web', 'created')).toBe(1);
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-17', 'created')).toBe(0);
    // Received by Karesi's FEN.
    expect(counter(rows, 'D=karesi/FEN', 'ALL', '2026-11-17', 'received')).toBe(1);
    expect(counter(rows, 'T=karesi', 'DEP', '2026-11-17#karesi/FEN', 'received')).toBe(1);
    // Resolved after 63.5 h, an hour past its due time.
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-19', 'resolved')).toBe(1);
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-19', 'rtMinutes')).toBe(63.5 * 60);
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-19', 'rh_7')).toBe(1);
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-19', 'slaMissed')).toBe(1);
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-19', 'rc_RESOLVED')).toBe(1);
    expect(counter(rows, 'T=karesi', 'WT', '2026-11-19#ROAD-POTHOLE-LOCAL', 'resolved')).toBe(1);
    // Ayşe started and completed it: 54 hours of work.
    expect(counter(rows, 'D=karesi/FEN', 'P', '2026-11-17#u-1', 'started')).toBe(1);
    expect(counter(rows, 'D=karesi/FEN', 'P', '2026-11-19#u-1', 'completed')).toBe(1);
    expect(counter(rows, 'D=karesi/FEN', 'P', '2026-11-19#u-1', 'workMinutes')).toBe(54 * 60);
    expect(counter(rows, '*', 'P', '2026-11-19#u-1', 'completed')).toBe(0);
    // Closed, surveyed (scores 2, 5, 4), and counted on the map on its opening day.
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-20', 'closed')).toBe(1);
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-21', 'scoreSum')).toBe(11);
    expect(counter(rows, 'T=karesi', 'ALL', '2026-11-21', 'score_5')).toBe(1);
    expect(counter(rows, '*', 'NBWT', '2026-11-17#karesi:Hisariçi#ROAD-POTHOLE-LOCAL', 'created')).toBe(1);
    expect(counter(rows, '*', 'DISWT', '2026-11-17#karesi#ROAD-POTHOLE-LOCAL', 'created')).toBe(1);
    // Gauges end at the final state: closed, nothing open or overdue anywhere.
    expect(counter(rows, 'T=karesi', 'NOW', 'NOW', 'st_CLOSED')).toBe(1);
    for (const [id, row] of rows) {
      if (row.dimension === 'NOW') {
        expect(row.add.open ?? 0, id).toBe(0);
        expect(row.add.overdue ?? 0, id).toBe(0);
      }
      if (row.dimension === 'BACKLOG') expect(row.add.open ?? 0, id).toBe(0);
    }
  });

  it('an overdue open case is in the overdue and backlog gauges of its owner', () => {
    const timeline = lifeOfACase().slice(0, 6);
    const rows = recomputeAnalytics(
      [{ case: { ...baseCase, status: 'IN_PROGRESS' }, events: timeline }],
      ctx,
    );
    expect(counter(rows, 'T=karesi~g=ROAD', 'NOW', 'NOW', 'overdue')).toBe(1);
    expect(counter(rows, 'D=karesi/FEN', 'NOW', 'NOW', 'st_IN_PROGRESS')).toBe(1);
    expect(counter(rows, '*', 'NOW', 'NOW', 'st_NEW')).toBe(0);
    expect(counter(rows, 'T=karesi', 'BACKLOG', '2026-11-17', 'open')).toBe(1);
  });

  it('an event not on the timeline contributes nothing', () => {
    expect(eventAnalyticsDeltas(baseCase, lifeOfACase(), 'nope', ctx)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: arrival order, redelivery and the time of processing change nothing.

const TENANTS = [
  { tenantId: 'metro', departmentCode: 'KM' },
  { tenantId: 'karesi', departmentCode: 'FEN' },
  { tenantId: 'karesi', departmentCode: 'TEM' },
  { tenantId: 'baski', departmentCode: 'SU' },
];

type Step =
  | { kind: 'route'; to: number }
  | { kind: 'accept' }
  | { kind: 'start'; user: number }
  | { kind: 'escalate' }
  | { kind: 'resolve'; late: boolean; code: number }
  | { kind: 'close' }
  | { kind: 'reopen' }
  | { kind: 'survey'; score: number }
  | { kind: 'reclassify' }
  /** A comment, with the status its writer read `back` steps ago (appended outside the version check). */
  | { kind: 'comment'; back: number }
  | { kind: 'anonymise' }
  /** A notification outcome written after a slow send, with the status its writer read `back` steps ago. */
  | { kind: 'notify'; back: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('route' as const), to: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ kind: 'accept' as const }),
  fc.record({ kind: fc.constant('start' as const), user: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ kind: 'escalate' as const }),
  fc.record({
    kind: fc.constant('resolve' as const),
    late: fc.boolean(),
    code: fc.integer({ min: 0, max: 2 }),
  }),
  fc.constant({ kind: 'close' as const }),
  fc.constant({ kind: 'reopen' as const }),
  fc.record({ kind: fc.constant('survey' as const), score: fc.integer({ min: 1, max: 5 }) }),
  fc.constant({ kind: 'reclassify' as const }),
  fc.record({ kind: fc.constant('comment' as const), back: fc.integer({ min: 0, max: 4 }) }),
  fc.constant({ kind: 'anonymise' as const }),
  fc.record({ kind: fc.constant('notify' as const), back: fc.integer({ min: 0, max: 4 }) }),
);

/** A plausible timeline from random steps (steps that make no sense in the current status are skipped). */
function timelineOf(steps: Step[], channelActor: boolean): { c: Case; events: CaseEvent[] } {
  let t = Date.parse('2026-11-01T20:00:00.000Z');
  const at = () => {
    t += 97 * 60_000;
    return new Date(t).toISOString();
  };
  let status: CaseStatus = 'NEW';
  let owner: { tenantId?: string; departmentCode?: string } = {};
  let wt = 'ROAD-POTHOLE-LOCAL';
  const events: CaseEvent[] = [
    ev(
      'created',
      new Date(t).toISOString(),
      'NEW',
      {},
      { workTypeCode: wt },
      channelActor
        ? { kind: 'staff', id: 'agent', tenantId: 'metro' }
        : ({ kind: 'citizen', id: 'c' } as CaseEvent['actor']),
    ),
  ];
  const open = () => !['RESOLVED', 'CLOSED', 'CANCELLED'].includes(status);
  // What a writer outside the workflow may have read: the state after each step.
  const read: { status: CaseStatus; owner: typeof owner }[] = [];
  for (const s of steps) {
    read.push({ status, owner });
    switch (s.kind) {
      case 'route':
        if (!open()) break;
        owner = TENANTS[s.to] as typeof owner;
        status = 'ROUTED';
        events.push(ev(events.length === 1 ? 'routed' : 'transferred', at(), status, owner));
        if (events.length === 2)
          events.push(
            ev('note', events.at(-1)?.at as string, status, owner, {
              districtTenantId: 'karesi',
              neighbourhood: 'Hisariçi',
            }),
          );
        break;
      case 'accept':
        if (status !== 'ROUTED') break;
        status = 'ACCEPTED';
        events.push(ev('accepted', at(), status, owner));
        break;
      case 'start':
        if (status !== 'ACCEPTED') break;
        status = 'IN_PROGRESS';
        events.push(
          ev('started', at(), status, owner, {
            assignee: { kind: 'user', id: `u${s.user}`, name: `U ${s.user}` },
          }),
        );
        break;
      case 'escalate':
        if (!open()) break;
        events.push(
          ev('escalated', at(), status, owner, {
            level: 'breached',
            slaDueAt: new Date(t - 1).toISOString(),
          }),
        );
        break;
      case 'resolve': {
        if (!open() || status === 'NEW') break;
        status = 'RESOLVED';
        const when = at();
        const due = new Date(Date.parse(when) + (s.late ? -3_600_000 : 3_600_000)).toISOString();
        events.push(
          ev('resolved', when, status, owner, {
            resultCode: ['RESOLVED', 'INFO_GIVEN', 'REJECTED'][s.code],
            slaDueAt: due,
          }),
        );
        break;
      }
      case 'close':
        if (status === 'CLOSED') break;
        status = 'CLOSED';
        events.push(ev('closed', at(), status, owner, { resultCode: 'RESOLVED' }));
        break;
      case 'reopen':
        if (status !== 'RESOLVED' && status !== 'CLOSED') break;
        events.push(
          ev(
            'reopened',
            at(),
            'TRIAGE',
            { tenantId: 'metro' },
            {
              ...(owner.tenantId ? { fromTenantId: owner.tenantId } : {}),
              ...(owner.departmentCode ? { fromDepartmentCode: owner.departmentCode } : {}),
            },
          ),
        );
        status = 'TRIAGE';
        owner = { tenantId: 'metro' };
        break;
      case 'survey':
        if (status !== 'CLOSED') break;
        events.push(
          ev('survey_answered', at(), status, owner, { timeScore: s.score, conductScore: s.score }),
        );
        break;
      case 'reclassify': {
        if (!open()) break;
        const to = wt.startsWith('ROAD') ? 'WATER-LEAK' : 'ROAD-POTHOLE-LOCAL';
        events.push(
          ev('reclassified', at(), status, owner, { from: { workTypeCode: wt }, to: { workTypeCode: to } }),
        );
        wt = to;
        break;
      }
      case 'comment': {
        const stale = read[Math.max(0, read.length - 1 - s.back)] ?? { status, owner };
        events.push(ev('comment', at(), stale.status, stale.owner, { text: 'x' }));
        break;
      }
      case 'anonymise':
        // The erasure's event names no owner: counts and gauges must not move.
        events.push(ev('anonymised', at(), status, {}, { requestRef: 'KVKK-1' }));
        break;
      case 'notify': {
        const stale = read[Math.max(0, read.length - 1 - s.back)] ?? { status, owner };
        events.push(ev('notification_sent', at(), stale.status, stale.owner, { step: 'routed' }));
        break;
      }
    }
  }
  const c: Case = {
    ...baseCase,
    createdAt: events[0]?.at as string,
    status,
    workTypeCode: wt,
    ...(owner.tenantId ? { ownerTenantId: owner.tenantId } : {}),
  };
  return { c, events };
}

const sumRows = (deltas: Iterable<AnalyticsRowDelta>) => {
  const totals = new Map<string, AnalyticsRowDelta>();
  for (const d of deltas) addRow(totals, d);
  // Zero counters are absent in stored rows: compare without them.
  return new Map(
    [...totals].flatMap(([id, r]) => {
      const add = Object.fromEntries(Object.entries(r.add).filter(([, n]) => n !== 0));
      return Object.keys(add).length ? [[id, add] as const] : [];
    }),
  );
};

describe('analytics facts: the consumer equals the recomputation', () => {
  it('in any order of arrival, with redeliveries, processed at any later moment', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 0, maxLength: 25 }),
        fc.boolean(),
        fc.array(fc.nat(), { minLength: 1, maxLength: 80 }),
        (steps, byAgent, picks) => {
          const { c, events } = timelineOf(steps, byAgent);
          // Deliveries: every event with an analytics intent (notification outcomes have
          // none) at least once, some again, in a shuffled order; each delivery sees the
          // timeline as stored at some moment after its event was written.
          const counted = [...events.keys()].filter((i) => !events[i]?.type.startsWith('notification_'));
          const deliveries = [...counted, ...picks.map((p) => counted[p % counted.length] as number)];
          for (let i = deliveries.length - 1; i > 0; i--) {
            const j = (picks[i % picks.length] ?? 0) % (i + 1);
            [deliveries[i], deliveries[j]] = [deliveries[j] as number, deliveries[i] as number];
          }
          const applied = new Set<string>();
          const consumed: AnalyticsRowDelta[] = [];
          deliveries.forEach((index, n) => {
            const event = events[index] as CaseEvent;
            if (applied.has(event.eventId)) return; // the marker: already applied
            applied.add(event.eventId);
            const seenUpTo = index + 1 + ((picks[n % picks.length] ?? 0) % (events.length - index));
            const seen = events.slice(0, seenUpTo).reverse(); // any storage order
            consumed.push(...eventAnalyticsDeltas(c, seen, event.eventId, ctx));
          });
          const recomputed = recomputeAnalytics([{ case: c, events }], ctx);
          expect(sumRows(consumed)).toEqual(sumRows(recomputed.values()));
          // The gauges telescope to the final state: one status, open iff the case is open.
          const nowCity = recomputed.get(rowId({ scope: '*', dimension: 'NOW', key: 'NOW' }));
          expect(nowCity?.add[`st_${c.status}`]).toBe(1);
          const open = !['RESOLVED', 'CLOSED', 'CANCELLED'].includes(c.status) ? 1 : 0;
          expect(nowCity?.add.open ?? 0).toBe(open);
          for (const row of recomputed.values())
            for (const n of Object.values(row.add)) expect(n).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
    // A busy machine (two cores shared by several suites) can need more than the default 5 s.
  }, 60_000);
});
