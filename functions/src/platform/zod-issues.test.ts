import { PublicCaseSubmission } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { ProblemError, problemBody } from './problem-details.ts';
import { toFieldErrors } from './zod-issues.ts';

describe('validation errors in two languages', () => {
  const result = PublicCaseSubmission.safeParse(
    { workTypeCode: 7, description: 'kısa', consent: { accepted: false, noticeVersion: 'v1' }, hacker: true },
    { reportInput: true },
  );
  const errors = toFieldErrors(result.error?.issues ?? []);

  it('names each failing field by its dotted path', () => {
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['workTypeCode', 'description', 'consent.accepted', '(body)']),
    );
  });

  it('words our own rules from the domain catalogue and zod rules from zod locales', () => {
    const consent = errors.find((e) => e.path === 'consent.accepted');
    expect(consent?.message.tr).toMatch(/KVKK/);
    expect(consent?.message.en).toMatch(/privacy notice/);
    const description = errors.find((e) => e.path === 'description');
    expect(description?.message.en).toMatch(/10/);
    expect(description?.message.tr).not.toBe(description?.message.en);
  });

  it('renders RFC 9457 problem details in the requested language', () => {
    const problem = new ProblemError('validation-failed', { tr: 'ayrıntı', en: 'detail' }, errors);
    const tr = problemBody(problem, 'tr', '/v1/public/cases');
    const en = problemBody(problem, 'en', '/v1/public/cases');
    expect(tr).toMatchObject({
      status: 400,
      code: 'validation-failed',
      type: 'urn:citydesk:problem:validation-failed',
    });
    expect(tr.title).toBe('İstek geçersiz');
    expect(en.title).toBe('The request is invalid');
    expect(en.errors?.length).toBe(errors.length);
  });
});
