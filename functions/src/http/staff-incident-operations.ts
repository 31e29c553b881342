import {
  DeclareIncidentRequest,
  EndIncidentRequest,
  IncidentList,
  IncidentView,
  NeighbourhoodCaseList,
  ProblemDetails,
  UpdateIncidentRequest,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/* OpenAPI operations of staff-incidents.ts and staff-neighbourhood-cases.ts, merged into apiOperations. */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const incidentId = z.object({ incidentId: z.string().meta({ description: 'The incident id (ULID)' }) });
const json = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});

export const incidentOperations: Record<string, ZodOpenApiOperationObject> = {
  StaffListIncidents: {
    operationId: 'listIncidents',
    summary: "The city's incidents: the active ones (agents' banner) or every one, newest first",
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        scope: z.enum(['active', 'recent']).optional(),
        limit: z.string().optional().meta({ description: 'recent: 1–100, default 50' }),
        cursor: z.string().optional(),
      }),
    },
    responses: {
      '200': json('Incidents with their scripts and attached counts', IncidentList),
      '403': problem('Administrators, platform operators and API keys do not read incidents'),
    },
  },
  StaffDeclareIncident: {
    operationId: 'declareIncident',
    summary:
      "Declare an incident (the owning tenant's supervisors and managers, the metropolitan coordinators): new cases of its work types in its area are attached at routing",
    tags: ['staff'],
    security,
    requestBody: { content: { 'application/json': { schema: DeclareIncidentRequest } } },
    responses: {
      '201': json('Declared', IncidentView),
      '403': problem('You may not declare incidents for this organisation'),
      '422': problem('Unknown work type, group, neighbourhood or organisation'),
    },
  },
  StaffGetIncident: {
    operationId: 'getIncident',
    summary: 'One incident of the city',
    tags: ['staff'],
    security,
    requestParams: { path: incidentId },
    responses: {
      '200': json('The incident', IncidentView),
      '404': problem('No such incident in your city'),
    },
  },
  StaffUpdateIncident: {
    operationId: 'updateIncident',
    summary: 'A new expected end, agent script or public message, at expectedVersion',
    tags: ['staff'],
    security,
    requestParams: { path: incidentId },
    requestBody: { content: { 'application/json': { schema: UpdateIncidentRequest } } },
    responses: {
      '200': json('Changed', IncidentView),
      '404': problem('No such incident, or not yours to change'),
      '409': problem('Changed meanwhile (the current incident is in `current`), or already ended'),
    },
  },
  StaffEndIncident: {
    operationId: 'endIncident',
    summary:
      'End an incident with a closing message: every attached case is answered once (open ones resolved with it), through a queued fan-out',
    tags: ['staff'],
    security,
    requestParams: { path: incidentId },
    requestBody: { content: { 'application/json': { schema: EndIncidentRequest } } },
    responses: {
      '200': json('Ended; the fan-out is queued', IncidentView),
      '404': problem('No such incident, or not yours to end'),
      '409': problem('Changed meanwhile, or ended by someone else'),
    },
  },
  StaffNeighbourhoodCases: {
    operationId: 'listNeighbourhoodCases',
    summary: "A muhtar's neighbourhood: the public status of its cases, newest first (no personal data)",
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        status: z.string().optional().meta({ description: 'One workflow status' }),
        limit: z.string().optional().meta({ description: '1–50, default 20' }),
        cursor: z.string().optional(),
      }),
    },
    responses: {
      '200': json('Cases of the neighbourhood', NeighbourhoodCaseList),
      '403': problem('Muhtars only'),
    },
  },
};
