/** Every public page is prerendered; data from the API is fetched in the browser. */
export const prerender = true;
export const trailingSlash = 'never';
