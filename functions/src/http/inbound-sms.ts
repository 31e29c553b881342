import { tokensEqual } from '@citydesk/data';
import { InboundSmsPayload, parseInboundSms } from '@citydesk/domain';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { inboundSecret, ingestInbound, MAX_INBOUND_BODY_BYTES, rawBodyOf } from '#platform/inbound-intake.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * The SMS provider's inbound webhook. Netgsm and most Turkish providers cannot sign
 * their calls, so the provider presents a shared token: the `X-Inbound-Token` header,
 * or `?token=` where only the URL can be configured (the gateway's access log leaves
 * query strings out). Form-encoded or JSON bodies; one SMS per call, stored once per
 * provider message id.
 */
export const handler = httpHandler(async (req) => {
  const presented = req.header('x-inbound-token') ?? req.event.queryStringParameters?.token ?? '';
  if (!tokensEqual(presented, await inboundSecret('inboundSmsToken'))) {
    throw new ProblemError('forbidden', {
      tr: 'Gelen SMS anahtarı geçersiz.',
      en: 'The inbound SMS token is invalid.',
    });
  }
  const raw = rawBodyOf(req.event);
  if (raw.byteLength > MAX_INBOUND_BODY_BYTES) throw new ProblemError('payload-too-large');
  const contentType = req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  let fields: unknown;
  if (contentType === 'application/x-www-form-urlencoded') {
    fields = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  } else if (contentType === 'application/json') {
    try {
      fields = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ProblemError('malformed-json');
    }
  } else {
    throw new ProblemError('unsupported-media-type', {
      tr: 'Gövde application/x-www-form-urlencoded ya da application/json olmalıdır.',
      en: 'The body must be application/x-www-form-urlencoded or application/json.',
    });
  }
  const parsed = parseInboundSms(validate(InboundSmsPayload, fields), new Date());
  if (!parsed.ok) {
    throw new ProblemError('validation-failed', undefined, [
      {
        path: parsed.missing,
        message: { tr: 'Bu alan zorunludur.', en: 'This field is required.' },
      },
    ]);
  }
  const { message, replayed } = await ingestInbound(parsed.draft);
  return json(replayed ? 200 : 201, { id: message.id, duplicate: replayed }, req.lang);
});
