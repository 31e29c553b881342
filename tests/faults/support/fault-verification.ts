import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DeadLetterRepository, mainTable } from '@citydesk/data';
import { type Case, decideNotification, type NotificationEvent } from '@citydesk/domain';
import { queueConsumers } from '@citydesk/functions/manifest';
import type { LocalEndpoints } from '@citydesk/local-cloud';
import { expectedEnd, type ScriptedCase } from './case-scripts.ts';

/*
 * What the fault run checks once everything has settled: the table, the dev outbox
 * and the dead-letter queues, read directly (the API is not under test here, the
 * data is). Each check returns the offending items, not a boolean, so a failure in
 * the report says which case, which message, which queue.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The queues some consumer reads: only these can ever drain. */
export function consumedQueues(endpoints: LocalEndpoints): { name: string; url: string; dlqUrl: string }[] {
  const consumed = new Set(queueConsumers.map((c) => c.queue as string));
  return Object.entries(endpoints.queues)
    .filter(([name]) => consumed.has(name))
    .map(([name, q]) => ({ name, url: q.url, dlqUrl: q.dlqUrl }));
}

/** Malformed bodies on every consumed queue: not JSON, and JSON of no shape any consumer knows. */
export async function injectPoisonMessages(
  sqs: SQSClient,
  endpoints: LocalEndpoints,
): Promise<Map<string, { queue: string; body: string }>> {
  const bodies = [
    'this is not json {',
    JSON.stringify({ intent: 'no-such-intent', caseId: 'x', eventId: 'y' }),
  ];
  const poison = new Map<string, { queue: string; body: string }>();
  for (const queue of consumedQueues(endpoints)) {
    for (const body of bodies) {
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
      if (sent.MessageId) poison.set(sent.MessageId, { queue: queue.name, body });
    }
  }
  return poison;
}

/** Messages waiting or in flight on a queue. */
async function depth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/**
 * Waits until every consumed queue is empty (nothing waiting, nothing in flight) on
 * `stableChecks` checks in a row, a few seconds apart: long enough for the stream
 * reader to have relayed anything still in the stream. Returns the time it took.
 */
export async function waitForQuiescence(
  sqs: SQSClient,
  endpoints: LocalEndpoints,
  options: { timeoutMs: number; stableChecks?: number; log?: (line: string) => void },
): Promise<number> {
  const began = Date.now();
  const queues = consumedQueues(endpoints);
  let stable = 0;
  let lastReport = 0;
  while (stable < (options.stableChecks ?? 4)) {
    if (Date.now() - began > options.timeoutMs) {
      const depths = await Promise.all(queues.map(async (q) => `${q.name}=${await depth(sqs, q.url)}`));
      throw new Error(`queues not quiet after ${options.timeoutMs} ms: ${depths.join(', ')}`);
    }
    let total = 0;
    const depths: string[] = [];
    for (const q of queues) {
      const d = await depth(sqs, q.url).catch(() => 1);
      total += d;
      if (d > 0) depths.push(`${q.name}=${d}`);
    }
    stable = total === 0 ? stable + 1 : 0;
    if (Date.now() - lastReport > 15_000) {
      options.log?.(`[quiescence] ${total === 0 ? 'empty' : depths.join(', ')}`);
      lastReport = Date.now();
    }
    await sleep(2500);
  }
  return Date.now() - began;
}

/** Every item of the main table with one of these entities (one scan, two segments). */
async function scanEntities(
  doc: DynamoDBDocumentClient,
  entities: string[],
): Promise<Map<string, Record<string, unknown>[]>> {
  const table = process.env[mainTable.envVar] as string;
  const byEntity = new Map<string, Record<string, unknown>[]>(entities.map((e) => [e, []]));
  const values = Object.fromEntries(entities.map((e, i) => [`:e${i}`, e]));
  await Promise.all(
    [0, 1].map(async (segment) => {
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: 2,
            FilterExpression: `entity IN (${Object.keys(values).join(', ')})`,
            ExpressionAttributeValues: values,
            ConsistentRead: true,
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of page.Items ?? []) byEntity.get(String(item.entity))?.push(item);
        cursor = page.LastEvaluatedKey;
      } while (cursor);
    }),
  );
  return byEntity;
}

/** A dead-lettered message and why it died. */
export interface DeadLetter {
  queue: string;
  messageId: string;
  body: string;
  reason?: string;
  poison: boolean;
}

/** Every message in every consumed queue's DLQ, with its dead-letter note (left in the DLQ). */
async function readDeadLetters(
  sqs: SQSClient,
  doc: DynamoDBDocumentClient,
  endpoints: LocalEndpoints,
  poison: Map<string, unknown>,
): Promise<DeadLetter[]> {
  const notes = new DeadLetterRepository(doc, process.env[mainTable.envVar] as string);
  const out: DeadLetter[] = [];
  for (const queue of consumedQueues(endpoints)) {
    const seen = new Map<string, Message>();
    // Received with a visibility timeout, so each message shows once; they return to the DLQ after it.
    for (let empty = 0; empty < 2; ) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 120,
          WaitTimeSeconds: 0,
        }),
      );
      if (Messages.length === 0) empty++;
      for (const m of Messages) if (m.MessageId) seen.set(m.MessageId, m);
    }
    const found = await notes.notesFor(queue.name, [...seen.keys()]);
    for (const [messageId, m] of seen) {
      const note = found.get(messageId);
      out.push({
        queue: queue.name,
        messageId,
        body: m.Body ?? '',
        ...(note ? { reason: `${note.errorName}: ${note.errorMessage}` } : {}),
        poison: poison.has(messageId),
      });
    }
  }
  return out;
}

/** The outcome of the checks; every list must be empty and every count as stated. */
export interface Verification {
  casesFiled: number;
  caseItems: number;
  trackingItems: number;
  /** Idempotency keys whose retries named more than one case. */
  keysWithSeveralCases: string[];
  /** Cases a 201 named that the table does not hold. */
  missingCases: string[];
  /** Case items no 201 named (a filing that was stored twice, or a phantom). */
  unexpectedCases: string[];
  wrongStates: { caseId: string; script: string; expected: string; actual: string }[];
  notifications: {
    required: number;
    deliveredOnce: number;
    /** (case, event, channel) with more than one message in the dev outbox. */
    duplicated: string[];
    /** Required, never delivered, but in the notifications DLQ with a reason. */
    deadLettered: number;
    /** Required, never delivered, and not in the DLQ either: lost. */
    lost: string[];
  };
  deadLetters: {
    total: number;
    poison: number;
    poisonInjected: number;
    /** Poison messages not in their DLQ. */
    poisonMissing: string[];
    /** DLQ messages without a dead-letter note. */
    unexplained: string[];
    byQueue: Record<string, number>;
    reasons: Record<string, number>;
  };
}

export async function verifyRun(input: {
  cases: ScriptedCase[];
  poison: Map<string, { queue: string; body: string }>;
  endpoints: LocalEndpoints;
  sqs: SQSClient;
  doc: DynamoDBDocumentClient;
}): Promise<Verification> {
  const { cases, endpoints, sqs, doc, poison } = input;
  const items = await scanEntities(doc, ['Case', 'TrackingNumber', 'Outbox', 'DevOutboxMessage']);
  const caseItems = new Map((items.get('Case') ?? []).map((i) => [String(i.id), i as unknown as Case]));
  const filed = cases.filter((c) => c.filedCaseIds.length > 0);
  const accepted = new Set(filed.flatMap((c) => c.filedCaseIds));

  const keysWithSeveralCases = filed
    .filter((c) => new Set(c.filedCaseIds).size > 1)
    .map((c) => `${c.idempotencyKey}: ${[...new Set(c.filedCaseIds)].join(', ')}`);
  const missingCases = [...accepted].filter((id) => !caseItems.has(id));
  const unexpectedCases = [...caseItems.keys()].filter((id) => !accepted.has(id));

  const wrongStates: Verification['wrongStates'] = [];
  for (const c of filed) {
    const stored = caseItems.get(c.caseId as string);
    if (!stored) continue;
    const want = expectedEnd(c);
    const actual = `${stored.status} ${stored.ownerTenantId ?? '-'}${stored.result ? ` ${stored.result.code}` : ''}`;
    const ok =
      stored.status === want.status &&
      stored.ownerTenantId === want.ownerTenantId &&
      (want.resultCode === undefined || stored.result?.code === want.resultCode);
    if (!ok)
      wrongStates.push({
        caseId: stored.id,
        script: c.script,
        expected: `${want.status} ${want.ownerTenantId}${want.resultCode ? ` ${want.resultCode}` : ''}`,
        actual,
      });
  }

  const deadLetters = await readDeadLetters(sqs, doc, endpoints, poison);
  const deadNotices = new Set(
    deadLetters
      .filter((d) => d.queue === 'notifications' && d.reason)
      .flatMap((d) => {
        try {
          const body = JSON.parse(d.body) as { caseId?: string; eventId?: string };
          return body.caseId && body.eventId ? [`${body.caseId}#${body.eventId}`] : [];
        } catch {
          return [];
        }
      }),
  );

  // Messages per (case, event, channel): the dedupe key is case#event#channel#recipient-hash.
  const messages = new Map<string, number>();
  for (const m of items.get('DevOutboxMessage') ?? []) {
    const [caseId, eventId, channel] = String(m.dedupeKey).split('#');
    const key = `${caseId}#${eventId}#${channel}`;
    messages.set(key, (messages.get(key) ?? 0) + 1);
  }
  const duplicated = [...messages].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
  let required = 0;
  let deliveredOnce = 0;
  let deadLettered = 0;
  const lost: string[] = [];
  for (const outbox of items.get('Outbox') ?? []) {
    const intent = outbox.intent as { intent: string; caseId: string; eventId: string; step?: string };
    if (intent.intent !== 'notify-citizen' && intent.intent !== 'send-survey') continue;
    const c = caseItems.get(intent.caseId);
    if (!c) continue;
    const step = (intent.intent === 'send-survey' ? 'survey' : intent.step) as NotificationEvent;
    // The scripts never close at first contact nor correct a result: both facts are false.
    const decision = decideNotification(c, { event: step, atFirstContact: false, corrected: false });
    if (!decision.send) continue;
    required++;
    const count = messages.get(`${intent.caseId}#${intent.eventId}#${decision.channel}`) ?? 0;
    if (count >= 1) deliveredOnce += count === 1 ? 1 : 0;
    else if (deadNotices.has(`${intent.caseId}#${intent.eventId}`)) deadLettered++;
    else lost.push(`${intent.caseId}#${intent.eventId} ${step} by ${decision.channel}`);
  }

  const byQueue: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const d of deadLetters) {
    byQueue[d.queue] = (byQueue[d.queue] ?? 0) + 1;
    const reason = d.reason ? d.reason.replaceAll(/[0-9A-HJKMNP-TV-Z]{26}/g, '<id>').slice(0, 120) : 'none';
    reasons[`${d.poison ? 'poison' : 'run'} ${d.queue}: ${reason}`] =
      (reasons[`${d.poison ? 'poison' : 'run'} ${d.queue}: ${reason}`] ?? 0) + 1;
  }
  const inDlq = new Set(deadLetters.map((d) => d.messageId));
  return {
    casesFiled: filed.length,
    caseItems: caseItems.size,
    trackingItems: items.get('TrackingNumber')?.length ?? 0,
    keysWithSeveralCases,
    missingCases,
    unexpectedCases,
    wrongStates,
    notifications: { required, deliveredOnce, duplicated, deadLettered, lost },
    deadLetters: {
      total: deadLetters.length,
      poison: deadLetters.filter((d) => d.poison).length,
      poisonInjected: poison.size,
      poisonMissing: [...poison.keys()].filter((id) => !inDlq.has(id)),
      unexplained: deadLetters.filter((d) => !d.reason).map((d) => `${d.queue} ${d.messageId}`),
      byQueue,
      reasons,
    },
  };
}
