import { type Principal, principalFromClaims } from '@citydesk/domain';
import { apiKeyRepository, userDirectoryRepository } from './case-runtime.ts';
import { tenantCityRuntime } from './city-runtime.ts';
import type { HttpRequest } from './http-handler.ts';
import { ProblemError } from './problem-details.ts';

interface JwtRequestContext {
  authorizer?: { jwt?: { claims?: Record<string, unknown> } };
}

/**
 * The caller, resolved once per request. On `jwt` routes from the claims the
 * authorizer verified (API Gateway on AWS, the local gateway locally): signature,
 * issuer, audience and expiry were checked before the handler ran. On `apiKey` routes
 * (which have no authorizer, so carry no claims) from the `x-api-key` header, checked
 * here against the stored hash. A verified user without a known tenant gets 403; a
 * user an administrator disabled gets 401 at once, although their token would stay
 * valid until it expires (and cognito-local even signs disabled users in).
 */
export async function requirePrincipal(req: HttpRequest): Promise<Principal> {
  const claims = (req.event.requestContext as JwtRequestContext).authorizer?.jwt?.claims;
  if (!claims) return integrationPrincipal(req);
  const claimed = claims['custom:tenant_id'];
  const runtime = typeof claimed === 'string' ? await tenantCityRuntime(claimed) : undefined;
  const principal = principalFromClaims(claims, (id) => runtime?.tenantsById.get(id)?.type);
  if (!principal) {
    throw new ProblemError('forbidden', {
      tr: 'Hesabınız bir kuruma bağlı değil; yöneticinize başvurun.',
      en: 'Your account is not linked to an organisation; contact your administrator.',
    });
  }
  if (await userDirectoryRepository.isDisabled(principal.tenantId, principal.userId)) {
    throw new ProblemError('unauthorized', {
      tr: 'Hesabınız devre dışı bırakılmış; yöneticinize başvurun.',
      en: 'Your account has been disabled; contact your administrator.',
    });
  }
  return principal;
}

async function integrationPrincipal(req: HttpRequest): Promise<Principal> {
  const presented = req.header('x-api-key');
  const key = presented ? await apiKeyRepository.verify(presented) : undefined;
  const tenantType = key
    ? (await tenantCityRuntime(key.tenantId))?.tenantsById.get(key.tenantId)?.type
    : undefined;
  if (!key || !tenantType) {
    throw new ProblemError('unauthorized', {
      tr: 'Geçerli bir API anahtarı gerekli (x-api-key başlığı).',
      en: 'A valid API key is required (x-api-key header).',
    });
  }
  return {
    kind: 'integration',
    userId: key.id,
    username: key.name,
    tenantId: key.tenantId,
    tenantType,
    roles: ['integration'],
    scopes: key.scopes,
  };
}
