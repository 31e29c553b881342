import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { HttpRouteDefinition } from '@citydesk/functions/manifest';
import { inject } from 'vitest';
import {
  buildHttpApiEvent,
  stringifyClaims,
  toGatewayResponse,
} from '../../packages/local-cloud/src/api-gateway-event.ts';
import { loadHandler } from '../../packages/local-cloud/src/handler-loader.ts';
import { createLambdaContext } from '../../packages/local-cloud/src/lambda-context.ts';
import { scheduledEvent } from '../../packages/local-cloud/src/schedule-runner.ts';

/*
 * Invokes the manifest's handler modules in the test's own process, with the events
 * the local gateway and scheduler would build. For tests that need principals no
 * demo user has (the route-isolation property test) or a job run on demand (the
 * retention sweep). Token verification happens before a handler on AWS and in the
 * local gateway; it is tested in local-cloud-auth.test.ts, so here the verified
 * claims are handed in directly.
 */

let prepared = false;

/**
 * Gives this process the local cloud's handler environment (table and queue names,
 * endpoints, secret values) before any handler module loads, and sends the
 * handlers' JSON log lines to the run's handler log, which the no-PII-in-logs test
 * reads. Call once, in `beforeAll`.
 */
export function useHandlerEnvironment(overrides: Record<string, string> = {}): void {
  Object.assign(process.env, inject('handlerEnvironment'), overrides);
  if (prepared) return;
  prepared = true;
  const logFile = inject('handlerLogFile');
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{"level"')) {
      appendFileSync(logFile, text);
      return true;
    }
    return original(chunk, ...rest);
  }) as typeof process.stdout.write;
}

/** One HTTP request to a manifest route, as the gateway hands it to the handler. */
export interface RouteRequest {
  route: HttpRouteDefinition;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body (sent as application/json). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Verified ID-token claims for `jwt` routes, exactly as the token carries them. */
  claims?: Record<string, unknown>;
}

/** A handler's answer, as the client would read it. */
export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: Record<string, unknown>;
}

/** Builds the payload-2.0 event for a request and runs the route's handler on it. */
export async function invokeRoute(request: RouteRequest): Promise<RouteResponse> {
  const { route } = request;
  const path = route.path.replace(/\{([A-Za-z0-9_]+)\+?\}/g, (_, name: string) =>
    encodeURIComponent(request.pathParameters?.[name] ?? ''),
  );
  const query = new URLSearchParams(request.query ?? {}).toString();
  const headers: Record<string, string> = {
    host: '127.0.0.1',
    'user-agent': 'citydesk-route-tests',
    ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...request.headers,
  };
  const requestId = randomUUID();
  const event = buildHttpApiEvent(
    {
      method: route.method,
      url: query ? `${path}?${query}` : path,
      rawHeaders: Object.entries(headers).flat(),
      body: Buffer.from(request.body === undefined ? '' : JSON.stringify(request.body)),
      sourceIp: '127.0.0.1',
      httpVersion: '1.1',
    },
    {
      routeKey: `${route.method} ${route.path}`,
      pathParameters: request.pathParameters ?? {},
      requestId,
      apiId: 'local',
      accountId: '000000000000',
      now: new Date(),
      ...(request.claims
        ? { authorizer: { jwt: { claims: stringifyClaims(request.claims), scopes: null } } }
        : {}),
    },
  );
  const handler = await loadHandler(route.entry);
  const result = toGatewayResponse(
    await handler(event, createLambdaContext(route, 'eu-central-1', requestId)),
  );
  const text = result.body.toString('utf8');
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { status: result.statusCode, headers: result.headers, text, json };
}

/** Runs a manifest schedule's handler once, with the event EventBridge Scheduler sends. */
export async function invokeSchedule<R>(schedule: {
  id: string;
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
}): Promise<R> {
  const handler = await loadHandler<unknown, R>(schedule.entry);
  return handler(scheduledEvent(schedule.id, 'eu-central-1'), createLambdaContext(schedule, 'eu-central-1'));
}
