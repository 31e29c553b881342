import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  MAX_REASON_LENGTH,
  maskMessageBody,
  maskPersonalData,
  safeReason,
} from './dead-letter-reasons.ts';

describe('maskPersonalData', () => {
  it.each([
    ['SMS to 05321234567 rejected', 'SMS to +90 5** *** ** 67 rejected'],
    ['SMS to +90 532 123 45 67 rejected', 'SMS to +90 5** *** ** 67 rejected'],
    ['call (0532) 123-45-67 now', 'call +90 5** *** ** 67 now'],
    ['tckn 10000000146 invalid', 'tckn *** 46 invalid'],
  ])('masks phone-like digit runs: %s', (input, want) => {
    expect(maskPersonalData(input)).toBe(want);
  });

  it('masks e-mail addresses, also inside quotes and brackets', () => {
    expect(maskPersonalData('bounce for <ayse.yilmaz@gmail.com>: "zubeyde@example.com.tr" unknown')).toBe(
      'bounce for <a***@g***.com>: "z***@e***.tr" unknown',
    );
  });

  it('keeps ids, timestamps, counts and short numbers', () => {
    const text =
      'case 01KBQ3Z8N5J4W7XGS0AYF1PQRT: gave up after 5 version conflicts at 2026-12-07T12:34:22.000Z ' +
      '(request 550e8400-e29b-41d4-a716-446655440000, HTTP 503, 1500 ms)';
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('safeReason', () => {
  it('masks before cutting, so a cut never leaves half an address or number readable', () => {
    const prefix = 'x'.repeat(MAX_REASON_LENGTH - 12);
    const reason = safeReason(`${prefix} ayse.yilmaz@gmail.com and 05321234567`);
    expect(reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
    expect(reason).not.toContain('ayse');
    expect(reason).not.toContain('yilmaz');
    expect(reason.endsWith('…')).toBe(true);
  });

  it('folds whitespace (stack-like multi-line messages)', () => {
    expect(safeReason('line one\n   line two\t\tend')).toBe('line one line two end');
  });
});

describe('describeFailure', () => {
  it('keeps the error class name and the masked message', () => {
    class ProviderRejected extends Error {
      override name = 'ProviderRejected';
    }
    expect(describeFailure(new ProviderRejected('number 0532 123 4567 is blacklisted'))).toEqual({
      errorName: 'ProviderRejected',
      errorMessage: 'number +90 5** *** ** 67 is blacklisted',
    });
  });

  it('describes thrown strings and objects', () => {
    expect(describeFailure('plain 05321234567')).toEqual({
      errorName: 'NonError',
      errorMessage: 'plain +90 5** *** ** 67',
    });
    expect(describeFailure({ code: 'E42', to: 'a@b.co' })).toEqual({
      errorName: 'NonError',
      errorMessage: '{"code":"E42","to":"a***@b***.co"}',
    });
  });
});

describe('maskMessageBody', () => {
  it('passes id-only intents through unchanged', () => {
    const intent = { intent: 'route-case', caseId: '01KBQ3Z8N5J4W7XGS0AYF1PQRT', eventId: '01KBQ3Z8N5' };
    expect(maskMessageBody(JSON.stringify(intent))).toEqual(intent);
  });

  it('masks personal data in any string of a JSON body, and in a text body', () => {
    const body = { mail: { source: 'ayse@gmail.com', headers: [{ name: 'To', value: '0532 123 45 67' }] } };
    expect(maskMessageBody(JSON.stringify(body))).toEqual({
      mail: { source: 'a***@g***.com', headers: [{ name: 'To', value: '+90 5** *** ** 67' }] },
    });
    expect(maskMessageBody('not json: ayse@gmail.com')).toBe('not json: a***@g***.com');
  });
});
