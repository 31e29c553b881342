import { type HttpRouteDefinition, httpRoutes } from '@citydesk/functions/manifest';
import fc from 'fast-check';
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { apiOperations } from '../../functions/src/http/api-operations.ts';
import { problemTitles } from '../../functions/src/platform/problem-details.ts';
import { hostileString, hostileValue, INVALID_NUMBERS, PROTOTYPE_KEYS } from './hostile-values.ts';

/*
 * Property-based fuzzing of every HTTP route of the manifest (issue 11). The routes
 * are read from `httpRoutes` when the campaign starts, so a route added to the
 * manifest is fuzzed without anyone touching this file. Each generated request goes
 * through the local gateway (JWT authorizer, 10 MB limit) to the real handler.
 *
 * Bodies are hostile by construction: malformed JSON, wrong types, deep nesting,
 * huge strings, prototype-pollution keys, and "almost valid" bodies shaped like the
 * route's own request schema (from its OpenAPI operation) that carry one key the
 * schema does not know. Every such body must be refused, so any 2xx on a route that
 * writes is itself a finding, and the stored entities must be unchanged afterwards.
 * Path parameters are hostile too (`../`, `%00`, 5,000-character ids); GET routes
 * also get real ids, so the reads reach stored data.
 */

export interface FuzzPrincipals {
  /** ID tokens of signed-in demo users of several roles and tenants. */
  idTokens: string[];
  /** A token of the wrong kind (an access token): the authorizer must refuse it or the handler must. */
  accessToken: string;
  /** Integration keys (x-api-key) of real tenants. */
  apiKeys: string[];
  /** Real ids per path-parameter name (caseId, trackingNo…), used on GET routes only. */
  realIds: Record<string, string[]>;
}

/** A request body as generated; huge bodies are described and only built when sent. */
export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'huge'; bytes: number; json: boolean };

export interface FuzzRequest {
  route: HttpRouteDefinition;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: FuzzBody;
  /** The language the answer must be in. */
  lang: 'tr' | 'en';
  /** Why this request must be refused (a write route with a hostile body), if it must. */
  mustBeRefused: boolean;
}

export interface FuzzOutcome {
  status: number;
  contentType: string;
  contentLanguage: string | null;
  text: string;
}

/** The route's request body schema and query parameter names, from its OpenAPI operation. */
interface RouteShape {
  body?: JsonSchema;
  queryNames: string[];
}

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  example?: unknown;
  additionalProperties?: boolean | JsonSchema;
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that answer in the Open311 GeoReport v2 error shape (JSON or XML), as the spec demands. */
export const isOpen311 = (route: HttpRouteDefinition) => route.path.startsWith('/open311/');

/**
 * Reads each route's request shape from the OpenAPI operations. A route whose
 * operation is missing (being written) is fuzzed with the generic bodies only.
 */
function routeShapes(): {
  shapes: Map<HttpRouteDefinition, RouteShape>;
  components: Record<string, JsonSchema>;
} {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of httpRoutes) {
    const operation = (apiOperations as Record<string, unknown>)[route.id];
    if (!operation) continue;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation } as never;
  }
  const document = createDocument({ openapi: '3.1.0', info: { title: 'fuzz', version: '0' }, paths }) as {
    paths?: Record<string, Record<string, Record<string, unknown>>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const shapes = new Map<HttpRouteDefinition, RouteShape>();
  for (const route of httpRoutes) {
    const operation = document.paths?.[route.path]?.[route.method.toLowerCase()] as
      | {
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          parameters?: { in: string; name: string }[];
        }
      | undefined;
    const body = operation?.requestBody?.content?.['application/json']?.schema;
    shapes.set(route, {
      ...(body ? { body } : {}),
      queryNames: (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    });
  }
  return { shapes, components: document.components?.schemas ?? {} };
}

/** Sets an own, enumerable property even when the key is `__proto__`, as JSON.parse would. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value shaped like the schema, its leaves plausible or hostile. */
function shaped(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth: number,
): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const target = components[schema.$ref.replace('#/components/schemas/', '')];
    return target && depth < 6 ? shaped(target, components, depth + 1) : hostileValue();
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((s) => shaped(s, components, depth + 1)));
  }
  if (schema.allOf && schema.allOf.length > 0)
    return shaped(schema.allOf[0] as JsonSchema, components, depth + 1);
  const plausible: fc.Arbitrary<unknown>[] = [];
  if (schema.const !== undefined) plausible.push(fc.constant(schema.const));
  if (schema.enum) plausible.push(fc.constantFrom(...schema.enum));
  if (schema.example !== undefined) plausible.push(fc.constant(schema.example));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    const entries = Object.entries(schema.properties ?? {});
    if (depth > 5) return fc.constant({});
    return fc
      .tuple(
        ...entries.map(([, s]) => fc.option(shaped(s, components, depth + 1), { freq: 6, nil: undefined })),
      )
      .map((values) => {
        const out: Record<string, unknown> = {};
        entries.forEach(([key], i) => {
          if (values[i] !== undefined || schema.required?.includes(key)) setOwn(out, key, values[i] ?? null);
        });
        return out;
      });
  }
  if (type === 'array') {
    return fc.array(schema.items ? shaped(schema.items, components, depth + 1) : hostileValue(), {
      maxLength: 4,
    });
  }
  if (type === 'number' || type === 'integer') {
    plausible.push(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...INVALID_NUMBERS));
  }
  if (type === 'boolean') plausible.push(fc.boolean());
  if (type === 'string' || plausible.length === 0) plausible.push(hostileString());
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...plausible) }, { weight: 1, arbitrary: hostileValue() });
}

/** Adds one key the schema does not know (every request schema is strict) somewhere near the top. */
function withUnknownKey(value: unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...PROTOTYPE_KEYS, 'isAdmin', 'tenantId ', 'İd', '\u202Ekey'), hostileValue())
    .map(([key, extra]) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setOwn(copy, k, v);
      setOwn(copy, key, key === '__proto__' ? { isAdmin: true, polluted: extra } : extra);
      return copy;
    });
}

/** Generic hostile bodies, whatever the route. */
function genericBody(): fc.Arbitrary<FuzzBody> {
  const text = (a: fc.Arbitrary<string>) => a.map((t): FuzzBody => ({ kind: 'text', text: t }));
  return fc.oneof(
    // Malformed JSON.
    text(
      fc.constantFrom(
        '{',
        '{"a":',
        "{'a':1}",
        '{"a":1,}',
        '[1,2',
        'NaN',
        '{"a":NaN}',
        '{"a":1}{"b":2}',
        '\uFEFF{"a":1}',
        '"\\ud800"',
        '{"a":"\\u0000"}',
        'null',
        '',
        ' ',
        'true',
        '1e999',
      ),
    ),
    text(fc.json().map((j) => j.slice(0, Math.max(1, j.length - 1)))),
    // Any JSON value, objects with hostile keys and values.
    text(fc.jsonValue().map((v) => JSON.stringify(v))),
    text(
      fc
        .dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString()), hostileValue(), {
          maxKeys: 5,
        })
        .map((o) => JSON.stringify(o)),
    ),
    text(
      fc.constantFrom(...PROTOTYPE_KEYS).map((k) => `{"${k}":{"isAdmin":true,"tenantId":"balikesir-bb"}}`),
    ),
    // Deep nesting: arrays and objects thousands of levels deep.
    text(
      fc
        .integer({ min: 100, max: 50_000 })
        .chain((n) =>
          fc.constantFrom('['.repeat(n) + ']'.repeat(n), `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
        ),
    ),
    // Big and huge bodies: just under and over the handlers' 64 KB, the gateway's 10 MB.
    fc.constantFrom<FuzzBody>(
      { kind: 'huge', bytes: 64 * 1024 + 1, json: true },
      { kind: 'huge', bytes: 1024 * 1024, json: true },
      { kind: 'huge', bytes: 1024 * 1024, json: false },
    ),
    // Not JSON at all.
    text(fc.string({ unit: 'binary', maxLength: 200 })),
  );
}

function pathSegment(
  route: HttpRouteDefinition,
  name: string,
  principals: FuzzPrincipals,
): fc.Arbitrary<string> {
  const hostile = fc.oneof(
    fc.constantFrom(
      '..',
      '../../etc/passwd',
      '..%2F..%2F',
      '%00',
      '%2e%2e',
      '%',
      'x%0d%0aSet-Cookie:%20a=1',
      '482739150266',
      '4827-3915-0266',
      '000000000000',
      '00000000-0000-0000-0000-000000000000',
      'CASE%23x',
      '*',
      '-1',
      'null',
      'undefined',
    ),
    fc.constant('9'.repeat(5_000)),
    fc.constant('a'.repeat(2_048)),
    hostileString().map((s) => encodeURIComponent(s.slice(0, 3_000).toWellFormed()) || 'x'),
  );
  const real = principals.realIds[name] ?? [];
  if (route.method === 'GET' && real.length > 0) {
    return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...real) }, { weight: 3, arbitrary: hostile });
  }
  return hostile;
}

function querySuffix(shape: RouteShape): fc.Arbitrary<string> {
  const names = [...shape.queryNames, 'cursor', 'limit', '__proto__[isAdmin]', 'constructor', 'tenantId'];
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    {
      weight: 3,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.constantFrom(...names),
            fc.oneof(
              hostileString().map((s) => s.slice(0, 2_000)),
              fc.constantFrom(...INVALID_NUMBERS.map(String)),
            ),
          ),
          { minLength: 1, maxLength: 4 },
        )
        .map(
          (pairs) =>
            `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.toWellFormed())}`).join('&')}`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?%',
        '?a=%E0%A4%A',
        '?cursor=eyJwayI6IkNBU0UjeCJ9',
        '?limit=1e308&limit=-1',
      ),
    },
  );
}

function contentType(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
        'application/evil+json',
        'APPLICATION/JSON',
        '',
      ),
    },
  );
}

/** Builds the arbitrary of one request to any route of the manifest. */
export function fuzzRequests(principals: FuzzPrincipals): fc.Arbitrary<FuzzRequest> {
  const { shapes, components } = routeShapes();
  const perRoute = httpRoutes.map((route) => {
    const shape = shapes.get(route) ?? { queryNames: [] };
    const names = [...route.path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map((m) => m[1] as string);
    const path = fc.tuple(...names.map((n) => pathSegment(route, n, principals))).map((segments) => {
      let i = 0;
      return route.path.replace(/\{[A-Za-z0-9_]+\+?\}/g, () => segments[i++] as string);
    });
    const writes = WRITE_METHODS.has(route.method);
    const bodies: fc.Arbitrary<FuzzBody>[] = [genericBody()];
    if (shape.body) {
      bodies.push(
        shaped(shape.body, components, 0)
          .chain(withUnknownKey)
          .map((v): FuzzBody => ({ kind: 'text', text: JSON.stringify(v) ?? 'null' })),
      );
    }
    const body: fc.Arbitrary<FuzzBody> =
      writes && route.method !== 'DELETE'
        ? fc.oneof(...bodies)
        : route.method === 'GET'
          ? fc.constant<FuzzBody>({ kind: 'none' })
          : fc.oneof(
              { weight: 4, arbitrary: fc.constant<FuzzBody>({ kind: 'none' }) },
              { weight: 1, arbitrary: genericBody() },
            );
    const auth: fc.Arbitrary<Record<string, string>> =
      route.auth === 'jwt'
        ? fc.oneof(
            {
              weight: 8,
              arbitrary: fc
                .constantFrom(...principals.idTokens)
                .map((t) => ({ authorization: `Bearer ${t}` })),
            },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                {},
                { authorization: `Bearer ${principals.accessToken}` },
                { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
                { authorization: 'Basic YWRtaW46YWRtaW4=' },
                { authorization: `Bearer ${'a'.repeat(8_000)}` },
              ),
            },
          )
        : route.auth === 'apiKey'
          ? fc.oneof(
              {
                weight: 4,
                arbitrary: fc.constantFrom(...principals.apiKeys).map((k) => ({ 'x-api-key': k })),
              },
              {
                weight: 1,
                arbitrary: fc.constantFrom({}, { 'x-api-key': 'cdk_x_y' }, { 'x-api-key': "' OR 1=1 --" }),
              },
            )
          : fc.constant({});
    const language = fc.constantFrom(
      { header: undefined, lang: 'tr' as const },
      { header: 'en', lang: 'en' as const },
      { header: 'en-GB,en;q=0.9', lang: 'en' as const },
      { header: 'tr-TR', lang: 'tr' as const },
      { header: 'de;q=1,;q=NaN,*', lang: 'tr' as const },
    );
    return fc
      .record({
        path,
        query: querySuffix(shape),
        body,
        auth,
        language,
        contentType: contentType(),
        idempotencyKey: fc.option(
          hostileString().map((s) => s.replace(/[\r\n\0]/g, '').slice(0, 300)),
          { freq: 4 },
        ),
      })
      .map(({ path, query, body, auth, language, contentType, idempotencyKey }): FuzzRequest => {
        const headers: Record<string, string> = { ...auth };
        if (language.header) headers['accept-language'] = language.header;
        if (body.kind !== 'none' && contentType !== undefined) headers['content-type'] = contentType;
        if (idempotencyKey) headers['idempotency-key'] = encodeURIComponent(idempotencyKey.toWellFormed());
        return {
          route,
          method: route.method,
          path,
          query,
          headers,
          body,
          lang: language.lang,
          mustBeRefused: writes && body.kind !== 'none',
        };
      });
  });
  return fc.oneof(...perRoute);
}

/** The bytes of a body, built only when sent. */
function bodyBytes(body: FuzzBody): Buffer | undefined {
  if (body.kind === 'none') return undefined;
  if (body.kind === 'text') return Buffer.from(body.text, 'utf8');
  if (!body.json) return Buffer.alloc(body.bytes, 0x41);
  const filler = 'İ'.repeat(Math.max(0, Math.floor((body.bytes - 20) / 2)));
  const text = `{"description":"${filler}"}`;
  return Buffer.from(text, 'utf8');
}

/** Sends one request to the gateway. */
export async function sendFuzzRequest(apiUrl: string, request: FuzzRequest): Promise<FuzzOutcome> {
  const body = bodyBytes(request.body);
  const res = await fetch(`${apiUrl.replace(/\/$/, '')}${request.path}${request.query}`, {
    method: request.method,
    headers: request.headers,
    ...(body ? { body } : {}),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    contentLanguage: res.headers.get('content-language'),
    text: await res.text(),
  };
}

const titles = { tr: new Set(problemTitles('tr')), en: new Set(problemTitles('en')) };

/**
 * What is wrong with an answer, or undefined: no 5xx ever; every refusal is
 * problem+json whose status matches and whose title is in the caller's language
 * (the gateway's own refusals, 401/404/413 before any handler, are API Gateway's
 * and carry no language); Open311 refusals are the spec's error list.
 */
export function violation(request: FuzzRequest, outcome: FuzzOutcome): string | undefined {
  if (outcome.status >= 500) return `answered ${outcome.status}: ${outcome.text.slice(0, 300)}`;
  if (request.mustBeRefused && outcome.status < 400) {
    return `accepted a hostile body with ${outcome.status}: ${outcome.text.slice(0, 200)}`;
  }
  if (outcome.status < 400) return undefined;
  if (isOpen311(request.route)) {
    return /^(application\/json|text\/xml|application\/xml|application\/problem\+json)/.test(
      outcome.contentType,
    )
      ? undefined
      : `Open311 refusal as ${outcome.contentType}`;
  }
  if (!outcome.contentType.startsWith('application/problem+json')) {
    return `refusal ${outcome.status} as ${outcome.contentType}: ${outcome.text.slice(0, 200)}`;
  }
  let body: { status?: unknown; title?: unknown };
  try {
    body = JSON.parse(outcome.text) as typeof body;
  } catch {
    return `problem+json that does not parse: ${outcome.text.slice(0, 200)}`;
  }
  if (body.status !== outcome.status) return `problem status ${String(body.status)} on a ${outcome.status}`;
  if (typeof body.title !== 'string' || body.title.length === 0) return 'problem without a title';
  if (outcome.contentLanguage === null) return undefined;
  if (outcome.contentLanguage !== request.lang) {
    return `answered in ${outcome.contentLanguage}, asked for ${request.lang}`;
  }
  if (!titles[request.lang].has(body.title))
    return `title "${body.title}" is not a ${request.lang} problem title`;
  return undefined;
}

export interface CampaignResult {
  requests: number;
  seed: number;
  durationMs: number;
  byStatus: Record<number, number>;
  routesHit: number;
  /** The routes that took the most time in total, in ms: where a campaign's minutes go. */
  slowestRoutes: [string, number][];
  /** Write routes that answered 2xx, by route id (must stay empty: every body is hostile). */
  failures: { request: string; problem: string }[];
}

/** A one-line description of a request for a failure report (bodies abbreviated). */
export function describeRequest(r: FuzzRequest): string {
  const body =
    r.body.kind === 'none'
      ? ''
      : r.body.kind === 'huge'
        ? ` <${r.body.bytes} bytes>`
        : ` ${r.body.text.slice(0, 160)}`;
  return `${r.method} ${r.path.slice(0, 160)}${r.query.slice(0, 120)} [${JSON.stringify({ ...r.headers, authorization: r.headers.authorization ? '…' : undefined })}]${body}`;
}

/** Node's default `--max-http-header-size`: the request line and headers together. */
const NODE_MAX_HEADER_BYTES = 16 * 1024;

/** The size of a request's line and headers, as they go on the wire. */
/** Headers fetch adds itself (host, connection, accept, accept-encoding, user-agent, sec-fetch-mode, content-length). */
const FETCH_OWN_HEADER_BYTES = 256;

function headBytes(r: { path: string; query: string; headers: Record<string, string> }): number {
  const line = Buffer.byteLength(`${r.path}${r.query}`) + 16 + FETCH_OWN_HEADER_BYTES;
  return Object.entries(r.headers).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`), line);
}

/**
 * Runs `requests` generated requests against the gateway, a few at a time, and
 * collects every violation (up to 50) instead of stopping at the first, so one run
 * reports every broken route. The seed makes a run repeatable.
 */
export async function runFuzzCampaign(options: {
  apiUrl: string;
  principals: FuzzPrincipals;
  requests: number;
  seed: number;
  concurrency?: number;
}): Promise<CampaignResult> {
  const started = Date.now();
  const samples = fc.sample(fuzzRequests(options.principals), {
    numRuns: options.requests,
    seed: options.seed,
  });
  const byStatus: Record<number, number> = {};
  const routes = new Set<string>();
  const failures: CampaignResult['failures'] = [];
  const time = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      const request = samples[index];
      if (!request) return;
      routes.add(request.route.id);
      let problem: string | undefined;
      const sent = Date.now();
      try {
        // A connection the server closed as it went idle can fail the next request sent
        // on it before any answer (undici's keep-alive race, seen under load): one more
        // try on a fresh connection tells that apart from a server that drops requests.
        const outcome = await sendFuzzRequest(options.apiUrl, request).catch((first: unknown) => {
          if (headBytes(request) > NODE_MAX_HEADER_BYTES) throw first;
          return sendFuzzRequest(options.apiUrl, request);
        });
        byStatus[outcome.status] = (byStatus[outcome.status] ?? 0) + 1;
        problem = violation(request, outcome);
      } catch (error) {
        // A request line and headers over Node's 16 KB are refused before any route
        // (431; API Gateway's own limit is 10 KB), and while the client is still writing
        // them the closed connection can reach it as a reset instead of the answer.
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        if (headBytes(request) > NODE_MAX_HEADER_BYTES) byStatus[431] = (byStatus[431] ?? 0) + 1;
        else
          problem = `request failed twice: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
      }
      time.set(request.route.id, (time.get(request.route.id) ?? 0) + Date.now() - sent);
      if (problem && failures.length < 50) failures.push({ request: describeRequest(request), problem });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return {
    requests: samples.length,
    seed: options.seed,
    durationMs: Date.now() - started,
    byStatus,
    routesHit: routes.size,
    slowestRoutes: [...time].sort((a, b) => b[1] - a[1]).slice(0, 10),
    failures,
  };
}
