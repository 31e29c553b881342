import { type Case, type CaseEvent, can, caseAccessFacts, type Principal } from '@citydesk/domain';
import { auditRepository, caseRepository } from './case-runtime.ts';
import { cityIdOfTenant } from './city-runtime.ts';
import type { HttpRequest } from './http-handler.ts';
import { ProblemError } from './problem-details.ts';

/**
 * Facts the authorization module needs that live on the timeline: which tenants owned
 * the case before (read-only access after a transfer) and which staff member or
 * muhtar filed it.
 */
export function timelineFacts(c: Case, events: CaseEvent[]) {
  const formerOwnerTenantIds = [
    ...new Set(events.flatMap((e) => (e.tenantId && e.tenantId !== c.ownerTenantId ? [e.tenantId] : []))),
  ];
  const created = events.find((e) => e.type === 'created');
  const filedByUserId = created?.actor.kind === 'staff' ? created.actor.id : undefined;
  return caseAccessFacts(c, { formerOwnerTenantIds, ...(filedByUserId ? { filedByUserId } : {}) });
}

export const caseNotFound = () =>
  new ProblemError('case-not-found', {
    tr: 'Bu başvuru bulunamadı ya da görme yetkiniz yok.',
    en: 'This case does not exist or you may not see it.',
  });

/** 409 with the case's current version and status, so the client can reload and retry. */
export const versionConflict = (current: Case) =>
  new ProblemError(
    'version-conflict',
    {
      tr: 'Başvuru siz bakarken başka biri tarafından değiştirildi. Güncel hâlini yükleyip yeniden deneyin.',
      en: 'Someone else changed this case meanwhile. Reload it and try again.',
    },
    [],
    { current: { version: current.version, status: current.status } },
  );

/**
 * Loads a case the principal may read, with its timeline. A denied read is a 404,
 * exactly like a missing case, so that existence does not leak across tenants.
 */
export async function loadReadableCase(principal: Principal, caseId: string) {
  const found = await caseRepository.getCaseWithTimeline(caseId);
  if (!found) throw caseNotFound();
  // City-wide roles are wide within their own city only: a deployment may serve several.
  if (found.case.cityId !== (await cityIdOfTenant(principal.tenantId))) throw caseNotFound();
  const facts = timelineFacts(found.case, found.events);
  if (!can(principal, 'case.read', facts)) throw caseNotFound();
  return { ...found, facts };
}

/** Appends an audit record for a request, with where it came from. */
export async function audit(
  req: HttpRequest,
  principal: Principal,
  entry: { action: string; caseId?: string; ownerTenantId?: string; details?: Record<string, unknown> },
) {
  const http = req.event.requestContext.http;
  await auditRepository.append({
    actor: {
      userId: principal.userId,
      ...(principal.username ? { username: principal.username } : {}),
      tenantId: principal.tenantId,
      roles: principal.roles,
    },
    action: entry.action,
    ...(entry.caseId ? { caseId: entry.caseId } : {}),
    tenantIds: [...new Set([principal.tenantId, ...(entry.ownerTenantId ? [entry.ownerTenantId] : [])])],
    ...(http?.sourceIp ? { sourceIp: http.sourceIp } : {}),
    ...(http?.userAgent ? { userAgent: http.userAgent } : {}),
    ...(entry.details ? { details: entry.details } : {}),
  });
}
