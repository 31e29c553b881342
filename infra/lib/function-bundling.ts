import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

/*
 * How every function is bundled, shared by the CDK constructs and the cold-start
 * benchmark (tests/bench/cold-start.ts), so the sizes the benchmark reports are the
 * sizes that deploy. No CDK imports here: the benchmark loads this module.
 */

/**
 * esbuild's ESM output has no `require`; a few CommonJS dependencies still call it for
 * Node built-ins. The alias avoids clashing with a bundled module's own createRequire import.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __citydeskCreateRequire } from 'node:module';" +
  ' const require = __citydeskCreateRequire(import.meta.url);';

/** The Powertools release the functions are written against (functions/package.json pins it). */
export const POWERTOOLS_VERSION: string = JSON.parse(
  readFileSync(join(repoRoot, 'functions/package.json'), 'utf8'),
).dependencies['@aws-lambda-powertools/tracer'];

/**
 * Modules the Lambda runtime provides, so no bundle carries them: the Node 24 runtime's
 * AWS SDK v3, and the Powertools tracer from the Powertools layer of the same release
 * (it brings the X-Ray SDK: about 120 KB minified in every bundle otherwise, because a
 * bundler inlines `@citydesk/data`'s dynamic import of it). Lambda resolves ES module
 * imports through NODE_PATH, which includes the layer's `/opt/nodejs/node_modules`.
 */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*', '@aws-lambda-powertools/tracer'];

/**
 * The SSM public parameter that names the Powertools layer's ARN for a release in the
 * deployment's region (published by the Powertools team for every release).
 */
export const powertoolsLayerParameter = (version = POWERTOOLS_VERSION) =>
  `/aws/service/powertools/typescript/generic/all/${version}`;
