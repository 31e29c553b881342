import { can, canOnTenant, caseAccessFacts, type StaffCaseList, StaffCaseListQuery } from '@citydesk/domain';
import { caseRepository } from '#platform/case-runtime.ts';
import { toStaffCaseSummary } from '#platform/case-summaries.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
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
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime?.tenantsById.has(tenantId) || !canOnTenant(principal, 'queue.list', tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Bu kurumun başvurularını listeleme yetkiniz yok.',
      en: "You may not list this organisation's cases.",
    });
  }
  const page = await caseRepository.listTenantCases(tenantId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const body: StaffCaseList = {
    tenantId,
    items: page.cases
      .filter((c) => can(principal, 'case.read', caseAccessFacts(c)))
      .map((c) => toStaffCaseSummary(c, runtime)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
  return json(200, body, req.lang);
});
