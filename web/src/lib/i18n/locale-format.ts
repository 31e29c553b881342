import type { LocalizedText } from '@citydesk/domain';
import { getLocale } from '#lib/paraglide/runtime.js';

/** BCP 47 tag for Intl formatters; British English keeps day-month order familiar to Turkish users. */
const intlTag = (): string => (getLocale() === 'tr' ? 'tr-TR' : 'en-GB');

/** The catalogue's bilingual labels, in the page's language. */
export function localized(text: LocalizedText): string {
  return getLocale() === 'en' ? text.en : text.tr;
}

/**
 * Date and time of a case event. Always in Turkey's time zone: the case happened
 * there, and a visitor abroad comparing with an SMS should see the same clock time.
 */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(intlTag(), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Istanbul',
  }).format(new Date(iso));
}

/** A day, for due dates where the hour would suggest false precision. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(intlTag(), { dateStyle: 'full', timeZone: 'Europe/Istanbul' }).format(
    new Date(iso),
  );
}

/**
 * A calendar day (`2026-12-01`) such as a hold's resume date or a planned date: a
 * day in Türkiye, shown as one. Read at noon UTC so no time zone moves it.
 */
export function formatCalendarDate(day: string): string {
  const at = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  return new Intl.DateTimeFormat(intlTag(), { dateStyle: 'long', timeZone: 'Europe/Istanbul' }).format(at);
}

/** Locale-aware collation for sorting district and neighbourhood names (Ç after C, İ after I…). */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, intlTag(), { sensitivity: 'base' });
}
