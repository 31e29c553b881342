import { tokensEqual, verifyHubSignature } from '@citydesk/data';
import { parseWhatsAppWebhook, WhatsAppWebhookPayload, whatsAppHandshake } from '@citydesk/domain';
import { type HttpResult, httpHandler, json } from '#platform/http-handler.ts';
import { inboundSecret, ingestInbound, MAX_INBOUND_BODY_BYTES, rawBodyOf } from '#platform/inbound-intake.ts';
import { logger } from '#platform/logger.ts';
import { ProblemError } from '#platform/problem-details.ts';

const forbidden = () =>
  new ProblemError('forbidden', {
    tr: 'Webhook imzası ya da doğrulama anahtarı geçersiz.',
    en: 'The webhook signature or verify token is invalid.',
  });

/**
 * The WhatsApp Cloud API webhook.
 * - GET: Meta's verification handshake: `hub.mode=subscribe`, `hub.verify_token`
 *   (compared in constant time with the configured token) and `hub.challenge`,
 *   echoed as plain text.
 * - POST: message notifications, signed `X-Hub-Signature-256: sha256=<hex>` with the
 *   app secret over the raw body. Each message is stored once per WhatsApp message id
 *   (Meta redelivers until it gets a 200); statuses are ignored. Anything but a bad
 *   signature answers 200, or Meta would keep retrying a payload we can never take.
 */
export const handler = httpHandler(async (req): Promise<HttpResult> => {
  if (req.event.requestContext.http.method === 'GET') {
    const expected = await inboundSecret('whatsappVerifyToken');
    const result = whatsAppHandshake(req.event.queryStringParameters ?? {}, (token) =>
      tokensEqual(token, expected),
    );
    if (!result.ok) throw forbidden();
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: result.challenge,
    };
  }

  const raw = rawBodyOf(req.event);
  if (raw.byteLength > MAX_INBOUND_BODY_BYTES) throw new ProblemError('payload-too-large');
  const secret = await inboundSecret('whatsappAppSecret');
  if (!verifyHubSignature(secret, raw, req.header('x-hub-signature-256'))) throw forbidden();

  let payload: WhatsAppWebhookPayload;
  try {
    payload = WhatsAppWebhookPayload.parse(JSON.parse(raw.toString('utf8')));
  } catch {
    // Signed by Meta but not a shape we know (another product's field): acknowledge.
    logger.warn('whatsapp webhook: unrecognised payload');
    return json(200, { received: 0, stored: 0, duplicates: 0 }, req.lang);
  }
  let stored = 0;
  let duplicates = 0;
  const drafts = parseWhatsAppWebhook(payload);
  for (const draft of drafts) {
    const { replayed } = await ingestInbound(draft);
    if (replayed) duplicates++;
    else stored++;
  }
  return json(200, { received: drafts.length, stored, duplicates }, req.lang);
});
