import { CaseId, canOnTenant } from '@citydesk/domain';
import * as z from 'zod';
import { auditRepository } from '#platform/case-runtime.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

const AuditQuery = z.union([
  z.object({ caseId: CaseId }).strict(),
  z.object({ userId: z.string().min(1).max(128) }).strict(),
]);

/**
 * The audit trail by case or by user, for a tenant's admins. They see the records
 * that concern their tenant: actions by its users, or on cases it owned.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  if (!canOnTenant(principal, 'audit.read', principal.tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Denetim kayıtlarını yalnızca kurum yöneticileri görebilir.',
      en: 'Only administrators may read the audit trail.',
    });
  }
  const query = validate(AuditQuery, req.event.queryStringParameters ?? {});
  const records =
    'caseId' in query
      ? await auditRepository.byCase(query.caseId)
      : await auditRepository.byUser(query.userId);
  return json(200, { items: records.filter((r) => r.tenantIds.includes(principal.tenantId)) }, req.lang);
});
