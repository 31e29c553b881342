import { z } from 'zod';

/**
 * Follow-up work recorded in the same transaction as the change that causes it
 * (transactional outbox). The stream dispatcher forwards each intent to the queue
 * named for it in the manifest; consumers must be idempotent because delivery is
 * at least once.
 */
export const OutboxIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('route-case'), caseId: z.string(), eventId: z.string() }).strict(),
]);
export type OutboxIntent = z.infer<typeof OutboxIntent>;
export type OutboxIntentName = OutboxIntent['intent'];
