import { describe, expect, it } from 'vitest';
import { istanbulTime as at, createBusinessCalendar, workingHoursBetween } from './business-calendar.ts';
import {
  defaultCalendar,
  legalClockFor,
  legalDueAt,
  RIGHT_TO_INFORMATION_WORK_TYPE,
  slaClockKind,
  slaDueAfterPause,
  slaDueAt,
} from './sla-clock.ts';

const pothole = { slaHours: 120, defaultPriority: 'normal' as const };
const burstMain = { slaHours: 4, defaultPriority: 'urgent' as const };
const crews = createBusinessCalendar({ twentyFourSeven: true });

describe('SLA due time', () => {
  it('counts working hours for ordinary cases', () => {
    const start = at('2026-11-20', '16:00'); // Friday
    const due = slaDueAt(pothole, start, defaultCalendar);
    expect(workingHoursBetween(start, due, defaultCalendar)).toBe(120);
    // Friday 1.5 h, 13 full days of 9 h, then 1.5 h on the 14th working day.
    expect(due).toEqual(at('2026-12-10', '10:00'));
  });

  it('counts wall-clock hours for urgent cases and on 24/7 calendars', () => {
    const saturdayNight = at('2026-11-21', '23:00');
    expect(slaDueAt(burstMain, saturdayNight, defaultCalendar)).toEqual(at('2026-11-22', '03:00'));
    expect(slaDueAt(pothole, saturdayNight, crews)).toEqual(at('2026-11-26', '23:00'));
    // A coordinator's raised priority wins over the work type's default.
    expect(slaDueAt(pothole, saturdayNight, defaultCalendar, 'urgent')).toEqual(at('2026-11-26', '23:00'));
    expect(slaClockKind('high', defaultCalendar)).toBe('working-hours');
    expect(slaClockKind('high', crews)).toBe('wall-clock');
  });

  it('moves the due time on by the working time a pause lasted', () => {
    const due = at('2026-11-25', '12:00');
    // Paused Friday 16:30 → Monday 09:30: 1 h + 1 h of working time.
    const moved = slaDueAfterPause(
      due,
      at('2026-11-20', '16:30'),
      at('2026-11-23', '09:30'),
      'working-hours',
      defaultCalendar,
    );
    expect(moved).toEqual(at('2026-11-25', '14:00'));
    expect(
      slaDueAfterPause(
        due,
        at('2026-11-19', '16:30'),
        at('2026-11-19', '16:30'),
        'working-hours',
        defaultCalendar,
      ),
    ).toEqual(due);
  });
});

describe('legal clocks', () => {
  it('chooses the clock by work type first, then channel', () => {
    expect(legalClockFor('cimer')).toBe('cimer');
    expect(legalClockFor('acik_kapi')).toBe('acik-kapi');
    expect(legalClockFor('cimer', RIGHT_TO_INFORMATION_WORK_TYPE)).toBe('right-to-information');
    expect(legalClockFor('web', RIGHT_TO_INFORMATION_WORK_TYPE)).toBe('right-to-information');
    expect(legalClockFor('call_center', 'ROAD-POTHOLE-LOCAL')).toBeUndefined();
    expect(legalDueAt('web', at('2026-11-16', '10:00'), defaultCalendar)).toBeUndefined();
  });

  it('gives CİMER 30 calendar days (3071 art. 7), run on to a working day', () => {
    // Filed Monday 2 November 2026: day 30 is Wednesday 2 December.
    expect(legalDueAt('cimer', at('2026-11-02', '10:00'), defaultCalendar)).toEqual(
      at('2026-12-02', '17:30'),
    );
    // Filed 1 December 2025: day 30 is Wednesday 31 December 2025.
    expect(legalDueAt('cimer', at('2025-12-01', '10:00'), defaultCalendar)).toEqual(
      at('2025-12-31', '17:30'),
    );
    // Filed 2 December 2025: day 30 is New Year's Day, so Friday 2 January 2026.
    expect(legalDueAt('cimer', at('2025-12-02', '10:00'), defaultCalendar)).toEqual(
      at('2026-01-02', '17:30'),
    );
  });

  it('gives Açık Kapı 7 calendar days', () => {
    // Filed Monday 16 November 2026: Monday 23 November.
    expect(legalDueAt('acik_kapi', at('2026-11-16', '10:00'), defaultCalendar)).toEqual(
      at('2026-11-23', '17:30'),
    );
    // Filed Thursday 19 March 2026 (Ramazan arife): day 7 is Thursday 26 March.
    expect(legalDueAt('acik_kapi', at('2026-03-19', '10:00'), defaultCalendar)).toEqual(
      at('2026-03-26', '17:30'),
    );
  });

  it('gives a right-to-information request 15 working days (4982 art. 11), across a bayram', () => {
    // Filed Monday 18 May 2026: 19 May is a holiday, 26 May an arife morning, 27–30 May Kurban Bayramı.
    // Working days: 20, 21, 22, 25, 26 (arife), 1–5 June, 8–12 June → the 15th is Friday 12 June.
    expect(
      legalDueAt('e_devlet', at('2026-05-18', '10:00'), defaultCalendar, RIGHT_TO_INFORMATION_WORK_TYPE),
    ).toEqual(at('2026-06-12', '17:30'));
  });

  it('ignores tenant closures and 24/7 operation: legal periods run in office days', () => {
    const closed = createBusinessCalendar({
      closures: [{ from: '2026-11-17', to: '2026-11-30', label: 'Taşınma' }],
    });
    const start = at('2026-11-16', '10:00');
    expect(legalDueAt('acik_kapi', start, closed)).toEqual(legalDueAt('acik_kapi', start, defaultCalendar));
    expect(legalDueAt('cimer', start, crews, RIGHT_TO_INFORMATION_WORK_TYPE)).toEqual(
      legalDueAt('cimer', start, defaultCalendar, RIGHT_TO_INFORMATION_WORK_TYPE),
    );
  });
});
