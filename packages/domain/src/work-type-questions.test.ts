import { describe, expect, it } from 'vitest';
import type { Channel } from './channel.ts';
import { WorkTypeQuestion } from './city-configuration.ts';
import {
  answerQuestions,
  describeWithAnswers,
  QuestionAnswers,
  requiresAnswers,
} from './work-type-questions.ts';

const questions = [
  {
    code: 'lane',
    datatype: 'singlevaluelist',
    required: false,
    order: 3,
    description: { tr: 'Kapanan şerit', en: 'Blocked lane' },
    values: [
      { key: 'left', name: { tr: 'Sol şerit', en: 'Left lane' } },
      { key: 'right', name: { tr: 'Sağ şerit', en: 'Right lane' } },
    ],
  },
  {
    code: 'depth_cm',
    datatype: 'number',
    required: true,
    order: 1,
    description: { tr: 'Derinlik (cm)', en: 'Depth (cm)' },
  },
  {
    code: 'seen_at',
    datatype: 'datetime',
    required: false,
    order: 2,
    description: { tr: 'Görüldüğü an', en: 'Seen at' },
  },
  {
    code: 'hazards',
    datatype: 'multivaluelist',
    required: false,
    order: 4,
    description: { tr: 'Tehlikeler', en: 'Hazards' },
    values: [
      { key: 'water', name: { tr: 'Su birikintisi', en: 'Standing water' } },
      { key: 'night', name: { tr: 'Gece görünmüyor', en: 'Invisible at night' } },
    ],
  },
].map((q) => WorkTypeQuestion.parse(q));

describe('work-type questions', () => {
  it('renders the answers in Turkish, in the questions’ order, with option names', () => {
    const { lines, violations } = answerQuestions(questions, {
      hazards: ['night', 'water'],
      lane: 'right',
      depth_cm: '12,5',
      seen_at: '2026-12-07T14:30',
    });
    expect(violations).toEqual([]);
    expect(lines).toEqual([
      'Derinlik (cm): 12,5',
      'Görüldüğü an: 07.12.2026 14:30',
      'Kapanan şerit: Sağ şerit',
      'Tehlikeler: Gece görünmüyor, Su birikintisi',
    ]);
    expect(describeWithAnswers('Yolda derin çukur var.', lines)).toBe(
      'Yolda derin çukur var.\n\nDerinlik (cm): 12,5\nGörüldüğü an: 07.12.2026 14:30\nKapanan şerit: Sağ şerit\nTehlikeler: Gece görünmüyor, Su birikintisi',
    );
    expect(describeWithAnswers('Yolda derin çukur var.', [])).toBe('Yolda derin çukur var.');
  });

  it('names each wrong answer by its path', () => {
    const { violations } = answerQuestions(questions, {
      depth_cm: 'derin',
      seen_at: 'dün akşam',
      lane: ['left', 'right'],
      hazards: ['water', 'fire'],
    });
    expect(violations).toEqual([
      { path: 'answers.depth_cm', message: 'question.number' },
      { path: 'answers.seen_at', message: 'question.datetime' },
      { path: 'answers.lane', message: 'question.one-answer' },
      { path: 'answers.hazards', message: 'question.option' },
    ]);
  });

  it('requires required questions where the citizen answers, not where their complaint is transcribed', () => {
    expect(
      ['web', 'call_center', 'walk_in', 'muhtar', 'kiosk'].every((c) => requiresAnswers(c as Channel)),
    ).toBe(true);
    expect(
      ['email', 'sms', 'whatsapp', 'cimer', 'e_devlet', 'api'].some((c) => requiresAnswers(c as Channel)),
    ).toBe(false);
    expect(answerQuestions(questions, {}).violations).toEqual([
      { path: 'answers.depth_cm', message: 'question.required' },
    ]);
    expect(answerQuestions(questions, { depth_cm: '  ' }).violations).toHaveLength(1);
    expect(answerQuestions(questions, {}, { required: false })).toEqual({ lines: [], violations: [] });
  });

  it('ignores answers to questions the work type does not ask (a form or client holding an older definition)', () => {
    const r = answerQuestions(questions, { depth_cm: '4', old: 'x', toString: 'y' });
    expect(r).toEqual({ lines: ['Derinlik (cm): 4'], violations: [] });
  });

  it('takes ISO date-times only, shown in Türkiye’s time', () => {
    const seen = (v: string) => answerQuestions(questions, { depth_cm: '1', seen_at: v });
    expect(seen('2026-12-07T11:30:00Z').lines[1]).toBe('Görüldüğü an: 07.12.2026 14:30');
    expect(seen('2026-12-07T23:30+01:00').lines[1]).toBe('Görüldüğü an: 08.12.2026 01:30');
    for (const bad of [
      '1',
      'dün 5',
      'foo 2026',
      '2026-02-30T10:00',
      '2026-12-07T24:10',
      '2026-12-07T10:60',
      '2026-12-07',
    ])
      expect(seen(bad).violations, bad).toEqual([{ path: 'answers.seen_at', message: 'question.datetime' }]);
  });

  it('keeps one line per answer and leaves a work type without questions untouched', () => {
    const text = WorkTypeQuestion.parse({
      code: 'note',
      datatype: 'text',
      order: 5,
      description: { tr: 'Not', en: 'Note' },
    });
    expect(
      answerQuestions([...questions, text], { depth_cm: '4', note: 'ilk satır\r\n  ikinci\n\nüçüncü' }).lines,
    ).toEqual(['Derinlik (cm): 4', 'Not: ilk satır ikinci üçüncü']);
    expect(answerQuestions([], {})).toEqual({ lines: [], violations: [] });
  });

  it('bounds what a form may send', () => {
    expect(QuestionAnswers.safeParse({ depth_cm: '4', hazards: ['water'] }).success).toBe(true);
    expect(QuestionAnswers.safeParse({ 'Depth!': '4' }).success).toBe(false);
    expect(QuestionAnswers.safeParse({ depth_cm: 'x'.repeat(501) }).success).toBe(false);
    expect(QuestionAnswers.safeParse({ depth_cm: 4 }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`q${i}`, 'a']));
    expect(QuestionAnswers.safeParse(many).success).toBe(false);
    // zod leaves a `__proto__` key out of the record it returns: nothing reaches the prototype.
    const polluted = QuestionAnswers.parse(JSON.parse('{"__proto__":"x","depth_cm":"4"}'));
    expect(Object.keys(polluted)).toEqual(['depth_cm']);
  });
});
