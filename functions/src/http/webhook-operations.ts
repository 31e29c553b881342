import {
  createWebhookRequest,
  ProblemDetails,
  updateWebhookRequest,
  WebhookDeliveryView,
  WebhookSubscriptionIssued,
  WebhookSubscriptionView,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of the outbound webhook admin routes (admin-webhooks.ts), merged
 * into apiOperations. The receivers' side (headers, signature) is in docs/webhooks.md.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const tags = ['admin'];
const idParam = { path: z.object({ webhookId: z.string() }) };
const json = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});
const forbidden = problem('Only administrators manage webhooks');
const notFound = problem('No such subscription in your organisation');

export const webhookOperations: Record<string, ZodOpenApiOperationObject> = {
  AdminListWebhooks: {
    operationId: 'listWebhooks',
    summary: "The tenant's outbound webhook subscriptions (never their secrets)",
    tags,
    security,
    responses: {
      '200': json('Subscriptions', z.object({ items: z.array(WebhookSubscriptionView) })),
      '403': forbidden,
    },
  },
  AdminCreateWebhook: {
    operationId: 'createWebhook',
    summary: 'Subscribe an https receiver to case events; the signing secret is shown once',
    tags,
    security,
    requestBody: { required: true, content: { 'application/json': { schema: createWebhookRequest() } } },
    responses: {
      '201': json('The subscription, with its secret', WebhookSubscriptionIssued),
      '400': problem('Invalid URL (https only, no internal address) or events'),
      '403': forbidden,
    },
  },
  AdminUpdateWebhook: {
    operationId: 'updateWebhook',
    summary: 'Change the URL, events, description or active flag',
    tags,
    security,
    requestParams: idParam,
    requestBody: { required: true, content: { 'application/json': { schema: updateWebhookRequest() } } },
    responses: {
      '200': json('The subscription', WebhookSubscriptionView),
      '400': problem('Invalid change'),
      '403': forbidden,
      '404': notFound,
    },
  },
  AdminDeleteWebhook: {
    operationId: 'deleteWebhook',
    summary: 'Delete a subscription; its pending deliveries stop',
    tags,
    security,
    requestParams: idParam,
    responses: { '204': { description: 'Deleted' }, '403': forbidden, '404': notFound },
  },
  AdminRotateWebhookSecret: {
    operationId: 'rotateWebhookSecret',
    summary: 'Replace the signing secret at once; the new one is shown once',
    tags,
    security,
    requestParams: idParam,
    responses: {
      '200': json('The subscription, with its new secret', WebhookSubscriptionIssued),
      '403': forbidden,
      '404': notFound,
    },
  },
  AdminListWebhookDeliveries: {
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log, newest first: status, attempts, last answer',
    tags,
    security,
    requestParams: {
      ...idParam,
      query: z.object({ limit: z.number().int().min(1).max(100).optional(), cursor: z.string().optional() }),
    },
    responses: {
      '200': json(
        'Deliveries',
        z.object({ items: z.array(WebhookDeliveryView), nextCursor: z.string().optional() }),
      ),
      '400': problem('Invalid cursor or limit'),
      '403': forbidden,
      '404': notFound,
    },
  },
  AdminTestWebhook: {
    operationId: 'testWebhook',
    summary: 'Send a signed ping now and return its delivery (never retried)',
    tags,
    security,
    requestParams: idParam,
    responses: {
      '200': json('The ping delivery, delivered or failed', WebhookDeliveryView),
      '403': forbidden,
      '404': notFound,
    },
  },
};
