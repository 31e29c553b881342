import { SURVEY_COMMENT_MAX, type SurveyAnswersInput } from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';

/** The survey form as radio groups hold it: every answer a string until it is checked. */
export interface SurveyForm {
  resolved: string;
  timeScore: string;
  conductScore: string;
  intakeScore: string;
  comment: string;
}

export const emptySurveyForm = (): SurveyForm => ({
  resolved: '',
  timeScore: '',
  conductScore: '',
  intakeScore: '',
  comment: '',
});

const SCORES = ['timeScore', 'conductScore', 'intakeScore'] as const;

/**
 * Checks the form before sending: every question answered, the comment within its
 * limit. Returns the answers, or the message for each field that needs attention.
 */
export function checkSurveyForm(
  form: SurveyForm,
): { answers: SurveyAnswersInput } | { errors: Partial<Record<keyof SurveyForm, string>> } {
  const errors: Partial<Record<keyof SurveyForm, string>> = {};
  if (!['yes', 'partly', 'no'].includes(form.resolved)) errors.resolved = m.survey_error_choose();
  for (const key of SCORES) if (!/^[1-5]$/.test(form[key])) errors[key] = m.survey_error_choose();
  if (form.comment.trim().length > SURVEY_COMMENT_MAX)
    errors.comment = m.survey_error_comment({ max: String(SURVEY_COMMENT_MAX) });
  if (Object.keys(errors).length) return { errors };
  const comment = form.comment.trim();
  return {
    answers: {
      resolved: form.resolved as SurveyAnswersInput['resolved'],
      timeScore: Number(form.timeScore),
      conductScore: Number(form.conductScore),
      intakeScore: Number(form.intakeScore),
      ...(comment ? { comment } : {}),
    },
  };
}

/** API field paths (`answers.timeScore`) to form fields. */
export function surveyFieldErrors(byPath: Map<string, string>): Partial<Record<keyof SurveyForm, string>> {
  const out: Partial<Record<keyof SurveyForm, string>> = {};
  for (const [path, message] of byPath) {
    const key = path.replace(/^answers\./, '') as keyof SurveyForm;
    if (key in emptySurveyForm()) out[key] ??= message;
  }
  return out;
}
