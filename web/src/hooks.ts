import type { Reroute } from '@sveltejs/kit/hooks';
import { deLocalizeUrl } from '#lib/paraglide/runtime.js';

/** Maps /en/takip onto the /takip route: one route tree serves both languages. */
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
