import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ChildProcessSupervisor, SupervisedChild } from './child-processes.ts';
import { localCredentials } from './emulator-launchers.ts';
import type { LocalEndpoints } from './local-endpoints.ts';
import { type ConsumerRoles, startManifestConsumers } from './manifest-consumers.ts';
import { packageDirectory } from './package-paths.ts';

/*
 * The manifest's consumers in a process of their own, against a running local cloud
 * (one started with `consumers: false`). On AWS a Lambda worker can die at any
 * instruction; in one process with the gateway it cannot be killed alone. Here it
 * can: the fault suite SIGKILLs worker processes while cases flow, and the messages
 * they held come back after their visibility timeout, as SQS does for a crashed
 * Lambda. The same file is the child's entry point (run under tsx, so the handlers'
 * TypeScript loads as in the local cloud) and the parent's launcher.
 */

/** What a worker process runs, handed over as JSON in its environment. */
export interface WorkerProcessSpec {
  /** For logs: `worker-1`. */
  name: string;
  endpoints: Pick<LocalEndpoints, 'queues' | 'tables' | 'region' | 'dynamodbEndpoint' | 'sqsEndpoint'>;
  /** The handlers' environment: `LocalCloud.environment`, plus any fault settings. */
  environment: Record<string, string>;
  /** Only one process may read the table's stream; the others run queues only. */
  roles: ConsumerRoles;
  /** Stream progress files: a respawned stream reader resumes where the killed one committed. */
  checkpointDir?: string;
  streamFailureFile?: string;
  /** Overrides the queues' visibility timeout, so killed workers' messages return sooner. */
  visibilityTimeoutSeconds?: number;
  /** Worker processes running queue consumers in all: each takes its share of a consumer's maxConcurrency. */
  processes?: number;
}

const SPEC_VARIABLE = 'CITYDESK_WORKER_SPEC';
const READY_MARK = 'citydesk-worker-ready';
const thisFile = fileURLToPath(import.meta.url);

/** A running worker process. */
export interface WorkerProcess {
  name: string;
  pid: number;
  /** Kills it at once (SIGKILL): no handler finishes, no message is deleted or handed back. */
  kill(): Promise<void>;
  /** Stops it gracefully (SIGTERM): pollers finish their batches. */
  stop(): Promise<void>;
  exited: Promise<void>;
}

/**
 * Spawns a worker process under the local cloud's kind of supervision (it dies with
 * this process, even on SIGKILL) and resolves once its pollers run. Every line it
 * writes (handler logs on stdout, poller logs and injected faults on stderr) goes to `onLine`.
 */
export async function spawnWorkerProcess(
  supervisor: ChildProcessSupervisor,
  spec: WorkerProcessSpec,
  options: { onLine?: (line: string) => void; readyTimeoutMs?: number } = {},
): Promise<WorkerProcess> {
  const loader = pathToFileURL(join(packageDirectory('tsx'), 'dist', 'loader.mjs')).href;
  const child: SupervisedChild = await supervisor.spawn(
    spec.name,
    process.execPath,
    ['--import', loader, thisFile],
    { env: { ...process.env, NODE_OPTIONS: '', [SPEC_VARIABLE]: JSON.stringify(spec) } },
  );
  let ready: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  for (const stream of [child.process.stdout, child.process.stderr]) {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.includes(READY_MARK)) ready();
        else if (line.trim()) options.onLine?.(line);
        newline = buffer.indexOf('\n');
      }
    });
  }
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      started,
      child.exited.then(() => {
        throw new Error(`${spec.name} exited during start:\n${child.outputTail()}`);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${spec.name} not ready within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    await child.stop(0);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    name: spec.name,
    pid: child.process.pid ?? 0,
    kill: async () => {
      child.process.kill('SIGKILL');
      await child.exited;
      // Tell the supervisor it is gone (its stop() is then a no-op on a dead process).
      await child.stop(0);
    },
    stop: () => child.stop(10_000),
    exited: child.exited,
  };
}

/** The child's side: start the consumers the spec names and run until SIGTERM. */
async function runWorkerProcess(spec: WorkerProcessSpec): Promise<void> {
  // Before any handler module loads: they create SDK clients and read names at import.
  Object.assign(process.env, spec.environment);
  const log = (line: string) => process.stderr.write(`[${spec.name}] ${line}\n`);
  const clientConfig = { region: spec.endpoints.region, credentials: localCredentials };
  const sqs = new SQSClient({
    ...clientConfig,
    endpoint: spec.endpoints.sqsEndpoint,
    useQueueUrlAsEndpoint: false,
  });
  const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: spec.endpoints.dynamodbEndpoint });
  const consumers = startManifestConsumers({
    queues: spec.endpoints.queues,
    tables: spec.endpoints.tables,
    region: spec.endpoints.region,
    roles: spec.roles,
    ...(spec.checkpointDir ? { checkpointDir: spec.checkpointDir } : {}),
    ...(spec.streamFailureFile ? { streamFailureFile: spec.streamFailureFile } : {}),
    ...(spec.visibilityTimeoutSeconds !== undefined
      ? { visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds }
      : {}),
    ...(spec.processes !== undefined ? { processes: spec.processes } : {}),
    sqs,
    dynamodb,
    log,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await consumers.stop();
    sqs.destroy();
    dynamodb.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdout.write(`${READY_MARK} ${spec.name}\n`);
}

const isEntryPoint = (() => {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(thisFile);
  } catch {
    return false;
  }
})();

if (isEntryPoint) {
  const raw = process.env[SPEC_VARIABLE];
  if (!raw) {
    process.stderr.write(`${SPEC_VARIABLE} is not set: start worker processes with spawnWorkerProcess()\n`);
    process.exit(2);
  }
  await runWorkerProcess(JSON.parse(raw) as WorkerProcessSpec);
}
