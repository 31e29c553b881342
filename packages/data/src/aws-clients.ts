import type { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * SDK clients configured only by the environment, so the same code runs on AWS,
 * against LocalStack (AWS_ENDPOINT_URL=http://localhost:4566) and on the embedded
 * local cloud (AWS_ENDPOINT_URL_<SERVICE> per emulator). The SDK reads those
 * variables itself; the two options below are what emulators additionally need.
 */

const emulated = () =>
  Boolean(
    process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_SQS || process.env.AWS_ENDPOINT_URL_S3,
  );

/**
 * Whether this process sends X-Ray traces: only inside a Lambda execution environment
 * (as Powertools decides) and unless POWERTOOLS_TRACE_ENABLED says false, which the
 * local cloud and the tests set.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.POWERTOOLS_TRACE_ENABLED?.trim().toLowerCase();
  if (flag === 'false' || flag === '0' || flag === 'n' || flag === 'no' || flag === 'off') return false;
  return Boolean(env.AWS_EXECUTION_ENV) && !env.AWS_SAM_LOCAL;
}

/**
 * The process's one Powertools tracer, or undefined where tracing is off. It lives here
 * because SDK clients are created at module load all over the code, so the tracer must
 * exist before the first of them. Merely importing the tracer loads the X-Ray SDK,
 * which installs async hooks for the whole process: the local cloud runs every
 * handler in one process and would pay for them on every promise, so the package is
 * imported only when traces are actually sent.
 */
export const tracer: Tracer | undefined = tracingEnabled()
  ? new (await import('@aws-lambda-powertools/tracer')).Tracer()
  : undefined;

/** Records the client's calls as X-Ray subsegments when tracing is on; the client itself otherwise. */
export function traceAwsClient<T>(client: T): T {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

export function createDynamoDbClient(): DynamoDBClient {
  return traceAwsClient(new DynamoDBClient({ maxAttempts: 5 }));
}

export function createDocumentClient(
  client: DynamoDBClient = createDynamoDbClient(),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function createSqsClient(): SQSClient {
  // fauxqs and LocalStack return queue URLs whose host is not the endpoint we configured.
  return traceAwsClient(new SQSClient({ useQueueUrlAsEndpoint: false }));
}

export function createS3Client(): S3Client {
  // Emulators serve buckets path-style on 127.0.0.1; virtual-host style needs DNS they lack.
  return traceAwsClient(new S3Client({ forcePathStyle: emulated() }));
}

/** Reads a required environment variable, failing at cold start rather than on first use. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
