import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseAccessFacts } from './authorization.ts';
import { type AttachmentMeta, Case, CaseStatus, ResultCode } from './case.ts';
import { CASE_COMMAND_NAMES, CaseCommand, type CaseCommandName, RESULT_CODE_RULES } from './case-commands.ts';
import { CaseEvent } from './case-event.ts';
import {
  addComment,
  allowedActions,
  applyCommand,
  type CommandOutcome,
  cityDate,
  type LifecycleContext,
  type LifecycleTenant,
  resolveParentIfComplete,
  TRANSITIONS,
} from './case-lifecycle.ts';
import { OutboxIntent } from './outbox-intent.ts';
import type { Principal, Role } from './principal.ts';
import type { WorkType } from './work-type.ts';

/*
 * The expectations are written out by hand from issue 4 and domain.md §(a)/(b), not
 * derived from TRANSITIONS: a wrong table entry must fail a test, not reproduce itself.
 */

const METRO = 'balikesir-bb';
const KARESI = 'balikesir-karesi';
const BASKI = 'baski';
const CASE_ID = '01J9Z3M6W8X2Y4Q5R7S9T1V3W5';
const OTHER_CASE_ID = '01J9Z3M6W8X2Y4Q5R7S9T1V3W6';
const NOW = new Date('2026-11-22T09:00:00.000Z');

const workType = (code: string, extra: Partial<WorkType> = {}): WorkType => ({
  code,
  name: { tr: `${code} (tr)`, en: `${code} (en)` },
  group: 'G',
  kind: 'request',
  tenantLevel: 'district',
  departmentCode: 'FEN',
  slaHours: 48,
  defaultPriority: 'normal',
  requiresLocation: true,
  keywords: [],
  ...extra,
});

const WORK_TYPES = new Map<string, WorkType>(
  [
    workType('ROAD-POTHOLE'),
    workType('PARK-TREE', { departmentCode: 'PARK', defaultPriority: 'low' }),
    workType('WATER-LEAK', { tenantLevel: 'utility', departmentCode: 'SU', defaultPriority: 'high' }),
    workType('INFO-GENERAL', { kind: 'information', requiresLocation: false, tenantLevel: 'metropolitan' }),
  ].map((w) => [w.code, w]),
);

const TENANTS = new Map<string, LifecycleTenant>([
  [METRO, { id: METRO, type: 'metropolitan', departmentCodes: new Set(['SKM', 'FEN', 'PARK']) }],
  [KARESI, { id: KARESI, type: 'district', departmentCodes: new Set(['FEN', 'ZABITA', 'PARK']) }],
  [BASKI, { id: BASKI, type: 'utility', departmentCodes: new Set(['SU']) }],
]);

const ALL_STATUSES: CaseStatus[] = [...CaseStatus.options];

function user(tenantId: string, roles: Role[], extra: Partial<Principal> = {}): Principal {
  const tenantType = TENANTS.get(tenantId)?.type ?? 'district';
  return {
    kind: 'user',
    userId: `u-${roles.join('-')}`,
    username: roles.join('+'),
    tenantId,
    tenantType,
    roles,
    ...extra,
  };
}

/** Metro coordinator and supervisor at once: passes every authorization on a metro-owned case but cancel at NEW. */
const SUPER = user(METRO, ['coordinator', 'supervisor'], { userId: 'u-super' });

/** A valid case in each status, owned by `owner` once routing has run. */
function caseIn(status: CaseStatus, owner = METRO, extra: Partial<Case> = {}): Case {
  const base: Case = {
    id: CASE_ID,
    cityId: 'balikesir',
    trackingNo: '482739150266',
    status,
    workTypeCode: 'ROAD-POTHOLE',
    catalogVersion: '1',
    kind: 'request',
    priority: 'normal',
    channel: 'call_center',
    description: 'Yolda büyük bir çukur var.',
    location: { lat: 39.65, lon: 27.88, neighbourhood: 'Hisariçi', districtTenantId: KARESI },
    attachments: [],
    contact: {
      name: 'Ayşe Yılmaz',
      phone: '+905321234567',
      preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
    },
    consent: { accepted: true, noticeVersion: '1' },
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    slaDueAt: '2026-11-22T10:00:00.000Z',
    version: 4,
  };
  const at = '2026-11-21T10:00:00.000Z';
  const routed = { ownerTenantId: owner, ownerDepartmentCode: 'FEN', routedAt: at };
  const accepted = { ...routed, acceptedAt: at };
  const assignee = { kind: 'user' as const, id: 'crew-1', name: 'Ekip Şefi', assignedAt: at };
  const result = {
    code: 'INFO_GIVEN' as const,
    publicAnswer: 'Bilgi verildi, teşekkürler.',
    internalNote: 'Arandı.',
    at,
    by: { kind: 'staff' as const, id: 'u-1' },
  };
  const by: Record<CaseStatus, Partial<Case>> = {
    NEW: {},
    TRIAGE: { ownerTenantId: owner === METRO ? METRO : owner },
    ROUTED: routed,
    ACCEPTED: accepted,
    ASSIGNED: { ...accepted, assignee },
    IN_PROGRESS: { ...accepted, assignee: { ...assignee, acceptedAt: at } },
    ON_HOLD: {
      ...accepted,
      assignee: { ...assignee, acceptedAt: at },
      hold: { reason: 'material', resumeOn: '2026-12-01', since: at, resumeStatus: 'IN_PROGRESS' },
    },
    RESOLVED: { ...accepted, assignee, result, resolvedAt: at },
    CLOSED: { ...accepted, assignee, result, resolvedAt: at, closedAt: at },
    CANCELLED: { ...routed, result: { ...result, code: 'CANCELLED', publicAnswer: '' }, cancelledAt: at },
  };
  return Case.parse({ ...base, ...by[status], ...extra });
}

let sequence = 0;
function context(principal: Principal, c: Case, extra: Partial<LifecycleContext> = {}): LifecycleContext {
  return {
    principal,
    facts: caseAccessFacts(c),
    now: NOW,
    newEventId: () => `ev-${++sequence}`,
    newChildIdentity: () => {
      const n = ++sequence;
      return {
        caseId: `01J9Z3M6W8X2Y4Q5R7S9T${String(n).padStart(5, '0')}`,
        trackingNo: `9${String(n).padStart(11, '0')}`,
      };
    },
    workTypes: WORK_TYPES,
    tenants: TENANTS,
    metroTenantId: METRO,
    slaDueAt: (w, start) => new Date(start.getTime() + w.slaHours * 3_600_000),
    ...extra,
  };
}

/** A command for `action` that meets every rule on the fixture case `c`. */
function commandFor(action: CaseCommandName, c: Case): CaseCommand {
  const expectedVersion = c.version;
  const atIntake = c.status === 'NEW' || c.status === 'TRIAGE';
  switch (action) {
    case 'reclassify':
      return {
        action,
        expectedVersion,
        workTypeCode: c.workTypeCode === 'PARK-TREE' ? 'ROAD-POTHOLE' : 'PARK-TREE',
      };
    case 'route':
      return { action, expectedVersion, tenantId: KARESI, departmentCode: 'FEN' };
    case 'split':
      return {
        action,
        expectedVersion,
        note: 'Yol ve su işi ayrı birimlerde.',
        children: [
          { workTypeCode: 'ROAD-POTHOLE', tenantId: KARESI, departmentCode: 'FEN' },
          { workTypeCode: 'WATER-LEAK', tenantId: BASKI, departmentCode: 'SU', description: 'Vana arızası.' },
        ],
      };
    case 'accept':
    case 'accept-assignment':
    case 'start':
      return { action, expectedVersion };
    case 'return':
    case 'decline-assignment':
    case 'cancel':
      return { action, expectedVersion, reason: 'Bizim işimiz değil.' };
    case 'transfer':
      return {
        action,
        expectedVersion,
        tenantId: BASKI,
        departmentCode: 'SU',
        reason: 'Su şebekesi arızası.',
      };
    case 'assign':
      return {
        action,
        expectedVersion,
        assignee: { kind: 'user', id: c.assignee?.id === 'crew-2' ? 'crew-3' : 'crew-2', name: 'Ekip 2' },
      };
    case 'hold':
      return { action, expectedVersion, reason: 'material', resumeOn: '2026-12-15' };
    case 'resume':
      return { action, expectedVersion };
    case 'resolve':
      return {
        action,
        expectedVersion,
        resultCode: 'INFO_GIVEN',
        publicAnswer: 'Talebiniz hakkında bilgi verildi.',
        internalNote: 'Telefonla arandı.',
      };
    case 'close':
      return atIntake
        ? {
            action,
            expectedVersion,
            resultCode: 'INFO_GIVEN',
            publicAnswer: 'Talebiniz hakkında bilgi verildi.',
            internalNote: 'İlk temasta yanıtlandı.',
          }
        : { action, expectedVersion };
    case 'reopen':
      return { action, expectedVersion, reason: 'Sorun devam ediyor.', requestedBy: 'citizen' };
  }
}

/** The owner's supervisor, or the metro's coordinator-supervisor while the metro (or nobody) owns the case. */
const ownerSupervisor = (c: Case): Principal =>
  c.ownerTenantId && c.ownerTenantId !== METRO ? user(c.ownerTenantId, ['supervisor']) : SUPER;

const run = (
  c: Case,
  command: CaseCommand,
  principal = ownerSupervisor(c),
  extra: Partial<LifecycleContext> = {},
) => applyCommand(c, command, context(principal, c, extra));

function ok(outcome: CommandOutcome) {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function violations(outcome: CommandOutcome) {
  if (outcome.ok || outcome.error !== 'rule-violation')
    throw new Error(`expected rule violation, got ${JSON.stringify(outcome)}`);
  return outcome.violations.map((v) => `${v.path}:${v.message}`);
}

/** Where each command applies, from issue 4. */
const FROM: Record<CaseCommandName, CaseStatus[]> = {
  reclassify: ['NEW', 'TRIAGE'],
  route: ['NEW', 'TRIAGE'],
  split: ['NEW', 'TRIAGE', 'ROUTED', 'ACCEPTED'],
  accept: ['ROUTED'],
  return: ['ROUTED', 'ACCEPTED'],
  transfer: ['TRIAGE', 'ROUTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD'],
  assign: ['ROUTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS'],
  'accept-assignment': ['ASSIGNED'],
  'decline-assignment': ['ASSIGNED'],
  start: ['ACCEPTED', 'ASSIGNED'],
  hold: ['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS'],
  resume: ['ON_HOLD'],
  resolve: ['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS'],
  close: ['NEW', 'TRIAGE', 'RESOLVED'],
  reopen: ['RESOLVED', 'CLOSED'],
  cancel: ['NEW', 'TRIAGE', 'ROUTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED'],
};

/** Where each command leads from the fixture in `from`. */
function expectedTo(action: CaseCommandName, from: CaseStatus): CaseStatus {
  const to: Partial<Record<CaseCommandName, CaseStatus>> = {
    route: 'ROUTED',
    split: 'IN_PROGRESS',
    accept: 'ACCEPTED',
    return: 'TRIAGE',
    transfer: 'ROUTED',
    assign: 'ASSIGNED',
    'decline-assignment': 'ACCEPTED',
    start: 'IN_PROGRESS',
    hold: 'ON_HOLD',
    resume: 'IN_PROGRESS', // the fixture was held while IN_PROGRESS
    resolve: 'RESOLVED',
    close: 'CLOSED',
    reopen: 'TRIAGE',
    cancel: 'CANCELLED',
  };
  return to[action] ?? from;
}

describe('the transition table', () => {
  it('lists every command once, with the statuses of issue 4', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...CASE_COMMAND_NAMES].sort());
    for (const action of CASE_COMMAND_NAMES)
      expect([...TRANSITIONS[action].from].sort()).toEqual([...FROM[action]].sort());
  });

  for (const action of CASE_COMMAND_NAMES) {
    for (const status of ALL_STATUSES) {
      const allowed = FROM[action].includes(status);
      it(`${action} from ${status}: ${allowed ? 'allowed' : 'denied'}`, () => {
        const c = caseIn(status);
        const outcome = run(c, commandFor(action, c));
        if (!allowed) {
          expect(outcome).toEqual({ ok: false, error: 'invalid-transition', from: status });
          return;
        }
        if (action === 'cancel' && status === 'NEW') {
          // Nobody owns a case before routing, and cancelling is the owner's supervisor's.
          expect(outcome).toEqual({ ok: false, error: 'forbidden' });
          return;
        }
        const { after } = ok(outcome);
        expect(after.status).toBe(expectedTo(action, status));
        expect(after.version).toBe(c.version + 1);
        expect(Case.parse(after)).toEqual(after);
      });
    }
  }
});

describe('authorization through can()', () => {
  const karesiFen = (status: CaseStatus) => caseIn(status, KARESI);
  const staff = user(KARESI, ['staff'], { departmentCode: 'FEN', userId: 'crew-1' });
  const cases: [string, Principal, CaseCommandName, CaseStatus, 'ok' | 'forbidden', string?][] = [
    // The call centre classifies and closes at first contact, nothing else.
    ['agent', user(METRO, ['agent']), 'reclassify', 'TRIAGE', 'ok', METRO],
    ['agent', user(METRO, ['agent']), 'close', 'TRIAGE', 'ok', METRO],
    ['agent', user(METRO, ['agent']), 'route', 'TRIAGE', 'forbidden', METRO],
    ['agent', user(METRO, ['agent']), 'split', 'TRIAGE', 'forbidden', METRO],
    ['agent', user(METRO, ['agent']), 'close', 'RESOLVED', 'forbidden', METRO],
    ['agent', user(METRO, ['agent']), 'cancel', 'TRIAGE', 'forbidden', METRO],
    ['agent', user(METRO, ['agent']), 'reopen', 'CLOSED', 'forbidden', METRO],
    // Metro coordinators route, split, transfer and reopen city-wide, but do not work cases.
    ['coordinator', user(METRO, ['coordinator']), 'route', 'TRIAGE', 'ok', METRO],
    ['coordinator', user(METRO, ['coordinator']), 'split', 'ROUTED', 'ok', KARESI],
    ['coordinator', user(METRO, ['coordinator']), 'transfer', 'IN_PROGRESS', 'ok', KARESI],
    ['coordinator', user(METRO, ['coordinator']), 'reopen', 'CLOSED', 'ok', KARESI],
    ['coordinator', user(METRO, ['coordinator']), 'accept', 'ROUTED', 'forbidden', KARESI],
    ['coordinator', user(METRO, ['coordinator']), 'assign', 'ACCEPTED', 'forbidden', KARESI],
    ['coordinator', user(METRO, ['coordinator']), 'resolve', 'IN_PROGRESS', 'forbidden', KARESI],
    ['coordinator', user(METRO, ['coordinator']), 'cancel', 'TRIAGE', 'forbidden', METRO],
    // A unit's staff work their department's queue.
    ['staff', staff, 'accept', 'ROUTED', 'ok', KARESI],
    ['staff', staff, 'return', 'ACCEPTED', 'ok', KARESI],
    ['staff', staff, 'start', 'ACCEPTED', 'ok', KARESI],
    ['staff', staff, 'hold', 'IN_PROGRESS', 'ok', KARESI],
    ['staff', staff, 'resume', 'ON_HOLD', 'ok', KARESI],
    ['staff', staff, 'resolve', 'IN_PROGRESS', 'ok', KARESI],
    ['staff', staff, 'assign', 'ACCEPTED', 'forbidden', KARESI],
    ['staff', staff, 'transfer', 'ACCEPTED', 'forbidden', KARESI],
    ['staff', staff, 'close', 'RESOLVED', 'forbidden', KARESI],
    ['staff', staff, 'cancel', 'ACCEPTED', 'forbidden', KARESI],
    ['staff', staff, 'reopen', 'RESOLVED', 'forbidden', KARESI],
    [
      'staff of another department',
      user(KARESI, ['staff'], { departmentCode: 'ZABITA' }),
      'accept',
      'ROUTED',
      'forbidden',
      KARESI,
    ],
    ['staff of another tenant', user(BASKI, ['staff']), 'accept', 'ROUTED', 'forbidden', KARESI],
    // The unit's head: the tenant's queue, assignment, transfer, closing, cancelling.
    ['supervisor', user(KARESI, ['supervisor']), 'assign', 'ROUTED', 'ok', KARESI],
    ['supervisor', user(KARESI, ['supervisor']), 'transfer', 'ON_HOLD', 'ok', KARESI],
    ['supervisor', user(KARESI, ['supervisor']), 'close', 'RESOLVED', 'ok', KARESI],
    ['supervisor', user(KARESI, ['supervisor']), 'cancel', 'IN_PROGRESS', 'ok', KARESI],
    ['supervisor', user(KARESI, ['supervisor']), 'reopen', 'CLOSED', 'ok', KARESI],
    ['supervisor', user(KARESI, ['supervisor']), 'split', 'ROUTED', 'forbidden', KARESI],
    ['supervisor of another tenant', user(BASKI, ['supervisor']), 'cancel', 'ROUTED', 'forbidden', KARESI],
    // Oversight, administration and muhtars take no workflow steps.
    ['manager', user(METRO, ['manager']), 'route', 'TRIAGE', 'forbidden', METRO],
    ['manager', user(KARESI, ['manager']), 'accept', 'ROUTED', 'forbidden', KARESI],
    ['admin', user(KARESI, ['admin']), 'cancel', 'ROUTED', 'forbidden', KARESI],
    [
      'muhtar',
      user(KARESI, ['muhtar'], { neighbourhood: 'Hisariçi' }),
      'reopen',
      'CLOSED',
      'forbidden',
      KARESI,
    ],
    // Integration keys: only their scopes.
    [
      'integration with the scope',
      { ...user(KARESI, ['integration']), kind: 'integration', scopes: ['case.read', 'case.accept'] },
      'accept',
      'ROUTED',
      'ok',
      KARESI,
    ],
    [
      'integration without the scope',
      { ...user(KARESI, ['integration']), kind: 'integration', scopes: ['case.read', 'case.accept'] },
      'resolve',
      'IN_PROGRESS',
      'forbidden',
      KARESI,
    ],
  ];
  for (const [who, principal, action, status, expected, owner] of cases) {
    it(`${who}: ${action} from ${status} is ${expected}`, () => {
      const c = owner === KARESI ? karesiFen(status) : caseIn(status, owner);
      const outcome = run(c, commandFor(action, c), principal);
      if (expected === 'ok') ok(outcome);
      else expect(outcome).toEqual({ ok: false, error: 'forbidden' });
      expect(allowedActions(c, principal, caseAccessFacts(c)).includes(action)).toBe(expected === 'ok');
    });
  }

  it('assigning from ROUTED also needs case.accept (it accepts the case)', () => {
    const c = karesiFen('ROUTED');
    const key: Principal = {
      ...user(KARESI, ['integration']),
      kind: 'integration',
      scopes: ['case.read', 'case.assign'],
    };
    expect(run(c, commandFor('assign', c), key)).toEqual({ ok: false, error: 'forbidden' });
    const both: Principal = { ...key, scopes: ['case.read', 'case.assign', 'case.accept'] };
    const { after, events } = ok(run(c, commandFor('assign', c), both));
    expect(after.acceptedAt).toBe(NOW.toISOString());
    expect(events.map((e) => e.type)).toEqual(['accepted', 'assigned']);
  });
});

describe('the assignment handshake', () => {
  const assigned = caseIn('ASSIGNED', KARESI);
  const crew = user(KARESI, ['staff'], { userId: 'crew-1', departmentCode: 'FEN' });
  const colleague = user(KARESI, ['staff'], { userId: 'crew-9', departmentCode: 'FEN' });
  const supervisor = user(KARESI, ['supervisor']);

  it('the assigned user accepts; the acceptance is recorded on the assignee', () => {
    const { after, events } = ok(run(assigned, { action: 'accept-assignment', expectedVersion: 4 }, crew));
    expect(after.status).toBe('ASSIGNED');
    expect(after.assignee).toMatchObject({ id: 'crew-1', acceptedAt: NOW.toISOString() });
    expect(events).toMatchObject([{ type: 'assignment_accepted', visibility: 'internal' }]);
  });

  it('a colleague may not answer for the assignee; a supervisor may', () => {
    expect(run(assigned, { action: 'accept-assignment', expectedVersion: 4 }, colleague)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(allowedActions(assigned, colleague, caseAccessFacts(assigned))).not.toContain('accept-assignment');
    ok(run(assigned, { action: 'accept-assignment', expectedVersion: 4 }, supervisor));
  });

  it('a team assignment is answered by whoever may assign', () => {
    const team = caseIn('ASSIGNED', KARESI, {
      assignee: { kind: 'team', id: 'crew-1', name: 'Asfalt ekibi', assignedAt: '2026-11-21T10:00:00.000Z' },
    });
    expect(run(team, { action: 'accept-assignment', expectedVersion: 4 }, crew)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    ok(run(team, { action: 'accept-assignment', expectedVersion: 4 }, supervisor));
  });

  it('accepting twice, or with nobody assigned, is a rule violation', () => {
    const accepted = ok(run(assigned, { action: 'accept-assignment', expectedVersion: 4 }, crew)).after;
    expect(violations(run(accepted, { action: 'accept-assignment', expectedVersion: 5 }, crew))).toEqual([
      'assignee:assignment.already-accepted',
    ]);
    const nobody = { ...assigned, assignee: undefined };
    delete nobody.assignee;
    expect(
      violations(run(nobody, { action: 'decline-assignment', expectedVersion: 4, reason: 'Yoğunum.' })),
    ).toEqual(['assignee:assignment.none']);
  });

  it('declining sends the case back to the unit queue without an assignee', () => {
    const { after, events } = ok(
      run(
        assigned,
        { action: 'decline-assignment', expectedVersion: 4, reason: 'İzinliyim bu hafta.' },
        crew,
      ),
    );
    expect(after.status).toBe('ACCEPTED');
    expect(after.assignee).toBeUndefined();
    expect(events[0]).toMatchObject({
      type: 'assignment_declined',
      visibility: 'internal',
      data: { reason: 'İzinliyim bu hafta.', assignee: { id: 'crew-1' } },
    });
  });

  it('starting from ACCEPTED assigns the principal; re-assigning is allowed but not to the same assignee', () => {
    const accepted = caseIn('ACCEPTED', KARESI);
    const started = ok(run(accepted, { action: 'start', expectedVersion: 4 }, crew)).after;
    expect(started.assignee).toEqual({
      kind: 'user',
      id: 'crew-1',
      name: 'staff',
      assignedAt: NOW.toISOString(),
      acceptedAt: NOW.toISOString(),
    });
    const again = {
      action: 'assign',
      expectedVersion: 5,
      assignee: { kind: 'user', id: 'crew-1', name: 'X' },
    } as const;
    expect(violations(run(started, again, supervisor))).toEqual(['assignee.id:assign.unchanged']);
    const reassigned = ok(
      run(started, { ...again, assignee: { kind: 'team', id: 'team-7', name: 'Ekip 7' } }, supervisor),
    );
    expect(reassigned.after).toMatchObject({ status: 'ASSIGNED', assignee: { kind: 'team', id: 'team-7' } });
    expect(reassigned.events[0]?.data).toMatchObject({
      previous: { id: 'crew-1' },
      fromStatus: 'IN_PROGRESS',
    });
  });
});

describe('result codes (domain.md §(a))', () => {
  const working = caseIn('IN_PROGRESS', KARESI);
  const resolve = (resultCode: ResultCode, evidence?: Record<string, unknown>, c = working) =>
    run(c, {
      action: 'resolve',
      expectedVersion: c.version,
      resultCode,
      publicAnswer: 'Başvurunuz sonuçlandırılmıştır.',
      internalNote: 'Ekip işi bitirdi.',
      ...(evidence ? { evidence } : {}),
    } as CaseCommand);
  // Attachment `id` and `purpose` arrive with the upload flow; built without parsing until then.
  const withEvidencePhoto: Case = {
    ...caseIn('IN_PROGRESS', KARESI),
    attachments: [
      {
        fileName: 'once.jpg',
        contentType: 'image/jpeg',
        sizeBytes: 1000,
        id: 'att-citizen',
        purpose: 'citizen',
      },
      {
        fileName: 'sonra.jpg',
        contentType: 'image/jpeg',
        sizeBytes: 1000,
        id: 'att-after',
        purpose: 'evidence',
      },
    ] as unknown as AttachmentMeta[],
  };

  it('has a rule for each of the 19 codes, with the KPI and survey columns of domain.md', () => {
    expect(Object.keys(RESULT_CODE_RULES).sort()).toEqual([...ResultCode.options].sort());
    const kpi = Object.fromEntries(
      Object.entries(RESULT_CODE_RULES).map(([k, r]) => [k, r.countsAsResolved]),
    );
    expect(kpi).toEqual({
      RESOLVED: 'yes',
      RESOLVED_PARTIAL: 'flagged',
      INFO_GIVEN: 'yes',
      SCHEDULED: 'no',
      PLANNED_INVESTMENT: 'no',
      REFERRED_INTERNAL: 'not-a-result',
      REFERRED_EXTERNAL: 'separate-kpi',
      NOT_OUR_AUTHORITY: 'separate-kpi',
      DUPLICATE: 'master-counts',
      LOCATION_NOT_FOUND: 'no',
      CITIZEN_UNREACHABLE: 'no',
      NO_ISSUE_FOUND: 'yes',
      ENFORCEMENT_DONE: 'yes',
      REJECTED: 'yes',
      WITHDRAWN: 'no',
      INVALID: 'excluded',
      SUGGESTION_NOTED: 'yes',
      THANKS_FORWARDED: 'yes',
      CANCELLED: 'excluded',
    });
    const surveyed = Object.entries(RESULT_CODE_RULES)
      .filter(([, r]) => r.triggersSurvey === 'yes')
      .map(([k]) => k)
      .sort();
    expect(surveyed).toEqual([
      'ENFORCEMENT_DONE',
      'NO_ISSUE_FOUND',
      'REJECTED',
      'RESOLVED',
      'RESOLVED_PARTIAL',
    ]);
  });

  it('REFERRED_INTERNAL is never a result (transfer instead), CANCELLED only via cancel', () => {
    expect(violations(resolve('REFERRED_INTERNAL'))).toEqual(['resultCode:result.referred-internal']);
    expect(violations(resolve('CANCELLED'))).toEqual(['resultCode:result.cancelled']);
  });

  it('DUPLICATE needs the master case, which is not the case itself', () => {
    expect(violations(resolve('DUPLICATE'))).toEqual(['evidence.masterCaseId:evidence.master-case-required']);
    expect(violations(resolve('DUPLICATE', { masterCaseId: CASE_ID }))).toEqual([
      'evidence.masterCaseId:evidence.master-case-self',
    ]);
    ok(resolve('DUPLICATE', { masterCaseId: OTHER_CASE_ID }));
  });

  it('REFERRED_EXTERNAL needs the institution', () => {
    expect(violations(resolve('REFERRED_EXTERNAL'))).toEqual([
      'evidence.institution:evidence.institution-required',
    ]);
    ok(resolve('REFERRED_EXTERNAL', { institution: { name: 'UEDAŞ', phone: '186' } }));
  });

  it('SCHEDULED needs a planned date that is not in the past (Türkiye date)', () => {
    expect(violations(resolve('SCHEDULED'))).toEqual(['evidence.plannedDate:evidence.planned-date-required']);
    expect(violations(resolve('SCHEDULED', { plannedDate: '2026-11-21' }))).toEqual([
      'evidence.plannedDate:evidence.planned-date-past',
    ]);
    ok(resolve('SCHEDULED', { plannedDate: '2026-11-22' }));
  });

  it('PLANNED_INVESTMENT needs the programme', () => {
    expect(violations(resolve('PLANNED_INVESTMENT'))).toEqual([
      'evidence.programme:evidence.programme-required',
    ]);
    ok(resolve('PLANNED_INVESTMENT', { programme: '2027 yatırım programı' }));
  });

  it('REJECTED needs reason and legal basis; NOT_OUR_AUTHORITY a reason', () => {
    expect(violations(resolve('REJECTED'))).toEqual([
      'evidence.reason:evidence.reason-required',
      'evidence.legalBasis:evidence.legal-basis-required',
    ]);
    expect(violations(resolve('REJECTED', { reason: 'İmar planına aykırı.' }))).toEqual([
      'evidence.legalBasis:evidence.legal-basis-required',
    ]);
    ok(resolve('REJECTED', { reason: 'İmar planına aykırı.', legalBasis: '3194 sayılı İmar Kanunu' }));
    expect(violations(resolve('NOT_OUR_AUTHORITY'))).toEqual(['evidence.reason:evidence.reason-required']);
    ok(resolve('NOT_OUR_AUTHORITY', { reason: 'Komşuluk hukuku uyuşmazlığı, yargı yolu.' }));
  });

  it('LOCATION_NOT_FOUND and CITIZEN_UNREACHABLE need the attempt log', () => {
    for (const code of ['LOCATION_NOT_FOUND', 'CITIZEN_UNREACHABLE'] as const) {
      expect(violations(resolve(code))).toEqual(['evidence.attemptLog:evidence.attempt-log-required']);
      ok(resolve(code, { attemptLog: '3 kez arandı, açılmadı.' }));
    }
  });

  it('RESOLVED and NO_ISSUE_FOUND on field work need an evidence photo of the case', () => {
    for (const code of ['RESOLVED', 'NO_ISSUE_FOUND'] as const) {
      expect(violations(resolve(code))).toEqual(['evidence.attachmentIds:evidence.photo-required']);
      expect(violations(resolve(code, { attachmentIds: ['att-citizen'] }, withEvidencePhoto))).toEqual([
        'evidence.attachmentIds.0:evidence.attachment-unknown',
      ]);
      expect(violations(resolve(code, { attachmentIds: ['nope'] }, withEvidencePhoto))).toEqual([
        'evidence.attachmentIds.0:evidence.attachment-unknown',
      ]);
      ok(resolve(code, { attachmentIds: ['att-after'] }, withEvidencePhoto));
    }
    // Desk work (no location needed) is resolved without a photo.
    const desk = caseIn('IN_PROGRESS', KARESI, { workTypeCode: 'INFO-GENERAL' });
    ok(resolve('RESOLVED', undefined, desk));
  });

  it('every other code resolves with its evidence', () => {
    const evidence: Record<string, Record<string, unknown>> = {
      RESOLVED: { attachmentIds: ['att-after'] },
      NO_ISSUE_FOUND: { attachmentIds: ['att-after'] },
      DUPLICATE: { masterCaseId: OTHER_CASE_ID },
      REFERRED_EXTERNAL: { institution: { name: 'KGM' } },
      SCHEDULED: { plannedDate: '2027-03-01' },
      PLANNED_INVESTMENT: { programme: '2027' },
      REJECTED: { reason: 'Teknik standarda aykırı.', legalBasis: 'Yönetmelik m.5' },
      NOT_OUR_AUTHORITY: { reason: 'Özel hukuk uyuşmazlığı.' },
      LOCATION_NOT_FOUND: { attemptLog: 'Adreste bulunamadı.' },
      CITIZEN_UNREACHABLE: { attemptLog: 'Üç kez arandı.' },
    };
    for (const code of ResultCode.options) {
      if (RESULT_CODE_RULES[code].via !== 'resolve-close') continue;
      const { after, events, intents } = ok(resolve(code, evidence[code], withEvidencePhoto));
      expect(after.result).toMatchObject({
        code,
        internalNote: 'Ekip işi bitirdi.',
        by: { id: 'u-supervisor' },
      });
      expect(after.resolvedAt).toBe(NOW.toISOString());
      expect(events.map((e) => [e.type, e.visibility])).toEqual([
        ['resolved', 'public'],
        ['note', 'internal'],
      ]);
      // The public event carries the public answer only; the internal note stays internal.
      expect(JSON.stringify(events[0]?.data)).not.toContain('Ekip işi bitirdi.');
      expect(intents).toContainEqual({
        intent: 'notify-citizen',
        caseId: CASE_ID,
        eventId: events[0]?.eventId,
        step: 'resolved',
      });
    }
  });

  it('at first contact only the first-contact codes close, and the result fields are required', () => {
    const triage = caseIn('TRIAGE');
    const agent = user(METRO, ['agent']);
    const closeWith = (resultCode: ResultCode, evidence?: Record<string, unknown>) =>
      run(
        triage,
        {
          action: 'close',
          expectedVersion: 4,
          resultCode,
          publicAnswer: 'Bilgi verilmiştir, teşekkürler.',
          internalNote: 'Telefonda yanıtlandı.',
          ...(evidence ? { evidence } : {}),
        } as CaseCommand,
        agent,
      );
    const firstContact = [
      'INFO_GIVEN',
      'REFERRED_EXTERNAL',
      'NOT_OUR_AUTHORITY',
      'DUPLICATE',
      'INVALID',
      'SUGGESTION_NOTED',
      'THANKS_FORWARDED',
      'WITHDRAWN',
    ];
    const evidence: Record<string, Record<string, unknown>> = {
      REFERRED_EXTERNAL: { institution: { name: 'UEDAŞ', phone: '186' } },
      NOT_OUR_AUTHORITY: { reason: 'Kira uyuşmazlığı, yargı yolu.' },
      DUPLICATE: { masterCaseId: OTHER_CASE_ID },
    };
    for (const code of ResultCode.options) {
      const outcome = closeWith(code, evidence[code]);
      if (firstContact.includes(code)) {
        const { after, events } = ok(outcome);
        expect(after).toMatchObject({
          status: 'CLOSED',
          closedAt: NOW.toISOString(),
          resolvedAt: NOW.toISOString(),
        });
        expect(events[0]).toMatchObject({
          type: 'closed',
          visibility: 'public',
          data: { atFirstContact: true },
        });
      } else {
        expect(outcome.ok).toBe(false);
      }
    }
    expect(violations(closeWith('RESOLVED'))).toEqual(['resultCode:result.not-at-first-contact']);
    expect(
      violations(run(triage, { action: 'close', expectedVersion: 4, resultCode: 'INFO_GIVEN' }, agent)),
    ).toEqual(['publicAnswer:result.required', 'internalNote:result.required']);
  });

  it('closing a resolved case confirms its result, or corrects it under the same rules', () => {
    const resolved = caseIn('RESOLVED', KARESI);
    const confirmed = ok(run(resolved, { action: 'close', expectedVersion: 4 }));
    expect(confirmed.after.result).toEqual(resolved.result);
    expect(confirmed.events.map((e) => e.type)).toEqual(['closed']);
    expect(confirmed.events[0]?.data).toMatchObject({ corrected: false, resultCode: 'INFO_GIVEN' });
    expect(
      violations(run(resolved, { action: 'close', expectedVersion: 4, resultCode: 'DUPLICATE' })),
    ).toEqual(['evidence.masterCaseId:evidence.master-case-required']);
    const corrected = ok(
      run(resolved, {
        action: 'close',
        expectedVersion: 4,
        resultCode: 'DUPLICATE',
        evidence: { masterCaseId: OTHER_CASE_ID },
      }),
    );
    expect(corrected.after.result).toMatchObject({
      code: 'DUPLICATE',
      publicAnswer: resolved.result?.publicAnswer,
    });
    expect(corrected.events.map((e) => e.type)).toEqual(['closed', 'note']);
    expect(corrected.events[0]?.data).toMatchObject({ corrected: true, previousResultCode: 'INFO_GIVEN' });
  });
});

describe('hold and resume', () => {
  const working = caseIn('ASSIGNED', KARESI);
  const holdUntil = (resumeOn: string, now = NOW) =>
    run(working, { action: 'hold', expectedVersion: 4, reason: 'tender', resumeOn }, undefined, { now });

  it('takes a resume date from today (Türkiye) up to one year ahead', () => {
    expect(violations(holdUntil('2026-11-21'))).toEqual(['resumeOn:hold.resume-on-past']);
    ok(holdUntil('2026-11-22'));
    ok(holdUntil('2027-11-22'));
    expect(violations(holdUntil('2027-11-23'))).toEqual(['resumeOn:hold.resume-on-too-far']);
    // 22:30 UTC is already the 23rd in Türkiye (UTC+3).
    const lateEvening = new Date('2026-11-22T22:30:00.000Z');
    expect(cityDate(lateEvening)).toBe('2026-11-23');
    expect(violations(holdUntil('2026-11-22', lateEvening))).toEqual(['resumeOn:hold.resume-on-past']);
  });

  it('resumes in the status the hold interrupted', () => {
    const held = ok(holdUntil('2026-12-01')).after;
    expect(held.hold).toEqual({
      reason: 'tender',
      resumeOn: '2026-12-01',
      since: NOW.toISOString(),
      resumeStatus: 'ASSIGNED',
    });
    const resumed = ok(run(held, { action: 'resume', expectedVersion: 5, note: 'İhale sonuçlandı.' }));
    expect(resumed.after.status).toBe('ASSIGNED');
    expect(resumed.after.hold).toBeUndefined();
    expect(resumed.events[0]).toMatchObject({
      type: 'resumed',
      data: { holdReason: 'tender', note: 'İhale sonuçlandı.' },
    });
  });

  it('moves the SLA due time by a citizen-input pause only', () => {
    const since = '2026-11-20T09:00:00.000Z'; // two days before NOW
    const heldFor = (reason: 'citizen-input' | 'season') =>
      caseIn('ON_HOLD', KARESI, {
        hold: { reason, resumeOn: '2026-12-01', since, resumeStatus: 'IN_PROGRESS' },
      });
    const waited = ok(run(heldFor('citizen-input'), { action: 'resume', expectedVersion: 4 }));
    expect(waited.after.slaDueAt).toBe('2026-11-24T10:00:00.000Z'); // due 2026-11-22T10:00 + 48 h paused
    expect(waited.events[0]?.data).toMatchObject({ slaDueAt: '2026-11-24T10:00:00.000Z' });
    const calendar = ok(
      run(heldFor('citizen-input'), { action: 'resume', expectedVersion: 4 }, undefined, {
        slaDueAfterPause: (dueAt, from, to, priority, tenantId) => {
          expect([from.toISOString(), to.toISOString(), priority, tenantId]).toEqual([
            since,
            NOW.toISOString(),
            'normal',
            KARESI,
          ]);
          return new Date(dueAt.getTime() + 3_600_000);
        },
      }),
    );
    expect(calendar.after.slaDueAt).toBe('2026-11-22T11:00:00.000Z');
    const season = ok(run(heldFor('season'), { action: 'resume', expectedVersion: 4 }));
    expect(season.after.slaDueAt).toBe('2026-11-22T10:00:00.000Z');
  });

  it('tells the citizen about the hold', () => {
    const { events, intents } = ok(holdUntil('2026-12-01'));
    expect(events[0]).toMatchObject({
      type: 'on_hold',
      visibility: 'public',
      data: { reason: 'tender', resumeOn: '2026-12-01' },
    });
    expect(intents).toContainEqual({
      intent: 'notify-citizen',
      caseId: CASE_ID,
      eventId: events[0]?.eventId,
      step: 'on_hold',
    });
  });
});

describe('routing, returns and transfers', () => {
  it('route validates the tenant and its department', () => {
    const triage = caseIn('TRIAGE');
    expect(
      violations(
        run(triage, { action: 'route', expectedVersion: 4, tenantId: 'nowhere', departmentCode: 'FEN' }),
      ),
    ).toEqual(['tenantId:route.tenant-unknown']);
    expect(
      violations(
        run(triage, { action: 'route', expectedVersion: 4, tenantId: BASKI, departmentCode: 'FEN' }),
      ),
    ).toEqual(['departmentCode:route.department-unknown']);
    const { after, events, intents } = ok(
      run(triage, {
        action: 'route',
        expectedVersion: 4,
        tenantId: KARESI,
        departmentCode: 'FEN',
        note: 'Mahalle yolu.',
      }),
    );
    expect(after).toMatchObject({
      status: 'ROUTED',
      ownerTenantId: KARESI,
      ownerDepartmentCode: 'FEN',
      routedAt: NOW.toISOString(),
    });
    expect(events[0]).toMatchObject({
      type: 'routed',
      visibility: 'public',
      tenantId: KARESI,
      departmentCode: 'FEN',
    });
    expect(intents.map((i) => i.intent)).toEqual(['analytics', 'notify-citizen']);
  });

  it('a return goes to the metro triage, never to another tenant, with an internal reason', () => {
    const accepted = caseIn('ACCEPTED', KARESI);
    const { after, events, intents } = ok(
      run(
        accepted,
        { action: 'return', expectedVersion: 4, reason: 'Ana arter, büyükşehir yolu.' },
        user(KARESI, ['supervisor']),
      ),
    );
    expect(after).toMatchObject({ status: 'TRIAGE', ownerTenantId: METRO });
    expect(after.ownerDepartmentCode).toBeUndefined();
    expect(after.acceptedAt).toBeUndefined();
    expect(events[0]).toMatchObject({
      type: 'returned',
      visibility: 'internal',
      tenantId: METRO,
      data: { reason: 'Ana arter, büyükşehir yolu.', fromTenantId: KARESI, fromDepartmentCode: 'FEN' },
    });
    expect(intents.map((i) => i.intent)).toEqual(['analytics']);
  });

  it('a transfer clears assignee and hold, and may move between departments of one tenant', () => {
    const held = caseIn('ON_HOLD', KARESI);
    const moved = ok(
      run(held, {
        action: 'transfer',
        expectedVersion: 4,
        tenantId: KARESI,
        departmentCode: 'PARK',
        reason: 'Ağaç işi parklar biriminin.',
      }),
    ).after;
    expect(moved).toMatchObject({ status: 'ROUTED', ownerTenantId: KARESI, ownerDepartmentCode: 'PARK' });
    expect(moved.assignee).toBeUndefined();
    expect(moved.hold).toBeUndefined();
    expect(
      violations(
        run(held, {
          action: 'transfer',
          expectedVersion: 4,
          tenantId: KARESI,
          departmentCode: 'FEN',
          reason: 'Aynı yer.',
        }),
      ),
    ).toEqual(['departmentCode:route.same-owner']);
  });

  it('reclassify corrects work type, kind, priority and the SLA from the filing time', () => {
    const triage = caseIn('TRIAGE');
    const { after, events } = ok(
      run(triage, { action: 'reclassify', expectedVersion: 4, workTypeCode: 'WATER-LEAK' }),
    );
    expect(after).toMatchObject({ workTypeCode: 'WATER-LEAK', priority: 'high', status: 'TRIAGE' });
    expect(after.slaDueAt).toBe('2026-11-22T10:00:00.000Z'); // created 2026-11-20T10:00 + 48 h
    expect(events[0]).toMatchObject({ type: 'reclassified', visibility: 'internal' });
    expect(
      violations(run(triage, { action: 'reclassify', expectedVersion: 4, workTypeCode: 'NO-SUCH' })),
    ).toEqual(['workTypeCode:work-type.unknown']);
    expect(
      violations(run(triage, { action: 'reclassify', expectedVersion: 4, workTypeCode: 'ROAD-POTHOLE' })),
    ).toEqual(['workTypeCode:reclassify.unchanged']);
    // A priority change alone also recomputes the due time: the priority picks the SLA clock.
    const calls: unknown[][] = [];
    const urgent = ok(
      run(
        triage,
        { action: 'reclassify', expectedVersion: 4, workTypeCode: 'ROAD-POTHOLE', priority: 'urgent' },
        undefined,
        {
          slaDueAt: (w, start, tenantId, priority) => {
            calls.push([w.code, start.toISOString(), tenantId, priority]);
            return new Date(start.getTime() + 3_600_000);
          },
        },
      ),
    );
    expect(calls).toEqual([['ROAD-POTHOLE', '2026-11-20T10:00:00.000Z', METRO, 'urgent']]);
    expect(urgent.after).toMatchObject({ priority: 'urgent', slaDueAt: '2026-11-20T11:00:00.000Z' });
  });
});

describe('reopen', () => {
  it('goes back to the metro triage, counts, and clears the result while the timeline keeps it', () => {
    let c = caseIn('IN_PROGRESS', KARESI, { workTypeCode: 'INFO-GENERAL' });
    const timeline: CaseEvent[] = [];
    for (let round = 1; round <= 2; round++) {
      for (const command of [
        commandFor('resolve', c),
        commandFor('close', { ...c, status: 'RESOLVED' }),
        {
          action: 'reopen',
          expectedVersion: 0,
          reason: 'Sorun hâlâ sürüyor.',
          requestedBy: 'citizen',
        } as const,
      ]) {
        const step = ok(run(c, { ...command, expectedVersion: c.version }));
        timeline.push(...step.events);
        c = step.after;
      }
      expect(c).toMatchObject({ status: 'TRIAGE', ownerTenantId: METRO, reopenCount: round });
      expect(c.result).toBeUndefined();
      expect(c.closedAt).toBeUndefined();
      expect(c.resolvedAt).toBeUndefined();
      expect(c.ownerDepartmentCode).toBeUndefined();
      // Work resumes after a new routing.
      c = ok(
        run(c, { action: 'route', expectedVersion: c.version, tenantId: KARESI, departmentCode: 'FEN' }),
      ).after;
      c = ok(run(c, { action: 'accept', expectedVersion: c.version })).after;
    }
    const reopened = timeline.filter((e) => e.type === 'reopened');
    expect(reopened.map((e) => e.data)).toMatchObject([
      { reopenCount: 1, previousResultCode: 'INFO_GIVEN', requestedBy: 'citizen' },
      { reopenCount: 2, previousResultCode: 'INFO_GIVEN' },
    ]);
    expect(timeline.filter((e) => e.type === 'resolved')).toHaveLength(2);
    expect(reopened.every((e) => e.visibility === 'public')).toBe(true);
  });
});

describe('split and the parent resolution', () => {
  const parent = caseIn('TRIAGE');
  const coordinator = user(METRO, ['coordinator']);
  const splitOutcome = () => ok(run(parent, commandFor('split', parent), coordinator));

  it('keeps the parent with the citizen and the metro, and routes each child to its owner', () => {
    const { after, events, intents, children } = splitOutcome();
    expect(after).toMatchObject({
      status: 'IN_PROGRESS',
      ownerTenantId: METRO,
      trackingNo: parent.trackingNo,
    });
    expect(after.childCaseIds).toEqual(children.map((ch) => ch.case.id));
    expect(events.map((e) => e.type)).toEqual(['split']);
    expect(intents).toContainEqual({
      intent: 'notify-citizen',
      caseId: CASE_ID,
      eventId: events[0]?.eventId,
      step: 'routed',
    });
    expect(children).toHaveLength(2);
    const [road, water] = children;
    expect(water?.case).toMatchObject({
      status: 'ROUTED',
      parentCaseId: CASE_ID,
      ownerTenantId: BASKI,
      ownerDepartmentCode: 'SU',
      workTypeCode: 'WATER-LEAK',
      priority: 'high',
      description: 'Vana arızası.',
      contact: parent.contact,
      location: parent.location,
      channel: parent.channel,
      consent: parent.consent,
      version: 1,
      slaDueAt: new Date(NOW.getTime() + 48 * 3_600_000).toISOString(),
    });
    expect(road?.case.description).toBe(parent.description);
    expect(road?.case.trackingNo).not.toBe(water?.case.trackingNo);
    for (const child of children) {
      expect(Case.parse(child.case)).toEqual(child.case);
      expect(child.events.map((e) => [e.type, e.visibility, e.status, e.caseId])).toEqual([
        ['created', 'public', 'NEW', child.case.id],
        ['routed', 'public', 'ROUTED', child.case.id],
      ]);
      // Routed already: no routing intent, and the citizen hears about the parent only.
      expect(child.intents.map((i) => i.intent)).toEqual(['analytics', 'analytics']);
    }
  });

  it('validates every child', () => {
    const bad: CaseCommand = {
      action: 'split',
      expectedVersion: 4,
      note: 'Bölünecek.',
      children: [
        { workTypeCode: 'NO-SUCH', tenantId: KARESI, departmentCode: 'FEN' },
        { workTypeCode: 'ROAD-POTHOLE', tenantId: 'nowhere', departmentCode: 'FEN' },
        { workTypeCode: 'ROAD-POTHOLE', tenantId: KARESI, departmentCode: 'SU' },
        { workTypeCode: 'PARK-TREE', tenantId: KARESI, departmentCode: 'PARK' },
        { workTypeCode: 'PARK-TREE', tenantId: KARESI, departmentCode: 'PARK' },
      ],
    };
    expect(violations(run(parent, bad, coordinator))).toEqual([
      'children.0.workTypeCode:work-type.unknown',
      'children.1.tenantId:route.tenant-unknown',
      'children.2.departmentCode:route.department-unknown',
      'children.4.workTypeCode:split.child-duplicate',
    ]);
    const unlocated = { ...parent };
    delete unlocated.location;
    expect(violations(run(unlocated, commandFor('split', parent), coordinator))).toEqual([
      'children.0.workTypeCode:location.required',
      'children.1.workTypeCode:location.required',
    ]);
  });

  it('a child reaching its end tells its parent; the parent resolves when all have', () => {
    const { after: splitParent, children } = splitOutcome();
    const [road, water] = children.map((ch) => ch.case) as [Case, Case];
    const karesiStaff = user(KARESI, ['staff'], { departmentCode: 'FEN' });
    const roadAccepted = ok(run(road, { action: 'accept', expectedVersion: 1 }, karesiStaff)).after;
    const roadDone = ok(
      run(
        roadAccepted,
        {
          action: 'resolve',
          expectedVersion: 2,
          resultCode: 'SCHEDULED',
          publicAnswer: 'Asfalt programına alındı.',
          internalNote: 'Bahar programı.',
          evidence: { plannedDate: '2027-04-01' },
        },
        karesiStaff,
      ),
    );
    expect(roadDone.intents).toContainEqual({
      intent: 'child-resolved',
      caseId: CASE_ID,
      childCaseId: road.id,
      eventId: roadDone.events.at(-1)?.eventId,
    });
    const reference = context(SUPER, splitParent);
    expect(resolveParentIfComplete(splitParent, [roadDone.after, water], reference)).toBeUndefined();
    expect(resolveParentIfComplete(splitParent, [roadDone.after], reference)).toBeUndefined();

    const baskiSupervisor = user(BASKI, ['supervisor']);
    const waterCancelled = ok(
      run(water, { action: 'cancel', expectedVersion: 1, reason: 'Mükerrer girildi.' }, baskiSupervisor),
    );
    expect(waterCancelled.intents.map((i) => i.intent)).toContain('child-resolved');
    const resolved = resolveParentIfComplete(splitParent, [roadDone.after, waterCancelled.after], reference);
    expect(resolved?.after).toMatchObject({
      status: 'RESOLVED',
      version: splitParent.version + 1,
      result: { code: 'SCHEDULED' },
    });
    expect(resolved?.after.result?.publicAnswer).toContain(
      'ROAD-POTHOLE (tr): İş programına alındı. Asfalt programına alındı.',
    );
    expect(resolved?.events.map((e) => [e.type, e.visibility, e.actor.kind])).toEqual([
      ['resolved', 'public', 'system'],
      ['note', 'internal', 'system'],
    ]);
    expect(resolved?.intents).toContainEqual({
      intent: 'notify-citizen',
      caseId: CASE_ID,
      eventId: resolved?.events[0]?.eventId,
      step: 'resolved',
    });
    // A redelivered message finds the parent resolved: nothing more happens.
    expect(
      resolveParentIfComplete(resolved?.after as Case, [roadDone.after, waterCancelled.after], reference),
    ).toBeUndefined();
  });

  it('sums mixed results up as partly resolved, and leaves an all-cancelled split to the coordinator', () => {
    const { after: splitParent, children } = splitOutcome();
    const [a, b] = children.map((ch) => ch.case) as [Case, Case];
    const at = NOW.toISOString();
    const by = { kind: 'staff' as const };
    const ended = (c: Case, code: ResultCode, status: CaseStatus = 'RESOLVED'): Case => ({
      ...c,
      status,
      result: { code, publicAnswer: 'Yapıldı, teşekkürler.', internalNote: 'Tamam.', at, by },
    });
    const reference = context(SUPER, splitParent);
    expect(
      resolveParentIfComplete(splitParent, [ended(a, 'RESOLVED'), ended(b, 'RESOLVED', 'CLOSED')], reference)
        ?.after.result?.code,
    ).toBe('RESOLVED');
    expect(
      resolveParentIfComplete(splitParent, [ended(a, 'RESOLVED'), ended(b, 'SCHEDULED')], reference)?.after
        .result?.code,
    ).toBe('RESOLVED_PARTIAL');
    expect(
      resolveParentIfComplete(splitParent, [ended(a, 'SCHEDULED'), ended(b, 'PLANNED_INVESTMENT')], reference)
        ?.after.result?.code,
    ).toBe('INFO_GIVEN');
    expect(
      resolveParentIfComplete(
        splitParent,
        [ended(a, 'CANCELLED', 'CANCELLED'), ended(b, 'CANCELLED', 'CANCELLED')],
        reference,
      ),
    ).toBeUndefined();
  });
});

describe('comments', () => {
  it('need case.comment, change nothing and are recorded once per comment id by the caller', () => {
    const c = caseIn('IN_PROGRESS', KARESI);
    const staff = user(KARESI, ['staff'], { departmentCode: 'FEN' });
    const input = {
      text: 'Malzeme bekleniyor.',
      visibility: 'internal' as const,
      commentId: 'c8a4c0a2-1111-4b1b-9f1e-2f5f5f5f5f5f',
    };
    const outcome = addComment(c, input, context(staff, c));
    expect(outcome).toMatchObject({
      ok: true,
      events: [
        {
          type: 'comment',
          visibility: 'internal',
          status: 'IN_PROGRESS',
          data: { text: input.text, commentId: input.commentId },
        },
      ],
    });
    expect(addComment(c, input, context(user(KARESI, ['manager']), c))).toEqual({
      ok: false,
      error: 'forbidden',
    });
  });
});

describe('the wire contract', () => {
  it('trims, bounds and rejects unknown fields', () => {
    expect(CaseCommand.parse({ action: 'return', expectedVersion: 3, reason: '  Bizim değil.  ' })).toEqual({
      action: 'return',
      expectedVersion: 3,
      reason: 'Bizim değil.',
    });
    const short = CaseCommand.safeParse({ action: 'return', expectedVersion: 3, reason: 'yok' });
    expect(short.error?.issues[0]?.message).toBe('command.reason');
    expect(CaseCommand.safeParse({ action: 'accept', expectedVersion: 3, extra: 1 }).success).toBe(false);
    expect(CaseCommand.safeParse({ action: 'accept', expectedVersion: 0 }).success).toBe(false);
    const oneChild = CaseCommand.safeParse({
      action: 'split',
      expectedVersion: 1,
      note: 'Tek parça.',
      children: [{ workTypeCode: 'A', tenantId: KARESI, departmentCode: 'FEN' }],
    });
    expect(oneChild.error?.issues[0]?.message).toBe('split.children');
    expect(
      CaseCommand.safeParse({
        action: 'hold',
        expectedVersion: 1,
        reason: 'material',
        resumeOn: '01.12.2026',
      }).error?.issues[0]?.message,
    ).toBe('date.invalid');
    expect(
      CaseCommand.safeParse({
        action: 'resolve',
        expectedVersion: 1,
        resultCode: 'RESOLVED',
        publicAnswer: 'kısa',
        internalNote: 'not',
      }).error?.issues[0]?.message,
    ).toBe('command.public-answer');
  });
});

describe('invariants (property-based)', () => {
  const principals: Principal[] = [
    SUPER,
    user(METRO, ['agent']),
    user(METRO, ['coordinator']),
    user(METRO, ['supervisor']),
    user(KARESI, ['supervisor']),
    user(KARESI, ['staff'], { departmentCode: 'FEN', userId: 'crew-1' }),
    user(BASKI, ['supervisor']),
  ];

  it('every success bumps the version by one, stamps updatedAt and records each change with its intents', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_STATUSES),
        fc.array(fc.tuple(fc.constantFrom(...CASE_COMMAND_NAMES), fc.constantFrom(...principals)), {
          maxLength: 30,
        }),
        (status, steps) => {
          let c = caseIn(status, KARESI);
          let clock = NOW.getTime();
          for (const [action, principal] of steps) {
            clock += 60_000;
            const now = new Date(clock);
            const facts = caseAccessFacts(c);
            const allowed = allowedActions(c, principal, facts);
            const outcome = run(c, commandFor(action, c), principal, { now });
            if (!allowed.includes(action)) expect(outcome.ok).toBe(false);
            if (!outcome.ok) {
              if (allowed.includes(action)) expect(outcome.error).toBe('rule-violation');
              continue;
            }
            const t = TRANSITIONS[action];
            expect(outcome.after.version).toBe(c.version + 1);
            expect(outcome.after.updatedAt).toBe(now.toISOString());
            expect(Case.parse(outcome.after)).toEqual(outcome.after);
            if (t.to === 'unchanged') expect(outcome.after.status).toBe(c.status);
            else if (t.to !== 'held-status') expect(outcome.after.status).toBe(t.to);
            expect(outcome.events.length).toBeGreaterThan(0);
            const declared = new Set(t.events.map((e) => `${e.type}/${e.visibility}`));
            for (const produced of [outcome, ...outcome.children]) {
              for (const e of produced.events) {
                CaseEvent.parse(e);
                expect(declared.has(`${e.type}/${e.visibility}`)).toBe(true);
                expect(e.at).toBe(now.toISOString());
                expect(produced.intents).toContainEqual({
                  intent: 'analytics',
                  caseId: e.caseId,
                  eventId: e.eventId,
                  eventType: e.type,
                });
              }
              for (const i of produced.intents) {
                OutboxIntent.parse(i);
                if (i.intent === 'notify-citizen') expect(t.notify).toContain(i.step);
              }
            }
            c = outcome.after;
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
