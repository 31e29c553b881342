import type { DevOutboxMessage } from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/**
 * The dev outbox: every SMS and e-mail the local cloud "sent", newest first. The API
 * answers 404 where messages really go out (a deployment), which the page explains.
 */
export function fetchDevOutbox(
  query: { trackingNo?: string; recipient?: string; limit?: number },
  signal?: AbortSignal,
): Promise<{ items: DevOutboxMessage[] }> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return authedRequest('GET', `/v1/dev/outbox${search ? `?${search}` : ''}`, signal ? { signal } : {});
}
