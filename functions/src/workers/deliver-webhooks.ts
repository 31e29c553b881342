import { ChangeMessageVisibilityCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createSqsClient, requireEnv, webhookDeliveryId } from '@citydesk/data';
import {
  isWebhookStep,
  OutboxIntent,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_TIMEOUT_MS,
  webhookAudience,
  webhookPayload,
  webhookRetryDelaySeconds,
} from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { caseRepository } from '#platform/case-runtime.ts';
import { logger } from '#platform/logger.ts';
import { businessMetrics, countMetric } from '#platform/metrics.ts';
import { attemptWebhook, retryBaseSeconds, webhookRepository } from '#platform/webhook-runtime.ts';
import { queueWorker, recordFailure } from '#platform/worker-handler.ts';
import { queues } from '../manifest.ts';

/*
 * The outbound webhook worker, in two steps on one queue:
 *
 * 1. Fan-out. The outbox dispatcher copies every timeline event's `analytics` intent
 *    to the webhooks queue. For each tenant that owns or owned the case (webhookAudience)
 *    and each of its active subscriptions to that event type, the worker records the
 *    delivery (once per subscription and event, with the exact body to send) and
 *    queues one delivery message per subscription.
 * 2. Delivery. Each delivery message makes one attempt. A failure leaves the message
 *    on the queue with its visibility set to the backoff delay (exponential), so each
 *    subscription retries on its own schedule and a slow receiver never holds back
 *    another tenant's. After WEBHOOK_MAX_ATTEMPTS the log says `failed` and the message
 *    goes on to the DLQ (the queue's maxReceiveCount equals the attempt limit).
 *
 * Everything is idempotent: a redelivered fan-out message finds its deliveries
 * recorded; a redelivered delivery message finds it delivered (or leased by a
 * concurrent copy) and posts nothing.
 */

const sqs = createSqsClient();
const queueUrl = requireEnv(queues.webhooks.envVar);

const DeliveryMessage = z
  .object({
    kind: z.literal('webhook-delivery'),
    subscriptionId: z.string(),
    tenantId: z.string(),
    eventId: z.string(),
  })
  .strict();
type DeliveryMessage = z.infer<typeof DeliveryMessage>;

/** Retry this message after `delaySeconds` rather than after the queue's visibility timeout. */
class RetryLater extends Error {
  constructor(
    readonly delaySeconds: number,
    /** Why, for the dead-letter note of a final attempt. */
    reason?: string,
  ) {
    super(reason ?? `retry in ${delaySeconds} s`);
  }
}

async function fanOut(caseId: string, eventId: string): Promise<number> {
  const found = await caseRepository.getCaseWithTimeline(caseId);
  if (!found) return 0;
  const event = found.events.find((e) => e.eventId === eventId);
  if (!event) return 0;
  const messages: DeliveryMessage[] = [];
  for (const { tenantId, type } of webhookAudience(found.events, eventId)) {
    const subscriptions = await webhookRepository.activeFor(tenantId, type);
    if (subscriptions.length === 0) continue;
    const body = JSON.stringify(webhookPayload({ type, tenantId, event, case: found.case }));
    for (const subscription of subscriptions) {
      const delivery = await webhookRepository.prepareDelivery({
        tenantId,
        subscriptionId: subscription.id,
        eventId,
        eventType: type,
        caseId,
        trackingNo: found.case.trackingNo,
        body,
      });
      if (delivery.status === 'pending')
        messages.push({ kind: 'webhook-delivery', subscriptionId: subscription.id, tenantId, eventId });
    }
  }
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })),
      }),
    );
    // The fan-out message comes back and queues them again; recorded deliveries are kept as they are.
    if ((result.Failed ?? []).length > 0)
      throw new Error(`could not queue ${result.Failed?.length} delivery(ies)`);
  }
  return messages.length;
}

async function deliver(message: DeliveryMessage, receiveCount: number): Promise<void> {
  const { subscriptionId, tenantId, eventId } = message;
  const delivery = await webhookRepository.getDelivery(subscriptionId, eventId);
  if (delivery?.status !== 'pending') return;
  const subscription = await webhookRepository.get(tenantId, subscriptionId);
  if (!subscription?.active) {
    await webhookRepository.abandonDelivery(
      subscriptionId,
      eventId,
      subscription ? 'subscription inactive' : 'subscription deleted',
    );
    return;
  }
  const leaseSeconds = Math.ceil(WEBHOOK_TIMEOUT_MS / 1000) + 5;
  if (!(await webhookRepository.claimDelivery(subscriptionId, eventId, leaseSeconds))) {
    // A copy of this message is posting right now; look again once its lease is over.
    throw new RetryLater(leaseSeconds);
  }
  const { ok, attempt } = await attemptWebhook({
    url: subscription.url,
    secret: subscription.secret,
    body: delivery.body,
    eventType: delivery.eventType,
    deliveryId: webhookDeliveryId(subscriptionId, eventId),
  });
  const attempts = delivery.attempts + 1;
  if (ok) {
    await webhookRepository.recordAttempt(subscriptionId, eventId, attempt, { status: 'delivered' });
    return;
  }
  // Receives count too: a worker that crashed mid-attempt recorded nothing, yet SQS counted it.
  const final = attempts >= WEBHOOK_MAX_ATTEMPTS || receiveCount >= queues.webhooks.maxReceiveCount;
  const delay = webhookRetryDelaySeconds(attempts, retryBaseSeconds());
  await webhookRepository.recordAttempt(subscriptionId, eventId, attempt, {
    status: final ? 'failed' : 'pending',
    ...(final ? {} : { nextAttemptAt: new Date(Date.now() + delay * 1000).toISOString() }),
  });
  logger.warn('webhook attempt failed', {
    subscriptionId,
    eventId,
    attempts,
    final,
    statusCode: attempt.statusCode,
    error: attempt.error,
  });
  if (final) countMetric(businessMetrics.webhookDeliveriesFailed);
  // Final: the message still fails, so SQS moves it to the DLQ on its next receive.
  throw new RetryLater(
    final ? 0 : delay,
    final ? `${attempts} attempts failed, the last: ${attempt.statusCode ?? attempt.error}` : undefined,
  );
}

async function handleRecord(record: SQSRecord): Promise<void> {
  const body: unknown = JSON.parse(record.body);
  const delivery = DeliveryMessage.safeParse(body);
  if (delivery.success) {
    await deliver(delivery.data, Number(record.attributes.ApproximateReceiveCount ?? '1'));
    return;
  }
  const intent = OutboxIntent.parse(body);
  if (intent.intent !== 'analytics' || !isWebhookStep(intent.eventType)) return;
  const queued = await fanOut(intent.caseId, intent.eventId);
  if (queued > 0)
    logger.info('webhook deliveries queued', { caseId: intent.caseId, eventId: intent.eventId, queued });
}

export const handler = queueWorker(queues.webhooks, deliverBatch);

async function deliverBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  // Deliveries to different receivers run side by side: one slow receiver costs one timeout, not ten.
  await Promise.all(
    event.Records.map(async (record) => {
      try {
        await handleRecord(record);
      } catch (err) {
        recordFailure(record, err);
        batchItemFailures.push({ itemIdentifier: record.messageId });
        const delaySeconds = err instanceof RetryLater ? err.delaySeconds : undefined;
        if (!(err instanceof RetryLater)) {
          logger.error('webhook message failed; it will be retried', {
            messageId: record.messageId,
            error: err as Error,
          });
        }
        if (delaySeconds === undefined) return;
        try {
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queueUrl,
              ReceiptHandle: record.receiptHandle,
              VisibilityTimeout: delaySeconds,
            }),
          );
        } catch (visibilityError) {
          // The message then returns after the queue's visibility timeout: later, never lost.
          logger.warn('could not set the retry delay', {
            messageId: record.messageId,
            error: visibilityError as Error,
          });
        }
      }
    }),
  );
  return { batchItemFailures };
}
