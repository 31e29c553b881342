/*
 * How long an SMS is, in the units operators bill: which alphabet it needs (3GPP TS
 * 23.038) and how many segments a concatenated message takes (3GPP TS 23.040 user
 * data headers). Turkish text is the reason this file exists: ç, ğ, ı, ş, Ğ, İ and Ş
 * are not in the GSM 7-bit default alphabet, and a single one of them would force
 * the whole message into UCS-2 (70 characters a segment instead of 160) unless the
 * Turkish national language shift table is used.
 *
 * Choice: for Turkish we count with the Turkish **single shift** table only (TS
 * 23.038 §A.2.1), as handsets and Turkish SMS gateways (Netgsm `encoding: "TR"`)
 * commonly do: each of the seven letters costs an escape plus its code (2 septets),
 * and every segment carries the 3-octet "national language single shift" user data
 * header element. That gives 155 septets for a single message and 149 per segment of
 * a concatenated one. The locking shift table would make those letters 1 septet but
 * adds another 3-octet element (152 / 146 septets) and loses the `@£$` row layout
 * some handsets mis-render; a provider that uses it bills at most as many segments
 * as we count here for text dominated by Latin letters, so the count stays a safe
 * upper bound for template checks.
 */

/** GSM 03.38 default alphabet (TS 23.038 §6.2.1), one septet each. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The default extension table (TS 23.038 §6.2.1.1): reached with ESC, two septets each. */
const GSM7_EXTENSION = new Set(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);

/**
 * The Turkish single shift table (TS 23.038 §A.2.1): the default extension's
 * characters plus the Turkish letters the default alphabet lacks. Two septets each.
 */
const TURKISH_SINGLE_SHIFT = new Set([...GSM7_EXTENSION, 'Ğ', 'İ', 'Ş', 'ç', 'ğ', 'ı', 'ş']);

/** Which alphabet a message is sent in. */
export type SmsEncoding = 'gsm7' | 'gsm7-turkish' | 'ucs2';

/** Units per segment: septets for the GSM alphabets, UTF-16 code units for UCS-2. */
export const SMS_SEGMENT_CAPACITY: Readonly<Record<SmsEncoding, { single: number; multipart: number }>> = {
  // 140 octets = 160 septets; a 6-octet concatenation header (UDHL + 5) leaves 153.
  gsm7: { single: 160, multipart: 153 },
  // UDHL + 3-octet single shift element = 4 octets (5 septets): 155; with the concatenation
  // element too, 9 octets (11 septets): 149.
  'gsm7-turkish': { single: 155, multipart: 149 },
  // 140 octets = 70 UCS-2 units; the 6-octet concatenation header leaves 67.
  ucs2: { single: 70, multipart: 67 },
};

/** What an SMS costs: alphabet, length in its units, and segments. */
export interface SmsMeasure {
  encoding: SmsEncoding;
  /** Characters as a reader counts them (code points). */
  characters: number;
  /** Septets (GSM alphabets) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Characters that forced UCS-2, for an editor to point at (empty otherwise). */
  unsupported: string[];
}

/**
 * Measures an SMS text: the cheapest alphabet that can carry every character, its
 * length in that alphabet's units, and the number of segments. A segment never splits
 * an escape sequence or a surrogate pair, as gateways do not either.
 */
export function measureSms(text: string): SmsMeasure {
  const chars = [...text];
  let defaultOnly = true;
  const unsupported: string[] = [];
  for (const ch of chars) {
    if (GSM7_BASIC.has(ch) || GSM7_EXTENSION.has(ch)) continue;
    if (TURKISH_SINGLE_SHIFT.has(ch)) {
      defaultOnly = false;
      continue;
    }
    if (!unsupported.includes(ch)) unsupported.push(ch);
  }
  if (unsupported.length > 0) {
    const unitsPerChar = chars.map((ch) => ch.length);
    return { encoding: 'ucs2', characters: chars.length, ...segmentsOf(unitsPerChar, 'ucs2'), unsupported };
  }
  const encoding: SmsEncoding = defaultOnly ? 'gsm7' : 'gsm7-turkish';
  const shifted = defaultOnly ? GSM7_EXTENSION : TURKISH_SINGLE_SHIFT;
  const unitsPerChar = chars.map((ch) => (shifted.has(ch) ? 2 : 1));
  return { encoding, characters: chars.length, ...segmentsOf(unitsPerChar, encoding), unsupported: [] };
}

function segmentsOf(unitsPerChar: number[], encoding: SmsEncoding): { units: number; segments: number } {
  const units = unitsPerChar.reduce((a, b) => a + b, 0);
  const capacity = SMS_SEGMENT_CAPACITY[encoding];
  if (units <= capacity.single) return { units, segments: units === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const u of unitsPerChar) {
    if (used + u > capacity.multipart) {
      segments++;
      used = 0;
    }
    used += u;
  }
  return { units, segments };
}

/** The most segments a citizen notification may take: longer messages cost too much and arrive broken on old handsets. */
export const MAX_SMS_SEGMENTS = 3;
