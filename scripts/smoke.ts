import { randomUUID } from 'node:crypto';
import { AuthConfig, PublicCatalog, PublicTrackView, StaffQueue } from '@citydesk/domain';
import {
  chooseLogin,
  chooseSubmission,
  resolveSmokeTarget,
  type SmokeSubmission,
  type SmokeTarget,
} from './lib/smoke-target.ts';

/*
 * The smoke suite: one citizen request end to end through a running deployment, over
 * HTTP only, so it checks real AWS, LocalStack and the embedded local cloud with the
 * same code. Health, OpenAPI, the public catalogue, a case filed with an
 * Idempotency-Key (and its replay), tracking until routing has decided, then a staff
 * sign-in and a queue read. Target and login come from the environment
 * (docs/deploy.md, "Smoke test"); without it, from the local cloud's .data/endpoints.json.
 *
 *   npm run smoke                                      # against `npm start`
 *   CITYDESK_SMOKE_API_URL=https://… CITYDESK_SMOKE_USERNAME=… CITYDESK_SMOKE_PASSWORD=… npm run smoke
 *
 * The case it files carries no contact details (nobody is messaged) and says it is a
 * test; on a production deployment, close it afterwards or point the suite at a test city.
 */

interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

class SmokeFailure extends Error {}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SmokeFailure(message);
}

async function call(
  target: SmokeTarget,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const url = new URL(path, target.apiUrl);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      'accept-language': 'en',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the failure message.
  }
  return { status: response.status, headers: response.headers, body };
}

const describe = (answer: HttpAnswer) =>
  `${answer.status} ${typeof answer.body === 'string' ? answer.body.slice(0, 300) : JSON.stringify(answer.body).slice(0, 300)}`;

/** Staff sign-in as the portal does it with USER_PASSWORD_AUTH: Cognito's public JSON API, no AWS credentials. */
async function signIn(
  target: SmokeTarget,
  auth: AuthConfig,
  login: { username: string; password: string },
): Promise<string> {
  const region = target.region ?? auth.region;
  const endpoint = target.cognitoEndpoint ?? auth.endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: target.clientId ?? auth.clientId,
      AuthParameters: { USERNAME: login.username, PASSWORD: login.password },
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as {
    AuthenticationResult?: { IdToken?: string };
    ChallengeName?: string;
    __type?: string;
    message?: string;
  };
  expect(
    response.ok,
    `Cognito refused ${login.username}: ${body.__type ?? response.status} ${body.message ?? ''}`,
  );
  expect(
    !body.ChallengeName,
    `Cognito asks ${login.username} for ${body.ChallengeName}: use a staff login with a permanent password and no MFA challenge`,
  );
  const token = body.AuthenticationResult?.IdToken;
  expect(token, 'Cognito returned no ID token');
  return token;
}

/** What the steps hand on to each other. */
interface SmokeState {
  catalog?: PublicCatalog;
  submission?: SmokeSubmission;
  trackingNo?: string;
  ownerTenantId?: string;
  idToken?: string;
  signedInAs?: string;
}

type Step = [name: string, run: (target: SmokeTarget, state: SmokeState) => Promise<string>];

const steps: Step[] = [
  [
    'health',
    async (target) => {
      const r = await call(target, 'GET', 'health');
      expect(r.status === 200, `GET /health: ${describe(r)}`);
      expect((r.body as { status?: string }).status === 'ok', `GET /health: ${describe(r)}`);
      return 'status ok';
    },
  ],
  [
    'OpenAPI document',
    async (target) => {
      const r = await call(target, 'GET', 'openapi.json');
      expect(r.status === 200, `GET /openapi.json: ${describe(r)}`);
      const doc = r.body as { openapi?: string; paths?: Record<string, unknown> };
      expect(doc.openapi?.startsWith('3.1'), `not OpenAPI 3.1: ${doc.openapi}`);
      for (const path of ['/v1/public/cases', '/v1/public/track/{trackingNo}', '/v1/staff/queue'])
        expect(doc.paths?.[path], `the document has no ${path}`);
      return `OpenAPI ${doc.openapi}, ${Object.keys(doc.paths ?? {}).length} paths`;
    },
  ],
  [
    'public catalogue',
    async (target, state) => {
      const r = await call(target, 'GET', 'v1/public/catalog', {
        ...(target.cityId ? { query: { city: target.cityId } } : {}),
      });
      expect(r.status === 200, `GET /v1/public/catalog: ${describe(r)}`);
      const parsed = PublicCatalog.safeParse(r.body);
      expect(parsed.success, `the catalogue breaks its contract: ${parsed.error?.message}`);
      state.catalog = parsed.data;
      state.submission = chooseSubmission(parsed.data, target);
      return `${parsed.data.cityName}: ${parsed.data.workTypes.length} work types, ${parsed.data.neighbourhoods.length} neighbourhoods`;
    },
  ],
  [
    'file a case with an Idempotency-Key, then replay it',
    async (target, state) => {
      expect(state.submission, 'no submission');
      const key = `smoke-${randomUUID()}`;
      const post = () =>
        call(target, 'POST', 'v1/public/cases', {
          body: state.submission,
          headers: { 'idempotency-key': key },
          ...(target.cityId ? { query: { city: target.cityId } } : {}),
        });
      const created = await post();
      expect(created.status === 201, `POST /v1/public/cases: ${describe(created)}`);
      const trackingNo = String((created.body as { trackingNo?: string }).trackingNo);
      expect(/^\d{4}-\d{4}-\d{4}$/.test(trackingNo), `tracking number ${trackingNo} is not dictatable`);
      const replay = await post();
      expect(replay.status === 201, `the replay: ${describe(replay)}`);
      expect(
        (replay.body as { trackingNo?: string }).trackingNo === trackingNo,
        'the replay filed a second case',
      );
      expect(replay.headers.get('idempotent-replayed') === 'true', 'the replay is not marked as one');
      state.trackingNo = trackingNo.replaceAll('-', '');
      return `${trackingNo} (${state.submission.workTypeCode} in ${state.submission.location.neighbourhood}); replay answered the same case`;
    },
  ],
  [
    'track the case',
    async (target, state) => {
      const r = await call(target, 'GET', `v1/public/track/${state.trackingNo}`);
      expect(r.status === 200, `GET /v1/public/track: ${describe(r)}`);
      const parsed = PublicTrackView.safeParse(r.body);
      expect(parsed.success, `the tracking view breaks its contract: ${parsed.error?.message}`);
      return `status ${parsed.data.status}`;
    },
  ],
  [
    'wait until routed',
    async (target, state) => {
      const deadline = Date.now() + target.routingTimeoutMs;
      let last = 'NEW';
      while (Date.now() < deadline) {
        const r = await call(target, 'GET', `v1/public/track/${state.trackingNo}`);
        expect(r.status === 200, `GET /v1/public/track: ${describe(r)}`);
        const view = PublicTrackView.parse(r.body);
        last = view.status;
        // Anything past NEW means the stream, the outbox relay and the routing worker all ran.
        if (view.status !== 'NEW') {
          state.ownerTenantId = view.organisation?.tenantId;
          return `${view.status}${view.organisation ? ` to ${view.organisation.name}` : ''}`;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      throw new SmokeFailure(
        `still ${last} after ${target.routingTimeoutMs / 1000} s: check the stream mapping, the outbox dispatcher and the routing queue's DLQ`,
      );
    },
  ],
  [
    'staff sign-in',
    async (target, state) => {
      const r = await call(target, 'GET', 'v1/public/auth-config');
      expect(r.status === 200, `GET /v1/public/auth-config: ${describe(r)}`);
      const auth = AuthConfig.parse(r.body);
      const login = chooseLogin(target, state.ownerTenantId);
      state.idToken = await signIn(target, auth, login);
      state.signedInAs = login.username;
      return `${login.username} (user pool ${auth.userPoolId})`;
    },
  ],
  [
    'staff queue',
    async (target, state) => {
      const r = await call(target, 'GET', 'v1/staff/queue', {
        headers: { authorization: `Bearer ${state.idToken}` },
        query: { limit: '100' },
      });
      expect(r.status === 200, `GET /v1/staff/queue as ${state.signedInAs}: ${describe(r)}`);
      const parsed = StaffQueue.safeParse(r.body);
      expect(parsed.success, `the queue breaks its contract: ${parsed.error?.message}`);
      const items = parsed.data.items as { trackingNo: string }[];
      const listed = items.some((i) => i.trackingNo.replaceAll('-', '') === state.trackingNo);
      return `${items.length} case(s) on the first page${listed ? ', including the smoke case' : ''}`;
    },
  ],
];

async function main(): Promise<number> {
  let target: SmokeTarget;
  try {
    target = resolveSmokeTarget(process.env);
  } catch (err) {
    process.stderr.write(`smoke: ${(err as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`Smoke suite against ${target.apiUrl} (${target.source})\n`);
  const state: SmokeState = {};
  let passed = 0;
  let failed = 0;
  let blocked: string | undefined;
  for (const [name, run] of steps) {
    if (blocked) {
      failed++;
      process.stdout.write(`  ✗ ${name}: not run, "${blocked}" failed\n`);
      continue;
    }
    const started = Date.now();
    try {
      const detail = await run(target, state);
      passed++;
      process.stdout.write(`  ✓ ${name} (${Date.now() - started} ms): ${detail}\n`);
    } catch (err) {
      failed++;
      blocked = name;
      const message = err instanceof SmokeFailure ? err.message : String((err as Error).stack ?? err);
      process.stdout.write(`  ✗ ${name} (${Date.now() - started} ms): ${message}\n`);
    }
  }
  process.stdout.write(`smoke: ${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
