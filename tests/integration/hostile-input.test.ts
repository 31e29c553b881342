import { httpRoutes } from '@citydesk/functions/manifest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiUrl } from '../support/api-client.ts';
import { countEntities, testDocumentClient } from '../support/table-inspection.ts';

/*
 * Generated garbage against every route that takes input: whatever arrives, the
 * answer is a 4xx problem+json and nothing is stored. (The full fuzzing campaign with
 * 10,000 requests per run belongs to the reliability suite.)
 */

const doc = testDocumentClient();

async function expectProblem(res: Response): Promise<void> {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { status: number; title: string };
  expect(body.status).toBe(res.status);
  expect(body.title.length).toBeGreaterThan(0);
}

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    'İı',
    '\u202Eevil',
    'a\u200Bb',
    'e\u0301\u0301\u0301',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '__proto__',
  ),
);

describe('generated garbage', () => {
  it('POST /v1/public/cases: any JSON value or text is refused and nothing is stored', async () => {
    const before = await countEntities(doc, 'Case');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          nasty,
          fc.object().map((o) => JSON.stringify(o)),
        ),
        async (body) => {
          const res = await fetch(apiUrl('/v1/public/cases'), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          await expectProblem(res);
        },
      ),
      { numRuns: 300 },
    );
    expect(await countEntities(doc, 'Case')).toBe(before);
  });

  it('GET /v1/public/track/{trackingNo}: any path segment gets 400 or 404, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (segment) => {
        const res = await fetch(apiUrl(`/v1/public/track/${encodeURIComponent(segment || 'x')}`));
        await expectProblem(res);
      }),
      { numRuns: 300 },
    );
  });

  it.each(httpRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s refuses a method it does not serve with problem+json',
    async (_name, route) => {
      const path = route.path.replace(/\{[^}]+\}/g, '482739150266');
      const res = await fetch(apiUrl(path), { method: route.method === 'GET' ? 'PUT' : 'PATCH', body: '{' });
      await expectProblem(res);
    },
  );
});
