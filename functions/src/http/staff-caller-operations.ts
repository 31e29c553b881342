import {
  CallerLookupRequest,
  CallerLookupResult,
  CallerStatementRequest,
  ClosedAtIntake,
  DuplicateCandidates,
  DuplicateCandidatesRequest,
  DuplicateLinkRequest,
  FirstContactSubmission,
  ProblemDetails,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/* OpenAPI operations of staff-caller-console.ts and staff-duplicate-intake.ts, merged into apiOperations. */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const idempotencyKey = z.object({
  'idempotency-key': z.string().optional().meta({ description: 'A retry returns the first case' }),
});
const closedAtIntake = (description: string) => ({
  description,
  content: { 'application/json': { schema: ClosedAtIntake } },
});

export const staffCallerOperations: Record<string, ZodOpenApiOperationObject> = {
  StaffCallerLookup: {
    operationId: 'lookUpCaller',
    summary:
      "A caller's earlier cases across the city by phone (in the body, never the URL): those you may read, personal data masked by role; audited",
    tags: ['staff'],
    security,
    requestBody: { required: true, content: { 'application/json': { schema: CallerLookupRequest } } },
    responses: {
      '200': {
        description: 'Newest first, with the last notification preference to prefill the form',
        content: { 'application/json': { schema: CallerLookupResult } },
      },
      '400': problem('Not a phone number'),
      '403': problem('You may not file cases'),
    },
  },
  StaffCallerStatement: {
    operationId: 'addCallerStatement',
    summary:
      "The caller's new statement on their open case (internal, with the channel), once per statementId",
    tags: ['staff'],
    security,
    requestParams: { path: z.object({ caseId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: CallerStatementRequest } } },
    responses: {
      '201': {
        description: 'Recorded (or replayed)',
        content: {
          'application/json': { schema: z.object({ statementId: z.string(), replayed: z.boolean() }) },
        },
      },
      '403': problem('You may not add to this case'),
      '404': problem('No such case, or not visible to you'),
      '422': problem('The case has ended: file a new one'),
    },
  },
  StaffFirstContactCase: {
    operationId: 'fileFirstContactCase',
    summary:
      'An information request answered in the call: filed and closed at once (INFO_GIVEN…), the citizen told the answer',
    tags: ['staff'],
    security,
    requestParams: { header: idempotencyKey },
    requestBody: { required: true, content: { 'application/json': { schema: FirstContactSubmission } } },
    responses: {
      '201': closedAtIntake('Filed and closed'),
      '400': problem('Invalid request'),
      '403': problem('You may not file, or not close at first contact'),
      '422': problem('A business rule is broken (work type, location)'),
    },
  },
  StaffDuplicateCandidates: {
    operationId: 'findDuplicateCandidates',
    summary:
      'Open cases of the same work type or group within the radius and window of its group’s rule, nearest first; no personal data',
    tags: ['staff'],
    security,
    requestBody: { required: true, content: { 'application/json': { schema: DuplicateCandidatesRequest } } },
    responses: {
      '200': {
        description: 'The rule applied and the candidates',
        content: { 'application/json': { schema: DuplicateCandidates } },
      },
      '403': problem('You may not file cases'),
      '422': problem('Unknown work type'),
    },
  },
  StaffDuplicateLink: {
    operationId: 'linkDuplicate',
    summary:
      "The caller's report filed and closed as DUPLICATE of an open master, whose updates the caller then receives",
    tags: ['staff'],
    security,
    requestParams: { header: idempotencyKey },
    requestBody: { required: true, content: { 'application/json': { schema: DuplicateLinkRequest } } },
    responses: {
      '201': closedAtIntake('Filed, closed and subscribed to the master'),
      '403': problem('You may not file, or not close at first contact'),
      '404': problem('No such master, or not visible to you'),
      '422': problem('The master is no longer open'),
    },
  },
};
