import * as z from 'zod';
import { CASE_ACTIONS, TENANT_ACTIONS } from './authorization.ts';

/**
 * Scopes an integration key may carry: the authorization module's action names, minus
 * the administrative ones a machine client must never hold.
 */
export const ApiKeyScope = z.enum([
  ...CASE_ACTIONS.filter((a) => a !== 'case.cancel'),
  ...TENANT_ACTIONS.filter((a) => a === 'queue.list' || a === 'dashboard.read'),
] as [string, ...string[]]);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const CreateApiKeyRequest = z
  .object({
    /** What the client is, e.g. "Karesi çağrı merkezi yazılımı" or "CİMER köprüsü". */
    name: z.string().trim().min(3).max(100),
    scopes: z.array(ApiKeyScope).min(1).max(30),
    /** Optional end of validity; keys without one live until revoked. */
    expiresAt: z.iso.datetime().optional(),
  })
  .strict()
  .meta({ id: 'CreateApiKeyRequest' });
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

/** A key as administrators see it: never the secret, only its first characters. */
export const ApiKeyView = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    displayPrefix: z.string(),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    expiresAt: z.iso.datetime().optional(),
    revokedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'ApiKeyView' });
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** Returned once, at creation or rotation: the only time the secret is ever shown. */
export const ApiKeyIssued = ApiKeyView.extend({ key: z.string() }).meta({ id: 'ApiKeyIssued' });
export type ApiKeyIssued = z.infer<typeof ApiKeyIssued>;

const KEY_PATTERN = /^cdk_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/;

/**
 * Key format `cdk_<key id>_<secret>`: the id (a ULID) finds the stored record in one
 * read; the 256-bit secret is compared by hash. The prefix makes leaked keys easy to
 * spot for secret scanners.
 */
export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  const m = KEY_PATTERN.exec(presented.trim());
  return m?.[1] && m[2] ? { id: m[1], secret: m[2] } : undefined;
}

export function formatApiKey(id: string, secret: string): string {
  return `cdk_${id}_${secret}`;
}
