import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The benchmark's smoke run (issue 10): `npm run bench -- --quick` must work from CI.
 * It starts its own local cloud on other free ports (in memory), so it does not touch
 * the suite's shared one. Benchmarks are not tests: nothing here looks at a figure or
 * a duration, only that the run completed and wrote every section of its results.
 */

const run = promisify(execFile);
let outDir: string | undefined;

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('completes and writes a results file with every measurement', { timeout: 600_000 }, async () => {
    outDir = await mkdtemp(join(tmpdir(), 'citydesk-bench-'));
    const tsx = resolve('node_modules/.bin/tsx');
    let stdout: string;
    try {
      ({ stdout } = await run(tsx, ['tests/bench/run-bench.ts', '--quick', '--out-dir', outDir], {
        env: { ...process.env },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 590_000,
      }));
    } catch (error) {
      // The run's own log says which measurement failed, or how far it got before a timeout.
      const { stdout: out = '', stderr: err = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`${(error as Error).message}\n${out.slice(-4000)}\n${err.slice(-2000)}`);
    }
    expect(stdout).toContain('results:');
    const files = await readdir(outDir);
    expect(files).toHaveLength(1);
    const results = JSON.parse(await readFile(join(outDir, files[0] as string), 'utf8')) as {
      quick: boolean;
      machine: { cores: number; node: string };
      sections: Record<string, unknown>;
      targets: unknown[];
    };
    expect(results.quick).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    const names = ['intake', 'routing', 'cost', 'fanOut', 'reads', 'memory', 'coldStart'];
    expect(Object.keys(results.sections).sort()).toEqual([...names].sort());
    for (const name of names) {
      const section = results.sections[name];
      expect(section, name).toBeDefined();
      expect(section as object, `${name}: ${JSON.stringify(section)}`).not.toHaveProperty('error');
    }
    expect(results.targets.length).toBeGreaterThan(0);
  });
});
