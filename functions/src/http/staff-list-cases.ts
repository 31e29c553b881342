import { InvalidCursorError } from '@citydesk/data';
import { can, canOnTenant, caseAccessFacts, type StaffCaseList, StaffCaseListQuery } from '@citydesk/domain';
import { caseRepository } from '#platform/case-runtime.ts';
import { tenantsById, workTypesByCode } from '#platform/catalog-runtime.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * A tenant's cases, newest first. Metro coordinators, agents and managers may list any
 * tenant; everyone else only their own. Each item passes the authorization module
 * too (department-scoped staff see their department's cases only). Lists carry no
 * personal data.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const query = validate(StaffCaseListQuery, req.event.queryStringParameters ?? {});
  const tenantId = query.tenantId ?? principal.tenantId;
  if (!tenantsById.has(tenantId) || !canOnTenant(principal, 'queue.list', tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Bu kurumun başvurularını listeleme yetkiniz yok.',
      en: "You may not list this organisation's cases.",
    });
  }
  let page: Awaited<ReturnType<typeof caseRepository.listTenantCases>>;
  try {
    page = await caseRepository.listTenantCases(tenantId, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new ProblemError('validation-failed', {
        tr: 'Sayfa imleci geçersiz.',
        en: 'The page cursor is invalid.',
      });
    }
    throw err;
  }
  const body: StaffCaseList = {
    tenantId,
    items: page.cases
      .filter((c) => can(principal, 'case.read', caseAccessFacts(c)))
      .map((c) => ({
        id: c.id,
        trackingNo: c.trackingNo,
        status: c.status,
        workTypeCode: c.workTypeCode,
        workTypeName: workTypesByCode.get(c.workTypeCode)?.name ?? { tr: c.workTypeCode, en: c.workTypeCode },
        priority: c.priority,
        channel: c.channel,
        ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
        ...(c.ownerDepartmentCode ? { ownerDepartmentCode: c.ownerDepartmentCode } : {}),
        ...(c.location?.districtTenantId
          ? {
              district:
                tenantsById.get(c.location.districtTenantId)?.shortName ?? c.location.districtTenantId,
            }
          : {}),
        ...(c.location?.neighbourhood ? { neighbourhood: c.location.neighbourhood } : {}),
        createdAt: c.createdAt,
        slaDueAt: c.slaDueAt,
      })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
  return json(200, body, req.lang);
});
