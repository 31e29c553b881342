import * as z from 'zod';
import type { Case, CaseStatus } from './case.ts';
import type { CaseEvent, CaseEventType } from './case-event.ts';

/*
 * Outbound webhooks: a tenant's own systems (a district's call-centre software, a
 * utility's work-order system) hear when one of its cases is created, changes or
 * closes. This module holds the contract: subscriptions, the events and their
 * payload, the signature format, who receives which event, and the retry schedule.
 * Sending, storing and signing (HMAC needs node:crypto) live in packages/data and
 * functions/.
 */

/** The events a subscription can ask for. */
export const WebhookEventType = z.enum(['case.created', 'case.changed', 'case.closed']);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** What a delivery carries: a subscribed event, or the `ping` an administrator sends to test the endpoint. */
export type WebhookDeliveryEventType = WebhookEventType | 'ping';

/** Header names, Stripe-style: receivers check the signature and reject stale timestamps (replays). */
export const WEBHOOK_HEADERS = {
  signature: 'X-CityDesk-Signature',
  event: 'X-CityDesk-Event',
  /** Unique per (subscription, event): receivers deduplicate on it, because delivery is at least once. */
  delivery: 'X-CityDesk-Delivery',
} as const;

/** How many attempts a delivery gets before it is marked failed (and its message goes to the DLQ). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** The receiver has this long to answer; anything slower counts as a failed attempt. */
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Default first retry delay; doubled per attempt (30 s, 1 min, 2 min, … about an hour in all). */
export const WEBHOOK_RETRY_BASE_SECONDS = 30;
/** No single wait exceeds an hour (SQS allows 12 h; a day-long silence helps nobody). */
const MAX_RETRY_DELAY_SECONDS = 3_600;
/** Receivers should reject signatures older than this (the tolerance our verifier uses too). */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Seconds to wait before attempt `failedAttempts + 1`, after `failedAttempts`
 * failures: exponential backoff from `baseSeconds`, capped at an hour.
 */
export function webhookRetryDelaySeconds(
  failedAttempts: number,
  baseSeconds = WEBHOOK_RETRY_BASE_SECONDS,
): number {
  if (failedAttempts < 1) return 0;
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.round(baseSeconds * 2 ** (failedAttempts - 1)));
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Hosts that must never be a webhook target on a deployed system: loopback, private
 * (RFC 1918), link-local (incl. the 169.254.169.254 metadata address), carrier-grade
 * NAT, unspecified, and their IPv6 counterparts. Literal addresses only: a DNS name
 * that resolves to such an address is stopped by the network (Lambda outside a VPC
 * reaches only the internet).
 */
function isInternalHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1);
    return (
      v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('::ffff:')
    );
  }
  return false;
}

/**
 * A webhook target: https only, no credentials in the URL, never an internal
 * address. `allowLoopbackHttp` (local development only, from the
 * WEBHOOK_ALLOW_LOOPBACK_HTTP environment flag) also admits http://localhost and
 * http://127.0.0.1, so a developer can point a subscription at a receiver on their
 * machine.
 */
export function webhookUrl(options: { allowLoopbackHttp?: boolean } = {}) {
  return z
    .url({ error: 'webhook.url' })
    .max(2048, { error: 'webhook.url' })
    .superRefine((value, ctx) => {
      // Refinements run even after z.url() refused the value: nothing more to say then.
      if (!URL.canParse(value)) return;
      const url = new URL(value);
      const loopback = LOOPBACK_HOSTS.has(url.hostname);
      if (url.username || url.password) {
        ctx.addIssue({ code: 'custom', message: 'webhook.url-credentials' });
      } else if (
        options.allowLoopbackHttp &&
        loopback &&
        (url.protocol === 'http:' || url.protocol === 'https:')
      ) {
        return;
      } else if (url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: 'webhook.url-https' });
      } else if (isInternalHost(url.hostname)) {
        ctx.addIssue({ code: 'custom', message: 'webhook.url-internal' });
      }
    });
}

const Events = z
  .array(WebhookEventType)
  .min(1, { error: 'webhook.events' })
  .refine((e) => new Set(e).size === e.length, { error: 'webhook.events' });
const Description = z.string().trim().max(200, { error: 'webhook.description' });

/** Creating a subscription; the secret is generated by the server and shown once. */
export function createWebhookRequest(options: { allowLoopbackHttp?: boolean } = {}) {
  return z
    .object({
      url: webhookUrl(options),
      events: Events,
      description: Description.optional(),
      active: z.boolean().default(true),
    })
    .strict()
    .meta({ id: 'CreateWebhookRequest' });
}
export type CreateWebhookRequest = z.output<ReturnType<typeof createWebhookRequest>>;

/** Changing a subscription: its target, its events, on or off, its description. */
export function updateWebhookRequest(options: { allowLoopbackHttp?: boolean } = {}) {
  return z
    .object({
      url: webhookUrl(options).optional(),
      events: Events.optional(),
      description: Description.optional(),
      active: z.boolean().optional(),
    })
    .strict()
    .refine((r) => Object.keys(r).length > 0, { error: 'webhook.nothing-to-change' })
    .meta({ id: 'UpdateWebhookRequest' });
}
export type UpdateWebhookRequest = z.output<ReturnType<typeof updateWebhookRequest>>;

/** A subscription as administrators see it: never the secret, only its first characters. */
export const WebhookSubscriptionView = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    url: z.string(),
    events: z.array(WebhookEventType),
    description: z.string().optional(),
    active: z.boolean(),
    secretPrefix: z.string(),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    updatedAt: z.iso.datetime(),
    secretRotatedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'WebhookSubscriptionView' });
export type WebhookSubscriptionView = z.infer<typeof WebhookSubscriptionView>;

/** Returned at creation and rotation only: the one time the signing secret is shown. */
export const WebhookSubscriptionIssued = WebhookSubscriptionView.extend({ secret: z.string() }).meta({
  id: 'WebhookSubscriptionIssued',
});
export type WebhookSubscriptionIssued = z.infer<typeof WebhookSubscriptionIssued>;

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One try: when, the receiver's HTTP status (absent when it never answered), how long, what went wrong. */
export const WebhookAttempt = z
  .object({
    at: z.iso.datetime(),
    statusCode: z.number().int().optional(),
    latencyMs: z.number().int().nonnegative(),
    error: z.string().optional(),
  })
  .meta({ id: 'WebhookAttempt' });
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** An entry of a subscription's delivery log. */
export const WebhookDeliveryView = z
  .object({
    deliveryId: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.enum([...WebhookEventType.options, 'ping']),
    caseId: z.string().optional(),
    trackingNo: z.string().optional(),
    status: WebhookDeliveryStatus,
    attempts: z.number().int().nonnegative(),
    lastStatusCode: z.number().int().optional(),
    lastLatencyMs: z.number().int().optional(),
    lastError: z.string().optional(),
    /** The most recent attempts, oldest first (at most ten). */
    attemptLog: z.array(WebhookAttempt),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().optional(),
    nextAttemptAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'WebhookDeliveryView' });
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

/**
 * The case as a tenant's systems see it: what the citizen's track page shows plus the
 * routing facts, and nothing personal. No name, phone, e-mail, TCKN, address or
 * coordinates, no free-text description (citizens write their names and numbers into
 * it), no internal notes, no assignee (staff are people too).
 */
export interface WebhookCaseSummary {
  id: string;
  trackingNo: string;
  status: CaseStatus;
  workTypeCode: string;
  kind: Case['kind'];
  priority: Case['priority'];
  channel: Case['channel'];
  ownerTenantId?: string;
  ownerDepartmentCode?: string;
  createdAt: string;
  updatedAt: string;
  slaDueAt: string;
  routedAt?: string;
  acceptedAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  cancelledAt?: string;
  /** The result code and the answer the citizen was given (public on the track page). */
  result?: { code: string; publicAnswer: string; at: string };
  parentCaseId?: string;
}

/** The JSON body of a delivery. */
export interface WebhookPayload {
  /** The event's id, the same for every subscription of the tenant: `evt_<timeline event id>`. */
  id: string;
  type: WebhookDeliveryEventType;
  /** When it happened. */
  createdAt: string;
  /** The subscribing tenant. */
  tenantId: string;
  data: {
    /** The timeline step behind the event: its type and the case's status right after it. */
    event?: { id: string; type: CaseEventType; at: string; status: CaseStatus; tenantId?: string };
    /** The case as it was when the delivery was prepared (moments after the event). */
    case?: WebhookCaseSummary;
    /** Ping only. */
    message?: string;
  };
}

/** The non-personal summary of a case for webhook payloads. */
export function webhookCaseSummary(c: Case): WebhookCaseSummary {
  const optional = <K extends keyof Case>(key: K) => (c[key] !== undefined ? { [key]: c[key] } : {});
  return {
    id: c.id,
    trackingNo: c.trackingNo,
    status: c.status,
    workTypeCode: c.workTypeCode,
    kind: c.kind,
    priority: c.priority,
    channel: c.channel,
    ...optional('ownerTenantId'),
    ...optional('ownerDepartmentCode'),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    slaDueAt: c.slaDueAt,
    ...optional('routedAt'),
    ...optional('acceptedAt'),
    ...optional('resolvedAt'),
    ...optional('closedAt'),
    ...optional('cancelledAt'),
    ...(c.result
      ? { result: { code: c.result.code, publicAnswer: c.result.publicAnswer, at: c.result.at } }
      : {}),
    ...optional('parentCaseId'),
  } as WebhookCaseSummary;
}

/** The payload for one tenant's subscriptions to one timeline event. */
export function webhookPayload(input: {
  type: WebhookEventType;
  tenantId: string;
  event: CaseEvent;
  case: Case;
}): WebhookPayload {
  const { event } = input;
  return {
    id: `evt_${event.eventId}`,
    type: input.type,
    createdAt: event.at,
    tenantId: input.tenantId,
    data: {
      event: {
        id: event.eventId,
        type: event.type,
        at: event.at,
        status: event.status,
        ...(event.tenantId ? { tenantId: event.tenantId } : {}),
      },
      case: webhookCaseSummary(input.case),
    },
  };
}

/** The test event an administrator sends from the portal. */
export function webhookPingPayload(input: { eventId: string; tenantId: string; at: string }): WebhookPayload {
  return {
    id: `evt_${input.eventId}`,
    type: 'ping',
    createdAt: input.at,
    tenantId: input.tenantId,
    data: { message: 'CityDesk webhook test / Kent Masası webhook denemesi' },
  };
}

/**
 * Timeline steps a tenant's systems hear about. Internal bookkeeping (routing notes,
 * comments, files, notification outcomes, erasure) is left out: it is either not a
 * change of the case or not the tenant's systems' business. A step not listed here,
 * including any added later, sends nothing until someone decides it should.
 */
const WEBHOOK_STEPS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'created',
  'routed',
  'accepted',
  'returned',
  'transferred',
  'assigned',
  'assignment_accepted',
  'assignment_declined',
  'started',
  'on_hold',
  'resumed',
  'resolved',
  'closed',
  'reopened',
  'cancelled',
  'reclassified',
  'split',
  'escalated',
  'child_resolved',
]);

/** Whether a timeline step can cause webhook deliveries at all (the consumer's cheap first filter). */
export function isWebhookStep(type: CaseEventType): boolean {
  return WEBHOOK_STEPS.has(type);
}

/**
 * Which tenants hear about a timeline event, and as what. A subscription only ever
 * receives events of cases its tenant owns or owned, the authorization module's
 * `owner` and `formerOwner` reach (ownership is the `tenantId` the timeline records
 * on each step):
 *
 * - the step that first brings the case to a tenant (it was filed there, routed or
 *   transferred to it) is `case.created` for that tenant: from its systems' point of
 *   view the case has just arrived;
 * - closing or cancelling is `case.closed`, for the owner and every former owner;
 * - any other listed step is `case.changed`, for the owner and every former owner.
 *
 * A case not yet routed has no owner, so its `created` step reaches nobody; the
 * routing step then brings `case.created` to the tenant it is routed to.
 */
export function webhookAudience(
  timeline: readonly CaseEvent[],
  eventId: string,
): { tenantId: string; type: WebhookEventType }[] {
  const index = timeline.findIndex((e) => e.eventId === eventId);
  const event = timeline[index];
  if (!event || !isWebhookStep(event.type)) return [];
  const before = new Set(
    timeline.slice(0, index).flatMap((e) => (e.tenantId && isWebhookStep(e.type) ? [e.tenantId] : [])),
  );
  const type: WebhookEventType =
    event.type === 'closed' || event.type === 'cancelled' ? 'case.closed' : 'case.changed';
  const audience: { tenantId: string; type: WebhookEventType }[] = [...before]
    .sort()
    .map((tenantId) => ({ tenantId, type }));
  if (event.tenantId && !before.has(event.tenantId))
    audience.unshift({ tenantId: event.tenantId, type: 'case.created' });
  return audience;
}

/** What the receiver's HMAC covers: the timestamp, a dot, and the exact body bytes. */
export const webhookSigningInput = (timestamp: number, body: string) => `${timestamp}.${body}`;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256>` */
export const formatWebhookSignature = (timestamp: number, hexDigest: string) =>
  `t=${timestamp},v1=${hexDigest}`;

/** The parts of a signature header; several `v1` values may appear while a secret is being rotated. */
export function parseWebhookSignature(
  header: string,
): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp !== undefined && signatures.length > 0 ? { timestamp, signatures } : undefined;
}
