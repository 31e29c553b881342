/*
 * Search folding for Turkish. People type without Turkish letters on foreign
 * keyboards and phones ("cukur" for "çukur", "Istanbul" for "İstanbul"), and
 * toLowerCase() alone gets dotted/dotless i wrong: "I".toLowerCase() is "i" but in
 * Turkish it is "ı", and "İ".toLowerCase() leaves a combining dot behind. So: lower-
 * case with the Turkish rules, then fold every letter to its plain Latin base.
 */
const TURKISH_TO_LATIN: Record<string, string> = {
  ı: 'i',
  ğ: 'g',
  ş: 's',
  ç: 'c',
  ö: 'o',
  ü: 'u',
  â: 'a',
  î: 'i',
  û: 'u',
};

/** Lower-cases with Turkish rules and removes diacritics: "İŞ Çukuru" → "is cukuru". */
export function foldTurkish(text: string): string {
  return text
    .toLocaleLowerCase('tr')
    .replace(/[ığşçöüâîû]/g, (ch) => TURKISH_TO_LATIN[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
