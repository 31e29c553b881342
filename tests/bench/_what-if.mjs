import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const zodPlugin = {
  name: 'zod-ns',
  setup(b) {
    b.onLoad({ filter: /\/(packages|functions)\/.*\.ts$/ }, async (a) => {
      let t = await readFile(a.path, 'utf8');
      t = t
        .replace(/import \{ z \} from 'zod';/g, "import * as z from 'zod';")
        .replace(
          /import \{ type core, z \} from 'zod';/g,
          "import * as z from 'zod'; import type { core } from 'zod';",
        );
      if (process.env.LOCALES && a.path.endsWith('zod-issues.ts'))
        t = t.replace(
          'const locales = { tr: z.locales.tr().localeError, en: z.locales.en().localeError };',
          "import trLocale from 'zod/v4/locales/tr.js'; import enLocale from 'zod/v4/locales/en.js'; const locales = { tr: trLocale().localeError, en: enLocale().localeError };",
        );
      return { contents: t, loader: 'ts' };
    });
  },
};
for (const entry of process.argv.slice(2))
  for (const [label, plugins, ext] of [
    [
      'locales only',
      [
        {
          name: 'loc',
          setup(b) {
            b.onLoad({ filter: /zod-issues\.ts$/ }, async (a) => {
              let t = await readFile(a.path, 'utf8');
              t = t.replace(
                'const locales = { tr: z.locales.tr().localeError, en: z.locales.en().localeError };',
                "import trLocale from 'zod/v4/locales/tr.js'; import enLocale from 'zod/v4/locales/en.js'; const locales = { tr: trLocale().localeError, en: enLocale().localeError };",
              );
              return { contents: t, loader: 'ts' };
            });
          },
        },
      ],
      [],
    ],
    ['as is', [], []],
    ['zod ns', [zodPlugin], []],
    ['tracer external', [], ['@aws-lambda-powertools/tracer']],
    ['both', [zodPlugin], ['@aws-lambda-powertools/tracer']],
  ]) {
    const r = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*', ...ext],
      write: false,
      metafile: true,
      outfile: '/tmp/h5/o.mjs',
      plugins,
      logLevel: 'error',
    });
    const out = r.outputFiles.find((f) => f.path.endsWith('.mjs'));
    console.log(entry, label, Math.round(out.contents.length / 1024), 'KB');
  }
if (process.env.DETAIL) {
  const r = await build({
    entryPoints: [process.env.DETAIL],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*', '@aws-lambda-powertools/tracer'],
    write: false,
    metafile: true,
    outfile: '/tmp/h5/o.mjs',
    plugins: [zodPlugin],
    logLevel: 'error',
  });
  const m = Object.values(r.metafile.outputs)[0].inputs;
  const byPkg = {};
  for (const [p, v] of Object.entries(m)) {
    const k = p.includes('node_modules/')
      ? p.split('node_modules/').pop().split('/').slice(0, 3).join('/')
      : p;
    byPkg[k] = (byPkg[k] ?? 0) + v.bytesInOutput;
  }
  console.log(
    Object.entries(byPkg)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25),
  );
  console.log(
    r.metafile.inputs &&
      Object.entries(r.metafile.inputs)
        .filter(([p]) => !p.includes('node_modules'))
        .map(
          ([p, v]) =>
            p +
            ' <- ' +
            v.imports
              .filter((i) => i.path.includes('zod'))
              .map((i) => i.path)
              .join(','),
        )
        .filter((s) => s.includes('zod'))
        .join('\n'),
  );
}
