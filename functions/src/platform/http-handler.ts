import { InvalidCursorError } from '@citydesk/data';
import type { Language } from '@citydesk/domain';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { type EndInvocation, observeInvocation } from './invocation-observability.ts';
import { negotiateLanguage } from './language.ts';
import { logger } from './logger.ts';
import { ProblemError, problemBody } from './problem-details.ts';
import { toFieldErrors } from './zod-issues.ts';

export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface HttpRequest {
  event: APIGatewayProxyEventV2;
  lang: Language;
  header(name: string): string | undefined;
}

/** JSON bodies of the public API are small: attachments travel separately to S3. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

const baseHeaders = (lang: Language) => ({
  'content-language': lang,
  vary: 'Accept-Language',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

export function json(
  status: number,
  body: unknown,
  lang: Language,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...baseHeaders(lang), ...headers },
    body: JSON.stringify(body),
  };
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // API Gateway v2 lower-cases header names, but direct invocations may not.
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * Converts any error into RFC 9457 problem+json in the caller's language. Unknown
 * errors are logged with the request id and answered 500 without internals.
 */
const problemDetails = (): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => ({
  onError: async (request) => {
    const event = request.event;
    const lang = negotiateLanguage(header(event, 'accept-language'));
    let problem: ProblemError;
    if (request.error instanceof ProblemError) {
      problem = request.error;
    } else if (request.error instanceof InvalidCursorError) {
      // Any paged list: a cursor the client altered or invented is the client's error.
      problem = new ProblemError('validation-failed', {
        tr: 'Sayfa imleci geçersiz.',
        en: 'The page cursor is invalid.',
      });
    } else {
      logger.error('unhandled error', {
        error: request.error as Error,
        requestId: event.requestContext?.requestId,
      });
      problem = new ProblemError('internal-error');
    }
    const body = problemBody(problem, lang, event.rawPath);
    request.response = {
      statusCode: body.status,
      headers: { 'content-type': 'application/problem+json; charset=utf-8', ...baseHeaders(lang) },
      body: JSON.stringify(body),
    };
  },
});

/**
 * Cold-start metric, X-Ray subsegment and one metrics flush per request (see
 * invocation-observability.ts). Registered before problemDetails, so its onError runs
 * after the error became a response: only a 5xx is recorded as the invocation's error.
 */
const observability = (): MiddlewareObj<APIGatewayProxyEventV2, HttpResult, Error, Context> => {
  // Keyed by middy's request object: one per invocation, even if invocations overlap.
  const open = new WeakMap<object, EndInvocation>();
  const end = (request: object, error?: unknown) => {
    open.get(request)?.(error);
    open.delete(request);
  };
  return {
    before: (request) => {
      open.set(request, observeInvocation(request.context));
    },
    after: (request) => end(request),
    onError: (request) => {
      const status = request.response?.statusCode ?? 500;
      end(request, status >= 500 ? request.error : undefined);
    },
  };
};

/**
 * Wraps an HTTP handler: observability, language negotiation and problem+json errors.
 * Handlers stay thin: validate at the edge, call the domain, persist through a repository.
 */
export function httpHandler(fn: (req: HttpRequest) => Promise<HttpResult>) {
  return middy<APIGatewayProxyEventV2, HttpResult, Error, Context>()
    .use(observability())
    .use(problemDetails())
    .handler(async (event) =>
      fn({
        event,
        lang: negotiateLanguage(header(event, 'accept-language')),
        header: (name) => header(event, name),
      }),
    );
}

/**
 * Parses and validates a JSON body: content type, size, syntax, then the zod schema
 * (which rejects unknown fields). Nothing is written before this succeeds.
 */
export function parseJsonBody<S extends z.ZodType>(
  req: HttpRequest,
  schema: S,
  /** Larger for whole documents (a city's configuration is ~200 kB); API Gateway caps at 10 MB. */
  maxBytes = MAX_JSON_BODY_BYTES,
): z.output<S> {
  const contentType = req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json' && !contentType?.endsWith('+json')) {
    throw new ProblemError('unsupported-media-type', {
      tr: 'İstek gövdesi application/json olmalıdır.',
      en: 'The request body must be application/json.',
    });
  }
  const raw = req.event.isBase64Encoded
    ? Buffer.from(req.event.body ?? '', 'base64').toString('utf8')
    : (req.event.body ?? '');
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new ProblemError('payload-too-large', {
      tr: `İstek gövdesi en fazla ${maxBytes / 1024} KB olabilir.`,
      en: `The request body may be at most ${maxBytes / 1024} KB.`,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new ProblemError('malformed-json', {
      tr: 'İstek gövdesi çözümlenemedi; geçerli bir JSON nesnesi gönderin.',
      en: 'The request body could not be parsed; send a valid JSON object.',
    });
  }
  return validate(schema, data);
}

/** Validates any input (body, path, query) against a schema, as a 400 with field errors. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new ProblemError(
      'validation-failed',
      {
        tr: 'Bazı alanlar hatalı; ayrıntılar errors listesinde.',
        en: 'Some fields are invalid; see the errors list.',
      },
      toFieldErrors(result.error.issues),
    );
  }
  return result.data;
}
