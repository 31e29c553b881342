import {
  type Case,
  type CaseEvent,
  formatTrackingNumber,
  type PublicTrackView,
  parseTrackingNumber,
  RESULT_CODE_RULES,
} from '@citydesk/domain';
import { caseRepository } from '#platform/case-runtime.ts';
import { type CityRuntime, cityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json } from '#platform/http-handler.ts';
import { ProblemError } from '#platform/problem-details.ts';

const notFound = () =>
  new ProblemError('case-not-found', {
    tr: 'Bu takip numarasıyla kayıtlı bir başvuru yok. Numarayı kontrol edin.',
    en: 'No case is registered under this tracking number. Please check the number.',
  });

/**
 * The citizen's view of a case: status, work type, owner and the public timeline.
 * No personal data: anyone who has the number may read this.
 */
export const handler = httpHandler(async ({ event, lang }) => {
  const trackingNo = parseTrackingNumber(decodePathParameter(event.pathParameters?.trackingNo));
  if (!trackingNo) {
    throw new ProblemError('invalid-tracking-number', {
      tr: 'Takip numarası 12 rakamdan oluşur (ör. 4827-3915-0266); son rakam kontrol hanesidir.',
      en: 'A tracking number has 12 digits (e.g. 4827-3915-0266); the last one is a check digit.',
    });
  }
  const caseId = await caseRepository.findCaseIdByTrackingNo(trackingNo);
  const found = caseId ? await caseRepository.getCaseWithTimeline(caseId) : undefined;
  if (!found) throw notFound();
  return json(200, toTrackView(found.case, found.events, await cityRuntime(found.case.cityId)), lang);
});

/** Maps a stored case to the public view, resolving names from the catalogue. */
function toTrackView(
  c: Case,
  events: CaseEvent[],
  { workTypesByCode, tenantsById, departmentsByCode }: CityRuntime,
): PublicTrackView {
  const workType = workTypesByCode.get(c.workTypeCode);
  const owner = c.ownerTenantId ? tenantsById.get(c.ownerTenantId) : undefined;
  const department = c.ownerDepartmentCode ? departmentsByCode.get(c.ownerDepartmentCode) : undefined;
  const district = c.location?.districtTenantId ? tenantsById.get(c.location.districtTenantId) : undefined;
  return {
    trackingNo: formatTrackingNumber(c.trackingNo),
    status: c.status,
    workType: { code: c.workTypeCode, name: workType?.name ?? { tr: c.workTypeCode, en: c.workTypeCode } },
    ...(owner
      ? {
          organisation: {
            tenantId: owner.id,
            name: owner.name,
            ...(department ? { department: department.name } : {}),
          },
        }
      : {}),
    ...(district ? { district: district.shortName } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    slaDueAt: c.slaDueAt,
    ...(c.result
      ? {
          result: {
            code: c.result.code,
            name: RESULT_CODE_RULES[c.result.code].label,
            publicAnswer: c.result.publicAnswer,
          },
        }
      : {}),
    timeline: events
      .filter((e) => e.visibility === 'public')
      .map((e) => {
        const org = e.tenantId ? tenantsById.get(e.tenantId) : undefined;
        const message = publicMessageOf(e);
        return {
          at: e.at,
          type: e.type,
          status: e.status,
          ...(org ? { organisation: org.name } : {}),
          ...(message ? { message } : {}),
        };
      }),
  };
}

/**
 * The text a public event carries for the citizen: the answer given at resolution or
 * closure, or a public comment. Only these two fields ever leave the timeline's data;
 * internal details (reasons, notes, routing explanations) never do.
 */
function publicMessageOf(e: CaseEvent): string | undefined {
  const value = e.type === 'comment' ? e.data?.text : e.data?.publicAnswer;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Path parameters may arrive still percent-encoded (a citizen's "4827 3915 0266" in a
 * link). A malformed escape is simply not a tracking number, never a 500.
 */
function decodePathParameter(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    return '';
  }
}
