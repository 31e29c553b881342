import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient, mainTable, requireEnv } from '@citydesk/data';
import { httpHandler, json } from '#platform/http-handler.ts';
import { ProblemError } from '#platform/problem-details.ts';

const ddb = createDynamoDbClient();
const tableName = requireEnv(mainTable.envVar);

/** Liveness and readiness: answers 200 only when the main table is reachable and active. */
export const handler = httpHandler(async ({ lang }) => {
  try {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus !== 'ACTIVE') throw new Error(`table status ${Table?.TableStatus}`);
  } catch {
    throw new ProblemError('service-unavailable', {
      tr: 'Veritabanına ulaşılamıyor.',
      en: 'The database is not reachable.',
    });
  }
  return json(
    200,
    { status: 'ok', service: 'citydesk', time: new Date().toISOString(), checks: { dynamodb: 'ok' } },
    lang,
  );
});
