import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalCloud } from './index.ts';
import type { LocalEndpoints } from './local-endpoints.ts';
import { repositoryRoot } from './package-paths.ts';
import { seedDemoCases } from './seed-demo-cases.ts';

/*
 * `npm start`: the whole of CityDesk on this machine. State lives in .data/ at the
 * repository root, so a restart keeps tables, queues, users and stream progress.
 * Ctrl-C stops everything in order and exits 0; a failed start exits 1 with the
 * reason (Java missing, a port taken, an emulator that would not come up).
 */

const dataDir = join(repositoryRoot, '.data');

function printBanner(endpoints: LocalEndpoints) {
  const rows = endpoints.demoUsers.map((u) => [
    u.username,
    u.password,
    u.groups.join(','),
    u.tenantId + (u.neighbourhood ? ` / ${u.neighbourhood}` : ''),
  ]);
  const header = ['kullanıcı / username', 'parola / password', 'rol / role', 'kurum / tenant'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  const out = [
    '',
    '  Kent Masası (CityDesk) is running locally',
    '',
    `  Portal   ${endpoints.portalUrl}`,
    `  API      ${endpoints.apiUrl}`,
    `  OpenAPI  ${endpoints.openApiUrl}`,
    ...(endpoints.open311
      ? [`  Open311  ${endpoints.open311.url} (jurisdiction ids and demo API keys in .data/endpoints.json)`]
      : []),
    `  Cognito  ${endpoints.cognitoEndpoint} (pool ${endpoints.userPoolId}, client ${endpoints.userPoolClientId})`,
    `  State    ${dataDir} (endpoints in .data/endpoints.json)`,
    '',
    '  Demo logins:',
    line(header),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
    '',
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  // Handlers log JSON at INFO per case; with 300 seeded cases that buries the console.
  // POWERTOOLS_LOG_LEVEL=INFO npm start shows them again.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const cloud = await startLocalCloud({
    dataDir,
    ports: 'fixed',
    webRoot: join(repositoryRoot, 'web', 'build'),
    seed: true,
    // The WAF limits of production, so a developer sees the 429 a flood gets;
    // CITYDESK_RATE_LIMITS=off lifts them for load runs from one machine.
    rateLimits: process.env.CITYDESK_RATE_LIMITS !== 'off',
    // Demo cases go through the real repository while the pollers run, so the
    // stream, dispatcher and routing worker route them like a citizen's request.
    // A broken seed must not take the platform down with it: report it and keep
    // serving, so the developer can still use (and debug) the running cloud.
    afterProvision: async () => {
      try {
        await seedDemoCases({ log: (line) => process.stdout.write(`[seed] ${line}\n`) });
      } catch (error) {
        process.stderr.write(
          `[seed] demo cases could not be seeded, continuing without them: ${(error as Error).stack ?? error}\n`,
        );
      }
    },
  });
  writeFileSync(join(dataDir, 'endpoints.json'), `${JSON.stringify(cloud.endpoints, null, 2)}\n`);
  printBanner(cloud.endpoints);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stdout.write(`${signal} again: exiting immediately\n`);
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`\n${signal} received, stopping the local cloud…\n`);
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`\nnpm start failed: ${(error as Error).message}\n`);
  process.exit(1);
});
