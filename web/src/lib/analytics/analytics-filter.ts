import { type AnalyticsFilter, Channel } from '@citydesk/domain';

/*
 * The dashboard's filters as the page's address holds them (`?from&to&tenantId&…`,
 * the same names as the API's query), so a manager can bookmark or share a view and
 * the back button steps through the filters they tried. Days are Türkiye's calendar
 * days (UTC+3 all year since 2016), like the aggregates' own day buckets.
 */

export const ISTANBUL_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

export type DatePreset = 'today' | '7d' | '30d' | 'month' | 'week';
export const DATE_PRESETS: readonly DatePreset[] = ['today', '7d', '30d', 'month', 'week'];

/** The filter a dashboard opens with: the last 30 days. */
export const DEFAULT_PRESET: DatePreset = '30d';

/** Today's date in Türkiye, `YYYY-MM-DD`. */
export function istanbulToday(now: number = Date.now()): string {
  return new Date(now + ISTANBUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` moved by `days` calendar days (noon UTC, so no clock change can move it). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS) + 1;
}

/** The ISO 8601 week of a day (`2026-W49`): weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  // The Thursday of the same week decides the week's year.
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1, 12)) / DAY_MS);
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** Whether `value` names an ISO week that exists (`2026-W53` does, `2025-W53` does not). */
export function isIsoWeek(value: string): boolean {
  const match = ISO_WEEK.exec(value);
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && isoWeekOf(weekMonday(value)) === value;
}

/** The Monday of an ISO week. */
function weekMonday(week: string): string {
  const match = ISO_WEEK.exec(week);
  if (!match) throw new Error(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  // 4 January is always in week 1.
  const jan4 = new Date(Date.UTC(year, 0, 4, 12));
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS;
  return new Date(mondayOfWeek1 + (Number(match[2]) - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
}

/** Monday to Sunday of an ISO week. */
export function isoWeekRange(week: string): { from: string; to: string } {
  const from = weekMonday(week);
  return { from, to: addDays(from, 6) };
}

/** The week before (`2026-W01` → the last week of 2025). */
export function previousIsoWeek(week: string): string {
  return isoWeekOf(addDays(weekMonday(week), -7));
}

/** The week after. */
export function nextIsoWeek(week: string): string {
  return isoWeekOf(addDays(weekMonday(week), 7));
}

/** The range of a preset on `today`. */
export function presetRange(preset: DatePreset, today: string): { from: string; to: string } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'week':
      // The week so far: the days after today have nothing to show yet.
      return { from: isoWeekRange(isoWeekOf(today)).from, to: today };
  }
}

/** The preset a range equals on `today`, if any (the filter bar marks it as chosen). */
export function presetOf(range: { from: string; to: string }, today: string): DatePreset | undefined {
  return DATE_PRESETS.find((preset) => {
    const candidate = presetRange(preset, today);
    return candidate.from === range.from && candidate.to === range.to;
  });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string | null): value is string =>
  value !== null && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T12:00:00Z`));
const MAX_DAYS = 366;

/**
 * The filter of an address's query. Anything missing or malformed falls back to the
 * default (a hand-edited address should show a dashboard, not an error); a range the
 * API would refuse (reversed, longer than a year) is cut to one it accepts.
 */
export function filterFromSearch(search: URLSearchParams, today: string): AnalyticsFilter {
  const fallback = presetRange(DEFAULT_PRESET, today);
  let from = search.get('from');
  let to = search.get('to');
  if (!isDay(from) || !isDay(to)) ({ from, to } = fallback);
  if (from > to) [from, to] = [to, from];
  if (daysBetween(from, to) > MAX_DAYS) from = addDays(to, -(MAX_DAYS - 1));
  const filter: AnalyticsFilter = { from, to };
  const text = (name: string) => {
    const value = search.get(name)?.trim();
    return value && value.length <= 40 ? value : undefined;
  };
  const tenantId = text('tenantId');
  if (tenantId && /^[a-z0-9-]+$/.test(tenantId)) filter.tenantId = tenantId;
  const departmentCode = text('departmentCode');
  if (departmentCode) filter.departmentCode = departmentCode;
  const workTypeGroup = text('workTypeGroup');
  if (workTypeGroup) filter.workTypeGroup = workTypeGroup;
  const channel = Channel.safeParse(search.get('channel'));
  if (channel.success) filter.channel = channel.data;
  return filter;
}

/** The query of a filter, in a fixed order (the API's and the address's). */
export function filterToSearch(filter: AnalyticsFilter): URLSearchParams {
  const search = new URLSearchParams({ from: filter.from, to: filter.to });
  for (const key of ['tenantId', 'departmentCode', 'workTypeGroup', 'channel'] as const) {
    const value = filter[key];
    if (value) search.set(key, value);
  }
  return search;
}
