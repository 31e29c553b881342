import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublicCatalog } from '@citydesk/domain';

/*
 * What the smoke suite runs against, and what it files there. Everything comes from
 * the environment, so one script checks real AWS, LocalStack and the embedded local
 * cloud alike; without CITYDESK_SMOKE_API_URL it reads the endpoints a running
 * `npm start` wrote to .data/endpoints.json.
 */

/** A staff login for the queue check. */
export interface SmokeLogin {
  username: string;
  password: string;
}

export interface SmokeTarget {
  /** Where it came from, for the report. */
  source: 'environment' | 'local cloud';
  /** The API's base URL (the API Gateway URL, or the portal's, which serves the API on the same origin). */
  apiUrl: string;
  /** `?city=` for multi-city deployments; the deployment's default city otherwise. */
  cityId?: string;
  /** Overrides of what /v1/public/auth-config says (region, app client, Cognito endpoint). */
  region?: string;
  clientId?: string;
  cognitoEndpoint?: string;
  /** A fixed staff login; on the local cloud a demo user of the case's owner is chosen instead. */
  login?: SmokeLogin;
  /** Demo logins of the local cloud, by tenant. */
  demoUsers: { username: string; password: string; groups: string[]; tenantId: string }[];
  /** Work type and neighbourhood of the case filed; chosen from the catalogue when absent. */
  workTypeCode?: string;
  neighbourhood?: string;
  routingTimeoutMs: number;
}

/** The local cloud's `.data/endpoints.json`, as far as the smoke suite needs it. */
interface LocalEndpointsFile {
  apiUrl: string;
  region: string;
  cognitoEndpoint: string;
  userPoolClientId: string;
  demoUsers: SmokeTarget['demoUsers'];
}

/**
 * Reads the target from the environment (see docs/deploy.md, "Smoke test"), else
 * from the local cloud's endpoints file. Throws with what is missing.
 */
export function resolveSmokeTarget(
  env: NodeJS.ProcessEnv,
  endpointsFile = env.CITYDESK_ENDPOINTS_FILE ?? join(process.cwd(), '.data', 'endpoints.json'),
): SmokeTarget {
  const routingTimeoutMs = Number(env.CITYDESK_SMOKE_ROUTING_TIMEOUT_SECONDS ?? '60') * 1000;
  if (!Number.isFinite(routingTimeoutMs) || routingTimeoutMs <= 0)
    throw new Error('CITYDESK_SMOKE_ROUTING_TIMEOUT_SECONDS must be a positive number');
  const login =
    env.CITYDESK_SMOKE_USERNAME && env.CITYDESK_SMOKE_PASSWORD
      ? { username: env.CITYDESK_SMOKE_USERNAME, password: env.CITYDESK_SMOKE_PASSWORD }
      : undefined;
  const common = {
    ...optional('cityId', env.CITYDESK_SMOKE_CITY),
    ...optional('workTypeCode', env.CITYDESK_SMOKE_WORK_TYPE),
    ...optional('neighbourhood', env.CITYDESK_SMOKE_NEIGHBOURHOOD),
    ...optional('login', login),
    routingTimeoutMs,
  };
  const apiUrl = env.CITYDESK_SMOKE_API_URL;
  if (apiUrl) {
    if (!login)
      throw new Error(
        'CITYDESK_SMOKE_USERNAME and CITYDESK_SMOKE_PASSWORD are required with CITYDESK_SMOKE_API_URL (a staff login for the queue check)',
      );
    return {
      source: 'environment',
      apiUrl: withTrailingSlash(apiUrl),
      ...optional('region', env.CITYDESK_SMOKE_REGION ?? env.AWS_REGION),
      ...optional('clientId', env.CITYDESK_SMOKE_CLIENT_ID),
      // The SDK's own variables name LocalStack's (or any emulator's) Cognito.
      ...optional(
        'cognitoEndpoint',
        env.CITYDESK_SMOKE_COGNITO_ENDPOINT ??
          env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ??
          env.AWS_ENDPOINT_URL,
      ),
      demoUsers: [],
      ...common,
    };
  }
  if (!existsSync(endpointsFile))
    throw new Error(
      `no target: set CITYDESK_SMOKE_API_URL (and a staff login), or start the local cloud (npm start writes ${endpointsFile})`,
    );
  const local = JSON.parse(readFileSync(endpointsFile, 'utf8')) as LocalEndpointsFile;
  return {
    source: 'local cloud',
    apiUrl: withTrailingSlash(local.apiUrl),
    region: local.region,
    clientId: local.userPoolClientId,
    cognitoEndpoint: local.cognitoEndpoint,
    demoUsers: local.demoUsers,
    ...common,
  };
}

/** The login for the queue check: the fixed one, else a local demo supervisor of the case's owner. */
export function chooseLogin(target: SmokeTarget, ownerTenantId: string | undefined): SmokeLogin {
  if (target.login) return target.login;
  const ofOwner = target.demoUsers.filter((u) => u.tenantId === ownerTenantId);
  const chosen =
    ofOwner.find((u) => u.groups.includes('supervisor')) ??
    ofOwner[0] ??
    target.demoUsers.find((u) => u.groups.includes('coordinator'));
  if (!chosen) throw new Error(`no staff login for tenant ${ownerTenantId ?? '(none)'}`);
  return { username: chosen.username, password: chosen.password };
}

/** The public request the suite files: no contact details, so nobody is messaged. */
export interface SmokeSubmission {
  workTypeCode: string;
  description: string;
  location: { lat: number; lon: number; neighbourhood: string };
  contact: { preference: { channel: 'none'; granularity: 'result_only'; language: 'tr' } };
  consent: { accepted: true; noticeVersion: string };
}

/** The usual district work type in the demo city; any other city gets its first district-level one. */
const PREFERRED_WORK_TYPE = 'ROAD-POTHOLE-LOCAL';

/**
 * A request any city can take: a district-level work type that needs a location,
 * placed on a neighbourhood's centroid, so routing decides the owner from the point.
 */
export function chooseSubmission(
  catalog: Pick<PublicCatalog, 'workTypes' | 'neighbourhoods'>,
  wanted: { workTypeCode?: string; neighbourhood?: string } = {},
  now = new Date(),
): SmokeSubmission {
  const workType = wanted.workTypeCode
    ? catalog.workTypes.find((w) => w.code === wanted.workTypeCode)
    : (catalog.workTypes.find((w) => w.code === PREFERRED_WORK_TYPE) ??
      catalog.workTypes.find((w) => w.tenantLevel === 'district' && w.requiresLocation));
  if (!workType)
    throw new Error(
      wanted.workTypeCode
        ? `work type ${wanted.workTypeCode} is not in the catalogue`
        : 'the catalogue has no district-level work type with a location',
    );
  const placed = catalog.neighbourhoods.filter((n) => n.centroid);
  const neighbourhood = wanted.neighbourhood
    ? placed.find((n) => n.name === wanted.neighbourhood)
    : placed[0];
  if (!neighbourhood?.centroid)
    throw new Error(
      wanted.neighbourhood
        ? `neighbourhood ${wanted.neighbourhood} is not in the catalogue with a centroid`
        : 'the catalogue has no neighbourhood with a centroid',
    );
  return {
    workTypeCode: workType.code,
    description: `Otomatik duman testi (smoke test), ${now.toISOString()}: işlem gerekmez.`,
    location: { ...neighbourhood.centroid, neighbourhood: neighbourhood.name },
    contact: { preference: { channel: 'none', granularity: 'result_only', language: 'tr' } },
    consent: { accepted: true, noticeVersion: '2026-11' },
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}
