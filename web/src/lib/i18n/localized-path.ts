import { localizeHref } from '#lib/paraglide/runtime.js';

/**
 * A link to one of the portal's routes in the current language: `/takip` stays as it
 * is in Turkish and becomes `/en/takip` in English. Use for every internal link so
 * that navigation never drops the visitor's language.
 */
export function href(path: string): string {
  return localizeHref(path);
}
