import { randomUUID } from 'node:crypto';
import {
  ApiKeyRepository,
  type CaseRepository,
  CognitoUserAccounts,
  caseRepositoryFromEnvironment,
  createCognitoClient,
  newId,
  UserDirectoryRepository,
  WebhookRepository,
} from '@citydesk/data';
import {
  ApiKeyScope,
  analyticsAccess,
  CASE_COMMAND_NAMES,
  type Case,
  type CaseAccessFacts,
  type CaseAction,
  type CaseCommandName,
  type CaseEvent,
  CaseStatus,
  can,
  canManageIncident,
  canManageUser,
  canOnTenant,
  canOperate,
  canReadIncidents,
  canTriageInbox,
  canVerifyAnalytics,
  maskEmail,
  maskPhone,
  type PiiAccessLevel,
  PLATFORM_TENANT_ID,
  type Principal,
  type PrincipalTenantType,
  piiAccess,
  Role,
  rolesForTenant,
  TRANSITIONS,
} from '@citydesk/domain';
import { demoCityCatalog, demoCityConfiguration } from '@citydesk/domain/demo-city';
import { type HttpRouteDefinition, httpRoutes, secrets } from '@citydesk/functions/manifest';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeRoute, type RouteResponse, useHandlerEnvironment } from '../support/handler-invocation.ts';
import { type CitizenData, citizenData, storeCase } from '../support/stored-cases.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * Route-level tenant isolation, as a property (issue 3): random principals (users of
 * random tenants with random roles, departments and neighbourhoods; integration keys
 * with random scopes) call EVERY route of the manifest against random stored cases.
 * The expected outcome of each call is derived from the pure rules (`can`,
 * `canOnTenant`, `piiAccess`) on the case's facts as stored, never from the
 * handlers, and the suite asserts that
 *   - no read returns a case the rules deny: the answer is the very 404 a missing
 *     case gets, so existence does not leak;
 *   - no list item crosses the rules, and no list or other answer carries personal
 *     data beyond the level the rules allow for it (clear, masked, none);
 *   - no mutation succeeds where the rules deny it, and the stored case (item and
 *     timeline) is then unchanged.
 *
 * Handlers are invoked in this process with the API Gateway v2 events the gateway
 * builds, carrying the generated principal's verified claims (token verification is
 * tested in local-cloud-auth.test.ts); integration principals present real API keys.
 * The module-level property in packages/domain/src/authorization.test.ts checks the
 * rules themselves on thousands of generated pairs; this one checks that every route
 * applies them. A route added to the manifest fails here until it is classified in
 * EXPECTATIONS below.
 */

// ---------------------------------------------------------------------------------------------
// The city, its people and its cases

const catalog = demoCityCatalog();
const METRO = 'balikesir-bb';
const KARESI = 'balikesir-karesi';
const ALTIEYLUL = 'balikesir-altieylul';
const EDREMIT = 'balikesir-edremit';
const BASKI = 'baski';
/** Tenants most principals and cases belong to, so that they often meet. */
const CORE_TENANTS = [METRO, KARESI, ALTIEYLUL, EDREMIT, BASKI];
const ALL_TENANTS = catalog.tenants.map((t) => t.id);
const tenantTypeOf = (id: string): PrincipalTenantType => {
  if (id === PLATFORM_TENANT_ID) return 'platform';
  const type = catalog.tenants.find((t) => t.id === id)?.type;
  if (!type) throw new Error(`unknown tenant ${id}`);
  return type;
};
const DEPARTMENTS = ['FEN', 'TEMIZLIK', 'SU_ISLETME'];
/** Departments a queue query may name (StaffQueueQuery's pattern has no underscore). */
const QUEUE_DEPARTMENTS = ['FEN', 'TEMIZLIK'];
/** Districts with neighbourhood data, and two neighbourhoods each (names meet across tenants). */
const NEIGHBOURHOODS: Record<string, { name: string; lat: number; lon: number }[]> = Object.fromEntries(
  [KARESI, ALTIEYLUL].map((district) => [
    district,
    catalog.neighbourhoods
      .filter((n) => n.districtTenantId === district && n.centroid)
      .slice(0, 2)
      .map((n) => ({ name: n.name, lat: n.centroid?.lat ?? 0, lon: n.centroid?.lon ?? 0 })),
  ]),
);
const ALL_NEIGHBOURHOODS = Object.values(NEIGHBOURHOODS).flatMap((list) => list.map((n) => n.name));
/** Staff user ids are bound to one tenant, as a Cognito `sub` is. */
const USERS_PER_TENANT = 3;
const userIdOf = (tenantId: string, slot: number) => `${tenantId}.user-${slot}`;
const tenantOfUser = (userId: string) => userId.slice(0, userId.lastIndexOf('.user-'));
const CASE_COUNT = 40;
const STATUSES = CaseStatus.options;

let repository: CaseRepository;
let apiKeys: ApiKeyRepository;
let accounts: CognitoUserAccounts;
let webhooks: WebhookRepository;
/**
 * Webhook subscriptions of each core tenant that administrators may change in the
 * test: inactive (no case of the test is delivered to them) and aimed at a closed
 * loopback port, so a test ping fails at once without leaving the machine.
 */
const victimWebhooks: { id: string; tenantId: string }[] = [];
const VICTIM_WEBHOOK_URL = 'http://127.0.0.1:9/isolation';
/** Users of each core tenant (a staff member, an admin) and a platform operator, for the user-administration routes. */
const userVictims: { username: string; tenantId: string; roles: Role[] }[] = [];
/** The stored cases: id → the personal data they were filed with. */
const cases = new Map<string, CitizenData>();
const caseIds: string[] = [];
/** A team of each core tenant's directory, for assignments. */
const teams = new Map<string, { id: string; name: string }>();
/** Integration keys by tenant and scopes, issued on first use. */
const integrationKeys = new Map<string, Promise<{ key: string; id: string; name: string }>>();
/** Keys administrators may rotate or revoke in the test (never those the test calls with). */
const victimKeys: { id: string; tenantId: string; key: string; active: boolean }[] = [];
let routeCalls = 0;
/** How the generated calls fell, per route: guards against a property that only ever sees one side. */
type Outcome = 'denied-read' | 'denied-action' | 'permitted' | 'succeeded';
const outcomes = new Map<string, Record<Outcome, number>>();
function tally(routeId: string, outcome: Outcome) {
  const counts = outcomes.get(routeId) ?? {
    'denied-read': 0,
    'denied-action': 0,
    permitted: 0,
    succeeded: 0,
  };
  counts[outcome]++;
  outcomes.set(routeId, counts);
}

// ---------------------------------------------------------------------------------------------
// Principals

type UserSpec = {
  kind: 'user';
  tenantId: string;
  slot: number;
  roles: Role[];
  departmentCode: string | undefined;
  neighbourhood: string | undefined;
};
type IntegrationSpec = { kind: 'integration'; tenantId: string; scopes: string[] };
type CallerSpec = UserSpec | IntegrationSpec | { kind: 'anonymous' };

/** A resolved caller: the principal the rules judge and how the request proves it. */
type Caller =
  | { kind: 'anonymous'; principal: undefined; headers: Record<string, string> }
  | {
      kind: 'user' | 'integration';
      principal: Principal;
      headers: Record<string, string>;
      claims?: Record<string, unknown>;
    };

const tenantArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CORE_TENANTS) },
  { weight: 1, arbitrary: fc.constantFrom(...ALL_TENANTS) },
);
/** Mostly one role (the common case), sometimes several, sometimes none or a forged `integration` group. */
const rolesArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...Role.options).map((r) => [r]) },
  { weight: 2, arbitrary: fc.subarray([...Role.options], { minLength: 2, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant([] as Role[]) },
);
/** Users also come from the platform operator's tenant, which is no city's. */
const userTenantArb = fc.oneof(
  { weight: 12, arbitrary: tenantArb },
  { weight: 1, arbitrary: fc.constant(PLATFORM_TENANT_ID) },
);
const userArb: fc.Arbitrary<UserSpec> = userTenantArb.chain((tenantId) =>
  fc.record({
    kind: fc.constant('user' as const),
    tenantId: fc.constant(tenantId),
    slot: fc.nat({ max: USERS_PER_TENANT - 1 }),
    roles: rolesArb,
    departmentCode: fc.option(fc.constantFrom(...DEPARTMENTS), { nil: undefined, freq: 2 }),
    // A muhtar's neighbourhood is usually one of their own district's.
    neighbourhood: fc.option(
      NEIGHBOURHOODS[tenantId]
        ? fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...(NEIGHBOURHOODS[tenantId] ?? []).map((n) => n.name)) },
            { weight: 1, arbitrary: fc.constantFrom(...ALL_NEIGHBOURHOODS) },
          )
        : fc.constantFrom(...ALL_NEIGHBOURHOODS),
      { nil: undefined, freq: 2 },
    ),
  }),
);
const SCOPES = ApiKeyScope.options;
const integrationArb: fc.Arbitrary<IntegrationSpec> = fc.record({
  kind: fc.constant('integration' as const),
  tenantId: fc.constantFrom(...CORE_TENANTS),
  scopes: fc.oneof(
    { weight: 2, arbitrary: fc.subarray([...SCOPES], { minLength: 1 }) },
    {
      weight: 2,
      arbitrary: fc.subarray(['case.read', 'queue.list', 'case.unmask-pii', 'case.accept', 'case.comment']),
    },
    { weight: 1, arbitrary: fc.constantFrom<string[]>(['case.resolve'], ['queue.list'], ['case.read']) },
  ),
});
const callerArb = (route: HttpRouteDefinition): fc.Arbitrary<CallerSpec> =>
  route.auth === 'jwt'
    ? userArb
    : route.auth === 'apiKey'
      ? integrationArb
      : fc.constant({ kind: 'anonymous' });

async function resolveCaller(spec: CallerSpec, language: 'tr' | 'en'): Promise<Caller> {
  const headers: Record<string, string> = { 'accept-language': language };
  if (spec.kind === 'anonymous') return { kind: 'anonymous', principal: undefined, headers };
  if (spec.kind === 'integration') {
    const scopes = [...new Set(spec.scopes)].sort();
    const cacheKey = `${spec.tenantId}|${scopes.join(',')}`;
    let issued = integrationKeys.get(cacheKey);
    if (!issued) {
      issued = apiKeys.issue({
        tenantId: spec.tenantId,
        name: `Isolation test client ${integrationKeys.size + 1}`,
        scopes,
        createdBy: 'route-isolation-test',
      });
      integrationKeys.set(cacheKey, issued);
    }
    const key = await issued;
    return {
      kind: 'integration',
      principal: {
        kind: 'integration',
        userId: key.id,
        username: key.name,
        tenantId: spec.tenantId,
        tenantType: tenantTypeOf(spec.tenantId),
        roles: ['integration'],
        scopes,
      },
      headers: { ...headers, 'x-api-key': key.key },
    };
  }
  const userId = userIdOf(spec.tenantId, spec.slot);
  const principal: Principal = {
    kind: 'user',
    userId,
    username: userId,
    tenantId: spec.tenantId,
    tenantType: tenantTypeOf(spec.tenantId),
    roles: spec.roles,
    ...(spec.neighbourhood ? { neighbourhood: spec.neighbourhood } : {}),
    ...(spec.departmentCode ? { departmentCode: spec.departmentCode } : {}),
  };
  const now = Math.floor(Date.now() / 1000);
  // The ID token as Cognito issues it; the invoker stringifies it as API Gateway does.
  const claims: Record<string, unknown> = {
    sub: userId,
    'cognito:username': userId,
    'custom:tenant_id': spec.tenantId,
    ...(spec.roles.length > 0 ? { 'cognito:groups': spec.roles } : {}),
    ...(spec.neighbourhood ? { 'custom:neighbourhood': spec.neighbourhood } : {}),
    ...(spec.departmentCode ? { 'custom:department': spec.departmentCode } : {}),
    token_use: 'id',
    iss: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_isolation',
    aud: 'isolation-test-client',
    auth_time: now,
    iat: now,
    exp: now + 3600,
  };
  return { kind: 'user', principal, headers, claims };
}

const describeCaller = (caller: Caller) =>
  caller.principal ? JSON.stringify({ ...caller.principal, username: undefined }) : 'anonymous';

// ---------------------------------------------------------------------------------------------
// The oracle: stored state, facts and personal data

interface Snapshot {
  case: Case;
  events: CaseEvent[];
}

async function snapshot(caseId: string): Promise<Snapshot> {
  const found = await repository.getCaseWithTimeline(caseId);
  if (!found) throw new Error(`case ${caseId} vanished`);
  return found;
}

/**
 * The access facts of a stored case, derived here from the data model rather than by
 * the handlers' code: every tenant named on the timeline held the case at that step,
 * so all but the current owner are former owners; the staff actor of `created` filed it.
 */
function factsOf({ case: c, events }: Snapshot): CaseAccessFacts {
  const holders = new Set(events.flatMap((e) => (e.tenantId ? [e.tenantId] : [])));
  if (c.ownerTenantId) holders.delete(c.ownerTenantId);
  const created = events.find((e) => e.type === 'created');
  return {
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { ownerDepartmentCode: c.ownerDepartmentCode } : {}),
    formerOwnerTenantIds: [...holders],
    ...(c.location?.neighbourhood ? { neighbourhood: c.location.neighbourhood } : {}),
    ...(c.location?.districtTenantId ? { districtTenantId: c.location.districtTenantId } : {}),
    ...(created?.actor.kind === 'staff' && created.actor.id ? { filedByUserId: created.actor.id } : {}),
    status: c.status,
  };
}

const mayRead = (p: Principal | undefined, facts: CaseAccessFacts) => !!p && can(p, 'case.read', facts);

/** The strings that identify a citizen: what must never appear where the rules allow less than clear. */
function rawPii(data: CitizenData): string[] {
  return [data.name, data.phone, data.phone.replace('+90', ''), data.email, data.address];
}

/**
 * Asserts that a response shows no more personal data than allowed: of the target
 * case at most `ceiling`, of every other stored case none at all.
 */
function expectPiiWithin(
  res: RouteResponse,
  target: string | undefined,
  ceiling: PiiAccessLevel,
  context: string,
) {
  for (const [caseId, data] of cases) {
    const level = caseId === target ? ceiling : 'none';
    if (level === 'full') continue;
    for (const value of rawPii(data)) {
      expect(
        res.text.includes(value),
        `${context}: personal data of case ${caseId} (${level} allowed) leaked`,
      ).toBe(false);
    }
    if (level === 'none' && caseId === target) {
      for (const masked of [maskPhone(data.phone), maskEmail(data.email)])
        expect(res.text.includes(masked), `${context}: masked contact shown where none is allowed`).toBe(
          false,
        );
    }
  }
}

function expectUnchanged(before: Snapshot, after: Snapshot, context: string) {
  expect(after.case, `${context}: a denied call changed the case`).toEqual(before.case);
  expect(after.events.length, `${context}: a denied call wrote to the timeline`).toBe(before.events.length);
}

const ok = (status: number) => status >= 200 && status < 300;
const problemOf = (res: RouteResponse) => {
  const { instance: _instance, ...rest } = res.json;
  return { status: res.status, ...rest };
};

// ---------------------------------------------------------------------------------------------
// Expectations, one per route

/** Everything one generated call works with. */
interface Call {
  route: HttpRouteDefinition;
  caller: Caller;
  /** Target cases (the first is the case of a `{caseId}` route). */
  targets: string[];
  /** Another tenant, for routes that take one. */
  tenantId: string;
  pick: number;
  language: 'tr' | 'en';
}

interface RouteExpectation {
  /** Generated calls per run: the routes that decide per case get the most. */
  runs: number;
  check(call: Call): Promise<void>;
}

const send = async (call: Call, request: Omit<Parameters<typeof invokeRoute>[0], 'route'>) => {
  routeCalls++;
  return invokeRoute({
    route: call.route,
    ...request,
    headers: { ...call.caller.headers, ...request.headers },
    ...(call.caller.kind === 'user' && call.caller.claims ? { claims: call.caller.claims } : {}),
  });
};

/** What a case-scoped route needs beyond reading, and what a permitted call may answer. */
interface CaseRouteRule {
  /** The action the rules must grant (besides `case.read`), or none for a plain read. */
  needs?: (call: Call, body: unknown) => CaseAction;
  /** Does a permitted call change the case (then a denied one must not)? */
  mutates: boolean;
  body?: (call: Call, current: Snapshot) => unknown;
  query?: (call: Call) => Record<string, string>;
  /** Path parameters besides `caseId`. */
  params?: (call: Call) => Record<string, string>;
  /** Statuses a permitted call may answer (default: any below 500). */
  permitted?: number[];
  /** Personal data the answer may show of the case when it succeeds. */
  ceiling: (principal: Principal, after: Snapshot, status: number) => PiiAccessLevel;
  /** Further checks on a permitted, successful answer. */
  verify?: (call: Call, res: RouteResponse, after: Snapshot) => void;
}

/** The rules for a route addressed to one case (`/…/cases/{caseId}/…`). */
function caseRoute(rule: CaseRouteRule): RouteExpectation {
  return {
    runs: 24,
    async check(call) {
      const caseId = call.targets[0] as string;
      const p = call.caller.principal;
      const before = await snapshot(caseId);
      const facts = factsOf(before);
      const body = rule.body?.(call, before);
      const request = {
        pathParameters: { caseId, ...rule.params?.(call) },
        ...(rule.query ? { query: rule.query(call) } : {}),
        ...(body !== undefined ? { body } : {}),
      };
      const res = await send(call, request);
      const after = await snapshot(caseId);
      const context = `${call.route.id} by ${describeCaller(call.caller)} on ${caseId} (${JSON.stringify(facts)}) → ${res.status} ${res.text.slice(0, 300)}`;
      expect(res.status, context).toBeLessThan(500);

      if (!p || !mayRead(p, facts)) {
        // Indistinguishable from a case that does not exist.
        const missing = await send(call, {
          ...request,
          pathParameters: { ...request.pathParameters, caseId: newId() },
        });
        expect(problemOf(res), `${context}: a denied read must look exactly like a missing case`).toEqual(
          problemOf(missing),
        );
        expect(res.status, context).toBe(404);
        expectUnchanged(before, after, context);
        expectPiiWithin(res, caseId, 'none', context);
        tally(call.route.id, 'denied-read');
        return;
      }
      const needed = rule.needs?.(call, body);
      if (needed && !can(p, needed, facts)) {
        expect(ok(res.status), `${context}: succeeded without ${needed}`).toBe(false);
        expectUnchanged(before, after, context);
        expectPiiWithin(res, caseId, 'none', context);
        tally(call.route.id, 'denied-action');
        return;
      }
      tally(call.route.id, ok(res.status) ? 'succeeded' : 'permitted');
      if (rule.permitted) expect(rule.permitted, context).toContain(res.status);
      const ceiling = ok(res.status) ? rule.ceiling(p, after, res.status) : 'none';
      expectPiiWithin(res, caseId, ceiling, context);
      if (ok(res.status)) rule.verify?.(call, res, after);
    },
  };
}

/** A case view (detail, or the state after an action): its declared level is the rules' level, and it holds. */
function verifyCaseView(call: Call, res: RouteResponse, after: Snapshot) {
  const p = call.caller.principal as Principal;
  const level = piiAccess(p, factsOf(after));
  expect(res.json.piiAccess, `${call.route.id}: declared personal-data level`).toBe(level);
  const shown = res.json.case as Case;
  if (level === 'none') {
    expect(shown.contact, `${call.route.id}: contact shown at level none`).toBeUndefined();
    expect(shown.location?.address, `${call.route.id}: address shown at level none`).toBeUndefined();
  }
  if (level === 'full' && after.case.contact?.phone)
    expect(shown.contact?.phone, `${call.route.id}: full level shows the phone`).toBe(
      after.case.contact.phone,
    );
}

const viewCeiling = (p: Principal, after: Snapshot) => piiAccess(p, factsOf(after));
const noPii = () => 'none' as const;

/** The action each workflow command needs (docs/security.md, "Case actions"). */
const COMMAND_ACTIONS: Record<string, CaseAction> = {
  reclassify: 'case.triage',
  route: 'case.route',
  split: 'case.route',
  accept: 'case.accept',
  return: 'case.return',
  transfer: 'case.transfer',
  assign: 'case.assign',
  'accept-assignment': 'case.start',
  'decline-assignment': 'case.start',
  start: 'case.start',
  hold: 'case.hold',
  resume: 'case.resume',
  resolve: 'case.resolve',
  close: 'case.close',
  reopen: 'case.reopen',
  cancel: 'case.cancel',
};
const COMMANDS = Object.keys(COMMAND_ACTIONS);

/**
 * A well-formed command at the version the caller sees: mostly one the case's status
 * admits (so permitted calls can succeed), sometimes any command at all.
 */
function commandFor(call: Call, current: Snapshot): Record<string, unknown> {
  const fitting = COMMANDS.filter((c) =>
    TRANSITIONS[c as CaseCommandName].from.includes(current.case.status),
  );
  const choices = call.pick % 4 === 0 || fitting.length === 0 ? COMMANDS : fitting;
  const action = choices[Math.floor(call.pick / 4) % choices.length] as string;
  const base = { action, expectedVersion: current.case.version };
  const reason = 'İzolasyon testi gerekçesi';
  const team = teams.get(current.case.ownerTenantId ?? call.tenantId) ?? teams.get(KARESI);
  switch (action) {
    case 'reclassify':
      return { ...base, workTypeCode: 'ROAD-POTHOLE-LOCAL', priority: 'high' };
    case 'route':
      return { ...base, tenantId: call.tenantId, departmentCode: 'FEN' };
    case 'split':
      return {
        ...base,
        note: 'İki birime bölündü',
        children: [
          { workTypeCode: 'ROAD-POTHOLE-LOCAL', tenantId: KARESI, departmentCode: 'FEN' },
          { workTypeCode: 'ROAD-POTHOLE-LOCAL', tenantId: ALTIEYLUL, departmentCode: 'FEN' },
        ],
      };
    case 'transfer':
      return { ...base, tenantId: call.tenantId, departmentCode: 'FEN', reason };
    case 'assign':
      return { ...base, assignee: { kind: 'team', id: team?.id ?? 'none', name: team?.name ?? 'Ekip' } };
    case 'return':
    case 'decline-assignment':
    case 'cancel':
      return { ...base, reason };
    case 'hold':
      return {
        ...base,
        reason: 'material',
        resumeOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      };
    case 'resolve':
    case 'close':
      return {
        ...base,
        resultCode: 'INFO_GIVEN',
        publicAnswer: 'Talebiniz hakkında bilgi verildi, teşekkür ederiz.',
        internalNote: 'Vatandaş bilgilendirildi.',
      };
    case 'reopen':
      return { ...base, reason, requestedBy: 'staff' };
    default:
      return base;
  }
}

/** The rules for a list of a tenant's cases: who may list it, and that every item is readable and owned. */
function tenantCaseList(options: { department?: boolean }): RouteExpectation {
  return {
    runs: 16,
    async check(call) {
      const p = call.caller.principal as Principal;
      const askOther = call.pick % 3 !== 0;
      const tenantId = askOther ? call.tenantId : p.tenantId;
      const departmentCode =
        options.department && call.pick % 4 === 1
          ? QUEUE_DEPARTMENTS[call.pick % QUEUE_DEPARTMENTS.length]
          : undefined;
      const query: Record<string, string> = {
        limit: '25',
        ...(askOther ? { tenantId } : {}),
        ...(departmentCode ? { departmentCode } : {}),
      };
      const res = await send(call, { query });
      const context = `${call.route.id}?${new URLSearchParams(query)} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, context).toBeLessThan(500);
      const bound =
        tenantId === p.tenantId && p.departmentCode && departmentCode && departmentCode !== p.departmentCode;
      if (!canOnTenant(p, 'queue.list', tenantId) || (options.department && bound)) {
        expect(res.status, `${context}: listing must be refused`).toBe(403);
        expectPiiWithin(res, undefined, 'none', context);
        return;
      }
      expect(res.status, context).toBe(200);
      const items = (res.json.items ?? []) as {
        id: string;
        ownerTenantId?: string;
        ownerDepartmentCode?: string;
      }[];
      for (const item of items) {
        const stored = await snapshot(item.id);
        const facts = factsOf(stored);
        expect(stored.case.ownerTenantId, `${context}: item ${item.id} is not the listed tenant's`).toBe(
          tenantId,
        );
        expect(
          can(p, 'case.read', facts),
          `${context}: listed ${item.id} (${JSON.stringify(facts)}) the rules deny`,
        ).toBe(true);
        if (departmentCode) expect(stored.case.ownerDepartmentCode, context).toBe(departmentCode);
      }
      // Lists carry no personal data of any case.
      expectPiiWithin(res, undefined, 'none', context);
    },
  };
}

/** Administration of the caller's own tenant: only its admins, never across tenants. */
function tenantAdmin(
  action: 'api-key.manage',
  check: (call: Call, allowed: boolean) => Promise<void>,
): RouteExpectation {
  return {
    runs: 10,
    async check(call) {
      const p = call.caller.principal as Principal;
      await check(call, canOnTenant(p, action, p.tenantId));
    },
  };
}

function pickVictim(call: Call) {
  return victimKeys[call.pick % victimKeys.length] as (typeof victimKeys)[number];
}

/** Rotating or revoking: only the owning tenant's admin; another tenant's key is "not found" and keeps working. */
function keyChange(kind: 'rotate' | 'revoke'): RouteExpectation {
  return tenantAdmin('api-key.manage', async (call, allowed) => {
    const p = call.caller.principal as Principal;
    const victim = pickVictim(call);
    const wasValid = (await apiKeys.verify(victim.key)) !== undefined;
    const res = await send(call, { pathParameters: { keyId: victim.id } });
    const context = `${call.route.id} of ${victim.tenantId}'s key by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
    expect(res.status, context).toBeLessThan(500);
    const own = victim.tenantId === p.tenantId;
    if (!allowed) expect(res.status, context).toBe(403);
    else if (!own) expect(res.status, context).toBe(404);
    else expect(res.status, context).toBe(wasValid ? (kind === 'rotate' ? 201 : 204) : 404);
    const stillValid = (await apiKeys.verify(victim.key)) !== undefined;
    if (!(allowed && own)) expect(stillValid, `${context}: a refused ${kind} changed the key`).toBe(wasValid);
    if (ok(res.status)) {
      victim.active = false;
      expect(stillValid, `${context}: the old secret must stop at once`).toBe(false);
      if (kind === 'rotate') {
        expect(res.json.tenantId, context).toBe(p.tenantId);
        victimKeys.push({
          id: String(res.json.id),
          tenantId: p.tenantId,
          key: String(res.json.key),
          active: true,
        });
      }
    }
  });
}

const potholeSubmission = (n: number) => ({
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  description: 'Sokağımızda derin bir çukur var, araçlar zarar görüyor.',
  location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar', address: `Lale Sokak No:${n}` },
  contact: {
    name: 'Deneme Vatandaş',
    phone: `+9053388${String(n % 100000).padStart(5, '0')}`,
    preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
});

/** Public routes: anyone may call them, and they show nobody's personal data. */
function publicRoute(
  runs: number,
  request: (call: Call) => Omit<Parameters<typeof invokeRoute>[0], 'route'>,
  expected: number,
): RouteExpectation {
  return {
    runs,
    async check(call) {
      const res = await send(call, request(call));
      const context = `${call.route.id} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, context).toBe(expected);
      expectPiiWithin(res, undefined, 'none', context);
    },
  };
}

/**
 * Every route's expectation, by manifest id. A route missing here fails the suite:
 * whoever adds a route decides which rule governs it and what it must not leak.
 */
const EXPECTATIONS: Record<string, RouteExpectation> = {
  // --- public: no principal, no personal data
  Health: publicRoute(1, () => ({}), 200),
  OpenApi: publicRoute(1, () => ({}), 200),
  PublicCatalog: publicRoute(1, () => ({}), 200),
  AuthConfig: publicRoute(1, () => ({}), 200),
  CreatePublicCase: publicRoute(
    2,
    (call) => ({ body: potholeSubmission(call.pick), headers: { 'idempotency-key': randomUUID() } }),
    201,
  ),
  TrackPublicCase: {
    runs: 10,
    async check(call) {
      const caseId = call.targets[0] as string;
      const { case: c } = await snapshot(caseId);
      const res = await send(call, { pathParameters: { trackingNo: c.trackingNo } });
      const context = `TrackPublicCase ${caseId} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, context).toBe(200);
      // The public view: no contact (not even masked), no address, no description.
      expectPiiWithin(res, caseId, 'none', context);
      if (c.description)
        expect(res.text.includes(c.description), `${context}: description shown`).toBe(false);
    },
  },

  // --- the signed-in user themself
  StaffMe: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {});
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ userId: p.userId, tenantId: p.tenantId });
      // The roles that count in the tenant: a stray platform group on a city's user is dropped.
      expect(new Set(res.json.roles as string[])).toEqual(new Set(rolesForTenant(p.tenantId, p.roles)));
      expectPiiWithin(res, undefined, 'none', 'StaffMe');
    },
  },
  StaffAvailability: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const deputy = userIdOf(call.tenantId, call.pick % USERS_PER_TENANT);
      const res = await send(call, { body: { absent: call.pick % 2 === 0, deputyUserId: deputy } });
      const context = `StaffAvailability deputy ${deputy} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, context).toBeLessThan(500);
      // A deputy from another organisation would receive its cases: never.
      if (tenantOfUser(deputy) !== p.tenantId || deputy === p.userId)
        expect(ok(res.status), context).toBe(false);
    },
  },
  StaffDirectory: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {});
      const context = `StaffDirectory by ${describeCaller(call.caller)} → ${res.status}`;
      // Only those who work or administer the tenant's queue see its people.
      const allowed = canOnTenant(p, 'queue.list', p.tenantId) || canOnTenant(p, 'user.manage', p.tenantId);
      expect(res.status, context).toBe(allowed ? 200 : 403);
      if (!allowed) return;
      expect(res.json.tenantId, context).toBe(p.tenantId);
      for (const person of res.json.people as { userId: string }[]) {
        if (person.userId.includes('.user-'))
          expect(tenantOfUser(person.userId), `${context}: another organisation's staff listed`).toBe(
            p.tenantId,
          );
      }
      for (const other of CORE_TENANTS.filter((t) => t !== p.tenantId)) {
        const team = teams.get(other);
        if (team) expect(res.text.includes(team.id), `${context}: ${other}'s team listed`).toBe(false);
      }
    },
  },

  // --- the signed-in user's own notifications, preference and watched cases
  StaffNotifications: {
    runs: 4,
    async check(call) {
      const res = await send(call, { query: { limit: '10' } });
      const context = `StaffNotifications by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(200);
      expect(typeof res.json.unreadCount, context).toBe('number');
      // The list names cases by tracking number only: never a citizen's data.
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  StaffNotificationsRead: {
    runs: 4,
    async check(call) {
      const all = call.pick % 2 === 0;
      const res = await send(call, { body: all ? { all: true } : { ids: [`x#${call.pick}`] } });
      expect(res.status, `StaffNotificationsRead → ${res.status} ${res.text.slice(0, 200)}`).toBe(200);
      // Someone else's entry cannot be named: the ids are looked up in the caller's own list.
      if (!all) expect(res.json.marked).toBe(0);
    },
  },
  StaffGetNotificationPreferences: {
    runs: 3,
    async check(call) {
      const res = await send(call, {});
      expect(res.status).toBe(200);
      expect(['off', 'immediate']).toContain(res.json.email);
    },
  },
  StaffPutNotificationPreferences: {
    runs: 4,
    async check(call) {
      const res = await send(call, { body: { email: 'off', events: ['assigned'] } });
      const context = `StaffPutNotificationPreferences by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      // Saved for someone in the directory, refused for anyone else; never a server error.
      expect([200, 422], context).toContain(res.status);
    },
  },
  // Watching needs the case to be readable: a denied watch looks exactly like a missing case.
  StaffWatchCase: caseRoute({ mutates: false, permitted: [200], ceiling: () => 'none' }),
  StaffUnwatchCase: {
    runs: 6,
    async check(call) {
      const caseId = call.targets[0] as string;
      const before = await snapshot(caseId);
      const res = await send(call, { pathParameters: { caseId } });
      const context = `StaffUnwatchCase by ${describeCaller(call.caller)} on ${caseId} → ${res.status}`;
      // Only the caller's own watch is removed, so any case may be named and nothing leaks.
      expect(res.status, context).toBe(200);
      expectUnchanged(before, await snapshot(caseId), context);
      expectPiiWithin(res, caseId, 'none', context);
    },
  },
  StaffWatching: {
    runs: 4,
    async check(call) {
      const res = await send(call, {});
      const context = `StaffWatching by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(200);
      // Ids and tracking numbers only. (Access may have changed since a case was watched:
      // the notifications worker checks `case.read` again before every entry.)
      for (const watched of res.json.items as Record<string, unknown>[])
        expect(Object.keys(watched).sort(), context).toEqual(['caseId', 'since', 'trackingNo']);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },

  // --- lists of a tenant's cases
  StaffListCases: tenantCaseList({}),
  IntegrationListCases: tenantCaseList({}),
  StaffQueue: tenantCaseList({ department: true }),

  // --- one case
  StaffGetCase: caseRoute({ mutates: false, permitted: [200], ceiling: viewCeiling, verify: verifyCaseView }),
  IntegrationGetCase: caseRoute({
    mutates: false,
    permitted: [200],
    ceiling: viewCeiling,
    verify: verifyCaseView,
  }),
  StaffUnmaskPii: caseRoute({
    needs: () => 'case.unmask-pii',
    mutates: false,
    body: () => ({ reason: 'Vatandaşı geri aramak için (izolasyon testi)' }),
    permitted: [200],
    ceiling: () => 'full',
  }),
  StaffCaseAction: caseRoute({
    needs: (_call, body) => COMMAND_ACTIONS[(body as { action: string }).action] as CaseAction,
    mutates: true,
    body: commandFor,
    ceiling: viewCeiling,
    verify: verifyCaseView,
  }),
  IntegrationCaseAction: caseRoute({
    needs: (_call, body) => COMMAND_ACTIONS[(body as { action: string }).action] as CaseAction,
    mutates: true,
    body: commandFor,
    ceiling: viewCeiling,
    verify: verifyCaseView,
  }),
  StaffCaseComment: caseRoute({
    needs: () => 'case.comment',
    mutates: true,
    body: (call) => ({
      commentId: randomUUID(),
      text: 'İzolasyon testi notu',
      visibility: call.pick % 2 === 0 ? 'internal' : 'public',
    }),
    permitted: [201],
    ceiling: noPii,
  }),
  StaffRequestAttachmentUpload: caseRoute({
    needs: () => 'case.comment',
    mutates: true,
    body: () => ({
      fileName: 'cukur.jpg',
      contentType: 'image/jpeg',
      sizeBytes: 120_000,
      purpose: 'evidence',
    }),
    ceiling: noPii,
  }),
  StaffConfirmAttachment: caseRoute({
    needs: () => 'case.comment',
    mutates: true,
    params: () => ({ attachmentId: newId() }),
    // Nothing was uploaded: a permitted caller learns only that the file is not there.
    permitted: [404],
    ceiling: noPii,
  }),
  StaffDownloadAttachment: caseRoute({
    mutates: false,
    params: () => ({ attachmentId: newId() }),
    permitted: [404],
    ceiling: noPii,
  }),

  // --- several cases at once
  StaffBulkAssign: {
    runs: 12,
    async check(call) {
      const p = call.caller.principal as Principal;
      const befores = await Promise.all(call.targets.map(snapshot));
      const team = teams.get(call.pick % 2 === 0 ? p.tenantId : call.tenantId);
      const res = await send(call, {
        body: {
          items: befores.map((b) => ({ caseId: b.case.id, expectedVersion: b.case.version })),
          assignee: { kind: 'team', id: team?.id ?? 'no-team', name: team?.name ?? 'Ekip' },
        },
      });
      const context = `StaffBulkAssign by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 300)}`;
      expect(res.status, context).toBeLessThan(500);
      const results = new Map(
        ((res.json.results ?? []) as { caseId: string; outcome: string }[]).map((r) => [r.caseId, r.outcome]),
      );
      for (const before of befores) {
        const facts = factsOf(before);
        const after = await snapshot(before.case.id);
        const outcome = results.get(before.case.id);
        if (!can(p, 'case.read', facts)) {
          if (ok(res.status))
            expect(outcome, `${context}: ${before.case.id} must be not-found`).toBe('not-found');
          expectUnchanged(before, after, context);
        } else if (!can(p, 'case.assign', facts)) {
          expect(outcome, context).not.toBe('assigned');
          expectUnchanged(before, after, context);
        }
      }
      expectPiiWithin(res, undefined, 'none', context);
    },
  },

  // --- filing on a citizen's behalf
  StaffCreateCase: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {
        body: { ...potholeSubmission(call.pick), channel: 'call_center' },
        headers: { 'idempotency-key': randomUUID() },
      });
      const context = `StaffCreateCase by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      const allowed = can(p, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' });
      expect(res.status, context).toBe(allowed ? 201 : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },

  // --- work-type suggestions: for those who may file cases; they name work types, never cases
  StaffWorkTypeSuggestions: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, { body: { text: 'sokağımızdaki çukur büyüdü, lütfen asfalt yapılsın' } });
      const context = `StaffWorkTypeSuggestions by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      const allowed = can(p, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' });
      expect(res.status, context).toBe(allowed ? 200 : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },

  // --- the audit trail: a tenant's admins, and only records that concern their tenant
  StaffAuditTrail: {
    runs: 10,
    async check(call) {
      const p = call.caller.principal as Principal;
      const query: Record<string, string> =
        call.pick % 2 === 0
          ? { caseId: call.targets[0] as string }
          : { userId: userIdOf(call.tenantId, call.pick % USERS_PER_TENANT) };
      const res = await send(call, { query });
      const context = `StaffAuditTrail ${JSON.stringify(query)} by ${describeCaller(call.caller)} → ${res.status}`;
      if (!canOnTenant(p, 'audit.read', p.tenantId)) {
        expect(res.status, context).toBe(403);
        return;
      }
      expect(res.status, context).toBe(200);
      for (const record of res.json.items as { tenantIds: string[]; id: string }[])
        expect(record.tenantIds, `${context}: record ${record.id} of another organisation`).toContain(
          p.tenantId,
        );
      expectPiiWithin(res, undefined, 'none', context);
    },
  },

  // --- integration keys: the own tenant's admins only
  AdminListApiKeys: tenantAdmin('api-key.manage', async (call, allowed) => {
    const p = call.caller.principal as Principal;
    const res = await send(call, {});
    const context = `AdminListApiKeys by ${describeCaller(call.caller)} → ${res.status}`;
    expect(res.status, context).toBe(allowed ? 200 : 403);
    if (!allowed) return;
    for (const key of res.json.items as { tenantId: string; id: string }[])
      expect(key.tenantId, `${context}: key ${key.id} of another organisation`).toBe(p.tenantId);
    expect(res.text.includes('"key"'), `${context}: a secret was listed`).toBe(false);
  }),
  AdminIssueApiKey: tenantAdmin('api-key.manage', async (call, allowed) => {
    const p = call.caller.principal as Principal;
    const res = await send(call, { body: { name: 'İzolasyon testi anahtarı', scopes: ['case.read'] } });
    const context = `AdminIssueApiKey by ${describeCaller(call.caller)} → ${res.status}`;
    expect(res.status, context).toBe(allowed ? 201 : 403);
    // Always for the admin's own organisation: the body cannot name another.
    if (allowed) expect(res.json.tenantId, context).toBe(p.tenantId);
  }),
  AdminRotateApiKey: keyChange('rotate'),
  AdminRevokeApiKey: keyChange('revoke'),

  // --- KVKK m.11 erasure: the owning tenant's admin only; others get the missing-case 404
  AdminEraseCasePersonalData: {
    runs: 12,
    async check(call) {
      const p = call.caller.principal as Principal;
      const caseId = call.targets[0] as string;
      const before = await snapshot(caseId);
      const owner = before.case.ownerTenantId;
      const body = {
        requestRef: `KVKK-${call.pick}`,
        reason: 'Başvuru sahibinin silme talebi (izolasyon testi)',
      };
      const res = await send(call, { pathParameters: { caseId }, body });
      const after = await snapshot(caseId);
      const context = `AdminEraseCasePersonalData by ${describeCaller(call.caller)} on ${caseId} (owner ${owner}) → ${res.status}`;
      if (!owner || !canOnTenant(p, 'data.erase', owner)) {
        const missing = await send(call, { pathParameters: { caseId: newId() }, body });
        expect(problemOf(res), `${context}: must look like a missing case`).toEqual(problemOf(missing));
        expect(res.status, context).toBe(404);
        expectUnchanged(before, after, context);
      } else {
        expect(res.status, context).toBe(200);
        expect(after.case.anonymisedAt, context).toBeTruthy();
        expect(after.case.contact, context).toBeUndefined();
      }
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
};

// ---------------------------------------------------------------------------------------------
// User administration: a tenant's admins their own users, platform operators tenants' admins

/** Who administers users at all: a tenant's admins and the platform operators. */
const administersUsers = (p: Principal) =>
  canOnTenant(p, 'user.manage', p.tenantId) || canOnTenant(p, 'tenant-admin.manage', p.tenantId);
/** A tenant named in the request is the caller's own, or one a platform operator reaches. */
const mayName = (p: Principal, tenantId: string) =>
  tenantId === p.tenantId || canOnTenant(p, 'tenant-admin.manage', tenantId);
const freshUsername = () => `iso-new-${randomUUID().slice(0, 8)}`;
const ROLE_CHOICES: Role[][] = [['staff'], ['admin'], ['platform'], ['supervisor', 'admin']];

/** Changing one existing user: 403 for non-administrators, 404 for a user out of reach, else done. */
function userChange(kind: 'update' | 'disable' | 'enable' | 'reset'): RouteExpectation {
  return {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const victim = userVictims[call.pick % userVictims.length] as (typeof userVictims)[number];
      const before = await accounts.get(victim.username);
      const res = await send(call, {
        pathParameters: { username: victim.username },
        ...(kind === 'update' ? { body: { displayName: `İzolasyon Kişisi ${call.pick}` } } : {}),
      });
      const after = await accounts.get(victim.username);
      const context = `${call.route.id} of ${victim.tenantId}'s ${victim.roles.join('+')} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      if (!administersUsers(p)) expect(res.status, context).toBe(403);
      else if (!canManageUser(p, victim)) expect(res.status, context).toBe(404);
      else expect(res.status, context).toBe(200);
      if (res.status !== 200) {
        expect(
          { enabled: after?.enabled, name: after?.displayName, status: after?.status },
          `${context}: a refused call changed the account`,
        ).toEqual({ enabled: before?.enabled, name: before?.displayName, status: before?.status });
      }
      expect(res.text.includes('temporaryPassword'), context).toBe(kind === 'reset' && res.status === 200);
      expectPiiWithin(res, undefined, 'none', context);
    },
  };
}

/** The user-administration routes' expectations, merged into EXPECTATIONS. */
const USER_EXPECTATIONS: Record<string, RouteExpectation> = {
  AdminListUsers: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const named = call.pick % 2 === 0;
      const tenantId = named ? call.tenantId : p.tenantId;
      const res = await send(call, { query: named ? { tenantId } : {} });
      const context = `AdminListUsers of ${tenantId} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      if (!administersUsers(p) || !mayName(p, tenantId)) {
        expect(res.status, context).toBe(403);
        return;
      }
      expect(res.status, context).toBe(200);
      expect(res.json.tenantId, context).toBe(tenantId);
      for (const item of res.json.items as { username: string; tenantId: string; roles: Role[] }[]) {
        expect(item.tenantId, `${context}: ${item.username} of another organisation listed`).toBe(tenantId);
        expect(canManageUser(p, { tenantId, roles: item.roles }), `${context}: ${item.username} listed`).toBe(
          true,
        );
      }
      for (const victim of userVictims.filter((v) => v.tenantId !== tenantId))
        expect(res.text.includes(`"${victim.username}"`), `${context}: ${victim.username} listed`).toBe(
          false,
        );
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  AdminInviteUser: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const roles = ROLE_CHOICES[call.pick % ROLE_CHOICES.length] as Role[];
      const named = call.pick % 3 !== 0;
      const tenantId = named ? call.tenantId : p.tenantId;
      const username = freshUsername();
      const res = await send(call, {
        body: {
          username,
          email: `${username}@isolation.example`,
          displayName: 'İzolasyon Davetlisi',
          roles,
          ...(named ? { tenantId } : {}),
        },
      });
      const created = await accounts.get(username);
      const context = `AdminInviteUser ${roles.join('+')} into ${tenantId} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      if (!administersUsers(p) || !mayName(p, tenantId)) expect(res.status, context).toBe(403);
      else if (!canManageUser(p, { tenantId, roles })) expect(res.status, context).toBe(400);
      else {
        expect(res.status, context).toBe(201);
        expect(created?.tenantId, context).toBe(tenantId);
      }
      if (res.status !== 201)
        expect(created, `${context}: a refused invitation created the user`).toBeUndefined();
    },
  },
  AdminUpdateUser: userChange('update'),
  AdminDisableUser: userChange('disable'),
  AdminEnableUser: userChange('enable'),
  AdminResetUserPassword: userChange('reset'),
  AdminImportUsers: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const named = call.pick % 2 === 0;
      const tenantId = named ? call.tenantId : p.tenantId;
      const roles = ROLE_CHOICES[call.pick % ROLE_CHOICES.length] as Role[];
      const username = freshUsername();
      const csv = `kullanici_adi;e_posta;ad_soyad;roller\n${username};${username}@isolation.example;İçe Aktarılan;${roles.join('|')}\n`;
      const res = await send(call, {
        query: { dryRun: 'true', ...(named ? { tenantId } : {}) },
        body: { csv },
      });
      const context = `AdminImportUsers ${roles.join('+')} into ${tenantId} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      if (!administersUsers(p) || !mayName(p, tenantId)) expect(res.status, context).toBe(403);
      else {
        expect(res.status, context).toBe(200);
        const [row] = res.json.rows as { outcome: string }[];
        expect(row?.outcome, context).toBe(canManageUser(p, { tenantId, roles }) ? 'ok' : 'error');
      }
      expect(await accounts.get(username), `${context}: a dry run created the user`).toBeUndefined();
    },
  },
};
Object.assign(EXPECTATIONS, USER_EXPECTATIONS);

// ---------------------------------------------------------------------------------------------
// Outbound webhooks: a tenant's admins (settings.manage), their own tenant's subscriptions only

const managesWebhooks = (p: Principal) => canOnTenant(p, 'settings.manage', p.tenantId);

/**
 * One call on an existing subscription: 403 for non-administrators, 404 (and nothing
 * changed) for another tenant's subscription, else done. `fresh` makes a new victim
 * per call, for the deletion.
 */
function webhookChange(
  request: (call: Call) => { body?: unknown; query?: Record<string, string> },
  okStatus: number,
  fresh = false,
): RouteExpectation {
  return {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const victim = fresh
        ? await webhooks
            .create({
              tenantId: CORE_TENANTS[call.pick % CORE_TENANTS.length] as string,
              url: VICTIM_WEBHOOK_URL,
              events: ['case.closed'],
              active: false,
              createdBy: 'route-isolation-test',
            })
            .then((w) => ({ id: w.id, tenantId: w.tenantId }))
        : (victimWebhooks[call.pick % victimWebhooks.length] as (typeof victimWebhooks)[number]);
      const before = await webhooks.get(victim.tenantId, victim.id);
      const res = await send(call, { pathParameters: { webhookId: victim.id }, ...request(call) });
      const after = await webhooks.get(victim.tenantId, victim.id);
      const context = `${call.route.id} of ${victim.tenantId}'s webhook by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      if (!managesWebhooks(p)) expect(res.status, context).toBe(403);
      else if (victim.tenantId !== p.tenantId) expect(res.status, context).toBe(404);
      else expect(res.status, context).toBe(okStatus);
      if (res.status >= 400)
        expect(after, `${context}: a refused call changed the subscription`).toEqual(before);
      // Another tenant's secret never appears; the own one only where it is issued (rotation).
      if (before) expect(res.text.includes(before.secret), context).toBe(false);
      expectPiiWithin(res, undefined, 'none', context);
    },
  };
}

const WEBHOOK_EXPECTATIONS: Record<string, RouteExpectation> = {
  AdminListWebhooks: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {});
      const context = `AdminListWebhooks by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(managesWebhooks(p) ? 200 : 403);
      if (res.status !== 200) return;
      for (const w of res.json.items as { tenantId: string; id: string }[])
        expect(w.tenantId, `${context}: subscription ${w.id} of another organisation`).toBe(p.tenantId);
      expect(res.text.includes('"secret"'), `${context}: a secret was listed`).toBe(false);
    },
  },
  AdminCreateWebhook: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {
        body: { url: 'https://hooks.isolation.example/h', events: ['case.closed'], active: false },
      });
      const context = `AdminCreateWebhook by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(managesWebhooks(p) ? 201 : 403);
      // Always for the admin's own organisation: the body cannot name another.
      if (res.status === 201) expect(res.json.tenantId, context).toBe(p.tenantId);
    },
  },
  AdminUpdateWebhook: webhookChange((call) => ({ body: { description: `İzolasyon ${call.pick}` } }), 200),
  AdminRotateWebhookSecret: webhookChange(() => ({ body: {} }), 200),
  AdminListWebhookDeliveries: webhookChange(() => ({}), 200),
  AdminTestWebhook: webhookChange(() => ({ body: {} }), 200),
  AdminDeleteWebhook: webhookChange(() => ({}), 204, true),
};
Object.assign(EXPECTATIONS, WEBHOOK_EXPECTATIONS);

/*
 * City and tenant administration (configuration-publishing.ts). Writes are sent with
 * bodies the schema refuses, so an allowed caller gets 400 and the shared configuration
 * is never changed by this suite; what is checked is who is let through at all.
 */
const configures = (p: Principal, tenantId: string) =>
  canOnTenant(p, 'settings.manage', tenantId) || canOnTenant(p, 'tenant.onboard', tenantId);
const onboards = (p: Principal) => canOnTenant(p, 'tenant.onboard', p.tenantId);

function configurationRoute(options: {
  allowed: (p: Principal, tenantId: string) => boolean;
  request: (tenantId: string) => Omit<Parameters<typeof invokeRoute>[0], 'route'>;
  okStatus: number;
  deniedStatus: number;
}): RouteExpectation {
  return {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, options.request(call.tenantId));
      const context = `${call.route.id} for ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, context).toBe(
        options.allowed(p, call.tenantId) ? options.okStatus : options.deniedStatus,
      );
      expectPiiWithin(res, undefined, 'none', context);
    },
  };
}

const platformRoute = (okStatus: number, body?: unknown) =>
  configurationRoute({
    allowed: (p) => onboards(p),
    request: () => ({ pathParameters: { cityId: 'balikesir' }, ...(body === undefined ? {} : { body }) }),
    okStatus,
    deniedStatus: 403,
  });
const settingsRoute = (okStatus: number, extra: Omit<Parameters<typeof invokeRoute>[0], 'route'> = {}) =>
  configurationRoute({
    allowed: configures,
    request: (tenantId) => ({ ...extra, pathParameters: { tenantId, ...(extra.pathParameters ?? {}) } }),
    okStatus,
    deniedStatus: 404,
  });
const metroAdmin = (p: Principal) => p.tenantId === METRO && canOnTenant(p, 'settings.manage', METRO);

const CONFIGURATION_EXPECTATIONS: Record<string, RouteExpectation> = {
  // The dead-letter queues (admin-dead-letters.ts): deployment operations, decided by canOperate.
  AdminListDeadLetters: configurationRoute({
    allowed: (p) => canOperate(p, 'dead-letters.manage'),
    request: () => ({}),
    okStatus: 200,
    deniedStatus: 403,
  }),
  AdminPeekDeadLetters: configurationRoute({
    allowed: (p) => canOperate(p, 'dead-letters.manage'),
    request: () => ({ pathParameters: { queue: 'lifecycle' }, query: { max: '1' } }),
    okStatus: 200,
    deniedStatus: 403,
  }),
  AdminRedriveDeadLetters: configurationRoute({
    allowed: (p) => canOperate(p, 'dead-letters.manage'),
    // An id no DLQ holds: the permitted call moves nothing (notFound), the denied one is 403.
    request: () => ({
      pathParameters: { queue: 'lifecycle' },
      body: { messageIds: ['no-such-dead-letter'] },
    }),
    okStatus: 200,
    deniedStatus: 403,
  }),
  PlatformListCities: platformRoute(200),
  PlatformCityVersions: platformRoute(200),
  PlatformExportCity: platformRoute(200),
  PlatformOnboardCity: platformRoute(400, {}),
  PlatformImportCity: platformRoute(400, {}),
  PlatformAddTenant: platformRoute(400, {}),
  AdminGetTenantSettings: settingsRoute(200),
  AdminTenantSettingsVersions: settingsRoute(200),
  AdminImportTenantSettings: settingsRoute(400, { body: { expectedVersion: 1 } }),
  AdminSaveTenantSettingsSection: settingsRoute(400, {
    pathParameters: { section: 'contact' },
    body: { expectedVersion: 1, value: 'not an object' },
  }),
  AdminReapplySla: settingsRoute(400, { body: {} }),
  AdminPreviewTemplate: settingsRoute(400, { body: {} }),
  AdminGetCityCatalogue: configurationRoute({
    allowed: metroAdmin,
    request: () => ({}),
    okStatus: 200,
    deniedStatus: 403,
  }),
  AdminSaveCityCatalogue: configurationRoute({
    allowed: metroAdmin,
    request: () => ({ pathParameters: { section: 'catalogue' }, body: {} }),
    okStatus: 400,
    deniedStatus: 403,
  }),
};
Object.assign(EXPECTATIONS, CONFIGURATION_EXPECTATIONS);

/*
 * Citizen notifications. The dev outbox is local tooling (404 on AWS) for those who
 * oversee citizen communication; the call-back list follows `queue.list`; completing
 * a task that does not exist is "not found" for everyone.
 */
const NOTIFICATION_EXPECTATIONS: Record<string, RouteExpectation> = {
  DevOutbox: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, { query: { limit: '5' } });
      const context = `DevOutbox by ${describeCaller(call.caller)} → ${res.status}`;
      const reader =
        p.kind === 'user' && p.roles.some((r) => ['admin', 'coordinator', 'manager'].includes(r));
      expect(res.status, context).toBe(reader ? 200 : 403);
    },
  },
  StaffListCallbacks: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, { query: { tenantId: call.tenantId } });
      const context = `StaffListCallbacks of ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(canOnTenant(p, 'queue.list', call.tenantId) ? 200 : 403);
      if (res.status === 200) expect(res.json.tenantId, context).toBe(call.tenantId);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  StaffCompleteCallback: {
    runs: 6,
    async check(call) {
      const res = await send(call, {
        pathParameters: { taskId: 'AAAAAAAAAAAAAAAAAAAAAA' },
        body: { outcome: 'reached' },
      });
      expect(res.status, `StaffCompleteCallback by ${describeCaller(call.caller)} → ${res.status}`).toBe(404);
    },
  },
};
Object.assign(EXPECTATIONS, NOTIFICATION_EXPECTATIONS);

/*
 * Incidents and the muhtar channel (docs/domain/incidents.md, muhtar-channel.md).
 * Reading incidents is city-wide for those who work cases (canReadIncidents); declaring
 * follows canManageIncident for the named tenant; an unknown incident is "not found"
 * to everyone who may read, and changing one nobody may see is "not found" too. A
 * permitted declaration starts in 2099, so it never attaches another suite's cases.
 * The neighbourhood list is the muhtar's own and carries no personal data.
 */
const INCIDENT_EXPECTATIONS: Record<string, RouteExpectation> = {
  StaffListIncidents: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, { query: { scope: 'active' } });
      const context = `StaffListIncidents by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(canReadIncidents(p) ? 200 : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  StaffDeclareIncident: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {
        body: {
          tenantId: call.tenantId,
          workTypeCodes: ['WATER-NO-SUPPLY'],
          area: { circles: [{ center: { lat: 39.0, lon: 26.5 }, radiusMetres: 1 }] },
          title: 'Rota yalıtım denemesi',
          publicMessage: { tr: 'Deneme mesajı' },
          agentScript: { tr: 'Deneme metni' },
          startsAt: '2099-01-01T00:00:00Z',
          expectedEndAt: '2099-01-02T00:00:00Z',
        },
      });
      const context = `StaffDeclareIncident for ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(canManageIncident(p, call.tenantId) ? 201 : 403);
    },
  },
  StaffGetIncident: {
    runs: 4,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, { pathParameters: { incidentId: newId() } });
      const context = `StaffGetIncident by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(canReadIncidents(p) ? 404 : 403);
    },
  },
  StaffUpdateIncident: {
    runs: 4,
    async check(call) {
      const res = await send(call, {
        pathParameters: { incidentId: newId() },
        body: { expectedVersion: 1, expectedEndAt: '2099-01-03T00:00:00Z' },
      });
      expect(res.status, `StaffUpdateIncident by ${describeCaller(call.caller)} → ${res.status}`).toBe(404);
    },
  },
  StaffEndIncident: {
    runs: 4,
    async check(call) {
      const res = await send(call, {
        pathParameters: { incidentId: newId() },
        body: { expectedVersion: 1, closingMessage: { tr: 'Sona erdi' } },
      });
      expect(res.status, `StaffEndIncident by ${describeCaller(call.caller)} → ${res.status}`).toBe(404);
    },
  },
  StaffNeighbourhoodCases: {
    runs: 6,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, { query: { limit: '10' } });
      const context = `StaffNeighbourhoodCases by ${describeCaller(call.caller)} → ${res.status}`;
      const muhtar =
        p.kind === 'user' &&
        rolesForTenant(p.tenantId, p.roles).includes('muhtar') &&
        p.neighbourhood !== undefined;
      expect(res.status, context).toBe(muhtar ? 200 : 403);
      if (res.status === 200) expect(res.json.districtTenantId, context).toBe(p.tenantId);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
};
Object.assign(EXPECTATIONS, INCIDENT_EXPECTATIONS);

/*
 * The message inbox (docs/domain/message-inbox.md). The provider webhooks are public
 * and check their own credentials: no caller of the suite holds them, so every call
 * is refused before anything is read or stored. The triage API is the metropolitan
 * call centre's (agents and coordinators of a metropolitan tenant) and never shows a
 * sender in clear; another tenant's message looks like a missing one.
 */
const UNKNOWN_MESSAGE = 'AAAAAAAAAAAAAAAAAAAAAA';
const triages = (p: Principal | undefined) => p !== undefined && canTriageInbox(p, p.tenantId);
function inboxRoute(
  runs: number,
  request: Omit<Parameters<typeof invokeRoute>[0], 'route'>,
  allowed: number,
) {
  return {
    runs,
    async check(call: Call) {
      const res = await send(call, request);
      const context = `${call.route.id} by ${describeCaller(call.caller)} → ${res.status}`;
      const p = call.caller.principal;
      expect(res.status, context).toBe(!p ? 401 : triages(p) ? allowed : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  } satisfies RouteExpectation;
}
const INBOX_EXPECTATIONS: Record<string, RouteExpectation> = {
  InboundSms: publicRoute(
    2,
    () => ({ body: { id: 'x', from: '+905321234567', text: 'deneme mesajı' } }),
    403,
  ),
  InboundWhatsAppVerify: publicRoute(
    2,
    () => ({ query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '42' } }),
    403,
  ),
  InboundWhatsApp: publicRoute(2, () => ({ body: { object: 'whatsapp_business_account', entry: [] } }), 403),
  InboundSocial: publicRoute(
    2,
    () => ({ body: { id: '1', platform: 'x', author: { handle: 'a' }, text: 't' } }),
    403,
  ),
  // A JSON body is refused as not message/rfc822 once the caller may use the inbox.
  DevInboundEmail: inboxRoute(4, { body: { raw: 'x' } }, 415),
  StaffListInbox: inboxRoute(6, { query: { status: 'new', limit: '5' } }, 200),
  StaffGetInboxMessage: inboxRoute(4, { pathParameters: { messageId: UNKNOWN_MESSAGE } }, 404),
  StaffConvertInboxMessage: inboxRoute(
    4,
    {
      pathParameters: { messageId: UNKNOWN_MESSAGE },
      body: { version: 1, workTypeCode: 'ROAD-POTHOLE-LOCAL' },
    },
    404,
  ),
  StaffLinkInboxMessage: inboxRoute(
    4,
    { pathParameters: { messageId: UNKNOWN_MESSAGE }, body: { version: 1, trackingNo: '100000000000' } },
    404,
  ),
  StaffReplyInboxMessage: inboxRoute(
    4,
    {
      pathParameters: { messageId: UNKNOWN_MESSAGE },
      body: { version: 1, replyId: randomUUID(), text: 'Merhaba' },
    },
    404,
  ),
  StaffDismissInboxMessage: inboxRoute(
    4,
    { pathParameters: { messageId: UNKNOWN_MESSAGE }, body: { version: 1, reason: 'spam' } },
    404,
  ),
};
Object.assign(EXPECTATIONS, INBOX_EXPECTATIONS);

/*
 * The integration API's intake (docs/open311.md): a key files with `case.create` only.
 * Open311 (anonymous at the gateway): reads show no personal data and no citizen text
 * (description, address) to a caller without a key; a post without a form and key is
 * refused before anything is read.
 */
const jurisdictionOf = (tenantId: string) =>
  demoCityConfiguration().tenants.find((t) => t.id === tenantId)?.jurisdictionId ?? 'unknown.example';
/** A read that may find the case or not (the jurisdiction answers for its own), never with its personal data. */
function open311Read(
  request: (call: Call, c: Case) => Omit<Parameters<typeof invokeRoute>[0], 'route'>,
): RouteExpectation {
  return {
    runs: 6,
    async check(call) {
      const caseId = call.targets[0] as string;
      const { case: c } = await snapshot(caseId);
      const res = await send(call, request(call, c));
      const context = `${call.route.id} ${caseId} → ${res.status} ${res.text.slice(0, 200)}`;
      expect([200, 404], context).toContain(res.status);
      expect(res.headers['content-type'], context).toMatch(/^(text\/xml|application\/json)/);
      expectPiiWithin(res, undefined, 'none', context);
      if (c.description)
        expect(res.text.includes(c.description), `${context}: description shown`).toBe(false);
    },
  };
}
const INTEGRATION_INTAKE_EXPECTATIONS: Record<string, RouteExpectation> = {
  IntegrationCreateCase: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {
        body: { ...potholeSubmission(call.pick), channel: 'call_center' },
        headers: { 'idempotency-key': randomUUID() },
      });
      const context = `IntegrationCreateCase by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      const allowed = can(p, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' });
      expect(res.status, context).toBe(allowed ? 201 : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  Open311Document: open311Read((call) => ({
    pathParameters: { document: call.pick % 2 === 0 ? 'requests.xml' : 'requests.json' },
    query: { jurisdiction_id: jurisdictionOf(call.tenantId) },
  })),
  Open311Post: publicRoute(2, () => ({ pathParameters: { document: 'requests.xml' } }), 415),
  Open311ServiceDefinition: publicRoute(
    1,
    (call) => ({
      pathParameters: { service: 'ROAD-POTHOLE-LOCAL.xml' },
      query: { jurisdiction_id: jurisdictionOf(call.tenantId) },
    }),
    200,
  ),
  Open311Request: open311Read((call, c) => ({
    pathParameters: { request: `${c.trackingNo}.xml` },
    query: { jurisdiction_id: jurisdictionOf(call.tenantId) },
  })),
  Open311Token: open311Read((call, c) => ({
    pathParameters: { token: `${c.id}.json` },
    query: { jurisdiction_id: jurisdictionOf(call.tenantId) },
  })),
};
Object.assign(EXPECTATIONS, INTEGRATION_INTAKE_EXPECTATIONS);

/*
 * The call-centre console (docs/domain/call-centre.md). The lookup by the target's
 * phone returns only cases the caller may read, personal data at most at the rules'
 * level; a statement needs `case.comment` on an open case; first-contact closure and
 * duplicate links need `case.create` and `case.close` on a case of the caller's own
 * tenant, and a link needs a master the caller may read (404 otherwise) that is open.
 */
const mayFile = (p: Principal) => can(p, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' });
const mayCloseAtIntake = (p: Principal) =>
  can(p, 'case.close', {
    ownerTenantId: p.tenantId,
    formerOwnerTenantIds: [],
    status: 'NEW',
    filedByUserId: p.userId,
  });
const DUPLICATE_OPEN: readonly CaseStatus[] = [
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
];
const CALL_CENTRE_EXPECTATIONS: Record<string, RouteExpectation> = {
  StaffCallerLookup: {
    runs: 16,
    async check(call) {
      const p = call.caller.principal as Principal;
      const caseId = call.targets[0] as string;
      const target = await snapshot(caseId);
      const phone = cases.get(caseId)?.phone as string;
      const res = await send(call, { body: { phone } });
      const context = `StaffCallerLookup of ${caseId} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 300)}`;
      if (!mayFile(p)) {
        expect(res.status, context).toBe(403);
        expectPiiWithin(res, undefined, 'none', context);
        tally(call.route.id, 'denied-action');
        return;
      }
      expect(res.status, context).toBe(200);
      const shown = res.json.cases as { caseId: string; piiAccess: PiiAccessLevel }[];
      for (const entry of shown) {
        if (!cases.has(entry.caseId)) continue;
        const facts = factsOf(await snapshot(entry.caseId));
        expect(mayRead(p, facts), `${context}: ${entry.caseId} shown to someone who may not read it`).toBe(
          true,
        );
      }
      const listed = shown.some((e) => e.caseId === caseId);
      const ceiling = listed ? piiAccess(p, factsOf(target)) : 'none';
      if (!mayRead(p, factsOf(target))) expect(listed, `${context}: unreadable case listed`).toBe(false);
      expectPiiWithin(res, caseId, ceiling, context);
      tally(call.route.id, listed ? 'succeeded' : 'permitted');
    },
  },
  StaffCallerStatement: caseRoute({
    needs: () => 'case.comment',
    mutates: true,
    body: () => ({ statementId: randomUUID(), text: 'Vatandaş yeniden aradı.', channel: 'call_center' }),
    // An ended case takes no statement: a new case is filed instead.
    permitted: [201, 422],
    ceiling: noPii,
  }),
  StaffFirstContactCase: {
    runs: 10,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, {
        body: {
          workTypeCode: 'GEN-INFO',
          description: 'Belediyenin çalışma saatlerini soruyor.',
          channel: 'call_center',
          consent: { accepted: true, noticeVersion: '2026-11' },
          resultCode: 'INFO_GIVEN',
          publicAnswer: 'Belediyemiz hafta içi 08.30 ile 17.30 arasında açıktır.',
        },
      });
      const context = `StaffFirstContactCase by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      const allowed = mayFile(p) && mayCloseAtIntake(p);
      expect(res.status, context).toBe(allowed ? 201 : 403);
      tally(call.route.id, allowed ? 'succeeded' : 'denied-action');
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  StaffDuplicateCandidates: {
    runs: 12,
    async check(call) {
      const p = call.caller.principal as Principal;
      const target = await snapshot(call.targets[0] as string);
      const location = target.case.location ?? { lat: 39.6485, lon: 27.8862 };
      const res = await send(call, {
        body: { workTypeCode: 'ROAD-POTHOLE-LOCAL', location: { lat: location.lat, lon: location.lon } },
      });
      const context = `StaffDuplicateCandidates by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      if (!mayFile(p)) {
        expect(res.status, context).toBe(403);
        tally(call.route.id, 'denied-action');
        return;
      }
      expect(res.status, context).toBe(200);
      for (const candidate of res.json.candidates as { caseId: string }[]) {
        if (!cases.has(candidate.caseId)) continue;
        const facts = factsOf(await snapshot(candidate.caseId));
        expect(
          mayRead(p, facts),
          `${context}: ${candidate.caseId} offered to someone who may not read it`,
        ).toBe(true);
      }
      tally(call.route.id, 'succeeded');
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  StaffDuplicateLink: {
    runs: 12,
    async check(call) {
      const p = call.caller.principal as Principal;
      const masterId = call.targets[0] as string;
      const before = await snapshot(masterId);
      const res = await send(call, {
        body: {
          workTypeCode: 'ROAD-POTHOLE-LOCAL',
          description: 'Aynı çukuru başka bir vatandaş bildiriyor.',
          channel: 'call_center',
          location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' },
          consent: { accepted: true, noticeVersion: '2026-11' },
          masterCaseId: masterId,
        },
      });
      const after = await snapshot(masterId);
      const facts = factsOf(before);
      const context = `StaffDuplicateLink to ${masterId} (${JSON.stringify(facts)}) by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      // The master itself never changes: the duplicate and its subscription are new items.
      expectUnchanged(before, after, context);
      expectPiiWithin(res, undefined, 'none', context);
      if (!mayFile(p)) {
        expect(res.status, context).toBe(403);
        tally(call.route.id, 'denied-action');
      } else if (!mayRead(p, facts)) {
        expect(res.status, context).toBe(404);
        tally(call.route.id, 'denied-read');
      } else if (!DUPLICATE_OPEN.includes(before.case.status)) {
        expect(res.status, context).toBe(422);
        tally(call.route.id, 'permitted');
      } else {
        expect(res.status, context).toBe(mayCloseAtIntake(p) ? 201 : 403);
        tally(call.route.id, ok(res.status) ? 'succeeded' : 'denied-action');
      }
    },
  },
};
Object.assign(EXPECTATIONS, CALL_CENTRE_EXPECTATIONS);

/*
 * Satisfaction surveys (docs/domain/surveys.md). The public pair is keyed by an
 * unguessable token: a made-up one is "not found" for everyone and changes nothing.
 * A phone survey needs `case.comment` on the case (generated cases are not closed
 * with a surveyed result, so a permitted call is refused as a business rule);
 * follow-ups follow `survey.follow-up`, the satisfaction report `dashboard.read`.
 */
const unknownSurveyToken = 'A'.repeat(43);
const surveyAnswers = { resolved: 'no', timeScore: 1, conductScore: 2, intakeScore: 3 };
const SURVEY_EXPECTATIONS: Record<string, RouteExpectation> = {
  PublicGetSurvey: {
    runs: 4,
    async check(call) {
      const res = await send(call, { pathParameters: { token: unknownSurveyToken } });
      expect(res.status, `PublicGetSurvey by ${describeCaller(call.caller)} → ${res.status}`).toBe(404);
      expect(res.json.code).toBe('survey-not-found');
    },
  },
  PublicAnswerSurvey: {
    runs: 4,
    async check(call) {
      const res = await send(call, {
        pathParameters: { token: unknownSurveyToken },
        body: { answers: surveyAnswers },
      });
      expect(res.status, `PublicAnswerSurvey by ${describeCaller(call.caller)} → ${res.status}`).toBe(404);
    },
  },
  StaffPhoneSurvey: caseRoute({
    needs: () => 'case.comment',
    mutates: false,
    body: () => ({ answers: surveyAnswers }),
    permitted: [201, 409, 422],
    ceiling: () => 'none',
  }),
  StaffListSurveyFollowUps: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const res = await send(call, { query: { tenantId: call.tenantId } });
      const context = `StaffListSurveyFollowUps of ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(canOnTenant(p, 'survey.follow-up', call.tenantId) ? 200 : 403);
      if (res.status === 200) expect(res.json.tenantId, context).toBe(call.tenantId);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  StaffDecideSurveyFollowUp: {
    runs: 6,
    async check(call) {
      const res = await send(call, {
        pathParameters: { caseId: newId() },
        body: { decision: 'reopen', note: 'Vatandaş çözülmedi dedi.' },
      });
      expect(res.status, `StaffDecideSurveyFollowUp by ${describeCaller(call.caller)} → ${res.status}`).toBe(
        404,
      );
    },
  },
  StaffSatisfaction: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal as Principal;
      const day = new Date().toISOString().slice(0, 10);
      const res = await send(call, { query: { from: day, to: day, tenantId: call.tenantId } });
      const context = `StaffSatisfaction of ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(canOnTenant(p, 'dashboard.read', call.tenantId) ? 200 : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
};
Object.assign(EXPECTATIONS, SURVEY_EXPECTATIONS);

/*
 * The analytics map (docs/domain/maps.md): analyticsAccess decides, as for the dashboard. The areas are the
 * city's, for any analytics reader; the open cases of a tenant only for a reader of
 * that tenant, and every case shown is open and owned by it (no personal data).
 */
const CITY_BOX = { south: '39.55', west: '27.7', north: '39.72', east: '28.1' };
const ANALYTICS_MAP_EXPECTATIONS: Record<string, RouteExpectation> = {
  StaffAnalyticsGeometry: {
    runs: 4,
    async check(call) {
      const p = call.caller.principal;
      const res = await send(call, { query: { level: 'district' } });
      const context = `StaffAnalyticsGeometry by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(p && analyticsAccess(p, p.tenantId).allowed ? 200 : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  StaffAnalyticsOpenCases: {
    runs: 8,
    async check(call) {
      const p = call.caller.principal;
      const res = await send(call, { query: { ...CITY_BOX, zoom: '16', tenantId: call.tenantId } });
      const context = `StaffAnalyticsOpenCases of ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(p && analyticsAccess(p, call.tenantId).allowed ? 200 : 403);
      expectPiiWithin(res, undefined, 'none', context);
      if (res.status !== 200) return;
      const shown = (res.json.points as { id: string }[])
        .map((pt) => pt.id)
        .filter((id) => caseIds.includes(id));
      for (const id of shown) {
        const { case: c } = await snapshot(id);
        expect(c.ownerTenantId, `${context}: ${id}`).toBe(call.tenantId);
      }
    },
  },
};
Object.assign(EXPECTATIONS, ANALYTICS_MAP_EXPECTATIONS);

/*
 * The analytics reads (docs/domain/analytics.md § Access): analyticsAccess decides; a
 * tenant of the city the caller may not read is 403, and the answers are counts and
 * names of organisations, units and staff, never a citizen's data. The verification
 * (a scan of the city) only for the metro's admins and platform operators.
 */
const analyticsAllowed = (call: Call) => {
  const p = call.caller.principal;
  return p !== undefined && analyticsAccess(p, call.tenantId).allowed;
};
const analyticsRead =
  (id: string, query: (day: string) => Record<string, string>): RouteExpectation['check'] =>
  async (call) => {
    const day = new Date().toISOString().slice(0, 10);
    const res = await send(call, { query: { ...query(day), tenantId: call.tenantId } });
    const context = `${id} of ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status}`;
    expect(res.status, context).toBe(analyticsAllowed(call) ? 200 : 403);
    expectPiiWithin(res, undefined, 'none', context);
    if (res.status === 200 && id !== 'StaffAnalyticsNow')
      expect((res.json.filter as { tenantId?: string }).tenantId, context).toBe(call.tenantId);
    if (res.status === 200 && id === 'StaffAnalyticsNow')
      expect(res.json.tenantId, context).toBe(call.tenantId);
  };
const ANALYTICS_EXPECTATIONS: Record<string, RouteExpectation> = {
  StaffAnalyticsDashboard: {
    runs: 8,
    check: analyticsRead('StaffAnalyticsDashboard', (day) => ({ from: day, to: day })),
  },
  StaffAnalyticsNow: { runs: 6, check: analyticsRead('StaffAnalyticsNow', () => ({})) },
  StaffAnalyticsChoropleth: {
    runs: 6,
    check: analyticsRead('StaffAnalyticsChoropleth', (day) => ({
      from: day,
      to: day,
      level: 'neighbourhood',
    })),
  },
  AdminAnalyticsVerification: {
    runs: 3,
    async check(call) {
      const p = call.caller.principal;
      const res = await send(call, { body: {} });
      const context = `AdminAnalyticsVerification by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(p && canVerifyAnalytics(p) ? 200 : p ? 403 : 401);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
};
Object.assign(EXPECTATIONS, ANALYTICS_EXPECTATIONS);

/*
 * Exports and open data (docs/domain/exports-and-open-data.md). A case-list export is
 * the tenant case list as a file: `queue.list` on the tenant decides, a department-bound
 * caller exports their department only, and every row is a case of that tenant the
 * rules let the caller read. A dashboard table follows the analytics reads. Open data is
 * public and must carry no personal data of any case.
 */
const trackingToCase = new Map<string, string>();
async function caseOfTrackingNo(dashed: string): Promise<string | undefined> {
  const trackingNo = dashed.replaceAll('-', '');
  if (!trackingToCase.has(trackingNo))
    for (const id of caseIds) trackingToCase.set((await snapshot(id)).case.trackingNo, id);
  return trackingToCase.get(trackingNo);
}
const EXPORT_EXPECTATIONS: Record<string, RouteExpectation> = {
  StaffCaseExport: {
    runs: 12,
    async check(call) {
      const p = call.caller.principal as Principal;
      const askOther = call.pick % 3 !== 0;
      const tenantId = askOther ? call.tenantId : p.tenantId;
      const today = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
      const from = new Date(Date.parse(today) - 365 * 86_400_000).toISOString().slice(0, 10);
      const query = { format: 'csv', lang: 'en', from, to: today, ...(askOther ? { tenantId } : {}) };
      const res = await send(call, { query });
      const context = `StaffCaseExport?${new URLSearchParams(query)} by ${describeCaller(call.caller)} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, context).toBeLessThan(500);
      expectPiiWithin(res, undefined, 'none', context);
      if (!canOnTenant(p, 'queue.list', tenantId)) {
        expect(res.status, `${context}: the export must be refused`).toBe(403);
        return;
      }
      expect(res.status, context).toBe(200);
      const rows = res.text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(1)
        .filter(Boolean);
      for (const row of rows) {
        const id = await caseOfTrackingNo(row.split(';')[0] ?? '');
        // Cases other suites filed share the table; only this suite's stored cases are judged.
        if (!id) continue;
        const stored = await snapshot(id);
        expect(stored.case.ownerTenantId, `${context}: ${id} is not the exported tenant's`).toBe(tenantId);
        expect(can(p, 'case.read', factsOf(stored)), `${context}: exported ${id} the rules deny`).toBe(true);
        if (tenantId === p.tenantId && p.departmentCode)
          expect(stored.case.ownerDepartmentCode, context).toBe(p.departmentCode);
      }
    },
  },
  StaffAnalyticsExport: {
    runs: 6,
    async check(call) {
      const day = new Date().toISOString().slice(0, 10);
      const res = await send(call, {
        query: { table: 'byOrganisation', format: 'csv', from: day, to: day, tenantId: call.tenantId },
      });
      const context = `StaffAnalyticsExport of ${call.tenantId} by ${describeCaller(call.caller)} → ${res.status}`;
      expect(res.status, context).toBe(analyticsAllowed(call) ? 200 : 403);
      expectPiiWithin(res, undefined, 'none', context);
    },
  },
  PublicOpenDataCsv: publicRoute(1, () => ({}), 200),
  PublicOpenDataGeoJson: publicRoute(1, () => ({}), 200),
  PublicOpenDataOpen311: publicRoute(1, () => ({}), 200),
};
Object.assign(EXPECTATIONS, EXPORT_EXPECTATIONS);

// ---------------------------------------------------------------------------------------------
// The world, then one property per route

const seed = process.env.ISOLATION_SEED ? Number(process.env.ISOLATION_SEED) : Date.now() % 2 ** 31;

interface CaseSpecDraft {
  owner: string | undefined;
  department: string;
  former: string[];
  district: string;
  neighbourhoodIndex: number;
  filer: { tenantId: string; slot: number } | undefined;
  status: CaseStatus;
}

const caseSpecArb: fc.Arbitrary<CaseSpecDraft> = fc.record({
  owner: fc.option(tenantArb, { nil: undefined, freq: 6 }),
  department: fc.constantFrom(...DEPARTMENTS),
  former: fc.subarray(CORE_TENANTS, { maxLength: 2 }),
  district: fc.constantFrom(KARESI, ALTIEYLUL),
  neighbourhoodIndex: fc.nat({ max: 1 }),
  filer: fc.option(
    fc.record({ tenantId: fc.constantFrom(...CORE_TENANTS), slot: fc.nat({ max: USERS_PER_TENANT - 1 }) }),
    {
      nil: undefined,
      freq: 2,
    },
  ),
  status: fc.constantFrom(...STATUSES),
});

beforeAll(async () => {
  useHandlerEnvironment();
  repository = caseRepositoryFromEnvironment(secrets.piiHmacKey);
  const doc = testDocumentClient();
  apiKeys = new ApiKeyRepository(doc, mainTableName());
  webhooks = new WebhookRepository(doc, mainTableName());
  for (const tenantId of CORE_TENANTS) {
    for (let i = 0; i < 2; i++) {
      const w = await webhooks.create({
        tenantId,
        url: VICTIM_WEBHOOK_URL,
        events: ['case.created', 'case.closed'],
        active: false,
        createdBy: 'route-isolation-test',
      });
      victimWebhooks.push({ id: w.id, tenantId });
    }
  }
  accounts = new CognitoUserAccounts(createCognitoClient(), process.env.USER_POOL_ID ?? '');
  const userDirectory = new UserDirectoryRepository(doc, mainTableName());
  const victimSpecs: { tenantId: string; roles: Role[] }[] = [
    ...CORE_TENANTS.flatMap((tenantId) => [
      { tenantId, roles: ['staff'] as Role[] },
      { tenantId, roles: ['admin'] as Role[] },
    ]),
    { tenantId: PLATFORM_TENANT_ID, roles: ['platform'] },
  ];
  for (const spec of victimSpecs) {
    const username = `iso-${randomUUID().slice(0, 8)}-${spec.roles.join('-')}`;
    const displayName = `Hedef ${username}`;
    const account = await accounts.create(
      {
        username,
        email: `${username}@isolation.example`,
        displayName,
        tenantId: spec.tenantId,
        temporaryPassword: 'GeciciParola2026x',
      },
      spec.roles,
    );
    await userDirectory.put(spec.tenantId, {
      userId: account.userId,
      username,
      displayName,
      roles: spec.roles,
      state: 'invited',
    });
    userVictims.push({ username, ...spec });
  }
  for (const tenantId of CORE_TENANTS) {
    // Teams are tenant settings: the demo city's configuration gives each core tenant one.
    const team = demoCityConfiguration().tenants.find((t) => t.id === tenantId)?.settings.teams[0];
    if (!team) throw new Error(`the demo configuration has no team for ${tenantId}`);
    teams.set(tenantId, team);
    for (let i = 0; i < 3; i++) {
      const issued = await apiKeys.issue({
        tenantId,
        name: `Victim key ${i}`,
        scopes: ['case.read'],
        createdBy: 'route-isolation-test',
      });
      victimKeys.push({ id: issued.id, tenantId, key: issued.key, active: true });
    }
  }

  const drafts = fc.sample(caseSpecArb, { numRuns: CASE_COUNT, seed });
  let n = 0;
  for (const draft of drafts) {
    const citizen = citizenData(7000 + n++);
    const neighbourhood = (NEIGHBOURHOODS[draft.district] ?? [])[draft.neighbourhoodIndex] ?? {
      name: 'Merkez',
      lat: 39.65,
      lon: 27.88,
    };
    // A case routing has not reached is NEW and has no history; any other has an owner.
    const status = draft.owner ? draft.status : 'NEW';
    const former = draft.owner ? draft.former.filter((t) => t !== draft.owner) : [];
    const stored = await storeCase(repository, {
      status,
      ...(draft.owner ? { ownerTenantId: draft.owner, ownerDepartmentCode: draft.department } : {}),
      formerOwnerTenantIds: former,
      location: {
        lat: neighbourhood.lat,
        lon: neighbourhood.lon,
        neighbourhood: neighbourhood.name,
        districtTenantId: draft.district,
      },
      ...(draft.filer
        ? {
            filedBy: {
              userId: userIdOf(draft.filer.tenantId, draft.filer.slot),
              tenantId: draft.filer.tenantId,
            },
          }
        : {}),
      citizen,
      createdAt: new Date(Date.now() - 3 * 86_400_000),
    });
    cases.set(stored.id, citizen);
    caseIds.push(stored.id);
    // The oracle reads back what was meant: owner, former owners and filer.
    const facts = factsOf(await snapshot(stored.id));
    expect(facts.ownerTenantId).toBe(draft.owner);
    expect(new Set(facts.formerOwnerTenantIds)).toEqual(new Set(former));
    expect(facts.filedByUserId).toBe(
      draft.filer ? userIdOf(draft.filer.tenantId, draft.filer.slot) : undefined,
    );
  }
}, 180_000);

afterAll(() => {
  // For reproducing a failure: ISOLATION_SEED=<seed> npx vitest run --project integration <this file>
  console.info(`route isolation: ${routeCalls} route calls over ${cases.size} stored cases (seed ${seed})`);
  console.info([...outcomes].map(([id, c]) => `  ${id}: ${JSON.stringify(c)}`).join('\n'));
});

/**
 * How the caller relates to the first target case. Independent principals and cases
 * rarely meet (most calls would be denied reads), so part of the calls aim the
 * generated principal at the case: its tenant becomes the owner's, a former owner's,
 * the filer's, or (for a muhtar) the case's district and neighbourhood. Roles,
 * departments and scopes stay as generated, so aimed calls are denied often too.
 */
type Affinity = 'none' | 'owner' | 'former-owner' | 'filer' | 'neighbourhood';
const affinityArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Affinity>('none') },
  { weight: 4, arbitrary: fc.constant<Affinity>('owner') },
  { weight: 1, arbitrary: fc.constantFrom<Affinity>('former-owner', 'filer', 'neighbourhood') },
);

function aim(spec: CallerSpec, affinity: Affinity, target: Snapshot, pick: number): CallerSpec {
  if (spec.kind === 'anonymous' || affinity === 'none') return spec;
  const facts = factsOf(target);
  switch (affinity) {
    case 'owner': {
      if (!facts.ownerTenantId) return spec;
      if (spec.kind === 'integration') return { ...spec, tenantId: facts.ownerTenantId };
      const departmentCode = pick % 2 === 0 ? facts.ownerDepartmentCode : spec.departmentCode;
      return { ...spec, tenantId: facts.ownerTenantId, departmentCode };
    }
    case 'former-owner': {
      const former = facts.formerOwnerTenantIds[pick % Math.max(1, facts.formerOwnerTenantIds.length)];
      return former ? { ...spec, tenantId: former } : spec;
    }
    case 'filer': {
      if (spec.kind !== 'user' || !facts.filedByUserId) return spec;
      const slot = Number(facts.filedByUserId.slice(facts.filedByUserId.lastIndexOf('-') + 1));
      return { ...spec, tenantId: tenantOfUser(facts.filedByUserId), slot };
    }
    case 'neighbourhood': {
      if (spec.kind !== 'user' || !facts.districtTenantId || !facts.neighbourhood) return spec;
      const roles: Role[] = pick % 2 === 0 ? ['muhtar'] : spec.roles;
      return { ...spec, tenantId: facts.districtTenantId, neighbourhood: facts.neighbourhood, roles };
    }
  }
}

const callArb = (route: HttpRouteDefinition) =>
  fc.record({
    caller: callerArb(route),
    affinity: affinityArb,
    targets: fc.uniqueArray(fc.nat({ max: CASE_COUNT - 1 }), { minLength: 1, maxLength: 3 }),
    tenantId: tenantArb,
    pick: fc.nat({ max: 10_000 }),
    language: fc.constantFrom('tr' as const, 'en' as const),
  });

/** Each route draws its own sequence from the run's seed. */
const routeSeed = (route: HttpRouteDefinition) =>
  [...route.id].reduce((hash, ch) => (hash * 31 + ch.charCodeAt(0)) % 2 ** 31, seed);

describe('route-level isolation: every route of the manifest applies the rules', () => {
  it('has an expectation for every route and none for a route that is gone', () => {
    const unclassified = httpRoutes.filter((r) => !EXPECTATIONS[r.id]);
    expect(
      unclassified.map((r) => `${r.id} (${r.method} ${r.path})`),
      'Classify each new route in EXPECTATIONS of tests/integration/route-isolation.property.test.ts: ' +
        'which rule (can / canOnTenant / piiAccess) decides it, how to call it, and what it must not leak.',
    ).toEqual([]);
    const stale = Object.keys(EXPECTATIONS).filter((id) => !httpRoutes.some((r) => r.id === id));
    expect(stale, 'EXPECTATIONS names routes the manifest no longer has').toEqual([]);
  });

  it("asks, for each workflow command, the action docs/security.md names, as the lifecycle's table does", () => {
    expect(new Set(COMMANDS)).toEqual(new Set(CASE_COMMAND_NAMES));
    for (const command of CASE_COMMAND_NAMES)
      expect(TRANSITIONS[command].authz, command).toBe(COMMAND_ACTIONS[command]);
  });

  for (const route of httpRoutes) {
    it(`${route.id}: ${route.method} ${route.path}`, async () => {
      const expectation = EXPECTATIONS[route.id];
      if (!expectation) {
        throw new Error(
          `${route.id} (${route.method} ${route.path}) has no isolation expectation: classify it in EXPECTATIONS of ` +
            'tests/integration/route-isolation.property.test.ts (which rule decides it, how to call it, what must not leak).',
        );
      }
      await fc.assert(
        fc.asyncProperty(callArb(route), async (generated) => {
          const targets = generated.targets.map((i) => caseIds[i] as string);
          const aimed = aim(
            generated.caller,
            generated.affinity,
            await snapshot(targets[0] as string),
            generated.pick,
          );
          const caller = await resolveCaller(aimed, generated.language);
          await expectation.check({
            route,
            caller,
            targets,
            tenantId: generated.tenantId,
            pick: generated.pick,
            language: generated.language,
          });
        }),
        { numRuns: expectation.runs, seed: routeSeed(route), endOnFailure: true },
      );
    }, 120_000);
  }

  it('made a few hundred route calls over a few dozen stored cases, on both sides of the rules', () => {
    expect(cases.size).toBeGreaterThanOrEqual(CASE_COUNT);
    expect(routeCalls).toBeGreaterThanOrEqual(300);
    // Summed over the case routes, the generated calls meet denied reads, denied
    // actions and permitted calls alike, so no side of the property is left untested.
    const total = { 'denied-read': 0, 'denied-action': 0, permitted: 0, succeeded: 0 };
    for (const counts of outcomes.values())
      for (const key of Object.keys(total) as Outcome[]) total[key] += counts[key];
    const calls = Object.values(total).reduce((a, b) => a + b, 0);
    expect(total['denied-read'], JSON.stringify(total)).toBeGreaterThan(calls * 0.1);
    expect(total['denied-action'], JSON.stringify(total)).toBeGreaterThan(calls * 0.03);
    expect(total.permitted + total.succeeded, JSON.stringify(total)).toBeGreaterThan(calls * 0.15);
  });
});
