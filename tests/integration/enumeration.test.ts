import { randomInt } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dammCheckDigit, generateTrackingNumber, TRACKING_NUMBER_DIGITS } from '@citydesk/domain';
import { httpRoutes } from '@citydesk/functions/manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { invokeRoute, useHandlerEnvironment } from '../support/handler-invocation.ts';
import { countEntities, mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * Tracking numbers cannot be enumerated (issue 11, ADR 0003). The design: 11 random
 * digits and a Damm check digit, so 10^11 numbers per city, of which the city holds a
 * few thousand; a random guess hits with probability (stored / 10^11).
 *
 * 100,000 random guesses are checked against every number the table holds (one scan
 * of the TRACK# items, which is what the handler's lookup reads): half uniformly random
 * 12-digit strings, half with a correct check digit, as a careful attacker would send.
 * None hits. Then a share of them goes through the real track handler (invoked in this
 * process, as the gateway would): every one is 400 (check digit) or 404, the very
 * answer a number that was never issued gets. All 100,000 through the handler take
 * minutes on a busy 2-core machine (every well-formed guess is a table read), hence
 * the scan; the per-address limits (WAF on AWS, the local gateway) cap an attacker
 * at a few hundred guesses per 5 minutes on top of this.
 */

const route = httpRoutes.find((r) => r.path === '/v1/public/track/{trackingNo}');
if (!route) throw new Error('the track route is not in the manifest');
const track = route;

const GUESSES = 100_000;
const THROUGH_THE_HANDLER = 2_000;

function uniformGuess(): string {
  let digits = '';
  for (let i = 0; i < TRACKING_NUMBER_DIGITS; i++) digits += String(randomInt(10));
  return digits;
}

/** A well-formed number: what an attacker who knows the check digit would try. */
const wellFormedGuess = () => generateTrackingNumber((max) => randomInt(max));

/** Every tracking number the table holds, from its TRACK# items. */
async function storedNumbers(): Promise<Set<string>> {
  const doc = testDocumentClient();
  const numbers = new Set<string>();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: mainTableName(),
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': 'TRACK#' },
        ProjectionExpression: 'pk',
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) numbers.add(String(item.pk).slice('TRACK#'.length));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return numbers;
}

beforeAll(() => {
  useHandlerEnvironment();
});

describe('tracking number enumeration', () => {
  let known: string;
  let stored: Set<string>;

  it('the number space is 10^11 and the check can hit: a stored number is found', async () => {
    known = (
      await fileRoutedCase(
        potholeSubmission({
          lat: 39.6485,
          lon: 27.8862,
          neighbourhood: 'Dumlupınar',
          address: 'Sayım sokak',
        }),
      )
    ).trackingNo;
    // Every 11-digit body has exactly one check digit: 10^11 valid numbers.
    expect(String(dammCheckDigit(known.slice(0, 11)))).toBe(known.slice(11));
    const hit = await invokeRoute({ route: track, pathParameters: { trackingNo: known } });
    expect(hit.status).toBe(200);
    stored = await storedNumbers();
    expect(stored.has(known)).toBe(true);
    expect(stored.size).toBe(await countEntities(testDocumentClient(), 'TrackingNumber'));
    // The chance that 100,000 guesses hit anything, by the union bound: far below one in a thousand.
    expect((GUESSES * stored.size) / 1e11).toBeLessThan(1e-3);
  });

  it(`${GUESSES.toLocaleString('en')} random guesses hit none of the stored numbers`, () => {
    let hits = 0;
    let wellFormed = 0;
    for (let i = 0; i < GUESSES; i++) {
      const guess = i % 2 ? uniformGuess() : wellFormedGuess();
      if (dammCheckDigit(guess.slice(0, 11)) === Number(guess[11])) wellFormed++;
      if (stored.has(guess)) hits++;
    }
    expect(hits).toBe(0);
    // The well-formed half, plus about one in ten of the uniform half.
    expect(wellFormed).toBeGreaterThan(GUESSES * 0.53);
    expect(wellFormed).toBeLessThan(GUESSES * 0.57);
  });

  it(`${THROUGH_THE_HANDLER.toLocaleString('en')} guesses through the track handler: 400 or 404, never a case`, async () => {
    const guesses = Array.from({ length: THROUGH_THE_HANDLER }, (_, i) =>
      i % 2 ? uniformGuess() : wellFormedGuess(),
    );
    const byStatus: Record<number, number> = {};
    let next = 0;
    const worker = async () => {
      for (;;) {
        const guess = guesses[next++];
        if (guess === undefined) return;
        const r = await invokeRoute({ route: track, pathParameters: { trackingNo: guess } });
        byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
        if (r.status === 404) expect(r.json.code).toBe('case-not-found');
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(byStatus[200]).toBeUndefined();
    expect((byStatus[404] ?? 0) + (byStatus[400] ?? 0)).toBe(THROUGH_THE_HANDLER);
    expect(byStatus[404] ?? 0).toBeGreaterThan(THROUGH_THE_HANDLER / 2);
  }, 180_000);
});
