import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * What the cost of a case is made of, counted where the local cloud runs every handler:
 * in this one process. With CITYDESK_SDK_ACCOUNTING=1 every AWS SDK client created in
 * the process (the handlers' own clients from @citydesk/data, the pollers' clients)
 * gets one extra middleware on its first call: DynamoDB writes and reads ask for
 * ReturnConsumedCapacity TOTAL and the returned capacity units are summed (with the
 * transactional updates DynamoDB Local leaves out added by AWS's rule); SQS requests
 * are counted in the 64 KB chunks AWS bills. Handler invocations and their durations
 * are counted by the handler loader. The benchmark (tests/bench) reads and resets the
 * totals; nothing else in the local cloud depends on them, and without the flag none of
 * this is installed.
 */

/** Whether this process counts SDK requests and invocations (`CITYDESK_SDK_ACCOUNTING=1`). */
export const sdkAccountingRequested = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.CITYDESK_SDK_ACCOUNTING === '1' || env.CITYDESK_SDK_ACCOUNTING === 'true';

/** Totals since the last {@link resetSdkAccounting}. */
export interface SdkAccountingSnapshot {
  /** DynamoDB requests by operation (`PutItem`, `Query`…), table stream reads excluded. */
  dynamodbRequests: Record<string, number>;
  /** Read request units (on-demand billing units) DynamoDB reported. */
  readCapacityUnits: number;
  /** Write request units DynamoDB reported (transactional writes count double, as billed). */
  writeCapacityUnits: number;
  /**
   * Of those, the units of the dev outbox's own writes: on AWS the SMS and e-mail
   * providers take the messages instead, so a cost model leaves these out.
   */
  devOutboxWriteUnits: number;
  /** SQS requests by operation; a ReceiveMessage that returned nothing is counted under `ReceiveMessage (empty)`. */
  sqsRequests: Record<string, number>;
  /** Billed SQS requests: every request in 64 KB chunks of its payload; empty long polls excluded. */
  sqsBilledRequests: number;
  /** Handler invocations by manifest entry, with their summed wall-clock duration. */
  invocations: Record<string, { count: number; totalMs: number }>;
  /**
   * DynamoDB units and SQS requests by the handler that spent them (manifest entry;
   * `(outside handlers)` for the pollers and the benchmark's own reads).
   */
  byHandler: Record<string, { writeUnits: number; readUnits: number; sqsRequests: number }>;
  /** The last TransactWriteItems that created a case, as sent (marshalled): the ceiling replays its shape. */
  lastCaseCreation?: unknown;
}

const emptySnapshot = (): SdkAccountingSnapshot => ({
  dynamodbRequests: {},
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  devOutboxWriteUnits: 0,
  sqsRequests: {},
  sqsBilledRequests: 0,
  invocations: {},
  byHandler: {},
});

/** The manifest entry of the invocation an SDK call belongs to (set by the handler loader). */
const currentHandler = new AsyncLocalStorage<string>();

/** Runs `invoke` as an invocation of `entry`, so its SDK calls are attributed to it. */
export function withinInvocation<T>(entry: string, invoke: () => T): T {
  return installed ? currentHandler.run(entry, invoke) : invoke();
}

function handlerTotals() {
  const entry = currentHandler.getStore() ?? '(outside handlers)';
  totals.byHandler[entry] ??= { writeUnits: 0, readUnits: 0, sqsRequests: 0 };
  return totals.byHandler[entry];
}

let totals = emptySnapshot();
let installed = false;

/** A deep copy of the totals so far. */
export function readSdkAccounting(): SdkAccountingSnapshot {
  return structuredClone(totals);
}

/** Starts counting from zero (the captured case-creation shape is kept). */
export function resetSdkAccounting(): void {
  const kept = totals.lastCaseCreation;
  totals = emptySnapshot();
  if (kept !== undefined) totals.lastCaseCreation = kept;
}

/** Called by the handler loader around every invocation when accounting is on. */
export function recordInvocation(entry: string, ms: number): void {
  if (!installed) return;
  const current = totals.invocations[entry] ?? { count: 0, totalMs: 0 };
  current.count += 1;
  current.totalMs += ms;
  totals.invocations[entry] = current;
}

const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
/** The document client's command names, mapped to the API operation each one sends. */
const DOCUMENT_OPERATIONS: Record<string, string> = {
  Put: 'PutItem',
  Get: 'GetItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactWrite: 'TransactWriteItems',
  TransactGet: 'TransactGetItems',
};

function operationOf(commandName: unknown): string {
  const name = String(commandName ?? 'Unknown').replace(/Command$/, '');
  return DOCUMENT_OPERATIONS[name] ?? name;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
}

const capacityOf = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
    (sum, c) => sum + (c.CapacityUnits ?? 0),
    0,
  );

/*
 * DynamoDB Local reports the units of a TransactWriteItems' Put items only: its Update,
 * Delete and ConditionCheck items count nothing (a transaction of one marker Put and 50
 * counter updates reports 2 units; AWS bills 102). AWS bills every item of a
 * transactional write 2 units per started KB of the item, so those are added here: an
 * update by the size the item had when this process last wrote it whole (a case item
 * after its creation), 1 KB for an item never seen whole (counter rows, markers).
 */

/** Approximate stored size of a value in bytes, after DynamoDB's rules (names + values). */
function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return Math.ceil(String(value).length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + valueBytes(v) + 1, 3);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    // A marshalled value (`{ S: '…' }`, `{ N: '…' }`, `{ M: {…} }`) counts as what it holds.
    if (entries.length === 1 && /^(S|N|B|BOOL|NULL|M|L|SS|NS|BS)$/.test(entries[0]?.[0] ?? ''))
      return valueBytes(entries[0]?.[1]);
    return entries.reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + valueBytes(v) + 1, 3);
  }
  return 1;
}

const itemBytes = (item: Record<string, unknown>): number =>
  Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + valueBytes(v), 0);

/** A key attribute as a string, marshalled (`{ S: 'CASE#1' }`) or not. */
const keyPart = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'S' in value
    ? String((value as { S: unknown }).S)
    : String(value);

const keyOf = (table: unknown, key: Record<string, unknown> | undefined): string =>
  `${String(table)}|${keyPart(key?.pk)}|${keyPart(key?.sk)}`;

/** Sizes of items this process wrote whole, by table and key (bounded: a benchmark's worth). */
const knownItemBytes = new Map<string, number>();
const MAX_KNOWN_ITEMS = 500_000;

function rememberPut(table: unknown, item: Record<string, unknown> | undefined): void {
  if (!item) return;
  if (knownItemBytes.size >= MAX_KNOWN_ITEMS) knownItemBytes.clear();
  knownItemBytes.set(keyOf(table, item), itemBytes(item));
}

/** Units DynamoDB Local left out of a transaction's report: 2 per started KB of each non-Put item. */
function unreportedTransactionUnits(input: Record<string, unknown>): number {
  const items = (input.TransactItems ?? []) as Record<
    string,
    { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> } | undefined
  >[];
  let units = 0;
  for (const item of items) {
    if (item.Put) {
      rememberPut(item.Put.TableName, item.Put.Item);
      continue;
    }
    const target = item.Update ?? item.Delete ?? item.ConditionCheck;
    if (!target) continue;
    const bytes = knownItemBytes.get(keyOf(target.TableName, target.Key)) ?? 1024;
    units += 2 * Math.max(1, Math.ceil(bytes / 1024));
  }
  return units;
}

const SQS_CHUNK_BYTES = 64 * 1024;

function sqsPayloadBytes(operation: string, input: Record<string, unknown>): number {
  if (operation === 'SendMessage') return Buffer.byteLength(String(input.MessageBody ?? ''));
  if (operation === 'SendMessageBatch') {
    const entries = (input.Entries ?? []) as { MessageBody?: string }[];
    return entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? ''), 0);
  }
  return 0;
}

/** A case creation writes the tracking-number uniqueness item; routing and later changes never do. */
function isCaseCreation(input: Record<string, unknown>): boolean {
  const items = (input.TransactItems ?? []) as { Put?: { Item?: Record<string, { S?: string }> } }[];
  // Captured after marshalling: attribute values are `{ S: '…' }`.
  return items.some((i) => i.Put?.Item?.entity?.S === 'TrackingNumber');
}

/** Whether a write stores a dev-outbox message (pk `DEVOUTBOX`), marshalled or not. */
function writesDevOutbox(input: Record<string, unknown>): boolean {
  const items = (input.TransactItems ?? []) as { Put?: { Item?: { pk?: unknown } } }[];
  return items.some((i) => {
    const pk = i.Put?.Item?.pk;
    return pk === 'DEVOUTBOX' || (pk as { S?: string } | undefined)?.S === 'DEVOUTBOX';
  });
}

type Stack = {
  add: (middleware: unknown, options: Record<string, unknown>) => void;
};

function countingMiddleware(serviceId: string) {
  return (
    next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>,
    context: { commandName?: string },
  ) =>
    async (args: { input: Record<string, unknown> }) => {
      const operation = operationOf(context.commandName);
      if (serviceId === 'DynamoDB') {
        const measured = WRITE_OPERATIONS.has(operation) || READ_OPERATIONS.has(operation);
        if (measured && args.input.ReturnConsumedCapacity === undefined) {
          args.input.ReturnConsumedCapacity = 'TOTAL';
        }
        const result = await next(args);
        totals.dynamodbRequests[operation] = (totals.dynamodbRequests[operation] ?? 0) + 1;
        let units = capacityOf(result.output.ConsumedCapacity as ConsumedCapacity | ConsumedCapacity[]);
        if (operation === 'TransactWriteItems') units += unreportedTransactionUnits(args.input);
        if (operation === 'PutItem')
          rememberPut(args.input.TableName, args.input.Item as Record<string, unknown>);
        if (WRITE_OPERATIONS.has(operation)) {
          totals.writeCapacityUnits += units;
          handlerTotals().writeUnits += units;
          if (writesDevOutbox(args.input)) totals.devOutboxWriteUnits += units;
        } else if (READ_OPERATIONS.has(operation)) {
          totals.readCapacityUnits += units;
          handlerTotals().readUnits += units;
        }
        return result;
      }
      const result = await next(args);
      let counted = operation;
      if (operation === 'ReceiveMessage') {
        const messages = (result.output.Messages ?? []) as unknown[];
        if (messages.length === 0) counted = 'ReceiveMessage (empty)';
        else {
          totals.sqsBilledRequests += 1;
          handlerTotals().sqsRequests += 1;
        }
      } else {
        const chunks = Math.max(1, Math.ceil(sqsPayloadBytes(operation, args.input) / SQS_CHUNK_BYTES));
        totals.sqsBilledRequests += chunks;
        handlerTotals().sqsRequests += chunks;
      }
      totals.sqsRequests[counted] = (totals.sqsRequests[counted] ?? 0) + 1;
      return result;
    };
}

/** Captures the marshalled TransactWriteItems of a case creation (serialize step: after the document client marshalled it). */
function captureMiddleware() {
  return (
    next: (args: { input: Record<string, unknown> }) => Promise<unknown>,
    context: { commandName?: string },
  ) =>
    async (args: { input: Record<string, unknown> }) => {
      if (operationOf(context.commandName) === 'TransactWriteItems' && isCaseCreation(args.input)) {
        totals.lastCaseCreation = structuredClone(args.input);
      }
      return next(args);
    };
}

/**
 * Installs the counting middleware on every SDK client of this process, from its
 * first call on. Idempotent. The clients' base class is patched once: clients are
 * created at module load all over the code, and the flag must reach them without
 * any of that code knowing.
 */
export function installSdkAccounting(): void {
  if (installed) return;
  installed = true;
  const prototypes = new Set(
    [DynamoDBClient, SQSClient, DynamoDBDocumentClient].map((c) => Object.getPrototypeOf(c.prototype)),
  );
  const equipped = new WeakSet<object>();
  for (const proto of prototypes) {
    const original = proto.send as (...args: unknown[]) => unknown;
    proto.send = function send(
      this: { middlewareStack: Stack; config: { serviceId?: string } },
      ...args: unknown[]
    ) {
      const serviceId = this.config?.serviceId;
      if ((serviceId === 'DynamoDB' || serviceId === 'SQS') && !equipped.has(this.middlewareStack)) {
        equipped.add(this.middlewareStack);
        this.middlewareStack.add(countingMiddleware(serviceId), {
          step: 'initialize',
          priority: 'high',
          name: 'citydeskSdkAccounting',
        });
        if (serviceId === 'DynamoDB') {
          this.middlewareStack.add(captureMiddleware(), {
            step: 'build',
            name: 'citydeskCaseCreationCapture',
          });
        }
      }
      return original.apply(this, args);
    };
  }
}
