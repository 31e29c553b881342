import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import { Case as CaseSchema } from './case.ts';
import type { CaseEvent } from './case-event.ts';
import {
  anonymiseCase,
  anonymiseTimeline,
  isValidTckn,
  maskAddress,
  maskCase,
  maskEmail,
  maskName,
  maskPhone,
  maskTckn,
  OptionalTckn,
  Tckn,
} from './personal-data.ts';
import { validationMessages } from './validation-messages.ts';

const digitsOf = (s: string) => s.replace(/\D/g, '');

describe('maskPhone', () => {
  it('keeps the country code, the first national digit and the last two digits, grouped 3-3-2-2', () => {
    expect(maskPhone('+905321234567')).toBe('+90 5** *** ** 67');
    expect(maskPhone('+902662345612')).toBe('+90 2** *** ** 12');
    // What agents type is recognised too.
    expect(maskPhone('0532 123 45 67')).toBe('+90 5** *** ** 67');
  });

  it('keeps only the country code and the last two digits of foreign numbers', () => {
    expect(maskPhone('+4915112345678')).toBe('+49 ********* 78');
    expect(maskPhone('+12025550123')).toBe('+1 ******** 23');
  });

  it('copes with empty and odd input without revealing more than two digits', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('');
    expect(maskPhone('12')).toBe('***');
    expect(maskPhone('bilinmiyor')).toBe('***');
    expect(digitsOf(maskPhone('tel: 1234-5678-9012-3456'))).toHaveLength(2);
  });

  it('lets no digit of the middle of a Turkish mobile number survive', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^5\d{9}$/), (national) => {
        const masked = maskPhone(`+90${national}`);
        expect(masked).toMatch(/^\+90 5\*\* \*\*\* \*\* \d{2}$/);
        expect(digitsOf(masked)).toBe(`905${national.slice(-2)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('never shows more than the country code and two digits of any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const masked = maskPhone(input);
        const shown = digitsOf(masked.replace(/^\+\d+ /, ''));
        expect(shown.length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 500 },
    );
  });
});

describe('maskEmail', () => {
  it('keeps the first letters and the top-level domain', () => {
    expect(maskEmail('ayse.yilmaz@gmail.com')).toBe('a***@g***.com');
    expect(maskEmail('Şule@belediye.gov.tr')).toBe('Ş***@b***.tr');
    expect(maskEmail('x@localhost')).toBe('x***@l***');
  });

  it('turns anything that is not an address into stars', () => {
    expect(maskEmail('')).toBe('');
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(maskEmail('@gmail.com')).toBe('***');
    expect(maskEmail('ayse@')).toBe('***');
  });
});

describe('maskName', () => {
  it('keeps the initial of each word, upper-cased by Turkish rules', () => {
    expect(maskName('Ayşe Yılmaz')).toBe('A*** Y***');
    expect(maskName('ilker ışık')).toBe('İ*** I***');
    expect(maskName('  şule   çağlar  öztürk ')).toBe('Ş*** Ç*** Ö***');
    // A decomposed "Ö" (O + combining diaeresis) stays one letter.
    expect(maskName('O\u0308zgür')).toBe('Ö***');
  });

  it('masks empty input to nothing', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });
});

describe('maskAddress', () => {
  it('keeps the neighbourhood routing recorded and drops the rest', () => {
    expect(maskAddress('Atatürk Cad. No:12 D:3', 'Hisariçi')).toBe('Hisariçi Mah.');
    expect(maskAddress(undefined, 'Paşa Alanı Mahallesi')).toBe('Paşa Alanı Mahallesi');
  });

  it('reads the neighbourhood out of the address when routing did not record one', () => {
    expect(maskAddress('Atatürk Cad. No:12 D:3, Hisariçi Mah., Karesi/Balıkesir')).toBe('Hisariçi Mah.');
    expect(maskAddress('Gazi Bulvarı No 5 Kat 2 Dumlupınar Mahallesi')).toBe('Dumlupınar Mah.');
    expect(maskAddress('1. Sakarya Mh. 123 Sk. No:4')).toBe('1. Sakarya Mah.');
    expect(maskAddress('KARAMAN MAHALLESİ, ŞEHİT SOKAK')).toBe('KARAMAN Mah.');
  });

  it('shows nothing when the neighbourhood cannot be told apart from the street', () => {
    expect(maskAddress('Atatürk Cad. No:12 D:3')).toBeUndefined();
    expect(maskAddress('No:12 Mah.')).toBeUndefined();
    expect(maskAddress('')).toBeUndefined();
    expect(maskAddress(undefined)).toBeUndefined();
  });
});

describe('maskCase', () => {
  const original: Case = {
    id: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
    cityId: 'balikesir',
    trackingNo: '482739150266',
    status: 'IN_PROGRESS',
    workTypeCode: 'WATER-LEAK',
    catalogVersion: '1',
    kind: 'request',
    priority: 'high',
    channel: 'call_center',
    description: 'Sokakta su borusu patladı.',
    location: {
      lat: 39.648312,
      lon: 27.882511,
      address: 'Atatürk Cad. No:12 D:3',
      neighbourhood: 'Hisariçi',
      districtTenantId: 'balikesir-karesi',
    },
    attachments: [{ fileName: 'boru.jpg', contentType: 'image/jpeg', sizeBytes: 1000 }],
    contact: {
      name: 'Ayşe Yılmaz',
      phone: '+905321234567',
      email: 'ayse@gmail.com',
      preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
    },
    consent: { accepted: true, noticeVersion: '2026-01' },
    ownerTenantId: 'baski',
    ownerDepartmentCode: 'WATER',
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    slaDueAt: '2026-11-01T16:00:00.000Z',
    version: 2,
  };
  const snapshot = structuredClone(original);

  it('returns an unchanged copy at the full level', () => {
    const full = maskCase(original, 'full');
    expect(full).toEqual(original);
    expect(full).not.toBe(original);
    expect(full.contact).not.toBe(original.contact);
  });

  it('masks the contact and reduces the address to the neighbourhood at the masked level', () => {
    const masked = maskCase(original, 'masked');
    expect(masked.contact).toEqual({
      name: 'A*** Y***',
      phone: '+90 5** *** ** 67',
      email: 'a***@g***.com',
      preference: original.contact?.preference,
    });
    expect(masked.location).toEqual({
      lat: 39.648312,
      lon: 27.882511,
      address: 'Hisariçi Mah.',
      neighbourhood: 'Hisariçi',
      districtTenantId: 'balikesir-karesi',
    });
    expect(masked.description).toBe(original.description);
    expect(masked.attachments).toEqual(original.attachments);
  });

  it('removes contact, address and attachments and coarsens the point at the none level', () => {
    const none = maskCase(original, 'none');
    expect(none.contact).toBeUndefined();
    expect(none.attachments).toEqual([]);
    expect(none.location).toEqual({
      lat: 39.648,
      lon: 27.883,
      neighbourhood: 'Hisariçi',
      districtTenantId: 'balikesir-karesi',
    });
    expect(none.description).toBe(original.description);
    expect(JSON.stringify(none)).not.toMatch(/Ayşe|5321234567|ayse@|Atatürk/);
  });

  it('never changes the case it was given, and copes with a case without contact or location', () => {
    maskCase(original, 'masked');
    maskCase(original, 'none');
    expect(original).toEqual(snapshot);
    const { contact: _c, location: _l, ...bare } = original;
    expect(maskCase(bare, 'masked')).toEqual(bare);
    expect(maskCase(bare, 'none')).toEqual({ ...bare, attachments: [] });
  });
});

/** Builds a valid TCKN from its first nine digits, by the official rules. */
function tcknFrom(nine: string): string {
  const d = [...nine].map(Number);
  const at = (i: number) => d[i] ?? 0;
  const tenth =
    ((((at(0) + at(2) + at(4) + at(6) + at(8)) * 7 - (at(1) + at(3) + at(5) + at(7))) % 10) + 10) % 10;
  const eleventh = (d.reduce((a, b) => a + b, 0) + tenth) % 10;
  return `${nine}${tenth}${eleventh}`;
}

describe('T.C. Kimlik No', () => {
  it('accepts the known valid example', () => {
    expect(isValidTckn('10000000146')).toBe(true);
    expect(tcknFrom('100000001')).toBe('10000000146');
  });

  it('rejects wrong length, a leading zero, non-digits and wrong check digits', () => {
    for (const bad of [
      '',
      '1000000014',
      '100000001460',
      '00000000146',
      '1000000014a',
      ' 10000000146',
      '10000000145',
      '10000000156',
      '１0000000146',
    ]) {
      expect(isValidTckn(bad), bad).toBe(false);
    }
  });

  it('accepts every number built by the rules and catches every single-digit error', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{8}$/),
        fc.nat(10),
        fc.integer({ min: 1, max: 9 }),
        (nine, pos, delta) => {
          const valid = tcknFrom(nine);
          expect(isValidTckn(valid)).toBe(true);
          const changed = (Number(valid[pos]) + delta) % 10;
          const typo = `${valid.slice(0, pos)}${changed}${valid.slice(pos + 1)}`;
          expect(isValidTckn(typo)).toBe(false);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('validates with the tckn.invalid message key, allowing spaces and an empty optional field', () => {
    expect(Tckn.parse('100 000 001 46')).toBe('10000000146');
    const failed = Tckn.safeParse('10000000145');
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.message).toBe('tckn.invalid');
    expect(validationMessages['tckn.invalid'].tr).toContain('T.C. Kimlik No');
    expect(OptionalTckn.parse(undefined)).toBeUndefined();
    expect(OptionalTckn.parse('  ')).toBeUndefined();
    expect(OptionalTckn.parse('10000000146')).toBe('10000000146');
    expect(OptionalTckn.safeParse('12345678901').success).toBe(false);
  });

  it('masks to the last two digits', () => {
    expect(maskTckn('10000000146')).toBe('*********46');
    expect(maskTckn('')).toBe('');
    expect(maskTckn('123')).toBe('***');
  });
});

describe('anonymiseCase', () => {
  const filed: Case = {
    id: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
    cityId: 'balikesir',
    trackingNo: '482739150266',
    status: 'CLOSED',
    workTypeCode: 'ROAD-POTHOLE-LOCAL',
    catalogVersion: '1',
    kind: 'complaint',
    priority: 'normal',
    channel: 'call_center',
    description: 'Ayşe Hanım, Atatürk Cad. No:12 önündeki çukur.',
    location: {
      lat: 39.648312,
      lon: 27.882511,
      address: 'Atatürk Cad. No:12 D:3',
      neighbourhood: 'Hisariçi',
      districtTenantId: 'balikesir-karesi',
    },
    attachments: [{ fileName: 'cukur.jpg', contentType: 'image/jpeg', sizeBytes: 1000 }],
    contact: {
      name: 'Ayşe Yılmaz',
      phone: '+905321234567',
      preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
    },
    consent: { accepted: true, noticeVersion: '2026-01' },
    createdAt: '2026-01-01T08:00:00.000Z',
    updatedAt: '2026-01-03T08:00:00.000Z',
    slaDueAt: '2026-01-06T08:00:00.000Z',
    version: 7,
  };
  const erased = anonymiseCase(filed, new Date('2026-11-22T10:00:00Z'));

  it('removes contact, address, attachments and the free text, and stays a valid case', () => {
    expect(erased.contact).toBeUndefined();
    expect(erased.location?.address).toBeUndefined();
    expect(erased.attachments).toEqual([]);
    expect(erased.description).toBe('');
    const text = JSON.stringify(erased);
    for (const secret of ['Ayşe', 'Yılmaz', '5321234567', 'Atatürk', 'cukur.jpg'])
      expect(text).not.toContain(secret);
    expect(CaseSchema.safeParse(erased).success).toBe(true);
  });

  it('keeps what statistics need and bumps the version', () => {
    expect(erased).toMatchObject({
      workTypeCode: filed.workTypeCode,
      status: 'CLOSED',
      channel: 'call_center',
      createdAt: filed.createdAt,
      location: { neighbourhood: 'Hisariçi', districtTenantId: 'balikesir-karesi' },
      anonymisedAt: '2026-11-22T10:00:00.000Z',
      version: 8,
    });
    expect(Math.abs((erased.location?.lat ?? 0) - 39.648312)).toBeLessThan(0.001);
  });

  it("removes the closing answer's and the hold's free text but keeps the result code and the plan", () => {
    const closed = anonymiseCase(
      {
        ...filed,
        result: {
          code: 'SCHEDULED',
          publicAnswer: 'Sayın Ayşe Yılmaz, çukur programa alındı.',
          internalNote: 'Ayşe Hanım 0532 123 45 67 ile görüşüldü.',
          evidence: { plannedDate: '2026-02-01', attemptLog: 'Ayşe Hanım aradı' },
          at: '2026-01-03T08:00:00.000Z',
          by: { kind: 'staff', id: 'u1' },
        },
        hold: {
          reason: 'citizen-input',
          resumeOn: '2026-01-10',
          note: 'Ayşe Hanım kapı numarasını bildirecek',
          since: '2026-01-02T08:00:00.000Z',
          resumeStatus: 'IN_PROGRESS',
        },
      },
      new Date('2026-11-22T10:00:00Z'),
    );
    expect(JSON.stringify(closed)).not.toContain('Ayşe');
    expect(closed.result).toMatchObject({ code: 'SCHEDULED', evidence: { plannedDate: '2026-02-01' } });
    expect(closed.hold).toMatchObject({ reason: 'citizen-input', resumeOn: '2026-01-10' });
    expect(CaseSchema.safeParse(closed).success).toBe(true);
  });
});

describe('anonymiseTimeline', () => {
  const event = (eventId: string, data?: Record<string, unknown>): CaseEvent => ({
    caseId: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
    eventId,
    at: '2026-01-02T08:00:00.000Z',
    type: 'comment',
    actor: { kind: 'staff', id: 'u1' },
    visibility: 'internal',
    status: 'IN_PROGRESS',
    ...(data ? { data } : {}),
  });

  it('rewrites only the events with free text, keeping their codes', () => {
    const rewritten = anonymiseTimeline([
      event('a', { text: 'Ayşe Hanım aradı', commentId: 'c1' }),
      event('b', { resultCode: 'RESOLVED' }),
      event('c'),
      event('d', { reason: 'Komşusu Mehmet Bey şikâyetçi' }),
    ]);
    expect(rewritten.map((e) => e.eventId)).toEqual(['a', 'd']);
    expect(rewritten[0]?.data).toEqual({ commentId: 'c1' });
    expect(rewritten[1]?.data).toBeUndefined();
    expect(JSON.stringify(rewritten)).not.toMatch(/Ayşe|Mehmet/);
  });
});
