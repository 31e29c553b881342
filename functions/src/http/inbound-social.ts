import { verifyHubSignature } from '@citydesk/data';
import { filterSocialMention, SocialMentionPayload, socialMentionDraft } from '@citydesk/domain';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import {
  inboundSecret,
  inboxCity,
  inboxRepository,
  ingestInbound,
  MAX_INBOUND_BODY_BYTES,
  rawBodyOf,
} from '#platform/inbound-intake.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * POST /v1/inbound/social: one social-media mention from a listening tool or relay,
 * signed `X-Hub-Signature-256: sha256=<hex>` (HMAC-SHA256 of the raw body with the
 * shared secret). Mentions outside the metropolitan municipality's tag and keyword
 * filters (its settings' `socialMentions`) are dropped and counted per day and
 * reason; the answer says which, so the relay's operator can tune it.
 */
export const handler = httpHandler(async (req) => {
  const raw = rawBodyOf(req.event);
  if (raw.byteLength > MAX_INBOUND_BODY_BYTES) throw new ProblemError('payload-too-large');
  if (
    !verifyHubSignature(await inboundSecret('socialWebhookSecret'), raw, req.header('x-hub-signature-256'))
  ) {
    throw new ProblemError('forbidden', {
      tr: 'Webhook imzası geçersiz.',
      en: 'The webhook signature is invalid.',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ProblemError('malformed-json');
  }
  const mention = validate(SocialMentionPayload, data);
  const runtime = await inboxCity();
  const now = new Date();
  const verdict = filterSocialMention(mention, runtime.settingsOf(runtime.metroTenantId)?.socialMentions);
  if (!verdict.keep) {
    await inboxRepository.countDropped(runtime.metroTenantId, 'social_media', verdict.reason, now);
    return json(200, { stored: false, dropped: verdict.reason }, req.lang);
  }
  const { message, replayed } = await ingestInbound(socialMentionDraft(mention, now), now);
  return json(
    replayed ? 200 : 201,
    { stored: true, id: message.id, duplicate: replayed, matched: verdict.matched },
    req.lang,
  );
});
