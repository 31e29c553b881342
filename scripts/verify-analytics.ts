import { readFileSync } from 'node:fs';

/*
 * The analytics verification from a shell (docs/domain/analytics.md § Verification):
 *   MAIN_TABLE_NAME=citydesk-dev-main npm run analytics:verify -- balikesir
 * with AWS credentials in the environment (or AWS_ENDPOINT_URL for LocalStack). Against
 * `npm start`, with no MAIN_TABLE_NAME, it reads the table and DynamoDB endpoint from
 * .data/endpoints.json. Recomputes the city's aggregates from its cases, prints the
 * report (every differing counter with expected and actual) and exits 1 on drift.
 * `--settle <seconds>` leaves younger unapplied events out as in flight (default 600).
 */

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const settleAt = args.indexOf('--settle');
  const settleSeconds = settleAt === -1 ? undefined : Number(args[settleAt + 1]);
  const cityId = args.find((a, i) => !a.startsWith('--') && i !== settleAt + 1) ?? 'balikesir';
  if (!process.env.MAIN_TABLE_NAME) {
    // The local cloud's endpoints (npm start writes them).
    const endpoints = JSON.parse(readFileSync('.data/endpoints.json', 'utf8')) as {
      dynamodbEndpoint?: string;
      tables?: { main?: string };
      region?: string;
    };
    if (!endpoints.tables?.main)
      throw new Error('.data/endpoints.json names no main table: is npm start running?');
    process.env.MAIN_TABLE_NAME = endpoints.tables.main;
    if (endpoints.dynamodbEndpoint) process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodbEndpoint;
    process.env.AWS_REGION ??= endpoints.region ?? 'eu-central-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  }
  // Loaded after the environment is set: the runtime creates its clients on import.
  const { verifyCityAnalytics } = await import('../functions/src/platform/analytics-verification.ts');
  const report = await verifyCityAnalytics(cityId, {
    ...(settleSeconds !== undefined && Number.isFinite(settleSeconds) ? { settleSeconds } : {}),
  });
  console.log(JSON.stringify(report, null, 2));
  if (report.driftCount > 0) process.exit(1);
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(2);
});
