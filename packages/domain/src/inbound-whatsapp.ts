import * as z from 'zod';
import { type InboundMessageDraft, MAX_INBOX_TEXT } from './message-inbox.ts';
import { normalisePhoneNumber } from './phone-number.ts';

/*
 * The WhatsApp Cloud API webhook (Meta Graph API, `messages` field). One POST may
 * carry several entries, changes and messages, and delivery-status updates
 * (`statuses[]`), which the inbox ignores. Text, image and location messages become
 * inbox messages; other types (audio, sticker, reaction…) are kept as a note of their
 * type so no citizen's message vanishes silently. The signature (X-Hub-Signature-256)
 * is checked before this parser runs (packages/data/src/inbound-signatures.ts).
 */

const WhatsAppText = z.object({ body: z.string() }).loose();
const WhatsAppMedia = z
  .object({
    id: z.string(),
    mime_type: z.string().optional(),
    caption: z.string().optional(),
    filename: z.string().optional(),
  })
  .loose();
const WhatsAppLocation = z
  .object({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
  })
  .loose();

const WhatsAppMessage = z
  .object({
    from: z.string(),
    id: z.string().min(1).max(200),
    timestamp: z.string().regex(/^\d+$/),
    type: z.string(),
    text: WhatsAppText.optional(),
    image: WhatsAppMedia.optional(),
    document: WhatsAppMedia.optional(),
    location: WhatsAppLocation.optional(),
  })
  .loose();

const WhatsAppValue = z
  .object({
    messaging_product: z.literal('whatsapp'),
    metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string() }).loose(),
    contacts: z
      .array(
        z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).loose().optional() }).loose(),
      )
      .optional(),
    messages: z.array(WhatsAppMessage).optional(),
    statuses: z.array(z.unknown()).optional(),
  })
  .loose();

export const WhatsAppWebhookPayload = z
  .object({
    object: z.literal('whatsapp_business_account'),
    entry: z.array(
      z
        .object({
          id: z.string(),
          changes: z.array(z.object({ field: z.string(), value: z.unknown() }).loose()),
        })
        .loose(),
    ),
  })
  .loose();
export type WhatsAppWebhookPayload = z.infer<typeof WhatsAppWebhookPayload>;

/** What the GET verification handshake must echo, or why it is refused. */
export function whatsAppHandshake(
  query: Record<string, string | undefined>,
  verifyTokenMatches: (token: string) => boolean,
): { ok: true; challenge: string } | { ok: false } {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || !token || !challenge || challenge.length > 200) return { ok: false };
  return verifyTokenMatches(token) ? { ok: true, challenge } : { ok: false };
}

const clip = (s: string) => (s.length > MAX_INBOX_TEXT ? s.slice(0, MAX_INBOX_TEXT) : s);

/** The inbox drafts of one webhook payload; statuses and non-`messages` changes yield none. */
export function parseWhatsAppWebhook(payload: WhatsAppWebhookPayload): InboundMessageDraft[] {
  const drafts: InboundMessageDraft[] = [];
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = WhatsAppValue.safeParse(change.value);
      if (!value.success) continue;
      const names = new Map((value.data.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const m of value.data.messages ?? []) {
        const phone = normalisePhoneNumber(`+${m.from.replace(/^\+/, '')}`);
        const name = names.get(m.from);
        const draft: InboundMessageDraft = {
          channel: 'whatsapp',
          providerMessageId: m.id,
          receivedAt: new Date(Number(m.timestamp) * 1000).toISOString(),
          sender: { ...(phone ? { phone } : {}), ...(name ? { name } : {}) },
          text: '',
          attachments: [],
        };
        if (m.type === 'text' && m.text) {
          draft.text = clip(m.text.body);
        } else if ((m.type === 'image' || m.type === 'document') && (m.image ?? m.document)) {
          const media = (m.image ?? m.document) as z.infer<typeof WhatsAppMedia>;
          draft.text = clip(media.caption ?? '');
          draft.attachments.push({
            fileName: media.filename ?? `${m.type}-${m.id.slice(-8)}`,
            contentType: media.mime_type ?? 'application/octet-stream',
            providerMediaId: media.id,
          });
        } else if (m.type === 'location' && m.location) {
          const { latitude, longitude, name: place, address } = m.location;
          draft.location = {
            lat: latitude,
            lon: longitude,
            ...(place ? { name: place } : {}),
            ...(address ? { address } : {}),
          };
          draft.text = [place, address].filter(Boolean).join(', ');
        } else {
          draft.text = `[${m.type}]`;
        }
        drafts.push(draft);
      }
    }
  }
  return drafts;
}
