import type { ProblemDetails } from '@citydesk/domain';
import { getLocale } from '#lib/paraglide/runtime.js';
import { ApiProblemError, NetworkError } from './api-errors.ts';

export interface RequestOptions {
  body?: unknown;
  /** Sent as Idempotency-Key; the same key is reused by the automatic retry. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Extra request headers, e.g. the staff session's Authorization (see authed-fetch.ts). */
  headers?: Record<string, string>;
}

/**
 * Calls the CityDesk API on the portal's own origin (the local cloud and CloudFront
 * serve both), asking for texts in the page's language.
 *
 * A request that fails without any HTTP answer is retried once, after a short pause,
 * with the same Idempotency-Key: a POST whose response was lost is then answered
 * with the case already created instead of creating a second one.
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': getLocale(),
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const init: RequestInit = {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
    credentials: 'same-origin',
  };

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (first) {
    if (options.signal?.aborted) throw first;
    await new Promise((resolve) => setTimeout(resolve, 700));
    try {
      response = await fetch(path, init);
    } catch (second) {
      if (options.signal?.aborted) throw second;
      throw new NetworkError(second);
    }
  }

  // 204 No Content (a deletion) has no body to read.
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await response.json()) as T;
  throw new ApiProblemError(await readProblem(response));
}

/** Reads a problem+json body; anything else (a proxy's HTML page) becomes a bare problem with the status. */
async function readProblem(response: Response): Promise<ProblemDetails> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    try {
      const body = (await response.json()) as Partial<ProblemDetails>;
      if (typeof body.title === 'string') {
        return {
          type: body.type ?? 'about:blank',
          title: body.title,
          status: typeof body.status === 'number' ? body.status : response.status,
          code: body.code ?? 'UNKNOWN',
          ...(body.detail ? { detail: body.detail } : {}),
          ...(Array.isArray(body.errors) ? { errors: body.errors } : {}),
          // A 409 version conflict says what the case looks like now.
          ...(body.current && typeof body.current.version === 'number' ? { current: body.current } : {}),
        };
      }
    } catch {
      // Fall through to the generic problem below.
    }
  }
  return {
    type: 'about:blank',
    title: response.statusText || 'Error',
    status: response.status,
    code: 'HTTP_ERROR',
  };
}
