import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AuditRepository, createDocumentClient, DeadLetterRepository } from '@citydesk/data';
import { type QueueName, queues } from '@citydesk/functions/manifest';
import {
  DeadLetterQueues,
  deadLetterUrlOf,
  type QueueLocation,
  type RedriveSelection,
} from '@citydesk/functions/platform/dead-letter-queues.ts';

/*
 * The dead-letter queues from a terminal, with the same module as the admin API
 * (functions/src/platform/dead-letter-queues.ts); the procedure is docs/operations.md.
 *
 *   npm run dlq -- list                                   # against `npm start` (.data/endpoints.json)
 *   npm run dlq -- show routing --max 20
 *   npm run dlq -- redrive routing --id <messageId> --id <messageId>
 *   npm run dlq -- redrive notifications --all --max 50
 *   npm run dlq -- list --prefix citydesk-prod            # AWS: standard credentials and region
 *
 * `--json` prints machine-readable output. A redrive is recorded in the audit trail as
 * `cli:<os user>`; on AWS, CloudTrail names the credentials too.
 */

const USAGE = `usage: npm run dlq -- <command> [options]
  list                                  every queue's DLQ: depth, oldest message
  show <queue> [--max N]                look at up to N dead letters (default 10) and why each died
  redrive <queue> (--all [--max N] | --id <messageId>...)
                                        move dead letters back to their queue
options: --json  --prefix citydesk-<stage> (AWS)  --endpoints <file> (local, default .data/endpoints.json)
queues: ${Object.keys(queues).join(', ')}`;

class UsageError extends Error {}

/** A parsed command line. */
export type DlqCommand =
  | { command: 'list' }
  | { command: 'show'; queue: QueueName; max: number }
  | { command: 'redrive'; queue: QueueName; selection: RedriveSelection };

/** Parses the arguments after `npm run dlq --`; throws UsageError with what is wrong. */
export function parseDlqArguments(args: readonly string[]): {
  command: DlqCommand;
  json: boolean;
  prefix?: string;
  endpoints?: string;
} {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      max: { type: 'string' },
      id: { type: 'string', multiple: true },
      prefix: { type: 'string' },
      endpoints: { type: 'string' },
    },
  });
  const [name, queueArg, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw new UsageError('--max must be a positive integer');
  const queue = (): QueueName => {
    if (!queueArg || !(queueArg in queues))
      throw new UsageError(`name a queue: ${Object.keys(queues).join(', ')}`);
    return queueArg as QueueName;
  };
  const common = {
    json: values.json,
    ...(values.prefix ? { prefix: values.prefix } : {}),
    ...(values.endpoints ? { endpoints: values.endpoints } : {}),
  };
  switch (name) {
    case 'list':
      if (queueArg) throw new UsageError('list takes no queue');
      return { command: { command: 'list' }, ...common };
    case 'show':
      return { command: { command: 'show', queue: queue(), max: max ?? 10 }, ...common };
    case 'redrive': {
      const ids = values.id ?? [];
      if (values.all === ids.length > 0)
        throw new UsageError('redrive takes either --all or --id <messageId>...');
      const selection: RedriveSelection = values.all ? { all: true, max: max ?? 100 } : { messageIds: ids };
      return { command: { command: 'redrive', queue: queue(), selection }, ...common };
    }
    default:
      throw new UsageError(name ? `unknown command ${name}` : 'name a command');
  }
}

/** The local cloud's endpoints file, as far as this tool needs it. */
interface LocalEndpointsFile {
  region: string;
  sqsEndpoint: string;
  dynamodbEndpoint: string;
  tables: Record<string, string>;
  queues: Record<string, { url: string; dlqUrl: string }>;
}

interface Target {
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  table: string;
  locations: QueueLocation[];
}

async function awsTarget(prefix: string): Promise<Target> {
  // Standard credentials and region (AWS_PROFILE, AWS_REGION…), as the AWS CLI would use.
  const sqs = new SQSClient({});
  const locations = await Promise.all(
    Object.values(queues).map(async (q) => {
      const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: `${prefix}-${q.name}` }))).QueueUrl;
      if (!url) throw new Error(`no queue ${prefix}-${q.name}`);
      return { queue: q.name, url, deadLetterUrl: deadLetterUrlOf(url) };
    }),
  );
  return { sqs, dynamodb: new DynamoDBClient({}), table: `${prefix}-main`, locations };
}

function localTarget(file: string): Target {
  if (!existsSync(file))
    throw new UsageError(`${file} not found: start the local cloud (npm start) or pass --prefix`);
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as LocalEndpointsFile;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const table = endpoints.tables.main;
  if (!table) throw new Error(`${file} names no main table`);
  return {
    // The emulator's queue URLs name another host than its endpoint.
    sqs: new SQSClient({
      region: endpoints.region,
      endpoint: endpoints.sqsEndpoint,
      credentials,
      useQueueUrlAsEndpoint: false,
    }),
    dynamodb: new DynamoDBClient({
      region: endpoints.region,
      endpoint: endpoints.dynamodbEndpoint,
      credentials,
    }),
    table,
    locations: Object.values(queues).flatMap((q) => {
      const provisioned = endpoints.queues[q.name];
      return provisioned ? [{ queue: q.name, url: provisioned.url, deadLetterUrl: provisioned.dlqUrl }] : [];
    }),
  };
}

const age = (seconds: number | undefined) =>
  seconds === undefined
    ? '-'
    : seconds < 120
      ? `${seconds} s`
      : seconds < 7200
        ? `${Math.round(seconds / 60)} min`
        : seconds < 172_800
          ? `${Math.round(seconds / 3600)} h`
          : `${Math.round(seconds / 86_400)} d`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseDlqArguments>;
  try {
    parsed = parseDlqArguments(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const target = parsed.prefix
    ? await awsTarget(parsed.prefix)
    : localTarget(
        parsed.endpoints ??
          process.env.CITYDESK_ENDPOINTS_FILE ??
          join(process.cwd(), '.data', 'endpoints.json'),
      );
  const doc = createDocumentClient(target.dynamodb);
  const dlq = new DeadLetterQueues(target.sqs, target.locations, new DeadLetterRepository(doc, target.table));
  const print = (value: unknown, text: string) =>
    console.log(parsed.json ? JSON.stringify(value, null, 2) : text);
  const { command } = parsed;
  try {
    if (command.command === 'list') {
      const items = await dlq.summaries();
      print(
        { items },
        table([
          ['QUEUE', 'DEAD LETTERS', 'IN FLIGHT', 'OLDEST', 'MAX RECEIVES'],
          ...items.map((s) => [
            s.queue,
            String(s.messages),
            String(s.inFlight),
            age(s.oldestMessageAgeSeconds),
            String(s.maxReceiveCount),
          ]),
        ]),
      );
      return 0;
    }
    if (command.command === 'show') {
      const items = await dlq.peek(command.queue, command.max);
      print(
        { queue: command.queue, items },
        items.length === 0
          ? `${command.queue}: no dead letters`
          : items
              .map((m) =>
                [
                  `${m.messageId}  sent ${m.sentAt}  receives ${m.receiveCount}${m.intent ? `  intent ${m.intent}` : ''}`,
                  `  reason: ${m.note ? `${m.note.errorName}: ${m.note.errorMessage} (failed ${m.note.firstFailureAt} … ${m.note.lastFailureAt})` : 'no note (died before notes were kept, or the note expired)'}`,
                  `  body:   ${JSON.stringify(m.body)}`,
                ].join('\n'),
              )
              .join('\n\n'),
      );
      return 0;
    }
    const result = await dlq.redrive(command.queue, command.selection);
    await new AuditRepository(doc, target.table).append({
      actor: { userId: `cli:${userInfo().username}`, tenantId: 'platform', roles: [] },
      action: 'dead-letters.redrive',
      tenantIds: ['platform'],
      details: {
        queue: command.queue,
        via: 'cli',
        moved: result.moved,
        notFound: result.notFound,
        failed: result.failed,
      },
    });
    print(
      result,
      [
        `${command.queue}: moved ${result.moved.length} message(s) back to the queue`,
        ...result.moved.map((m) => `  ${m.messageId} → ${m.newMessageId}`),
        ...(result.notFound.length
          ? [`not in the DLQ (already redriven?): ${result.notFound.join(', ')}`]
          : []),
        ...result.failed.map((f) => `left in the DLQ: ${f.messageId} (${f.error})`),
      ].join('\n'),
    );
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    target.sqs.destroy();
    target.dynamodb.destroy();
  }
}

// Run as a script, not when a test imports the parser.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : (err as Error).message);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
