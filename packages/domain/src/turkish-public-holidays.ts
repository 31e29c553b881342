import type { LocalizedText } from './localized-text.ts';

/*
 * Turkish public holidays (resmî tatiller) as data, for the business calendar.
 *
 * Legal basis: Law 2429 (Ulusal Bayram ve Genel Tatiller Hakkında Kanun) as amended:
 * 29 October is the national holiday, beginning on 28 October at 13:00; 1 January,
 * 23 April, 1 May, 19 May, 15 July and 30 August are general holidays;
 * Ramazan Bayramı is 3½ days and Kurban Bayramı 4½ days, each beginning on its arife
 * (eve) at 13:00.
 *
 * The lunar dates are the ones published by the Presidency of Religious Affairs
 * (Diyanet İşleri Başkanlığı) in its "Dini Günler" calendars
 * (https://vakithesaplama.diyanet.gov.tr/dini_gunler.php); Diyanet computes them in
 * advance, so they do not depend on a moon sighting. 2025 and 2026 were checked
 * against the published yearly calendars (press coverage of the 2026 calendar,
 * e.g. ekonomist.com.tr 17.11.2025: Ramazan arife 19.03.2026, Kurban arife
 * 26.05.2026). 2027–2030 come from Diyanet's long-range Hicrî–Miladî calendar and
 * agree with the confirmed Turkish dates kept by the `holidays` library
 * (vacanza/holidays, TurkeyIslamicHolidays, confirmed 1936–2032).
 *
 * Covered years: 2025–2030. Any lookup outside them throws
 * HolidayDataUnavailableError: silently treating an unknown bayram as a working day
 * would put due dates on holidays. Extend the table (and its tests) each year when
 * Diyanet publishes the next calendar. Administrative leave a government adds around
 * a bayram (idarî izin) is not a public holiday: tenants enter it as a closure.
 */

/** A public holiday on one calendar day; `half` days are holidays from 13:00 (arife, 28 October). */
export interface PublicHoliday {
  /** Local calendar day in Türkiye, YYYY-MM-DD. */
  date: string;
  kind: 'full' | 'half';
  name: LocalizedText;
}

/** The time of day (local, minutes after midnight) at which a half-day holiday begins: 13:00. */
export const HALF_DAY_HOLIDAY_START_MINUTE = 13 * 60;

/** The first and last year whose holidays are known. */
export const PUBLIC_HOLIDAY_YEARS = { first: 2025, last: 2030 } as const;

/** A date outside the covered years was looked up: fail loudly rather than guess. */
export class HolidayDataUnavailableError extends Error {
  override name = 'HolidayDataUnavailableError';
  constructor(readonly date: string) {
    super(
      `no Turkish public-holiday data for ${date}: covered years are ${PUBLIC_HOLIDAY_YEARS.first}–${PUBLIC_HOLIDAY_YEARS.last}`,
    );
  }
}

const names = {
  newYear: { tr: 'Yılbaşı', en: "New Year's Day" },
  sovereignty: { tr: 'Ulusal Egemenlik ve Çocuk Bayramı', en: "National Sovereignty and Children's Day" },
  labour: { tr: 'Emek ve Dayanışma Günü', en: 'Labour and Solidarity Day' },
  youth: {
    tr: "Atatürk'ü Anma, Gençlik ve Spor Bayramı",
    en: 'Commemoration of Atatürk, Youth and Sports Day',
  },
  democracy: { tr: 'Demokrasi ve Millî Birlik Günü', en: 'Democracy and National Unity Day' },
  victory: { tr: 'Zafer Bayramı', en: 'Victory Day' },
  republicEve: { tr: 'Cumhuriyet Bayramı arifesi (13.00’ten itibaren)', en: 'Republic Day eve (from 13:00)' },
  republic: { tr: 'Cumhuriyet Bayramı', en: 'Republic Day' },
  ramazanEve: { tr: 'Ramazan Bayramı arifesi (13.00’ten itibaren)', en: 'Eve of Ramadan Feast (from 13:00)' },
  ramazan: { tr: 'Ramazan Bayramı', en: 'Ramadan Feast' },
  kurbanEve: { tr: 'Kurban Bayramı arifesi (13.00’ten itibaren)', en: 'Eve of Sacrifice Feast (from 13:00)' },
  kurban: { tr: 'Kurban Bayramı', en: 'Sacrifice Feast' },
} satisfies Record<string, LocalizedText>;

/** The two religious holidays of a year: arife (half day) and the bayram days, as Diyanet publishes them. */
export interface ReligiousHolidayDates {
  ramazanBayrami: { arife: string; days: readonly [string, string, string] };
  kurbanBayrami: { arife: string; days: readonly [string, string, string, string] };
}

/** Diyanet's dates per year (see the header for sources). */
export const RELIGIOUS_HOLIDAY_DATES: Readonly<Record<number, ReligiousHolidayDates>> = {
  2025: {
    ramazanBayrami: { arife: '2025-03-29', days: ['2025-03-30', '2025-03-31', '2025-04-01'] },
    kurbanBayrami: { arife: '2025-06-05', days: ['2025-06-06', '2025-06-07', '2025-06-08', '2025-06-09'] },
  },
  2026: {
    ramazanBayrami: { arife: '2026-03-19', days: ['2026-03-20', '2026-03-21', '2026-03-22'] },
    kurbanBayrami: { arife: '2026-05-26', days: ['2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30'] },
  },
  2027: {
    ramazanBayrami: { arife: '2027-03-08', days: ['2027-03-09', '2027-03-10', '2027-03-11'] },
    kurbanBayrami: { arife: '2027-05-15', days: ['2027-05-16', '2027-05-17', '2027-05-18', '2027-05-19'] },
  },
  2028: {
    ramazanBayrami: { arife: '2028-02-25', days: ['2028-02-26', '2028-02-27', '2028-02-28'] },
    kurbanBayrami: { arife: '2028-05-04', days: ['2028-05-05', '2028-05-06', '2028-05-07', '2028-05-08'] },
  },
  2029: {
    ramazanBayrami: { arife: '2029-02-13', days: ['2029-02-14', '2029-02-15', '2029-02-16'] },
    kurbanBayrami: { arife: '2029-04-23', days: ['2029-04-24', '2029-04-25', '2029-04-26', '2029-04-27'] },
  },
  2030: {
    ramazanBayrami: { arife: '2030-02-03', days: ['2030-02-04', '2030-02-05', '2030-02-06'] },
    kurbanBayrami: { arife: '2030-04-12', days: ['2030-04-13', '2030-04-14', '2030-04-15', '2030-04-16'] },
  },
};

/** Fixed-date holidays of Law 2429, as month-day. */
const FIXED_HOLIDAYS: readonly { monthDay: string; kind: PublicHoliday['kind']; name: LocalizedText }[] = [
  { monthDay: '01-01', kind: 'full', name: names.newYear },
  { monthDay: '04-23', kind: 'full', name: names.sovereignty },
  { monthDay: '05-01', kind: 'full', name: names.labour },
  { monthDay: '05-19', kind: 'full', name: names.youth },
  { monthDay: '07-15', kind: 'full', name: names.democracy },
  { monthDay: '08-30', kind: 'full', name: names.victory },
  { monthDay: '10-28', kind: 'half', name: names.republicEve },
  { monthDay: '10-29', kind: 'full', name: names.republic },
];

function buildYear(year: number, religious: ReligiousHolidayDates): PublicHoliday[] {
  const all: PublicHoliday[] = [
    ...FIXED_HOLIDAYS.map((h) => ({ date: `${year}-${h.monthDay}`, kind: h.kind, name: h.name })),
    { date: religious.ramazanBayrami.arife, kind: 'half', name: names.ramazanEve },
    ...religious.ramazanBayrami.days.map((date) => ({ date, kind: 'full' as const, name: names.ramazan })),
    { date: religious.kurbanBayrami.arife, kind: 'half', name: names.kurbanEve },
    ...religious.kurbanBayrami.days.map((date) => ({ date, kind: 'full' as const, name: names.kurban })),
  ];
  // Days can coincide (19 May 2027 is also Kurban Bayramı's 4th day; 23 April 2029 is
  // also Kurban's arife): one entry per day, and a full holiday wins over a half one.
  const byDate = new Map<string, PublicHoliday>();
  for (const h of all) {
    const seen = byDate.get(h.date);
    if (!seen || (seen.kind === 'half' && h.kind === 'full')) byDate.set(h.date, h);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

const holidaysByYear = new Map<number, readonly PublicHoliday[]>(
  Object.entries(RELIGIOUS_HOLIDAY_DATES).map(([year, dates]) => [
    Number(year),
    buildYear(Number(year), dates),
  ]),
);
const holidaysByDate = new Map<string, PublicHoliday>(
  [...holidaysByYear.values()].flat().map((h) => [h.date, h]),
);

/** Every public holiday of a covered year, in date order; throws for an uncovered year. */
export function publicHolidaysOf(year: number): readonly PublicHoliday[] {
  const holidays = holidaysByYear.get(year);
  if (!holidays) throw new HolidayDataUnavailableError(String(year));
  return holidays;
}

/**
 * The public holiday on a local calendar day (YYYY-MM-DD), or undefined for an
 * ordinary day. Throws HolidayDataUnavailableError outside the covered years.
 */
export function publicHolidayOn(date: string): PublicHoliday | undefined {
  const year = Number(date.slice(0, 4));
  if (!holidaysByYear.has(year)) throw new HolidayDataUnavailableError(date);
  return holidaysByDate.get(date);
}
