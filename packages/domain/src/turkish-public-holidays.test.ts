import { describe, expect, it } from 'vitest';
import {
  HolidayDataUnavailableError,
  PUBLIC_HOLIDAY_YEARS,
  publicHolidayOn,
  publicHolidaysOf,
  RELIGIOUS_HOLIDAY_DATES,
} from './turkish-public-holidays.ts';

const years = Array.from(
  { length: PUBLIC_HOLIDAY_YEARS.last - PUBLIC_HOLIDAY_YEARS.first + 1 },
  (_, i) => PUBLIC_HOLIDAY_YEARS.first + i,
);
const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('Turkish public holidays 2025–2030', () => {
  it('covers every year from 2025 to 2030 with both bayrams', () => {
    expect(Object.keys(RELIGIOUS_HOLIDAY_DATES).map(Number)).toEqual(years);
  });

  it.each(years)('%i: each bayram starts the day after its arife and runs on consecutive days', (year) => {
    const { ramazanBayrami, kurbanBayrami } = RELIGIOUS_HOLIDAY_DATES[year] ?? {};
    for (const bayram of [ramazanBayrami, kurbanBayrami]) {
      if (!bayram) throw new Error(`no data for ${year}`);
      let expected = nextDay(bayram.arife);
      for (const day of bayram.days) {
        expect(day).toBe(expected);
        expect(day.startsWith(String(year))).toBe(true);
        expected = nextDay(day);
      }
    }
    expect(ramazanBayrami?.days).toHaveLength(3);
    expect(kurbanBayrami?.days).toHaveLength(4);
  });

  it('matches the dates Diyanet published', () => {
    const first = (year: number) => {
      const d = RELIGIOUS_HOLIDAY_DATES[year];
      return [d?.ramazanBayrami.days[0], d?.kurbanBayrami.days[0]];
    };
    expect(first(2025)).toEqual(['2025-03-30', '2025-06-06']);
    expect(first(2026)).toEqual(['2026-03-20', '2026-05-27']);
    expect(first(2027)).toEqual(['2027-03-09', '2027-05-16']);
    expect(first(2028)).toEqual(['2028-02-26', '2028-05-05']);
    expect(first(2029)).toEqual(['2029-02-14', '2029-04-24']);
    expect(first(2030)).toEqual(['2030-02-04', '2030-04-13']);
  });

  it.each(years)('%i: lists the fixed holidays of Law 2429 with 28 October as a half day', (year) => {
    for (const monthDay of ['01-01', '04-23', '05-01', '05-19', '07-15', '08-30', '10-29']) {
      expect(publicHolidayOn(`${year}-${monthDay}`)?.kind).toBe('full');
    }
    expect(publicHolidayOn(`${year}-10-28`)?.kind).toBe('half');
    expect(publicHolidayOn(`${year}-06-20`)).toBeUndefined();
  });

  it('keeps one entry per day, a full holiday winning over a half one', () => {
    // 19 May 2027 is both Youth Day and the 4th day of Kurban Bayramı.
    expect(publicHolidayOn('2027-05-19')?.kind).toBe('full');
    // 23 April 2029 is both National Sovereignty Day and Kurban Bayramı's arife.
    expect(publicHolidayOn('2029-04-23')).toMatchObject({
      kind: 'full',
      name: { en: "National Sovereignty and Children's Day" },
    });
    for (const year of years) {
      const dates = publicHolidaysOf(year).map((h) => h.date);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it('names every holiday in Turkish and English', () => {
    for (const year of years)
      for (const h of publicHolidaysOf(year)) {
        expect(h.name.tr.length).toBeGreaterThan(3);
        expect(h.name.en.length).toBeGreaterThan(3);
      }
    expect(publicHolidayOn('2026-03-19')?.name.tr).toContain('Ramazan Bayramı arifesi');
  });

  it('fails loudly outside the covered years instead of calling a day ordinary', () => {
    expect(() => publicHolidayOn('2024-12-31')).toThrow(HolidayDataUnavailableError);
    expect(() => publicHolidayOn('2031-01-02')).toThrow(/covered years are 2025–2030/);
    expect(() => publicHolidaysOf(2031)).toThrow(HolidayDataUnavailableError);
  });
});
