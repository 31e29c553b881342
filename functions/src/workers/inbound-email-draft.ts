import type { InboundAttachmentDraft, InboundMessageDraft, RawEmailLocation } from '@citydesk/domain';
import { MAX_INBOX_TEXT } from '@citydesk/domain';
import type { Email } from 'postal-mime';

/*
 * From a parsed e-mail (postal-mime's result) to an inbox draft: the sender's address
 * and name, subject, a plain-text body (from the HTML part when there is no text
 * part), and the attachments' bytes. Pure, so the MIME fixtures test it directly.
 */

/** At most this many files per message, each at most 10 MB: the rest are listed, not stored. */
const MAX_ATTACHMENTS = 10;
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const bytesOf = (content: ArrayBuffer | Uint8Array | string) =>
  typeof content === 'string'
    ? new TextEncoder().encode(content)
    : content instanceof Uint8Array
      ? content
      : new Uint8Array(content);

/** A plain-text body from an HTML-only message: tags out, entities of the common kind decoded. */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The inbox draft of a parsed e-mail. */
export function emailDraftOf(email: Email, location: RawEmailLocation, now: Date): InboundMessageDraft {
  const from = email.from && 'address' in email.from ? email.from : undefined;
  const text = (email.text?.trim() || htmlToPlainText(email.html ?? '')).slice(0, MAX_INBOX_TEXT);
  const attachments: InboundAttachmentDraft[] = email.attachments
    .slice(0, MAX_ATTACHMENTS)
    .map((a, index) => {
      const content = bytesOf(a.content);
      const fileName = (a.filename ?? `ek-${index + 1}`).replace(/[/\\\p{Cc}]/gu, '_');
      return content.byteLength <= MAX_ATTACHMENT_BYTES
        ? { fileName, contentType: a.mimeType, content }
        : { fileName, contentType: a.mimeType, sizeBytes: content.byteLength };
    });
  const date = email.date ? new Date(email.date) : undefined;
  return {
    channel: 'email',
    providerMessageId: location.sesMessageId ?? email.messageId ?? location.key,
    receivedAt: (date && !Number.isNaN(date.getTime()) && date <= now ? date : now).toISOString(),
    sender: {
      ...(from?.address ? { email: from.address.toLowerCase() } : {}),
      ...(from?.name ? { name: from.name } : {}),
    },
    ...(email.subject ? { subject: email.subject.slice(0, 300) } : {}),
    text,
    attachments,
  };
}
