import { isValidationMessageKey, type LocalizedText, validationMessages } from '@citydesk/domain';
import type { core } from 'zod';
import en from 'zod/v4/locales/en.js';
import tr from 'zod/v4/locales/tr.js';
import type { FieldError } from './problem-details.ts';

// The two locales by their own modules: `z.locales` would keep every locale in each bundle.
const locales = { tr: tr().localeError, en: en().localeError };

/** A dotted path (`contact.phone`, `attachments.0.fileName`); `(body)` for the root. */
export const issuePath = (path: readonly PropertyKey[]) =>
  path.length ? path.map(String).join('.') : '(body)';

/**
 * Turns zod issues into field errors in both languages. Our own rules raise message
 * keys (see validationMessages); zod's built-in checks are worded by zod's locales.
 */
export function toFieldErrors(issues: readonly core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    let message: LocalizedText;
    if (isValidationMessageKey(issue.message)) {
      message = validationMessages[issue.message];
    } else {
      const raw = issue as unknown as core.$ZodRawIssue;
      const word = (lang: 'tr' | 'en') => {
        const out = locales[lang](raw);
        return (typeof out === 'string' ? out : out?.message) ?? issue.message;
      };
      message = { tr: word('tr'), en: word('en') };
    }
    return { path: issuePath(issue.path), message };
  });
}
