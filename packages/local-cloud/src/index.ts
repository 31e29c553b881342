import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mainTable, tableDefinitions } from '@citydesk/data';
import {
  attachmentsBucket,
  httpRoutes,
  publicRateLimits,
  queues,
  userPool,
} from '@citydesk/functions/manifest';
import { ChildProcessSupervisor, type SupervisedChild } from './child-processes.ts';
import {
  assertJavaAvailable,
  launchCognitoLocal,
  launchDynamoDbLocal,
  launchFauxqs,
  localCredentials,
} from './emulator-launchers.ts';
import { createJwtAuthorizer } from './jwt-authorizer.ts';
import type { LocalEndpoints } from './local-endpoints.ts';
import { applyLocalCloudEnvironment, localCloudEnvironment } from './local-environment.ts';
import { type LocalGateway, startLocalGateway } from './local-gateway.ts';
import { allocatePorts } from './local-ports.ts';
import { startLocalS3Gateway } from './local-s3-gateway.ts';
import { ensureLocalSecrets } from './local-secrets.ts';
import { startManifestConsumers } from './manifest-consumers.ts';
import { ensureBucket, ensureQueueWithDlq, ensureTable } from './provision-resources.ts';
import { ensureUserPool } from './provision-user-pool.ts';
import { reindexStoredCases } from './reindex-cases.ts';
import { installSdkAccounting, sdkAccountingRequested } from './sdk-accounting.ts';
import { seedDemoApiKeys } from './seed-demo-api-keys.ts';
import { seedDemoCity } from './seed-demo-city.ts';
import { seedDemoDirectory } from './seed-demo-directory.ts';
import { type DemoUser, seedDemoUsers } from './seed-demo-users.ts';

/*
 * The embedded default of ARCHITECTURE §5: emulators as supervised children,
 * resources provisioned from the shared definitions, the manifest's handlers served
 * in-process behind a local API gateway, event-source-mapping pollers and a
 * scheduler. One call brings it all up; stop() takes it down in reverse order.
 */

export type { SupervisedChild } from './child-processes.ts';
export { ChildProcessSupervisor } from './child-processes.ts';
export type { LambdaHandler } from './handler-loader.ts';
export type { JwtAuthorizer, JwtAuthorizerConfig, JwtAuthorizerResult } from './jwt-authorizer.ts';
export { createJwtAuthorizer, JwtAuthorizationError } from './jwt-authorizer.ts';
export type { LocalEndpoints } from './local-endpoints.ts';
export { localCloudEnvironment } from './local-environment.ts';
export type { GatewayRoute, LocalGateway, LocalGatewayOptions } from './local-gateway.ts';
export { startLocalGateway } from './local-gateway.ts';
export { PortInUseError } from './local-ports.ts';
export type { LocalS3Gateway, LocalS3GatewayOptions } from './local-s3-gateway.ts';
export { startLocalS3Gateway } from './local-s3-gateway.ts';
export type { ConsumerRoles, ManifestConsumerOptions, ManifestConsumers } from './manifest-consumers.ts';
export { startManifestConsumers } from './manifest-consumers.ts';
export { pollUntil } from './poll-until.ts';
export { ensureQueueWithDlq, ensureTable } from './provision-resources.ts';
export type { QueueBatchOutcome, QueuePoller, QueuePollerOptions } from './queue-poller.ts';
export { startQueuePoller } from './queue-poller.ts';
export { parseRateExpression, startScheduler } from './schedule-runner.ts';
export type { SdkAccountingSnapshot } from './sdk-accounting.ts';
export { installSdkAccounting, readSdkAccounting, resetSdkAccounting } from './sdk-accounting.ts';
export type { DemoUser } from './seed-demo-users.ts';
export { demoPassword, demoUsers } from './seed-demo-users.ts';
export type {
  AttemptResult,
  StreamBatchOutcome,
  StreamPoller,
  StreamPollerOptions,
} from './stream-poller.ts';
export { startStreamPoller } from './stream-poller.ts';
export type { WorkerProcess, WorkerProcessSpec } from './worker-process.ts';
export { spawnWorkerProcess } from './worker-process.ts';

/** Physical-name prefix of every local resource (`citydesk-local-main`, `citydesk-local-routing-dlq`). */
export const localResourcePrefix = 'citydesk-local';

/** The region the emulators and the SDK clients agree on. */
export const localRegion = 'eu-central-1';

/** Options of {@link startLocalCloud}. */
export interface LocalCloudOptions {
  /** Persistent state directory (`.data`); undefined keeps everything in memory and temp dirs. */
  dataDir?: string;
  /** `fixed`: 3000/8000/4577/9229 overridable by env (npm start); `random`: free loopback ports (tests). Default `fixed`. */
  ports?: 'fixed' | 'random';
  /** Static portal build to serve on the API's origin, e.g. `web/build`. */
  webRoot?: string;
  /** Seed the demo users (default true). */
  seed?: boolean;
  /**
   * Enforce the public abuse limits (default false): the manifest's per-IP
   * `publicRateLimits` in the gateway, as WAF does on AWS, and the per-phone daily quota.
   */
  rateLimits?: boolean;
  /** Run the manifest's queue consumers, stream consumers and schedules (default true). */
  consumers?: boolean;
  /**
   * Runs once everything is provisioned and the gateway and pollers are up, before
   * startLocalCloud resolves: the hook for seeding demo cases.
   */
  afterProvision?: (endpoints: LocalEndpoints) => Promise<void>;
  log?: (line: string) => void;
}

/** A running local cloud. */
export interface LocalCloud {
  endpoints: LocalEndpoints;
  /**
   * What its handlers see (names, endpoints, secret values): the environment of a
   * worker process (worker-process.ts) or of a test that invokes handlers itself.
   */
  environment: Record<string, string>;
  /**
   * Stops DynamoDB Local and starts it again on the same port and `-dbPath`, after
   * `downtimeMs` (fault injection). Persistent clouds only (`dataDir`).
   */
  restartDynamoDb(options?: { downtimeMs?: number }): Promise<void>;
  /** Stops pollers, gateway and emulators, and waits for the children to exit. Idempotent. */
  stop(): Promise<void>;
}

/** Brings up the whole local cloud and resolves once it serves requests. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => process.stdout.write(`[local-cloud] ${line}\n`));
  // Before any SDK client sends anything: the benchmark's cost accounting (CITYDESK_SDK_ACCOUNTING=1).
  if (sdkAccountingRequested()) installSdkAccounting();
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const supervisor = new ChildProcessSupervisor(log);
  const temporaryDir = dataDir ? undefined : await mkdtemp(join(tmpdir(), 'citydesk-local-'));
  const stateDir = (dataDir ?? temporaryDir) as string;
  const cleanups: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;

  const stop = () => {
    stopping ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          log(`error while stopping: ${(error as Error).message}`);
        }
      }
      await supervisor.stopAll();
      if (temporaryDir) await rm(temporaryDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    const ports = await allocatePorts(options.ports ?? 'fixed');
    log(
      `starting emulators: DynamoDB Local :${ports.dynamodb}, fauxqs :${ports.fauxqs} (S3 gateway :${ports.s3}), cognito-local :${ports.cognito}` +
        (dataDir ? ` (state in ${dataDir})` : ' (in memory)'),
    );
    // Fail before spawning anything when Java is missing, rather than after two emulators started.
    assertJavaAvailable();
    // allSettled, not all: when one launcher fails, the others must have finished
    // spawning before stop() runs, or their children would escape the supervisor.
    const dynamoOptions = {
      port: ports.dynamodb,
      region: localRegion,
      ...(dataDir ? { dbPath: join(dataDir, 'ddb') } : {}),
    };
    const launched = await Promise.allSettled([
      launchDynamoDbLocal(supervisor, dynamoOptions),
      launchFauxqs(supervisor, {
        port: ports.fauxqs,
        region: localRegion,
        ...(dataDir ? { dataDir: join(dataDir, 'fauxqs') } : {}),
      }),
      launchCognitoLocal(supervisor, { port: ports.cognito, stateDir: join(stateDir, 'cognito') }),
    ]);
    const failure = launched.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    const [dynamo, fauxqs, cognito] = launched.map(
      (r) => (r as PromiseFulfilledResult<{ endpoint: string; child: SupervisedChild }>).value,
    ) as [{ endpoint: string; child: SupervisedChild }, { endpoint: string }, { endpoint: string }];
    let dynamoChild = dynamo.child;

    const clientConfig = { region: localRegion, credentials: localCredentials };
    const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: dynamo.endpoint });
    const sqs = new SQSClient({ ...clientConfig, endpoint: fauxqs.endpoint, useQueueUrlAsEndpoint: false });
    const s3 = new S3Client({ ...clientConfig, endpoint: fauxqs.endpoint, forcePathStyle: true });
    const idp = new CognitoIdentityProviderClient({ ...clientConfig, endpoint: cognito.endpoint });
    cleanups.push(async () => {
      for (const client of [dynamodb, sqs, s3, idp]) client.destroy();
    });

    const tables: Record<string, string> = {};
    let casesNeedReindex = false;
    for (const definition of tableDefinitions) {
      const { tableName, addedIndexes } = await ensureTable(
        dynamodb,
        definition,
        `${localResourcePrefix}-${definition.nameSuffix}`,
      );
      tables[definition.nameSuffix] = tableName;
      if (definition === mainTable && addedIndexes.length > 0) casesNeedReindex = true;
    }
    const provisionedQueues: LocalEndpoints['queues'] = {};
    for (const queue of Object.values(queues)) {
      provisionedQueues[queue.name] = await ensureQueueWithDlq(
        sqs,
        `${localResourcePrefix}-${queue.name}`,
        queue,
      );
    }
    const bucket = `${localResourcePrefix}-${attachmentsBucket.nameSuffix}`;
    await ensureBucket(s3, bucket);
    // Browsers and handlers reach S3 through the gateway: the bucket's CORS rule for the
    // portal's origins (as infra sets it on AWS), POST policy checks and object tags.
    const portalOrigins = [`http://127.0.0.1:${ports.gateway}`, `http://localhost:${ports.gateway}`];
    const s3Gateway = await startLocalS3Gateway({
      port: ports.s3,
      upstream: fauxqs.endpoint,
      region: localRegion,
      credentials: localCredentials,
      // The Vite dev server (`npm run dev` in web/) is a portal origin too.
      allowedOrigins: [...portalOrigins, 'http://localhost:5173', 'http://127.0.0.1:5173'],
      ...(dataDir ? { tagsFile: join(dataDir, 's3-object-tags.json') } : {}),
      log,
    });
    cleanups.push(() => s3Gateway.close());
    const pool = await ensureUserPool(idp, userPool, {
      poolName: `${localResourcePrefix}-staff-users`,
      clientName: `${localResourcePrefix}-portal`,
    });
    const demoUsers: DemoUser[] = options.seed === false ? [] : await seedDemoUsers(idp, pool.userPoolId);
    log(
      `provisioned ${Object.keys(tables).length} tables, ${Object.keys(provisionedQueues).length} queue(s) with DLQ, ` +
        `bucket ${bucket}, user pool ${pool.userPoolId} with ${demoUsers.length} demo users`,
    );

    const issuer = `${cognito.endpoint}/${pool.userPoolId}`;
    const endpoints: LocalEndpoints = {
      apiUrl: `http://127.0.0.1:${ports.gateway}`,
      portalUrl: `http://127.0.0.1:${ports.gateway}`,
      openApiUrl: `http://127.0.0.1:${ports.gateway}${httpRoutes.find((r) => r.id === 'OpenApi')?.path ?? '/openapi.json'}`,
      region: localRegion,
      dynamodbEndpoint: dynamo.endpoint,
      sqsEndpoint: fauxqs.endpoint,
      s3Endpoint: s3Gateway.endpoint,
      cognitoEndpoint: cognito.endpoint,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.userPoolClientId,
      issuer,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      tables,
      queues: provisionedQueues,
      bucket,
      demoUsers,
    };
    // Before any handler module loads: they create SDK clients and read names at import.
    const secretValues = await ensureLocalSecrets(dataDir);
    applyLocalCloudEnvironment(endpoints, secretValues);
    // The per-phone quota goes with the per-address limits: the shared test cloud files
    // hundreds of cases from its fixtures' one phone number.
    if (!options.rateLimits) process.env.PUBLIC_CASES_PER_PHONE_PER_DAY = '0';
    // Reference data, not demo content: no handler works before its city is onboarded.
    await seedDemoCity(log);
    await seedDemoDirectory(demoUsers);
    if (options.seed !== false) {
      endpoints.open311 = {
        url: `${endpoints.apiUrl}/open311/v2`,
        jurisdictions: await seedDemoApiKeys(dataDir),
      };
    }
    if (casesNeedReindex) {
      // Cases kept in .data predate the new index: give them its keys, as a migration job would on AWS.
      const reindexed = await reindexStoredCases();
      log(`added index(es) to ${tables.main}; reindexed ${reindexed} stored case(s)`);
    }

    let webRoot: string | undefined;
    if (options.webRoot) {
      webRoot = resolve(options.webRoot);
      if (!existsSync(webRoot)) {
        log(`portal build ${webRoot} not found (run \`npm run build:web\`); serving the API only`);
        webRoot = undefined;
      }
    }
    const gateway: LocalGateway = await startLocalGateway({
      port: ports.gateway,
      routes: httpRoutes,
      region: localRegion,
      authorizer: createJwtAuthorizer({ issuer, audience: [pool.userPoolClientId], jwks: endpoints.jwksUrl }),
      ...(webRoot ? { webRoot } : {}),
      ...(options.rateLimits ? { rateLimits: publicRateLimits } : {}),
      log,
    });
    cleanups.push(() => gateway.close());

    if (options.consumers !== false) {
      const consumers = startManifestConsumers({
        queues: provisionedQueues,
        tables,
        region: localRegion,
        roles: { queues: true, streams: true, schedules: true },
        ...(dataDir ? { checkpointDir: join(dataDir, 'stream-checkpoints') } : {}),
        streamFailureFile: join(stateDir, 'stream-failures.jsonl'),
        sqs,
        dynamodb,
        log,
      });
      cleanups.push(() => consumers.stop());
    }

    if (options.afterProvision) await options.afterProvision(endpoints);
    const restartDynamoDb = async (restart: { downtimeMs?: number } = {}) => {
      if (!dataDir)
        throw new Error(
          'restartDynamoDb needs a persistent local cloud (dataDir): in memory the tables would be gone',
        );
      // Same port and -dbPath: clients see connection errors, then the same tables and stream.
      await dynamoChild.stop();
      if (restart.downtimeMs) await new Promise((done) => setTimeout(done, restart.downtimeMs));
      dynamoChild = (await launchDynamoDbLocal(supervisor, dynamoOptions)).child;
    };
    return { endpoints, environment: localCloudEnvironment(endpoints, secretValues), stop, restartDynamoDb };
  } catch (error) {
    await stop();
    throw error;
  }
}
