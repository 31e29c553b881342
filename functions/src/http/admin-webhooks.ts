import { newId, WebhookNotFoundError, webhookDeliveryId } from '@citydesk/data';
import {
  canOnTenant,
  createWebhookRequest,
  updateWebhookRequest,
  type WebhookDeliveryView,
  webhookPingPayload,
} from '@citydesk/domain';
import * as z from 'zod';
import { audit } from '#platform/case-access.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { allowLoopbackHttp, attemptWebhook, webhookRepository } from '#platform/webhook-runtime.ts';

const WebhookId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const DeliveriesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const webhookNotFound = () =>
  new ProblemError('webhook-not-found', {
    tr: 'Kurumunuzda bu kimlikle bir webhook aboneliği yok.',
    en: 'Your organisation has no webhook subscription with this id.',
  });

/**
 * A tenant administrator manages the tenant's outbound webhooks: list, create (the
 * signing secret is in that response only), change URL, events or active flag, rotate
 * the secret, delete, read the delivery log, send a test ping. One module serves the
 * routes (one Lambda each on AWS, per the manifest); every change is audited.
 * Subscriptions live under the administrator's own tenant key, so another tenant's
 * id is simply not found.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  if (!canOnTenant(principal, 'settings.manage', principal.tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Webhook aboneliklerini yalnızca kurum yöneticileri yönetebilir.',
      en: 'Only administrators may manage webhooks.',
    });
  }
  const tenantId = principal.tenantId;
  const method = req.event.requestContext.http.method;
  const path = req.event.requestContext.http.path;
  const rawId = req.event.pathParameters?.webhookId;
  const urlOptions = { allowLoopbackHttp: allowLoopbackHttp() };
  try {
    if (rawId === undefined) {
      if (method === 'GET') return json(200, { items: await webhookRepository.list(tenantId) }, req.lang);
      const body = parseJsonBody(req, createWebhookRequest(urlOptions));
      const issued = await webhookRepository.create({ ...body, tenantId, createdBy: principal.userId });
      await audit(req, principal, {
        action: 'webhook.create',
        details: { webhookId: issued.id, url: issued.url, events: issued.events, active: issued.active },
      });
      return json(201, issued, req.lang);
    }
    const id = validate(WebhookId, rawId);
    if (method === 'PATCH') {
      const changes = parseJsonBody(req, updateWebhookRequest(urlOptions));
      const updated = await webhookRepository.update(tenantId, id, changes);
      await audit(req, principal, { action: 'webhook.update', details: { webhookId: id, ...changes } });
      return json(200, updated, req.lang);
    }
    if (method === 'DELETE') {
      await webhookRepository.delete(tenantId, id);
      await audit(req, principal, { action: 'webhook.delete', details: { webhookId: id } });
      return { statusCode: 204 };
    }
    if (method === 'GET') {
      await webhookRepository.getView(tenantId, id);
      const query = validate(DeliveriesQuery, req.event.queryStringParameters ?? {});
      const page = await webhookRepository.listDeliveries(id, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return json(200, page, req.lang);
    }
    if (path.endsWith('/rotate-secret')) {
      const issued = await webhookRepository.rotateSecret(tenantId, id);
      await audit(req, principal, { action: 'webhook.rotate-secret', details: { webhookId: id } });
      return json(200, issued, req.lang);
    }
    return json(200, await sendPing(tenantId, id), req.lang);
  } catch (err) {
    if (err instanceof WebhookNotFoundError) throw webhookNotFound();
    throw err;
  }
});

/**
 * The test button: one ping, posted now and waited for, so the administrator sees at
 * once whether the receiver answers and verifies the signature. It goes to the
 * delivery log like any delivery but is never retried: it is a question, not data.
 * Sent even to an inactive subscription, so a receiver can be checked before it is
 * switched on.
 */
async function sendPing(tenantId: string, id: string): Promise<WebhookDeliveryView> {
  const subscription = await webhookRepository.get(tenantId, id);
  if (!subscription) throw new WebhookNotFoundError(id);
  const eventId = newId();
  const body = JSON.stringify(webhookPingPayload({ eventId, tenantId, at: new Date().toISOString() }));
  await webhookRepository.prepareDelivery({ tenantId, subscriptionId: id, eventId, eventType: 'ping', body });
  const { ok, attempt } = await attemptWebhook({
    url: subscription.url,
    secret: subscription.secret,
    body,
    eventType: 'ping',
    deliveryId: webhookDeliveryId(id, eventId),
  });
  const stored = await webhookRepository.recordAttempt(id, eventId, attempt, {
    status: ok ? 'delivered' : 'failed',
  });
  const { body: _body, tenantId: _tenant, ...view } = stored;
  return view;
}
