import * as z from 'zod';
import type { RuleViolation } from './case-intake.ts';
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
 * Checks answers against the questions and renders the answered ones as
 * `<question>: <answer>` lines, in the questions' order.
 * - `unknown`: an answer to a question the work type does not ask is an error (JSON
 *   forms, strict) or ignored (Open311, whose clients may hold an older definition).
 * - `required`: whether required questions must be answered. Bridges that relay
 *   another system's complaint (CİMER, Açık Kapı) cannot know our questions, and a
 *   complaint is never refused for it.
 */
export function answerQuestions(
  questions: readonly WorkTypeQuestion[],
  answers: Readonly<Record<string, string | readonly string[]>>,
  { unknown = 'reject', required = true }: { unknown?: 'reject' | 'ignore'; required?: boolean } = {},
): { lines: string[]; violations: RuleViolation[] } {
  const lines: string[] = [];
  const violations: RuleViolation[] = [];
  const asked = new Set(questions.map((q) => q.code));
  if (unknown === 'reject') {
    for (const code of Object.keys(answers)) {
      if (!asked.has(code)) violations.push({ path: `answers.${code}`, message: 'question.unknown' });
    }
  }
  for (const q of [...questions].sort((a, b) => a.order - b.order)) {
    const given = answers[q.code];
    const raw = (typeof given === 'string' ? [given] : [...(given ?? [])])
      .map((v) => v.replace(/\r\n?/g, '\n').trim())
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
    } else if (q.datatype === 'number' && !raw.every((v) => /^-?\d+([.,]\d+)?$/.test(v))) {
      violations.push({ path, message: 'question.number' });
      continue;
    } else if (q.datatype === 'datetime' && !raw.every((v) => !Number.isNaN(Date.parse(v)))) {
      violations.push({ path, message: 'question.datetime' });
      continue;
    }
    lines.push(`${q.description.tr}: ${shown.join(', ')}`);
  }
  return { lines, violations };
}

/** The description a case stores: the citizen's words, then the answered questions. */
export function describeWithAnswers(description: string, lines: readonly string[]): string {
  return lines.length ? `${description}\n\n${lines.join('\n')}` : description;
}
