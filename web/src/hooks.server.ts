import type { Handle } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '#lib/paraglide/server.js';

/**
 * Runs at prerender time (the portal has no server at run time): resolves the
 * locale from the URL and writes it into <html lang>, so each prerendered file
 * declares its own language to screen readers and translation tools.
 */
export const handle: Handle = ({ event, resolve }) =>
  // Routing of /en/... is done by the reroute hook; the middleware only scopes the locale.
  paraglideMiddleware(event.request, ({ locale }) =>
    resolve(event, {
      transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale),
    }),
  );
