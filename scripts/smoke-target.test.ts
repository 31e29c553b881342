import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseLogin, chooseSubmission, resolveSmokeTarget } from './lib/smoke-target.ts';

const demoUsers = [
  { username: 'metro.coordinator', password: 'pw-1', groups: ['coordinator'], tenantId: 'balikesir-bb' },
  { username: 'karesi.staff', password: 'pw-2', groups: ['staff'], tenantId: 'balikesir-karesi' },
  { username: 'karesi.supervisor', password: 'pw-3', groups: ['supervisor'], tenantId: 'balikesir-karesi' },
];

function endpointsFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'smoke-')), 'endpoints.json');
  writeFileSync(
    file,
    JSON.stringify({
      apiUrl: 'http://127.0.0.1:3000',
      region: 'eu-central-1',
      cognitoEndpoint: 'http://127.0.0.1:9229',
      userPoolClientId: 'local-client',
      demoUsers,
    }),
  );
  return file;
}

describe('smoke target', () => {
  it('reads a deployed target from the environment, Cognito endpoint from the SDK variables', () => {
    const target = resolveSmokeTarget(
      {
        CITYDESK_SMOKE_API_URL: 'https://abc.execute-api.eu-central-1.amazonaws.com',
        CITYDESK_SMOKE_USERNAME: 'smoke.staff',
        CITYDESK_SMOKE_PASSWORD: 'secret',
        CITYDESK_SMOKE_CITY: 'balikesir',
        AWS_REGION: 'eu-central-1',
        AWS_ENDPOINT_URL: 'http://localhost:4566',
      },
      '/nonexistent/endpoints.json',
    );
    expect(target).toEqual({
      source: 'environment',
      apiUrl: 'https://abc.execute-api.eu-central-1.amazonaws.com/',
      region: 'eu-central-1',
      cognitoEndpoint: 'http://localhost:4566',
      cityId: 'balikesir',
      login: { username: 'smoke.staff', password: 'secret' },
      demoUsers: [],
      routingTimeoutMs: 60_000,
    });
  });

  it('wants a staff login for a deployed target', () => {
    expect(() =>
      resolveSmokeTarget({ CITYDESK_SMOKE_API_URL: 'https://example.test' }, '/nonexistent/endpoints.json'),
    ).toThrow(/CITYDESK_SMOKE_USERNAME/);
  });

  it('falls back to the running local cloud, and says how to get one when there is none', () => {
    const target = resolveSmokeTarget({ CITYDESK_SMOKE_ROUTING_TIMEOUT_SECONDS: '5' }, endpointsFile());
    expect(target).toMatchObject({
      source: 'local cloud',
      apiUrl: 'http://127.0.0.1:3000/',
      region: 'eu-central-1',
      clientId: 'local-client',
      cognitoEndpoint: 'http://127.0.0.1:9229',
      routingTimeoutMs: 5000,
    });
    expect(() => resolveSmokeTarget({}, '/nonexistent/endpoints.json')).toThrow(/npm start/);
    expect(() =>
      resolveSmokeTarget({ CITYDESK_SMOKE_ROUTING_TIMEOUT_SECONDS: 'soon' }, endpointsFile()),
    ).toThrow(/positive number/);
  });

  it('signs in as a supervisor of the owner locally, else the given login', () => {
    const local = resolveSmokeTarget({}, endpointsFile());
    expect(chooseLogin(local, 'balikesir-karesi').username).toBe('karesi.supervisor');
    expect(chooseLogin(local, 'baski').username).toBe('metro.coordinator');
    const fixed = { ...local, login: { username: 'smoke.staff', password: 'x' } };
    expect(chooseLogin(fixed, 'balikesir-karesi').username).toBe('smoke.staff');
  });
});

describe('smoke submission', () => {
  const catalog = {
    workTypes: [
      { code: 'WATER-LEAK', tenantLevel: 'utility', requiresLocation: true },
      { code: 'PARK-BENCH', tenantLevel: 'district', requiresLocation: true },
      { code: 'ROAD-POTHOLE-LOCAL', tenantLevel: 'district', requiresLocation: true },
    ],
    neighbourhoods: [
      { name: 'Yeri belirsiz', districtTenantId: 'x' },
      { name: 'Dumlupınar', districtTenantId: 'balikesir-karesi', centroid: { lat: 39.6485, lon: 27.8862 } },
    ],
  } as unknown as Parameters<typeof chooseSubmission>[0];

  it('files the demo city’s pothole on a neighbourhood centroid, with no contact to message', () => {
    const submission = chooseSubmission(catalog, {}, new Date('2026-12-07T09:00:00Z'));
    expect(submission).toMatchObject({
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' },
      contact: { preference: { channel: 'none' } },
      consent: { accepted: true },
    });
    expect(submission.description).toContain('smoke test');
  });

  it('takes another city’s first district work type, or the one asked for', () => {
    const other = { ...catalog, workTypes: catalog.workTypes.slice(0, 2) };
    expect(chooseSubmission(other).workTypeCode).toBe('PARK-BENCH');
    expect(chooseSubmission(catalog, { workTypeCode: 'WATER-LEAK' }).workTypeCode).toBe('WATER-LEAK');
    expect(() => chooseSubmission(catalog, { workTypeCode: 'NOPE' })).toThrow(/NOPE/);
    expect(() => chooseSubmission(catalog, { neighbourhood: 'Yeri belirsiz' })).toThrow(/centroid/);
  });
});
