import { describe, expect, it } from 'vitest';
import type { LocalEndpoints } from './local-endpoints.ts';
import { localCloudEnvironment } from './local-environment.ts';

const endpoints: LocalEndpoints = {
  apiUrl: 'http://127.0.0.1:3000',
  portalUrl: 'http://127.0.0.1:3000',
  openApiUrl: 'http://127.0.0.1:3000/openapi.json',
  region: 'eu-central-1',
  dynamodbEndpoint: 'http://127.0.0.1:8000',
  sqsEndpoint: 'http://127.0.0.1:4566',
  s3Endpoint: 'http://127.0.0.1:4567',
  cognitoEndpoint: 'http://127.0.0.1:9229',
  userPoolId: 'local_pool',
  userPoolClientId: 'local-client',
  issuer: 'http://127.0.0.1:9229/local_pool',
  jwksUrl: 'http://127.0.0.1:9229/local_pool/.well-known/jwks.json',
  tables: { main: 'citydesk-local-main' },
  queues: {},
  bucket: 'citydesk-local-attachments',
  demoUsers: [],
};

describe('the handlers’ local environment', () => {
  it('keeps Powertools metrics off stdout and the X-Ray tracer off, as stage "local"', () => {
    expect(localCloudEnvironment(endpoints)).toMatchObject({
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      CITYDESK_METRICS_STAGE: 'local',
    });
  });
});
