import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

/*
 * The real CLI, the way a developer or CI runs it: `npx cdk synth` from the repository root
 * reads cdk.json, starts the app with tsx and bundles with the local esbuild. Offline by
 * construction: no lookups, and synth never publishes assets.
 */

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), 'citydesk-cli-synth-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

it('`npx cdk synth --quiet` exits 0 and writes every stack template', async () => {
  const { stderr } = await run('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
    cwd: repoRoot,
    // Bundles every function with esbuild: minutes on a busy 2-core machine.
    timeout: 480_000,
    maxBuffer: 16 * 1024 * 1024,
    // Nothing in the synth may need credentials or the network; an unusable profile proves it.
    env: { ...process.env, AWS_PROFILE: 'citydesk-offline-synth-none', CI: 'true' },
  });
  expect(stderr).not.toMatch(/\bError\b/);
  for (const stack of [
    'CityDeskData',
    'CityDeskIdentity',
    'CityDeskAsync',
    'CityDeskApi',
    'CityDeskEdge',
    'CityDeskWeb',
    'CityDeskObservability',
  ]) {
    expect(existsSync(join(outdir, `${stack}.template.json`))).toBe(true);
  }
  expect(readdirSync(outdir).filter((name) => name.startsWith('asset.')).length).toBeGreaterThan(0);
}, 540_000);
