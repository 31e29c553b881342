import { describe, expect, it } from 'vitest';
import {
  createDynamoDbClient,
  createS3Client,
  createSqsClient,
  tracer,
  tracingEnabled,
} from './aws-clients.ts';

describe('tracing of the SDK clients', () => {
  it.each([
    [{}, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' }, true],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'true' }, true],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'false' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: ' FALSE ' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: '0' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_SAM_LOCAL: 'true' }, false],
    [{ POWERTOOLS_TRACE_ENABLED: 'true' }, false],
  ])('%o → %s', (env, expected) => {
    expect(tracingEnabled(env)).toBe(expected);
  });

  it('leaves the clients alone outside Lambda: no tracer, no X-Ray middleware', () => {
    process.env.AWS_REGION ??= 'eu-central-1';
    expect(tracer).toBeUndefined();
    for (const client of [createDynamoDbClient(), createSqsClient(), createS3Client()]) {
      expect(client.middlewareStack.identify().join(' ')).not.toContain('XRay');
    }
  });
});
