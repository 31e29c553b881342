import { describe, expect, it } from 'vitest';
import { measureSms, SMS_SEGMENT_CAPACITY } from './sms-encoding.ts';

describe('SMS alphabet and segments', () => {
  it('plain ASCII is GSM-7: 160 in one segment, 153 per segment beyond', () => {
    expect(measureSms('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(measureSms('a'.repeat(161))).toMatchObject({ encoding: 'gsm7', segments: 2 });
    expect(measureSms('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(measureSms('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('Ç, Ö, Ü, ö, ü are in the default alphabet: no shift needed', () => {
    expect(measureSms('ÇÖÜöü')).toMatchObject({ encoding: 'gsm7', units: 5 });
  });

  it('extension characters (€, [, ]) cost two septets in GSM-7', () => {
    expect(measureSms('10€ [a]')).toMatchObject({ encoding: 'gsm7', characters: 7, units: 10 });
    // 80 euro signs are 160 septets: exactly one segment.
    expect(measureSms('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(measureSms('€'.repeat(81))).toMatchObject({ segments: 2 });
  });

  it.each(['ç', 'ğ', 'ı', 'ş', 'Ğ', 'İ', 'Ş'])('%s needs the Turkish single shift: 2 septets', (ch) => {
    expect(measureSms(`a${ch}`)).toMatchObject({ encoding: 'gsm7-turkish', units: 3, unsupported: [] });
  });

  it('Turkish single shift: 155 in one segment, 149 per segment beyond (3-octet shift header)', () => {
    expect(SMS_SEGMENT_CAPACITY['gsm7-turkish']).toEqual({ single: 155, multipart: 149 });
    expect(measureSms(`ş${'a'.repeat(153)}`)).toMatchObject({ units: 155, segments: 1 });
    expect(measureSms(`ş${'a'.repeat(154)}`)).toMatchObject({ units: 156, segments: 2 });
    // 149 + 149 = 298 septets fit two segments.
    expect(measureSms(`ş${'a'.repeat(296)}`)).toMatchObject({ units: 298, segments: 2 });
    expect(measureSms(`ş${'a'.repeat(297)}`)).toMatchObject({ segments: 3 });
  });

  it('an escape pair is never split across segments', () => {
    // 148 septets, then "ş" (2) would straddle 149: it moves to segment 2.
    const text = `${'a'.repeat(148)}ş${'a'.repeat(10)}`;
    expect(measureSms(text)).toMatchObject({ units: 160, segments: 2 });
  });

  it('a character outside both tables (â, emoji, Cyrillic) forces UCS-2: 70 / 67', () => {
    expect(measureSms('Kâğıt')).toMatchObject({
      encoding: 'ucs2',
      units: 5,
      segments: 1,
      unsupported: ['â'],
    });
    expect(measureSms('я'.repeat(70))).toMatchObject({ encoding: 'ucs2', segments: 1 });
    expect(measureSms('я'.repeat(71))).toMatchObject({ segments: 2 });
    expect(measureSms('я'.repeat(134))).toMatchObject({ segments: 2 });
    expect(measureSms('я'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('an emoji is two UTF-16 units and never split', () => {
    expect(measureSms('👍')).toMatchObject({ encoding: 'ucs2', characters: 1, units: 2 });
    expect(measureSms(`${'a'.repeat(66)}👍`)).toMatchObject({ units: 68, segments: 1 });
    expect(measureSms(`${'a'.repeat(66)}👍${'a'.repeat(3)}`)).toMatchObject({ units: 71, segments: 2 });
  });

  it('an empty text has no segment', () => {
    expect(measureSms('')).toMatchObject({ encoding: 'gsm7', segments: 0 });
  });
});
