import { maskEmail, maskPhone } from '@citydesk/domain';

/*
 * Why a queue message died, as an operator may read it. SQS does not say why it moved
 * a message to a dead-letter queue, so the queue worker wrapper stores the error of the
 * last failed receive (worker-handler.ts). Error messages are free text that may echo
 * input (an address the provider refused, a phone number in a validation message), and
 * the notes outlive the cases' masking rules: every e-mail address and every digit run
 * long enough to be a phone or identity number is masked before anything is kept.
 */

/** What a dead-letter note keeps of an error: enough to tell poison from transient. */
export const MAX_REASON_LENGTH = 300;

/** An address-like token: something@domain.tld, stopping at spaces, quotes and brackets. */
const EMAIL = /[^\s@<>()[\]"'`,;:]+@[^\s@<>()[\]"'`,;:]+\.[^\s@<>()[\]"'`,;:]+/gu;

/**
 * Ten or more digits, optionally `+`-prefixed and separated by one or two spaces,
 * dots, hyphens or brackets: Turkish mobile and landline numbers in every usual spelling
 * (`0532 123 45 67`, `+90 (532) 123-45-67`), and T.C. Kimlik numbers. Runs inside a
 * word (an id's digits after a letter or a hyphen, as in ULIDs and UUIDs) are not
 * phone numbers. Tracking numbers (12 digits) are masked too: over-masking loses
 * nothing an operator needs, since the message body carries the case id.
 */
const PHONE_LIKE = /(?<![\p{L}\d_-])\+?\(?\d(?:[\s().-]{0,2}\d){9,}/gu;

/** Masks every e-mail address and phone-like digit run in free text, with the domain's masks. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, (address) => maskEmail(address)).replace(PHONE_LIKE, (run) => maskPhone(run));
}

/** Masks, then cuts to `max` characters (masking first, so a cut cannot leave half an address readable). */
export function safeReason(text: string, max = MAX_REASON_LENGTH): string {
  const masked = maskPersonalData(text.replace(/\s+/gu, ' ').trim());
  return masked.length <= max ? masked : `${masked.slice(0, max - 1)}…`;
}

/** An error as a dead-letter note keeps it: its name and its masked, shortened message. */
export interface FailureReason {
  errorName: string;
  errorMessage: string;
}

/** Describes anything thrown (an Error, a string, an object) without personal data. */
export function describeFailure(error: unknown): FailureReason {
  if (error instanceof Error) {
    return {
      errorName: safeReason(error.name || 'Error', 100),
      errorMessage: safeReason(error.message),
    };
  }
  let text: string;
  try {
    text = typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    text = String(error);
  }
  return { errorName: 'NonError', errorMessage: safeReason(text) };
}

/**
 * A message body as the dead-letter API shows it. The outbox intents carry ids only,
 * but the inbound queue's SES notifications carry mail headers (sender, recipients,
 * subject), so every string value is masked like a reason. A body that is not JSON is
 * masked as text.
 */
export function maskMessageBody(body: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return maskPersonalData(body);
  }
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return maskPersonalData(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(parsed);
}
