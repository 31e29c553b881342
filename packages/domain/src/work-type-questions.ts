import * as z from 'zod';
import type { RuleViolation } from './case-intake.ts';
import type { Channel } from './channel.ts';
import type { WorkTypeQuestion } from './city-configuration.ts';

/*
 * A work type's extra questions (`WorkTypeQuestion`, set in the tenant settings) are
 * asked on every intake form: the portal and the call centre send them as `answers`,
 * Open311 clients as `attribute[CODE]`. Both go through `answerQuestions`, so a
 * required question, an option key or a number is checked by one rule, and the
 * answers land on the case the same way: as lines under the citizen's description,
 * in Turkish, where staff read them and where every export and the timeline already
 * carry the description.
 */

/** What a form sends: a question's code to its text, number, date or chosen option key(s). */
export const QuestionAnswers = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    z.union([z.string().trim().max(500), z.array(z.string().trim().max(100)).max(50)]),
  )
  .refine((answers) => Object.keys(answers).length <= 20, { error: 'question.too-many' })
  .meta({
    id: 'QuestionAnswers',
    description:
      'Answers to the work type’s extra questions (`questions` in the public catalogue): a code to its text, number, date or option key; a list for multiple choice.',
  });
export type QuestionAnswers = z.infer<typeof QuestionAnswers>;

/**
 * Whether a required question must be answered for a case filed on this channel:
 * when the citizen fills the form in (portal, app, kiosk, chatbot) or is there to be
 * asked (call centre, walk-in desk, muhtar). A complaint that arrived in writing and is
 * transcribed (e-mail, SMS, WhatsApp, social media, CİMER, Açık Kapı, e-Devlet) is never
 * refused for an answer nobody can give.
 */
export function requiresAnswers(channel: Channel): boolean {
  return ANSWERING_CHANNELS.has(channel);
}
const ANSWERING_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'web',
  'mobile',
  'kiosk',
  'chatbot',
  'call_center',
  'walk_in',
  'muhtar',
]);

/** A number answer: digits with a decimal point or a Turkish decimal comma (`12`, `2,5`, `2.5`). */
export const QUESTION_NUMBER = /^-?\d+([.,]\d+)?$/;

/** ISO 8601 date and time, as `datetime-local` inputs and Open311 clients send it. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
/** Türkiye's offset (UTC+3 all year since 2016), for answers given with an offset. */
const TURKIYE_OFFSET_MS = 3 * 3_600_000;

/**
 * A date-time answer as staff read it, `07.12.2026 14:30` in Türkiye's time; an
 * answer without an offset is already local (a form's `datetime-local`).
 * Undefined for anything else, an impossible date (`2026-02-30`) included.
 */
function localDateTime(answer: string): string | undefined {
  const m = ISO_DATE_TIME.exec(answer);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, zone] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  const check = new Date(wall);
  if (
    check.getUTCDate() !== Number(d) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    Number(h) > 23 ||
    Number(mi) > 59
  )
    return undefined;
  const local = zone ? new Date(Date.parse(answer) + TURKIYE_OFFSET_MS) : check;
  if (Number.isNaN(local.getTime())) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCDate())}.${two(local.getUTCMonth() + 1)}.${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}

/**
 * Checks answers against the questions and renders the answered ones as
 * `<question>: <answer>` lines, in the questions' order. Answers to questions the
 * work type does not ask are ignored: a form (or an Open311 client) may hold an older
 * definition than the one saved since, and the answer no longer means anything.
 * `required: false` lets required questions go unanswered (see `requiresAnswers`).
 */
export function answerQuestions(
  questions: readonly WorkTypeQuestion[],
  answers: Readonly<Record<string, string | readonly string[]>>,
  { required = true }: { required?: boolean } = {},
): { lines: string[]; violations: RuleViolation[] } {
  const lines: string[] = [];
  const violations: RuleViolation[] = [];
  for (const q of [...questions].sort((a, b) => a.order - b.order)) {
    const given = Object.hasOwn(answers, q.code) ? answers[q.code] : undefined;
    // One line per answer: line breaks inside an answer become spaces.
    const raw = (typeof given === 'string' ? [given] : [...(given ?? [])])
      .map((v) => v.replace(/\s*[\r\n]+\s*/g, ' ').trim())
      .filter(Boolean);
    const path = `answers.${q.code}`;
    if (raw.length === 0) {
      if (q.required && required) violations.push({ path, message: 'question.required' });
      continue;
    }
    if (q.datatype !== 'multivaluelist' && raw.length > 1) {
      violations.push({ path, message: 'question.one-answer' });
      continue;
    }
    let shown: string[] = raw;
    if (q.values) {
      const names = raw.map((key) => q.values?.find((v) => v.key === key)?.name.tr);
      if (names.some((n) => n === undefined)) {
        violations.push({ path, message: 'question.option' });
        continue;
      }
      shown = names as string[];
    } else if (q.datatype === 'number' && !raw.every((v) => QUESTION_NUMBER.test(v))) {
      violations.push({ path, message: 'question.number' });
      continue;
    } else if (q.datatype === 'datetime') {
      const local = raw.map(localDateTime);
      if (local.some((v) => v === undefined)) {
        violations.push({ path, message: 'question.datetime' });
        continue;
      }
      shown = local as string[];
    }
    lines.push(`${q.description.tr}: ${shown.join(', ')}`);
  }
  return { lines, violations };
}

/** The description a case stores: the citizen's words, then the answered questions. */
export function describeWithAnswers(description: string, lines: readonly string[]): string {
  return lines.length ? `${description}\n\n${lines.join('\n')}` : description;
}
