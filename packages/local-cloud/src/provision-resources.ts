import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { TableDefinition } from '@citydesk/data';
import type { QueueDefinition } from '@citydesk/functions/manifest';

/*
 * Creates the AWS resources of the manifest and the table definitions in the
 * emulators. Every step is "create if missing, otherwise reuse", so a second
 * `npm start` over the same .data/ finds its tables, queues and bucket and keeps
 * their contents.
 */

/**
 * Creates the table with its GSIs, stream and TTL if it does not exist yet, or adds the
 * GSIs an older table lacks; returns its stream ARN and the indexes it had to add.
 */
export async function ensureTable(
  dynamodb: DynamoDBClient,
  definition: TableDefinition,
  tableName: string,
): Promise<{ tableName: string; streamArn?: string; addedIndexes: string[] }> {
  const keySchema: KeySchemaElement[] = [{ AttributeName: definition.partitionKey.name, KeyType: 'HASH' }];
  const attributes = new Map<string, AttributeDefinition>();
  const declare = (key: { name: string; type: 'S' | 'N' }) =>
    attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  declare(definition.partitionKey);
  if (definition.sortKey) {
    keySchema.push({ AttributeName: definition.sortKey.name, KeyType: 'RANGE' });
    declare(definition.sortKey);
  }
  const indexes: GlobalSecondaryIndex[] = definition.globalIndexes.map((index) => {
    declare(index.partitionKey);
    declare(index.sortKey);
    return {
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    };
  });
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keySchema,
        AttributeDefinitions: [...attributes.values()],
        ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
        ...(definition.stream
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }
          : {}),
      }),
    );
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30 }, { TableName: tableName });
    if (definition.ttlAttribute) {
      // DynamoDB Local accepts the setting but never deletes: readers filter expired items.
      await dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { Enabled: true, AttributeName: definition.ttlAttribute },
        }),
      );
    }
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  let described = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  // A table kept in .data from an older version lacks the indexes added since: add
  // them (DynamoDB backfills existing items), one per UpdateTable as DynamoDB requires.
  const existing = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = indexes.filter((i) => !existing.has(i.IndexName));
  for (const index of missing) {
    const keys = index.KeySchema?.map((k) => k.AttributeName) ?? [];
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [...attributes.values()].filter((a) => keys.includes(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    described = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  }
  const streamArn = described.Table?.LatestStreamArn;
  const addedIndexes = missing.map((i) => i.IndexName ?? '');
  return streamArn ? { tableName, streamArn, addedIndexes } : { tableName, addedIndexes };
}

/** URLs and ARNs of a queue and its dead-letter queue. */
export interface ProvisionedQueue {
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>) {
  let url: string | undefined;
  try {
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (
      (error as Error).name !== 'QueueDoesNotExist' &&
      (error as Error).name !== 'AWS.SimpleQueueService.NonExistentQueue'
    ) {
      throw error;
    }
  }
  if (url) {
    // Existing queue from .data: bring its attributes in line with the manifest.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  } else {
    url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
  }
  if (!url) throw new Error(`SQS returned no URL for queue ${name}`);
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
    .Attributes?.QueueArn;
  if (!arn) throw new Error(`SQS returned no ARN for queue ${name}`);
  return { url, arn };
}

/**
 * Creates `<name>` and `<name>-dlq`, with a RedrivePolicy moving a message to the
 * DLQ once it has been received `maxReceiveCount` times without being deleted.
 */
export async function ensureQueueWithDlq(
  sqs: SQSClient,
  queueName: string,
  settings: Pick<QueueDefinition, 'visibilityTimeoutSeconds' | 'maxReceiveCount' | 'retentionDays'>,
): Promise<ProvisionedQueue> {
  const retention = String(Math.min(settings.retentionDays, 14) * 86_400);
  const dlq = await ensureQueue(sqs, `${queueName}-dlq`, { MessageRetentionPeriod: String(14 * 86_400) });
  const main = await ensureQueue(sqs, queueName, {
    VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
    MessageRetentionPeriod: retention,
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: settings.maxReceiveCount,
    }),
  });
  return { url: main.url, arn: main.arn, dlqUrl: dlq.url, dlqArn: dlq.arn };
}

/** Creates the bucket unless it exists. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
