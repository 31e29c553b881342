import { CaseLookupRepository, createDocumentClient, mainTable, requireEnv } from '@citydesk/data';
import {
  can,
  caseAccessFacts,
  DUPLICATE_MASTER_STATUSES,
  type DuplicateCandidates,
  DuplicateCandidatesRequest,
  DuplicateLinkRequest,
  duplicatePublicAnswer,
  duplicateRuleFor,
  duplicateWindowStart,
  formatTrackingNumber,
  geohashCellsWithin,
  type Principal,
  rankDuplicateCandidates,
  validationMessages,
} from '@citydesk/domain';
import { loadReadableCase } from '#platform/case-access.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { type HttpRequest, httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { fileClosedAtIntake, masterNotOpen, requireIntakeRight } from './staff-caller-closure.ts';

/*
 * Duplicates at intake (docs/domain/call-centre.md):
 * - POST /v1/staff/duplicate-candidates {workTypeCode, location}: open cases of the
 *   same work type or group within the radius and window of the group's rule, from
 *   the geohash cells around the point, as far as the agent may read them. No
 *   personal data.
 * - POST /v1/staff/duplicate-links: the caller's report filed and closed as DUPLICATE
 *   of the chosen master, whose updates the caller then receives too; one
 *   transaction, refused if the master has ended meanwhile.
 */

const lookups = new CaseLookupRepository({
  doc: createDocumentClient(),
  mainTableName: requireEnv(mainTable.envVar),
});

/** The index's cells are geohash-5 (case-keys.ts `gsi3pk`). */
const INDEX_PRECISION = 5;

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  requireIntakeRight(principal);
  return req.event.routeKey === 'POST /v1/staff/duplicate-links'
    ? link(req, principal)
    : candidates(req, principal);
});

const unknownWorkType = () =>
  new ProblemError('business-rule-violated', undefined, [
    { path: 'workTypeCode', message: validationMessages['work-type.unknown'] },
  ]);

async function candidates(req: HttpRequest, principal: Principal) {
  const request = parseJsonBody(req, DuplicateCandidatesRequest);
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  const workType = runtime.workTypesByCode.get(request.workTypeCode);
  if (!workType) throw unknownWorkType();
  // Found at intake, before routing chose an owner: the metropolitan municipality's setting is the city's.
  const settings = runtime.settingsOf(runtime.metroTenantId)?.duplicateDetection;
  const rule = duplicateRuleFor(workType.group, settings);
  const body: DuplicateCandidates = { ...rule, candidates: [] };
  if (settings && !settings.enabled) return json(200, body, req.lang);
  const now = new Date();
  const since = duplicateWindowStart(rule, now);
  const cells = geohashCellsWithin(request.location, rule.radiusMetres, INDEX_PRECISION);
  const found = (await Promise.all(cells.map((cell) => lookups.casesInCellSince(cell, since)))).flat();
  const readable = found.filter(
    (c) => c.cityId === runtime.cityId && can(principal, 'case.read', caseAccessFacts(c)),
  );
  const ranked = rankDuplicateCandidates({
    point: request.location,
    workType,
    cases: readable,
    rule,
    now,
    groupOf: (code) => runtime.workTypesByCode.get(code)?.group,
  });
  body.candidates = ranked.map(({ case: c, distanceMetres, sameWorkType }) => ({
    caseId: c.id,
    trackingNo: formatTrackingNumber(c.trackingNo),
    workTypeCode: c.workTypeCode,
    sameWorkType,
    status: c.status,
    createdAt: c.createdAt,
    distanceMetres,
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    ...(c.location?.neighbourhood ? { neighbourhood: c.location.neighbourhood } : {}),
    description: c.description.slice(0, 200),
  }));
  return json(200, body, req.lang);
}

async function link(req: HttpRequest, principal: Principal) {
  const { masterCaseId, ...submission } = parseJsonBody(req, DuplicateLinkRequest);
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  // A master the agent may not read is answered like a missing one (404).
  const { case: master } = await loadReadableCase(principal, masterCaseId);
  if (!DUPLICATE_MASTER_STATUSES.includes(master.status)) throw masterNotOpen();
  const language = submission.contact?.preference.language ?? 'tr';
  const { body, replayed } = await fileClosedAtIntake({
    req,
    principal,
    runtime,
    submission,
    operation: `duplicate-link#${principal.userId}#${masterCaseId}`,
    result: {
      resultCode: 'DUPLICATE',
      publicAnswer: duplicatePublicAnswer(master.trackingNo)[language],
      internalNote: `Mükerrer kayıt: ${formatTrackingNumber(master.trackingNo)} numaralı başvuruya bağlandı; vatandaş onun gelişmelerini alacak.`,
      evidence: { masterCaseId },
    },
    subscribeTo: (newCaseId) => ({
      subscription: { masterCaseId, subscriberCaseId: newCaseId, subscribedAt: new Date().toISOString() },
      masterOpenStatuses: DUPLICATE_MASTER_STATUSES,
    }),
  });
  return json(201, body, req.lang, { ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
}
