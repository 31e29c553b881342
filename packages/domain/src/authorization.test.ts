import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_ACTIONS,
  type CaseAccessFacts,
  type CaseAction,
  can,
  canManageUser,
  canOnTenant,
  caseAccessFacts,
  grantableRoles,
  piiAccess,
  TENANT_ACTIONS,
  type TenantAction,
} from './authorization.ts';
import { type Case, CaseStatus } from './case.ts';
import { foldTurkish } from './geo.ts';
import {
  PLATFORM_TENANT_ID,
  type Principal,
  principalFromClaims,
  Role,
  rolesForTenant,
} from './principal.ts';
import type { TenantType } from './tenant.ts';

/*
 * The expectations here are written out by hand from the rules, not derived
 * from the module's tables: a wrong table entry must fail a test, not reproduce itself.
 */

const METRO = 'balikesir-bb';
const KARESI = 'balikesir-karesi';
const ALTIEYLUL = 'balikesir-altieylul';
const EDREMIT = 'balikesir-edremit';
const BASKI = 'baski';

const TENANT_OF: Record<TenantType, string> = { metropolitan: METRO, district: KARESI, utility: BASKI };
const TYPE_OF: Record<string, TenantType> = {
  [METRO]: 'metropolitan',
  [KARESI]: 'district',
  [ALTIEYLUL]: 'district',
  [EDREMIT]: 'district',
  [BASKI]: 'utility',
};
/** Some other tenant than the given one, of a different kind where possible. */
const OTHER_THAN: Record<string, string> = { [METRO]: ALTIEYLUL, [KARESI]: ALTIEYLUL, [BASKI]: METRO };

const ALL_ACTIONS: CaseAction[] = [...CASE_ACTIONS];
const READS: CaseAction[] = ['case.read', 'case.read-public'];
const READ_UNMASK: CaseAction[] = [...READS, 'case.unmask-pii'];

function user(tenantType: TenantType, roles: Role[], extra: Partial<Principal> = {}): Principal {
  return { kind: 'user', userId: 'user-1', tenantId: TENANT_OF[tenantType], tenantType, roles, ...extra };
}

function integration(tenantType: TenantType, scopes: string[], extra: Partial<Principal> = {}): Principal {
  return {
    kind: 'integration',
    userId: 'key-1',
    tenantId: TENANT_OF[tenantType],
    tenantType,
    roles: ['integration'],
    scopes,
    ...extra,
  };
}

type Relation = 'own' | 'former' | 'other';

function factsFor(
  principal: Principal,
  relation: Relation,
  status: CaseStatus = 'IN_PROGRESS',
): CaseAccessFacts {
  const other = OTHER_THAN[principal.tenantId] ?? METRO;
  return {
    ownerTenantId: relation === 'own' ? principal.tenantId : other,
    ownerDepartmentCode: 'ROADS',
    formerOwnerTenantIds: relation === 'former' ? [principal.tenantId] : [],
    status,
  };
}

const allowed = (p: Principal, facts: CaseAccessFacts) => ALL_ACTIONS.filter((a) => can(p, a, facts));

type Expectation = Record<Relation, CaseAction[]>;

const DESK_AGENT: CaseAction[] = [...READ_UNMASK, 'case.create', 'case.comment'];
const DESK_COORDINATOR: CaseAction[] = [
  ...READ_UNMASK,
  'case.create',
  'case.triage',
  'case.route',
  'case.transfer',
  'case.close',
  'case.reopen',
  'case.comment',
];
const UNIT_STAFF: CaseAction[] = [
  ...READ_UNMASK,
  'case.create',
  'case.accept',
  'case.return',
  'case.start',
  'case.hold',
  'case.resume',
  'case.resolve',
  'case.comment',
];
const UNIT_SUPERVISOR: CaseAction[] = ALL_ACTIONS.filter((a) => a !== 'case.route');

/** A case in progress, from the point of view of each role and tenant kind. */
function expected(role: Role, tenantType: TenantType): Expectation {
  const metro = tenantType === 'metropolitan';
  const local = (own: CaseAction[]): Expectation => ({ own, former: READS, other: [] });
  switch (role) {
    case 'agent':
      return metro ? { own: DESK_AGENT, former: DESK_AGENT, other: DESK_AGENT } : local(DESK_AGENT);
    case 'coordinator':
      return metro
        ? { own: DESK_COORDINATOR, former: DESK_COORDINATOR, other: DESK_COORDINATOR }
        : local(DESK_COORDINATOR);
    case 'staff':
      return local(UNIT_STAFF);
    case 'supervisor':
      return local(UNIT_SUPERVISOR);
    case 'manager':
      return metro ? { own: READ_UNMASK, former: READS, other: READS } : local(READ_UNMASK);
    case 'admin':
      return { own: [], former: [], other: [] };
    case 'muhtar':
      // Neither filed by them nor in their neighbourhood: they may only file new cases.
      return { own: ['case.create'], former: [], other: [] };
    case 'platform':
      // Outside the platform tenant the group counts for nothing; inside it, no case either.
      return { own: [], former: [], other: [] };
    case 'integration':
      // Scoped to every action: still only its own tenant's cases, and never cancel.
      return { own: ALL_ACTIONS.filter((a) => a !== 'case.cancel'), former: [], other: [] };
  }
}

const TENANT_TYPES: TenantType[] = ['metropolitan', 'district', 'utility'];
const RELATIONS: Relation[] = ['own', 'former', 'other'];

describe('the rule matrix: every role × tenant kind × case action × relation', () => {
  const rows = Role.options.flatMap((role) =>
    TENANT_TYPES.flatMap((tenantType) => RELATIONS.map((relation) => ({ role, tenantType, relation }))),
  );
  it.each(rows)('$role of a $tenantType tenant, $relation case', ({ role, tenantType, relation }) => {
    const principal =
      role === 'integration' ? integration(tenantType, [...CASE_ACTIONS]) : user(tenantType, [role]);
    const want = expected(role, tenantType)[relation];
    expect(allowed(principal, factsFor(principal, relation))).toEqual(
      ALL_ACTIONS.filter((a) => want.includes(a)),
    );
  });
});

describe('case rules beyond the matrix', () => {
  it('denies everything to a user without roles', () => {
    for (const tenantType of TENANT_TYPES) {
      const p = user(tenantType, []);
      for (const relation of RELATIONS) expect(allowed(p, factsFor(p, relation))).toEqual([]);
      expect(TENANT_ACTIONS.filter((a) => canOnTenant(p, a, p.tenantId))).toEqual([]);
    }
  });

  it('lets agents triage and close only at intake (first contact)', () => {
    const agent = user('metropolitan', ['agent']);
    for (const status of CaseStatus.options) {
      const facts = factsFor(agent, 'other', status);
      const atIntake = status === 'NEW' || status === 'TRIAGE';
      expect(can(agent, 'case.triage', facts)).toBe(atIntake);
      expect(can(agent, 'case.close', facts)).toBe(atIntake);
      expect(can(agent, 'case.comment', facts)).toBe(true);
    }
  });

  it('lets coordinators cancel only when they are supervisors too, and then only their tenant’s cases', () => {
    const coordinator = user('metropolitan', ['coordinator']);
    expect(can(coordinator, 'case.cancel', factsFor(coordinator, 'own'))).toBe(false);
    const both = user('metropolitan', ['coordinator', 'supervisor']);
    expect(can(both, 'case.cancel', factsFor(both, 'own'))).toBe(true);
    expect(can(both, 'case.cancel', factsFor(both, 'other'))).toBe(false);
    expect(can(both, 'case.route', factsFor(both, 'other'))).toBe(true);
  });

  it('limits department-bound staff to their department, but not supervisors', () => {
    const staff = user('district', ['staff'], { departmentCode: 'PARKS' });
    const supervisor = user('district', ['supervisor'], { departmentCode: 'PARKS' });
    const roads = { ...factsFor(staff, 'own'), ownerDepartmentCode: 'ROADS' };
    const parks = { ...factsFor(staff, 'own'), ownerDepartmentCode: 'PARKS' };
    // Filing is not department-bound: a field worker may report what they see.
    expect(allowed(staff, roads)).toEqual(['case.create']);
    expect(allowed(staff, parks)).toEqual(UNIT_STAFF);
    expect(can(supervisor, 'case.assign', roads)).toBe(true);
    // Which department held a transferred case is not recorded: department-bound staff lose it.
    expect(can(staff, 'case.read', factsFor(staff, 'former'))).toBe(false);
    expect(can(supervisor, 'case.read', factsFor(supervisor, 'former'))).toBe(true);
  });

  it('gives muhtars their filed cases in full and their neighbourhood’s cases as the public view only', () => {
    const muhtar = user('district', ['muhtar'], { userId: 'muhtar-7', neighbourhood: 'Hisariçi' });
    const filed: CaseAccessFacts = {
      ownerTenantId: BASKI,
      formerOwnerTenantIds: [],
      filedByUserId: 'muhtar-7',
      status: 'ROUTED',
    };
    expect(allowed(muhtar, filed)).toEqual(['case.read', 'case.read-public']);
    expect(piiAccess(muhtar, filed)).toBe('full');

    const nearby: CaseAccessFacts = {
      ownerTenantId: METRO,
      formerOwnerTenantIds: [],
      neighbourhood: 'HİSARİÇİ ',
      districtTenantId: KARESI,
      status: 'IN_PROGRESS',
    };
    expect(allowed(muhtar, nearby)).toEqual(['case.read-public']);
    expect(piiAccess(muhtar, nearby)).toBe('none');
    // The same neighbourhood name in another district is another neighbourhood.
    expect(allowed(muhtar, { ...nearby, districtTenantId: ALTIEYLUL })).toEqual([]);
    expect(allowed(muhtar, { ...nearby, districtTenantId: undefined })).toEqual([]);
    expect(allowed(muhtar, { ...nearby, neighbourhood: 'Dumlupınar' })).toEqual([]);
    // A draft case, before routing: muhtars file cases.
    expect(can(muhtar, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' })).toBe(true);
  });

  it('limits integration keys to their scopes and their tenant', () => {
    const key = integration('district', ['case.create', 'case.read']);
    const own = factsFor(key, 'own');
    expect(allowed(key, own)).toEqual(['case.read', 'case.read-public', 'case.create']);
    expect(allowed(key, factsFor(key, 'other'))).toEqual([]);
    // A key never works blind: acting on a case needs the read scope too.
    expect(allowed(integration('district', ['case.resolve']), own)).toEqual([]);
    expect(allowed(integration('district', ['case.resolve', 'case.read']), own)).toEqual([
      'case.read',
      'case.read-public',
      'case.resolve',
    ]);
    expect(can(key, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' })).toBe(true);
    expect(piiAccess(key, own)).toBe('masked');
    expect(piiAccess(integration('district', ['case.read', 'case.unmask-pii']), own)).toBe('full');
    // Roles on a key are ignored: a key acts only through its scopes.
    expect(allowed(integration('district', [], { roles: ['supervisor', 'integration'] }), own)).toEqual([]);
    // A metro key is not city-wide.
    const metroKey = integration('metropolitan', ['case.read']);
    expect(can(metroKey, 'case.read', factsFor(metroKey, 'other'))).toBe(false);
  });

  it('ignores an integration role on a signed-in user', () => {
    const p = user('district', ['integration'], { scopes: [...CASE_ACTIONS] });
    expect(allowed(p, factsFor(p, 'own'))).toEqual([]);
  });

  it('lets only the metro’s city-wide roles see a case routing has not placed yet', () => {
    const unrouted: CaseAccessFacts = { formerOwnerTenantIds: [], status: 'NEW' };
    expect(can(user('metropolitan', ['coordinator']), 'case.read', unrouted)).toBe(true);
    expect(can(user('metropolitan', ['staff']), 'case.read', unrouted)).toBe(false);
    expect(can(user('district', ['agent']), 'case.read', unrouted)).toBe(false);
    expect(can(user('district', ['agent']), 'case.create', unrouted)).toBe(true);
    expect(can(user('district', ['agent']), 'case.create', factsFor(user('district', []), 'other'))).toBe(
      false,
    );
  });
});

describe('tenant rules', () => {
  const expectedTenant = (role: Role, metro: boolean): Record<'own' | 'other', TenantAction[]> => {
    switch (role) {
      case 'agent':
        return { own: ['queue.list'], other: metro ? ['queue.list'] : [] };
      case 'coordinator': {
        const actions: TenantAction[] = ['queue.list', 'survey.follow-up'];
        return { own: actions, other: metro ? actions : [] };
      }
      case 'staff':
        return { own: ['queue.list'], other: [] };
      case 'supervisor':
        return { own: ['queue.list', 'survey.follow-up'], other: [] };
      case 'manager':
        return {
          own: ['queue.list', 'dashboard.read'],
          other: metro ? ['queue.list', 'dashboard.read'] : [],
        };
      case 'admin':
        return {
          own: ['audit.read', 'api-key.manage', 'user.manage', 'settings.manage', 'data.erase'],
          other: [],
        };
      case 'muhtar':
        return { own: [], other: [] };
      case 'platform':
        // A platform group on a city's user is a stray: it grants nothing there.
        return { own: [], other: [] };
      case 'integration':
        // Scoped to everything, a key still never administers.
        return { own: ['queue.list', 'dashboard.read'], other: [] };
    }
  };
  const rows = Role.options.flatMap((role) => TENANT_TYPES.map((tenantType) => ({ role, tenantType })));
  it.each(rows)('$role of a $tenantType tenant', ({ role, tenantType }) => {
    const p =
      role === 'integration' ? integration(tenantType, [...TENANT_ACTIONS]) : user(tenantType, [role]);
    const want = expectedTenant(role, tenantType === 'metropolitan');
    const other = OTHER_THAN[p.tenantId] ?? METRO;
    expect(TENANT_ACTIONS.filter((a) => canOnTenant(p, a, p.tenantId))).toEqual(want.own);
    expect(TENANT_ACTIONS.filter((a) => canOnTenant(p, a, other))).toEqual(want.other);
  });
});

describe('the platform operator', () => {
  const operator: Principal = {
    kind: 'user',
    userId: 'op-1',
    tenantId: PLATFORM_TENANT_ID,
    tenantType: 'platform',
    roles: ['platform'],
  };

  it('has no access to any case, not even its public view or its personal data', () => {
    for (const relation of RELATIONS) {
      const facts = factsFor(user('district', []), relation);
      for (const owner of [METRO, KARESI, BASKI, PLATFORM_TENANT_ID, undefined]) {
        const f = { ...facts, ...(owner ? { ownerTenantId: owner } : {}), filedByUserId: operator.userId };
        expect(CASE_ACTIONS.filter((a) => can(operator, a, f))).toEqual([]);
        expect(piiAccess(operator, f)).toBe('none');
      }
    }
  });

  it('onboards tenants and manages their administrators anywhere, its own tenant otherwise', () => {
    for (const tenantId of [METRO, KARESI, BASKI, 'yeni-sehir-bb']) {
      expect(TENANT_ACTIONS.filter((a) => canOnTenant(operator, a, tenantId))).toEqual([
        'tenant.onboard',
        'tenant-admin.manage',
      ]);
    }
    expect(TENANT_ACTIONS.filter((a) => canOnTenant(operator, a, PLATFORM_TENANT_ID))).toEqual([
      'audit.read',
      'user.manage',
      'tenant.onboard',
      'tenant-admin.manage',
    ]);
  });

  it('counts only in the platform tenant, and only the platform role counts there', () => {
    const stray = user('metropolitan', ['platform']);
    expect(TENANT_ACTIONS.filter((a) => canOnTenant(stray, a, KARESI))).toEqual([]);
    const mixed: Principal = { ...operator, roles: ['platform', 'admin', 'coordinator'] };
    expect(TENANT_ACTIONS.filter((a) => canOnTenant(mixed, a, KARESI))).toEqual([
      'tenant.onboard',
      'tenant-admin.manage',
    ]);
    const unrouted: CaseAccessFacts = { formerOwnerTenantIds: [], status: 'NEW' };
    expect(can(mixed, 'case.read', unrouted)).toBe(false);
    expect(can(mixed, 'case.create', unrouted)).toBe(false);
  });

  it('is a principal without a catalogue entry, from the reserved tenant id', () => {
    const claims = {
      sub: 'op-1',
      'custom:tenant_id': PLATFORM_TENANT_ID,
      'cognito:groups': '[platform admin]',
    };
    expect(principalFromClaims(claims, () => undefined)).toEqual({
      kind: 'user',
      userId: 'op-1',
      tenantId: PLATFORM_TENANT_ID,
      tenantType: 'platform',
      roles: ['platform'],
    });
    const karesi = { sub: 'u-1', 'custom:tenant_id': KARESI, 'cognito:groups': '[platform staff]' };
    expect(principalFromClaims(karesi, () => 'district')?.roles).toEqual(['staff']);
  });
});

describe('user administration', () => {
  const operator: Principal = {
    kind: 'user',
    userId: 'op-1',
    tenantId: PLATFORM_TENANT_ID,
    tenantType: 'platform',
    roles: ['platform'],
  };
  const karesiAdmin = user('district', ['admin']);

  it('grants staff roles in a city tenant and only the platform role in the platform tenant', () => {
    expect(grantableRoles(KARESI)).toEqual([
      'agent',
      'coordinator',
      'staff',
      'supervisor',
      'manager',
      'admin',
      'muhtar',
    ]);
    expect(grantableRoles(PLATFORM_TENANT_ID)).toEqual(['platform']);
  });

  it("lets a tenant's admin manage any of its own users, never another tenant's", () => {
    expect(canManageUser(karesiAdmin, { tenantId: KARESI, roles: ['staff', 'supervisor'] })).toBe(true);
    expect(canManageUser(karesiAdmin, { tenantId: KARESI, roles: [] })).toBe(true);
    expect(canManageUser(karesiAdmin, { tenantId: KARESI, roles: ['admin'] })).toBe(true);
    expect(canManageUser(karesiAdmin, { tenantId: ALTIEYLUL, roles: ['staff'] })).toBe(false);
    expect(canManageUser(karesiAdmin, { tenantId: ALTIEYLUL, roles: ['admin'] })).toBe(false);
    expect(canManageUser(karesiAdmin, { tenantId: KARESI, roles: ['platform'] })).toBe(false);
    expect(canManageUser(karesiAdmin, { tenantId: PLATFORM_TENANT_ID, roles: ['platform'] })).toBe(false);
    // The metro's admin is one municipality's admin, not the city's.
    expect(canManageUser(user('metropolitan', ['admin']), { tenantId: KARESI, roles: ['admin'] })).toBe(
      false,
    );
    for (const role of ['agent', 'coordinator', 'staff', 'supervisor', 'manager', 'muhtar'] as const)
      expect(canManageUser(user('district', [role]), { tenantId: KARESI, roles: ['staff'] })).toBe(false);
  });

  it("lets the platform operator manage every tenant's administrators, not their other staff", () => {
    expect(canManageUser(operator, { tenantId: KARESI, roles: ['admin'] })).toBe(true);
    expect(canManageUser(operator, { tenantId: 'yeni-sehir-bb', roles: ['admin'] })).toBe(true);
    expect(canManageUser(operator, { tenantId: KARESI, roles: ['admin', 'staff'] })).toBe(false);
    expect(canManageUser(operator, { tenantId: KARESI, roles: ['staff'] })).toBe(false);
    expect(canManageUser(operator, { tenantId: KARESI, roles: [] })).toBe(false);
    expect(canManageUser(operator, { tenantId: PLATFORM_TENANT_ID, roles: ['platform'] })).toBe(true);
    expect(canManageUser(operator, { tenantId: PLATFORM_TENANT_ID, roles: ['admin'] })).toBe(false);
    const key = integration('district', [...TENANT_ACTIONS]);
    expect(canManageUser(key, { tenantId: KARESI, roles: ['staff'] })).toBe(false);
  });
});

describe('personal data levels', () => {
  it('shows PII in clear only to the unit working the case and to whoever filed it', () => {
    const levels = (p: Principal) => RELATIONS.map((r) => piiAccess(p, factsFor(p, r)));
    expect(levels(user('district', ['staff']))).toEqual(['full', 'masked', 'none']);
    expect(levels(user('district', ['supervisor']))).toEqual(['full', 'masked', 'none']);
    expect(levels(user('metropolitan', ['coordinator']))).toEqual(['masked', 'masked', 'masked']);
    expect(levels(user('metropolitan', ['agent']))).toEqual(['masked', 'masked', 'masked']);
    expect(levels(user('metropolitan', ['manager']))).toEqual(['masked', 'masked', 'masked']);
    expect(levels(user('district', ['manager']))).toEqual(['masked', 'masked', 'none']);
    expect(levels(user('metropolitan', ['admin']))).toEqual(['none', 'none', 'none']);
    const agent = user('metropolitan', ['agent']);
    expect(piiAccess(agent, { ...factsFor(agent, 'other'), filedByUserId: agent.userId })).toBe('full');
  });
});

describe('caseAccessFacts', () => {
  const c: Case = {
    id: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
    cityId: 'balikesir',
    trackingNo: '482739150266',
    status: 'IN_PROGRESS',
    workTypeCode: 'ROAD-POTHOLE',
    catalogVersion: '1',
    kind: 'request',
    priority: 'normal',
    channel: 'web',
    description: 'Çukur var',
    location: { lat: 39.65, lon: 27.88, neighbourhood: 'Hisariçi', districtTenantId: KARESI },
    attachments: [],
    consent: { accepted: true, noticeVersion: '1' },
    ownerTenantId: KARESI,
    ownerDepartmentCode: 'ROADS',
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    slaDueAt: '2026-11-03T10:00:00.000Z',
    version: 3,
  };

  it('takes ownership and place from the case and history from the timeline', () => {
    expect(caseAccessFacts(c, { formerOwnerTenantIds: [METRO, KARESI], filedByUserId: 'u-9' })).toEqual({
      ownerTenantId: KARESI,
      ownerDepartmentCode: 'ROADS',
      formerOwnerTenantIds: [METRO],
      neighbourhood: 'Hisariçi',
      districtTenantId: KARESI,
      filedByUserId: 'u-9',
      status: 'IN_PROGRESS',
    });
    expect(caseAccessFacts({ ...c, location: undefined, ownerTenantId: undefined })).toEqual({
      ownerDepartmentCode: 'ROADS',
      formerOwnerTenantIds: [],
      status: 'IN_PROGRESS',
    });
  });
});

/*
 * Isolation property: random principals of random tenants and roles against random
 * cases. The invariants are stated from the rules, independently of the tables.
 */
describe('isolation property', () => {
  const TENANTS = [METRO, KARESI, ALTIEYLUL, EDREMIT, BASKI];
  const USERS = ['u-1', 'u-2', 'u-3'];
  const DEPARTMENTS = ['ROADS', 'PARKS', 'WATER'];
  const NEIGHBOURHOODS = ['Hisariçi', 'HİSARİÇİ', 'Cumhuriyet', 'Dumlupınar'];
  const SCOPES: string[] = [...CASE_ACTIONS, ...TENANT_ACTIONS, 'unknown.scope'];
  const MUTATIONS = ALL_ACTIONS.filter(
    (a) => !['case.read', 'case.read-public', 'case.unmask-pii', 'case.create'].includes(a),
  );
  const CITY_WIDE_ROLES: Role[] = ['agent', 'coordinator'];

  const principalArb: fc.Arbitrary<Principal> = fc
    .record(
      {
        kind: fc.constantFrom<Principal['kind']>('user', 'integration'),
        userId: fc.constantFrom(...USERS),
        tenantId: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...TENANTS) },
          { weight: 1, arbitrary: fc.constant(PLATFORM_TENANT_ID) },
        ),
        roles: fc.subarray([...Role.options]),
        neighbourhood: fc.constantFrom(...NEIGHBOURHOODS),
        departmentCode: fc.constantFrom(...DEPARTMENTS),
        scopes: fc.subarray(SCOPES),
      },
      { requiredKeys: ['kind', 'userId', 'tenantId', 'roles'] },
    )
    .map(
      (p): Principal =>
        p.tenantId === PLATFORM_TENANT_ID
          ? // API keys belong to a city's tenant; the platform tenant has users only.
            { ...p, kind: 'user', tenantType: 'platform' }
          : { ...p, tenantType: TYPE_OF[p.tenantId] ?? 'district' },
    );

  const factsArb: fc.Arbitrary<CaseAccessFacts> = fc
    .record(
      {
        ownerTenantId: fc.constantFrom(...TENANTS),
        ownerDepartmentCode: fc.constantFrom(...DEPARTMENTS),
        formerOwnerTenantIds: fc.subarray(TENANTS),
        neighbourhood: fc.constantFrom(...NEIGHBOURHOODS),
        districtTenantId: fc.constantFrom(KARESI, ALTIEYLUL, EDREMIT),
        filedByUserId: fc.constantFrom(...USERS),
        status: fc.constantFrom(...CaseStatus.options),
      },
      { requiredKeys: ['formerOwnerTenantIds', 'status'] },
    )
    .map((f) => ({
      ...f,
      formerOwnerTenantIds: f.formerOwnerTenantIds.filter((t) => t !== f.ownerTenantId),
    }));

  /** The roles that count: a user's groups as their tenant allows them (no platform role in a city). */
  const userRoles = (p: Principal): Role[] => (p.kind === 'user' ? rolesForTenant(p.tenantId, p.roles) : []);

  it('never lets a read, a mutation or personal data cross the rules (≥ 1,000 pairs per run)', () => {
    let pairs = 0;
    fc.assert(
      fc.property(principalArb, factsArb, (p, f) => {
        pairs++;
        const owns = f.ownerTenantId === p.tenantId;
        const ownedBefore = f.formerOwnerTenantIds.includes(p.tenantId);
        const roles = userRoles(p);
        const isMuhtar = roles.includes('muhtar');
        const filed = f.filedByUserId !== undefined && f.filedByUserId === p.userId;
        const inNeighbourhood =
          p.neighbourhood !== undefined &&
          f.neighbourhood !== undefined &&
          f.districtTenantId === p.tenantId &&
          foldTurkish(p.neighbourhood) === foldTurkish(f.neighbourhood);
        const cityWide = p.tenantType === 'metropolitan' && roles.some((r) => CITY_WIDE_ROLES.includes(r));
        const cityReader = p.tenantType === 'metropolitan' && (cityWide || roles.includes('manager'));
        const ok = (a: CaseAction) => can(p, a, f);

        // A principal with no roles (and a key with no scopes) can do nothing.
        if (p.kind === 'user' && roles.length === 0) expect(ALL_ACTIONS.filter(ok)).toEqual([]);
        // Nobody of the platform tenant touches a case, whatever groups they carry; a
        // platform group on a city's user adds nothing.
        if (p.tenantId === PLATFORM_TENANT_ID) {
          expect(ALL_ACTIONS.filter(ok)).toEqual([]);
          expect(piiAccess(p, f)).toBe('none');
        } else if (p.kind === 'user' && p.roles.includes('platform')) {
          const without = { ...p, roles: p.roles.filter((r) => r !== 'platform') };
          expect(ALL_ACTIONS.filter(ok)).toEqual(ALL_ACTIONS.filter((a) => can(without, a, f)));
        }
        if (p.kind === 'integration' && (p.scopes ?? []).length === 0)
          expect(ALL_ACTIONS.filter(ok)).toEqual([]);

        // Reads: never a case the principal's tenant never held, outside the metro's
        // city-wide readers and a muhtar's own or neighbourhood cases.
        for (const a of READ_UNMASK) {
          if (!ok(a)) continue;
          const muhtarView = isMuhtar && (filed || (a === 'case.read-public' && inNeighbourhood));
          expect(owns || ownedBefore || cityReader || muhtarView).toBe(true);
        }
        // The full view of a muhtar's neighbourhood case is never implied by the public one.
        if (roles.length === 1 && isMuhtar) {
          expect(ok('case.read')).toBe(filed);
          expect(ok('case.read-public')).toBe(filed || inNeighbourhood);
          expect(MUTATIONS.filter(ok)).toEqual([]);
          expect(ok('case.unmask-pii')).toBe(false);
        }

        // Mutations: only on cases the tenant owns now, except the metro's city-wide desks;
        // never read-only-after-transfer; never by managers, admins or muhtars alone.
        for (const a of MUTATIONS) {
          if (!ok(a)) continue;
          expect(owns || cityWide).toBe(true);
          expect(ok('case.read')).toBe(true);
          expect(
            roles.some((r) => ['agent', 'coordinator', 'staff', 'supervisor'].includes(r)) ||
              p.kind === 'integration',
          ).toBe(true);
          if (a === 'case.cancel') expect(roles.includes('supervisor') && owns).toBe(true);
        }
        if (ok('case.create')) expect(f.ownerTenantId === undefined || owns || cityWide).toBe(true);
        if (ok('case.unmask-pii')) expect(ok('case.read')).toBe(true);

        // Department-bound staff (no other role) work their department's cases only.
        if (roles.length === 1 && roles[0] === 'staff' && p.departmentCode) {
          for (const a of [...MUTATIONS, 'case.unmask-pii' as const]) {
            if (ok(a)) expect(owns && f.ownerDepartmentCode === p.departmentCode).toBe(true);
          }
        }

        // Integration keys: only their scopes, only their tenant.
        if (p.kind === 'integration') {
          for (const a of ALL_ACTIONS.filter(ok)) {
            const scoped =
              (p.scopes ?? []).includes(a) ||
              (a === 'case.read-public' && (p.scopes ?? []).includes('case.read'));
            expect(scoped).toBe(true);
            expect(a === 'case.create' ? f.ownerTenantId === undefined || owns : owns).toBe(true);
          }
        }

        // Personal data: nothing for a case one may not read; in clear only for the unit
        // that owns it, whoever filed it, or a key scoped to unmask within its tenant.
        const level = piiAccess(p, f);
        if (!ok('case.read')) expect(level).toBe('none');
        if (level === 'full') {
          const unit = roles.some((r) => r === 'staff' || r === 'supervisor') && owns;
          const key = p.kind === 'integration' && (p.scopes ?? []).includes('case.unmask-pii') && owns;
          expect(unit || filed || key).toBe(true);
          expect(roles.length > 0 && roles.every((r) => r === 'manager' || r === 'admin')).toBe(false);
        }
      }),
      { numRuns: 2_000 },
    );
    expect(pairs).toBeGreaterThanOrEqual(1_000);
  });

  it('never lets a tenant action reach another tenant outside the metro’s city-wide roles', () => {
    const adminActions: TenantAction[] = ['audit.read', 'api-key.manage', 'user.manage', 'settings.manage'];
    fc.assert(
      fc.property(
        principalArb,
        fc.constantFrom(...TENANTS),
        fc.constantFrom(...TENANT_ACTIONS),
        (p, tenantId, a) => {
          if (!canOnTenant(p, a, tenantId)) return;
          const roles = userRoles(p);
          const operator = p.tenantId === PLATFORM_TENANT_ID;
          if (operator) expect(roles).toContain('platform');
          if (tenantId !== p.tenantId && operator) {
            expect(['tenant.onboard', 'tenant-admin.manage']).toContain(a);
          } else if (tenantId !== p.tenantId) {
            expect(p.tenantType).toBe('metropolitan');
            expect(['queue.list', 'dashboard.read', 'survey.follow-up']).toContain(a);
            expect(roles.some((r) => ['agent', 'coordinator', 'manager'].includes(r))).toBe(true);
            // Survey follow-ups of other tenants: the metro's coordination centre only.
            if (a === 'survey.follow-up') expect(roles).toContain('coordinator');
          }
          if (['tenant.onboard', 'tenant-admin.manage'].includes(a)) expect(operator).toBe(true);
          if (adminActions.includes(a) && !operator) expect(roles).toContain('admin');
          if (p.kind === 'integration') expect(p.scopes).toContain(a);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
