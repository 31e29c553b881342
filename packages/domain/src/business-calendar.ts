import * as z from 'zod';
import {
  HALF_DAY_HOLIDAY_START_MINUTE,
  type PublicHoliday,
  publicHolidayOn,
} from './turkish-public-holidays.ts';

/*
 * A tenant's business calendar: when its staff work, so that SLA hours and legal
 * "working days" are counted the way the municipality counts them.
 *
 * Time zone. Every Turkish tenant runs on Europe/Istanbul, which has been a fixed
 * UTC+03:00 since 7 September 2016 (Türkiye stopped switching clocks and stayed on
 * summer time permanently). There is therefore no DST to handle: local time is UTC
 * plus exactly three hours, and every computation below is integer arithmetic on
 * milliseconds, exact to the millisecond (and so to the minute). The covered
 * holiday years (2025–2030) all lie after the switch. If Türkiye ever reintroduced
 * DST, `timeZone` is the one place to change, and the schema accepts only the zone
 * this arithmetic is right for.
 *
 * A working day has the configured hours (default Monday–Friday 08:30–17:30; lunch
 * counts as working time unless a lunch break is configured), minus weekends,
 * public holidays (turkish-public-holidays.ts), the afternoons of half-day holidays
 * (arife, 28 October; from 13:00) unless the tenant works them, and the tenant's
 * own closures. A `twentyFourSeven` calendar (fire brigade, water-fault crews)
 * works every minute of every day, holidays included.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Europe/Istanbul's offset from UTC, fixed since 7 September 2016. */
export const ISTANBUL_UTC_OFFSET_MINUTES = 180;
const OFFSET_MS = ISTANBUL_UTC_OFFSET_MINUTES * MINUTE_MS;

/** A local time of day, `HH:MM` (24 h). `24:00` is allowed as an end (midnight). */
const TimeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'calendar.time-of-day' });

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const TimeRange = z
  .object({ start: TimeOfDay, end: TimeOfDay })
  .strict()
  .refine((r) => minutesOf(r.start) < minutesOf(r.end), { error: 'calendar.time-range' });

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const IsoWeekday = z.number().int().min(1).max(7);

const LocalDate = z.iso.date({ error: 'date.invalid' });

/** A day or an inclusive range of days the tenant is closed (a move, a local disaster, idarî izin). */
export const CalendarClosure = z
  .object({
    from: LocalDate,
    /** Inclusive; omitted for a single day. */
    to: LocalDate.optional(),
    label: z.string().trim().min(1).max(120),
  })
  .strict()
  .refine((c) => !c.to || c.to >= c.from, { error: 'calendar.closure-range' });
export type CalendarClosure = z.infer<typeof CalendarClosure>;

/** A tenant's calendar settings; every field has the default a Turkish municipality uses. */
export const BusinessCalendarConfig = z
  .object({
    timeZone: z.literal('Europe/Istanbul').default('Europe/Istanbul'),
    workingHours: TimeRange.default({ start: '08:30', end: '17:30' }),
    /** Excluded from working time only when configured. */
    lunchBreak: TimeRange.optional(),
    weekend: z.array(IsoWeekday).max(6, { error: 'calendar.weekend' }).default([6, 7]),
    /** Whether the afternoons of half-day holidays (arife, 28 October) are off. */
    observeHalfDayHolidays: z.boolean().default(true),
    closures: z.array(CalendarClosure).max(500).default([]),
    /** Round-the-clock units: every minute counts, holidays included. */
    twentyFourSeven: z.boolean().default(false),
  })
  .strict()
  .refine(
    (c) =>
      !c.lunchBreak ||
      (minutesOf(c.lunchBreak.start) >= minutesOf(c.workingHours.start) &&
        minutesOf(c.lunchBreak.end) <= minutesOf(c.workingHours.end)),
    { error: 'calendar.lunch-outside-hours', path: ['lunchBreak'] },
  );
export type BusinessCalendarConfig = z.output<typeof BusinessCalendarConfig>;
export type BusinessCalendarSettings = z.input<typeof BusinessCalendarConfig>;

/** Working time of one local day, as [start, end) pairs of absolute epoch milliseconds. */
type DayIntervals = readonly (readonly [number, number])[];

/** A compiled calendar: the validated settings plus lookups, built once per tenant. */
export interface BusinessCalendar {
  readonly config: BusinessCalendarConfig;
  /** Working intervals of the local day with this index (days since 1970-01-01 local). */
  readonly intervalsOfDay: (dayIndex: number) => DayIntervals;
}

/** Days scanned before concluding a calendar has no working time left (a misconfiguration). */
const MAX_SCAN_DAYS = 3 * 366;

/** Index of the local (Istanbul) day holding an instant. */
const dayIndexOf = (ms: number): number => Math.floor((ms + OFFSET_MS) / DAY_MS);
/** The instant at which a local day begins (00:00 Istanbul). */
const dayStartMs = (dayIndex: number): number => dayIndex * DAY_MS - OFFSET_MS;
/** The local date (YYYY-MM-DD) of a day index. */
const dateOfDay = (dayIndex: number): string => new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday of a day index: day 0 (1970-01-01) was a Thursday. */
const weekdayOfDay = (dayIndex: number): number => ((((dayIndex + 3) % 7) + 7) % 7) + 1;
const dayIndexOfDate = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** The local calendar day (YYYY-MM-DD, Europe/Istanbul) of an instant. */
export function localDateOf(at: Date): string {
  return dateOfDay(dayIndexOf(at.getTime()));
}

/** The instant of a local time of day (`HH:MM`) on a local date, both in Europe/Istanbul. */
export function istanbulTime(date: string, hhmm: string): Date {
  return new Date(dayStartMs(dayIndexOfDate(date)) + minutesOf(hhmm) * MINUTE_MS);
}

/** Validates settings and compiles them into a calendar. Throws a ZodError on invalid settings. */
export function createBusinessCalendar(settings: BusinessCalendarSettings = {}): BusinessCalendar {
  const config = BusinessCalendarConfig.parse(settings);
  const weekend = new Set(config.weekend);
  const closedDays = new Set<number>();
  for (const closure of config.closures) {
    const last = dayIndexOfDate(closure.to ?? closure.from);
    // Bounded by the schema (500 closures); a single range over a few years is still cheap.
    for (let d = dayIndexOfDate(closure.from); d <= last; d++) closedDays.add(d);
  }
  const open = minutesOf(config.workingHours.start);
  const close = minutesOf(config.workingHours.end);
  const lunch = config.lunchBreak
    ? ([minutesOf(config.lunchBreak.start), minutesOf(config.lunchBreak.end)] as const)
    : undefined;

  /** Working minute ranges of an ordinary working day, clipped to end by `until` (a half-day holiday). */
  const minuteRanges = (until: number): [number, number][] => {
    const end = Math.min(close, until);
    if (end <= open) return [];
    if (!lunch) return [[open, end]];
    return (
      [
        [open, Math.min(lunch[0], end)],
        [lunch[1], end],
      ] as [number, number][]
    ).filter(([s, e]) => e > s);
  };

  const cache = new Map<number, DayIntervals>();
  const compute = (dayIndex: number): DayIntervals => {
    const start = dayStartMs(dayIndex);
    if (config.twentyFourSeven) return [[start, start + DAY_MS]];
    if (weekend.has(weekdayOfDay(dayIndex)) || closedDays.has(dayIndex)) return [];
    const holiday: PublicHoliday | undefined = publicHolidayOn(dateOfDay(dayIndex));
    if (holiday?.kind === 'full') return [];
    const until =
      holiday?.kind === 'half' && config.observeHalfDayHolidays ? HALF_DAY_HOLIDAY_START_MINUTE : 24 * 60;
    return minuteRanges(until).map(([s, e]) => [start + s * MINUTE_MS, start + e * MINUTE_MS] as const);
  };

  return {
    config,
    intervalsOfDay: (dayIndex) => {
      let intervals = cache.get(dayIndex);
      if (!intervals) {
        intervals = compute(dayIndex);
        // Long-lived calendars see a sliding window of days; keep the memo small.
        if (cache.size > 4096) cache.clear();
        cache.set(dayIndex, intervals);
      }
      return intervals;
    },
  };
}

/** Whether `at` falls in working time (interval start inclusive, end exclusive). */
export function isWorkingTime(at: Date, calendar: BusinessCalendar): boolean {
  const ms = at.getTime();
  return calendar.intervalsOfDay(dayIndexOf(ms)).some(([s, e]) => ms >= s && ms < e);
}

/** Whether a local date (YYYY-MM-DD) has any working time at all (an arife morning counts). */
export function isWorkingDay(date: string, calendar: BusinessCalendar): boolean {
  return calendar.intervalsOfDay(dayIndexOfDate(date)).length > 0;
}

function assertDuration(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`working hours must be ≥ 0, got ${hours}`);
  return Math.round(hours * HOUR_MS);
}

function noWorkingTime(from: number): Error {
  return new Error(
    `the calendar has no working time in the ${MAX_SCAN_DAYS} days after ${new Date(from).toISOString()}`,
  );
}

/**
 * The instant `hours` working hours after `start`. Time outside working hours does
 * not count; when the amount runs out exactly at the end of a working period, the
 * result is that end (17:30), not the next morning. Zero hours returns `start`.
 */
export function addWorkingHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  let remaining = assertDuration(hours);
  const from = start.getTime();
  if (remaining === 0) return new Date(from);
  const firstDay = dayIndexOf(from);
  for (let day = firstDay; day <= firstDay + MAX_SCAN_DAYS; day++) {
    for (const [s, e] of calendar.intervalsOfDay(day)) {
      if (e <= from) continue;
      const begin = Math.max(s, from);
      const available = e - begin;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
  }
  throw noWorkingTime(from);
}

/**
 * Working hours between two instants: positive when `b` is after `a`, negative
 * (minus the working hours from `b` to `a`) when before. Exact: counted in
 * milliseconds, returned as fractional hours.
 */
export function workingHoursBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return -workingHoursBetween(b, a, calendar);
  let total = 0;
  for (let day = dayIndexOf(from); day <= dayIndexOf(to); day++) {
    for (const [s, e] of calendar.intervalsOfDay(day)) {
      const overlap = Math.min(e, to) - Math.max(s, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total / HOUR_MS;
}

/** The end of a day's working time, or undefined for a day without any. */
function workEndOfDay(dayIndex: number, calendar: BusinessCalendar): number | undefined {
  const intervals = calendar.intervalsOfDay(dayIndex);
  return intervals.at(-1)?.[1];
}

/**
 * The end of working time on the `days`-th working day after the local day of
 * `start`: the day of `start` itself is not counted, as Turkish law counts periods
 * ("15 iş günü" from an application filed on Monday ends with the 15th working day
 * after it). Any day with working time is a working day, an arife morning included;
 * its working time then ends at 13:00. Zero days means the end of `start`'s own day
 * if it is a working day, else of the next working day.
 */
export function addWorkingDays(start: Date, days: number, calendar: BusinessCalendar): Date {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`working days must be an integer ≥ 0, got ${days}`);
  const firstDay = dayIndexOf(start.getTime());
  let counted = 0;
  for (let day = days === 0 ? firstDay : firstDay + 1; day <= firstDay + MAX_SCAN_DAYS; day++) {
    const end = workEndOfDay(day, calendar);
    if (end === undefined) continue;
    counted++;
    if (counted >= days) return new Date(end);
  }
  throw noWorkingTime(start.getTime());
}

/**
 * The end of working time on the `days`-th calendar day after `start`'s local day;
 * when that day has no working time (weekend, holiday), the end of the next working
 * day instead, as deadlines that end on a holiday run on to the next working day.
 */
export function addCalendarDaysToWorkingEnd(start: Date, days: number, calendar: BusinessCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be an integer ≥ 0, got ${days}`);
  const target = dayIndexOf(start.getTime()) + days;
  for (let day = target; day <= target + MAX_SCAN_DAYS; day++) {
    const end = workEndOfDay(day, calendar);
    if (end !== undefined) return new Date(end);
  }
  throw noWorkingTime(start.getTime());
}
