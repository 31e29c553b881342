/*
 * A tracking number read out over the phone. Twelve digits are too many to hold at
 * once, so they go in the three groups of four printed on every SMS and page
 * (`4827-3915-0266`), and digit by digit: "kırk sekiz" can be misheard as "dört
 * sekiz", a single digit cannot.
 */

const DIGIT_WORDS = {
  tr: ['sıfır', 'bir', 'iki', 'üç', 'dört', 'beş', 'altı', 'yedi', 'sekiz', 'dokuz'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
} as const;

/** The groups of four digits of a tracking number, whatever separators it was written with. */
export function trackingGroups(trackingNo: string): string[] {
  return trackingNo.replace(/\D/g, '').match(/\d{1,4}/g) ?? [];
}

/** The number as words, digit by digit, a pause (a dash) between the groups. */
export function spokenTrackingNumber(trackingNo: string, language: 'tr' | 'en'): string {
  const words = DIGIT_WORDS[language];
  return trackingGroups(trackingNo)
    .map((group) => [...group].map((d) => words[Number(d)]).join(' '))
    .join(' – ');
}
