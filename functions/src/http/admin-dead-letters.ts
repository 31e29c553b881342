import {
  createDocumentClient,
  createSqsClient,
  DeadLetterRepository,
  mainTable,
  requireEnv,
} from '@citydesk/data';
import { canOperate } from '@citydesk/domain';
import { audit } from '#platform/case-access.ts';
import { DeadLetterQueues, queueLocationsFromEnvironment } from '#platform/dead-letter-queues.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import {
  DeadLetterPeekQuery,
  DeadLetterQueueName,
  DeadLetterRedriveRequest,
} from './dead-letter-operations.ts';

/*
 * The dead-letter queues for the people who run the deployment: list every queue's DLQ,
 * peek at its messages with why each died, and redrive them to their queue
 * (docs/operations.md). One module for the three routes: the API stack is near
 * CloudFormation's resource limit. Queue URLs come from the queue env vars every
 * function has; each DLQ's URL is derived from its queue's.
 */

const deadLetters = new DeadLetterQueues(
  createSqsClient(),
  queueLocationsFromEnvironment(),
  new DeadLetterRepository(createDocumentClient(), requireEnv(mainTable.envVar)),
);

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  if (!canOperate(principal, 'dead-letters.manage')) {
    throw new ProblemError('forbidden', {
      tr: 'Ölü mektup kuyruklarını yalnızca platform operatörü ve büyükşehir yöneticileri yönetebilir.',
      en: 'Only the platform operator and the metropolitan administrators manage the dead-letter queues.',
    });
  }
  const rawQueue = req.event.pathParameters?.queue;
  if (rawQueue === undefined) {
    return json(200, { items: await deadLetters.summaries() }, req.lang);
  }
  const queue = validate(DeadLetterQueueName, rawQueue);
  if (req.event.requestContext.http.method === 'GET') {
    const { max } = validate(DeadLetterPeekQuery, req.event.queryStringParameters ?? {});
    const items = await deadLetters.peek(queue, max);
    await audit(req, principal, {
      action: 'dead-letters.peek',
      details: { queue, messageIds: items.map((m) => m.messageId) },
    });
    return json(200, { queue, items }, req.lang);
  }
  const selection = parseJsonBody(req, DeadLetterRedriveRequest);
  const result = await deadLetters.redrive(queue, selection);
  // Who moved what: the ids moved, and what was asked for but not found or not sent.
  await audit(req, principal, {
    action: 'dead-letters.redrive',
    details: {
      queue,
      selection:
        'all' in selection ? { all: true, max: selection.max } : { messageIds: selection.messageIds },
      moved: result.moved,
      notFound: result.notFound,
      failed: result.failed,
    },
  });
  return json(200, result, req.lang);
});
