import {
  can,
  suggestWorkTypes,
  type WorkType,
  type WorkTypeSuggestionList,
  WorkTypeSuggestionRequest,
} from '@citydesk/domain';
import { workTypeClassifierModel } from '@citydesk/domain/work-type-classifier-model';
import { type CityRuntime, tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/** Published configuration versions never change: the offered work types are worked out once per version. */
const offered = new WeakMap<CityRuntime, WorkType[]>();

/** The city's work types a form may offer: those the metropolitan municipality has not disabled city-wide. */
function offeredWorkTypes(runtime: CityRuntime): WorkType[] {
  let list = offered.get(runtime);
  if (!list) {
    list = runtime.catalog.workTypes.filter(
      (w) => runtime.overrideOf(runtime.metroTenantId, w.code)?.enabled !== false,
    );
    offered.set(runtime, list);
  }
  return list;
}

/**
 * The three likeliest work types for free text that someone filing a case has in
 * front of them (what a caller says, a message from the inbox), from the offline
 * trained classifier (docs/domain/classification.md). Only for those who may file
 * cases: agents, coordinators, unit staff, supervisors and muhtars. The text is
 * neither stored nor logged: it may hold a citizen's personal data.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  if (!can(principal, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' })) {
    throw new ProblemError('forbidden', {
      tr: 'İş türü önerisi yalnızca başvuru kaydedebilenler içindir.',
      en: 'Work-type suggestions are for those who may file cases.',
    });
  }
  const { text } = parseJsonBody(req, WorkTypeSuggestionRequest);
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  const groups = new Map(runtime.catalog.groups.map((g) => [g.code, g.name]));
  const body: WorkTypeSuggestionList = {
    suggestions: suggestWorkTypes(text, workTypeClassifierModel(), {
      workTypes: offeredWorkTypes(runtime),
      groups: runtime.catalog.groups,
    }).flatMap(({ code, score }) => {
      const workType = runtime.workTypesByCode.get(code);
      if (!workType) return [];
      const groupName = groups.get(workType.group) ?? { tr: workType.group, en: workType.group };
      return [{ code, score, name: workType.name, group: workType.group, groupName }];
    }),
  };
  return json(200, body, req.lang);
});
