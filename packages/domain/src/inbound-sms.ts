import * as z from 'zod';
import { type InboundMessageDraft, MAX_INBOX_TEXT } from './message-inbox.ts';
import { normalisePhoneNumber } from './phone-number.ts';

/*
 * An SMS provider's inbound ("gelen SMS") webhook. Netgsm posts its fields as a form
 * (`msgid`, `gsmno`, `msg`, `date`, `tono`); other providers and our own relays post
 * JSON with `id`, `from`, `text`, `receivedAt`. Both spellings are accepted, form or
 * JSON. The shared secret is checked before this runs (functions/src/http/inbound-sms.ts).
 */

const Field = z.string().trim();

export const InboundSmsPayload = z
  .object({
    msgid: Field.min(1).max(200).optional(),
    id: Field.min(1).max(200).optional(),
    gsmno: Field.max(32).optional(),
    from: Field.max(32).optional(),
    msg: z.string().max(MAX_INBOX_TEXT).optional(),
    text: z.string().max(MAX_INBOX_TEXT).optional(),
    /** Netgsm: `ddMMyyyyHHmm` or `dd.MM.yyyy HH:mm:ss` in Turkish time; JSON: ISO 8601. */
    date: Field.max(40).optional(),
    receivedAt: Field.max(40).optional(),
    tono: Field.max(32).optional(),
    to: Field.max(32).optional(),
  })
  .loose();
export type InboundSmsPayload = z.infer<typeof InboundSmsPayload>;

/** Turkish time is UTC+3 all year (no summer time since 2016). */
function parseProviderDate(raw: string | undefined, now: Date): string {
  if (!raw) return now.toISOString();
  const compact = /^(\d{2})(\d{2})(\d{4})(\d{2})(\d{2})$/.exec(raw);
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(raw);
  const m = compact ?? dotted;
  if (m) {
    const [, d, mo, y, h, mi, s] = m;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 3, Number(mi), Number(s ?? 0));
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  const iso = new Date(raw);
  return Number.isNaN(iso.getTime()) ? now.toISOString() : iso.toISOString();
}

/** The draft of one inbound SMS, or the reason it cannot be one. */
export function parseInboundSms(
  payload: InboundSmsPayload,
  now: Date,
): { ok: true; draft: InboundMessageDraft } | { ok: false; missing: string } {
  const id = payload.msgid ?? payload.id;
  const from = payload.gsmno ?? payload.from;
  const text = (payload.msg ?? payload.text ?? '').trim();
  if (!id) return { ok: false, missing: 'id' };
  if (!from) return { ok: false, missing: 'from' };
  if (!text) return { ok: false, missing: 'text' };
  // Netgsm sends national numbers (5321234567); the normaliser reads them as Turkish.
  const phone = normalisePhoneNumber(from);
  return {
    ok: true,
    draft: {
      channel: 'sms',
      providerMessageId: id,
      receivedAt: parseProviderDate(payload.date ?? payload.receivedAt, now),
      sender: phone ? { phone } : {},
      text,
      attachments: [],
    },
  };
}
