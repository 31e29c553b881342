import { caseDetailPath } from '#lib/auth/staff-sections.ts';
import { href } from '#lib/i18n/localized-path.ts';

/** The staff detail page of a case, in the current language. */
export function caseDetailHref(caseId: string): string {
  return `${href(caseDetailPath)}?id=${encodeURIComponent(caseId)}`;
}
