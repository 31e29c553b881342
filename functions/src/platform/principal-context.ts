import { type Principal, principalFromClaims } from '@citydesk/domain';
import { tenantsById } from './catalog-runtime.ts';
import type { HttpRequest } from './http-handler.ts';
import { ProblemError } from './problem-details.ts';

interface JwtRequestContext {
  authorizer?: { jwt?: { claims?: Record<string, unknown> } };
}

/**
 * The caller of a `jwt` route, resolved from the claims the authorizer verified
 * (API Gateway on AWS, the local gateway locally). The signature, issuer, audience
 * and expiry were checked before the handler ran; here we only read who it is.
 * A verified token whose user has no known tenant is refused: 403, not a guess.
 */
export function requirePrincipal(req: HttpRequest): Principal {
  const claims = (req.event.requestContext as JwtRequestContext).authorizer?.jwt?.claims;
  if (!claims) throw new ProblemError('unauthorized');
  const principal = principalFromClaims(claims, (id) => tenantsById.get(id)?.type);
  if (!principal) {
    throw new ProblemError('forbidden', {
      tr: 'Hesabınız bir kuruma bağlı değil; yöneticinize başvurun.',
      en: 'Your account is not linked to an organisation; contact your administrator.',
    });
  }
  return principal;
}
