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

export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({ maxAttempts: 5 });
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
  return new SQSClient({ useQueueUrlAsEndpoint: false });
}

export function createS3Client(): S3Client {
  // Emulators serve buckets path-style on 127.0.0.1; virtual-host style needs DNS they lack.
  return new S3Client({ forcePathStyle: emulated() });
}

/** Reads a required environment variable, failing at cold start rather than on first use. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
