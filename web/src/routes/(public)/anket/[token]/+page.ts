/*
 * A survey link carries its token in the path, so there is nothing to prerender: the
 * static host serves the app shell (200.html) for it and the page renders in the browser.
 */
export const prerender = false;
