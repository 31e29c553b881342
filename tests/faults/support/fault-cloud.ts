import { createWriteStream, existsSync, rmSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChildProcessSupervisor,
  type LocalCloud,
  spawnWorkerProcess,
  startLocalCloud,
  type WorkerProcess,
} from '@citydesk/local-cloud';

/*
 * The fault suite's own local cloud: persistent (a temporary data directory, so
 * DynamoDB Local runs with -dbPath and can be restarted), its consumers not in this
 * process but in N worker processes that the suite SIGKILLs and respawns. The gateway
 * and its HTTP handlers stay here, in the test process, as in every other suite.
 */

export interface FaultCloudOptions {
  /** Worker processes; the first one also reads the table's stream and runs the schedules. */
  workers: number;
  /** Visibility timeout the workers receive with: a killed worker's messages return after it. */
  visibilityTimeoutSeconds: number;
  /** Share of SMS and e-mail sends that fail (retryable), and that time out (outcome unknown). */
  providerFailureRate: number;
  providerTimeoutRate: number;
  /** First retry delay of a refused notification (doubling per receive). */
  notificationRetryBaseSeconds: number;
  /** Where logs go (handler JSON lines, worker output); one file per run. */
  logFile: string;
}

/** Counters of what the cloud did to itself. */
export interface FaultCounters {
  workerKills: number;
  dynamoDbRestarts: number;
  /** Injected provider faults by kind, counted from the workers' output. */
  providerFaults: Record<'failure' | 'timeout-not-sent' | 'timeout-sent', number>;
}

export interface FaultCloud {
  cloud: LocalCloud;
  counters: FaultCounters;
  /** SIGKILLs worker `index` (random when omitted) and starts a fresh one in its place. */
  killWorker(index?: number): Promise<void>;
  /** DynamoDB Local down for `downtimeMs`, then up again on the same port and files. */
  restartDynamoDb(downtimeMs: number): Promise<void>;
  log(line: string): void;
  stop(): Promise<void>;
}

export async function startFaultCloud(options: FaultCloudOptions): Promise<FaultCloud> {
  // Persistent, so that DynamoDB Local can restart on its files; in RAM where the machine
  // has a tmpfs, because SQLite on disk makes DynamoDB Local several times slower.
  const dataDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'citydesk-faults-'));
  // A run cut short (a test timeout) still gives the RAM back; stop() removes it first otherwise.
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir);
  await mkdir(join(options.logFile, '..'), { recursive: true });
  const sink: WriteStream = createWriteStream(options.logFile, { flags: 'w' });
  const log = (line: string) => sink.write(`${line}\n`);
  // The gateway's handlers log JSON lines (errors on stderr): into the run's log, not the report.
  const capture = (stream: NodeJS.WriteStream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.startsWith('{"level"') || text.startsWith('{"cold_start"')) return sink.write(text);
      return write(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = write;
    };
  };
  const releases = [capture(process.stdout), capture(process.stderr)];
  const release = () => {
    for (const r of releases) r();
  };

  const counters: FaultCounters = {
    workerKills: 0,
    dynamoDbRestarts: 0,
    providerFaults: { failure: 0, 'timeout-not-sent': 0, 'timeout-sent': 0 },
  };
  let cloud: LocalCloud | undefined;
  const supervisor = new ChildProcessSupervisor((line) => log(`[supervisor] ${line}`));
  const workers: (WorkerProcess | undefined)[] = [];
  try {
    cloud = await startLocalCloud({
      dataDir,
      ports: 'random',
      seed: true,
      consumers: false,
      log: (line) => log(`[local-cloud] ${line}`),
    });
    const started = cloud;
    const environment: Record<string, string> = {
      ...started.environment,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      CITYDESK_FAULT_PROVIDER_FAILURE_RATE: String(options.providerFailureRate),
      CITYDESK_FAULT_PROVIDER_TIMEOUT_RATE: String(options.providerTimeoutRate),
      CITYDESK_FAULT_PROVIDER_TIMEOUT_MS: '1500',
      NOTIFICATION_RETRY_BASE_SECONDS: String(options.notificationRetryBaseSeconds),
    };
    const onLine = (name: string) => (line: string) => {
      if (line.startsWith('{"injectedFault"')) {
        const kind = (JSON.parse(line) as { injectedFault: { kind: keyof FaultCounters['providerFaults'] } })
          .injectedFault.kind;
        counters.providerFaults[kind]++;
      }
      log(`[${name}] ${line}`);
    };
    const spawn = async (index: number) => {
      const name = `worker-${index + 1}`;
      workers[index] = await spawnWorkerProcess(
        supervisor,
        {
          name,
          endpoints: started.endpoints,
          environment,
          roles: { queues: true, streams: index === 0, schedules: index === 0 },
          checkpointDir: join(dataDir, 'stream-checkpoints'),
          streamFailureFile: join(dataDir, 'stream-failures.jsonl'),
          visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
          processes: options.workers,
        },
        { onLine: onLine(name) },
      );
    };
    for (let i = 0; i < options.workers; i++) await spawn(i);

    let stopping: Promise<void> | undefined;
    return {
      cloud: started,
      counters,
      log,
      async killWorker(index) {
        const target = index ?? Math.floor(Math.random() * workers.length);
        const worker = workers[target];
        if (!worker) return;
        workers[target] = undefined;
        await worker.kill();
        counters.workerKills++;
        log(`[faults] SIGKILL ${worker.name} (pid ${worker.pid})`);
        await spawn(target);
      },
      async restartDynamoDb(downtimeMs) {
        log(`[faults] DynamoDB Local down for ${downtimeMs} ms`);
        const began = Date.now();
        await started.restartDynamoDb({ downtimeMs });
        counters.dynamoDbRestarts++;
        log(`[faults] DynamoDB Local back after ${Date.now() - began} ms`);
      },
      stop() {
        stopping ??= (async () => {
          await Promise.all(workers.map((w) => w?.stop()));
          await supervisor.stopAll();
          await started.stop();
          release();
          await new Promise((done) => sink.end(done));
          await rm(dataDir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (error) {
    await Promise.all(workers.map((w) => w?.stop()));
    await supervisor.stopAll();
    await cloud?.stop();
    release();
    sink.end();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
