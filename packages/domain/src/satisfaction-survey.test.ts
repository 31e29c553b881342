import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseAccessFacts } from './authorization.ts';
import type { Case, ResultCode } from './case.ts';
import { ResultCode as ResultCodes } from './case.ts';
import { applyCommand, type LifecycleContext } from './case-lifecycle.ts';
import type { Principal } from './principal.ts';
import {
  addCounters,
  emptyCounters,
  isoWeek,
  isoWeeksBetween,
  maskTrackingNumber,
  opensFollowUp,
  responseIncrements,
  resultTriggersSurvey,
  type SatisfactionCounters,
  SURVEY_RESULT_CODES,
  type SurveyAnswers,
  SurveyAnswers as SurveyAnswersSchema,
  type SurveyRecord,
  SurveySettings,
  SurveyToken,
  satisfactionRates,
  satisfactionRows,
  satisfactionTotal,
  surveyDueAt,
  surveyLinkStatus,
  surveyValidUntil,
} from './satisfaction-survey.ts';

/*
 * The survey rules written out from domain.md §(a)/(e) and issue 7, not derived from
 * the code under test: a wrong table entry must fail here.
 */

describe('which results are surveyed', () => {
  it('is exactly the five codes domain.md §(a) names (INFO_GIVEN, the optional one, is not)', () => {
    expect([...SURVEY_RESULT_CODES].sort()).toEqual(
      ['ENFORCEMENT_DONE', 'NO_ISSUE_FOUND', 'REJECTED', 'RESOLVED', 'RESOLVED_PARTIAL'].sort(),
    );
    for (const code of ResultCodes.options)
      expect(resultTriggersSurvey(code)).toBe(SURVEY_RESULT_CODES.includes(code));
    for (const code of [
      'INFO_GIVEN',
      'REFERRED_EXTERNAL',
      'DUPLICATE',
      'WITHDRAWN',
      'CANCELLED',
    ] as ResultCode[])
      expect(resultTriggersSurvey(code)).toBe(false);
  });
});

describe('when a survey falls due', () => {
  const closed = new Date('2026-11-23T10:00:00.000Z');
  it('is 24 hours after closure by default', () => {
    expect(surveyDueAt(closed, undefined)?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(SurveySettings.parse({})).toEqual({ enabled: true, delayHours: 24 });
  });
  it('follows the tenant’s delay, and never when the tenant turned surveys off', () => {
    expect(surveyDueAt(closed, { enabled: true, delayHours: 72 })?.toISOString()).toBe(
      '2026-11-26T10:00:00.000Z',
    );
    expect(surveyDueAt(closed, { enabled: true, delayHours: 0 })?.toISOString()).toBe(closed.toISOString());
    expect(surveyDueAt(closed, { enabled: false, delayHours: 24 })).toBeUndefined();
  });
  it('refuses delays outside 0 h to 30 days', () => {
    expect(SurveySettings.safeParse({ delayHours: -1 }).success).toBe(false);
    expect(SurveySettings.safeParse({ delayHours: 24 * 30 + 1 }).success).toBe(false);
    expect(SurveySettings.safeParse({ delayHours: 1.5 }).success).toBe(false);
  });
  it('links stay valid for 14 days', () => {
    expect(surveyValidUntil(closed).toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });
});

describe('the token format', () => {
  it('takes 43 base64url characters (256 bits) and nothing else', () => {
    expect(SurveyToken.safeParse('A'.repeat(43)).success).toBe(true);
    expect(SurveyToken.safeParse(`${'a'.repeat(41)}-_`).success).toBe(true);
    for (const bad of [
      '',
      'A'.repeat(42),
      'A'.repeat(44),
      `${'A'.repeat(42)}=`,
      `${'A'.repeat(42)}/`,
      '../etc',
    ])
      expect(SurveyToken.safeParse(bad).success).toBe(false);
  });
});

const answers = (over: Partial<SurveyAnswers> = {}): SurveyAnswers => ({
  resolved: 'yes',
  timeScore: 5,
  conductScore: 4,
  intakeScore: 3,
  ...over,
});

describe('the answers', () => {
  it('take the four questions, scores 1–5, and an optional comment of up to 300 characters', () => {
    expect(SurveyAnswersSchema.parse({ ...answers(), comment: '  Teşekkürler  ' }).comment).toBe(
      'Teşekkürler',
    );
    expect(SurveyAnswersSchema.parse({ ...answers(), comment: '   ' }).comment).toBeUndefined();
    expect(SurveyAnswersSchema.safeParse({ ...answers(), comment: 'ç'.repeat(300) }).success).toBe(true);
    expect(SurveyAnswersSchema.safeParse({ ...answers(), comment: 'ç'.repeat(301) }).success).toBe(false);
  });
  it('refuse scores outside 1–5, fractions, unknown answers and extra fields', () => {
    for (const bad of [
      { ...answers(), timeScore: 0 },
      { ...answers(), conductScore: 6 },
      { ...answers(), intakeScore: 2.5 },
      { ...answers(), resolved: 'maybe' },
      { ...answers(), extra: true },
      { resolved: 'yes', timeScore: 5, conductScore: 5 },
    ])
      expect(SurveyAnswersSchema.safeParse(bad).success).toBe(false);
  });
  it('open a follow-up on "no" only', () => {
    expect(opensFollowUp(answers({ resolved: 'no' }))).toBe(true);
    expect(opensFollowUp(answers({ resolved: 'partly' }))).toBe(false);
    expect(opensFollowUp(answers())).toBe(false);
  });
});

describe('the survey page’s view of a link', () => {
  const record: SurveyRecord = {
    caseId: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
    cityId: 'balikesir',
    trackingNo: '482739150266',
    state: 'sent',
    dimensions: {
      tenantId: 'balikesir-karesi',
      departmentCode: 'FEN',
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      channel: 'web',
      week: '2026-W48',
    },
    nonce: 'n',
    tokenHash: 'h1',
    sentAt: '2026-11-24T10:00:00.000Z',
    validUntil: '2026-12-08T10:00:00.000Z',
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
  };
  const now = new Date('2026-11-25T10:00:00.000Z');
  it('is open while sent and valid, with its own token', () => {
    expect(surveyLinkStatus(record, 'h1', now)).toBe('open');
  });
  it('tells unknown, expired and answered apart', () => {
    expect(surveyLinkStatus(undefined, 'h1', now)).toBe('unknown');
    expect(surveyLinkStatus(record, 'h2', now)).toBe('unknown');
    expect(surveyLinkStatus({ ...record, state: 'not-sent' }, 'h1', now)).toBe('unknown');
    expect(surveyLinkStatus(record, 'h1', new Date('2026-12-08T10:00:00.000Z'))).toBe('expired');
    expect(surveyLinkStatus({ ...record, state: 'answered' }, 'h1', now)).toBe('answered');
  });
  it('masks the middle of the tracking number', () => {
    expect(maskTrackingNumber('482739150266')).toBe('4827-••••-0266');
    expect(maskTrackingNumber('4827-3915-0266')).toBe('4827-••••-0266');
    expect(maskTrackingNumber('12')).toBe('••••-••••-••••');
  });
});

describe('the satisfaction aggregates', () => {
  it('count one response: the resolved answer, each score, satisfied when 4–5', () => {
    const inc = responseIncrements(answers(), 'web');
    expect(inc).toEqual({
      responses: 1,
      resolvedYes: 1,
      timeSum: 5,
      timeCount: 1,
      timeSatisfied: 1,
      conductSum: 4,
      conductCount: 1,
      conductSatisfied: 1,
      intakeSum: 3,
      intakeCount: 1,
    });
    expect(responseIncrements(answers({ resolved: 'no' }), 'phone')).toMatchObject({
      phoneResponses: 1,
      resolvedNo: 1,
    });
  });

  it('compute CSAT as the share of 4–5 over all score answers, and the other rates', () => {
    const counters = [
      addCounters(emptyCounters(), { sent: 4, notSurveyed: 1 }),
      responseIncrements(answers(), 'web'), // 5, 4, 3
      responseIncrements(answers({ resolved: 'no', timeScore: 1, conductScore: 2, intakeScore: 5 }), 'web'),
    ].reduce<SatisfactionCounters>((a, b) => addCounters(a, b), emptyCounters());
    const rates = satisfactionRates(counters);
    // Satisfied: 5, 4 and 5 of six answers.
    expect(rates.csat).toBe(0.5);
    expect(rates.csatTime).toBe(0.5);
    expect(rates.csatIntake).toBe(0.5);
    expect(rates.resolutionConfirmedRate).toBe(0.5);
    expect(rates.responseRate).toBe(0.5);
    expect(rates.reachRate).toBe(0.8);
    expect(rates.meanTime).toBe(3);
    expect(satisfactionRates(emptyCounters())).toEqual({});
  });

  it('add up exactly whatever the grouping (property)', () => {
    const dims = fc.record({
      tenantId: fc.constantFrom('balikesir-karesi', 'balikesir-altieylul', 'baski'),
      departmentCode: fc.constantFrom('FEN', 'PARK', '-'),
      workTypeCode: fc.constantFrom('A', 'B'),
      channel: fc.constantFrom('web', 'call_center'),
      week: fc.constantFrom('2026-W47', '2026-W48'),
    });
    const score = fc.integer({ min: 1, max: 5 });
    const response = fc.record({
      resolved: fc.constantFrom('yes', 'partly', 'no') as fc.Arbitrary<SurveyAnswers['resolved']>,
      timeScore: score,
      conductScore: score,
      intakeScore: score,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(dims, response), { maxLength: 40 }), (rows) => {
        const buckets = rows.map(([d, a]) => ({
          dimensions: d,
          counters: addCounters(emptyCounters(), { sent: 1, ...responseIncrements(a, 'web') }),
        }));
        const total = satisfactionTotal(buckets);
        expect(total.counters.responses).toBe(rows.length);
        for (const by of ['tenantId', 'departmentCode', 'workTypeCode', 'channel', 'week'] as const) {
          const sum = satisfactionRows(buckets, by).reduce(
            (a, r) => addCounters(a, r.counters),
            emptyCounters(),
          );
          expect(sum).toEqual(total.counters);
        }
        const satisfied = rows.reduce(
          (n, [, a]) => n + [a.timeScore, a.conductScore, a.intakeScore].filter((s) => s >= 4).length,
          0,
        );
        if (rows.length) expect(total.rates.csat).toBeCloseTo(satisfied / (3 * rows.length), 4);
      }),
    );
  });

  it('bucket by ISO week in Türkiye time', () => {
    expect(isoWeek(new Date('2026-11-23T00:00:00+03:00'))).toBe('2026-W48'); // a Monday
    expect(isoWeek(new Date('2026-11-22T23:59:00+03:00'))).toBe('2026-W47'); // the Sunday before
    expect(isoWeek(new Date('2026-11-22T21:30:00Z'))).toBe('2026-W48'); // 00:30 Monday in Türkiye
    expect(isoWeek(new Date('2027-01-01T12:00:00+03:00'))).toBe('2026-W53'); // 2026 has 53 weeks
    expect(isoWeek(new Date('2025-12-29T12:00:00+03:00'))).toBe('2026-W01');
    expect(
      isoWeeksBetween(new Date('2026-11-16T00:00:00+03:00'), new Date('2026-11-30T00:00:00+03:00')),
    ).toEqual(['2026-W47', '2026-W48', '2026-W49']);
    expect(
      isoWeeksBetween(new Date('2026-11-25T00:00:00+03:00'), new Date('2026-11-25T23:00:00+03:00')),
    ).toEqual(['2026-W48']);
  });
});

describe('closing schedules the survey in the closing transaction', () => {
  const supervisor: Principal = {
    kind: 'user',
    userId: 'u-sup',
    tenantId: 'balikesir-karesi',
    tenantType: 'district',
    roles: ['supervisor'],
  };
  const resolved = (code: ResultCode, extra: Partial<Case> = {}): Case => ({
    id: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
    cityId: 'balikesir',
    trackingNo: '482739150266',
    status: 'RESOLVED',
    workTypeCode: 'ROAD-POTHOLE',
    catalogVersion: '1',
    kind: 'request',
    priority: 'normal',
    channel: 'call_center',
    description: 'Yolda büyük bir çukur var.',
    attachments: [],
    consent: { accepted: true, noticeVersion: '1' },
    ownerTenantId: 'balikesir-karesi',
    ownerDepartmentCode: 'FEN',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    slaDueAt: '2026-11-22T10:00:00.000Z',
    resolvedAt: '2026-11-21T10:00:00.000Z',
    result: {
      code,
      publicAnswer: 'İşiniz yapıldı, teşekkürler.',
      internalNote: 'Tamam.',
      at: '2026-11-21T10:00:00.000Z',
      by: { kind: 'staff', id: 'u-1' },
    },
    version: 5,
    ...extra,
  });
  let n = 0;
  const ctx = (settings?: LifecycleContext['surveySettings']): LifecycleContext => ({
    principal: supervisor,
    facts: caseAccessFacts(resolved('RESOLVED')),
    now: new Date('2026-11-22T09:00:00.000Z'),
    newEventId: () => `E${++n}`,
    newChildIdentity: () => ({ caseId: 'x', trackingNo: 'y' }),
    workTypes: new Map(),
    tenants: new Map(),
    metroTenantId: 'balikesir-bb',
    slaDueAt: () => new Date(),
    ...(settings ? { surveySettings: settings } : {}),
  });
  const close = (c: Case, context: LifecycleContext) => {
    const outcome = applyCommand(c, { action: 'close', expectedVersion: c.version }, context);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    return outcome.intents.filter((i) => i.intent === 'schedule-survey');
  };

  it('a surveyed result: one schedule-survey intent, due after the owner’s delay', () => {
    const seen: string[] = [];
    const intents = close(
      resolved('RESOLVED_PARTIAL'),
      ctx((tenantId) => {
        seen.push(tenantId);
        return { enabled: true, delayHours: 48 };
      }),
    );
    expect(seen).toEqual(['balikesir-karesi']);
    expect(intents).toEqual([
      expect.objectContaining({ cityId: 'balikesir', dueAt: '2026-11-24T09:00:00.000Z' }),
    ]);
  });
  it('the default delay when the tenant has no survey settings', () => {
    expect(
      close(
        resolved('REJECTED'),
        ctx(() => undefined),
      )[0],
    ).toMatchObject({
      dueAt: '2026-11-23T09:00:00.000Z',
    });
  });
  it('none for other results, split children, tenants that turned surveys off, or without survey settings at all', () => {
    expect(
      close(
        resolved('INFO_GIVEN'),
        ctx(() => undefined),
      ),
    ).toEqual([]);
    expect(
      close(
        resolved('RESOLVED', { parentCaseId: '01J9Z3M6W8X2Y4Q5R7S9T1V3W6' }),
        ctx(() => undefined),
      ),
    ).toEqual([]);
    expect(
      close(
        resolved('RESOLVED'),
        ctx(() => ({ enabled: false, delayHours: 24 })),
      ),
    ).toEqual([]);
    expect(close(resolved('RESOLVED'), ctx())).toEqual([]);
  });
});
