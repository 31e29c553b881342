import {
  canOnTenant,
  isoWeeksBetween,
  type SatisfactionBucket,
  SatisfactionQuery,
  satisfactionRows,
  satisfactionTotal,
} from '@citydesk/domain';
import { cityIdOfTenant, tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { surveyRepository } from '#platform/survey-runtime.ts';

/*
 * GET /v1/staff/satisfaction?from=YYYY-MM-DD&to=YYYY-MM-DD[&tenantId=]: the
 * satisfaction aggregates of surveys sent in the ISO weeks the range touches, with
 * CSAT, the resolution-confirmed rate and the response rate, in total and by tenant,
 * department, work type, intake channel and week. `dashboard.read`: managers read
 * their own tenant; the metropolitan municipality's managers any tenant of the city,
 * or (without `tenantId`) the whole city. Reads are one query per tenant, whatever
 * the number of cases (the counters are kept by the response transactions).
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const query = validate(SatisfactionQuery, req.event.queryStringParameters ?? {});
  const forbidden = () =>
    new ProblemError('forbidden', {
      tr: 'Bu kurumun memnuniyet sonuçlarını görme yetkiniz yok.',
      en: "You may not see this organisation's satisfaction results.",
    });
  const principalCity = await cityIdOfTenant(principal.tenantId);
  let tenantIds: string[];
  if (query.tenantId) {
    const sameCity = (await cityIdOfTenant(query.tenantId)) === principalCity;
    if (!sameCity || !canOnTenant(principal, 'dashboard.read', query.tenantId)) throw forbidden();
    tenantIds = [query.tenantId];
  } else if (
    principal.tenantType === 'metropolitan' &&
    canOnTenant(principal, 'dashboard.read', principal.tenantId)
  ) {
    // The metro's managers see the city: every tenant they may read.
    const runtime = await tenantCityRuntime(principal.tenantId);
    tenantIds = [...(runtime?.tenantsById.keys() ?? [])].filter((t) =>
      canOnTenant(principal, 'dashboard.read', t),
    );
  } else {
    if (!canOnTenant(principal, 'dashboard.read', principal.tenantId)) throw forbidden();
    tenantIds = [principal.tenantId];
  }
  const weeks = isoWeeksBetween(
    new Date(`${query.from}T00:00:00+03:00`),
    new Date(`${query.to}T23:59:59+03:00`),
  );
  const first = weeks[0] ?? '';
  const last = weeks.at(-1) ?? first;
  const buckets: SatisfactionBucket[] = (
    await Promise.all(tenantIds.map((t) => surveyRepository.buckets(t, first, last)))
  ).flat();
  return json(
    200,
    {
      from: query.from,
      to: query.to,
      weeks: { from: first, to: last },
      scope:
        query.tenantId || tenantIds.length === 1 ? { tenantId: tenantIds[0] } : { cityId: principalCity },
      definitions: {
        csat: 'share of 4–5 answers among all answers to the time, conduct and intake questions',
        resolutionConfirmedRate: 'share of "yes" to "was it resolved?" among responses',
        responseRate: 'responses per survey sent',
        reachRate: 'surveys sent per eligible closure (sent + not surveyed)',
      },
      total: satisfactionTotal(buckets),
      byTenant: satisfactionRows(buckets, 'tenantId'),
      byDepartment: satisfactionRows(buckets, 'departmentCode'),
      byWorkType: satisfactionRows(buckets, 'workTypeCode'),
      byChannel: satisfactionRows(buckets, 'channel'),
      byWeek: satisfactionRows(buckets, 'week').sort((a, b) => a.key.localeCompare(b.key)),
    },
    req.lang,
  );
});
