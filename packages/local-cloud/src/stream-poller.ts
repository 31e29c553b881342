import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent, AttributeValue as LambdaAttributeValue } from 'aws-lambda';
import type { LambdaHandler } from './handler-loader.ts';
import { createLambdaContext, type LocalFunction, withTimeout } from './lambda-context.ts';

/*
 * A Lambda DynamoDB-Streams event-source mapping, locally: the transactional
 * outbox of ARCHITECTURE §1 depends on it. Shards are read in lineage order (a
 * child only after its parent is drained), records in order within a shard.
 * Progress is checkpointed per shard to a file, so a restart over .data resumes
 * AFTER_SEQUENCE_NUMBER instead of replaying 24 hours of stream. Failures follow
 * Lambda: batchItemFailures retries from the first failed record, a thrown error
 * bisects the batch, and after maxRetryAttempts the records are written to the
 * on-failure file and skipped, so one poison record cannot stall the outbox.
 */

/** Options of {@link startStreamPoller}. */
export interface StreamPollerOptions {
  tableName: string;
  /** May return `{ batchItemFailures }` naming SequenceNumbers; any other result means success. */
  handler: LambdaHandler<DynamoDBStreamEvent, unknown>;
  batchSize?: number;
  /** Retries after the first failed attempt before a batch goes to the failure file. Default 10. */
  maxRetryAttempts?: number;
  /** JSON file holding per-shard progress; without one, progress lives in memory only. */
  checkpointFile?: string;
  /** JSON-lines file receiving batches that exhausted their retries. */
  failureFile?: string;
  function?: LocalFunction;
  region?: string;
  /** Pause between polls of an idle stream. Default 250 ms (Lambda polls four times a second). */
  pollIntervalMs?: number;
  dynamodb?: DynamoDBClient;
  streams?: DynamoDBStreamsClient;
  log?: (line: string) => void;
  onBatch?: (outcome: StreamBatchOutcome) => void;
}

/** What happened to one delivered batch. */
export interface StreamBatchOutcome {
  shardId: string;
  sequenceNumbers: string[];
  ok: boolean;
  error?: string;
}

/** A running stream poller. */
export interface StreamPoller {
  stop(): Promise<void>;
}

interface Checkpoint {
  streamArn: string;
  shards: Record<string, { sequenceNumber?: string; done?: boolean }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SDK attribute values (binary as Uint8Array) to Lambda's JSON form (binary as base64). */
export function toLambdaAttributeValue(value: AttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  return value as LambdaAttributeValue;
}

function toLambdaImage(image: Record<string, AttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaAttributeValue(v)]));
}

/** Converts a GetRecords record into the record Lambda delivers. */
export function toDynamoDbRecord(record: _Record, streamArn: string, region: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: created
        ? Math.floor(new Date(created).getTime() / 1000)
        : Math.floor(Date.now() / 1000),
      Keys: toLambdaImage(data.Keys ?? {}),
      ...(data.NewImage ? { NewImage: toLambdaImage(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toLambdaImage(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber ?? '',
      SizeBytes: data.SizeBytes ?? 0,
      StreamViewType: data.StreamViewType as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'],
    },
    ...(record.userIdentity
      ? {
          userIdentity: {
            type: record.userIdentity.Type ?? '',
            principalId: record.userIdentity.PrincipalId ?? '',
          },
        }
      : {}),
    eventSourceARN: streamArn,
  };
}

/** Result of one invocation attempt: everything done, done up to a failed record, or a crash. */
export type AttemptResult =
  | { kind: 'ok' }
  | { kind: 'partial'; failedIndex: number }
  | { kind: 'error'; error: string };

/** Interprets a stream handler's response under ReportBatchItemFailures. */
export function interpretStreamResponse(sequenceNumbers: string[], response: unknown): AttemptResult {
  if (!response || typeof response !== 'object' || !('batchItemFailures' in response)) return { kind: 'ok' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: 'ok' };
  if (!Array.isArray(failures)) return { kind: 'error', error: 'batchItemFailures is not an array' };
  if (failures.length === 0) return { kind: 'ok' };
  let first = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const index = sequenceNumbers.indexOf(
      (failure as { itemIdentifier?: unknown })?.itemIdentifier as string,
    );
    // Lambda treats an identifier it cannot find as a failure of the whole batch.
    if (index < 0) return { kind: 'error', error: 'batchItemFailures names an unknown SequenceNumber' };
    first = Math.min(first, index);
  }
  return { kind: 'partial', failedIndex: first };
}

/**
 * Delivers `records` with Lambda's retry rules: retry from the first failed
 * record, bisect on error, give up after `maxRetryAttempts` retries. `commit`
 * is called with the last record known processed (or skipped), in order.
 */
export async function deliverWithRetries<T>(
  records: T[],
  attempt: (batch: T[]) => Promise<AttemptResult>,
  options: {
    maxRetryAttempts: number;
    commit: (last: T) => Promise<void>;
    giveUp: (batch: T[], error: string) => Promise<void>;
    backoffMs?: (retry: number) => number;
  },
): Promise<void> {
  const backoff = options.backoffMs ?? ((n: number) => Math.min(100 * 2 ** n, 2000));
  const run = async (initial: T[]): Promise<void> => {
    let batch = initial;
    let retries = 0;
    for (;;) {
      const result = await attempt(batch);
      if (result.kind === 'ok') {
        await options.commit(batch[batch.length - 1] as T);
        return;
      }
      if (result.kind === 'partial') {
        if (result.failedIndex > 0) await options.commit(batch[result.failedIndex - 1] as T);
        batch = batch.slice(result.failedIndex);
      }
      if (batch.length > 1) {
        // BisectBatchOnFunctionError: halves are retried on their own and splitting
        // does not count against the retry budget, so a single poison record is
        // isolated and the healthy records after it are not discarded with it.
        // After a partial failure the split follows the reported record, as on AWS.
        const middle = result.kind === 'partial' ? 1 : Math.ceil(batch.length / 2);
        await run(batch.slice(0, middle));
        await run(batch.slice(middle));
        return;
      }
      if (retries >= options.maxRetryAttempts) {
        await options.giveUp(batch, result.kind === 'error' ? result.error : 'batchItemFailures reported');
        await options.commit(batch[batch.length - 1] as T);
        return;
      }
      retries++;
      await sleep(backoff(retries));
    }
  };
  if (records.length > 0) await run(records);
}

async function loadCheckpoint(file: string | undefined): Promise<Checkpoint | undefined> {
  if (!file) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Checkpoint;
  } catch {
    return undefined;
  }
}

async function saveCheckpoint(file: string | undefined, checkpoint: Checkpoint) {
  if (!file) return;
  await mkdir(dirname(file), { recursive: true });
  // Write-then-rename: a crash mid-write must not leave a truncated checkpoint.
  const temporary = `${file}.tmp`;
  await writeFile(temporary, JSON.stringify(checkpoint, null, 2));
  await rename(temporary, file);
}

/** Starts reading the table's stream and invoking `handler` until stop(). */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const dynamodb = options.dynamodb ?? new DynamoDBClient({});
  const streams = options.streams ?? new DynamoDBStreamsClient(endpoint ? { endpoint } : {});
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const fn: LocalFunction = options.function ?? { id: 'StreamConsumer', memoryMb: 256, timeoutSeconds: 30 };
  const batchSize = options.batchSize ?? 100;
  const maxRetryAttempts = options.maxRetryAttempts ?? 10;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const log = options.log ?? (() => {});
  let stopped = false;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    const described = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
    const streamArn = described.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`table ${options.tableName} has no stream enabled`);
    const saved = await loadCheckpoint(options.checkpointFile);
    // A checkpoint of another stream (the table was recreated) is worthless.
    const checkpoint: Checkpoint = saved?.streamArn === streamArn ? saved : { streamArn, shards: {} };
    const iterators = new Map<string, string>();
    let lastDescribe = 0;
    let shards: Shard[] = [];

    const iteratorFor = async (shardId: string): Promise<string | undefined> => {
      const after = checkpoint.shards[shardId]?.sequenceNumber;
      const result = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      return result.ShardIterator;
    };

    const describeShards = async () => {
      const all: Shard[] = [];
      let exclusiveStartShardId: string | undefined;
      do {
        const page = await streams.send(
          new DescribeStreamCommand({
            StreamArn: streamArn,
            ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
          }),
        );
        all.push(...(page.StreamDescription?.Shards ?? []));
        exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
      } while (exclusiveStartShardId);
      shards = all;
      lastDescribe = Date.now();
    };

    const ready = (shard: Shard) => {
      const id = shard.ShardId ?? '';
      if (checkpoint.shards[id]?.done) return false;
      const parent = shard.ParentShardId;
      // A parent trimmed from the stream counts as drained.
      if (!parent || !shards.some((s) => s.ShardId === parent)) return true;
      return checkpoint.shards[parent]?.done === true;
    };

    const deliver = async (shardId: string, records: _Record[]) => {
      const commit = async (last: _Record) => {
        checkpoint.shards[shardId] = { sequenceNumber: last.dynamodb?.SequenceNumber ?? '' };
        await saveCheckpoint(options.checkpointFile, checkpoint);
      };
      const giveUp = async (batch: _Record[], error: string) => {
        const first = batch[0]?.dynamodb?.SequenceNumber;
        const last = batch[batch.length - 1]?.dynamodb?.SequenceNumber;
        log(
          `${fn.id}: giving up on ${batch.length} stream record(s) ${first}..${last} after ${maxRetryAttempts} retries: ${error}`,
        );
        if (!options.failureFile) return;
        await mkdir(dirname(options.failureFile), { recursive: true });
        // The shape of Lambda's on-failure destination record (DDBStreamBatchInfo), plus keys for debugging.
        const entry = {
          requestContext: {
            condition: 'RetryAttemptsExhausted',
            functionArn: fn.id,
            approximateInvokeCount: maxRetryAttempts + 1,
          },
          responseContext: { error },
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId,
            startSequenceNumber: first,
            endSequenceNumber: last,
            batchSize: batch.length,
            streamArn,
            approximateArrivalOfFirstRecord: batch[0]?.dynamodb?.ApproximateCreationDateTime,
            approximateArrivalOfLastRecord: batch[batch.length - 1]?.dynamodb?.ApproximateCreationDateTime,
          },
          keys: batch.map((r) => r.dynamodb?.Keys),
        };
        await appendFile(options.failureFile, `${JSON.stringify(entry)}\n`);
      };
      await deliverWithRetries(
        records,
        async (batch) => {
          const event: DynamoDBStreamEvent = {
            Records: batch.map((r) => toDynamoDbRecord(r, streamArn, region)),
          };
          const sequenceNumbers = event.Records.map((r) => r.dynamodb?.SequenceNumber ?? '');
          let result: AttemptResult;
          try {
            const response = await withTimeout(fn, () =>
              options.handler(event, createLambdaContext(fn, region)),
            );
            result = interpretStreamResponse(sequenceNumbers, response);
          } catch (error) {
            result = { kind: 'error', error: (error as Error).message };
          }
          if (result.kind !== 'ok')
            log(
              `${fn.id}: stream batch of ${batch.length} failed (${result.kind === 'error' ? result.error : 'partial'})`,
            );
          options.onBatch?.({
            shardId,
            sequenceNumbers,
            ok: result.kind === 'ok',
            ...(result.kind === 'error' ? { error: result.error } : {}),
          });
          return result;
        },
        { maxRetryAttempts, commit, giveUp },
      );
    };

    while (!stopped) {
      if (Date.now() - lastDescribe > 5000 || iterators.size === 0) await describeShards();
      for (const shard of shards) {
        const id = shard.ShardId ?? '';
        if (ready(shard) && !iterators.has(id)) {
          const iterator = await iteratorFor(id);
          if (iterator) iterators.set(id, iterator);
        }
      }
      let delivered = false;
      for (const [shardId, iterator] of [...iterators]) {
        if (stopped) break;
        let page: GetRecordsCommandOutput;
        try {
          page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
        } catch (error) {
          if (
            error instanceof ExpiredIteratorException ||
            (error as Error).name === 'ExpiredIteratorException'
          ) {
            iterators.delete(shardId);
            continue;
          }
          throw error;
        }
        const records = page.Records ?? [];
        if (records.length > 0) {
          delivered = true;
          await deliver(shardId, records);
        }
        if (page.NextShardIterator) {
          iterators.set(shardId, page.NextShardIterator);
        } else {
          // A closed shard read to its end: its children may start.
          iterators.delete(shardId);
          checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], done: true };
          await saveCheckpoint(options.checkpointFile, checkpoint);
          lastDescribe = 0;
        }
      }
      if (!delivered && !stopped) await pause(pollIntervalMs);
    }
  };

  const running = (async () => {
    while (!stopped) {
      try {
        await run();
      } catch (error) {
        if (stopped) break;
        log(
          `${fn.id}: stream polling of ${options.tableName} failed, restarting: ${(error as Error).message}`,
        );
        await pause(1000);
      }
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      if (!options.dynamodb) dynamodb.destroy();
      if (!options.streams) streams.destroy();
    },
  };
}
