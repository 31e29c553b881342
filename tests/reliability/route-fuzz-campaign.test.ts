import { describe, it } from 'vitest';
import { signIn } from '../support/staff-session.ts';
import { runFuzzSuite } from './fuzz-suite.ts';
import { bodyRoutes, expectPayloadBoundaries } from './payload-boundaries.ts';

/*
 * The full fuzzing campaign (issue 11): `npm run test:fuzz`. 10,000 generated hostile
 * requests over every route of the manifest (CITYDESK_FUZZ_REQUESTS to change the
 * number), a fresh seed each run unless CITYDESK_FUZZ_SEED repeats one (the seed is in
 * the report, test-results/fuzz-campaign.json), then the 10 MB gateway limit and one
 * byte over it on every route that takes a body.
 */

const requests = Number(process.env.CITYDESK_FUZZ_REQUESTS ?? 10_000);
const seed = Number(process.env.CITYDESK_FUZZ_SEED ?? Date.now() % 2_147_483_647);

describe('route fuzzing campaign', () => {
  it(`${requests.toLocaleString('en')} hostile requests over every manifest route (seed ${seed})`, async () => {
    const result = await runFuzzSuite({ requests, seed, report: 'test-results/fuzz-campaign.json' });
    console.info(
      `fuzz campaign: ${result.requests} requests, seed ${result.seed}, ${Math.round(result.durationMs / 1000)} s, ` +
        `${result.routesHit} routes, statuses ${JSON.stringify(result.byStatus)}`,
    );
  });

  it('every route that takes a body: 10 MB is refused by the handler, 10 MB + 1 byte by the gateway, as problem+json', async () => {
    const token = (await signIn('metro.coordinator')).IdToken;
    for (const route of bodyRoutes) {
      await expectPayloadBoundaries(route, route.auth === 'jwt' ? { authorization: `Bearer ${token}` } : {});
    }
  });
});
