import { neighbourhoodPartition } from '@citydesk/data';
import {
  type Case,
  type NeighbourhoodCase,
  type NeighbourhoodCaseList,
  NeighbourhoodCasesQuery,
  toNeighbourhoodCase,
} from '@citydesk/domain';
import { caseRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { muhtarChannelRepository } from '#platform/incident-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/** A status filter may skip many cases: a request reads at most this many pages. */
const MAX_READS = 5;

/** Who filed a case: the `created` event's actor (the case item does not keep it). */
async function filedBy(caseId: string): Promise<string | undefined> {
  const found = await caseRepository.getCaseWithTimeline(caseId);
  return found?.events.find((e) => e.type === 'created')?.actor.id;
}

/**
 * GET /v1/staff/neighbourhood-cases?status=&limit=&cursor=: the public status of every
 * case of the caller's neighbourhood (docs/domain/muhtar-channel.md), newest first.
 * Muhtars only, and only their own neighbourhood of their own district: the
 * neighbourhood comes from the immutable account attribute, never from the request.
 * Public fields only (tracking number, work type, status, dates, public answer): no
 * citizen's name, phone, address or description, as on the public track page.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const neighbourhood = principal.neighbourhood;
  if (principal.kind !== 'user' || !principal.roles.includes('muhtar') || !neighbourhood) {
    throw new ProblemError('forbidden', {
      tr: 'Mahalle başvurularını yalnızca mahallenin muhtarı görebilir.',
      en: "Only the neighbourhood's muhtar may see its cases.",
    });
  }
  const query = validate(NeighbourhoodCasesQuery, req.event.queryStringParameters ?? {});
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  const partition = neighbourhoodPartition(runtime.cityId, principal.tenantId, neighbourhood);

  const cases: NeighbourhoodCase[] = [];
  let cursor = query.cursor;
  for (let read = 0; read < MAX_READS && cases.length < query.limit; read++) {
    const page = await muhtarChannelRepository.neighbourhoodCaseIds(
      partition,
      query.limit - cases.length,
      cursor,
    );
    const loaded = (await Promise.all(page.caseIds.map((id) => caseRepository.getCase(id)))).filter(
      (c): c is Case => c !== undefined && (!query.status || c.status === query.status),
    );
    for (const c of loaded) {
      const mine = c.channel === 'muhtar' && (await filedBy(c.id)) === principal.userId;
      cases.push(toNeighbourhoodCase(c, runtime.workTypesByCode.get(c.workTypeCode)?.name, mine));
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const body: NeighbourhoodCaseList = {
    neighbourhood,
    districtTenantId: principal.tenantId,
    cases,
    ...(cursor ? { nextCursor: cursor } : {}),
  };
  return json(200, body, req.lang);
});
