import {
  AuthConfig,
  ProblemDetails,
  PublicCaseCreated,
  PublicCaseSubmission,
  PublicCatalog,
  PublicTrackView,
  StaffProfile,
} from '@citydesk/domain';
import { z } from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

const acceptLanguage = z
  .string()
  .optional()
  .meta({ description: 'tr (default) or en: the language of error titles and messages', example: 'tr' });

/**
 * OpenAPI operations per manifest route id, built from the same zod schemas the
 * handlers validate with. A test checks that every manifest route has one.
 */
export const apiOperations: Record<string, ZodOpenApiOperationObject> = {
  Health: {
    operationId: 'health',
    summary: 'Liveness and readiness',
    tags: ['platform'],
    responses: {
      '200': {
        description: 'The API and its database are up',
        content: {
          'application/json': {
            schema: z.object({
              status: z.literal('ok'),
              service: z.string(),
              time: z.string(),
              checks: z.record(z.string(), z.string()),
            }),
          },
        },
      },
      '503': problem('The database is not reachable'),
    },
  },
  OpenApi: {
    operationId: 'openApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tags: ['platform'],
    responses: {
      '200': {
        description: 'OpenAPI document',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
    },
  },
  PublicCatalog: {
    operationId: 'getPublicCatalog',
    summary: 'Work types, districts and neighbourhoods for the citizen portal',
    tags: ['public'],
    responses: {
      '200': { description: 'The catalogue', content: { 'application/json': { schema: PublicCatalog } } },
    },
  },
  AuthConfig: {
    operationId: 'getAuthConfig',
    summary: 'Sign-in configuration for the portal (user pool, client, flow)',
    tags: ['public'],
    responses: {
      '200': { description: 'Configuration', content: { 'application/json': { schema: AuthConfig } } },
    },
  },
  StaffMe: {
    operationId: 'getStaffProfile',
    summary: 'The signed-in staff member: tenant, roles, neighbourhood',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    responses: {
      '200': { description: 'Profile', content: { 'application/json': { schema: StaffProfile } } },
      '401': problem('Missing, invalid or expired token'),
      '403': problem('The account is not linked to an organisation'),
    },
  },
  CreatePublicCase: {
    operationId: 'createPublicCase',
    summary: 'File a request or complaint (citizen)',
    tags: ['public'],
    requestParams: {
      header: z.object({
        'idempotency-key': z.string().optional().meta({
          description: 'Retries with the same key within 24 h return the same case',
          example: '9b2f6c1e-3d4a-4f5b-8c7d-1e2f3a4b5c6d',
        }),
        'accept-language': acceptLanguage,
      }),
    },
    requestBody: { required: true, content: { 'application/json': { schema: PublicCaseSubmission } } },
    responses: {
      '201': {
        description: 'Filed; the tracking number is to be read back to the citizen',
        content: { 'application/json': { schema: PublicCaseCreated } },
      },
      '400': problem('Malformed JSON, unknown fields, wrong types or invalid values'),
      '413': problem('Body larger than 64 KB'),
      '415': problem('Not application/json'),
      '422': problem(
        'A business rule failed (unknown work type, missing location) or the Idempotency-Key was reused',
      ),
    },
  },
  TrackPublicCase: {
    operationId: 'trackPublicCase',
    summary: 'Track a case by its tracking number (no personal data)',
    tags: ['public'],
    requestParams: {
      path: z.object({ trackingNo: z.string().meta({ example: '4827-3915-0266' }) }),
      header: z.object({ 'accept-language': acceptLanguage }),
    },
    responses: {
      '200': {
        description: 'Status and public timeline',
        content: { 'application/json': { schema: PublicTrackView } },
      },
      '400': problem('Not a valid tracking number (length or check digit)'),
      '404': problem('No case has this number'),
    },
  },
};
