import { ApiProblemError } from './api-errors.ts';
import { apiRequest, type RequestOptions } from './http-client.ts';

/*
 * Calls to the staff API. The session is plugged in from #lib/auth (a port, so this
 * module does not import the session and the session can use the staff API).
 */

/** The staff session as this module needs it. */
export interface SessionPort {
  /** A current ID token (refreshed first when it is about to expire), or null when signed out. */
  idToken(): Promise<string | null>;
  /** The API rejected the token: the session is over. */
  rejected(): void;
}

/** The request could not be made or was refused because the staff session is over. */
export class SessionExpiredError extends Error {
  constructor() {
    super('staff session expired');
    this.name = 'SessionExpiredError';
  }
}

let session: SessionPort | undefined;

/** Connects the staff session; called once by #lib/auth/staff-session. */
export function connectSession(port: SessionPort): void {
  session = port;
}

/**
 * Like apiRequest, with the signed-in user's Cognito **ID token** as Bearer: the API
 * reads the tenant and groups from it (access tokens carry no custom attributes).
 * A 401 ends the session and surfaces as SessionExpiredError; pages need no own handling.
 */
export async function authedRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const token = await session?.idToken();
  if (!token) throw new SessionExpiredError();
  try {
    return await apiRequest<T>(method, path, {
      ...options,
      headers: { ...options.headers, Authorization: `Bearer ${token}` },
    });
  } catch (error) {
    if (error instanceof ApiProblemError && error.status === 401) {
      session?.rejected();
      throw new SessionExpiredError();
    }
    throw error;
  }
}
