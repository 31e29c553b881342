/*
 * Where a signed-in session lives between page loads: sessionStorage, which the
 * browser drops when the tab closes and never sends to a server. Never
 * localStorage (it outlives the tab on a shared counter PC) and never cookies
 * written by script. When sessionStorage is unavailable (some private modes) the
 * session stays in memory and ends with the page.
 */

/** The tokens of one signed-in session. */
export interface SessionTokens {
  /** Sent to the API: it carries the tenant attribute and the groups. */
  idToken: string;
  accessToken: string;
  refreshToken: string;
  username: string;
  /** Local clock (ms) when the tokens arrived; with `iat`/`exp` it schedules refreshes despite clock skew. */
  receivedAt: number;
}

const KEY = 'citydesk.staff-session';
let memory: SessionTokens | null = null;

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function isTokens(value: unknown): value is SessionTokens {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.idToken === 'string' &&
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.username === 'string' &&
    typeof v.receivedAt === 'number'
  );
}

/** The stored session, if any and well-formed. */
export function readTokens(): SessionTokens | null {
  if (memory) return memory;
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    memory = isTokens(parsed) ? parsed : null;
  } catch {
    memory = null;
  }
  return memory;
}

export function writeTokens(tokens: SessionTokens): void {
  memory = tokens;
  try {
    storage()?.setItem(KEY, JSON.stringify(tokens));
  } catch {
    // Quota or privacy mode: the in-memory copy still serves this page.
  }
}

export function clearTokens(): void {
  memory = null;
  try {
    storage()?.removeItem(KEY);
  } catch {
    // Nothing stored that could be removed.
  }
}
