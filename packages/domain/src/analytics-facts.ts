import { neighbourhoodAreaId } from './analytics-contracts.ts';
import type { Case, CaseStatus } from './case.ts';
import { ANNOTATION_EVENT_TYPES, type CaseEvent } from './case-event.ts';

/*
 * What one timeline event adds to the dashboards' counters (docs/domain/analytics.md).
 *
 * Exactness rests on one rule: an event's contribution is a function of the case's
 * immutable fields (id, city, channel, creation time) and the timeline up to and
 * including that event, nothing else. Events are immutable and the timeline is
 * append-only, so the consumer (whenever it runs, in whatever order the queue hands it
 * events, however often one is redelivered) and a recomputation from the stored cases
 * compute the same contribution for each event; applying each exactly once gives
 * the same totals. Every contribution is a commutative ADD, gauges included: a gauge
 * contribution is "state after this event minus state before it", so the sum over a
 * timeline telescopes to the case's current state.
 */

/** Day of the aggregates: the local calendar date in Türkiye (UTC+3 all year since 2016). */
export function analyticsDay(at: string | Date): string {
  const ms = (typeof at === 'string' ? Date.parse(at) : at.getTime()) + 3 * 3_600_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Statuses that count as open ("before RESOLVED"): the backlog, open-now and overdue gauges. */
export const OPEN_ANALYTICS_STATUSES: readonly CaseStatus[] = [
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
];
const OPEN = new Set<CaseStatus>(OPEN_ANALYTICS_STATUSES);

/**
 * Upper bounds (hours, exclusive) of the resolution-time histogram; the last bucket is
 * open-ended. Medians are interpolated inside the bucket that holds the middle case.
 */
export const RESOLUTION_HISTOGRAM_HOURS = [1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, 720] as const;

/** The histogram bucket (0-based) of a resolution time in hours. */
export function resolutionBucket(hours: number): number {
  const i = RESOLUTION_HISTOGRAM_HOURS.findIndex((upper) => hours < upper);
  return i === -1 ? RESOLUTION_HISTOGRAM_HOURS.length : i;
}

/**
 * Counter names of an aggregate row. Flow counters count what happened on the row's
 * day; `open`, `overdue` and `st_<status>` are gauges (what is true now).
 */
export type AnalyticsCounter =
  | 'created'
  | 'received'
  | 'resolved'
  | 'closed'
  | 'reopened'
  /** Sum of resolution times in minutes (integers add exactly). */
  | 'rtMinutes'
  | 'rtCount'
  | `rh_${number}`
  | 'slaMet'
  | 'slaMissed'
  | `rc_${string}`
  | 'surveys'
  | 'scoreCount'
  | 'scoreSum'
  | `score_${1 | 2 | 3 | 4 | 5}`
  | 'started'
  | 'completed'
  /** A person's working time (start to resolution), minutes. */
  | 'workMinutes'
  | 'workCount'
  | 'open'
  | 'overdue'
  | `st_${CaseStatus}`;

/**
 * The dimensions of a scope's rows: `ALL` per day; `WT` work type, `CH` channel,
 * `DEP` department (`<tenant>/<department>`), `P` person, `NBWT`/`DISWT` area × work
 * type (the choropleth) per day; `NOW` the scope's current gauges (one row); `BACKLOG`
 * open cases by opening day.
 */
export type AnalyticsDimension = 'ALL' | 'WT' | 'CH' | 'DEP' | 'P' | 'NBWT' | 'DISWT' | 'NOW' | 'BACKLOG';

/**
 * One row's increment: `scope` is where (city `*`, tenant `T=`, department `D=`, with
 * the optional channel `~c=` and work type group `~g=` filters), `key` the row within
 * the scope's dimension (`<day>`, `<day>#<value>`, `NOW`, or the opening day).
 */
export interface AnalyticsRowDelta {
  scope: string;
  dimension: AnalyticsDimension;
  key: string;
  add: Partial<Record<AnalyticsCounter, number>>;
  /** Display attributes (a person's name): set, never counted. */
  label?: string;
}

/** What the deltas need besides the case: the work type's group from the city's catalogue. */
export interface AnalyticsFactsContext {
  groupOf(workTypeCode: string): string | undefined;
}

/** The sort order of a timeline: the table's, time then event id (ULIDs break ties). */
export function timelineOrder(a: CaseEvent, b: CaseEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

interface Owner {
  tenantId?: string | undefined;
  departmentCode?: string | undefined;
}

/** The case as the gauges see it after a prefix of its timeline. */
interface GaugeState extends Owner {
  status: CaseStatus;
  overdue: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function stateAfter(prefix: readonly CaseEvent[]): GaugeState | undefined {
  let state: GaugeState | undefined;
  for (const e of prefix) {
    // An annotation's status may be stale (case-event.ts): it moves no gauge, and
    // the consumer and a recomputation agree whether or not it had landed yet.
    if (ANNOTATION_EVENT_TYPES.has(e.type)) continue;
    const open = OPEN.has(e.status);
    let overdue = state?.overdue ?? false;
    if (e.type === 'escalated' && e.data?.level === 'breached') overdue = true;
    // Re-timed into the future (reclassified, a citizen-input pause resumed): on time again.
    const dueAt = str(e.data?.slaDueAt);
    if (e.type !== 'escalated' && dueAt && dueAt > e.at) overdue = false;
    if (e.type === 'reopened' || !open) overdue = false;
    // Events that name no owner (an erasure's `anonymised`, written by a tenant admin
    // outside the workflow) leave the owner as it was; an owner is never removed.
    const owner = e.tenantId
      ? { tenantId: e.tenantId, departmentCode: e.departmentCode }
      : { tenantId: state?.tenantId, departmentCode: state?.departmentCode };
    state = { status: e.status, ...owner, overdue };
  }
  return state;
}

/** The scopes of an owner: the city, its tenant, its department. */
function orgScopes(owner: Owner): string[] {
  const out = ['*'];
  if (owner.tenantId) {
    out.push(`T=${owner.tenantId}`);
    if (owner.departmentCode) out.push(`D=${owner.tenantId}/${owner.departmentCode}`);
  }
  return out;
}

/** Each org scope with every filter combination (none, channel, group, both). */
function filteredScopes(owner: Owner, channel: string, group: string): string[] {
  return orgScopes(owner).flatMap((org) => [
    org,
    `${org}~c=${channel}`,
    `${org}~g=${group}`,
    `${org}~c=${channel}~g=${group}`,
  ]);
}

/** The work type the case had at the end of `prefix` (reclassifications move it). */
function workTypeAt(c: Case, prefix: readonly CaseEvent[]): string {
  let code: string | undefined;
  for (const e of prefix) {
    if (e.type === 'created') code = str(e.data?.workTypeCode) ?? code;
    if (e.type === 'reclassified') {
      const to = e.data?.to as { workTypeCode?: unknown } | undefined;
      code = str(to?.workTypeCode) ?? code;
    }
  }
  // Events written before `created` carried the work type: the case's (a fixed fallback
  // only for timelines without any reclassification, where it never changed).
  return code ?? c.workTypeCode;
}

/** The SLA due time in force at the event: its own, else the latest an earlier event recorded. */
function dueAtOf(prefix: readonly CaseEvent[]): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const due = str(prefix[i]?.data?.slaDueAt);
    if (due) return due;
  }
  return undefined;
}

/** Who worked the case in its current open period: the last `started` since the last reopen. */
function workerOf(prefix: readonly CaseEvent[]): { id: string; name: string; since: string } | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const e = prefix[i] as CaseEvent;
    if (e.type === 'reopened') return undefined;
    if (e.type === 'started') {
      const a = e.data?.assignee as { kind?: unknown; id?: unknown; name?: unknown } | undefined;
      if (a?.kind === 'user' && str(a.id))
        return { id: String(a.id), name: str(a.name) ?? String(a.id), since: e.at };
      return undefined;
    }
  }
  return undefined;
}

const minutesBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/** Adds `add` to the row (scope, dimension, key) of `out`, merging repeats. */
class RowCollector {
  readonly #rows = new Map<string, AnalyticsRowDelta>();

  add(
    scopes: readonly string[],
    dimension: AnalyticsDimension,
    key: string,
    add: AnalyticsRowDelta['add'],
    label?: string,
  ) {
    for (const scope of scopes) {
      const id = `${scope}|${dimension}|${key}`;
      const row = this.#rows.get(id) ?? { scope, dimension, key, add: {} };
      for (const [name, n] of Object.entries(add) as [AnalyticsCounter, number][])
        row.add[name] = (row.add[name] ?? 0) + n;
      if (label) row.label = label;
      this.#rows.set(id, row);
    }
  }

  /** The rows with a non-zero counter (or a label), in a fixed order. */
  rows(): AnalyticsRowDelta[] {
    const out: AnalyticsRowDelta[] = [];
    for (const row of this.#rows.values()) {
      const add = Object.fromEntries(Object.entries(row.add).filter(([, n]) => n !== 0));
      if (Object.keys(add).length === 0) continue;
      out.push({ ...row, add });
    }
    return out.sort((a, b) => rowId(a).localeCompare(rowId(b)));
  }
}

/** A row's identity within its city: scope, dimension, key. */
export const rowId = (r: Pick<AnalyticsRowDelta, 'scope' | 'dimension' | 'key'>) =>
  `${r.scope}|${r.dimension}|${r.key}`;

/**
 * The counter increments one event contributes (see the file comment). `timeline`
 * is the case's whole stored timeline (any order, later events are ignored); an
 * event id not on it contributes nothing.
 */
export function eventAnalyticsDeltas(
  c: Case,
  timeline: readonly CaseEvent[],
  eventId: string,
  ctx: AnalyticsFactsContext,
): AnalyticsRowDelta[] {
  const sorted = [...timeline].sort(timelineOrder);
  const index = sorted.findIndex((e) => e.eventId === eventId);
  if (index === -1) return [];
  const event = sorted[index] as CaseEvent;
  const prefix = sorted.slice(0, index + 1);
  const before = stateAfter(sorted.slice(0, index));
  const after = stateAfter(prefix);
  // Only annotations so far (a timeline always opens with `created`): nothing to count.
  if (!after) return [];
  const rows = new RowCollector();
  const channel = c.channel;
  const workType = workTypeAt(c, prefix);
  const group = ctx.groupOf(workType) ?? '-';
  const day = analyticsDay(event.at);
  const openingDay = analyticsDay(c.createdAt);
  const owner: Owner = { tenantId: after.tenantId, departmentCode: after.departmentCode };

  // Gauges: state after minus state before, at the owners of each (a transfer moves them).
  // The work type at each side is the one in force then (a reclassification moves them too).
  const gauge = (state: GaugeState | undefined, sign: 1 | -1, wt: string) => {
    if (!state) return;
    const scopes = filteredScopes(state, channel, ctx.groupOf(wt) ?? '-');
    const open = OPEN.has(state.status) ? sign : 0;
    rows.add(scopes, 'NOW', 'NOW', { [`st_${state.status}`]: sign, open, overdue: state.overdue ? sign : 0 });
    if (open) rows.add(scopes, 'BACKLOG', openingDay, { open });
  };
  gauge(before, -1, workTypeAt(c, sorted.slice(0, index)));
  gauge(after, 1, workType);

  const scopes = filteredScopes(owner, channel, group);
  const tenantScopes = scopes.filter((s) => !s.startsWith('D='));
  const department =
    owner.tenantId && owner.departmentCode ? `${owner.tenantId}/${owner.departmentCode}` : undefined;
  const flow = (add: AnalyticsRowDelta['add'], at: readonly string[] = scopes) => {
    rows.add(at, 'ALL', day, add);
    rows.add(at, 'WT', `${day}#${workType}`, add);
    if (department)
      rows.add(
        at.filter((s) => !s.startsWith('D=')),
        'DEP',
        `${day}#${department}`,
        add,
      );
  };

  switch (event.type) {
    case 'created': {
      // Where it was opened: the filing staff member's or key's organisation; a citizen's
      // own filing (portal, app) counts for the city only.
      const opener: Owner = { tenantId: event.actor.tenantId };
      const at = filteredScopes(opener, channel, group);
      rows.add(at, 'ALL', day, { created: 1 });
      rows.add(at, 'WT', `${day}#${workType}`, { created: 1 });
      rows.add(at, 'CH', `${day}#${channel}`, { created: 1 });
      break;
    }
    case 'routed':
    case 'transferred':
      if (owner.tenantId) flow({ received: 1 });
      break;
    case 'reopened': {
      // Counted against the organisation whose result did not hold.
      const from: Owner = {
        tenantId: str(event.data?.fromTenantId),
        departmentCode: str(event.data?.fromDepartmentCode),
      };
      const at = filteredScopes(from, channel, group);
      rows.add(at, 'ALL', day, { reopened: 1 });
      rows.add(at, 'WT', `${day}#${workType}`, { reopened: 1 });
      break;
    }
    case 'survey_answered': {
      const scores = ['timeScore', 'conductScore', 'intakeScore']
        .map((k) => event.data?.[k])
        .filter((s): s is number => typeof s === 'number' && Number.isInteger(s) && s >= 1 && s <= 5);
      const add: AnalyticsRowDelta['add'] = { surveys: 1, scoreCount: scores.length };
      add.scoreSum = scores.reduce((a, b) => a + b, 0);
      for (const s of scores)
        add[`score_${s as 1 | 2 | 3 | 4 | 5}`] = (add[`score_${s as 1 | 2 | 3 | 4 | 5}`] ?? 0) + 1;
      rows.add(scopes, 'ALL', day, add);
      rows.add(tenantScopes, 'DEP', `${day}#${department ?? '-'}`, department ? add : {});
      break;
    }
    case 'started': {
      const worker = workerOf(prefix);
      rows.add(scopes, 'ALL', day, { started: 1 });
      if (worker && owner.tenantId)
        rows.add(
          scopes.filter((s) => s !== '*' && !s.startsWith('*~')),
          'P',
          `${day}#${worker.id}`,
          { started: 1 },
          worker.name,
        );
      break;
    }
    default:
      break;
  }

  // The case got its area at routing: the choropleth counts it on its opening day.
  const district = str(event.data?.districtTenantId);
  if (district && !sorted.slice(0, index).some((e) => str(e.data?.districtTenantId))) {
    const nb = str(event.data?.neighbourhood);
    rows.add(scopes, 'DISWT', `${openingDay}#${district}#${workType}`, { created: 1 });
    if (nb)
      rows.add(scopes, 'NBWT', `${openingDay}#${neighbourhoodAreaId(district, nb)}#${workType}`, {
        created: 1,
      });
  }

  // A resolution: `resolved`, or a closure straight from an open status (first contact, referral).
  const previousStatus = before?.status;
  const resolves =
    event.type === 'resolved' ||
    (event.type === 'closed' && previousStatus !== 'RESOLVED' && previousStatus !== 'CLOSED');
  if (resolves) {
    const minutes = minutesBetween(c.createdAt, event.at);
    const add: AnalyticsRowDelta['add'] = {
      resolved: 1,
      rtMinutes: minutes,
      rtCount: 1,
      [`rh_${resolutionBucket(minutes / 60)}`]: 1,
    };
    const code = str(event.data?.resultCode);
    const dueAt = dueAtOf(prefix);
    if (dueAt) add[event.at <= dueAt ? 'slaMet' : 'slaMissed'] = 1;
    flow(add);
    if (code) rows.add(scopes, 'ALL', day, { [`rc_${code}`]: 1 });
    const worker = workerOf(prefix);
    if (worker && owner.tenantId) {
      const personal: AnalyticsRowDelta['add'] = {
        completed: 1,
        workMinutes: minutesBetween(worker.since, event.at),
        workCount: 1,
      };
      if (dueAt) personal[event.at <= dueAt ? 'slaMet' : 'slaMissed'] = 1;
      rows.add(
        scopes.filter((s) => s !== '*' && !s.startsWith('*~')),
        'P',
        `${day}#${worker.id}`,
        personal,
        worker.name,
      );
    }
  }
  if (event.type === 'closed') flow({ closed: 1 });
  return rows.rows();
}

/**
 * Every row of a set of cases recomputed from scratch: the sum of every event's
 * deltas (the verification job's expectation). Rows are keyed by {@link rowId}.
 */
export function recomputeAnalytics(
  cases: Iterable<{ case: Case; events: readonly CaseEvent[] }>,
  ctx: AnalyticsFactsContext,
): Map<string, AnalyticsRowDelta> {
  const totals = new Map<string, AnalyticsRowDelta>();
  for (const { case: c, events } of cases) {
    for (const e of events) {
      for (const d of eventAnalyticsDeltas(c, events, e.eventId, ctx)) addRow(totals, d);
    }
  }
  return totals;
}

/** Adds a delta into a map of rows (keyed by {@link rowId}). */
export function addRow(totals: Map<string, AnalyticsRowDelta>, d: AnalyticsRowDelta): void {
  const id = rowId(d);
  const row = totals.get(id) ?? { scope: d.scope, dimension: d.dimension, key: d.key, add: {} };
  for (const [name, n] of Object.entries(d.add) as [AnalyticsCounter, number][])
    row.add[name] = (row.add[name] ?? 0) + n;
  totals.set(id, row);
}
