import { href } from '#lib/i18n/localized-path.ts';
import { deLocalizeHref } from '#lib/paraglide/runtime.js';
import { signInPath, staffHomePath } from './staff-sections.ts';

/** Why the sign-in page is shown instead of the page asked for. */
export type SignInReason = 'expired';

/**
 * The sign-in page in the current language, remembering where the visitor wanted
 * to go. `next` is stored without its language prefix so that it is re-localized
 * into the language the user signs in with.
 */
export function signInHref(next?: string, reason?: SignInReason): string {
  const params = new URLSearchParams();
  const target = next ? safeNextPath(next) : undefined;
  if (target) params.set('next', deLocalizeHref(target));
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return href(signInPath) + (query ? `?${query}` : '');
}

/**
 * Accepts only a path on this site (`/panel/kuyruk?x=1`): never another origin
 * (`//evil.example`, `https://…`, `/\evil`), so the sign-in page is no open redirect.
 */
export function safeNextPath(value: string | null | undefined): string | undefined {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  try {
    const base = 'https://portal.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return undefined;
    return url.pathname + url.search + url.hash;
  } catch {
    return undefined;
  }
}

/** Where to go after signing in: the remembered page in the current language, else the staff home. */
export function afterSignInHref(next: string | null | undefined): string {
  const target = safeNextPath(next);
  if (!target || deLocalizeHref(target).split(/[?#]/)[0] === signInPath) return href(staffHomePath);
  return href(deLocalizeHref(target));
}
