import { paraglideVitePlugin } from '@inlang/paraglide-js';
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { staffPaths } from './src/lib/auth/staff-sections.ts';

/*
 * i18n strategy (Paraglide, strategy ['url', 'baseLocale']):
 * the portal is a static site, so the locale must be decidable from the URL alone,
 * without a server reading cookies or Accept-Language. Turkish, the base locale,
 * lives at the unprefixed paths (/, /basvuru, /takip); English lives under /en/...
 * Both trees are prerendered, so every page has its own HTML with the right
 * <html lang> and text before any JavaScript runs, and a shared link keeps its
 * language. The `reroute` hook (src/hooks.ts) maps /en/... onto the same routes.
 */
export default defineConfig({
  plugins: [
    paraglideVitePlugin({
      project: './project.inlang',
      outdir: './src/lib/paraglide',
      // Keep in sync with the `i18n` script in package.json (used by `npm run check`).
      strategy: ['url', 'baseLocale'],
      emitTsDeclarations: true,
    }),
    sveltekit({
      adapter: adapter({ fallback: '200.html' }),
      prerender: {
        // The staff pages are listed because no public page links to them (their
        // guard runs in the browser; the prerendered HTML holds no staff data).
        entries: [
          '*',
          '/en',
          '/en/basvuru',
          '/en/takip',
          '/en/kvkk',
          ...staffPaths.flatMap((path) => [path, `/en${path}` as const]),
        ],
      },
    }),
  ],
  /*
   * amazon-cognito-identity-js is CommonJS-era code for browsers and Node alike: its
   * bundled `buffer` polyfill reads `global.TYPED_ARRAY_SUPPORT`, which throws a
   * ReferenceError in a browser. Browsers call the global object `globalThis`.
   */
  define: { global: 'globalThis' },
  build: {
    rolldownOptions: {
      treeshake: {
        // The domain package is pure (no module-level side effects) but does not say
        // so in its package.json; without this hint the portal would ship every zod
        // schema and libphonenumber's metadata just to format tracking numbers.
        moduleSideEffects: (id: string) => !/[\\/]packages[\\/]domain[\\/]/.test(id),
      },
    },
  },
});
