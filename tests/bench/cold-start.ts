import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER, RUNTIME_PROVIDED_MODULES } from '../../infra/lib/function-bundling.ts';
import { percentile, round } from './bench-statistics.ts';
import { type DeployedFunction, deployedFunctions } from './function-catalogue.ts';
/*
 * Measurement 7: each function's bundle, built with infra's esbuild settings
 * (infra/lib/constructs/handler-function.ts: ESM, module-first main fields, the
 * createRequire banner, node24, minified, the runtime-provided modules of
 * infra/lib/function-bundling.ts external), its size, and the time a fresh Node process takes to import it (module
 * initialisation: what a cold start adds to the runtime's own start), as a ratio to a
 * bare handler that imports the same `@aws-sdk` packages and creates their clients.
 * Bundles are written under node_modules/.cache so the externals resolve from the
 * repository's node_modules, as they resolve from the runtime's on Lambda.
 */

/** The target of issue 10: a bundle under 500 KB minified, `@aws-sdk` excluded. */
export const BUNDLE_TARGET_BYTES = 500 * 1024;

export interface ColdStartSettings {
  /** Only these entries (quick run); all functions when undefined. */
  entries?: string[];
  runs: number;
}

export interface FunctionColdStart {
  id: string;
  entry: string;
  bytes: number;
  /** The largest inputs, by package, in bytes of output. */
  largestPackages: { name: string; bytes: number }[];
  sdkPackages: string[];
  initMs: number;
  bareInitMs: number;
  ratio: number;
}

export interface ColdStartResult {
  functions: FunctionColdStart[];
  overTarget: number;
  largestBytes: number;
  medianBytes: number;
  medianRatio: number;
  runs: number;
}

const cacheDir = resolve('node_modules/.cache/citydesk-bench');

function packageOf(path: string): string {
  const inModules = path.split('node_modules/').at(-1) ?? path;
  if (inModules !== path) {
    const parts = inModules.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  return path.split('/').slice(0, 2).join('/');
}

async function bundle(fn: DeployedFunction) {
  const outfile = join(cacheDir, `${fn.id}.mjs`);
  const result = await build({
    entryPoints: [resolve('functions/src', fn.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    external: RUNTIME_PROVIDED_MODULES,
    metafile: true,
    logLevel: 'error',
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.mjs'));
  if (!output) throw new Error(`no bundle for ${fn.entry}`);
  const [, meta] = output;
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(meta.inputs)) {
    byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + input.bytesInOutput);
  }
  const sdkPackages = [
    ...new Set(meta.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path)),
  ].sort();
  return {
    outfile,
    bytes: meta.bytes,
    largestPackages: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, bytes]) => ({ name, bytes })),
    sdkPackages,
  };
}

/** A handler module that only imports the SDK packages and creates one client of each. */
function bareModule(fn: DeployedFunction, sdkPackages: string[]): string {
  const file = join(cacheDir, `${fn.id}.bare.mjs`);
  const lines = sdkPackages.map((p, i) => `import * as sdk${i} from '${p}';`);
  lines.push('const clients = [];');
  sdkPackages.forEach((p, i) => {
    if (p === '@aws-sdk/lib-dynamodb') {
      const dynamo = sdkPackages.indexOf('@aws-sdk/client-dynamodb');
      if (dynamo >= 0)
        lines.push(`clients.push(sdk${i}.DynamoDBDocumentClient.from(new sdk${dynamo}.DynamoDBClient({})));`);
      return;
    }
    lines.push(
      `for (const [name, value] of Object.entries(sdk${i})) if (name.endsWith('Client') && name !== '__Client' && typeof value === 'function' && value.prototype?.send) { clients.push(new value({})); break; }`,
    );
  });
  lines.push('export const handler = async () => clients.length;');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Milliseconds a fresh Node process spends importing `file`. */
function importTime(file: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Number(out.trim().split('\n').at(-1));
}

export async function measureColdStarts(
  settings: ColdStartSettings,
  handlerEnv: Record<string, string>,
  log: (line: string) => void,
): Promise<ColdStartResult> {
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const functions = deployedFunctions().filter(
    (f) => !settings.entries || settings.entries.includes(f.entry),
  );
  // What Lambda sets: handlers that read AWS_EXECUTION_ENV behave as deployed (tracing stays off by flag).
  const env = {
    ...handlerEnv,
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
  const results: FunctionColdStart[] = [];
  for (const fn of functions) {
    const built = await bundle(fn);
    const bare = bareModule(fn, built.sdkPackages);
    const init: number[] = [];
    const bareInit: number[] = [];
    // Alternate so a burst of other work on the machine hits both alike.
    for (let run = 0; run < settings.runs; run++) {
      init.push(importTime(built.outfile, { ...env, POWERTOOLS_SERVICE_NAME: fn.id }));
      bareInit.push(importTime(bare, env));
    }
    const initMs = percentile(init, 50);
    const bareInitMs = percentile(bareInit, 50);
    results.push({
      id: fn.id,
      entry: fn.entry,
      bytes: built.bytes,
      largestPackages: built.largestPackages,
      sdkPackages: built.sdkPackages,
      initMs,
      bareInitMs,
      ratio: initMs / bareInitMs,
    });
    log(
      `  ${fn.id}: ${round(built.bytes / 1024)} KB, init ${round(initMs)} ms vs bare ${round(bareInitMs)} ms`,
    );
  }
  const bytes = results.map((r) => r.bytes);
  return {
    functions: results,
    overTarget: results.filter((r) => r.bytes > BUNDLE_TARGET_BYTES).length,
    largestBytes: Math.max(...bytes),
    medianBytes: percentile(bytes, 50),
    medianRatio: percentile(
      results.map((r) => r.ratio),
      50,
    ),
    runs: settings.runs,
  };
}
