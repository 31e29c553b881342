import {
  CaseLookupRepository,
  createDocumentClient,
  createPiiHasher,
  loadSecret,
  mainTable,
  requireEnv,
} from '@citydesk/data';
import {
  type CallerHistoryEntry,
  CallerLookupRequest,
  type CallerLookupResult,
  CallerStatementRequest,
  CaseId,
  can,
  caseAccessFacts,
  FirstContactSubmission,
  formatTrackingNumber,
  maskName,
  type Principal,
  piiAccess,
  recordCallerStatement,
  STATEMENT_STATUSES,
} from '@citydesk/domain';
import { audit, loadReadableCase } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { type HttpRequest, httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { lifecycleContext } from '#platform/lifecycle-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { secrets } from '../manifest.ts';
import { fileClosedAtIntake, requireIntakeRight } from './staff-caller-closure.ts';

/*
 * The call-centre console (docs/domain/call-centre.md):
 * - POST /v1/staff/caller-lookup {phone}: the caller's earlier cases across the city,
 *   as far as the agent may read each, personal data masked by role; audited. The
 *   number travels in the body so that it never lands in an access log.
 * - POST /v1/staff/cases/{caseId}/caller-statements: the caller's new statement on an
 *   open case instead of a new case; once per `statementId`.
 * - POST /v1/staff/first-contact-cases: an information request answered in the call,
 *   filed and closed at once (INFO_GIVEN…).
 */

let hasher: Promise<(value: string) => string> | undefined;
const lookups = new CaseLookupRepository({
  doc: createDocumentClient(),
  mainTableName: requireEnv(mainTable.envVar),
  hashPhone: async (e164) => {
    hasher ??= loadSecret(secrets.piiHmacKey).then(createPiiHasher);
    return (await hasher)(e164);
  },
});

const DESCRIPTION_PREVIEW = 200;

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  switch (req.event.routeKey) {
    case 'POST /v1/staff/caller-lookup':
      return lookUpCaller(req, principal);
    case 'POST /v1/staff/cases/{caseId}/caller-statements':
      return addStatement(req, principal);
    default:
      return closeAtFirstContact(req, principal);
  }
});

async function lookUpCaller(req: HttpRequest, principal: Principal) {
  const { phone } = parseJsonBody(req, CallerLookupRequest);
  requireIntakeRight(principal);
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  const cases: CallerHistoryEntry[] = [];
  let preference: CallerLookupResult['preference'];
  let name: string | undefined;
  for (const c of await lookups.casesByPhone(phone)) {
    // City-wide roles are wide within their own city only; the rest see what `can` grants.
    if (c.cityId !== runtime.cityId) continue;
    const facts = caseAccessFacts(c);
    if (!can(principal, 'case.read', facts)) continue;
    const level = piiAccess(principal, facts);
    const contactName = c.contact?.name
      ? level === 'full'
        ? c.contact.name
        : level === 'masked'
          ? maskName(c.contact.name)
          : undefined
      : undefined;
    preference ??= c.contact?.preference;
    if (level === 'full' && c.contact?.name) name ??= c.contact.name;
    cases.push({
      caseId: c.id,
      trackingNo: formatTrackingNumber(c.trackingNo),
      status: c.status,
      workTypeCode: c.workTypeCode,
      kind: c.kind,
      channel: c.channel,
      ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
      ...(c.ownerDepartmentCode ? { ownerDepartmentCode: c.ownerDepartmentCode } : {}),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      ...(c.closedAt ? { closedAt: c.closedAt } : {}),
      ...(c.result ? { resultCode: c.result.code } : {}),
      ...(c.location?.neighbourhood ? { neighbourhood: c.location.neighbourhood } : {}),
      description: c.description.slice(0, DESCRIPTION_PREVIEW),
      ...(contactName ? { contactName } : {}),
      piiAccess: level,
      canAddStatement: STATEMENT_STATUSES.includes(c.status) && can(principal, 'case.comment', facts),
    });
  }
  // Who looked up which citizen's cases: a read of personal history, recorded before it is shown.
  await audit(req, principal, {
    action: 'caller.lookup',
    details: { resultCount: cases.length, caseIds: cases.map((c) => c.caseId) },
  });
  // The number is not echoed: the agent typed it, and a response is one more copy of it.
  const body: CallerLookupResult = {
    cases,
    ...(preference ? { preference } : {}),
    ...(name ? { name } : {}),
  };
  return json(200, body, req.lang);
}

async function addStatement(req: HttpRequest, principal: Principal) {
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const request = parseJsonBody(req, CallerStatementRequest);
  const { case: c, facts } = await loadReadableCase(principal, caseId);
  const outcome = recordCallerStatement(c, request, await lifecycleContext(principal, facts, c));
  if (!outcome.ok) {
    if (outcome.error === 'case-ended') {
      throw new ProblemError('business-rule-violated', {
        tr: 'Bu başvuru sonuçlanmış; yeni bir başvuru açın.',
        en: 'This case has ended; file a new case.',
      });
    }
    throw new ProblemError('forbidden', {
      tr: 'Bu başvuruya ekleme yapma yetkiniz yok.',
      en: 'You may not add to this case.',
    });
  }
  const result = await caseRepository.appendOnce(
    caseId,
    `STATEMENT#${request.statementId}`,
    outcome.events,
    outcome.intents,
  );
  return json(201, { statementId: request.statementId, replayed: result === 'replayed' }, req.lang);
}

async function closeAtFirstContact(req: HttpRequest, principal: Principal) {
  const { resultCode, publicAnswer, internalNote, ...submission } = parseJsonBody(
    req,
    FirstContactSubmission,
  );
  requireIntakeRight(principal);
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  const { body, replayed } = await fileClosedAtIntake({
    req,
    principal,
    runtime,
    submission,
    operation: `first-contact#${principal.userId}`,
    result: {
      resultCode,
      publicAnswer,
      internalNote: internalNote ?? 'İlk temasta yanıtlandı ve kapatıldı (çağrı merkezi).',
    },
  });
  return json(201, body, req.lang, { ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
}
