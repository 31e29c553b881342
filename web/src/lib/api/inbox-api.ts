import type {
  ConvertInboxMessageResponse,
  InboxChannel,
  InboxDismissReason,
  InboxMessageView,
  InboxStatus,
} from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/*
 * The message inbox's triage API (docs/domain/message-inbox.md): the metropolitan
 * call centre's list of SMS, WhatsApp, e-mail and social-media messages, and the four
 * steps on one message. Every step sends the version the agent saw.
 */

export function fetchInbox(
  query: { status: InboxStatus; channel?: InboxChannel; cursor?: string; limit?: number },
  signal?: AbortSignal,
): Promise<{ items: InboxMessageView[]; nextCursor?: string }> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return authedRequest('GET', `/v1/staff/inbox?${params.toString()}`, signal ? { signal } : {});
}

/** One message, with the location its sender shared separately (when there is one). */
export function fetchInboxMessage(id: string, signal?: AbortSignal): Promise<InboxMessageView> {
  return authedRequest('GET', `/v1/staff/inbox/${encodeURIComponent(id)}`, signal ? { signal } : {});
}

const step = <T>(id: string, name: string, body: unknown) =>
  authedRequest<T>('POST', `/v1/staff/inbox/${encodeURIComponent(id)}/${name}`, { body });

export const convertInboxMessage = (
  id: string,
  body: { version: number; workTypeCode: string; description?: string },
) => step<ConvertInboxMessageResponse>(id, 'convert', body);

export const linkInboxMessage = (id: string, body: { version: number; trackingNo: string }) =>
  step<InboxMessageView>(id, 'link', body);

export const replyInboxMessage = (id: string, body: { version: number; replyId: string; text: string }) =>
  step<InboxMessageView>(id, 'reply', body);

export const dismissInboxMessage = (
  id: string,
  body: { version: number; reason: InboxDismissReason; note?: string },
) => step<InboxMessageView>(id, 'dismiss', body);
