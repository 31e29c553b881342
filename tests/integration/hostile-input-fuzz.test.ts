import { httpRoutes } from '@citydesk/functions/manifest';
import { describe, it } from 'vitest';
import { runFuzzSuite } from '../reliability/fuzz-suite.ts';
import { expectPayloadBoundaries } from '../reliability/payload-boundaries.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * The route fuzzing campaign in CI (issue 11): 10,000 generated hostile requests over
 * every route of the manifest, through the local gateway (about two and a half
 * minutes on a quiet 2-core machine). It keeps one seed, so CI stays repeatable;
 * `npm run test:fuzz` runs the same campaign with a fresh seed, or a longer one
 * (docs/reliability.md).
 */

describe('route fuzzing campaign, fixed seed', () => {
  it('10,000 hostile requests over every manifest route: no 5xx, problem+json refusals, nothing stored', async () => {
    await runFuzzSuite({ requests: 10_000, seed: 20_261_207, report: 'test-results/fuzz-ci.json' });
  }, 1_200_000);

  it('the 10 MB boundary on public intake, staff intake and a city configuration: handler 413, then gateway 413', async () => {
    const callers: Record<string, string | undefined> = {
      CreatePublicCase: undefined,
      StaffCreateCase: 'metro.agent',
      PlatformOnboardCity: 'platform.operator',
    };
    for (const [id, user] of Object.entries(callers)) {
      const route = httpRoutes.find((r) => r.id === id);
      if (!route) throw new Error(`${id} is not in the manifest`);
      const headers: Record<string, string> = user
        ? { authorization: `Bearer ${(await signIn(user)).IdToken}` }
        : {};
      await expectPayloadBoundaries(route, headers);
    }
  });
});
