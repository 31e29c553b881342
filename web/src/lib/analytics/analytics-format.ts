import { getLocale } from '#lib/paraglide/runtime.js';

/*
 * Numbers of the dashboards in the page's language: Turkish writes "1.234" and
 * "%87,5", English "1,234" and "87.5%". A figure the API leaves null (nothing
 * resolved, no survey answered) is a dash, never a zero that would look measured.
 */

export const NO_VALUE = '–';

const tag = (): string => (getLocale() === 'tr' ? 'tr-TR' : 'en-GB');

export function formatCount(value: number): string {
  return new Intl.NumberFormat(tag()).format(value);
}

/** A share or a rate, 0–1. */
export function formatShare(value: number | null | undefined, fractionDigits = 1): string {
  if (value === null || value === undefined) return NO_VALUE;
  return new Intl.NumberFormat(tag(), {
    style: 'percent',
    minimumFractionDigits: 0,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** A mean score out of 5. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  return new Intl.NumberFormat(tag(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/**
 * A duration given in hours: hours below two days ("5,5 sa"), days beyond ("3,2 gün"),
 * as the source documents' "Ort. Süre" column does.
 */
export function formatHours(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  const number = (n: number) =>
    new Intl.NumberFormat(tag(), { minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(n);
  const tr = getLocale() === 'tr';
  if (value < 48) return tr ? `${number(value)} sa` : `${number(value)} h`;
  return tr ? `${number(value / 24)} gün` : `${number(value / 24)} d`;
}

/** A signed change against an earlier figure ("+12", "−3", "0"), for the weekly report. */
export function formatChange(current: number, previous: number): string {
  const change = current - previous;
  if (change === 0) return '0';
  const formatted = formatCount(Math.abs(change));
  return change > 0 ? `+${formatted}` : `−${formatted}`;
}

/** A day of the trend axis ("7 Ara" / "7 Dec") or an ISO week as it is written. */
export function formatPeriod(period: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period)) return period;
  return new Intl.DateTimeFormat(tag(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${period}T12:00:00Z`),
  );
}

/** A range of days ("1 Kas 2026 – 30 Kas 2026"). */
export function formatRange(from: string, to: string): string {
  const format = new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeZone: 'UTC' });
  const start = new Date(`${from}T12:00:00Z`);
  return from === to ? format.format(start) : format.formatRange(start, new Date(`${to}T12:00:00Z`));
}

/** Clock time of a refresh ("14:05:09"), in Türkiye. */
export function formatClock(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { timeStyle: 'medium', timeZone: 'Europe/Istanbul' }).format(
    new Date(iso),
  );
}
