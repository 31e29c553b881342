import * as z from 'zod';
import { Language } from './localized-text.ts';
import { normalisePhoneNumber } from './phone-number.ts';

/** How the citizen wants to hear about the case. */
export const NotificationChannel = z.enum(['sms', 'email', 'callback', 'none']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** At which steps: every stage change, or only the final result. */
export const NotificationGranularity = z.enum(['every_stage', 'result_only']);
export type NotificationGranularity = z.infer<typeof NotificationGranularity>;

export const NotificationPreference = z
  .object({
    channel: NotificationChannel,
    granularity: NotificationGranularity,
    language: Language,
  })
  .strict();
export type NotificationPreference = z.infer<typeof NotificationPreference>;

/** A phone number in any common notation; the output is E.164. */
export const PhoneNumber = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const e164 = normalisePhoneNumber(value);
    if (!e164) {
      ctx.issues.push({ code: 'custom', message: 'phone.invalid', input: value });
      return z.NEVER;
    }
    return e164;
  });

/**
 * The citizen's contact details and preferences. Personal data under KVKK: stored
 * on the case, never indexed in clear (the history index uses an HMAC of the phone).
 */
export const CitizenContact = z
  .object({
    name: z.string().trim().min(2).max(120).optional(),
    phone: PhoneNumber.optional(),
    email: z.email().max(254).optional(),
    preference: NotificationPreference,
  })
  .strict()
  .superRefine((c, ctx) => {
    const needs = { sms: 'phone', callback: 'phone', email: 'email', none: undefined } as const;
    const field = needs[c.preference.channel];
    if (field && !c[field]) {
      ctx.addIssue({ code: 'custom', path: [field], message: `contact.${field}-required` });
    }
  });
export type CitizenContact = z.infer<typeof CitizenContact>;

/** Explicit consent given after reading the KVKK information notice (aydınlatma metni). */
export const KvkkConsent = z
  .object({
    accepted: z.literal(true, { error: 'consent.required' }),
    noticeVersion: z.string().min(1).max(32),
  })
  .strict();
export type KvkkConsent = z.infer<typeof KvkkConsent>;
