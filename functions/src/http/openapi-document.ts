import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { httpHandler, json } from '#platform/http-handler.ts';
import { httpRoutes } from '../manifest.ts';
import { apiOperations } from './api-operations.ts';

/** OpenAPI 3.1, generated from the manifest's routes and the zod schemas; never hand-written. */
export function buildOpenApiDocument() {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of httpRoutes) {
    const operation = apiOperations[route.id];
    if (!operation) throw new Error(`route ${route.id} has no OpenAPI operation`);
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'CityDesk (Kent Masası) API',
      version: '0.1.0',
      description:
        'Citizen requests and complaints across a metropolitan municipality, its districts and its water utility. ' +
        'Errors are RFC 9457 problem+json in Turkish or English (Accept-Language).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        cognitoIdToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token of a staff user (carries the tenant and the groups)',
        },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'Integration key issued by a tenant administrator: cdk_<id>_<secret>',
        },
      },
    },
    paths,
  });
}

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler(async ({ lang }) => {
  document ??= buildOpenApiDocument();
  return json(200, document, lang, { 'cache-control': 'public, max-age=300' });
});
