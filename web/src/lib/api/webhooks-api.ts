import type {
  WebhookDeliveryView,
  WebhookEventType,
  WebhookSubscriptionIssued,
  WebhookSubscriptionView,
} from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/*
 * The admin API of the tenant's outbound webhooks. The signing secret comes back from
 * create and rotate only; the page shows it once and keeps it nowhere.
 */

const base = '/v1/admin/webhooks';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const listWebhooks = () => authedRequest<{ items: WebhookSubscriptionView[] }>('GET', base);

export const createWebhook = (body: { url: string; events: WebhookEventType[]; description?: string }) =>
  authedRequest<WebhookSubscriptionIssued>('POST', base, { body });

export const updateWebhook = (
  id: string,
  body: { url?: string; events?: WebhookEventType[]; description?: string; active?: boolean },
) => authedRequest<WebhookSubscriptionView>('PATCH', one(id), { body });

export const rotateWebhookSecret = (id: string) =>
  authedRequest<WebhookSubscriptionIssued>('POST', `${one(id)}/rotate-secret`, { body: {} });

export const deleteWebhook = (id: string) => authedRequest<void>('DELETE', one(id));

export const testWebhook = (id: string) =>
  authedRequest<WebhookDeliveryView>('POST', `${one(id)}/test`, { body: {} });

export function listWebhookDeliveries(id: string, cursor?: string) {
  const query = new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) });
  return authedRequest<{ items: WebhookDeliveryView[]; nextCursor?: string }>(
    'GET',
    `${one(id)}/deliveries?${query.toString()}`,
  );
}
