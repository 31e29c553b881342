import { ApiKeyNotFoundError } from '@citydesk/data';
import { CreateApiKeyRequest, canOnTenant } from '@citydesk/domain';
import * as z from 'zod';
import { audit } from '#platform/case-access.ts';
import { apiKeyRepository } from '#platform/case-runtime.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

const KeyId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

const keyNotFound = () =>
  new ProblemError('api-key-not-found', {
    tr: 'Kurumunuzda bu kimlikle etkin bir API anahtarı yok.',
    en: 'Your organisation has no active API key with this id.',
  });

/**
 * A tenant administrator manages the tenant's integration keys: list, issue, rotate,
 * revoke. One module serves the four routes (one Lambda each on AWS, per the
 * manifest); every change is audited. The secret is in the response to issue and
 * rotate only, never stored in clear and never listed.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  if (!canOnTenant(principal, 'api-key.manage', principal.tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'API anahtarlarını yalnızca kurum yöneticileri yönetebilir.',
      en: 'Only administrators may manage API keys.',
    });
  }
  const tenantId = principal.tenantId;
  const method = req.event.requestContext.http.method;
  const rawKeyId = req.event.pathParameters?.keyId;
  try {
    if (method === 'GET')
      return json(200, { items: await apiKeyRepository.listByTenant(tenantId) }, req.lang);
    if (method === 'POST' && rawKeyId === undefined) {
      const body = parseJsonBody(req, CreateApiKeyRequest);
      const issued = await apiKeyRepository.issue({ ...body, tenantId, createdBy: principal.userId });
      await audit(req, principal, {
        action: 'api-key.issue',
        details: { keyId: issued.id, scopes: issued.scopes },
      });
      return json(201, issued, req.lang);
    }
    const keyId = validate(KeyId, rawKeyId);
    if (method === 'POST') {
      const issued = await apiKeyRepository.rotate(tenantId, keyId, principal.userId);
      await audit(req, principal, { action: 'api-key.rotate', details: { keyId, newKeyId: issued.id } });
      return json(201, issued, req.lang);
    }
    await apiKeyRepository.revoke(tenantId, keyId);
    await audit(req, principal, { action: 'api-key.revoke', details: { keyId } });
    return { statusCode: 204 };
  } catch (err) {
    if (err instanceof ApiKeyNotFoundError) throw keyNotFound();
    throw err;
  }
});
