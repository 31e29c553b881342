import type {
  DeclareIncidentRequest,
  EndIncidentRequest,
  IncidentList,
  IncidentView,
  NeighbourhoodCaseList,
  UpdateIncidentRequest,
} from '@citydesk/domain';
import { authedRequest } from '#lib/api/authed-fetch.ts';

/*
 * The incidents and muhtar-channel API (docs/domain/incidents.md,
 * docs/domain/muhtar-channel.md), typed by the domain's contracts.
 */

/** `active`: what agents read now (the banner); `recent`: every incident, newest first. */
export function fetchIncidents(scope: 'active' | 'recent', cursor?: string): Promise<IncidentList> {
  const params = new URLSearchParams({ scope });
  if (cursor) params.set('cursor', cursor);
  return authedRequest<IncidentList>('GET', `/v1/staff/incidents?${params}`);
}

export function declareIncident(body: DeclareIncidentRequest): Promise<IncidentView> {
  return authedRequest<IncidentView>('POST', '/v1/staff/incidents', { body });
}

export function updateIncident(id: string, body: UpdateIncidentRequest): Promise<IncidentView> {
  return authedRequest<IncidentView>('PATCH', `/v1/staff/incidents/${encodeURIComponent(id)}`, { body });
}

export function endIncident(id: string, body: EndIncidentRequest): Promise<IncidentView> {
  return authedRequest<IncidentView>('POST', `/v1/staff/incidents/${encodeURIComponent(id)}/end`, { body });
}

/** One page of the muhtar's neighbourhood's cases, public fields only. */
export function fetchNeighbourhoodCases(query: {
  status?: string;
  cursor?: string;
  limit?: number;
}): Promise<NeighbourhoodCaseList> {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.cursor) params.set('cursor', query.cursor);
  params.set('limit', String(query.limit ?? 20));
  return authedRequest<NeighbourhoodCaseList>('GET', `/v1/staff/neighbourhood-cases?${params}`);
}
