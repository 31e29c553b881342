import { ProblemDetails } from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { type QueueName, queues } from '../manifest.ts';
import { MAX_PEEK, MAX_REDRIVE } from '../platform/dead-letter-queues.ts';

/*
 * Contracts and OpenAPI operations of the dead-letter routes (admin-dead-letters.ts),
 * merged into apiOperations. The procedure around them is in docs/operations.md.
 */

/** A manifest queue's name: the only queues whose dead letters the API knows. */
export const DeadLetterQueueName = z.enum(Object.keys(queues) as [QueueName, ...QueueName[]]);

export const DeadLetterPeekQuery = z.strictObject({
  max: z.coerce.number().int().min(1).max(MAX_PEEK).default(10),
});

/** By id (what a peek showed), or the first `max` of the queue. */
export const DeadLetterRedriveRequest = z.union([
  z.strictObject({ messageIds: z.array(z.string().min(1).max(128)).min(1).max(MAX_PEEK) }),
  z.strictObject({ all: z.literal(true), max: z.number().int().min(1).max(MAX_REDRIVE).default(100) }),
]);

const Note = z.object({
  receiveCount: z.number().int(),
  firstFailureAt: z.iso.datetime(),
  lastFailureAt: z.iso.datetime(),
  errorName: z.string(),
  errorMessage: z
    .string()
    .meta({ description: 'Masked (phone numbers, e-mail addresses) and at most 300 characters' }),
});

export const DeadLetterQueueSummaryView = z
  .object({
    queue: DeadLetterQueueName,
    messages: z.number().int(),
    inFlight: z.number().int(),
    oldestMessageAgeSeconds: z.number().int().optional(),
    maxReceiveCount: z.number().int(),
  })
  .meta({ id: 'DeadLetterQueueSummary' });

export const DeadLetterMessageView = z
  .object({
    messageId: z.string(),
    body: z
      .unknown()
      .meta({ description: 'The message body (outbox intents carry ids only), personal data masked' }),
    intent: z.string().optional(),
    receiveCount: z.number().int(),
    sentAt: z.iso.datetime(),
    note: Note.optional().meta({
      description: 'Why the message died, as its consumer recorded on its last receive',
    }),
  })
  .meta({ id: 'DeadLetterMessage' });

export const DeadLetterRedriveResult = z
  .object({
    queue: DeadLetterQueueName,
    moved: z.array(z.object({ messageId: z.string(), newMessageId: z.string() })),
    notFound: z.array(z.string()),
    failed: z.array(z.object({ messageId: z.string(), error: z.string() })),
  })
  .meta({ id: 'DeadLetterRedriveResult' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const json = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});
const security = [{ cognitoIdToken: [] }];
const tags = ['operations'];
const forbidden = problem('Only the platform operator and the metropolitan administrators');
const queueParam = { path: z.object({ queue: DeadLetterQueueName }) };

export const deadLetterOperations: Record<string, ZodOpenApiOperationObject> = {
  AdminListDeadLetters: {
    operationId: 'listDeadLetterQueues',
    summary: "Every queue's dead-letter queue: depth and the age of its oldest message",
    tags,
    security,
    responses: {
      '200': json('The queues', z.object({ items: z.array(DeadLetterQueueSummaryView) })),
      '403': forbidden,
    },
  },
  AdminPeekDeadLetters: {
    operationId: 'peekDeadLetters',
    summary: 'Look at up to `max` dead letters of a queue with why each died; they stay in the DLQ',
    tags,
    security,
    requestParams: { ...queueParam, query: DeadLetterPeekQuery },
    responses: {
      '200': json(
        'The messages',
        z.object({ queue: DeadLetterQueueName, items: z.array(DeadLetterMessageView) }),
      ),
      '400': problem('Unknown queue or invalid max'),
      '403': forbidden,
    },
  },
  AdminRedriveDeadLetters: {
    operationId: 'redriveDeadLetters',
    summary:
      'Move dead letters back to their queue (by id, or the first `max`); idempotent: a message already moved is reported notFound',
    tags,
    security,
    requestParams: queueParam,
    requestBody: { required: true, content: { 'application/json': { schema: DeadLetterRedriveRequest } } },
    responses: {
      '200': json('What was moved, not found, or left in the DLQ', DeadLetterRedriveResult),
      '400': problem('Unknown queue or invalid selection'),
      '403': forbidden,
    },
  },
};
