import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/*
 * The pure half of the local gateway: route matching with API Gateway's path
 * syntax and precedence, building HTTP API payload-format-2.0 events, and turning
 * handler results back into HTTP responses. No sockets here, so it is unit-tested
 * directly against the shapes AWS documents.
 */

/** The part of a route the gateway needs for matching. */
export interface RoutePattern {
  method: string;
  path: string;
}

interface CompiledRoute<R extends RoutePattern> {
  route: R;
  regex: RegExp;
  params: string[];
  literalSegments: number;
  greedy: boolean;
}

/** A matched route with its decoded path parameters. */
export interface RouteMatch<R extends RoutePattern> {
  route: R;
  pathParameters: Record<string, string>;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles `/v1/cases/{id}` or `/files/{proxy+}` into a matcher. */
function compile<R extends RoutePattern>(route: R): CompiledRoute<R> {
  const params: string[] = [];
  let literalSegments = 0;
  let greedy = false;
  const segments = route.path.split('/').slice(1);
  const parts = segments.map((segment, index) => {
    const greedyMatch = /^\{([A-Za-z0-9_]+)\+\}$/.exec(segment);
    if (greedyMatch?.[1]) {
      if (index !== segments.length - 1) throw new Error(`greedy parameter must be last in ${route.path}`);
      params.push(greedyMatch[1]);
      greedy = true;
      return '(.+)';
    }
    const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
    if (param?.[1]) {
      params.push(param[1]);
      return '([^/]+)';
    }
    literalSegments++;
    return escapeRegex(segment);
  });
  return { route, regex: new RegExp(`^/${parts.join('/')}$`), params, literalSegments, greedy };
}

/**
 * API Gateway HTTP API route selection: the most specific route wins. Routes
 * without a greedy variable beat greedy ones; among the rest, more literal
 * segments win, then the longer path. A method-specific route beats `ANY`.
 */
export class RouteTable<R extends RoutePattern> {
  readonly #compiled: CompiledRoute<R>[];

  constructor(routes: readonly R[]) {
    this.#compiled = routes.map(compile).sort((a, b) => {
      if (a.greedy !== b.greedy) return a.greedy ? 1 : -1;
      if (a.literalSegments !== b.literalSegments) return b.literalSegments - a.literalSegments;
      if (a.route.path.length !== b.route.path.length) return b.route.path.length - a.route.path.length;
      return (a.route.method === 'ANY' ? 1 : 0) - (b.route.method === 'ANY' ? 1 : 0);
    });
  }

  /** The route serving `method path`, or undefined (API Gateway answers 404 Not Found). */
  match(method: string, path: string): RouteMatch<R> | undefined {
    for (const compiled of this.#compiled) {
      if (compiled.route.method !== method && compiled.route.method !== 'ANY') continue;
      const m = compiled.regex.exec(path);
      if (!m) continue;
      const pathParameters: Record<string, string> = {};
      compiled.params.forEach((name, i) => {
        const raw = m[i + 1] ?? '';
        try {
          pathParameters[name] = decodeURIComponent(raw);
        } catch {
          pathParameters[name] = raw;
        }
      });
      return { route: compiled.route, pathParameters };
    }
    return undefined;
  }

  /** True if some route's path matches regardless of method: the request belongs to the API. */
  claimsPath(path: string): boolean {
    return this.#compiled.some((c) => c.regex.test(path));
  }
}

/** Content types whose bodies API Gateway passes as text rather than base64. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/javascript' ||
    type === 'application/graphql'
  );
}

/** The HTTP request, as the local gateway read it off the socket. */
export interface IncomingHttpRequest {
  method: string;
  /** Path plus query string, exactly as sent (not decoded). */
  url: string;
  /** Node's `rawHeaders`: alternating names and values, duplicates preserved. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
}

/** Context of the API the event claims to come from. */
export interface EventContext {
  routeKey: string;
  pathParameters: Record<string, string>;
  requestId: string;
  apiId: string;
  accountId: string;
  now: Date;
  authorizer?: { jwt: { claims: Record<string, string>; scopes: string[] | null } };
}

/** `12/Mar/2020:19:03:58 +0000`: the CLF timestamp of `requestContext.time`. */
export function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** Lower-cased headers with duplicates comma-joined, as payload 2.0 delivers them. */
export function joinHeaders(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

/** Query parameters, decoded, with repeated keys comma-joined (payload 2.0 behaviour). */
export function parseQueryString(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    result[key] = key in result ? `${result[key]},${value}` : value;
  }
  return result;
}

/** Builds the API Gateway HTTP API payload-format-2.0 event for one request. */
export function buildHttpApiEvent(
  request: IncomingHttpRequest,
  context: EventContext,
): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryIndex = request.url.indexOf('?');
  const rawPath = queryIndex >= 0 ? request.url.slice(0, queryIndex) : request.url;
  const rawQueryString = queryIndex >= 0 ? request.url.slice(queryIndex + 1) : '';
  const headers = joinHeaders(request.rawHeaders);
  // Payload 2.0 moves cookies out of the headers into their own array.
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const cookies = cookieHeader
    ?.split(/;\s*/)
    .map((c) => c.trim())
    .filter(Boolean);
  const host = headers.host ?? 'localhost';
  const domainName = host.replace(/:\d+$/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${request.sourceIp}`
    : request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= /:(\d+)$/.exec(host)?.[1] ?? '80';
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(context.now.getTime() / 1000).toString(16)}-${context.requestId.replaceAll('-', '').slice(0, 24)}`;

  const hasBody = request.body.length > 0;
  const text = isTextContentType(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: '$default',
      time: clfTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    isBase64Encoded: hasBody && !text,
  };
  const query = parseQueryString(rawQueryString);
  if (query) event.queryStringParameters = query;
  if (Object.keys(context.pathParameters).length > 0) event.pathParameters = context.pathParameters;
  if (hasBody) event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
  if (context.authorizer) {
    // Exactly `{ jwt: { claims, scopes } }`, as the documented payload-2.0 example shows.
    (event.requestContext as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']).authorizer =
      context.authorizer;
  }
  return event;
}

/**
 * JWT claims as API Gateway's JWT authorizer hands them to the integration: every
 * value a string, arrays in brackets separated by spaces (`cognito:groups` of
 * `["agent","staff"]` becomes `[agent staff]`), objects as JSON.
 */
export function stringifyClaims(payload: Record<string, unknown>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      claims[name] = `[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')}]`;
    } else if (typeof value === 'object') {
      claims[name] = JSON.stringify(value);
    } else {
      claims[name] = String(value);
    }
  }
  return claims;
}

/** An HTTP response ready to be written. */
export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/**
 * Interprets a payload-2.0 handler result. A result with `statusCode` is used as
 * is; anything else is, like on AWS, a 200 `application/json` whose body is the
 * string itself or the JSON of the value.
 */
export function toGatewayResponse(result: unknown): GatewayResponse {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const r = result as {
      statusCode: number;
      headers?: Record<string, string | number | boolean>;
      multiValueHeaders?: Record<string, (string | number | boolean)[]>;
      cookies?: string[];
      body?: string;
      isBase64Encoded?: boolean;
    };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
    for (const [name, values] of Object.entries(r.multiValueHeaders ?? {})) {
      headers[name.toLowerCase()] = values.map(String).join(',');
    }
    const body =
      r.body === undefined || r.body === null
        ? Buffer.alloc(0)
        : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
    return { statusCode: Number(r.statusCode), headers, cookies: r.cookies ?? [], body };
  }
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(text),
  };
}
