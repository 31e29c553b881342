import {
  createDocumentClient,
  mainTable,
  requireEnv,
  signWebhookBody,
  WebhookRepository,
} from '@citydesk/data';
import {
  WEBHOOK_HEADERS,
  WEBHOOK_RETRY_BASE_SECONDS,
  WEBHOOK_TIMEOUT_MS,
  type WebhookAttempt,
  type WebhookDeliveryEventType,
} from '@citydesk/domain';

/*
 * What the webhook routes and the delivery worker share: the repository (created
 * once per process) and the one function that makes an HTTP attempt.
 */

export const webhookRepository = new WebhookRepository(createDocumentClient(), requireEnv(mainTable.envVar));

/**
 * Local development only: subscriptions may point at http://localhost or
 * http://127.0.0.1 (the local cloud sets WEBHOOK_ALLOW_LOOPBACK_HTTP=true; deployed
 * stacks never do).
 */
export const allowLoopbackHttp = () => process.env.WEBHOOK_ALLOW_LOOPBACK_HTTP === 'true';

/** First retry delay in seconds; WEBHOOK_RETRY_BASE_SECONDS shortens it for local runs and tests. */
export function retryBaseSeconds(): number {
  const raw = Number(process.env.WEBHOOK_RETRY_BASE_SECONDS);
  return Number.isFinite(raw) && raw >= 0 ? raw : WEBHOOK_RETRY_BASE_SECONDS;
}

const MAX_ERROR_LENGTH = 200;

/**
 * One delivery attempt: POST the body with its signature, give up after the timeout,
 * never follow redirects (a 3xx is a failed attempt: a receiver must name its final
 * URL, and following would let a subscription bounce us to an address the URL rules
 * refuse). Success is any 2xx. The receiver's response body is not read beyond what
 * fetch needs, and never stored.
 */
export async function attemptWebhook(input: {
  url: string;
  secret: string;
  body: string;
  eventType: WebhookDeliveryEventType;
  deliveryId: string;
  timeoutMs?: number;
  now?: () => Date;
}): Promise<{ ok: boolean; attempt: WebhookAttempt }> {
  const clock = input.now ?? (() => new Date());
  const started = clock();
  const t0 = performance.now();
  const latency = () => Math.round(performance.now() - t0);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'CityDesk-Webhooks/1',
        [WEBHOOK_HEADERS.signature]: signWebhookBody(input.secret, input.body, started),
        [WEBHOOK_HEADERS.event]: input.eventType,
        [WEBHOOK_HEADERS.delivery]: input.deliveryId,
      },
      body: input.body,
    });
    // Free the connection without reading what the receiver said.
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      attempt: {
        at: started.toISOString(),
        statusCode: response.status,
        latencyMs: latency(),
        ...(ok ? {} : { error: `HTTP ${response.status}` }),
      },
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    // fetch wraps network errors: the cause's code (ECONNREFUSED, ENOTFOUND…) says what happened.
    const detail = e.cause?.code ?? e.message;
    const error = e.name === 'TimeoutError' ? 'timeout' : `${e.name}: ${detail}`.slice(0, MAX_ERROR_LENGTH);
    return { ok: false, attempt: { at: started.toISOString(), latencyMs: latency(), error } };
  }
}
