import { ProblemDetails, WorkTypeSuggestionList, WorkTypeSuggestionRequest } from '@citydesk/domain';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of work-type classification (staff-work-type-suggestions.ts),
 * merged into apiOperations.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

export const classificationOperations: Record<string, ZodOpenApiOperationObject> = {
  StaffWorkTypeSuggestions: {
    operationId: 'suggestWorkTypes',
    summary:
      'The three likeliest work types of your city for free text (a call, an SMS, a WhatsApp message, an e-mail), best first; Turkish-aware, the text is not stored',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: WorkTypeSuggestionRequest } },
    },
    responses: {
      '200': {
        description: 'Up to three suggestions; none when the text names no subject the catalogue knows',
        content: { 'application/json': { schema: WorkTypeSuggestionList } },
      },
      '400': problem('Empty or over-long text'),
      '403': problem('Your role may not file cases'),
    },
  },
};
