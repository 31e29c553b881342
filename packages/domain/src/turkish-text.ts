/*
 * Turkish text for matching what people type against what the catalogue says.
 *
 * Three problems, three steps:
 * - Case: `toLowerCase()` gets the dotted and dotless i wrong ("I" is "ı" in Turkish,
 *   "İ" lower-cases to "i" plus a combining dot in the root locale), so case is
 *   folded with the Turkish rules.
 * - Keyboards: citizens write "cukur", "sokak lambasi", "agac" on phones and foreign
 *   keyboards, so matching folds ğ ş ç ö ü ı (and the circumflexed â î û) to their
 *   Latin base letters. Folding also merges the vowel-harmony twins (ı/i, u/ü, o/ö),
 *   which lets one suffix list cover both halves of every harmony pair.
 * - Suffixes: Turkish is agglutinative ("çukurlarımızda" is "çukur" + plural +
 *   possessive + locative). A light stemmer strips the common inflectional endings
 *   (plural, possessive, case, the relative -ki) so "çukurlar", "çukuru" and
 *   "çukurda" all meet "çukur". It is deliberately conservative: it strips only
 *   inflection, keeps at least three letters (two for the y-buffered and plural
 *   endings of two-letter roots such as "su"), and undoes the consonant softening
 *   of polysyllabic words ("sokağı" → "sokak"). Query and catalogue text go through
 *   the same function, so an over-stripped root is still the same root on both sides.
 */

const LATIN_BASE: Record<string, string> = {
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

/** Lower case with Turkish rules: "İSTANBUL" → "istanbul", "IŞIK" → "ışık". */
export function turkishLowerCase(text: string): string {
  return text.toLocaleLowerCase('tr');
}

/** Upper case with Turkish rules: "istanbul" → "İSTANBUL", "ışık" → "IŞIK". */
export function turkishUpperCase(text: string): string {
  return text.toLocaleUpperCase('tr');
}

/**
 * Turkish lower case, then every letter to its plain Latin base and every run of
 * other characters to one space. Apostrophes vanish rather than split, so a proper
 * name keeps its suffix attached for the stemmer: "Atatürk'te ÇUKUR" → "ataturkte cukur".
 */
export function foldForMatching(text: string): string {
  return turkishLowerCase(text)
    .replace(/[ığşçöüâîû]/g, (ch) => LATIN_BASE[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded words of a text: "Sokak lambası YANMIYOR!" → ["sokak", "lambasi", "yanmiyor"]. */
export function tokenizeTurkish(text: string): string[] {
  const folded = foldForMatching(text);
  return folded === '' ? [] : folded.split(' ');
}

/**
 * Inflectional endings in folded spelling (ı/i, u/ü, o/ö merged), longest first so
 * that "-ndan" is tried before "-dan" and "-an" never gets a chance to eat a root.
 * Layers, from the end of a word: the relative -ki ("-daki"), case (locative,
 * ablative, dative, genitive, accusative, instrumental after a vowel), possessive,
 * plural. The bare instrumental -la/-le is left out: too many roots end in it
 * ("mahalle", "tabela"). The
 * stemmer strips repeatedly, so "lambalarinin" loses -nin, then -lari's -i, then -lar.
 */
const SUFFIXES = [
  // -ki after a locative: "parktaki", "sokaktaki", "evdeki".
  'ndaki',
  'ndeki',
  'daki',
  'deki',
  'taki',
  'teki',
  // Possessive 1st/2nd person plural, after a consonant and after a vowel: "sokagimiz", "mahallemiz".
  'imiz',
  'umuz',
  'iniz',
  'unuz',
  'miz',
  'muz',
  'niz',
  'nuz',
  // Plural + possessive, ablative, locative and instrumental forms of the buffer-n / -y.
  'lari',
  'leri',
  'ndan',
  'nden',
  'yla',
  'yle',
  'nda',
  'nde',
  'nin',
  'nun',
  'dan',
  'den',
  'tan',
  'ten',
  'lar',
  'ler',
  'da',
  'de',
  'ta',
  'te',
  'si',
  'su',
  'ya',
  'ye',
  'yi',
  'yu',
  'na',
  'ne',
  'ni',
  'nu',
  'in',
  'un',
  'im',
  'um',
  'a',
  'e',
  'i',
  'u',
] as const;

/** Endings after which a two-letter root may remain ("sular" → "su", "suyu" → "su"). */
const SHORT_ROOT_SUFFIXES = new Set([
  'lar',
  'ler',
  'lari',
  'leri',
  'ya',
  'ye',
  'yi',
  'yu',
  'yla',
  'yle',
  'da',
  'de',
  'dan',
  'den',
]);

const VOWELS = /[aeiou]/g;
const vowelCount = (word: string) => word.match(VOWELS)?.length ?? 0;

/**
 * Softened final consonants of polysyllabic words back to their dictionary form:
 * "sokag(ı)" → "sokak", "kitab(ı)" → "kitap", "reng(i)" → "renk". One-syllable roots
 * keep theirs ("yağ", "dağ" end in ğ in the dictionary too).
 */
function unsoften(stem: string): string {
  if (vowelCount(stem) < 2) return stem;
  if (stem.endsWith('ng')) return `${stem.slice(0, -1)}k`;
  if (stem.endsWith('g')) return `${stem.slice(0, -1)}k`;
  if (stem.endsWith('b')) return `${stem.slice(0, -1)}p`;
  return stem;
}

/**
 * Roots whose inflection is irregular, as the suffix stripping leaves them: "su"
 * takes a buffer y before every vowel ("suyu", "suyumuz"), where a regular root
 * would take s ("kapısı").
 */
const IRREGULAR_ROOTS: Readonly<Record<string, string>> = { suy: 'su' };

/**
 * The stem of one folded word (see {@link foldForMatching}): "cukurlarimizda" →
 * "cukur", "sokaga" → "sokak", "agaclar" → "agac". Words that are not plain letters
 * (numbers, codes) come back unchanged.
 */
export function stemTurkish(word: string): string {
  if (!/^\p{L}+$/u.test(word)) return word;
  let stem = word;
  let vowelEnding = false;
  // Four rounds cover the longest usual chain: case, possessive, -lar- and a buffer.
  for (let round = 0; round < 4; round++) {
    const suffix = SUFFIXES.find((s) => {
      if (!stem.endsWith(s)) return false;
      const rest = stem.slice(0, -s.length);
      const min = SHORT_ROOT_SUFFIXES.has(s) ? 2 : 3;
      return rest.length >= min && vowelCount(rest) > 0;
    });
    if (!suffix) break;
    stem = stem.slice(0, -suffix.length);
    vowelEnding = /^[aeiou]/.test(suffix) || suffix.startsWith('y');
  }
  const root = IRREGULAR_ROOTS[stem];
  if (root && stem !== word) return root;
  return vowelEnding ? unsoften(stem) : stem;
}

/** Folded, stemmed words of a text: "Çukurlarımızda su var" → ["cukur", "su", "var"]. */
export function turkishStems(text: string): string[] {
  return tokenizeTurkish(text).map(stemTurkish);
}

/**
 * Words that carry no subject on their own, folded. Matching skips them so that
 * "sokakta bir çukur var" looks for "sokak" and "çukur" only.
 */
export const TURKISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'acaba',
  'ama',
  'ancak',
  'artik',
  'bana',
  'bi',
  'bir',
  'biz',
  'bize',
  'bizim',
  'bu',
  'bunu',
  'cok',
  'da',
  'daha',
  'de',
  'diye',
  'en',
  'gibi',
  'hem',
  'her',
  'hic',
  'icin',
  'ile',
  'ise',
  'iste',
  'kadar',
  'ki',
  'lutfen',
  'merhaba',
  'mi',
  'mu',
  'ne',
  'o',
  'olan',
  'olarak',
  'ona',
  'onu',
  'sey',
  'selam',
  'simdi',
  've',
  'veya',
  'var',
  'ya',
  'yani',
]);

/** How a query word meets a word of the text searched, best first; undefined when it does not. */
export type TermMatch = 'exact' | 'prefix' | 'stem' | 'root' | 'infix';

/** One word prepared for matching: its folded spelling and its stem. */
export interface MatchTerm {
  folded: string;
  stem: string;
}

/** The words of a text prepared for {@link matchTerm}. */
export function matchTerms(text: string): MatchTerm[] {
  return tokenizeTurkish(text).map((folded) => ({ folded, stem: stemTurkish(folded) }));
}

const commonPrefixLength = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/**
 * How query word `query` meets text word `word`:
 * - `exact`: same folded word;
 * - `prefix`: the word starts with what is typed so far ("cuk" → "çukuru");
 * - `stem`: same stem, or one stem starts the other ("çukurlar" → "çukuru");
 * - `root`: the stems share a root of four letters or more that leaves at most one
 *   letter of the shorter stem over, which catches derivations the stemmer leaves
 *   alone ("budanmalı" → "budama");
 * - `infix`: the query (three letters or more) occurs inside the word, for compounds
 *   ("lamba" in "sokaklambasi").
 */
export function matchTerm(query: MatchTerm, word: MatchTerm): TermMatch | undefined {
  if (query.folded === word.folded) return 'exact';
  if (word.folded.startsWith(query.folded)) return 'prefix';
  if (query.stem === word.stem) return 'stem';
  if (query.stem.length >= 3 && word.stem.length >= 3) {
    if (word.stem.startsWith(query.stem) || query.stem.startsWith(word.stem)) return 'stem';
    const shared = commonPrefixLength(query.stem, word.stem);
    if (shared >= 4 && shared >= Math.min(query.stem.length, word.stem.length) - 1) return 'root';
  }
  if (query.folded.length >= 3 && word.folded.includes(query.folded)) return 'infix';
  return undefined;
}
