import * as z from 'zod';
import type { ResultCode } from './case.ts';
import { CaseId } from './case.ts';
import { RESULT_CODE_RULES } from './case-commands.ts';
import { Channel } from './channel.ts';
import type { LocalizedText } from './localized-text.ts';
import { TenantId } from './tenant.ts';

/*
 * The satisfaction survey after a case closes (domain.md §(a), §(e); issue 7). Pure
 * rules: which results are surveyed and when, the questions and their answers, the
 * token's format and lifetime, the follow-up a "no" opens, and the arithmetic of the
 * satisfaction aggregates. Storage (data/survey-repository.ts), token derivation
 * (data/survey-token.ts, it needs node:crypto) and sending (functions/workers/
 * send-surveys.ts) live elsewhere; docs/domain/surveys.md tells the whole story.
 */

// ---------------------------------------------------------------------------------------------
// When

/** Hours between closure and the survey when a tenant has not chosen (domain.md §(b): 24–72 h). */
export const DEFAULT_SURVEY_DELAY_HOURS = 24;
/** How long a survey link stays valid after it was sent. */
export const SURVEY_TOKEN_VALID_DAYS = 14;

/** A tenant's survey settings (tenant settings section `survey`). */
export const SurveySettings = z
  .object({
    /** Off: closures of this tenant are not surveyed (and not counted as eligible). */
    enabled: z.boolean().default(true),
    /** Hours after closure; 0 sends with the next run of the survey job. At most 30 days. */
    delayHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30)
      .default(DEFAULT_SURVEY_DELAY_HOURS),
  })
  .strict();
export type SurveySettings = z.output<typeof SurveySettings>;

/**
 * Result codes that trigger the survey: exactly those whose rule says `yes` (RESOLVED,
 * RESOLVED_PARTIAL, NO_ISSUE_FOUND, ENFORCEMENT_DONE, REJECTED). The `optional` ones
 * (INFO_GIVEN, PLANNED_INVESTMENT) are not surveyed: an information answer has no
 * field work to rate, and an investment promise has nothing done yet. SCHEDULED
 * ("after execution") is surveyed when the scheduled work is closed with its real
 * result, which is then one of the codes above.
 */
export const SURVEY_RESULT_CODES: readonly ResultCode[] = (
  Object.entries(RESULT_CODE_RULES) as [ResultCode, (typeof RESULT_CODE_RULES)[ResultCode]][]
)
  .filter(([, rule]) => rule.triggersSurvey === 'yes')
  .map(([code]) => code);

/** Does closing with this result lead to a survey? */
export function resultTriggersSurvey(code: ResultCode): boolean {
  return RESULT_CODE_RULES[code].triggersSurvey === 'yes';
}

/** When the survey of a case closed at `closedAt` falls due, or undefined when the tenant does not survey. */
export function surveyDueAt(closedAt: Date, settings: SurveySettings | undefined): Date | undefined {
  const effective = settings ?? SurveySettings.parse({});
  if (!effective.enabled) return undefined;
  return new Date(closedAt.getTime() + effective.delayHours * 3_600_000);
}

/** Until when a survey sent at `sentAt` may be answered. */
export function surveyValidUntil(sentAt: Date): Date {
  return new Date(sentAt.getTime() + SURVEY_TOKEN_VALID_DAYS * 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// The token

/**
 * A survey token: 32 random bytes (256 bits, at least the 128 the brief asks), as
 * unpadded base64url: 43 characters safe in a URL path. Anything else is unknown
 * without touching the table.
 */
export const SurveyToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'survey.token' });

// ---------------------------------------------------------------------------------------------
// The questions and answers

export const ResolvedAnswer = z.enum(['yes', 'partly', 'no']);
export type ResolvedAnswer = z.infer<typeof ResolvedAnswer>;

const score = z
  .number({ error: 'survey.score' })
  .int({ error: 'survey.score' })
  .min(1, { error: 'survey.score' })
  .max(5, { error: 'survey.score' });

/** The longest comment a citizen may leave (domain.md §(e)). */
export const SURVEY_COMMENT_MAX = 300;

/** The answers to the 4 + 1 questions (domain.md §(e)). */
export const SurveyAnswers = z
  .object({
    /** Sorununuz çözüldü mü? */
    resolved: ResolvedAnswer,
    /** Çözüm süresinden memnun musunuz? 1–5 */
    timeScore: score,
    /** Ekibin / birimin tutum ve davranışı, 1–5 */
    conductScore: score,
    /** Başvuru sırasında aldığınız hizmet, 1–5 */
    intakeScore: score,
    // A blank comment is no comment.
    comment: z
      .string()
      .trim()
      .max(SURVEY_COMMENT_MAX, { error: 'survey.comment' })
      .transform((c) => (c ? c : undefined))
      .optional(),
  })
  .strict()
  .meta({ id: 'SurveyAnswers' });
export type SurveyAnswers = z.output<typeof SurveyAnswers>;
export type SurveyAnswersInput = z.input<typeof SurveyAnswers>;

/** POST /v1/public/surveys/{token} and POST /v1/staff/cases/{caseId}/survey. */
export const SubmitSurveyRequest = z.object({ answers: SurveyAnswers }).strict();
export type SubmitSurveyRequest = z.output<typeof SubmitSurveyRequest>;

/** The score questions, in the order they are asked. */
export const SCORE_QUESTIONS = ['timeScore', 'conductScore', 'intakeScore'] as const;
export type ScoreQuestion = (typeof SCORE_QUESTIONS)[number];

export interface SurveyQuestion {
  id: 'resolved' | ScoreQuestion;
  text: LocalizedText;
  /** `choice`: yes / partly / no; `scale`: 1 (not at all) to 5 (very). */
  kind: 'choice' | 'scale';
  options: { value: string | number; label: LocalizedText }[];
}

const SCALE_OPTIONS: SurveyQuestion['options'] = [
  { value: 1, label: { tr: '1 — Hiç memnun değilim', en: '1 — Very dissatisfied' } },
  { value: 2, label: { tr: '2 — Memnun değilim', en: '2 — Dissatisfied' } },
  { value: 3, label: { tr: '3 — Kararsızım', en: '3 — Neutral' } },
  { value: 4, label: { tr: '4 — Memnunum', en: '4 — Satisfied' } },
  { value: 5, label: { tr: '5 — Çok memnunum', en: '5 — Very satisfied' } },
];

/** The questions as the survey page and the phone form ask them (domain.md §(e)). */
export const SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
  {
    id: 'resolved',
    text: { tr: 'Sorununuz çözüldü mü?', en: 'Was your problem resolved?' },
    kind: 'choice',
    options: [
      { value: 'yes', label: { tr: 'Evet', en: 'Yes' } },
      { value: 'partly', label: { tr: 'Kısmen', en: 'Partly' } },
      { value: 'no', label: { tr: 'Hayır', en: 'No' } },
    ],
  },
  {
    id: 'timeScore',
    text: { tr: 'Çözüm süresinden memnun musunuz?', en: 'Are you satisfied with the time it took?' },
    kind: 'scale',
    options: SCALE_OPTIONS,
  },
  {
    id: 'conductScore',
    text: {
      tr: 'Sahadaki ekibin / ilgili birimin tutum ve davranışından memnun musunuz?',
      en: 'Are you satisfied with the conduct of the field team or unit?',
    },
    kind: 'scale',
    options: SCALE_OPTIONS,
  },
  {
    id: 'intakeScore',
    text: {
      tr: 'Başvuru sırasında aldığınız hizmetten (çağrı merkezi, kanal) memnun musunuz?',
      en: 'Are you satisfied with the service when you applied (call centre, channel)?',
    },
    kind: 'scale',
    options: SCALE_OPTIONS,
  },
];

/** What the survey page shows: no personal data, the tracking number masked. */
export const PublicSurveyView = z
  .object({
    trackingNo: z.string(),
    workType: z.object({ tr: z.string(), en: z.string() }),
    organisation: z.string().optional(),
    closedAt: z.iso.datetime().optional(),
    validUntil: z.iso.datetime(),
    commentMaxLength: z.number().int(),
    questions: z.array(
      z.object({
        id: z.string(),
        text: z.object({ tr: z.string(), en: z.string() }),
        kind: z.enum(['choice', 'scale']),
        options: z.array(
          z.object({
            value: z.union([z.string(), z.number()]),
            label: z.object({ tr: z.string(), en: z.string() }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PublicSurveyView' });
export type PublicSurveyView = z.infer<typeof PublicSurveyView>;

/**
 * The tracking number as the survey page shows it: the middle group hidden
 * (`4827-••••-0266`). The link reaches only the citizen, but a forwarded link should
 * not hand out the number that opens the track page.
 */
export function maskTrackingNumber(trackingNo: string): string {
  const digits = trackingNo.replaceAll(/\D/g, '');
  if (digits.length !== 12) return '••••-••••-••••';
  return `${digits.slice(0, 4)}-••••-${digits.slice(8)}`;
}

// ---------------------------------------------------------------------------------------------
// The survey record

/**
 * `sent`: the link went out (or is on its way); `not-sent`: the case qualified but the
 * citizen cannot be reached by message (no contact, channel "none", no address): it
 * counts as eligible and not surveyed, and an agent may still survey by phone;
 * `answered`: the single response is in.
 */
export const SurveyState = z.enum(['sent', 'not-sent', 'answered']);
export type SurveyState = z.infer<typeof SurveyState>;

/** Where the answers came from: the citizen's web form, or an agent's phone survey. */
export const SurveyResponseChannel = z.enum(['web', 'phone']);
export type SurveyResponseChannel = z.infer<typeof SurveyResponseChannel>;

/** The dimensions a survey is counted under, fixed when it is first recorded. */
export const SurveyDimensions = z
  .object({
    tenantId: TenantId,
    /** `-` for a case closed without a department (first contact at the metro). */
    departmentCode: z.string(),
    workTypeCode: z.string(),
    /** The intake channel of the case (phone, web, muhtar…), not the survey's delivery channel. */
    channel: Channel,
    /** ISO week of the survey (`2026-W48`): when it was sent, or answered by phone without a send. */
    week: z.string().regex(/^\d{4}-W\d{2}$/),
  })
  .strict();
export type SurveyDimensions = z.infer<typeof SurveyDimensions>;

export const SurveyRecord = z
  .object({
    caseId: CaseId,
    cityId: z.string(),
    trackingNo: z.string(),
    state: SurveyState,
    dimensions: SurveyDimensions,
    /** Random salt the token is derived from (data/survey-token.ts); never the token itself. */
    nonce: z.string().optional(),
    /** SHA-256 of the token, hex: what the token lookup item points from. */
    tokenHash: z.string().optional(),
    sentAt: z.iso.datetime().optional(),
    validUntil: z.iso.datetime().optional(),
    /** Why a survey was not sent (the notification decision's reason). */
    notSentReason: z.string().optional(),
    answers: SurveyAnswers.optional(),
    answeredAt: z.iso.datetime().optional(),
    answeredVia: SurveyResponseChannel.optional(),
    /** The agent who entered a phone survey. */
    answeredBy: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .strict();
export type SurveyRecord = z.infer<typeof SurveyRecord>;

/** Why a survey link cannot be answered: each has its own page. */
export type SurveyUnavailable = 'unknown' | 'expired' | 'answered';

/** Can this record take a response through its link at `now`? */
export function surveyLinkStatus(
  record: SurveyRecord | undefined,
  tokenHash: string,
  now: Date,
): 'open' | SurveyUnavailable {
  if (!record?.tokenHash || record.tokenHash !== tokenHash) return 'unknown';
  if (record.state === 'answered') return 'answered';
  if (record.state !== 'sent' || !record.validUntil) return 'unknown';
  return new Date(record.validUntil).getTime() <= now.getTime() ? 'expired' : 'open';
}

// ---------------------------------------------------------------------------------------------
// The follow-up a "no" opens

export const SurveyFollowUpDecision = z.enum(['reopen', 'call-back']);
export type SurveyFollowUpDecision = z.infer<typeof SurveyFollowUpDecision>;

/** A supervisor's task: the citizen said the problem was not resolved. One per case. */
export const SurveyFollowUp = z
  .object({
    caseId: CaseId,
    trackingNo: z.string(),
    tenantId: TenantId,
    departmentCode: z.string().optional(),
    workTypeCode: z.string(),
    status: z.enum(['open', 'decided']),
    answeredVia: SurveyResponseChannel,
    comment: z.string().optional(),
    /** The case's reopen count when the follow-up opened: a later reopen means it was acted on. */
    reopenCountAtOpen: z.number().int().nonnegative(),
    createdAt: z.iso.datetime(),
    decision: SurveyFollowUpDecision.optional(),
    note: z.string().optional(),
    decidedBy: z.string().optional(),
    decidedAt: z.iso.datetime().optional(),
    /** The call-back task a `call-back` decision created. */
    callbackTaskId: z.string().optional(),
  })
  .strict()
  .meta({ id: 'SurveyFollowUp' });
export type SurveyFollowUp = z.infer<typeof SurveyFollowUp>;

/** POST /v1/staff/survey-follow-ups/{caseId}/decide. */
export const DecideSurveyFollowUpRequest = z
  .object({
    decision: SurveyFollowUpDecision,
    note: z.string().trim().min(5, { error: 'command.reason' }).max(500, { error: 'command.reason' }),
  })
  .strict();
export type DecideSurveyFollowUpRequest = z.infer<typeof DecideSurveyFollowUpRequest>;

/** A "no" to the first question opens a follow-up. */
export const opensFollowUp = (answers: SurveyAnswers): boolean => answers.resolved === 'no';

// ---------------------------------------------------------------------------------------------
// Aggregates

/**
 * The counters of one satisfaction bucket (tenant, department, work type, intake
 * channel, ISO week). Every field is a plain sum, so buckets add up exactly and the
 * stored items are updated with DynamoDB `ADD` only.
 */
export interface SatisfactionCounters {
  /** Surveys sent (or surveyed by phone without a send). */
  sent: number;
  /** Eligible closures whose citizen could not be reached by message. */
  notSurveyed: number;
  responses: number;
  phoneResponses: number;
  resolvedYes: number;
  resolvedPartly: number;
  resolvedNo: number;
  timeSum: number;
  timeCount: number;
  /** Answers of 4 or 5. */
  timeSatisfied: number;
  conductSum: number;
  conductCount: number;
  conductSatisfied: number;
  intakeSum: number;
  intakeCount: number;
  intakeSatisfied: number;
}

export const SATISFACTION_COUNTER_NAMES = [
  'sent',
  'notSurveyed',
  'responses',
  'phoneResponses',
  'resolvedYes',
  'resolvedPartly',
  'resolvedNo',
  'timeSum',
  'timeCount',
  'timeSatisfied',
  'conductSum',
  'conductCount',
  'conductSatisfied',
  'intakeSum',
  'intakeCount',
  'intakeSatisfied',
] as const satisfies readonly (keyof SatisfactionCounters)[];

export const emptyCounters = (): SatisfactionCounters =>
  Object.fromEntries(SATISFACTION_COUNTER_NAMES.map((n) => [n, 0])) as unknown as SatisfactionCounters;

/** A score of 4 or 5 counts as satisfied (CSAT, domain.md §(e)). */
export const isSatisfied = (score: number): boolean => score >= 4;

const SCORE_PREFIX: Record<ScoreQuestion, 'time' | 'conduct' | 'intake'> = {
  timeScore: 'time',
  conductScore: 'conduct',
  intakeScore: 'intake',
};

/** What one response adds to its bucket. */
export function responseIncrements(
  answers: SurveyAnswers,
  via: SurveyResponseChannel,
): Partial<SatisfactionCounters> {
  const inc: Partial<SatisfactionCounters> = {
    responses: 1,
    ...(via === 'phone' ? { phoneResponses: 1 } : {}),
    ...(answers.resolved === 'yes'
      ? { resolvedYes: 1 }
      : answers.resolved === 'partly'
        ? { resolvedPartly: 1 }
        : { resolvedNo: 1 }),
  };
  for (const q of SCORE_QUESTIONS) {
    const prefix = SCORE_PREFIX[q];
    const value = answers[q];
    inc[`${prefix}Sum`] = value;
    inc[`${prefix}Count`] = 1;
    if (isSatisfied(value)) inc[`${prefix}Satisfied`] = 1;
  }
  return inc;
}

/** Adds counters (merging buckets into a report row). */
export function addCounters(a: SatisfactionCounters, b: Partial<SatisfactionCounters>): SatisfactionCounters {
  const out = { ...a };
  for (const n of SATISFACTION_COUNTER_NAMES) out[n] += b[n] ?? 0;
  return out;
}

/** The rates of a set of counters; undefined where there is nothing to divide by. */
export interface SatisfactionRates {
  /**
   * CSAT: the share of 4–5 answers among all answers to the three score questions
   * (time, conduct, intake) together, each answer counting once (domain.md §(e)).
   */
  csat?: number;
  /** Per question, the same share. */
  csatTime?: number;
  csatConduct?: number;
  csatIntake?: number;
  /** The share of "yes" among responses (the resolution-confirmed rate). */
  resolutionConfirmedRate?: number;
  /** Responses per survey sent. */
  responseRate?: number;
  /** Surveys sent per eligible closure (sent + not surveyed). */
  reachRate?: number;
  /** Mean scores, 1–5. */
  meanTime?: number;
  meanConduct?: number;
  meanIntake?: number;
}

const ratio = (n: number, d: number): number | undefined =>
  d > 0 ? Math.round((n / d) * 10_000) / 10_000 : undefined;

function defined(rates: Record<string, number | undefined>): SatisfactionRates {
  return Object.fromEntries(Object.entries(rates).filter(([, v]) => v !== undefined)) as SatisfactionRates;
}

export function satisfactionRates(c: SatisfactionCounters): SatisfactionRates {
  return defined({
    csat: ratio(
      c.timeSatisfied + c.conductSatisfied + c.intakeSatisfied,
      c.timeCount + c.conductCount + c.intakeCount,
    ),
    csatTime: ratio(c.timeSatisfied, c.timeCount),
    csatConduct: ratio(c.conductSatisfied, c.conductCount),
    csatIntake: ratio(c.intakeSatisfied, c.intakeCount),
    resolutionConfirmedRate: ratio(c.resolvedYes, c.responses),
    responseRate: ratio(c.responses, c.sent),
    reachRate: ratio(c.sent, c.sent + c.notSurveyed),
    meanTime: ratio(c.timeSum, c.timeCount),
    meanConduct: ratio(c.conductSum, c.conductCount),
    meanIntake: ratio(c.intakeSum, c.intakeCount),
  });
}

/**
 * The ISO 8601 week of an instant, in Türkiye time (UTC+3 all year): `2026-W48`.
 * Weeks start on Monday; week 1 holds the year's first Thursday.
 */
export function isoWeek(at: Date): string {
  const local = new Date(at.getTime() + 3 * 3_600_000);
  const day = local.getUTCDay() || 7;
  // The Thursday of this week decides the year.
  const thursday = new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - day),
  );
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The weeks from the one holding `from` to the one holding `to`, both included, at most `max`. */
export function isoWeeksBetween(from: Date, to: Date, max = 160): string[] {
  const weeks = new Set<string>();
  for (let t = from.getTime(); t < to.getTime() && weeks.size < max; t += 7 * 86_400_000)
    weeks.add(isoWeek(new Date(t)));
  if (weeks.size < max) weeks.add(isoWeek(to));
  return [...weeks];
}

/** GET /v1/staff/satisfaction: a date range (Türkiye dates), optionally one tenant. */
export const SatisfactionQuery = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    tenantId: TenantId.optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { error: 'survey.range', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, {
    error: 'survey.range',
    path: ['to'],
  });
export type SatisfactionQuery = z.infer<typeof SatisfactionQuery>;

/** One row of the satisfaction report. */
export interface SatisfactionRow {
  key: string;
  counters: SatisfactionCounters;
  rates: SatisfactionRates;
}

/** A stored bucket, as the repository reads it. */
export interface SatisfactionBucket {
  dimensions: SurveyDimensions;
  counters: SatisfactionCounters;
}

/** Groups buckets by one dimension (or all together) into report rows, largest first. */
export function satisfactionRows(
  buckets: readonly SatisfactionBucket[],
  by: keyof Omit<SurveyDimensions, 'week'> | 'week',
): SatisfactionRow[] {
  const grouped = new Map<string, SatisfactionCounters>();
  for (const b of buckets) {
    const key = b.dimensions[by];
    grouped.set(key, addCounters(grouped.get(key) ?? emptyCounters(), b.counters));
  }
  return [...grouped.entries()]
    .map(([key, counters]) => ({ key, counters, rates: satisfactionRates(counters) }))
    .sort((a, b) => b.counters.sent - a.counters.sent || a.key.localeCompare(b.key));
}

/** All buckets together. */
export function satisfactionTotal(buckets: readonly SatisfactionBucket[]): SatisfactionRow {
  const counters = buckets.reduce((acc, b) => addCounters(acc, b.counters), emptyCounters());
  return { key: 'total', counters, rates: satisfactionRates(counters) };
}
