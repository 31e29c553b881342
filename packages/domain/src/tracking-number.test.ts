import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  dammCheckDigit,
  formatTrackingNumber,
  generateTrackingNumber,
  parseTrackingNumber,
} from './tracking-number.ts';

const sequence = (digits: string) => {
  let i = 0;
  return () => Number(digits[i++ % digits.length]);
};

describe('tracking numbers', () => {
  it('has 12 digits and a valid Damm check digit', () => {
    const no = generateTrackingNumber(sequence('48273915026'));
    expect(no).toMatch(/^\d{12}$/);
    expect(no.slice(0, 11)).toBe('48273915026');
    expect(dammCheckDigit(no)).toBe(0);
  });

  it('matches the published Damm example (572 → check digit 4)', () => {
    expect(dammCheckDigit('572')).toBe(4);
  });

  it('accepts what people type: spaces, dashes, dots, full-width digits', () => {
    const no = generateTrackingNumber(sequence('10203040506'));
    const grouped = formatTrackingNumber(no);
    expect(grouped).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(parseTrackingNumber(grouped)).toBe(no);
    expect(parseTrackingNumber(` ${no.slice(0, 4)} ${no.slice(4, 8)}.${no.slice(8)} `)).toBe(no);
    const fullWidth = [...no].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    expect(parseTrackingNumber(fullWidth)).toBe(no);
  });

  it('rejects every single-digit error and every adjacent transposition', () => {
    const no = generateTrackingNumber(sequence('73910264581'));
    for (let i = 0; i < no.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === no[i]) continue;
        const typo = no.slice(0, i) + d + no.slice(i + 1);
        expect(parseTrackingNumber(typo)).toBeUndefined();
      }
    }
    for (let i = 0; i < no.length - 1; i++) {
      if (no[i] === no[i + 1]) continue;
      const swapped = no.slice(0, i) + no[i + 1] + no[i] + no.slice(i + 2);
      expect(parseTrackingNumber(swapped)).toBeUndefined();
    }
  });

  it('rejects wrong lengths and letters', () => {
    expect(parseTrackingNumber('')).toBeUndefined();
    expect(parseTrackingNumber('12345')).toBeUndefined();
    expect(parseTrackingNumber('4827-3915-026A')).toBeUndefined();
    expect(parseTrackingNumber('48273915026600')).toBeUndefined();
  });

  it('spreads uniformly: no digit position is fixed', () => {
    const seen = Array.from({ length: 11 }, () => new Set<string>());
    for (let n = 0; n < 500; n++) {
      const no = generateTrackingNumber(randomInt);
      for (let i = 0; i < 11; i++) seen[i]?.add(no[i] ?? '');
    }
    for (const s of seen) expect(s.size).toBe(10);
  });
});
