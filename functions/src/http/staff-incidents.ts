import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createSqsClient, IncidentVersionConflictError, newId, requireEnv } from '@citydesk/data';
import {
  canManageIncident,
  canReadIncidents,
  DeclareIncidentRequest,
  EndIncidentRequest,
  foldTurkish,
  type Incident,
  type IncidentFanOutMessage,
  IncidentId,
  type IncidentList,
  IncidentListQuery,
  type Principal,
  toIncidentView,
  UpdateIncidentRequest,
  type ValidationMessageKey,
  validationMessages,
} from '@citydesk/domain';
import type { z } from 'zod';
import { type CityRuntime, tenantCityRuntime } from '#platform/city-runtime.ts';
import { type HttpRequest, httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { incidentRepository } from '#platform/incident-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { queues } from '../manifest.ts';

/*
 * Incidents (docs/domain/incidents.md):
 * - GET  /v1/staff/incidents?scope=active|recent: the city's incidents, for everyone
 *   who works or follows cases (the agents' banner reads the active ones);
 * - POST /v1/staff/incidents: declare (the owning tenant's supervisors and managers,
 *   the metropolitan coordinators for any tenant of the city);
 * - GET  /v1/staff/incidents/{id}: one incident with its attached count;
 * - PATCH /v1/staff/incidents/{id}: a new expected end, script or public message;
 * - POST /v1/staff/incidents/{id}/end: ends it with a closing message and queues the
 *   fan-out that answers every attached case (workers/incident-fan-out.ts).
 * Changes are at `expectedVersion` (409 with the current incident when stale). An
 * incident of another city, or one the caller may not manage, is "not found" for
 * changes, so ids cannot be probed.
 */

const sqs = createSqsClient();

const notFound = () =>
  new ProblemError('incident-not-found', {
    tr: 'Bu olay yok ya da değiştirme yetkiniz yok.',
    en: 'This incident does not exist or you may not change it.',
  });

const forbiddenToRead = () =>
  new ProblemError('forbidden', {
    tr: 'Olayları görme yetkiniz yok.',
    en: 'You may not see incidents.',
  });

const ruleViolation = (path: string, key: ValidationMessageKey) =>
  new ProblemError('business-rule-violated', undefined, [{ path, message: validationMessages[key] }]);

async function cityOf(principal: Principal): Promise<CityRuntime> {
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  return runtime;
}

/** Checks a declaration against the city: its tenant, work types, group and neighbourhoods (named as the city spells them). */
function checkedDeclaration(runtime: CityRuntime, parsed: z.output<typeof DeclareIncidentRequest>) {
  if (parsed.workTypeGroup && !runtime.catalog.groups.some((g) => g.code === parsed.workTypeGroup))
    throw ruleViolation('workTypeGroup', 'incident.group');
  for (const [i, code] of parsed.workTypeCodes.entries())
    if (!runtime.workTypesByCode.has(code)) throw ruleViolation(`workTypeCodes.${i}`, 'work-type.unknown');
  const neighbourhoods = parsed.area.neighbourhoods.map((n, i) => {
    const known = runtime.catalog.neighbourhoods.find(
      (k) => k.districtTenantId === n.districtTenantId && foldTurkish(k.name) === foldTurkish(n.name),
    );
    if (!known) throw ruleViolation(`area.neighbourhoods.${i}`, 'incident.neighbourhood');
    return { districtTenantId: known.districtTenantId, name: known.name };
  });
  return { ...parsed, area: { ...parsed.area, neighbourhoods } };
}

async function declare(req: HttpRequest, principal: Principal) {
  const body = parseJsonBody(req, DeclareIncidentRequest);
  if (!canManageIncident(principal, body.tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Bu kurum adına olay bildirme yetkiniz yok.',
      en: 'You may not declare incidents for this organisation.',
    });
  }
  const runtime = await cityOf(principal);
  if (!runtime.tenantsById.has(body.tenantId)) throw ruleViolation('tenantId', 'incident.tenant');
  const checked = checkedDeclaration(runtime, body);
  const now = new Date();
  const at = now.toISOString();
  const incident: Incident = {
    id: newId(),
    cityId: runtime.cityId,
    tenantId: checked.tenantId,
    ...(checked.workTypeGroup ? { workTypeGroup: checked.workTypeGroup } : {}),
    workTypeCodes: checked.workTypeCodes,
    area: checked.area,
    title: checked.title,
    publicMessage: checked.publicMessage,
    agentScript: checked.agentScript,
    startsAt: checked.startsAt ? new Date(checked.startsAt).toISOString() : at,
    expectedEndAt: new Date(checked.expectedEndAt).toISOString(),
    status: 'ACTIVE',
    attachedCount: 0,
    declaredBy: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await incidentRepository.create(incident);
  return json(201, toIncidentView(incident, now), req.lang, {
    location: `/v1/staff/incidents/${incident.id}`,
  });
}

/** The incident the caller may change, or "not found" (another city's, or not theirs to manage). */
async function manageable(principal: Principal, rawId: string): Promise<Incident> {
  const incidentId = validate(IncidentId, rawId);
  const runtime = await cityOf(principal);
  const incident = await incidentRepository.get(incidentId);
  if (!incident || incident.cityId !== runtime.cityId || !canManageIncident(principal, incident.tenantId))
    throw notFound();
  return incident;
}

function conflict(current: Incident | undefined) {
  return new ProblemError(
    'incident-conflict',
    {
      tr: 'Olay siz bakarken değişti; güncel halini inceleyip yeniden deneyin.',
      en: 'The incident changed while you were looking; review it and try again.',
    },
    [],
    current ? { current: toIncidentView(current, new Date()) } : {},
  );
}

async function save(before: Incident, after: Incident): Promise<Incident> {
  try {
    return await incidentRepository.update(before, after);
  } catch (err) {
    if (err instanceof IncidentVersionConflictError) throw conflict(await incidentRepository.get(before.id));
    throw err;
  }
}

async function update(req: HttpRequest, principal: Principal, rawId: string) {
  const body = parseJsonBody(req, UpdateIncidentRequest);
  const incident = await manageable(principal, rawId);
  if (incident.status === 'ENDED') throw new ProblemError('incident-ended');
  if (incident.version !== body.expectedVersion) throw conflict(incident);
  const expectedEndAt = body.expectedEndAt
    ? new Date(body.expectedEndAt).toISOString()
    : incident.expectedEndAt;
  if (Date.parse(expectedEndAt) <= Date.parse(incident.startsAt))
    throw ruleViolation('expectedEndAt', 'incident.expected-end');
  const now = new Date();
  const saved = await save(incident, {
    ...incident,
    expectedEndAt,
    ...(body.agentScript ? { agentScript: body.agentScript } : {}),
    ...(body.publicMessage ? { publicMessage: body.publicMessage } : {}),
    updatedAt: now.toISOString(),
    version: incident.version + 1,
  });
  return json(200, toIncidentView(saved, now), req.lang);
}

/** Queues the fan-out's first page: repeating it is harmless, every case is answered once. */
async function queueFanOut(incidentId: string): Promise<void> {
  const message: IncidentFanOutMessage = { kind: 'plan', incidentId };
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: requireEnv(queues.incidents.envVar),
      MessageBody: JSON.stringify(message),
    }),
  );
}

async function end(req: HttpRequest, principal: Principal, rawId: string) {
  const body = parseJsonBody(req, EndIncidentRequest);
  const incident = await manageable(principal, rawId);
  const now = new Date();
  if (incident.status === 'ENDED') {
    // The same end sent again (a lost response): queue the fan-out again, since it may
    // be the send that failed the first time; otherwise someone else ended it first.
    const same =
      incident.version === body.expectedVersion + 1 && incident.closingMessage?.tr === body.closingMessage.tr;
    if (!same) throw new ProblemError('incident-ended');
    await queueFanOut(incident.id);
    return json(200, toIncidentView(incident, now), req.lang);
  }
  if (incident.version !== body.expectedVersion) throw conflict(incident);
  const at = now.toISOString();
  const saved = await save(incident, {
    ...incident,
    status: 'ENDED',
    endedAt: at,
    closingMessage: body.closingMessage,
    endedBy: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
    updatedAt: at,
    version: incident.version + 1,
  });
  await queueFanOut(saved.id);
  return json(200, toIncidentView(saved, now), req.lang);
}

async function list(req: HttpRequest, principal: Principal) {
  if (!canReadIncidents(principal)) throw forbiddenToRead();
  const query = validate(IncidentListQuery, req.event.queryStringParameters ?? {});
  const runtime = await cityOf(principal);
  const now = new Date();
  if (query.scope === 'active') {
    const active = await incidentRepository.listActive(runtime.cityId);
    const body: IncidentList = { incidents: active.map((i) => toIncidentView(i, now)) };
    return json(200, body, req.lang);
  }
  const page = await incidentRepository.listRecent(runtime.cityId, query.limit, query.cursor);
  const body: IncidentList = {
    incidents: page.incidents.map((i) => toIncidentView(i, now)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
  return json(200, body, req.lang);
}

async function get(req: HttpRequest, principal: Principal, rawId: string) {
  if (!canReadIncidents(principal)) throw forbiddenToRead();
  const incidentId = validate(IncidentId, rawId);
  const runtime = await cityOf(principal);
  const incident = await incidentRepository.get(incidentId);
  if (!incident || incident.cityId !== runtime.cityId) throw notFound();
  return json(200, toIncidentView(incident, new Date()), req.lang);
}

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const method = req.event.requestContext.http.method;
  const rawId = req.event.pathParameters?.incidentId;
  if (rawId === undefined) return method === 'POST' ? declare(req, principal) : list(req, principal);
  if (method === 'GET') return get(req, principal, rawId);
  if (method === 'PATCH') return update(req, principal, rawId);
  return end(req, principal, rawId);
});
