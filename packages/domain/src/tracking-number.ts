/**
 * Tracking numbers (başvuru takip numarası).
 *
 * Scheme (see docs/adr/0003-tracking-numbers.md): 12 decimal digits, shown as
 * three groups of four, `4827-3915-0266`. The first 11 digits are uniformly random;
 * the 12th is a Damm check digit. Digits only, because citizens dictate the number
 * over the phone and key it into an IVR with DTMF, and Turkish letter names (ce/ç,
 * ge/ğ, ı/i) are a classic source of errors. The Damm check catches every single-
 * digit error and every adjacent transposition, the two commonest dictation errors.
 * 11 random digits give 10^11 numbers: at a million cases a year a blind guess hits
 * an existing case with probability 1e-5, and the public track view exposes no
 * personal data and is rate limited.
 */

/** Totally anti-symmetric quasigroup of order 10 (Damm, 2004). */
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export const TRACKING_NUMBER_DIGITS = 12;
const RANDOM_DIGITS = TRACKING_NUMBER_DIGITS - 1;

/** Damm check digit of a string of decimal digits. */
export function dammCheckDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) {
    const d = ch.charCodeAt(0) - 48;
    if (d < 0 || d > 9) throw new Error('digits only');
    interim = DAMM[interim]?.[d] ?? 0;
  }
  return interim;
}

/** Source of randomness: an integer in [0, max). Injected so the domain stays pure and testable. */
export type RandomInt = (max: number) => number;

/** A new tracking number in canonical (ungrouped) form. */
export function generateTrackingNumber(randomInt: RandomInt): string {
  let body = '';
  for (let i = 0; i < RANDOM_DIGITS; i++) body += String(randomInt(10));
  return body + String(dammCheckDigit(body));
}

/**
 * Accepts what a person types or an agent hears: spaces, dashes, dots, a leading
 * "#" and full-width digits are ignored. Returns the canonical 12 digits, or
 * undefined if the input is not a valid tracking number (wrong length or check digit).
 */
export function parseTrackingNumber(input: string): string | undefined {
  const cleaned = input.normalize('NFKC').replace(/[\s\-.#/]/g, '');
  if (!/^\d+$/.test(cleaned) || cleaned.length !== TRACKING_NUMBER_DIGITS) return undefined;
  return dammCheckDigit(cleaned) === 0 ? cleaned : undefined;
}

/** `482739150266` → `4827-3915-0266`, the form printed and read back to citizens. */
export function formatTrackingNumber(canonical: string): string {
  return canonical.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1-$2-$3');
}
