import { MapLevel, OpenCaseMapResponse, ProblemDetails } from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of the analytics map (staff-analytics-map.ts; docs/domain/maps.md),
 * merged into apiOperations.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const Position = z.array(z.number());
const AreaFeatureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    level: MapLevel,
    cityId: z.string(),
    approximate: z.boolean(),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        properties: z.object({ areaId: z.string(), name: z.string(), districtTenantId: z.string() }),
        geometry: z.object({
          type: z.enum(['Polygon', 'MultiPolygon']),
          coordinates: z.union([z.array(z.array(Position)), z.array(z.array(z.array(Position)))]),
        }),
      }),
    ),
  })
  .meta({ id: 'AnalyticsMapAreas' });
const filterParams = {
  tenantId: z
    .string()
    .optional()
    .meta({ description: "Default: what you may read (the metro's managers: the city)" }),
  departmentCode: z.string().optional(),
  workTypeGroup: z.string().optional(),
  channel: z.string().optional(),
};

export const analyticsMapOperations: Record<string, ZodOpenApiOperationObject> = {
  StaffAnalyticsGeometry: {
    operationId: 'getAnalyticsGeometry',
    summary:
      "The city's districts or neighbourhoods as GeoJSON (generated, approximate; `id` = the choropleth's areaId)",
    tags: ['staff'],
    security,
    requestParams: { query: z.object({ level: MapLevel.optional() }) },
    responses: {
      '200': {
        description:
          'A FeatureCollection, coordinates at 5 decimals; ETag and Cache-Control: private, max-age=3600',
        content: { 'application/geo+json': { schema: AreaFeatureCollection } },
      },
      '304': { description: 'Not modified (If-None-Match)' },
      '400': problem('validation-failed'),
      '403': problem('Not an analytics reader'),
    },
  },
  StaffAnalyticsOpenCases: {
    operationId: 'getAnalyticsOpenCases',
    summary: 'Open cases in a bounding box: grid clusters below zoom 14, cases (at most 500) from zoom 14',
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        south: z.number(),
        west: z.number(),
        north: z.number(),
        east: z.number(),
        zoom: z.number().int().min(0).max(22),
        ...filterParams,
      }),
    },
    responses: {
      '200': {
        description: 'Clusters or points',
        content: { 'application/json': { schema: OpenCaseMapResponse } },
      },
      '400': problem('validation-failed (a box with south > north or west > east)'),
      '403': problem('Not an analytics reader of that tenant'),
    },
  },
};
