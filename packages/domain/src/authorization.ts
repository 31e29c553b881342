import type { Case, CaseStatus } from './case.ts';
import { foldTurkish } from './geo.ts';
import {
  PLATFORM_TENANT_ID,
  type Principal,
  type PrincipalTenantType,
  type Role,
  rolesForTenant,
} from './principal.ts';

/*
 * The one authorization module (ARCHITECTURE.md §3, docs/security.md). Every HTTP
 * route and every query asks `can` / `canOnTenant` before it reads or changes
 * anything, and `piiAccess` before it shows personal data. The rules are data (the
 * tables below), so a reviewer can read who may do what without following branches.
 * Anything a table does not grant is denied.
 */

/** Everything one can do to or with one case. */
export type CaseAction =
  | 'case.read'
  | 'case.read-public'
  | 'case.unmask-pii'
  | 'case.create'
  | 'case.triage'
  | 'case.route'
  | 'case.accept'
  | 'case.return'
  | 'case.transfer'
  | 'case.assign'
  | 'case.start'
  | 'case.hold'
  | 'case.resume'
  | 'case.resolve'
  | 'case.close'
  | 'case.reopen'
  | 'case.cancel'
  | 'case.comment';

/** Everything one can do on a tenant as a whole (queues, dashboards, administration). */
export type TenantAction =
  | 'queue.list'
  | 'dashboard.read'
  | 'audit.read'
  | 'api-key.manage'
  | 'user.manage'
  | 'settings.manage'
  /** KVKK m.11: erase a citizen's personal data from the tenant's cases. */
  | 'data.erase'
  /** Create cities and tenants and load their configuration (platform operators). */
  | 'tenant.onboard'
  /** Create and look after a tenant's administrators, e.g. a new city's first (platform operators). */
  | 'tenant-admin.manage'
  /** See and decide the follow-ups of "not resolved" survey answers (reopen or call back). */
  | 'survey.follow-up';

/** Every case action, in workflow order: for exhaustive tests and documentation. */
export const CASE_ACTIONS = [
  'case.read',
  'case.read-public',
  'case.unmask-pii',
  'case.create',
  'case.triage',
  'case.route',
  'case.accept',
  'case.return',
  'case.transfer',
  'case.assign',
  'case.start',
  'case.hold',
  'case.resume',
  'case.resolve',
  'case.close',
  'case.reopen',
  'case.cancel',
  'case.comment',
] as const satisfies readonly CaseAction[];

/** Every tenant action. */
export const TENANT_ACTIONS = [
  'queue.list',
  'dashboard.read',
  'audit.read',
  'api-key.manage',
  'user.manage',
  'settings.manage',
  'data.erase',
  'tenant.onboard',
  'tenant-admin.manage',
  'survey.follow-up',
] as const satisfies readonly TenantAction[];

/**
 * What the rules need to know about a case. Ownership history and the filer live on
 * the timeline, not on the case item, so the caller supplies them (see
 * {@link caseAccessFacts}); the module itself never loads anything.
 */
export interface CaseAccessFacts {
  /** The tenant that holds the case now; absent until routing has run. */
  ownerTenantId?: string;
  ownerDepartmentCode?: string;
  /** Tenants that held the case before a transfer: they keep read-only access. */
  formerOwnerTenantIds: string[];
  /** The neighbourhood (mahalle) of the case's location, as routing recorded it. */
  neighbourhood?: string;
  /**
   * The district whose territory holds the location. Neighbourhood names repeat
   * across districts (many have a "Cumhuriyet"), so a muhtar's neighbourhood match
   * also needs the district.
   */
  districtTenantId?: string;
  /** The staff user or muhtar who filed the case (the `created` event's actor). */
  filedByUserId?: string;
  status: CaseStatus;
}

/** Builds the access facts of a case; ownership history and filer come from its timeline. */
export function caseAccessFacts(
  c: Case,
  extra: { formerOwnerTenantIds?: string[]; filedByUserId?: string } = {},
): CaseAccessFacts {
  return {
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { ownerDepartmentCode: c.ownerDepartmentCode } : {}),
    formerOwnerTenantIds: (extra.formerOwnerTenantIds ?? []).filter((t) => t !== c.ownerTenantId),
    ...(c.location?.neighbourhood ? { neighbourhood: c.location.neighbourhood } : {}),
    ...(c.location?.districtTenantId ? { districtTenantId: c.location.districtTenantId } : {}),
    ...(extra.filedByUserId ? { filedByUserId: extra.filedByUserId } : {}),
    status: c.status,
  };
}

/**
 * How far a grant reaches, relative to the principal:
 * - `city`: the principal's tenant is the metropolitan municipality; any case of the city.
 * - `owner`: the principal's tenant holds the case now.
 * - `department`: as `owner`, and if the principal is bound to a department
 *   (`departmentCode`), the case is in that department's queue.
 * - `formerOwner`: the principal's tenant held the case before a transfer.
 * - `formerOwnerUnscoped`: as `formerOwner`, for principals not bound to a department.
 *   The facts do not say which department held the case then, so a
 *   department-bound staff member gets no access to cases that left the tenant.
 * - `intake`: a case being filed that routing has not yet given an owner, or one the
 *   principal's tenant owns. Citizens call whichever office they know ("no wrong
 *   door"); routing then decides the owner.
 * - `filer`: the principal filed the case.
 * - `neighbourhood`: the case lies in the principal's (muhtar's) neighbourhood of the
 *   principal's district.
 */
export type CaseReach =
  | 'city'
  | 'owner'
  | 'department'
  | 'formerOwner'
  | 'formerOwnerUnscoped'
  | 'intake'
  | 'filer'
  | 'neighbourhood';

type CaseRules = Readonly<Partial<Record<CaseAction, readonly CaseReach[]>>>;

/** Coordinators and agents of the metro act city-wide; in another tenant the same role acts on its own cases. */
const DESK: readonly CaseReach[] = ['city', 'owner'];
const DESK_READ: readonly CaseReach[] = ['city', 'owner', 'formerOwner'];

/**
 * The rule table: for each role, the case actions it may take and how far each
 * reaches. A principal with several roles gets the union. `case.read-public` is also
 * granted wherever `case.read` is (see {@link IMPLIED_BY}).
 */
export const CASE_RULES: Readonly<Record<Role, CaseRules>> = {
  // Call centre and walk-in desk: files cases, answers citizens about them, classifies
  // at intake and closes first-contact answers (the INFO_GIVEN rule is the workflow's).
  agent: {
    'case.read': DESK_READ,
    'case.unmask-pii': DESK,
    'case.create': ['city', 'intake'],
    'case.triage': DESK,
    'case.close': DESK,
    'case.comment': DESK,
  },
  // Metro triage and routing with a city-wide view. Cancelling stays with supervisors:
  // a coordinator who may cancel also holds the supervisor role.
  coordinator: {
    'case.read': DESK_READ,
    'case.unmask-pii': DESK,
    'case.create': ['city', 'intake'],
    'case.triage': DESK,
    'case.route': DESK,
    'case.transfer': DESK,
    'case.close': DESK,
    'case.reopen': DESK,
    'case.comment': DESK,
  },
  // Works its unit's queue: its department's cases if bound to one, else the tenant's.
  staff: {
    'case.read': ['department', 'formerOwnerUnscoped'],
    'case.unmask-pii': ['department'],
    'case.create': ['intake'],
    'case.accept': ['department'],
    'case.return': ['department'],
    'case.start': ['department'],
    'case.hold': ['department'],
    'case.resume': ['department'],
    'case.resolve': ['department'],
    'case.comment': ['department'],
  },
  // The whole tenant's queue, plus assignment, transfers, closing and cancelling.
  supervisor: {
    'case.read': ['owner', 'formerOwner'],
    'case.unmask-pii': ['owner'],
    'case.create': ['intake'],
    'case.triage': ['owner'],
    'case.accept': ['owner'],
    'case.return': ['owner'],
    'case.transfer': ['owner'],
    'case.assign': ['owner'],
    'case.start': ['owner'],
    'case.hold': ['owner'],
    'case.resume': ['owner'],
    'case.resolve': ['owner'],
    'case.close': ['owner'],
    'case.reopen': ['owner'],
    'case.cancel': ['owner'],
    'case.comment': ['owner'],
  },
  // Reads for oversight (metro managers city-wide); unmasking only within the tenant.
  manager: {
    'case.read': DESK_READ,
    'case.unmask-pii': ['owner'],
  },
  // Tenant administration only: settings, users, API keys, audit trail. No cases.
  admin: {},
  // Above tenants: onboards cities, tenants and their administrators. No case at all,
  // not even the public view: the operator is no data processor of any municipality's
  // citizens (KVKK), so there is nothing to mask or audit, only nothing to see.
  platform: {},
  // Follows the cases they filed, and the public view of their neighbourhood's cases.
  muhtar: {
    'case.read': ['filer'],
    'case.read-public': ['neighbourhood'],
    'case.create': ['intake'],
  },
  // Machine clients: every action their key's scopes name, within their tenant only
  // (creation: the intake reach). The scope check happens in `can`.
  integration: {
    'case.read': ['owner'],
    'case.unmask-pii': ['owner'],
    'case.create': ['intake'],
    'case.triage': ['owner'],
    'case.route': ['owner'],
    'case.accept': ['owner'],
    'case.return': ['owner'],
    'case.transfer': ['owner'],
    'case.assign': ['owner'],
    'case.start': ['owner'],
    'case.hold': ['owner'],
    'case.resume': ['owner'],
    'case.resolve': ['owner'],
    'case.close': ['owner'],
    'case.reopen': ['owner'],
    'case.comment': ['owner'],
  },
};

/** Statuses of a case at intake: filed, or waiting in the metro's manual triage. */
export const INTAKE_STATUSES: readonly CaseStatus[] = ['NEW', 'TRIAGE'];

/**
 * Grants that hold only in some statuses. Agents classify and close at first contact,
 * while the case is still at intake; once a unit works it, it is the unit's. Which
 * transitions are valid at all is the workflow's business, not this table's.
 */
export const CASE_STATUS_LIMITS: Readonly<
  Partial<Record<Role, Partial<Record<CaseAction, readonly CaseStatus[]>>>>
> = {
  agent: { 'case.triage': INTAKE_STATUSES, 'case.close': INTAKE_STATUSES },
};

/** Actions on an existing case, which all presuppose reading it. */
const NEEDS_READ: ReadonlySet<CaseAction> = new Set(
  CASE_ACTIONS.filter((a) => a !== 'case.create' && a !== 'case.read' && a !== 'case.read-public'),
);

/** Who may read a case may also see its public view (same principal, less data). */
const IMPLIED_BY: Readonly<Partial<Record<CaseAction, CaseAction>>> = { 'case.read-public': 'case.read' };

/**
 * How far a tenant grant reaches: `city` is any tenant of the city for a metro
 * principal; `own` is the principal's own tenant; `any` is every tenant of every
 * city, for the platform operator only (whose tenant is {@link PLATFORM_TENANT_ID}).
 */
export type TenantReach = 'city' | 'own' | 'any';

/**
 * Tenant-level rules. Administration (audit, API keys, users, settings) is always the
 * principal's own tenant, even for the metro: each municipality is its own data
 * controller under KVKK. Integration keys never manage keys, users, settings or the
 * audit trail, whatever their scopes say: a leaked key must not mint more keys.
 */
export const TENANT_RULES: Readonly<
  Record<Role, Readonly<Partial<Record<TenantAction, readonly TenantReach[]>>>>
> = {
  agent: { 'queue.list': ['city', 'own'] },
  // Survey follow-ups: the owning tenant's supervisors decide; the metro's coordination
  // centre (ŞKM), which receives every reopened case, may decide for any tenant.
  coordinator: { 'queue.list': ['city', 'own'], 'survey.follow-up': ['city', 'own'] },
  staff: { 'queue.list': ['own'] },
  supervisor: { 'queue.list': ['own'], 'survey.follow-up': ['own'] },
  manager: { 'queue.list': ['city', 'own'], 'dashboard.read': ['city', 'own'] },
  admin: {
    'audit.read': ['own'],
    'api-key.manage': ['own'],
    'user.manage': ['own'],
    'settings.manage': ['own'],
    'data.erase': ['own'],
  },
  muhtar: {},
  // The operator's own tenant holds the platform operators: they manage each other and
  // read their own audit trail; every city's tenants they onboard and give administrators.
  platform: {
    'audit.read': ['own'],
    'user.manage': ['own'],
    'tenant.onboard': ['any'],
    'tenant-admin.manage': ['any'],
  },
  integration: { 'queue.list': ['own'], 'dashboard.read': ['own'] },
};

/**
 * Personal-data levels per role, by reach. `full`: in clear, because the role
 * contacts the citizen or goes to the address (the unit working the case, or whoever
 * collected the data). `masked`: the role may read the case but does not need the
 * contact; it sees `+90 5** *** ** 67` and may unmask with an audited
 * `case.unmask-pii`. Anything else sees none. Integration keys see PII in clear only
 * with the `case.unmask-pii` scope (see {@link piiAccess}).
 */
export const PII_RULES: Readonly<
  Record<Role, { full?: readonly CaseReach[]; masked?: readonly CaseReach[] }>
> = {
  agent: { full: ['filer'], masked: DESK_READ },
  coordinator: { full: ['filer'], masked: DESK_READ },
  staff: { full: ['department', 'filer'], masked: ['formerOwnerUnscoped'] },
  supervisor: { full: ['owner', 'filer'], masked: ['formerOwner'] },
  manager: { masked: DESK_READ },
  admin: {},
  muhtar: { full: ['filer'] },
  platform: {},
  integration: { masked: ['owner'] },
};

/** A muhtar's neighbourhood matches after Turkish case folding (İ/ı, spacing). */
function sameNeighbourhood(principal: Principal, facts: CaseAccessFacts): boolean {
  if (!principal.neighbourhood || !facts.neighbourhood) return false;
  if (facts.districtTenantId !== principal.tenantId) return false;
  const mine = foldTurkish(principal.neighbourhood);
  return mine !== '' && mine === foldTurkish(facts.neighbourhood);
}

function reaches(principal: Principal, reach: CaseReach, facts: CaseAccessFacts): boolean {
  const ownsNow = facts.ownerTenantId !== undefined && facts.ownerTenantId === principal.tenantId;
  const ownedBefore = !ownsNow && facts.formerOwnerTenantIds.includes(principal.tenantId);
  switch (reach) {
    case 'city':
      return principal.tenantType === 'metropolitan';
    case 'owner':
      return ownsNow;
    case 'department':
      return ownsNow && (!principal.departmentCode || principal.departmentCode === facts.ownerDepartmentCode);
    case 'formerOwner':
      return ownedBefore;
    case 'formerOwnerUnscoped':
      return ownedBefore && !principal.departmentCode;
    case 'intake':
      return facts.ownerTenantId === undefined || ownsNow;
    case 'filer':
      return facts.filedByUserId !== undefined && facts.filedByUserId === principal.userId;
    case 'neighbourhood':
      return sameNeighbourhood(principal, facts);
  }
}

/**
 * The roles that count for a principal. An API key acts only as `integration`,
 * whatever roles it carries; a signed-in user never does (principalFromClaims drops
 * that group, and this guards any other source of principals). The platform role
 * counts only in the platform tenant, and only it counts there ({@link rolesForTenant}).
 */
function effectiveRoles(principal: Principal): Role[] {
  if (principal.kind === 'integration') return ['integration'];
  return rolesForTenant(principal.tenantId, principal.roles);
}

function hasScope(principal: Principal, action: CaseAction | TenantAction): boolean {
  return principal.kind === 'integration' && (principal.scopes ?? []).includes(action);
}

function grants(principal: Principal, role: Role, action: CaseAction, facts: CaseAccessFacts): boolean {
  if (role === 'integration' && !hasScope(principal, action)) return false;
  const allowedStatuses = CASE_STATUS_LIMITS[role]?.[action];
  if (allowedStatuses && !allowedStatuses.includes(facts.status)) return false;
  return (CASE_RULES[role][action] ?? []).some((reach) => reaches(principal, reach, facts));
}

/**
 * May this principal take this action on this case? Deny by default: only what the
 * rule table grants is allowed, and a principal without roles may do nothing.
 *
 * For `case.create`, pass the facts of the case as it will be filed (normally no
 * owner yet).
 *
 * **A denied `case.read` (or any action on a case the principal may not read) must be
 * answered with 404 Not Found, exactly like a case that does not exist, never 403:**
 * otherwise a district could probe which cases exist in other tenants. A 403 is
 * right only when the principal may read the case but not take this action on it.
 */
export function can(principal: Principal, action: CaseAction, resource: CaseAccessFacts): boolean {
  const implied = IMPLIED_BY[action];
  const granted = effectiveRoles(principal).some(
    (role) =>
      grants(principal, role, action, resource) ||
      (implied !== undefined && grants(principal, role, implied, resource)),
  );
  // Nobody acts on a case they may not read: the caller would have answered 404 for it
  // anyway, and an API key scoped to `case.resolve` alone must not work blind.
  return granted && (!NEEDS_READ.has(action) || can(principal, 'case.read', resource));
}

/**
 * May this principal take this tenant-level action on the given tenant (list its
 * queue, read its dashboard, manage its keys, users and settings, read its audit
 * trail)? Deny by default, like {@link can}.
 */
export function canOnTenant(principal: Principal, action: TenantAction, tenantId: string): boolean {
  return effectiveRoles(principal).some((role) => {
    if (role === 'integration' && !hasScope(principal, action)) return false;
    return (TENANT_RULES[role][action] ?? []).some((reach) => {
      if (reach === 'any') return principal.tenantId === PLATFORM_TENANT_ID;
      if (reach === 'city') return principal.tenantType === 'metropolitan';
      return tenantId === principal.tenantId;
    });
  });
}

/**
 * Operations of the deployment itself, above every tenant: the queues and dead-letter
 * queues carry every tenant's messages (ids only, no personal data), so no tenant grant
 * covers them.
 */
export type OperationsAction = 'dead-letters.manage';

/**
 * Who may operate the deployment, by role and the kind of organisation the principal
 * belongs to: the platform operator, and the metropolitan municipality's
 * administrators, who run the city's deployment day to day (a district's do not).
 * API keys never operate the deployment.
 */
export const OPERATIONS_RULES: Readonly<
  Record<OperationsAction, Readonly<Partial<Record<Role, readonly PrincipalTenantType[]>>>>
> = {
  'dead-letters.manage': { platform: ['platform'], admin: ['metropolitan'] },
};

/** May this principal take this deployment-wide operations action? Deny by default. */
export function canOperate(principal: Principal, action: OperationsAction): boolean {
  const rule = OPERATIONS_RULES[action];
  return effectiveRoles(principal).some((role) => rule[role]?.includes(principal.tenantType) ?? false);
}

/**
 * The roles a user of this tenant may be given through user administration: in the
 * platform tenant only `platform`; in a city's tenant every staff role. Never
 * `integration` (API keys only) and never `platform` outside the platform tenant.
 */
export function grantableRoles(tenantId: string): Role[] {
  const all = [
    'agent',
    'coordinator',
    'staff',
    'supervisor',
    'manager',
    'admin',
    'muhtar',
    'platform',
  ] as const;
  return rolesForTenant(tenantId, [...all]);
}

/**
 * May this principal manage (invite, change, disable, enable, reset) a user of
 * `target.tenantId` holding `target.roles`? Ask it with the user's roles as they are
 * and, for a change, as they will be. A tenant's administrators manage their own
 * tenant's users; platform operators manage each other and every tenant's
 * administrators (a user whose only role is `admin`), never a tenant's other staff.
 * Users without a role are managed only by their own tenant's administrators.
 */
export function canManageUser(
  principal: Principal,
  target: { tenantId: string; roles: readonly Role[] },
): boolean {
  const grantable = grantableRoles(target.tenantId);
  if (!target.roles.every((r) => grantable.includes(r))) return false;
  if (canOnTenant(principal, 'user.manage', target.tenantId)) return true;
  const onlyAdmin = target.roles.length > 0 && target.roles.every((r) => r === 'admin');
  return onlyAdmin && canOnTenant(principal, 'tenant-admin.manage', target.tenantId);
}

/** How much of a case's personal data a principal sees by default. */
export type PiiAccessLevel = 'full' | 'masked' | 'none';

/**
 * How much personal data (name, phone, e-mail, TCKN, exact address) this principal
 * sees on this case: `full` in clear (the handler records each such read in the audit
 * trail), `masked` (may ask for it with an audited `case.unmask-pii` if `can` allows),
 * or `none` (the public view at most). Never more than `none` for a case the principal
 * may not `case.read`.
 */
export function piiAccess(principal: Principal, resource: CaseAccessFacts): PiiAccessLevel {
  if (!can(principal, 'case.read', resource)) return 'none';
  let level: PiiAccessLevel = 'none';
  for (const role of effectiveRoles(principal)) {
    const rule = PII_RULES[role];
    // A key scoped to `case.unmask-pii` sees in clear what it would otherwise see masked:
    // a machine cannot click "show", so the scope is its standing, audited unmask.
    const full = role === 'integration' && hasScope(principal, 'case.unmask-pii') ? rule.masked : rule.full;
    if (full?.some((reach) => reaches(principal, reach, resource))) return 'full';
    if (rule.masked?.some((reach) => reaches(principal, reach, resource))) level = 'masked';
  }
  return level;
}
