import { canOnTenant, StaffDirectoryQuery } from '@citydesk/domain';
import { tenantDirectory } from '#platform/assignee-resolution.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * The people and teams of the caller's own tenant, for assignment and deputy
 * pickers. Never another tenant's: a metro coordinator routes to a district's
 * queue, the district assigns its own people.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  // Those who work or administer the tenant's queue; muhtars and users without a role do not.
  if (
    !canOnTenant(principal, 'queue.list', principal.tenantId) &&
    !canOnTenant(principal, 'user.manage', principal.tenantId)
  ) {
    throw new ProblemError('forbidden', {
      tr: 'Personel rehberini görme yetkiniz yok.',
      en: 'You may not see the staff directory.',
    });
  }
  const query = validate(StaffDirectoryQuery, req.event.queryStringParameters ?? {});
  const departmentCode = query.departmentCode ?? principal.departmentCode;
  return json(200, await tenantDirectory(principal.tenantId, departmentCode), req.lang);
});
