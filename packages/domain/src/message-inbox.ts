import * as z from 'zod';
import { maskEmail, maskName, maskPhone } from './personal-data.ts';
import type { Principal } from './principal.ts';
import { GeoPoint } from './tenant.ts';
import { WorkTypeCode } from './work-type.ts';

/*
 * The message inbox: SMS, WhatsApp, e-mail and social-media mentions that arrive
 * without a form. Each webhook adapter turns its provider's payload into an
 * `InboundMessageDraft`; the intake stores it once per provider message id in the
 * city's triage inbox, owned by the metropolitan call centre. There an agent or
 * coordinator converts it into a case, links it to an existing one, replies, or
 * dismisses it with a reason (docs/domain/message-inbox.md).
 */

/** The unstructured channels; the values are the case `Channel`s a conversion records. */
export const InboxChannel = z.enum(['sms', 'whatsapp', 'email', 'social_media']);
export type InboxChannel = z.infer<typeof InboxChannel>;

export const InboxStatus = z.enum(['new', 'replied', 'converted', 'linked', 'dismissed']);
export type InboxStatus = z.infer<typeof InboxStatus>;

/** Why a message is dismissed: a closed list, so the counts mean something. */
export const InboxDismissReason = z.enum([
  'spam',
  'not_municipal',
  'duplicate_message',
  'no_actionable_content',
  'abusive',
  'other',
]);
export type InboxDismissReason = z.infer<typeof InboxDismissReason>;

/** Who sent it, as the provider told us. Personal data: never shown in clear by the inbox API. */
export const InboundSender = z
  .object({
    phone: z.string().max(32).optional(),
    email: z.string().max(254).optional(),
    name: z.string().max(200).optional(),
    /** Social media: the account's handle (`@ayse`), public by nature but still a person. */
    handle: z.string().max(100).optional(),
  })
  .strict();
export type InboundSender = z.infer<typeof InboundSender>;

/** A shared location (a WhatsApp location message): becomes the case's location. */
export const InboundLocation = GeoPoint.extend({
  name: z.string().max(300).optional(),
  address: z.string().max(300).optional(),
});
export type InboundLocation = z.infer<typeof InboundLocation>;

/** An attachment as the adapter found it: bytes to store, or a provider reference not fetched. */
export interface InboundAttachmentDraft {
  fileName: string;
  contentType: string;
  /** The file itself (e-mail attachments), stored in the attachments bucket. */
  content?: Uint8Array;
  /** A provider's media id (WhatsApp images) when the bytes were not fetched. */
  providerMediaId?: string;
  sizeBytes?: number;
}

/** What every adapter produces for one inbound message. */
export interface InboundMessageDraft {
  channel: InboxChannel;
  /** The provider's own id: the dedupe key (with the channel). */
  providerMessageId: string;
  receivedAt: string;
  sender: InboundSender;
  subject?: string;
  text: string;
  location?: InboundLocation;
  attachments: InboundAttachmentDraft[];
  /** Social media: the platform and the post's address. */
  platform?: string;
  url?: string;
}

export const InboxAttachment = z
  .object({
    id: z.string(),
    fileName: z.string().max(200),
    contentType: z.string().max(200),
    sizeBytes: z.number().int().nonnegative().optional(),
    /** Stored in the attachments bucket under the metro's prefix; absent for a provider reference. */
    storageKey: z.string().optional(),
    providerMediaId: z.string().max(200).optional(),
  })
  .strict();
export type InboxAttachment = z.infer<typeof InboxAttachment>;

/** A suggested work type (the classifier's top three, stored when the message arrives). */
export const InboxSuggestion = z
  .object({ code: WorkTypeCode, score: z.number() })
  .strict()
  .meta({ id: 'InboxSuggestion' });
export type InboxSuggestion = z.infer<typeof InboxSuggestion>;

export const InboxReply = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    by: z.string(),
    text: z.string(),
    /** The channel the reply went out on (a WhatsApp reply goes as SMS, docs/domain/message-inbox.md). */
    deliveredAs: z.enum(['sms', 'email']),
    provider: z.string(),
    providerMessageId: z.string().optional(),
  })
  .strict();
export type InboxReply = z.infer<typeof InboxReply>;

/** The stored message. */
export const InboxMessage = z
  .object({
    id: z.string(),
    cityId: z.string(),
    /** The metropolitan municipality whose call centre triages the city's messages. */
    tenantId: z.string(),
    channel: InboxChannel,
    providerMessageId: z.string(),
    receivedAt: z.iso.datetime(),
    sender: InboundSender,
    /** Keyed hash (HMAC) of the sender's phone or address: finds their other messages, never shown. */
    senderHash: z.string().optional(),
    subject: z.string().optional(),
    text: z.string(),
    location: InboundLocation.optional(),
    attachments: z.array(InboxAttachment),
    platform: z.string().optional(),
    url: z.string().optional(),
    suggestions: z.array(InboxSuggestion),
    status: InboxStatus,
    version: z.number().int().positive(),
    caseId: z.string().optional(),
    trackingNo: z.string().optional(),
    dismissal: z.object({ reason: InboxDismissReason, note: z.string().optional() }).strict().optional(),
    replies: z.array(InboxReply),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string().optional(),
  })
  .strict();
export type InboxMessage = z.infer<typeof InboxMessage>;

/** The longest text kept: an e-mail can be long, a case description holds 4000 characters. */
export const MAX_INBOX_TEXT = 20_000;

/** The inbox API's view: the sender masked, storage keys left out. */
export const InboxMessageView = z
  .object({
    id: z.string(),
    channel: InboxChannel,
    receivedAt: z.iso.datetime(),
    senderMasked: z.string(),
    /** Which contact a conversion can put on the case (the clear values stay on the server). */
    senderHas: z.object({ phone: z.boolean(), email: z.boolean() }),
    subject: z.string().optional(),
    text: z.string(),
    location: InboundLocation.optional(),
    attachments: z.array(
      z.object({
        id: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        sizeBytes: z.number().optional(),
        stored: z.boolean(),
      }),
    ),
    platform: z.string().optional(),
    url: z.string().optional(),
    suggestions: z.array(InboxSuggestion),
    status: InboxStatus,
    version: z.number().int(),
    caseId: z.string().optional(),
    trackingNo: z.string().optional(),
    dismissal: z.object({ reason: InboxDismissReason, note: z.string().optional() }).optional(),
    replies: z.array(z.object({ id: z.string(), at: z.string(), text: z.string(), deliveredAs: z.string() })),
    updatedAt: z.iso.datetime(),
    /**
     * One message's read only: the location the same sender shared in a message of its
     * own, near in time, which a conversion puts on the case.
     */
    sharedLocation: InboundLocation.optional(),
  })
  .meta({ id: 'InboxMessage' });
export type InboxMessageView = z.infer<typeof InboxMessageView>;

/** The sender as the inbox shows it: a name's initials, a masked number or address. */
export function maskSender(sender: InboundSender): string {
  const parts: string[] = [];
  if (sender.name) parts.push(maskName(sender.name));
  if (sender.handle) parts.push(`@${sender.handle.replace(/^@/, '').slice(0, 1)}***`);
  if (sender.phone) parts.push(maskPhone(sender.phone));
  if (sender.email) parts.push(maskEmail(sender.email));
  return parts.join(' · ') || '***';
}

export function inboxMessageView(m: InboxMessage): InboxMessageView {
  return {
    id: m.id,
    channel: m.channel,
    receivedAt: m.receivedAt,
    senderMasked: maskSender(m.sender),
    senderHas: { phone: Boolean(m.sender.phone), email: Boolean(m.sender.email) },
    ...(m.subject !== undefined ? { subject: m.subject } : {}),
    text: m.text,
    ...(m.location ? { location: m.location } : {}),
    attachments: m.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      ...(a.sizeBytes !== undefined ? { sizeBytes: a.sizeBytes } : {}),
      stored: a.storageKey !== undefined,
    })),
    ...(m.platform ? { platform: m.platform } : {}),
    ...(m.url ? { url: m.url } : {}),
    suggestions: m.suggestions,
    status: m.status,
    version: m.version,
    ...(m.caseId ? { caseId: m.caseId } : {}),
    ...(m.trackingNo ? { trackingNo: m.trackingNo } : {}),
    ...(m.dismissal ? { dismissal: m.dismissal } : {}),
    replies: m.replies.map((r) => ({ id: r.id, at: r.at, text: r.text, deliveredAs: r.deliveredAs })),
    updatedAt: m.updatedAt,
  };
}

/**
 * Who triages the inbox: agents and coordinators of the metropolitan municipality
 * (the call centre owns the city's unstructured channels). Nobody else, and never
 * another city's metro: the message's tenant must be the caller's.
 */
export function canTriageInbox(principal: Principal, inboxTenantId: string): boolean {
  return (
    principal.kind === 'user' &&
    principal.tenantId === inboxTenantId &&
    principal.tenantType === 'metropolitan' &&
    principal.roles.some((r) => r === 'agent' || r === 'coordinator')
  );
}

/** The triage steps and the statuses each may start from. */
export type InboxCommand = 'convert' | 'link' | 'reply' | 'dismiss';
const ALLOWED_FROM: Record<InboxCommand, readonly InboxStatus[]> = {
  convert: ['new', 'replied'],
  link: ['new', 'replied'],
  // A citizen may be answered after conversion too ("your case number is …").
  reply: ['new', 'replied', 'converted', 'linked'],
  dismiss: ['new', 'replied'],
};

export function inboxCommandAllowed(command: InboxCommand, status: InboxStatus): boolean {
  return ALLOWED_FROM[command].includes(status);
}

/** The status after a command: a reply moves only a new message on. */
export function statusAfter(command: InboxCommand, status: InboxStatus): InboxStatus {
  switch (command) {
    case 'convert':
      return 'converted';
    case 'link':
      return 'linked';
    case 'dismiss':
      return 'dismissed';
    case 'reply':
      return status === 'new' ? 'replied' : status;
  }
}

/** What a conversion files: the case description (at least 10 characters) from the message. */
export function caseDescriptionOf(m: Pick<InboxMessage, 'subject' | 'text'>): string {
  const body = [m.subject?.trim(), m.text.trim()].filter(Boolean).join('\n\n');
  const clipped = body.length > 4000 ? `${body.slice(0, 3999)}…` : body;
  return clipped.length >= 10 ? clipped : `${clipped} (gelen mesaj)`.trim();
}

// Requests of the triage API.

export const InboxListQuery = z
  .object({
    status: InboxStatus.default('new'),
    channel: InboxChannel.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(1000).optional(),
  })
  .strict();
export type InboxListQuery = z.infer<typeof InboxListQuery>;

export const InboxListResponse = z
  .object({ items: z.array(InboxMessageView), nextCursor: z.string().optional() })
  .meta({ id: 'InboxMessageList' });

export const ConvertInboxMessageRequest = z
  .object({
    version: z.number().int().positive(),
    workTypeCode: WorkTypeCode,
    /** Defaults to the message's text; the agent may tidy it. */
    description: z.string().trim().min(10).max(4000).optional(),
  })
  .strict()
  .meta({ id: 'ConvertInboxMessageRequest' });
export type ConvertInboxMessageRequest = z.infer<typeof ConvertInboxMessageRequest>;

export const LinkInboxMessageRequest = z
  .object({
    version: z.number().int().positive(),
    /** The case's tracking number (any notation) or id. */
    trackingNo: z
      .string()
      .trim()
      .transform((v) => v.replaceAll(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{12}$/, { error: 'tracking-number.invalid' })),
  })
  .strict()
  .meta({ id: 'LinkInboxMessageRequest' });
export type LinkInboxMessageRequest = z.infer<typeof LinkInboxMessageRequest>;

export const ReplyInboxMessageRequest = z
  .object({
    version: z.number().int().positive(),
    /** A client UUID: a retried reply is sent once. */
    replyId: z.uuid(),
    text: z.string().trim().min(2).max(1000),
  })
  .strict()
  .meta({ id: 'ReplyInboxMessageRequest' });
export type ReplyInboxMessageRequest = z.infer<typeof ReplyInboxMessageRequest>;

export const DismissInboxMessageRequest = z
  .object({
    version: z.number().int().positive(),
    reason: InboxDismissReason,
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({ id: 'DismissInboxMessageRequest' });
export type DismissInboxMessageRequest = z.infer<typeof DismissInboxMessageRequest>;

export const ConvertInboxMessageResponse = z
  .object({ message: InboxMessageView, caseId: z.string(), trackingNo: z.string() })
  .meta({ id: 'ConvertInboxMessageResponse' });
export type ConvertInboxMessageResponse = z.infer<typeof ConvertInboxMessageResponse>;
