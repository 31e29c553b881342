import { m } from '#lib/paraglide/messages.js';
import { ApiProblemError, NetworkError } from './api-errors.ts';

/** A sentence to show for any failure of an API call: the server's own localized text when there is one. */
export function describeApiError(error: unknown): { title: string; detail?: string } {
  if (error instanceof ApiProblemError) {
    const { title, detail } = error.problem;
    return detail ? { title, detail } : { title };
  }
  if (error instanceof NetworkError) return { title: m.error_network() };
  return { title: m.error_unexpected({ status: '—' }) };
}
