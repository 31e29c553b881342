import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeFor, findStaticFile, resolveInside } from './static-files.ts';

function portalBuild(withShell: '200.html' | 'index.html') {
  const root = mkdtempSync(join(tmpdir(), 'citydesk-web-'));
  mkdirSync(join(root, '_app', 'immutable'), { recursive: true });
  mkdirSync(join(root, 'tr'), { recursive: true });
  writeFileSync(join(root, withShell), '<!doctype html>shell');
  writeFileSync(join(root, 'tr', 'index.html'), 'tr home');
  writeFileSync(join(root, 'about.html'), 'about');
  writeFileSync(join(root, '_app', 'immutable', 'app.123.js'), 'js');
  return root;
}

describe('resolveInside', () => {
  it('refuses paths that escape the root, encoded or not', () => {
    expect(resolveInside('/srv/web', '/tr/../about.html')).toBe('/srv/web/about.html');
    expect(resolveInside('/srv/web', '/../etc/passwd')).toBeUndefined();
    expect(resolveInside('/srv/web', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveInside('/srv/web', '/..%2f..%2fetc%2fpasswd')).toBeUndefined();
    expect(resolveInside('/srv/web', '/a/%2e%2e%2f%2e%2e%2f..%2fetc')).toBeUndefined();
    expect(resolveInside('/srv/web', '/%00')).toBeUndefined();
    expect(resolveInside('/srv/web', '/%E0%A4%A')).toBeUndefined();
  });
});

describe('findStaticFile', () => {
  it('serves files, directory indexes and prerendered pages', async () => {
    const root = portalBuild('200.html');
    expect(await findStaticFile(root, '/_app/immutable/app.123.js')).toEqual({
      file: join(root, '_app', 'immutable', 'app.123.js'),
      fallback: false,
    });
    expect((await findStaticFile(root, '/tr'))?.file).toBe(join(root, 'tr', 'index.html'));
    expect((await findStaticFile(root, '/about'))?.file).toBe(join(root, 'about.html'));
  });

  it('falls back to 200.html, then index.html, for app routes but not for assets', async () => {
    const spa = portalBuild('200.html');
    expect(await findStaticFile(spa, '/staff/cases/42')).toEqual({
      file: join(spa, '200.html'),
      fallback: true,
    });
    expect(await findStaticFile(spa, '/_app/immutable/missing.js')).toBeUndefined();
    const plain = portalBuild('index.html');
    expect((await findStaticFile(plain, '/staff'))?.file).toBe(join(plain, 'index.html'));
  });
});

describe('headers', () => {
  it('caches hashed assets for a year and never caches HTML', () => {
    expect(cacheControlFor('/_app/immutable/app.123.js', 'app.123.js')).toContain('immutable');
    expect(cacheControlFor('/tr', 'index.html')).toBe('no-cache');
    expect(contentTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
