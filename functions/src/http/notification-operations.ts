import { CallbackTask, CompleteCallbackRequest, DevOutboxMessage, ProblemDetails } from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/* OpenAPI operations of dev-outbox.ts and staff-callbacks.ts, merged into apiOperations. */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];

export const notificationOperations: Record<string, ZodOpenApiOperationObject> = {
  DevOutbox: {
    operationId: 'listDevOutbox',
    summary: 'Local only: the messages the dev outbox provider stored instead of sending (404 on AWS)',
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        trackingNo: z.string().optional(),
        recipient: z.string().optional(),
        limit: z.string().optional().meta({ description: '1–200, default 50' }),
      }),
    },
    responses: {
      '200': {
        description: 'Newest first',
        content: { 'application/json': { schema: z.object({ items: z.array(DevOutboxMessage) }) } },
      },
      '403': problem('Administrators, coordinators and managers only'),
      '404': problem('No dev outbox in this deployment'),
    },
  },
  StaffListCallbacks: {
    operationId: 'listCallbacks',
    summary: 'Citizens who asked to be called back, per tenant',
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        tenantId: z.string().optional(),
        status: z.enum(['open', 'done']).optional(),
        limit: z.string().optional(),
      }),
    },
    responses: {
      '200': {
        description: 'Call-back tasks (no personal data: open the case for the number)',
        content: {
          'application/json': { schema: z.object({ tenantId: z.string(), items: z.array(CallbackTask) }) },
        },
      },
      '403': problem('You may not list this organisation’s call-backs'),
    },
  },
  StaffCompleteCallback: {
    operationId: 'completeCallback',
    summary: 'The call was made, or the citizen was unreachable; audited and on the case timeline',
    tags: ['staff'],
    security,
    requestParams: { path: z.object({ taskId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: CompleteCallbackRequest } } },
    responses: {
      '200': { description: 'Completed', content: { 'application/json': { schema: CallbackTask } } },
      '403': problem('You may not call the applicant of this case'),
      '404': problem('No such task, or not yours'),
      '409': problem('Someone else completed it'),
    },
  },
};
