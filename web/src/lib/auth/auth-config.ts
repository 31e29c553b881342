import type { AuthConfig } from '@citydesk/domain';
import { apiRequest } from '#lib/api/http-client.ts';

/*
 * Pool and client ids differ per environment and the portal is one static build,
 * so they are read from the API at sign-in time instead of being baked in.
 */

let pending: Promise<AuthConfig> | undefined;

/** The user pool the portal signs staff into; fetched once per page load. */
export function loadAuthConfig(): Promise<AuthConfig> {
  pending ??= apiRequest<AuthConfig>('GET', '/v1/public/auth-config').catch((error: unknown) => {
    // A failed fetch must not be cached: the next sign-in attempt asks again.
    pending = undefined;
    throw error;
  });
  return pending;
}
