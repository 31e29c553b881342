import type { Actor } from './actor.ts';
import { type CaseAccessFacts, type CaseAction, can } from './authorization.ts';
import type {
  Case,
  CaseAssignee,
  CaseResult,
  CaseStatus,
  ClosingEvidence,
  ResultCode,
  ResumeStatus,
} from './case.ts';
import {
  CASE_COMMAND_NAMES,
  type CaseCommand,
  type CaseCommandName,
  type CaseCommandOf,
  RESULT_CODE_RULES,
} from './case-commands.ts';
import type { CaseEvent, CaseEventType } from './case-event.ts';
import type { RuleViolation } from './case-intake.ts';
import type { CitizenNotificationStep, OutboxIntent } from './outbox-intent.ts';
import type { Principal } from './principal.ts';
import { resultTriggersSurvey, type SurveySettings, surveyDueAt } from './satisfaction-survey.ts';
import type { TenantType } from './tenant.ts';
import type { Priority, WorkType } from './work-type.ts';

/*
 * The case lifecycle (domain.md §(b)) as a pure state machine: a command and the
 * world it runs in go in; the changed case, its timeline events and its outbox
 * intents come out, or the reason it cannot happen. Nothing here loads or stores:
 * the caller checks `expectedVersion` against the stored case, and writes the
 * outcome in one transaction conditional on that version.
 */

/** A tenant of the city as route, transfer and split targets need it. */
export interface LifecycleTenant {
  id: string;
  type: TenantType;
  departmentCodes: ReadonlySet<string>;
}

/** Everything a command needs besides the case: who acts, the clock, ids and reference data. */
export interface LifecycleContext {
  principal: Principal;
  /** The case's access facts (ownership history, filer), as `can` needs them. */
  facts: CaseAccessFacts;
  now: Date;
  newEventId: () => string;
  /** A fresh id and tracking number for each child of a split. */
  newChildIdentity: () => { caseId: string; trackingNo: string };
  workTypes: ReadonlyMap<string, WorkType>;
  /** Every tenant of the city: validates route, transfer and split targets. */
  tenants: ReadonlyMap<string, LifecycleTenant>;
  /** The metropolitan municipality: triage, returns, reopened cases and split parents sit with it. */
  metroTenantId: string;
  /** When a work type's SLA falls due for a case started at `start` and owned by `tenantId` (its business calendar). */
  slaDueAt: (workType: WorkType, start: Date, tenantId: string, priority?: Priority) => Date;
  /**
   * The due time after a pause that stops the SLA clock (ON_HOLD waiting for the
   * citizen), on the owner's calendar. Without it the due time moves by the wall-clock
   * length of the pause.
   */
  slaDueAfterPause?: (
    dueAt: Date,
    pausedFrom: Date,
    resumedAt: Date,
    priority: Priority,
    tenantId: string,
  ) => Date;
  /**
   * A tenant's survey settings (undefined: the defaults). Without this function no
   * closure schedules a survey (a context that does not care about surveys).
   */
  surveySettings?: (tenantId: string) => SurveySettings | undefined;
}

/** The part of the context that system transitions (no principal) need. */
export type LifecycleReference = Omit<LifecycleContext, 'principal' | 'facts' | 'newChildIdentity'>;

/** A new case created by a command (a split's child), with its own events and intents. */
export interface CreatedCase {
  case: Case;
  events: CaseEvent[];
  intents: OutboxIntent[];
}

/** What applying a command yields. */
export type CommandOutcome =
  | { ok: true; after: Case; events: CaseEvent[]; intents: OutboxIntent[]; children: CreatedCase[] }
  | { ok: false; error: 'forbidden' }
  | { ok: false; error: 'invalid-transition'; from: CaseStatus }
  | { ok: false; error: 'rule-violation'; violations: RuleViolation[] };

/** An event a transition puts on the timeline; `when` says when it is emitted if not always. */
export interface EmittedEvent {
  type: CaseEventType;
  visibility: 'public' | 'internal';
  when?: string;
}

/** Where a transition leads: a status, the same status, or the status the hold interrupted. */
export type TransitionTarget = CaseStatus | 'unchanged' | 'held-status';

/** One row of the transition table. */
export interface Transition {
  /** The `can()` action the principal needs. */
  authz: CaseAction;
  from: readonly CaseStatus[];
  to: TransitionTarget;
  /** What the command must carry beyond its shape, and other conditions (for people: the doc and the UI). */
  requires: string;
  /** What else changes on the case. */
  effect: string;
  events: readonly EmittedEvent[];
  /** Citizen-facing steps: each emits a `notify-citizen` intent. */
  notify: readonly CitizenNotificationStep[];
  /** A split's child ending here emits `child-resolved` for its parent. */
  endsChild: boolean;
}

const INTAKE: readonly CaseStatus[] = ['NEW', 'TRIAGE'];
const WORKING: readonly CaseStatus[] = ['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS'];
const RESULT_NOTE: EmittedEvent = {
  type: 'note',
  visibility: 'internal',
  when: 'carries the internal note and evidence',
};

/**
 * The transition table: for each command, the statuses it applies in, the status it
 * leads to, the authorization it needs and what it emits. `applyCommand` validates
 * against it, `allowedActions` reads it, and docs/domain/case-lifecycle.md is
 * generated from it.
 */
export const TRANSITIONS: Readonly<Record<CaseCommandName, Transition>> = {
  reclassify: {
    authz: 'case.triage',
    from: INTAKE,
    to: 'unchanged',
    requires: '`workTypeCode` of the catalogue; `priority` optional; something must change',
    effect: 'work type, kind and priority corrected; SLA due time recomputed from creation',
    events: [{ type: 'reclassified', visibility: 'internal' }],
    notify: [],
    endsChild: false,
  },
  route: {
    authz: 'case.route',
    from: INTAKE,
    to: 'ROUTED',
    requires: '`tenantId` and `departmentCode` of that tenant',
    effect: 'owner set to the tenant and department; `routedAt`',
    events: [{ type: 'routed', visibility: 'public' }],
    notify: ['routed'],
    endsChild: false,
  },
  split: {
    authz: 'case.route',
    from: ['NEW', 'TRIAGE', 'ROUTED', 'ACCEPTED'],
    to: 'IN_PROGRESS',
    requires: '2–10 children, each a known work type and tenant/department (no two alike); `note`',
    effect:
      'parent keeps the tracking number and is coordinated by the metro; each child is a new case ROUTED to its owner',
    events: [
      { type: 'split', visibility: 'public' },
      { type: 'created', visibility: 'public', when: 'on each child' },
      { type: 'routed', visibility: 'public', when: 'on each child' },
    ],
    notify: ['routed'],
    endsChild: false,
  },
  accept: {
    authz: 'case.accept',
    from: ['ROUTED'],
    to: 'ACCEPTED',
    requires: '—',
    effect: '`acceptedAt`',
    events: [{ type: 'accepted', visibility: 'public' }],
    notify: ['accepted'],
    endsChild: false,
  },
  return: {
    authz: 'case.return',
    from: ['ROUTED', 'ACCEPTED'],
    to: 'TRIAGE',
    requires: '`reason` (5–500)',
    effect: 'back to the metro’s triage (never tenant to tenant); department, assignee cleared',
    events: [{ type: 'returned', visibility: 'internal' }],
    notify: [],
    endsChild: false,
  },
  transfer: {
    authz: 'case.transfer',
    from: ['TRIAGE', 'ROUTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD'],
    to: 'ROUTED',
    requires: '`tenantId`, `departmentCode` of that tenant, not the current owner; `reason`',
    effect: 'new owner (another tenant or department); assignee and hold cleared; `routedAt`',
    events: [{ type: 'transferred', visibility: 'public' }],
    notify: ['routed'],
    endsChild: false,
  },
  assign: {
    authz: 'case.assign',
    from: ['ROUTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS'],
    to: 'ASSIGNED',
    requires: '`assignee` (user or team), not the current one; from ROUTED also `case.accept`',
    effect: 'assignee set (re-assigning replaces it); from ROUTED the case is accepted first',
    events: [
      { type: 'accepted', visibility: 'public', when: 'from ROUTED' },
      { type: 'assigned', visibility: 'internal' },
    ],
    notify: ['accepted'],
    endsChild: false,
  },
  'accept-assignment': {
    authz: 'case.start',
    from: ['ASSIGNED'],
    to: 'unchanged',
    requires: 'an assignee not yet confirmed; the principal is the assigned user, or may assign',
    effect: '`assignee.acceptedAt`',
    events: [{ type: 'assignment_accepted', visibility: 'internal' }],
    notify: [],
    endsChild: false,
  },
  'decline-assignment': {
    authz: 'case.start',
    from: ['ASSIGNED'],
    to: 'ACCEPTED',
    requires: '`reason`; the principal is the assigned user, or may assign',
    effect: 'assignee cleared: back to the unit’s queue',
    events: [{ type: 'assignment_declined', visibility: 'internal' }],
    notify: [],
    endsChild: false,
  },
  start: {
    authz: 'case.start',
    from: ['ACCEPTED', 'ASSIGNED'],
    to: 'IN_PROGRESS',
    requires: '—',
    effect: 'from ACCEPTED the principal assigns themself; an assigned user starting confirms the assignment',
    events: [{ type: 'started', visibility: 'internal' }],
    notify: [],
    endsChild: false,
  },
  hold: {
    authz: 'case.hold',
    from: WORKING,
    to: 'ON_HOLD',
    requires: '`reason` from the closed list; `resumeOn` from today to one year ahead (Türkiye time)',
    effect: '`hold` records reason, date, since and the status to resume in',
    events: [{ type: 'on_hold', visibility: 'public' }],
    notify: ['on_hold'],
    endsChild: false,
  },
  resume: {
    authz: 'case.resume',
    from: ['ON_HOLD'],
    to: 'held-status',
    requires: '—',
    effect:
      'hold cleared; back to the status the hold interrupted; after a citizen-input hold the SLA due time moves by the pause',
    events: [{ type: 'resumed', visibility: 'public' }],
    notify: [],
    endsChild: false,
  },
  resolve: {
    authz: 'case.resolve',
    from: WORKING,
    to: 'RESOLVED',
    requires:
      '`resultCode` with its evidence (see the result codes), `publicAnswer` (10–2000), `internalNote` (3–2000)',
    effect: '`result`, `resolvedAt`; hold cleared',
    events: [{ type: 'resolved', visibility: 'public' }, RESULT_NOTE],
    notify: ['resolved'],
    endsChild: true,
  },
  close: {
    authz: 'case.close',
    from: ['NEW', 'TRIAGE', 'RESOLVED'],
    to: 'CLOSED',
    requires:
      'from RESOLVED: nothing (a given result field corrects the result); from NEW/TRIAGE: a first-contact `resultCode`, `publicAnswer`, `internalNote`',
    effect: '`closedAt`; at first contact also `result` and `resolvedAt`',
    events: [
      { type: 'closed', visibility: 'public' },
      { ...RESULT_NOTE, when: 'when an internal note or evidence is given' },
    ],
    notify: ['closed'],
    endsChild: true,
  },
  reopen: {
    authz: 'case.reopen',
    from: ['RESOLVED', 'CLOSED'],
    to: 'TRIAGE',
    requires: '`reason`, `requestedBy` (citizen or staff)',
    effect:
      'back to the metro’s triage; `reopenCount` + 1; result, resolution and assignment cleared (the timeline keeps them)',
    events: [{ type: 'reopened', visibility: 'public' }],
    notify: ['reopened'],
    endsChild: false,
  },
  cancel: {
    authz: 'case.cancel',
    from: ['NEW', 'TRIAGE', 'ROUTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED'],
    to: 'CANCELLED',
    requires: '`reason`',
    effect: 'result CANCELLED (operator error), `cancelledAt`; hold cleared',
    events: [{ type: 'cancelled', visibility: 'internal' }],
    notify: [],
    endsChild: true,
  },
};

/** Statuses in which a case has ended for its unit (a split child's parent waits for these). */
export const ENDED_STATUSES: readonly CaseStatus[] = ['RESOLVED', 'CLOSED', 'CANCELLED'];

// ---------------------------------------------------------------------------------------------
// Helpers

/** Türkiye has kept UTC+3 all year since 2016; dates a citizen is promised are Türkiye dates. */
const CITY_TIME_ZONE = 'Europe/Istanbul';
const cityDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date (YYYY-MM-DD) in Türkiye at `now`. */
export function cityDate(now: Date): string {
  const part = (type: string) => cityDay.formatToParts(now).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The same calendar day a year later (29 February becomes 28 February). */
function oneYearLater(day: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}

const PRIORITY_ORDER: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
const higherPriority = (a: Priority, b: Priority): Priority =>
  PRIORITY_ORDER.indexOf(a) >= PRIORITY_ORDER.indexOf(b) ? a : b;

/** Optional case fields a transition may clear (stored items must not carry `undefined`). */
type ClearableKey =
  | 'ownerDepartmentCode'
  | 'acceptedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'assignee'
  | 'hold'
  | 'result'
  | 'routedAt';

function without(c: Case, ...keys: ClearableKey[]): Case {
  const copy: Case = { ...c };
  for (const key of keys) delete copy[key];
  return copy;
}

/** The timeline actor of a principal: staff users, or integration keys. */
export function actorOf(principal: Principal): Actor {
  return {
    kind: principal.kind === 'integration' ? 'integration' : 'staff',
    id: principal.userId,
    tenantId: principal.tenantId,
  };
}

const violation = (path: string, message: RuleViolation['message']): RuleViolation => ({ path, message });
const ruleViolation = (violations: RuleViolation[]): CommandOutcome => ({
  ok: false,
  error: 'rule-violation',
  violations,
});

/** Collects the events and intents of one change, in order. */
class ChangeRecorder {
  readonly events: CaseEvent[] = [];
  readonly intents: OutboxIntent[] = [];

  constructor(
    private readonly ctx: Pick<LifecycleContext, 'now' | 'newEventId'>,
    private readonly actor: Actor,
  ) {}

  /** Records an event about `state` (the case as the event leaves it) and its intents. */
  emit(
    state: Case,
    type: CaseEventType,
    visibility: CaseEvent['visibility'],
    data?: Record<string, unknown>,
    notify?: CitizenNotificationStep,
  ): CaseEvent {
    const event: CaseEvent = {
      caseId: state.id,
      eventId: this.ctx.newEventId(),
      at: this.ctx.now.toISOString(),
      type,
      actor: this.actor,
      visibility,
      status: state.status,
      ...(state.ownerTenantId ? { tenantId: state.ownerTenantId } : {}),
      ...(state.ownerDepartmentCode ? { departmentCode: state.ownerDepartmentCode } : {}),
      ...(data ? { data } : {}),
    };
    this.events.push(event);
    this.intents.push({ intent: 'analytics', caseId: state.id, eventId: event.eventId, eventType: type });
    if (notify)
      this.intents.push({ intent: 'notify-citizen', caseId: state.id, eventId: event.eventId, step: notify });
    return event;
  }

  /**
   * The finished change: version + 1, `updatedAt`, and for a split's child that has
   * just ended, the intent that lets its parent check whether all parts are done.
   */
  finish(before: Case, after: Case): { after: Case; events: CaseEvent[]; intents: OutboxIntent[] } {
    const done: Case = { ...after, version: before.version + 1, updatedAt: this.ctx.now.toISOString() };
    const last = this.events.at(-1);
    if (
      done.parentCaseId &&
      last &&
      ENDED_STATUSES.includes(done.status) &&
      !ENDED_STATUSES.includes(before.status)
    ) {
      this.intents.push({
        intent: 'child-resolved',
        caseId: done.parentCaseId,
        childCaseId: done.id,
        eventId: last.eventId,
      });
    }
    return { after: done, events: this.events, intents: this.intents };
  }
}

function success(
  rec: ChangeRecorder,
  before: Case,
  after: Case,
  children: CreatedCase[] = [],
): CommandOutcome {
  return { ok: true, ...rec.finish(before, after), children };
}

// ---------------------------------------------------------------------------------------------
// Result codes

/** An attachment as the lifecycle needs it; `id` and `purpose` arrive with the attachment upload flow. */
type AttachmentRef = { id?: string; purpose?: string };

/** Is the case field work (a work type that needs a location)? Unknown types count as field work if located. */
function isFieldWork(c: Case, workTypes: ReadonlyMap<string, WorkType>): boolean {
  return workTypes.get(c.workTypeCode)?.requiresLocation ?? c.location !== undefined;
}

/**
 * The rules of domain.md §(a) for closing a case with `code` (RESULT_CODE_RULES):
 * transfer and cancel codes are not results, first-contact closures take only some
 * codes, each code needs its evidence, and evidence files must be the case's own.
 */
export function resultViolations(
  c: Case,
  result: { code: ResultCode; evidence?: ClosingEvidence | undefined },
  stage: 'resolve' | 'first-contact',
  ctx: Pick<LifecycleReference, 'now' | 'workTypes'>,
): RuleViolation[] {
  const rule = RESULT_CODE_RULES[result.code];
  if (rule.via === 'transfer') return [violation('resultCode', 'result.referred-internal')];
  if (rule.via === 'cancel') return [violation('resultCode', 'result.cancelled')];
  if (stage === 'first-contact' && !rule.atFirstContact)
    return [violation('resultCode', 'result.not-at-first-contact')];
  const e = result.evidence ?? {};
  const out: RuleViolation[] = [];
  for (const need of rule.requires) {
    switch (need) {
      case 'masterCaseId':
        if (!e.masterCaseId) out.push(violation('evidence.masterCaseId', 'evidence.master-case-required'));
        break;
      case 'institution':
        if (!e.institution) out.push(violation('evidence.institution', 'evidence.institution-required'));
        break;
      case 'plannedDate':
        if (!e.plannedDate) out.push(violation('evidence.plannedDate', 'evidence.planned-date-required'));
        else if (e.plannedDate < cityDate(ctx.now))
          out.push(violation('evidence.plannedDate', 'evidence.planned-date-past'));
        break;
      case 'programme':
        if (!e.programme) out.push(violation('evidence.programme', 'evidence.programme-required'));
        break;
      case 'reason':
        if (!e.reason) out.push(violation('evidence.reason', 'evidence.reason-required'));
        break;
      case 'legalBasis':
        if (!e.legalBasis) out.push(violation('evidence.legalBasis', 'evidence.legal-basis-required'));
        break;
      case 'attemptLog':
        if (!e.attemptLog) out.push(violation('evidence.attemptLog', 'evidence.attempt-log-required'));
        break;
      case 'evidencePhoto':
        if (isFieldWork(c, ctx.workTypes) && (e.attachmentIds ?? []).length === 0)
          out.push(violation('evidence.attachmentIds', 'evidence.photo-required'));
        break;
      case 'attachmentIds':
      case 'workOrderRef':
        break;
    }
  }
  if (e.masterCaseId && e.masterCaseId === c.id)
    out.push(violation('evidence.masterCaseId', 'evidence.master-case-self'));
  const evidenceFiles = new Set(
    c.attachments.flatMap((a) => {
      const ref = a as AttachmentRef;
      return ref.id && ref.purpose === 'evidence' ? [ref.id] : [];
    }),
  );
  (e.attachmentIds ?? []).forEach((id, i) => {
    if (!evidenceFiles.has(id))
      out.push(violation(`evidence.attachmentIds.${i}`, 'evidence.attachment-unknown'));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Guards beyond the table

/**
 * Conditions on the principal or the case that the status and `can()` alone do not
 * decide: accepting from ROUTED while assigning, and the assignment handshake, which
 * only the assigned user (or whoever may assign) answers.
 */
function guard(
  c: Case,
  action: CaseCommandName,
  principal: Principal,
  facts: CaseAccessFacts,
): 'forbidden' | RuleViolation | undefined {
  if (action === 'assign' && c.status === 'ROUTED' && !can(principal, 'case.accept', facts))
    return 'forbidden';
  if (action === 'accept-assignment' || action === 'decline-assignment') {
    if (!c.assignee) return violation('assignee', 'assignment.none');
    const isAssignee = c.assignee.kind === 'user' && c.assignee.id === principal.userId;
    if (!isAssignee && !can(principal, 'case.assign', facts)) return 'forbidden';
    if (action === 'accept-assignment' && c.assignee.acceptedAt)
      return violation('assignee', 'assignment.already-accepted');
  }
  return undefined;
}

/**
 * The commands this principal may issue on this case now: for the UI's buttons. A
 * listed command may still fail its rules (a missing reason, evidence).
 */
export function allowedActions(c: Case, principal: Principal, facts: CaseAccessFacts): CaseCommandName[] {
  return CASE_COMMAND_NAMES.filter((action) => {
    const t = TRANSITIONS[action];
    return (
      t.from.includes(c.status) &&
      can(principal, t.authz, facts) &&
      guard(c, action, principal, facts) === undefined
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Commands

/**
 * Applies one workflow command to a case. Checks, in order: the transition table
 * (status), authorization through `can()`, then the command's business rules. On
 * success the case's version is bumped by exactly one and every change is on the
 * timeline, with an `analytics` intent per event and `notify-citizen` at the
 * citizen-facing steps. The caller compares `command.expectedVersion` with the
 * stored version before, and writes conditionally on it.
 */
export function applyCommand(c: Case, command: CaseCommand, ctx: LifecycleContext): CommandOutcome {
  const t = TRANSITIONS[command.action];
  if (!t.from.includes(c.status)) return { ok: false, error: 'invalid-transition', from: c.status };
  if (!can(ctx.principal, t.authz, ctx.facts)) return { ok: false, error: 'forbidden' };
  const guarded = guard(c, command.action, ctx.principal, ctx.facts);
  if (guarded === 'forbidden') return { ok: false, error: 'forbidden' };
  if (guarded) return ruleViolation([guarded]);
  const rec = new ChangeRecorder(ctx, actorOf(ctx.principal));
  switch (command.action) {
    case 'reclassify':
      return reclassify(c, command, ctx, rec);
    case 'route':
      return route(c, command, ctx, rec);
    case 'split':
      return split(c, command, ctx, rec);
    case 'accept':
      return accept(c, ctx, rec);
    case 'return':
      return returnToTriage(c, command, ctx, rec);
    case 'transfer':
      return transfer(c, command, ctx, rec);
    case 'assign':
      return assign(c, command, ctx, rec);
    case 'accept-assignment':
      return acceptAssignment(c, ctx, rec);
    case 'decline-assignment':
      return declineAssignment(c, command, rec);
    case 'start':
      return start(c, ctx, rec);
    case 'hold':
      return hold(c, command, ctx, rec);
    case 'resume':
      return resume(c, command, ctx, rec);
    case 'resolve':
      return resolve(c, command, ctx, rec);
    case 'close':
      return close(c, command, ctx, rec);
    case 'reopen':
      return reopen(c, command, ctx, rec);
    case 'cancel':
      return cancel(c, command, ctx, rec);
  }
}

/** Is `tenantId`/`departmentCode` a place a case can go? Violations at `prefix`'s fields. */
function targetViolations(
  ctx: LifecycleContext,
  target: { tenantId: string; departmentCode: string },
  prefix = '',
): RuleViolation[] {
  const tenant = ctx.tenants.get(target.tenantId);
  if (!tenant) return [violation(`${prefix}tenantId`, 'route.tenant-unknown')];
  if (!tenant.departmentCodes.has(target.departmentCode))
    return [violation(`${prefix}departmentCode`, 'route.department-unknown')];
  return [];
}

function reclassify(
  c: Case,
  cmd: CaseCommandOf<'reclassify'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const workType = ctx.workTypes.get(cmd.workTypeCode);
  if (!workType) return ruleViolation([violation('workTypeCode', 'work-type.unknown')]);
  const typeChanged = workType.code !== c.workTypeCode;
  const priority = cmd.priority ?? (typeChanged ? workType.defaultPriority : c.priority);
  if (!typeChanged && priority === c.priority)
    return ruleViolation([violation('workTypeCode', 'reclassify.unchanged')]);
  const after: Case = {
    ...c,
    workTypeCode: workType.code,
    kind: workType.kind,
    priority,
    // The SLA clock runs from the citizen's filing, whatever type it was first given; the
    // priority picks the clock (urgent work may run around the clock).
    slaDueAt: ctx
      .slaDueAt(workType, new Date(c.createdAt), c.ownerTenantId ?? ctx.metroTenantId, priority)
      .toISOString(),
  };
  rec.emit(after, 'reclassified', 'internal', {
    from: { workTypeCode: c.workTypeCode, priority: c.priority },
    to: { workTypeCode: after.workTypeCode, priority: after.priority },
    slaDueAt: after.slaDueAt,
  });
  return success(rec, c, after);
}

function route(
  c: Case,
  cmd: CaseCommandOf<'route'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const problems = targetViolations(ctx, cmd);
  if (problems.length) return ruleViolation(problems);
  const at = ctx.now.toISOString();
  const after: Case = {
    ...c,
    status: 'ROUTED',
    ownerTenantId: cmd.tenantId,
    ownerDepartmentCode: cmd.departmentCode,
    routedAt: at,
  };
  rec.emit(
    after,
    'routed',
    'public',
    { reason: 'triage', ...(cmd.note ? { note: cmd.note } : {}) },
    'routed',
  );
  return success(rec, c, after);
}

function accept(c: Case, ctx: LifecycleContext, rec: ChangeRecorder): CommandOutcome {
  const after: Case = { ...c, status: 'ACCEPTED', acceptedAt: ctx.now.toISOString() };
  rec.emit(after, 'accepted', 'public', undefined, 'accepted');
  return success(rec, c, after);
}

function returnToTriage(
  c: Case,
  cmd: CaseCommandOf<'return'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  // Returns go to the metro's coordinators, never straight to another tenant, so that
  // misroutes are measured and fixed where routing is decided (domain.md §(b)).
  const after: Case = {
    ...without(c, 'ownerDepartmentCode', 'acceptedAt', 'assignee', 'hold'),
    status: 'TRIAGE',
    ownerTenantId: ctx.metroTenantId,
  };
  rec.emit(after, 'returned', 'internal', {
    reason: cmd.reason,
    ...(c.ownerTenantId ? { fromTenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { fromDepartmentCode: c.ownerDepartmentCode } : {}),
  });
  return success(rec, c, after);
}

function transfer(
  c: Case,
  cmd: CaseCommandOf<'transfer'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const problems = targetViolations(ctx, cmd);
  if (problems.length) return ruleViolation(problems);
  if (cmd.tenantId === c.ownerTenantId && cmd.departmentCode === c.ownerDepartmentCode)
    return ruleViolation([violation('departmentCode', 'route.same-owner')]);
  const after: Case = {
    ...without(c, 'acceptedAt', 'assignee', 'hold'),
    status: 'ROUTED',
    ownerTenantId: cmd.tenantId,
    ownerDepartmentCode: cmd.departmentCode,
    routedAt: ctx.now.toISOString(),
  };
  rec.emit(
    after,
    'transferred',
    'public',
    {
      reason: cmd.reason,
      ...(c.ownerTenantId ? { fromTenantId: c.ownerTenantId } : {}),
      ...(c.ownerDepartmentCode ? { fromDepartmentCode: c.ownerDepartmentCode } : {}),
    },
    'routed',
  );
  return success(rec, c, after);
}

function assign(
  c: Case,
  cmd: CaseCommandOf<'assign'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const { kind, id, name } = cmd.assignee;
  if (c.assignee && c.assignee.kind === kind && c.assignee.id === id)
    return ruleViolation([violation('assignee.id', 'assign.unchanged')]);
  const at = ctx.now.toISOString();
  let state = c;
  if (c.status === 'ROUTED') {
    // Assigning straight from the queue is accepting and assigning in one step.
    state = { ...c, status: 'ACCEPTED', acceptedAt: at };
    rec.emit(state, 'accepted', 'public', { implicit: true }, 'accepted');
  }
  const assignee: CaseAssignee = { kind, id, name, assignedAt: at };
  const after: Case = { ...state, status: 'ASSIGNED', assignee };
  rec.emit(after, 'assigned', 'internal', {
    assignee: { kind, id, name },
    ...(c.assignee
      ? {
          previous: { kind: c.assignee.kind, id: c.assignee.id, name: c.assignee.name },
          fromStatus: c.status,
        }
      : {}),
  });
  return success(rec, c, after);
}

function acceptAssignment(c: Case, ctx: LifecycleContext, rec: ChangeRecorder): CommandOutcome {
  const current = c.assignee as CaseAssignee; // the guard made sure there is one
  const after: Case = { ...c, assignee: { ...current, acceptedAt: ctx.now.toISOString() } };
  rec.emit(after, 'assignment_accepted', 'internal', {
    assignee: { kind: current.kind, id: current.id, name: current.name },
  });
  return success(rec, c, after);
}

function declineAssignment(
  c: Case,
  cmd: CaseCommandOf<'decline-assignment'>,
  rec: ChangeRecorder,
): CommandOutcome {
  const current = c.assignee as CaseAssignee;
  const after: Case = { ...without(c, 'assignee'), status: 'ACCEPTED' };
  rec.emit(after, 'assignment_declined', 'internal', {
    assignee: { kind: current.kind, id: current.id, name: current.name },
    reason: cmd.reason,
  });
  return success(rec, c, after);
}

function start(c: Case, ctx: LifecycleContext, rec: ChangeRecorder): CommandOutcome {
  const at = ctx.now.toISOString();
  const p = ctx.principal;
  let assignee = c.assignee;
  if (c.status === 'ACCEPTED' || !assignee) {
    // Taking an unassigned case means working it yourself.
    assignee = { kind: 'user', id: p.userId, name: p.username ?? p.userId, assignedAt: at, acceptedAt: at };
  } else if (assignee.kind === 'user' && assignee.id === p.userId && !assignee.acceptedAt) {
    assignee = { ...assignee, acceptedAt: at };
  }
  const after: Case = { ...c, status: 'IN_PROGRESS', assignee };
  rec.emit(after, 'started', 'internal', {
    assignee: { kind: assignee.kind, id: assignee.id, name: assignee.name },
    ...(c.status === 'ACCEPTED' ? { selfAssigned: true } : {}),
  });
  return success(rec, c, after);
}

function hold(
  c: Case,
  cmd: CaseCommandOf<'hold'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const today = cityDate(ctx.now);
  if (cmd.resumeOn < today) return ruleViolation([violation('resumeOn', 'hold.resume-on-past')]);
  if (cmd.resumeOn > oneYearLater(today))
    return ruleViolation([violation('resumeOn', 'hold.resume-on-too-far')]);
  const after: Case = {
    ...c,
    status: 'ON_HOLD',
    hold: {
      reason: cmd.reason,
      resumeOn: cmd.resumeOn,
      ...(cmd.note ? { note: cmd.note } : {}),
      since: ctx.now.toISOString(),
      resumeStatus: c.status as ResumeStatus, // the table allows holds only from working statuses
    },
  };
  rec.emit(
    after,
    'on_hold',
    'public',
    { reason: cmd.reason, resumeOn: cmd.resumeOn, ...(cmd.note ? { note: cmd.note } : {}) },
    'on_hold',
  );
  return success(rec, c, after);
}

function resume(
  c: Case,
  cmd: CaseCommandOf<'resume'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  // A hold without its record (written before holds were recorded) resumes where the assignment says.
  const held = c.hold?.resumeStatus ?? (c.assignee ? 'ASSIGNED' : 'ACCEPTED');
  const status: CaseStatus = held !== 'ACCEPTED' && !c.assignee ? 'ACCEPTED' : held;
  // domain.md §(b): only waiting for the citizen stops the SLA clock; other holds are only reported.
  const slaDueAt =
    c.hold?.reason === 'citizen-input' ? pausedDueAt(c, new Date(c.hold.since), ctx) : undefined;
  const after: Case = { ...without(c, 'hold'), status, ...(slaDueAt ? { slaDueAt } : {}) };
  rec.emit(after, 'resumed', 'public', {
    ...(c.hold ? { heldSince: c.hold.since, holdReason: c.hold.reason } : {}),
    ...(cmd.note ? { note: cmd.note } : {}),
    ...(slaDueAt ? { slaDueAt } : {}),
  });
  return success(rec, c, after);
}

/** The SLA due time moved on by a citizen-input pause from `since` until now. */
function pausedDueAt(c: Case, since: Date, ctx: LifecycleContext): string {
  const dueAt = new Date(c.slaDueAt);
  const moved = ctx.slaDueAfterPause
    ? ctx.slaDueAfterPause(dueAt, since, ctx.now, c.priority, c.ownerTenantId ?? ctx.metroTenantId)
    : new Date(dueAt.getTime() + Math.max(0, ctx.now.getTime() - since.getTime()));
  return moved.toISOString();
}

function resultOf(
  code: ResultCode,
  publicAnswer: string,
  internalNote: string,
  evidence: ClosingEvidence | undefined,
  ctx: LifecycleContext,
): CaseResult {
  return {
    code,
    publicAnswer,
    internalNote,
    ...(evidence ? { evidence } : {}),
    at: ctx.now.toISOString(),
    by: actorOf(ctx.principal),
  };
}

/** The internal half of a result: what staff wrote for each other, and the evidence. */
function emitResultNote(rec: ChangeRecorder, after: Case, result: CaseResult): void {
  rec.emit(after, 'note', 'internal', {
    kind: 'result',
    resultCode: result.code,
    internalNote: result.internalNote,
    ...(result.evidence ? { evidence: result.evidence } : {}),
  });
}

function resolve(
  c: Case,
  cmd: CaseCommandOf<'resolve'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const problems = resultViolations(c, { code: cmd.resultCode, evidence: cmd.evidence }, 'resolve', ctx);
  if (problems.length) return ruleViolation(problems);
  const result = resultOf(cmd.resultCode, cmd.publicAnswer, cmd.internalNote, cmd.evidence, ctx);
  const after: Case = { ...without(c, 'hold'), status: 'RESOLVED', result, resolvedAt: result.at };
  rec.emit(
    after,
    'resolved',
    'public',
    // The due time in force: the dashboards' SLA met/missed is decided from the event alone.
    { resultCode: result.code, publicAnswer: result.publicAnswer, slaDueAt: c.slaDueAt },
    'resolved',
  );
  emitResultNote(rec, after, result);
  return success(rec, c, after);
}

function close(
  c: Case,
  cmd: CaseCommandOf<'close'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const at = ctx.now.toISOString();
  const firstContact = c.status !== 'RESOLVED';
  const previous = firstContact ? undefined : c.result;
  if (!previous) {
    // Nothing to confirm: the closing command carries the whole result.
    const missing: RuleViolation[] = [];
    if (!cmd.resultCode) missing.push(violation('resultCode', 'result.required'));
    if (!cmd.publicAnswer) missing.push(violation('publicAnswer', 'result.required'));
    if (!cmd.internalNote) missing.push(violation('internalNote', 'result.required'));
    if (!cmd.resultCode || !cmd.publicAnswer || !cmd.internalNote) return ruleViolation(missing);
    const stage = firstContact ? 'first-contact' : 'resolve';
    const problems = resultViolations(c, { code: cmd.resultCode, evidence: cmd.evidence }, stage, ctx);
    if (problems.length) return ruleViolation(problems);
    const result = resultOf(cmd.resultCode, cmd.publicAnswer, cmd.internalNote, cmd.evidence, ctx);
    const after: Case = { ...c, status: 'CLOSED', result, resolvedAt: c.resolvedAt ?? at, closedAt: at };
    const closed = rec.emit(
      after,
      'closed',
      'public',
      {
        resultCode: result.code,
        publicAnswer: result.publicAnswer,
        atFirstContact: firstContact,
        corrected: false,
        slaDueAt: c.slaDueAt,
      },
      'closed',
    );
    emitResultNote(rec, after, result);
    scheduleSurvey(rec, after, closed, ctx);
    return success(rec, c, after);
  }
  // Confirming a resolution, possibly correcting it (QA check, domain.md §(b)).
  const corrected =
    (cmd.resultCode !== undefined && cmd.resultCode !== previous.code) ||
    (cmd.publicAnswer !== undefined && cmd.publicAnswer !== previous.publicAnswer) ||
    cmd.internalNote !== undefined ||
    cmd.evidence !== undefined;
  let result = previous;
  if (corrected) {
    const code = cmd.resultCode ?? previous.code;
    const evidence = cmd.evidence ?? previous.evidence;
    const problems = resultViolations(c, { code, evidence }, 'resolve', ctx);
    if (problems.length) return ruleViolation(problems);
    result = resultOf(
      code,
      cmd.publicAnswer ?? previous.publicAnswer,
      cmd.internalNote ?? previous.internalNote,
      evidence,
      ctx,
    );
  }
  const after: Case = { ...c, status: 'CLOSED', result, closedAt: at };
  const closed = rec.emit(
    after,
    'closed',
    'public',
    {
      resultCode: result.code,
      publicAnswer: result.publicAnswer,
      atFirstContact: false,
      corrected,
      ...(corrected && result.code !== previous.code ? { previousResultCode: previous.code } : {}),
    },
    'closed',
  );
  if (corrected) emitResultNote(rec, after, result);
  scheduleSurvey(rec, after, closed, ctx);
  return success(rec, c, after);
}

/**
 * A closure with a survey-triggering result (satisfaction-survey.ts) schedules the
 * satisfaction survey after the owning tenant's delay, in the closing transaction.
 * A split's child is not surveyed: the citizen follows the parent. Whether the
 * citizen is reached, and whether a survey was already sent before a reopen, the
 * survey job decides when the survey falls due.
 */
function scheduleSurvey(rec: ChangeRecorder, after: Case, closed: CaseEvent, ctx: LifecycleContext): void {
  if (!ctx.surveySettings || !after.result || after.parentCaseId) return;
  if (!resultTriggersSurvey(after.result.code)) return;
  const dueAt = surveyDueAt(ctx.now, ctx.surveySettings(after.ownerTenantId ?? ctx.metroTenantId));
  if (!dueAt) return;
  rec.intents.push({
    intent: 'schedule-survey',
    caseId: after.id,
    eventId: closed.eventId,
    cityId: after.cityId,
    dueAt: dueAt.toISOString(),
  });
}

function reopen(
  c: Case,
  cmd: CaseCommandOf<'reopen'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const reopenCount = (c.reopenCount ?? 0) + 1;
  // The result, resolution and assignment go; the timeline keeps them (resolved/closed/note events).
  const after: Case = {
    ...without(
      c,
      'result',
      'resolvedAt',
      'closedAt',
      'acceptedAt',
      'assignee',
      'hold',
      'ownerDepartmentCode',
    ),
    status: 'TRIAGE',
    ownerTenantId: ctx.metroTenantId,
    reopenCount,
  };
  rec.emit(
    after,
    'reopened',
    'public',
    {
      reason: cmd.reason,
      requestedBy: cmd.requestedBy,
      reopenCount,
      ...(c.result ? { previousResultCode: c.result.code } : {}),
      ...(c.ownerTenantId ? { fromTenantId: c.ownerTenantId } : {}),
      ...(c.ownerDepartmentCode ? { fromDepartmentCode: c.ownerDepartmentCode } : {}),
    },
    'reopened',
  );
  return success(rec, c, after);
}

function cancel(
  c: Case,
  cmd: CaseCommandOf<'cancel'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  // An operator's erroneous record: nobody is told, so there is no public answer.
  const result = resultOf('CANCELLED', '', cmd.reason, undefined, ctx);
  const after: Case = { ...without(c, 'hold'), status: 'CANCELLED', result, cancelledAt: result.at };
  rec.emit(after, 'cancelled', 'internal', { reason: cmd.reason, fromStatus: c.status });
  return success(rec, c, after);
}

function split(
  c: Case,
  cmd: CaseCommandOf<'split'>,
  ctx: LifecycleContext,
  rec: ChangeRecorder,
): CommandOutcome {
  const problems: RuleViolation[] = [];
  const seen = new Set<string>();
  const plans = cmd.children.flatMap((child, i) => {
    const prefix = `children.${i}.`;
    const workType = ctx.workTypes.get(child.workTypeCode);
    const targetProblems = targetViolations(ctx, child, prefix);
    problems.push(...targetProblems);
    if (!workType) {
      problems.push(violation(`${prefix}workTypeCode`, 'work-type.unknown'));
      return [];
    }
    if (workType.requiresLocation && !c.location)
      problems.push(violation(`${prefix}workTypeCode`, 'location.required'));
    const key = `${child.workTypeCode}|${child.tenantId}|${child.departmentCode}`;
    if (seen.has(key)) problems.push(violation(`${prefix}workTypeCode`, 'split.child-duplicate'));
    seen.add(key);
    return targetProblems.length ? [] : [{ child, workType }];
  });
  if (problems.length) return ruleViolation(problems);

  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.principal);
  const children: CreatedCase[] = plans.map(({ child, workType }) => {
    const { caseId, trackingNo } = ctx.newChildIdentity();
    // The coordinator's urgency for the request carries over to its parts.
    const priority = higherPriority(workType.defaultPriority, c.priority);
    const created: Case = {
      id: caseId,
      cityId: c.cityId,
      trackingNo,
      status: 'ROUTED',
      workTypeCode: workType.code,
      catalogVersion: c.catalogVersion,
      kind: workType.kind,
      priority,
      channel: c.channel,
      description: child.description ?? c.description,
      ...(c.location ? { location: c.location } : {}),
      // The citizen's photos show every unit what was reported.
      attachments: c.attachments,
      ...(c.contact ? { contact: c.contact } : {}),
      consent: c.consent,
      ownerTenantId: child.tenantId,
      ownerDepartmentCode: child.departmentCode,
      createdAt: at,
      updatedAt: at,
      slaDueAt: ctx.slaDueAt(workType, ctx.now, child.tenantId, priority).toISOString(),
      routedAt: at,
      parentCaseId: c.id,
      version: 1,
    };
    const childRec = new ChangeRecorder(ctx, actor);
    childRec.emit({ ...created, status: 'NEW' }, 'created', 'public', {
      channel: created.channel,
      workTypeCode: created.workTypeCode,
      parentCaseId: c.id,
    });
    childRec.emit(created, 'routed', 'public', { reason: 'split', parentCaseId: c.id });
    return { case: created, events: childRec.events, intents: childRec.intents };
  });

  const after: Case = {
    ...without(c, 'ownerDepartmentCode', 'assignee', 'hold'),
    status: 'IN_PROGRESS',
    // The metro coordinates the parts and answers the citizen on the case they track.
    ownerTenantId: ctx.metroTenantId,
    routedAt: c.routedAt ?? at,
    childCaseIds: [...(c.childCaseIds ?? []), ...children.map((ch) => ch.case.id)],
  };
  rec.emit(
    after,
    'split',
    'public',
    {
      note: cmd.note,
      children: children.map(({ case: ch }) => ({
        caseId: ch.id,
        trackingNo: ch.trackingNo,
        workTypeCode: ch.workTypeCode,
        tenantId: ch.ownerTenantId,
        departmentCode: ch.ownerDepartmentCode,
      })),
    },
    'routed',
  );
  return success(rec, c, after, children);
}

// ---------------------------------------------------------------------------------------------
// System transitions and comments

const MAX_PUBLIC_ANSWER = 2000;

/** The parent's result from its children's: all resolved alike, partly resolved, or explained. */
function summaryCode(results: readonly CaseResult[]): ResultCode {
  const codes = new Set(results.map((r) => r.code));
  const [only] = codes;
  if (codes.size === 1 && only && RESULT_CODE_RULES[only].via === 'resolve-close') return only;
  const anyDone = results.some((r) =>
    ['yes', 'flagged'].includes(RESULT_CODE_RULES[r.code].countsAsResolved),
  );
  return anyDone ? 'RESOLVED_PARTIAL' : 'INFO_GIVEN';
}

/**
 * The system transition of a split: when every child has ended (RESOLVED, CLOSED or
 * CANCELLED, at least one not cancelled), the parent the citizen tracks is RESOLVED
 * with a result that sums the parts up. Returns undefined while a child is still
 * open, when a child is missing from `children`, when every child was cancelled (the
 * coordinator decides then), or when the parent has ended already, so a redelivered
 * `child-resolved` message changes nothing.
 */
export function resolveParentIfComplete(
  parent: Case,
  children: readonly Case[],
  ctx: LifecycleReference,
): { after: Case; events: CaseEvent[]; intents: OutboxIntent[] } | undefined {
  const ids = parent.childCaseIds ?? [];
  if (ids.length === 0 || ENDED_STATUSES.includes(parent.status)) return undefined;
  const byId = new Map(children.map((ch) => [ch.id, ch]));
  const parts = ids.map((id) => byId.get(id));
  if (parts.some((ch) => !ch || !ENDED_STATUSES.includes(ch.status))) return undefined;
  const finished = (parts as Case[]).filter((ch) => ch.status !== 'CANCELLED' && ch.result);
  if (finished.length === 0) return undefined;

  const results = finished.map((ch) => ch.result as CaseResult);
  const code = summaryCode(results);
  const lines = finished.map((ch) => {
    const result = ch.result as CaseResult;
    const name = ctx.workTypes.get(ch.workTypeCode)?.name.tr ?? ch.workTypeCode;
    return `• ${name}: ${RESULT_CODE_RULES[result.code].label.tr}. ${result.publicAnswer}`.trim();
  });
  const publicAnswer = [
    `Başvurunuz ${finished.length} ayrı iş olarak ilgili birimlerde sonuçlandı:`,
    ...lines,
  ]
    .join('\n')
    .slice(0, MAX_PUBLIC_ANSWER);
  const internalNote = finished
    .map((ch) => `${ch.trackingNo} (${ch.id}): ${(ch.result as CaseResult).code}`)
    .join('\n');
  const at = ctx.now.toISOString();
  const actor: Actor = { kind: 'system', id: 'split-resolution' };
  const result: CaseResult = { code, publicAnswer, internalNote, at, by: actor };
  const after: Case = { ...without(parent, 'hold'), status: 'RESOLVED', result, resolvedAt: at };
  const rec = new ChangeRecorder(ctx, actor);
  rec.emit(
    after,
    'resolved',
    'public',
    {
      resultCode: code,
      publicAnswer,
      children: (parts as Case[]).map((ch) => ({
        caseId: ch.id,
        status: ch.status,
        ...(ch.result ? { resultCode: ch.result.code } : {}),
      })),
    },
    'resolved',
  );
  emitResultNote(rec, after, result);
  return rec.finish(parent, after);
}

/** A comment as the API takes it; `commentId` is the client's key that makes a retry harmless. */
export interface CommentInput {
  text: string;
  visibility: 'internal' | 'public';
  commentId: string;
}

/**
 * A comment on the timeline (authorization `case.comment`). It does not change the
 * case, so there is no version bump: the caller appends the event once per
 * `commentId`.
 */
export function addComment(
  c: Case,
  input: CommentInput,
  ctx: Pick<LifecycleContext, 'principal' | 'facts' | 'now' | 'newEventId'>,
): { ok: true; events: CaseEvent[]; intents: OutboxIntent[] } | { ok: false; error: 'forbidden' } {
  if (!can(ctx.principal, 'case.comment', ctx.facts)) return { ok: false, error: 'forbidden' };
  const rec = new ChangeRecorder(ctx, actorOf(ctx.principal));
  rec.emit(c, 'comment', input.visibility, { text: input.text, commentId: input.commentId });
  return { ok: true, events: rec.events, intents: rec.intents };
}
