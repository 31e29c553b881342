import { type LocalEndpoints, startLocalCloud } from '@citydesk/local-cloud';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: LocalEndpoints;
  }
}

/**
 * Starts the real local cloud (DynamoDB Local, fauxqs, cognito-local, gateway,
 * pollers) in memory on random free ports, once for the integration and browser
 * suites, and hands its endpoints to the tests through `inject('endpoints')`.
 */
export default async function setup(project: TestProject) {
  // Demo users are seeded (sign-in tests use them); demo cases are not, so counts stay exact.
  // Handlers run in this process: keep their INFO logs out of the test report.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const cloud = await startLocalCloud({ ports: 'random', webRoot: 'web/build', seed: true, log: () => {} });
  project.provide('endpoints', cloud.endpoints);
  return async () => {
    await cloud.stop();
  };
}
