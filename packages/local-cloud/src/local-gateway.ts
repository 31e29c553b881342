import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthKind, PublicRateLimit } from '@citydesk/functions/manifest';
import { buildHttpApiEvent, type RoutePattern, RouteTable, toGatewayResponse } from './api-gateway-event.ts';
import { type LambdaHandler, lazyHandler } from './handler-loader.ts';
import { JwtAuthorizationError, type JwtAuthorizer } from './jwt-authorizer.ts';
import { createLambdaContext, InvocationTimeoutError, withTimeout } from './lambda-context.ts';
import { problem } from './problem-response.ts';
import { PublicRateLimiter } from './rate-limiter.ts';
import { serveStatic } from './static-files.ts';

/*
 * The local API Gateway HTTP API: one node:http server on one origin serving the
 * manifest's routes (payload 2.0 events, JWT authorizer, 10 MB limit, problem+json
 * gateway errors) and, for every other GET, the static portal. Same origin means
 * the portal needs no CORS locally, as behind CloudFront in production.
 */

/** API Gateway HTTP API's maximum request payload. */
export const maxPayloadBytes = 10 * 1024 * 1024;

/**
 * The security headers CloudFront's response headers policies add in production
 * (infra/lib/constructs/portal-distribution.ts), sent here too so that what the
 * browser tests see is what citizens get; tests/integration/security-headers.test.ts
 * compares both sets. API answers are data: nothing may render, frame or refer from them.
 */
const HSTS = 'max-age=63072000; includeSubDomains; preload';
export const apiSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': HSTS,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The portal's headers. The CSP is production's with the local emulators as the
 * origins the portal calls (cognito-local and the S3 gateway sit on random loopback
 * ports), and without `upgrade-insecure-requests`, which would send the plain-HTTP
 * local portal's requests to an https:// that does not exist (HSTS is ignored over
 * HTTP by every browser, so it stays).
 */
export const portalSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: http://127.0.0.1:*",
    "media-src 'self' blob: http://127.0.0.1:*",
    "connect-src 'self' http://127.0.0.1:*",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'strict-transport-security': HSTS,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'geolocation=(self), camera=(), microphone=()',
};

/** A route as the gateway serves it: the manifest's fields, or a test's own handler. */
export interface GatewayRoute extends RoutePattern {
  id: string;
  /** Only `jwt` is checked here, as on API Gateway; `apiKey` routes verify keys in the handler. */
  auth: AuthKind;
  timeoutSeconds: number;
  memoryMb: number;
  /** Handler module relative to functions/src; ignored when `handler` is given. */
  entry?: string;
  handler?: LambdaHandler;
  /** Scopes of which the token must carry one (API Gateway `authorizationScopes`). */
  authorizationScopes?: string[];
}

/** Options of {@link startLocalGateway}. */
export interface LocalGatewayOptions {
  port: number;
  routes: readonly GatewayRoute[];
  region: string;
  /** Required as soon as one route has `auth: 'jwt'`. */
  authorizer?: JwtAuthorizer;
  /** Static portal build to serve for non-API GETs. */
  webRoot?: string;
  /**
   * Per-client-IP limits on the anonymous endpoints (the manifest's `publicRateLimits`,
   * which WAF enforces on AWS). Absent: no limits, as in the shared test cloud, where
   * every suite's requests come from one address.
   */
  rateLimits?: readonly PublicRateLimit[];
  log: (line: string) => void;
}

/** A running gateway. */
export interface LocalGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

class PayloadTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > maxPayloadBytes) throw new PayloadTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxPayloadBytes) throw new PayloadTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(
  response: ServerResponse,
  result: { statusCode: number; headers: Record<string, string>; cookies?: string[]; body: Buffer },
  requestId: string,
) {
  // CloudFront's policy overrides whatever the origin sent, so these come last.
  const headers: Record<string, string | string[]> = {
    ...result.headers,
    ...apiSecurityHeaders,
    'apigw-requestid': requestId,
  };
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  headers['content-length'] = String(result.body.length);
  response.writeHead(result.statusCode, headers);
  response.end(result.body);
}

/** Starts the gateway on 127.0.0.1:`port` (0 for a random port). */
export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const table = new RouteTable(options.routes);
  const handlers = new Map<GatewayRoute, LambdaHandler>();
  for (const route of options.routes) {
    if (route.handler) handlers.set(route, route.handler);
    else if (route.entry) handlers.set(route, lazyHandler(route.entry));
    else throw new Error(`route ${route.id} has neither an entry nor a handler`);
    if (route.auth === 'jwt' && !options.authorizer) {
      throw new Error(`route ${route.id} needs the JWT authorizer, but none is configured`);
    }
  }
  // Top-level segments that belong to the API (`/v1`): unknown paths below them are
  // API 404s in problem+json, never the portal's HTML shell.
  const apiPrefixes = new Set(
    options.routes
      .map((r) => r.path.split('/'))
      .flatMap((parts) => (parts.length > 2 ? [`/${parts[1]}`] : [])),
  );

  const limiter = options.rateLimits ? new PublicRateLimiter(options.rateLimits) : undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const started = Date.now();
    const requestId = randomUUID();
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const done = (status: number) => options.log(`${method} ${url} ${status} ${Date.now() - started}ms`);

    const match = table.match(method, path);
    if (!match) {
      const isApiPath =
        table.claimsPath(path) || [...apiPrefixes].some((p) => path === p || path.startsWith(`${p}/`));
      if (!isApiPath && options.webRoot && (method === 'GET' || method === 'HEAD')) {
        if (await serveStatic(options.webRoot, path, method, response, portalSecurityHeaders)) return;
      }
      send(response, problem(404, `no route for ${method} ${path}`, path), requestId);
      return done(404);
    }

    const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const limit = limiter?.check(method, path, sourceIp, started);
    if (limit && !limit.allowed) {
      // WAF answers a blocked request itself, before any function runs.
      const refused = problem(
        429,
        `more than ${limit.rule.requestsPer5Minutes} requests in 5 minutes from this address (${limit.rule.id}); retry later`,
        path,
      );
      refused.headers['retry-after'] = String(limit.retryAfterSeconds);
      send(response, refused, requestId);
      request.resume();
      return done(429);
    }

    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        send(response, problem(413, `the request body exceeds ${maxPayloadBytes} bytes`, path), requestId);
        request.resume();
        return done(413);
      }
      throw error;
    }

    const { route, pathParameters } = match;
    let authorizer: { jwt: { claims: Record<string, string>; scopes: string[] | null } } | undefined;
    if (route.auth === 'jwt') {
      try {
        const jwt = await options.authorizer?.(request.headers.authorization, route.authorizationScopes);
        if (jwt) authorizer = { jwt };
      } catch (error) {
        if (!(error instanceof JwtAuthorizationError)) throw error;
        const refused = problem(401, error.message, path);
        refused.headers['www-authenticate'] = 'Bearer';
        send(response, refused, requestId);
        return done(401);
      }
    }

    const routeKey = `${route.method} ${route.path}`;
    const event = buildHttpApiEvent(
      {
        method,
        url,
        rawHeaders: request.rawHeaders,
        body,
        sourceIp,
        httpVersion: request.httpVersion,
      },
      {
        routeKey,
        pathParameters,
        requestId,
        apiId: 'local',
        accountId: '000000000000',
        now: new Date(started),
        ...(authorizer ? { authorizer } : {}),
      },
    );
    const handler = handlers.get(route) as LambdaHandler;
    const context = createLambdaContext(route, options.region, requestId);
    try {
      const result = await withTimeout(route, () => handler(event, context));
      const out = toGatewayResponse(result);
      send(response, out, requestId);
      done(out.statusCode);
    } catch (error) {
      const timedOut = error instanceof InvocationTimeoutError;
      options.log(`${route.id} ${timedOut ? 'timed out' : 'failed'}: ${(error as Error).stack ?? error}`);
      send(
        response,
        problem(500, timedOut ? (error as Error).message : `the ${route.id} handler failed`, path),
        requestId,
      );
      done(500);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log(`gateway error: ${(error as Error).stack ?? error}`);
      if (!response.headersSent) send(response, problem(500, 'local gateway error'), randomUUID());
      else response.destroy();
    });
  });
  // Requests node:http refuses before any route sees them (headers over its 16 KB, a
  // broken request line) still get a problem+json answer, as API Gateway gives one.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const refused = problem(
      tooLarge ? 431 : 400,
      tooLarge ? 'the request headers are too large' : 'the request is malformed',
    );
    const head = Object.entries({
      ...refused.headers,
      ...apiSecurityHeaders,
      'content-length': String(refused.body.length),
      connection: 'close',
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    socket.end(
      `HTTP/1.1 ${refused.statusCode} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n${head}\r\n\r\n${refused.body.toString('utf8')}`,
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
