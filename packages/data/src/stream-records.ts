import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** The new image of a DynamoDB stream record as a plain object (Lambda delivers it marshalled). */
export function newImageOf(record: {
  dynamodb?: { NewImage?: unknown };
}): Record<string, unknown> | undefined {
  const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
  return image ? unmarshall(image) : undefined;
}
