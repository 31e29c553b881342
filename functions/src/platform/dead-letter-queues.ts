import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetterNote } from '@citydesk/data';
import { type QueueName, queues } from '../manifest.ts';
import { maskMessageBody } from './dead-letter-reasons.ts';

/*
 * The dead-letter queues, for the operator: depth, a look at the messages with the
 * reason each died (the notes the queue worker wrapper stored), and redrive back to the
 * source queue. The admin API (http/admin-dead-letters.ts) and the CLI (scripts/dlq.ts)
 * both use this module, handing in queue URLs and an SQS client.
 *
 * Redrive sends each chosen message to its source queue with the same body and
 * attributes, then deletes it from the DLQ. A crash between the two leaves the message
 * in both queues: one more delivery to a consumer that is idempotent (docs/operations.md),
 * so nothing happens twice. SQS's own StartMessageMoveTask cannot pick messages, and
 * the local emulator lacks it.
 */

/** A manifest queue and where it and its DLQ live. */
export interface QueueLocation {
  queue: QueueName;
  url: string;
  deadLetterUrl: string;
}

/**
 * The DLQ of queue `<name>` is `<name>-dlq`, in the same account and region
 * (infra/lib/constructs/message-queues.ts, packages/local-cloud/src/provision-resources.ts),
 * so its URL is the source queue's with `-dlq` appended: no environment variable of its own.
 */
export function deadLetterUrlOf(queueUrl: string): string {
  return `${queueUrl.replace(/\/+$/u, '')}-dlq`;
}

/** Every manifest queue whose URL the environment names (every function's does). */
export function queueLocationsFromEnvironment(env: NodeJS.ProcessEnv = process.env): QueueLocation[] {
  return Object.values(queues).flatMap((q) => {
    const url = env[q.envVar];
    return url ? [{ queue: q.name, url, deadLetterUrl: deadLetterUrlOf(url) }] : [];
  });
}

/** Where the notes come from: the main table (DeadLetterRepository). */
export interface DeadLetterNoteReader {
  notesFor(queue: string, messageIds: readonly string[]): Promise<Map<string, DeadLetterNote>>;
}

/** One queue's dead letters at a glance. */
export interface DeadLetterQueueSummary {
  queue: QueueName;
  /** Messages waiting in the DLQ (ApproximateNumberOfMessages). */
  messages: number;
  /** DLQ messages someone has received and not yet released (a peek or a redrive in progress). */
  inFlight: number;
  /**
   * Age of the oldest of up to 10 sampled messages, counted from the original send:
   * SQS keeps a message's enqueue time when it moves it to the DLQ, and the 14-day
   * retention counts from it. Absent when the DLQ is empty.
   */
  oldestMessageAgeSeconds?: number;
  maxReceiveCount: number;
}

/** A dead letter as the operator sees it. */
export interface DeadLetterMessage {
  messageId: string;
  /** The body, parsed when JSON, with any personal data masked. */
  body: unknown;
  /** The `intent` message attribute the outbox dispatcher sets, when present. */
  intent?: string;
  /** Receives so far, on the source queue and in the DLQ (each peek counts one). */
  receiveCount: number;
  /** When the message was first sent to the source queue. */
  sentAt: string;
  /** Why it died, when the consumer's wrapper stored a note. */
  note?: Omit<DeadLetterNote, 'queue' | 'messageId'>;
}

/** Which messages to redrive. */
export type RedriveSelection = { messageIds: readonly string[] } | { all: true; max: number };

/** What a redrive did. Asking again for a message already moved finds it `notFound`: harmless. */
export interface RedriveResult {
  queue: QueueName;
  moved: { messageId: string; newMessageId: string }[];
  /** Asked for by id, not in the DLQ (already redriven, expired, or never there). */
  notFound: string[];
  /** Could not be sent to the source queue; left in the DLQ. */
  failed: { messageId: string; error: string }[];
}

/** Options of {@link DeadLetterQueues}. */
export interface DeadLetterQueuesOptions {
  /** How long a peek hides messages before it releases them (it releases them at once when done). */
  peekVisibilitySeconds?: number;
  /** How long a redrive holds the messages it looks through; covers its sends and deletes. */
  redriveVisibilitySeconds?: number;
  /** At most this many DLQ messages looked through per redrive (a Lambda's time is short). */
  maxScanned?: number;
  now?: () => Date;
}

/** The most a peek shows and a redrive moves in one call. */
export const MAX_PEEK = 100;
export const MAX_REDRIVE = 500;

/**
 * Splits received DLQ messages into those to move and those to release. Copies of one
 * message (standard queues may hand out a message twice) are moved once; the
 * `already` set holds the ids moved earlier in the same redrive. Pure, for tests.
 */
export function chooseForRedrive(
  received: readonly Message[],
  selection: RedriveSelection,
  already: ReadonlySet<string>,
): { move: Message[]; duplicates: Message[]; release: Message[] } {
  const move: Message[] = [];
  const duplicates: Message[] = [];
  const release: Message[] = [];
  const chosen = new Set(already);
  const wanted = 'messageIds' in selection ? new Set(selection.messageIds) : undefined;
  const limit = 'messageIds' in selection ? Number.POSITIVE_INFINITY : selection.max;
  for (const message of received) {
    const id = message.MessageId ?? '';
    if (chosen.has(id)) {
      duplicates.push(message);
    } else if ((wanted ? wanted.has(id) : true) && chosen.size < limit) {
      chosen.add(id);
      move.push(message);
    } else {
      release.push(message);
    }
  }
  return { move, duplicates, release };
}

/** The attributes to send again: SendMessage takes string and binary values only. */
function copyAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, MessageAttributeValue> | undefined {
  if (!attributes) return undefined;
  const copied: [string, MessageAttributeValue][] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value.StringValue !== undefined)
      copied.push([name, { DataType: value.DataType ?? 'String', StringValue: value.StringValue }]);
    else if (value.BinaryValue !== undefined)
      copied.push([name, { DataType: value.DataType ?? 'Binary', BinaryValue: value.BinaryValue }]);
  }
  return copied.length ? Object.fromEntries(copied) : undefined;
}

const chunks = <T>(items: readonly T[], size = 10): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** The dead-letter queues of one deployment. */
export class DeadLetterQueues {
  readonly #sqs: SQSClient;
  readonly #locations: ReadonlyMap<QueueName, QueueLocation>;
  readonly #notes: DeadLetterNoteReader | undefined;
  readonly #peekVisibility: number;
  readonly #redriveVisibility: number;
  readonly #maxScanned: number;
  readonly #now: () => Date;

  constructor(
    sqs: SQSClient,
    locations: readonly QueueLocation[],
    notes?: DeadLetterNoteReader,
    options: DeadLetterQueuesOptions = {},
  ) {
    this.#sqs = sqs;
    this.#locations = new Map(locations.map((l) => [l.queue, l]));
    this.#notes = notes;
    this.#peekVisibility = options.peekVisibilitySeconds ?? 20;
    this.#redriveVisibility = options.redriveVisibilitySeconds ?? 60;
    this.#maxScanned = options.maxScanned ?? 2000;
    this.#now = options.now ?? (() => new Date());
  }

  /** The queues this instance knows, in manifest order. */
  get queueNames(): QueueName[] {
    return [...this.#locations.keys()];
  }

  #location(queue: QueueName): QueueLocation {
    const location = this.#locations.get(queue);
    if (!location) throw new Error(`queue ${queue} has no URL in this environment`);
    return location;
  }

  /** Every queue with its DLQ's depth and the age of its oldest message. */
  async summaries(): Promise<DeadLetterQueueSummary[]> {
    return Promise.all(this.queueNames.map((queue) => this.summary(queue)));
  }

  async summary(queue: QueueName): Promise<DeadLetterQueueSummary> {
    const { deadLetterUrl } = this.#location(queue);
    const attributes =
      (
        await this.#sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: deadLetterUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        )
      ).Attributes ?? {};
    const messages = Number(attributes.ApproximateNumberOfMessages ?? 0);
    const summary: DeadLetterQueueSummary = {
      queue,
      messages,
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      maxReceiveCount: queues[queue].maxReceiveCount,
    };
    if (messages === 0) return summary;
    // SQS has no "oldest message" attribute (only CloudWatch's metric): a short sample.
    const sample = await this.#receiveAll(deadLetterUrl, 10, this.#peekVisibility);
    await this.#release(deadLetterUrl, sample);
    const sent = sample.map((m) => Number(m.Attributes?.SentTimestamp)).filter(Number.isFinite);
    if (sent.length === 0) return summary;
    return {
      ...summary,
      oldestMessageAgeSeconds: Math.max(0, Math.floor((this.#now().getTime() - Math.min(...sent)) / 1000)),
    };
  }

  /**
   * Up to `max` messages of a queue's DLQ with their notes, without taking them: each is
   * received with a short visibility and released at once (ChangeMessageVisibility 0).
   */
  async peek(queue: QueueName, max: number): Promise<DeadLetterMessage[]> {
    const { deadLetterUrl } = this.#location(queue);
    const received = await this.#receiveAll(deadLetterUrl, Math.min(max, MAX_PEEK), this.#peekVisibility);
    try {
      const unique = [...new Map(received.map((m) => [m.MessageId ?? '', m])).values()];
      const notes =
        (await this.#notes?.notesFor(
          queue,
          unique.map((m) => m.MessageId ?? ''),
        )) ?? new Map();
      return unique.map((m) => this.#view(m, notes.get(m.MessageId ?? '')));
    } finally {
      await this.#release(deadLetterUrl, received);
    }
  }

  /**
   * Moves the selected messages back to the source queue: send with the same body and
   * attributes, then delete from the DLQ; every other message looked at is released.
   */
  async redrive(queue: QueueName, selection: RedriveSelection): Promise<RedriveResult> {
    const { url, deadLetterUrl } = this.#location(queue);
    const result: RedriveResult = { queue, moved: [], notFound: [], failed: [] };
    const target =
      'messageIds' in selection ? new Set(selection.messageIds).size : Math.min(selection.max, MAX_REDRIVE);
    const chosen = new Set<string>();
    const held: Message[] = [];
    let scanned = 0;
    try {
      while (chosen.size < target && scanned < this.#maxScanned) {
        const batch = await this.#receive(deadLetterUrl, 10, this.#redriveVisibility);
        if (batch.length === 0) break;
        scanned += batch.length;
        const { move, duplicates, release } = chooseForRedrive(batch, selection, chosen);
        held.push(...release);
        for (const m of move) chosen.add(m.MessageId ?? '');
        const failedBefore = result.failed.length;
        await this.#move(url, deadLetterUrl, move, result, held);
        // A message that could not be sent stays in the DLQ, and may be tried again.
        for (const f of result.failed.slice(failedBefore)) chosen.delete(f.messageId);
        // Another copy of a moved message: deleting it removes the message itself. A copy
        // of one that could not be sent is only released.
        const moved = new Set(result.moved.map((m) => m.messageId));
        await this.#delete(
          deadLetterUrl,
          duplicates.filter((m) => moved.has(m.MessageId ?? '')),
        );
        held.push(...duplicates.filter((m) => !moved.has(m.MessageId ?? '')));
      }
    } finally {
      await this.#release(deadLetterUrl, held);
    }
    if ('messageIds' in selection) {
      const handled = new Set([
        ...result.moved.map((m) => m.messageId),
        ...result.failed.map((f) => f.messageId),
      ]);
      result.notFound = [...new Set(selection.messageIds)].filter((id) => !handled.has(id));
    }
    return result;
  }

  async #move(
    url: string,
    deadLetterUrl: string,
    messages: Message[],
    result: RedriveResult,
    held: Message[],
  ): Promise<void> {
    for (const chunk of chunks(messages)) {
      const sent = await this.#sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: chunk.map((m, i) => {
            const attributes = copyAttributes(m.MessageAttributes);
            return {
              Id: String(i),
              MessageBody: m.Body ?? '',
              ...(attributes ? { MessageAttributes: attributes } : {}),
            };
          }),
        }),
      );
      const delivered: Message[] = [];
      for (const ok of sent.Successful ?? []) {
        const original = chunk[Number(ok.Id)];
        if (!original) continue;
        delivered.push(original);
        result.moved.push({ messageId: original.MessageId ?? '', newMessageId: ok.MessageId ?? '' });
      }
      for (const failure of sent.Failed ?? []) {
        const original = chunk[Number(failure.Id)];
        if (!original) continue;
        held.push(original);
        result.failed.push({ messageId: original.MessageId ?? '', error: failure.Code ?? 'SendFailed' });
      }
      // Only after the send: a crash here leaves a copy in the DLQ, never a lost message.
      await this.#delete(deadLetterUrl, delivered);
    }
  }

  #view(m: Message, note: DeadLetterNote | undefined): DeadLetterMessage {
    const sent = Number(m.Attributes?.SentTimestamp);
    const intent = m.MessageAttributes?.intent?.StringValue;
    return {
      messageId: m.MessageId ?? '',
      body: maskMessageBody(m.Body ?? ''),
      ...(intent ? { intent } : {}),
      receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
      sentAt: new Date(Number.isFinite(sent) ? sent : 0).toISOString(),
      ...(note
        ? {
            note: {
              receiveCount: note.receiveCount,
              firstFailureAt: note.firstFailureAt,
              lastFailureAt: note.lastFailureAt,
              errorName: note.errorName,
              errorMessage: note.errorMessage,
            },
          }
        : {}),
    };
  }

  async #receive(url: string, max: number, visibility: number): Promise<Message[]> {
    const answer = await this.#sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.max(1, Math.min(10, max)),
        VisibilityTimeout: visibility,
        // A long poll of 1 s asks every SQS server; a short poll may miss messages.
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return answer.Messages ?? [];
  }

  /** Receives until `max` messages or an empty answer; received messages stay hidden meanwhile. */
  async #receiveAll(url: string, max: number, visibility: number): Promise<Message[]> {
    const all: Message[] = [];
    while (all.length < max) {
      const batch = await this.#receive(url, max - all.length, visibility);
      if (batch.length === 0) break;
      all.push(...batch);
    }
    return all;
  }

  async #release(url: string, messages: readonly Message[]): Promise<void> {
    for (const chunk of chunks(messages)) {
      await this.#sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: url,
          Entries: chunk.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle ?? '',
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }

  async #delete(url: string, messages: readonly Message[]): Promise<void> {
    for (const chunk of chunks(messages)) {
      await this.#sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
  }
}
