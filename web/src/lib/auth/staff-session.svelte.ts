import type { StaffProfile } from '@citydesk/domain';
import { connectSession, SessionExpiredError } from '#lib/api/authed-fetch.ts';
import { fetchStaffProfile } from '#lib/api/staff-api.ts';
import { loadAuthConfig } from './auth-config.ts';
import { refreshTokens, type SignInFailure, signInWithPassword, signOutOfPool } from './cognito-auth.ts';
import { numericClaim, usernameClaim } from './jwt-claims.ts';
import { clearTokens, readTokens, type SessionTokens, writeTokens } from './token-store.ts';

/*
 * The staff session of this tab. Tokens live here (memory) and in sessionStorage
 * (token-store.ts), so a reload or a language switch keeps the user signed in and
 * closing the tab signs them out. ID and access tokens are refreshed with the
 * refresh token a minute before they expire; when that is refused the session
 * ends, and the guarded pages send the user to sign in again with a message.
 */

/** `unknown` until the session has been read in the browser (prerendered HTML knows nothing). */
export type SessionStatus = 'unknown' | 'signed-out' | 'signed-in';

/** Refresh this long before the tokens expire. */
const REFRESH_LEAD_MS = 60_000;
/** After a refresh that could not reach Cognito, try again this soon (while the tokens still work). */
const RETRY_MS = 15_000;
/** Cognito's default lifetime, for tokens whose claims cannot be read. */
const DEFAULT_LIFETIME_S = 3600;

/** Local time (ms) at which the tokens expire, from their lifetime (exp − iat) and when they arrived. */
function expiresAt(tokens: SessionTokens): number {
  const lifetimes = [tokens.idToken, tokens.accessToken].map((token) => {
    const exp = numericClaim(token, 'exp');
    const iat = numericClaim(token, 'iat');
    return exp !== undefined && iat !== undefined && exp > iat ? exp - iat : DEFAULT_LIFETIME_S;
  });
  return tokens.receivedAt + Math.min(...lifetimes) * 1000;
}

/** When to refresh: a minute before expiry, or halfway for (test) tokens living under two minutes. */
function refreshAt(tokens: SessionTokens): number {
  const end = expiresAt(tokens);
  const lifetime = end - tokens.receivedAt;
  return lifetime > 2 * REFRESH_LEAD_MS ? end - REFRESH_LEAD_MS : tokens.receivedAt + lifetime / 2;
}

class StaffSession {
  status = $state<SessionStatus>('unknown');
  /** The login, from the ID token: known at once, before the profile arrives. */
  username = $state<string | undefined>();
  /** From GET /v1/staff/me: tenant, roles, neighbourhood. */
  profile = $state<StaffProfile | undefined>();
  profileFailed = $state(false);
  /** How the last session ended; `expired` makes the sign-in page say so. */
  endedBy = $state<'expired' | 'signed-out' | undefined>();

  #tokens: SessionTokens | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<boolean> | null = null;
  #started = false;

  /** Reads the stored session; idempotent, browser only (call from an effect). */
  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    // Timers are throttled in background tabs: re-check when the user comes back.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.#tokens && Date.now() >= refreshAt(this.#tokens)) {
        void this.refresh();
      }
    });
    const stored = readTokens();
    if (!stored) {
      this.status = 'signed-out';
      return;
    }
    this.#adopt(stored);
    void this.loadProfile();
  }

  /** Signs in; on success the session is active and the profile is loading. Returns the failure, if any. */
  async signIn(username: string, password: string): Promise<SignInFailure | null> {
    let config: Awaited<ReturnType<typeof loadAuthConfig>>;
    try {
      config = await loadAuthConfig();
    } catch {
      return 'network';
    }
    const result = await signInWithPassword(config, username, password);
    if (!result.ok) return result.failure;
    writeTokens(result.tokens);
    this.endedBy = undefined;
    this.#adopt(result.tokens);
    void this.loadProfile();
    return null;
  }

  /** (Re)loads the profile; a rejected token ends the session through authedRequest. */
  async loadProfile(): Promise<void> {
    this.profileFailed = false;
    try {
      const profile = await fetchStaffProfile();
      if (this.status === 'signed-in') this.profile = profile;
    } catch (error) {
      if (!(error instanceof SessionExpiredError) && this.status === 'signed-in') this.profileFailed = true;
    }
  }

  /** The ID token for an API call, refreshed first if it is (almost) expired; null when signed out. */
  async idToken(): Promise<string | null> {
    if (!this.#tokens) return null;
    if (Date.now() >= refreshAt(this.#tokens) && !(await this.refresh())) return null;
    return this.#tokens?.idToken ?? null;
  }

  /** Refreshes the tokens now; false when the session has ended. Concurrent callers share one refresh. */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#refreshNow().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** The API or Cognito refused the session: end it so that the user signs in again. */
  expire(): void {
    if (this.status === 'signed-in') this.#end('expired');
  }

  /** Forgets the session at once, then asks Cognito to revoke it (best effort). */
  async signOut(): Promise<void> {
    const tokens = this.#tokens;
    this.#end('signed-out');
    if (!tokens) return;
    try {
      await signOutOfPool(await loadAuthConfig(), tokens);
    } catch {
      // Already signed out locally; revocation is best effort.
    }
  }

  async #refreshNow(): Promise<boolean> {
    const current = this.#tokens;
    if (!current) return false;
    let config: Awaited<ReturnType<typeof loadAuthConfig>> | undefined;
    try {
      config = await loadAuthConfig();
    } catch {
      config = undefined;
    }
    const result = config
      ? await refreshTokens(config, current)
      : ({ ok: false, failure: 'unavailable' } as const);
    if (this.#tokens !== current) return this.#tokens !== null; // signed out or in again meanwhile
    if (result.ok) {
      writeTokens(result.tokens);
      this.#adopt(result.tokens);
      return true;
    }
    if (result.failure === 'unavailable' && Date.now() < expiresAt(current)) {
      // Cognito unreachable but the tokens still work: keep going and retry soon.
      this.#schedule(Date.now() + RETRY_MS);
      return true;
    }
    this.#end('expired');
    return false;
  }

  #adopt(tokens: SessionTokens): void {
    this.#tokens = tokens;
    this.username = usernameClaim(tokens.idToken) ?? tokens.username;
    this.status = 'signed-in';
    this.#schedule(refreshAt(tokens));
  }

  #schedule(at: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), Math.max(0, at - Date.now()));
  }

  #end(reason: 'expired' | 'signed-out'): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#tokens = null;
    clearTokens();
    this.profile = undefined;
    this.profileFailed = false;
    this.username = undefined;
    this.endedBy = reason;
    this.status = 'signed-out';
  }
}

/** The one staff session of this tab. */
export const staffSession = new StaffSession();

connectSession({
  idToken: () => staffSession.idToken(),
  rejected: () => staffSession.expire(),
});
