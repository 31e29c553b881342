import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { secrets } from '@citydesk/functions/manifest';
import { type LocalEndpoints, localCloudEnvironment, startLocalCloud } from '@citydesk/local-cloud';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: LocalEndpoints;
    /** Every structured log line the handlers wrote during the run (JSON lines). */
    handlerLogFile: string;
    /**
     * The environment the local cloud's handlers run with (names, endpoints, secret
     * values): tests that invoke handler modules in their own process apply it first.
     */
    handlerEnvironment: Record<string, string>;
  }
}

/**
 * Starts the real local cloud (DynamoDB Local, fauxqs, cognito-local, gateway,
 * pollers) in memory on random free ports, once for the integration and browser
 * suites, and hands its endpoints to the tests through `inject('endpoints')`.
 * Demo users are seeded (sign-in tests use them); demo cases are not, so counts stay exact.
 */
export default async function setup(project: TestProject) {
  const handlerLogFile = resolve('test-results', 'handler-logs.jsonl');
  await mkdir('test-results', { recursive: true });
  // Emptied once, then appended to (O_APPEND): test files that invoke handlers in their
  // own process add their handlers' lines to the same file without overwriting these.
  await writeFile(handlerLogFile, '');
  const sink = createWriteStream(handlerLogFile, { flags: 'a' });
  // Handlers run in this process and log JSON at INFO: capture every line in a file
  // (the no-PII-in-logs test reads it) instead of burying the test report.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{"level"')) return sink.write(text);
    return original(chunk, ...rest);
  }) as typeof process.stdout.write;

  const cloud = await startLocalCloud({
    ports: 'random',
    webRoot: 'web/build',
    seed: true,
    log: (line) => sink.write(`${JSON.stringify({ level: 'GATEWAY', message: line })}\n`),
  });
  project.provide('endpoints', cloud.endpoints);
  project.provide('handlerLogFile', handlerLogFile);
  // startLocalCloud generated the secrets into this process's environment; hand over the same values.
  const secretValues = Object.fromEntries(
    Object.values(secrets).flatMap((s) => {
      const value = process.env[s.valueEnvVar];
      return value ? [[s.valueEnvVar, value]] : [];
    }),
  );
  project.provide('handlerEnvironment', localCloudEnvironment(cloud.endpoints, secretValues));
  return async () => {
    await cloud.stop();
    process.stdout.write = original;
    await new Promise((done) => sink.end(done));
  };
}
