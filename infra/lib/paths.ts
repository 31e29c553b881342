import { fileURLToPath } from 'node:url';

/*
 * Absolute paths resolved from this file rather than from process.cwd(), so the app
 * synthesises the same whether the CDK CLI, vitest or an editor loads it.
 */

/** The repository root: NodejsFunction's projectRoot and the home of package-lock.json. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Manifest `entry` paths are relative to this directory. */
export const functionsSourceDir = fileURLToPath(new URL('../../functions/src/', import.meta.url));

/** The one lock file of the npm workspace; NodejsFunction hashes it into the asset. */
export const lockFilePath = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
