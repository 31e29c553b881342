import { IntegrationCaseCreated, IntegrationCaseSubmission, ProblemDetails } from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of integration-create-case.ts and open311-georeport.ts, merged
 * into apiOperations. The Open311 resources are the GeoReport v2 specification's
 * (docs/open311.md): described here by path and parameters, their bodies by the spec.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

/** An Open311 answer: the spec's XML document, or its JSON equivalent. */
const open311 = (description: string) => ({
  description,
  content: {
    'text/xml': { schema: z.string().meta({ description: 'GeoReport v2 XML (UTF-8, with declaration)' }) },
    'application/json': { schema: z.unknown().meta({ description: 'GeoReport v2 JSON' }) },
  },
});
const open311Errors = {
  '400': open311(
    '`<errors><error><code>400</code><description/></error></errors>`: a parameter is missing or invalid',
  ),
  '404': open311('Unknown jurisdiction_id, resource, service_code, service_request_id or token'),
};
const jurisdiction = z.object({
  jurisdiction_id: z
    .string()
    .meta({ description: 'The tenant’s jurisdiction id, e.g. karesi.balikesir.bel.tr' }),
});

export const integrationOperations: Record<string, ZodOpenApiOperationObject> = {
  IntegrationCreateCase: {
    operationId: 'integrationCreateCase',
    summary:
      'A machine client files a case for a citizen (district call-centre software, CİMER, e-Devlet, Açık Kapı bridges)',
    description:
      'Needs a key with `case.create` and an `Idempotency-Key`. The external reference is unique per tenant and ' +
      'system: resending it answers 200 with the case it created (`idempotent-replayed: true`). CİMER, e-Devlet and ' +
      'Açık Kapı requests must carry one; CİMER and Açık Kapı cases get their statutory deadline (`legalDueAt`).',
    tags: ['integration'],
    security: [{ apiKey: [] }],
    requestParams: {
      header: z.object({ 'idempotency-key': z.string().meta({ description: '8–128 of A–Z a–z 0–9 _.:-' }) }),
    },
    requestBody: { content: { 'application/json': { schema: IntegrationCaseSubmission } } },
    responses: {
      '201': { description: 'Filed', content: { 'application/json': { schema: IntegrationCaseCreated } } },
      '200': {
        description: 'The same request or external reference again: the case it created',
        content: { 'application/json': { schema: IntegrationCaseCreated } },
      },
      '400': problem(
        'Invalid body, Idempotency-Key missing or invalid, or a state bridge without its reference',
      ),
      '401': problem('No valid API key'),
      '403': problem('The key may not file cases'),
      '422': problem(
        'The Idempotency-Key was used for another request, or the work type’s rules are not met',
      ),
    },
  },
  Open311Document: {
    operationId: 'open311Get',
    summary:
      'Open311 GeoReport v2: discovery, services, requests and servicerequestupdates (`{document}` is e.g. `requests.xml`)',
    tags: ['open311'],
    requestParams: {
      path: z.object({
        document: z.string().meta({
          description: 'discovery | services | requests | servicerequestupdates, then .xml or .json',
        }),
      }),
      query: jurisdiction.extend({
        service_request_id: z
          .string()
          .optional()
          .meta({ description: 'Comma-separated; overrides the other filters' }),
        service_code: z.string().optional(),
        start_date: z
          .string()
          .optional()
          .meta({ description: 'W3C datetime; the window is at most 90 days' }),
        end_date: z.string().optional(),
        status: z.string().optional().meta({ description: 'open, closed or both' }),
        api_key: z
          .string()
          .optional()
          .meta({ description: 'The owner’s key with case.read adds descriptions' }),
      }),
    },
    responses: { '200': open311('The resource (at most 1000 requests or updates)'), ...open311Errors },
  },
  Open311Post: {
    operationId: 'open311Post',
    summary:
      'Open311: POST requests.xml (a service request) or servicerequestupdates.xml (mySociety extension)',
    description:
      'Form-encoded or multipart (`media`: a JPEG, PNG or WebP photo). `api_key` of the jurisdiction’s tenant; ' +
      '`attribute[CODE]` answers the service definition’s questions; updates are recorded once per `update_id`.',
    tags: ['open311'],
    requestParams: { path: z.object({ document: z.string() }) },
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': { schema: z.record(z.string(), z.string()) },
        'multipart/form-data': { schema: z.record(z.string(), z.string()) },
      },
    },
    responses: {
      '201': open311('The service request: service_request_id (the tracking number) and token'),
      '200': open311('The update: update_id'),
      '403': open311('api_key missing, invalid, of another jurisdiction, or without the scope'),
      ...open311Errors,
    },
  },
  Open311ServiceDefinition: {
    operationId: 'open311ServiceDefinition',
    summary: 'Open311: the attributes of a service (the work type’s questions)',
    tags: ['open311'],
    requestParams: {
      path: z.object({ service: z.string().meta({ description: '{service_code}.xml' }) }),
      query: jurisdiction,
    },
    responses: { '200': open311('The service definition'), ...open311Errors },
  },
  Open311Request: {
    operationId: 'open311Request',
    summary: 'Open311: one service request by its service_request_id',
    tags: ['open311'],
    requestParams: {
      path: z.object({ request: z.string().meta({ description: '{service_request_id}.xml' }) }),
      query: jurisdiction,
    },
    responses: { '200': open311('The request'), ...open311Errors },
  },
  Open311Token: {
    operationId: 'open311Token',
    summary: 'Open311: the service_request_id a token stands for',
    tags: ['open311'],
    requestParams: {
      path: z.object({ token: z.string().meta({ description: '{token}.xml' }) }),
      query: jurisdiction,
    },
    responses: { '200': open311('The token and its service_request_id'), ...open311Errors },
  },
};
