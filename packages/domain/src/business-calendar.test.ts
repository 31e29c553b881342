import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDaysToWorkingEnd,
  addWorkingDays,
  addWorkingHours,
  createBusinessCalendar,
  istanbulTime,
  isWorkingDay,
  isWorkingTime,
  localDateOf,
  workingHoursBetween,
} from './business-calendar.ts';
import {
  HolidayDataUnavailableError,
  PUBLIC_HOLIDAY_YEARS,
  publicHolidaysOf,
} from './turkish-public-holidays.ts';

const calendar = createBusinessCalendar();
/** Local Istanbul wall time as an instant: `at('2026-05-25', '10:00')`. */
const at = istanbulTime;
const iso = (date: string, hhmm: string) => at(date, hhmm).toISOString();

describe('Europe/Istanbul time', () => {
  it('is UTC+3 all year round, with no DST jump in March or October', () => {
    expect(iso('2026-01-15', '08:30')).toBe('2026-01-15T05:30:00.000Z');
    expect(iso('2026-07-15', '08:30')).toBe('2026-07-15T05:30:00.000Z');
    // The last Sundays of March and October, when Europe changes clocks.
    expect(iso('2026-03-29', '03:00')).toBe('2026-03-29T00:00:00.000Z');
    expect(iso('2026-10-25', '03:00')).toBe('2026-10-25T00:00:00.000Z');
  });

  it('puts an instant on its Istanbul day, not its UTC day', () => {
    expect(localDateOf(new Date('2026-12-31T21:30:00Z'))).toBe('2027-01-01');
    expect(localDateOf(new Date('2026-12-31T20:59:59Z'))).toBe('2026-12-31');
  });
});

describe('working time', () => {
  it('is Monday to Friday 08:30–17:30 by default, start inclusive and end exclusive', () => {
    // Wednesday 18 November 2026.
    expect(isWorkingTime(at('2026-11-18', '08:29'), calendar)).toBe(false);
    expect(isWorkingTime(at('2026-11-18', '08:30'), calendar)).toBe(true);
    expect(isWorkingTime(at('2026-11-18', '12:30'), calendar)).toBe(true);
    expect(isWorkingTime(at('2026-11-18', '17:29'), calendar)).toBe(true);
    expect(isWorkingTime(at('2026-11-18', '17:30'), calendar)).toBe(false);
    expect(isWorkingTime(at('2026-11-21', '10:00'), calendar)).toBe(false); // Saturday
    expect(isWorkingTime(at('2026-11-22', '10:00'), calendar)).toBe(false); // Sunday
  });

  it('excludes lunch only when a lunch break is configured', () => {
    const withLunch = createBusinessCalendar({ lunchBreak: { start: '12:30', end: '13:30' } });
    expect(isWorkingTime(at('2026-11-18', '12:45'), withLunch)).toBe(false);
    expect(isWorkingTime(at('2026-11-18', '13:30'), withLunch)).toBe(true);
    expect(workingHoursBetween(at('2026-11-18', '08:30'), at('2026-11-18', '17:30'), withLunch)).toBe(8);
    expect(workingHoursBetween(at('2026-11-18', '08:30'), at('2026-11-18', '17:30'), calendar)).toBe(9);
  });

  it('honours another weekend and other working hours', () => {
    const saturdays = createBusinessCalendar({
      weekend: [7],
      workingHours: { start: '09:00', end: '13:00' },
    });
    expect(isWorkingTime(at('2026-11-21', '10:00'), saturdays)).toBe(true);
    expect(isWorkingTime(at('2026-11-22', '10:00'), saturdays)).toBe(false);
    expect(isWorkingTime(at('2026-11-18', '13:00'), saturdays)).toBe(false);
  });

  it('closes on tenant closures, single days and inclusive ranges', () => {
    const closed = createBusinessCalendar({
      closures: [
        { from: '2026-11-18', label: 'Bina taşınması' },
        { from: '2026-12-07', to: '2026-12-09', label: 'Deprem sonrası kapalı' },
      ],
    });
    expect(isWorkingDay('2026-11-18', closed)).toBe(false);
    expect(isWorkingDay('2026-11-19', closed)).toBe(true);
    expect(
      ['2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'].map((d) =>
        isWorkingDay(d, closed),
      ),
    ).toEqual([true, false, false, false, true]);
    // Tuesday 17 November 17:00 + 1 h: half an hour that day, then Thursday.
    expect(addWorkingHours(at('2026-11-17', '17:00'), 1, closed)).toEqual(at('2026-11-19', '09:00'));
  });

  it('works round the clock, holidays included, on a 24/7 calendar', () => {
    const crews = createBusinessCalendar({ twentyFourSeven: true });
    expect(isWorkingTime(at('2026-05-28', '03:00'), crews)).toBe(true); // Kurban Bayramı, night
    expect(addWorkingHours(at('2026-11-21', '22:00'), 5, crews)).toEqual(at('2026-11-22', '03:00'));
    // No holiday data needed: a 24/7 clock runs on past 2030.
    expect(addWorkingHours(at('2030-12-31', '12:00'), 48, crews)).toEqual(at('2031-01-02', '12:00'));
  });

  it('rejects settings that leave no working time or make no sense', () => {
    expect(() => createBusinessCalendar({ weekend: [1, 2, 3, 4, 5, 6, 7] })).toThrow();
    expect(() => createBusinessCalendar({ workingHours: { start: '17:30', end: '08:30' } })).toThrow();
    expect(() =>
      createBusinessCalendar({
        workingHours: { start: '08:30', end: '17:30' },
        lunchBreak: { start: '07:00', end: '09:00' },
      }),
    ).toThrow();
    expect(() =>
      createBusinessCalendar({ closures: [{ from: '2026-12-09', to: '2026-12-07', label: 'x' }] }),
    ).toThrow();
    expect(() => addWorkingHours(at('2026-11-18', '10:00'), -1, calendar)).toThrow(RangeError);
  });
});

describe('public holidays on the calendar', () => {
  const years = Array.from(
    { length: PUBLIC_HOLIDAY_YEARS.last - PUBLIC_HOLIDAY_YEARS.first + 1 },
    (_, i) => PUBLIC_HOLIDAY_YEARS.first + i,
  );

  it('has no working time on any full public holiday of 2025–2030', () => {
    const full = years.flatMap((y) => publicHolidaysOf(y)).filter((h) => h.kind === 'full');
    expect(full.length).toBeGreaterThanOrEqual(6 * 13);
    for (const h of full) expect(isWorkingDay(h.date, calendar), h.date).toBe(false);
  });

  it('works only the morning of every half-day holiday (arife, 28 October) that falls on a weekday', () => {
    const halves = years.flatMap((y) => publicHolidaysOf(y)).filter((h) => h.kind === 'half');
    expect(halves).toHaveLength(6 * 3 - 1); // 23 April 2029 is a full holiday and also Kurban's arife
    for (const h of halves) {
      const weekday = new Date(`${h.date}T12:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      expect(isWorkingTime(at(h.date, '12:59'), calendar), h.date).toBe(!weekend);
      expect(isWorkingTime(at(h.date, '13:00'), calendar), h.date).toBe(false);
      expect(
        isWorkingTime(at(h.date, '13:00'), createBusinessCalendar({ observeHalfDayHolidays: false })),
      ).toBe(!weekend);
    }
  });

  it('counts across Kurban Bayramı 2026 (arife Tuesday 26 May, bayram Wednesday–Saturday)', () => {
    const monday = at('2026-05-25', '10:00');
    expect(addWorkingHours(monday, 9, calendar)).toEqual(at('2026-05-26', '10:00'));
    // Monday 7.5 h + the arife morning 4.5 h: due exactly at 13:00, not the next working day.
    expect(addWorkingHours(monday, 12, calendar)).toEqual(at('2026-05-26', '13:00'));
    expect(addWorkingHours(monday, 12.5, calendar)).toEqual(at('2026-06-01', '09:00'));
    expect(workingHoursBetween(monday, at('2026-06-01', '09:00'), calendar)).toBe(12.5);
  });

  it('counts across Ramazan Bayramı 2025 (arife on a Saturday, bayram Sunday–Tuesday)', () => {
    expect(addWorkingHours(at('2025-03-28', '17:00'), 1, calendar)).toEqual(at('2025-04-02', '09:00'));
  });

  it('counts across Republic Day 2026 (28 October afternoon, 29 October)', () => {
    const tuesday = at('2026-10-27', '17:00');
    expect(addWorkingHours(tuesday, 1, calendar)).toEqual(at('2026-10-28', '09:00'));
    expect(addWorkingHours(tuesday, 5, calendar)).toEqual(at('2026-10-28', '13:00'));
    expect(addWorkingHours(tuesday, 5.5, calendar)).toEqual(at('2026-10-30', '09:00'));
  });

  it('crosses the year boundary over New Year’s Day', () => {
    // Wednesday 31 December 2025; 1 January 2026 is a Thursday holiday.
    expect(addWorkingHours(at('2025-12-31', '16:30'), 2, calendar)).toEqual(at('2026-01-02', '09:30'));
    expect(workingHoursBetween(at('2025-12-31', '16:30'), at('2026-01-02', '09:30'), calendar)).toBe(2);
  });

  it('fails loudly when a count runs past the covered years', () => {
    expect(() => addWorkingHours(at('2030-12-30', '09:00'), 40, calendar)).toThrow(
      HolidayDataUnavailableError,
    );
    expect(() => workingHoursBetween(at('2024-12-30', '09:00'), at('2025-01-02', '09:00'), calendar)).toThrow(
      HolidayDataUnavailableError,
    );
  });
});

describe('addWorkingHours and workingHoursBetween', () => {
  it('starts outside working time at the next opening', () => {
    expect(addWorkingHours(at('2026-11-20', '19:00'), 1, calendar)).toEqual(at('2026-11-23', '09:30')); // Friday evening
    expect(addWorkingHours(at('2026-11-18', '06:00'), 1, calendar)).toEqual(at('2026-11-18', '09:30'));
  });

  it('returns the start for zero hours and is exact to the minute', () => {
    const start = at('2026-11-21', '11:11');
    expect(addWorkingHours(start, 0, calendar)).toEqual(start);
    expect(addWorkingHours(at('2026-11-18', '08:30'), 1 / 60, calendar)).toEqual(at('2026-11-18', '08:31'));
  });

  it('is signed: negative when the second instant is earlier', () => {
    expect(workingHoursBetween(at('2026-11-19', '09:30'), at('2026-11-18', '16:30'), calendar)).toBe(-2);
  });

  const minute = 60_000;
  /** Instants across the covered years, to the minute. */
  const instant = fc
    .integer({
      min: Date.parse('2025-01-01T00:00:00Z') / minute,
      max: Date.parse('2030-06-30T00:00:00Z') / minute,
    })
    .map((m) => new Date(m * minute));
  /** Up to 400 working hours, in whole minutes. */
  const hours = fc.integer({ min: 0, max: 400 * 60 }).map((m) => m / 60);
  const calendars = fc.constantFrom(
    calendar,
    createBusinessCalendar({ lunchBreak: { start: '12:00', end: '13:00' } }),
    createBusinessCalendar({
      observeHalfDayHolidays: false,
      closures: [{ from: '2026-02-02', to: '2026-02-20', label: 'x' }],
    }),
    createBusinessCalendar({ twentyFourSeven: true }),
  );

  it('round-trips: the working hours between a start and start + h are h', () => {
    fc.assert(
      fc.property(instant, hours, calendars, (start, h, cal) => {
        expect(workingHoursBetween(start, addWorkingHours(start, h, cal), cal)).toBeCloseTo(h, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('is monotone in the hours and in the start', () => {
    fc.assert(
      fc.property(instant, hours, hours, calendars, (start, a, b, cal) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addWorkingHours(start, lo, cal).getTime()).toBeLessThanOrEqual(
          addWorkingHours(start, hi, cal).getTime(),
        );
        const later = new Date(start.getTime() + b * 3_600_000);
        expect(addWorkingHours(start, a, cal).getTime()).toBeLessThanOrEqual(
          addWorkingHours(later, a, cal).getTime(),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('is additive: h1 then h2 lands where h1 + h2 does', () => {
    fc.assert(
      fc.property(instant, hours, hours, calendars, (start, a, b, cal) => {
        expect(addWorkingHours(addWorkingHours(start, a, cal), b, cal)).toEqual(
          addWorkingHours(start, a + b, cal),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('lands in working time or at the end of a working period', () => {
    fc.assert(
      fc.property(
        instant,
        hours.filter((h) => h > 0),
        (start, h) => {
          const due = addWorkingHours(start, h, calendar);
          expect(isWorkingTime(new Date(due.getTime() - 1), calendar)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('working and calendar days', () => {
  it('counts working days from the day after the start, ending at the close of the last one', () => {
    // Monday 16 November 2026 + 15 working days: Monday 7 December, 17:30.
    expect(addWorkingDays(at('2026-11-16', '10:00'), 15, calendar)).toEqual(at('2026-12-07', '17:30'));
    // Filed on a Saturday: the count starts on Monday.
    expect(addWorkingDays(at('2026-11-21', '10:00'), 1, calendar)).toEqual(at('2026-11-23', '17:30'));
  });

  it('counts an arife morning as a working day that ends at 13:00, and skips the bayram', () => {
    // Friday 22 May 2026: Monday 25, Tuesday 26 (arife), then Monday 1 June.
    expect(addWorkingDays(at('2026-05-22', '09:00'), 2, calendar)).toEqual(at('2026-05-26', '13:00'));
    expect(addWorkingDays(at('2026-05-22', '09:00'), 3, calendar)).toEqual(at('2026-06-01', '17:30'));
  });

  it('moves a calendar-day deadline that ends on a weekend or holiday to the next working day', () => {
    expect(addCalendarDaysToWorkingEnd(at('2026-11-16', '10:00'), 3, calendar)).toEqual(
      at('2026-11-19', '17:30'),
    );
    // Day 5 is Saturday 21 November: the deadline runs on to Monday.
    expect(addCalendarDaysToWorkingEnd(at('2026-11-16', '10:00'), 5, calendar)).toEqual(
      at('2026-11-23', '17:30'),
    );
    // Ends on 29 October 2026 (Republic Day): Friday 30 October.
    expect(addCalendarDaysToWorkingEnd(at('2026-10-22', '10:00'), 7, calendar)).toEqual(
      at('2026-10-30', '17:30'),
    );
  });
});
