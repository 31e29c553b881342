import { writeFile } from 'node:fs/promises';
import { httpRoutes } from '@citydesk/functions/manifest';
import { expect, inject } from 'vitest';
import { apiUrl } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';
import { countEntities, testDocumentClient } from '../support/table-inspection.ts';
import { type CampaignResult, type FuzzPrincipals, runFuzzCampaign } from './route-fuzzing.ts';

/*
 * The body of the fuzz suites: the CI subset (tests/integration/hostile-input-fuzz.test.ts)
 * and the full campaign (npm run test:fuzz) run the same checks with different sizes.
 */

/** Users of every kind of role and of several tenants, so each route meets callers it serves and callers it refuses. */
export const FUZZ_USERS = [
  'metro.coordinator',
  'metro.agent',
  'metro.admin',
  'karesi.staff',
  'karesi.supervisor',
  'karesi.admin',
  'karesi.muhtar',
  'altieylul.manager',
  'baski.staff',
  'platform.operator',
];

/**
 * Entities only a request creates (background workers never do): a refused request
 * must leave every one of these counts as it was.
 */
export const GUARDED_ENTITIES = [
  'Case',
  'TrackingNumber',
  'ExternalReference',
  'Incident',
  'IncidentCase',
  'InboxMessage',
  'ApiKey',
  'WebhookSubscription',
  'City',
  'CityConfiguration',
  'TenantRegistration',
  'SurveyRecord',
  'StaffWatch',
];

export async function entityCounts(): Promise<Record<string, number>> {
  const doc = testDocumentClient();
  const counts: Record<string, number> = {};
  for (const entity of GUARDED_ENTITIES) counts[entity] = await countEntities(doc, entity);
  return counts;
}

/** Signs the fuzz users in, files one real case for the reads, and collects demo API keys. */
export async function fuzzPrincipals(): Promise<FuzzPrincipals> {
  const sessions = await Promise.all(FUZZ_USERS.map((u) => signIn(u)));
  const filed = await fileRoutedCase(
    potholeSubmission({ lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar', address: 'Fuzz sokak 1' }),
  );
  const jurisdictions = inject('endpoints').open311?.jurisdictions ?? [];
  return {
    idTokens: sessions.map((s) => s.IdToken),
    accessToken: (sessions[0] as { AccessToken: string }).AccessToken,
    apiKeys: jurisdictions.slice(0, 3).map((j) => j.apiKey),
    realIds: {
      caseId: [filed.caseId],
      trackingNo: [filed.trackingNo],
      tenantId: ['balikesir-karesi', 'balikesir-bb'],
      cityId: ['balikesir'],
      document: ['discovery.json', 'services.json', 'requests.json', 'services.xml'],
    },
  };
}

/**
 * Runs a campaign of `requests` and asserts its properties: no violation (5xx,
 * a refusal that is not problem+json in the caller's language, a write route
 * accepting a hostile body), every route of the manifest reached, and no guarded
 * entity created. Writes the figures to test-results/ for docs/reliability.md.
 */
export async function runFuzzSuite(options: {
  requests: number;
  seed: number;
  report: string;
}): Promise<CampaignResult> {
  const principals = await fuzzPrincipals();
  const before = await entityCounts();
  const result = await runFuzzCampaign({
    apiUrl: apiUrl('/'),
    principals,
    requests: options.requests,
    seed: options.seed,
  });
  const after = await entityCounts();
  await writeFile(options.report, `${JSON.stringify({ ...result, before, after }, null, 2)}\n`);
  expect(result.failures).toEqual([]);
  expect(after).toEqual(before);
  expect(result.routesHit).toBe(httpRoutes.length);
  return result;
}
