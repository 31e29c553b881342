import fc from 'fast-check';

/*
 * The hostile values the fuzzers draw from (issue 11). Kept apart from the request
 * generator so the rendering test files cases with the very same strings.
 */

/** Unicode that breaks naive text handling: bidi overrides, invisible characters, Turkish casing. */
export const UNICODE_EDGE_CASES = [
  '\u202Egnp.exe',
  'Ayşe\u202EzılmaY',
  'a\u200Bb\u200Cc\u200Dd',
  '\uFEFFBOM önde',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̴̗o̖͙',
  'İSTANBUL ıi̇İI',
  'i̇',
  '\u0130\u0131',
  '\uD800',
  '\uDFFF\uD800',
  '😀👨‍👩‍👧‍👦🇹🇷',
  '\u0000',
  '\u0007\u001B[31m',
  '\r\n\r\nX-Injected: 1',
  '\u2028\u2029',
  '\uFFFE\uFFFF',
] as const;

/** Markup that must never become markup again when shown. */
export const HTML_INJECTIONS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '<a href="javascript:alert(1)">tıkla</a>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '{{constructor.constructor("alert(1)")()}}',
  // A template-literal placeholder, as text: it must stay text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the payload
  '${alert(1)}',
  '<!--',
  ']]><x>',
] as const;

/** Query-language and path attacks: none of them may reach anything but a string comparison. */
export const INJECTION_STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE cases; --',
  "1' UNION SELECT * FROM users --",
  'attribute_exists(pk)',
  '#pk = :pk',
  'CASE#x',
  '{"$ne": null}',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a\u0000b',
  '%',
  '%E0%A4%A',
  '\\\\server\\share',
  '| cat /etc/passwd',
  '$(reboot)',
] as const;

/** Keys that poison an object's prototype when copied naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Numbers (and number-like strings) no coordinate, version or count may accept. */
export const INVALID_NUMBERS: readonly unknown[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -0,
  91,
  -91,
  181,
  -181,
  1e-320,
  '39,6489',
  '0x1F',
  '',
];

/** Any of the hostile strings above, or a generated one. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...UNICODE_EDGE_CASES, ...HTML_INJECTIONS, ...INJECTION_STRINGS),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 256, max: 70_000 })
        .chain((n) => fc.constantFrom('a', 'İ', '<', '\u202E').map((c) => c.repeat(n))),
    },
  );
}

/** A hostile value of any JSON type. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: hostileString() },
    { weight: 1, arbitrary: fc.constantFrom(...INVALID_NUMBERS) },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [[[]]], { '': '' }) },
  );
}
