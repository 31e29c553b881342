import {
  addCalendarDaysToWorkingEnd,
  addWorkingDays,
  addWorkingHours,
  type BusinessCalendar,
  createBusinessCalendar,
  workingHoursBetween,
} from './business-calendar.ts';
import type { Channel } from './channel.ts';
import type { LocalizedText } from './localized-text.ts';
import type { Priority, WorkType } from './work-type.ts';

/*
 * SLA clocks (docs/domain/sla-and-calendar.md).
 *
 * The service target of a case is its work type's `slaHours`, counted on the owning
 * tenant's business calendar from the moment the case was filed. Two exceptions
 * count wall-clock hours instead: an `urgent` case (a burst main or a collapsed
 * road does not wait for Monday) and a `twentyFourSeven` calendar (crews that work
 * round the clock). Both are decided by `slaClockKind`, so the due time and the
 * escalation sweep always measure on the same clock.
 *
 * Legal clocks are kept beside it, per intake channel and law: they are what the
 * municipality owes by statute, whatever its own service target.
 */

const HOUR_MS = 3_600_000;

/** The calendar of a tenant without its own settings: Mon–Fri 08:30–17:30, public holidays, half-day afternoons off. */
export const defaultCalendar: BusinessCalendar = createBusinessCalendar();

/** How an SLA is measured: working hours of the calendar, or every hour of the day. */
export type SlaClockKind = 'working-hours' | 'wall-clock';

/** Urgent cases and round-the-clock calendars run on the wall clock; everything else on working hours. */
export function slaClockKind(priority: Priority, calendar: BusinessCalendar): SlaClockKind {
  return priority === 'urgent' || calendar.config.twentyFourSeven ? 'wall-clock' : 'working-hours';
}

/** `hours` on the given clock after `start`. */
export function addSlaHours(
  start: Date,
  hours: number,
  clock: SlaClockKind,
  calendar: BusinessCalendar,
): Date {
  return clock === 'wall-clock'
    ? new Date(start.getTime() + Math.round(hours * HOUR_MS))
    : addWorkingHours(start, hours, calendar);
}

/** Signed hours from `a` to `b` on the given clock (negative when `b` is earlier). */
export function slaHoursBetween(a: Date, b: Date, clock: SlaClockKind, calendar: BusinessCalendar): number {
  return clock === 'wall-clock' ? (b.getTime() - a.getTime()) / HOUR_MS : workingHoursBetween(a, b, calendar);
}

/**
 * When a case of this work type, started at `start`, is due: the work type's SLA
 * hours on the clock its priority and calendar call for. `priority` defaults to the
 * work type's own (a coordinator may raise it at triage).
 */
export function slaDueAt(
  workType: Pick<WorkType, 'slaHours' | 'defaultPriority'>,
  start: Date,
  calendar: BusinessCalendar,
  priority: Priority = workType.defaultPriority,
): Date {
  return addSlaHours(start, workType.slaHours, slaClockKind(priority, calendar), calendar);
}

/**
 * The due time after a pause (ON_HOLD waiting for the citizen): the old due time
 * moved on by the working time the pause lasted (wall-clock time on a wall clock).
 */
export function slaDueAfterPause(
  dueAt: Date,
  pausedFrom: Date,
  resumedAt: Date,
  clock: SlaClockKind,
  calendar: BusinessCalendar,
): Date {
  const paused = Math.max(0, slaHoursBetween(pausedFrom, resumedAt, clock, calendar));
  return addSlaHours(dueAt, paused, clock, calendar);
}

/** A statutory answer deadline. */
export type LegalClock = 'cimer' | 'acik-kapi' | 'right-to-information';

/** The catalogue's right-to-information work type: Law 4982 applies whatever the channel. */
export const RIGHT_TO_INFORMATION_WORK_TYPE = 'GEN-RTI-4982';

/** What each legal clock promises, and how it is counted. */
export const legalClocks: Record<
  LegalClock,
  { days: number; count: 'calendar-days' | 'working-days'; basis: string; label: LocalizedText }
> = {
  cimer: {
    days: 30,
    count: 'calendar-days',
    basis: 'Law 3071 (Dilekçe Hakkı) art. 7',
    label: { tr: 'CİMER yanıt süresi (30 gün)', en: 'CİMER answer deadline (30 days)' },
  },
  'acik-kapi': {
    days: 7,
    count: 'calendar-days',
    // Accounts differ between 7 days and 7 working days; the stricter reading is kept.
    basis: 'Ministry of Interior, Açık Kapı application procedure',
    label: { tr: 'Açık Kapı yanıt süresi (7 gün)', en: 'Açık Kapı answer deadline (7 days)' },
  },
  'right-to-information': {
    days: 15,
    count: 'working-days',
    basis: 'Law 4982 (Bilgi Edinme Hakkı) art. 11',
    label: {
      tr: 'Bilgi edinme yanıt süresi (15 iş günü)',
      en: 'Right-to-information deadline (15 working days)',
    },
  },
};

/**
 * The legal clock of an application: a right-to-information request (its work
 * type) runs on Law 4982 whichever channel brought it, CİMER included; otherwise
 * CİMER and Açık Kapı applications run on theirs. Other channels have none.
 */
export function legalClockFor(channel: Channel, workTypeCode?: string): LegalClock | undefined {
  if (workTypeCode === RIGHT_TO_INFORMATION_WORK_TYPE) return 'right-to-information';
  if (channel === 'cimer') return 'cimer';
  if (channel === 'acik_kapi') return 'acik-kapi';
  return undefined;
}

/**
 * The statutory calendar behind a tenant's: the same hours and weekend, but public
 * holidays only. A tenant's own closures do not stop a legal period, and a
 * round-the-clock unit still owes answers in office days.
 */
export function legalCalendarOf(calendar: BusinessCalendar): BusinessCalendar {
  const { closures: _closures, twentyFourSeven: _roundTheClock, ...rest } = calendar.config;
  return createBusinessCalendar({ ...rest, closures: [], twentyFourSeven: false });
}

const legalCalendars = new WeakMap<BusinessCalendar, BusinessCalendar>();

/**
 * When the answer to an application filed at `start` is legally due, or undefined
 * when its channel and work type carry no legal clock. The filing day is not
 * counted; the deadline is the end of working hours of the last day (13:00 on an
 * arife), and a calendar-day period that ends on a weekend or holiday runs on to
 * the end of the next working day.
 */
export function legalDueAt(
  channel: Channel,
  start: Date,
  calendar: BusinessCalendar,
  workTypeCode?: string,
): Date | undefined {
  const clock = legalClockFor(channel, workTypeCode);
  if (!clock) return undefined;
  let legal = legalCalendars.get(calendar);
  if (!legal) {
    legal = legalCalendarOf(calendar);
    legalCalendars.set(calendar, legal);
  }
  const { days, count } = legalClocks[clock];
  return count === 'working-days'
    ? addWorkingDays(start, days, legal)
    : addCalendarDaysToWorkingEnd(start, days, legal);
}
