import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/*
 * The evidence behind the bundle-size plan in docs/benchmarks.md: bundles a few
 * functions with infra's settings as they are, and with the two changes the plan
 * proposes applied at load time by an esbuild plugin (nothing in the sources changes):
 * zod imported as a namespace with only the tr and en locales, and the Powertools
 * tracer left to a Lambda layer. Usage:
 *   npx tsx tests/bench/bundle-size-what-if.ts [entry relative to functions/src …]
 */

const zodNamespace: Plugin = {
  name: 'zod-namespace-and-two-locales',
  setup(b) {
    b.onLoad({ filter: /\/(packages\/[^/]+|functions)\/src\/.*\.ts$/ }, async (args) => {
      const text = (await readFile(args.path, 'utf8'))
        .replaceAll("import { z } from 'zod';", "import * as z from 'zod';")
        .replaceAll(
          "import { type core, z } from 'zod';",
          "import * as z from 'zod'; import type { core } from 'zod';",
        )
        .replace(
          'const locales = { tr: z.locales.tr().localeError, en: z.locales.en().localeError };',
          "import trLocale from 'zod/v4/locales/tr.js'; import enLocale from 'zod/v4/locales/en.js'; const locales = { tr: trLocale().localeError, en: enLocale().localeError };",
        );
      return { contents: text, loader: 'ts' };
    });
  },
};

const variants: { name: string; plugins: Plugin[]; external: string[] }[] = [
  { name: 'as built today', plugins: [], external: [] },
  { name: 'zod namespace + 2 locales', plugins: [zodNamespace], external: [] },
  { name: 'tracer from a layer', plugins: [], external: ['@aws-lambda-powertools/tracer'] },
  { name: 'both', plugins: [zodNamespace], external: ['@aws-lambda-powertools/tracer'] },
];

const entries = process.argv.slice(2);
for (const entry of entries.length
  ? entries
  : ['http/health.ts', 'http/create-public-case.ts', 'workers/route-case.ts']) {
  const sizes: string[] = [];
  for (const variant of variants) {
    const result = await build({
      entryPoints: [resolve('functions/src', entry)],
      outfile: 'out.mjs',
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      mainFields: ['module', 'main'],
      minify: true,
      external: ['@aws-sdk/*', ...variant.external],
      plugins: variant.plugins,
      logLevel: 'error',
    });
    const bytes = result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.contents.length ?? 0;
    sizes.push(`${variant.name} ${Math.round(bytes / 1024)} KB`);
  }
  process.stdout.write(`${entry}: ${sizes.join(', ')}\n`);
}
