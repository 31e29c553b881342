import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/*
 * Serves the static portal build (SvelteKit adapter-static) the way CloudFront in
 * front of S3 does in production: hashed assets under /_app/immutable/ cached for
 * a year, HTML never cached, and unknown app paths falling back to the SPA shell
 * (200.html, then index.html) so client-side routes survive a reload.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

/** Content type for a file name, `application/octet-stream` when unknown. */
export function contentTypeFor(fileName: string): string {
  return contentTypes[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Cache-Control for a served path: immutable hashed assets vs. everything else. */
export function cacheControlFor(urlPath: string, fileName: string): string {
  if (urlPath.startsWith('/_app/immutable/')) return 'public, max-age=31536000, immutable';
  if (fileName.endsWith('.html')) return 'no-cache';
  return 'public, max-age=300';
}

/**
 * Maps a URL path to a file inside `root`, or undefined if it would escape it.
 * Decoding happens before normalisation so `%2e%2e/` cannot climb out either.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const absoluteRoot = resolve(root);
  const candidate = resolve(join(absoluteRoot, decoded));
  if (candidate !== absoluteRoot && !candidate.startsWith(absoluteRoot + sep)) return undefined;
  return candidate;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Finds the file for a GET: exact file, directory index, `<path>.html`, then the SPA shell. */
export async function findStaticFile(
  root: string,
  urlPath: string,
): Promise<{ file: string; fallback: boolean } | undefined> {
  const target = resolveInside(root, urlPath);
  if (!target) return undefined;
  for (const candidate of [target, join(target, 'index.html'), `${target}.html`]) {
    if (await isFile(candidate)) return { file: candidate, fallback: false };
  }
  // A missing asset is a 404, not the app shell: a browser would try to run HTML as JS.
  if (extname(urlPath) && !urlPath.endsWith('.html')) return undefined;
  for (const shell of ['200.html', 'index.html']) {
    const file = join(resolve(root), shell);
    if (await isFile(file)) return { file, fallback: true };
  }
  return undefined;
}

/** Writes a static file (GET or HEAD). Returns false if there is nothing to serve. */
export async function serveStatic(
  root: string,
  urlPath: string,
  method: string,
  response: ServerResponse,
  /** The security headers production's CDN adds to every portal answer. */
  securityHeaders: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  const found = await findStaticFile(root, urlPath);
  if (!found) return false;
  const info = await stat(found.file);
  response.writeHead(200, {
    'content-type': contentTypeFor(found.file),
    'content-length': info.size,
    'cache-control': found.fallback ? 'no-cache' : cacheControlFor(urlPath, found.file),
    'x-content-type-options': 'nosniff',
    ...securityHeaders,
  });
  if (method === 'HEAD') {
    response.end();
    return true;
  }
  await new Promise<void>((done, fail) => {
    createReadStream(found.file).on('error', fail).on('end', done).pipe(response);
  });
  return true;
}
