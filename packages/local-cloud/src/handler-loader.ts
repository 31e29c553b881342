import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionsSourceDirectory } from './package-paths.ts';
import { recordInvocation, withinInvocation } from './sdk-accounting.ts';

/*
 * Handlers are imported lazily, on their first invocation: that is a cold start,
 * and it means a manifest entry whose module is still being written breaks only
 * its own route, not the whole local cloud. The import happens after
 * startLocalCloud has filled process.env, because handlers create their SDK
 * clients and read table and queue names at module load.
 */

/** Any Lambda handler: `(event, context) => Promise<result>`. */
export type LambdaHandler<E = unknown, R = unknown> = (
  event: E,
  context: import('aws-lambda').Context,
) => Promise<R>;

const cache = new Map<string, Promise<LambdaHandler>>();

/** Resolves a manifest `entry` (relative to functions/src) to its exported `handler`, once per process. */
export function loadHandler<E = unknown, R = unknown>(entry: string): Promise<LambdaHandler<E, R>> {
  let loading = cache.get(entry);
  if (!loading) {
    loading = (async () => {
      const url = pathToFileURL(join(functionsSourceDirectory, entry)).href;
      const module = (await import(url)) as { handler?: unknown };
      if (typeof module.handler !== 'function') {
        throw new Error(`functions/src/${entry} does not export a \`handler\` function`);
      }
      return module.handler as LambdaHandler;
    })();
    // A failed import (syntax error while someone edits the file) is retried next time.
    loading.catch(() => cache.delete(entry));
    cache.set(entry, loading);
  }
  return loading as Promise<LambdaHandler<E, R>>;
}

/** A handler that imports `entry` on first call: what the pollers and the gateway invoke. */
export function lazyHandler<E = unknown, R = unknown>(entry: string): LambdaHandler<E, R> {
  return async (event, context) => {
    const handler = await loadHandler<E, R>(entry);
    // Timed after the import: the benchmark's cost model bills warm invocations.
    const started = performance.now();
    try {
      return await withinInvocation(entry, () => handler(event, context));
    } finally {
      recordInvocation(entry, performance.now() - started);
    }
  };
}
