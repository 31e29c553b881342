import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Emulator packages are started as child processes from files inside their package
 * directories. `require.resolve` cannot find those directories for ESM-only
 * packages (fauxqs exports only an `import` condition), so we walk up from this
 * file the way Node's own lookup does. That works the same under tsx and vitest.
 */

const here = dirname(fileURLToPath(import.meta.url));

/** Absolute directory of an installed npm package, found by Node's upward node_modules lookup. */
export function packageDirectory(name: string): string {
  let dir = here;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`package ${name} is not installed (run npm install at the repo root)`);
    dir = parent;
  }
}

/** The repository root: the directory holding the workspace's functions/ folder. */
export const repositoryRoot = join(here, '..', '..', '..');

/** functions/src, where the manifest's handler `entry` paths are rooted. */
export const functionsSourceDirectory = join(repositoryRoot, 'functions', 'src');
