import {
  Channel,
  DashboardTableName,
  ExportFormat,
  ExportLanguage,
  OPEN_DATA_MAX_DAYS,
  ProblemDetails,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of the exports and open data (staff-exports.ts, public-open-data.ts;
 * docs/domain/exports-and-open-data.md), merged into apiOperations. The files are not
 * JSON, so their bodies are described, not schema'd; the query schemas are the handlers'.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const day = z.string().meta({ description: 'YYYY-MM-DD, a day in Türkiye time', example: '2026-12-01' });
const file = (description: string) => ({
  description,
  headers: z.object({
    'content-disposition': z
      .string()
      .meta({ example: 'attachment; filename="kent-masasi-basvurular-2026-12-07.csv"' }),
    'x-export-rows': z.string().meta({ description: 'Rows in the file' }),
    'x-export-truncated': z
      .string()
      .optional()
      .meta({ description: 'Present (10000) when the cap cut the list' }),
  }),
  content: {
    'text/csv': { schema: z.string().meta({ description: 'UTF-8 with BOM, `;`-separated, CRLF' }) },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: z.string().meta({ format: 'binary' }),
    },
  },
});
const openDataQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  city: z.string().optional().meta({ description: "The city's id; default: the deployment's city" }),
  lang: ExportLanguage.optional(),
});
const openDataHeaders = z.object({
  'cache-control': z.string().meta({ example: 'public, max-age=300' }),
  'x-open-data-window': z.string().meta({ example: '2026-12-01/2026-12-07' }),
  'x-open-data-truncated': z.string().optional(),
});

export const exportOperations: Record<string, ZodOpenApiOperationObject> = {
  StaffCaseExport: {
    operationId: 'exportStaffCases',
    summary:
      "A tenant's cases as CSV or XLSX, with the work queue's filters: without dates the open queue, with from/to every case filed in those days (at most 366). No personal data; at most 10,000 rows; audited",
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        format: ExportFormat,
        lang: ExportLanguage.optional(),
        tenantId: z.string().optional(),
        departmentCode: z.string().optional(),
        status: z.string().optional().meta({ description: 'Comma-separated statuses' }),
        workTypeCode: z.string().optional(),
        neighbourhood: z.string().optional(),
        channel: Channel.optional(),
        assignee: z.string().optional().meta({ description: 'A user or team id, or `me`' }),
        overdue: z.enum(['true', 'false']).optional(),
        from: day.optional(),
        to: day.optional(),
      }),
    },
    responses: {
      '200': file('The file'),
      '400': problem('validation-failed'),
      '403': problem("Not allowed to list that tenant's cases"),
    },
  },
  StaffAnalyticsExport: {
    operationId: 'exportAnalyticsTable',
    summary: 'One dashboard table as CSV or XLSX, from the same read as the dashboard; audited',
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        table: DashboardTableName,
        format: ExportFormat,
        lang: ExportLanguage.optional(),
        from: day,
        to: day,
        tenantId: z.string().optional(),
        departmentCode: z.string().optional(),
        workTypeGroup: z.string().optional(),
        channel: Channel.optional(),
      }),
    },
    responses: {
      '200': file('The file'),
      '400': problem('validation-failed'),
      '403': problem('Not an analytics reader of that tenant'),
    },
  },
  PublicOpenDataCsv: {
    operationId: 'getOpenDataCsv',
    summary: `Anonymised cases of up to ${OPEN_DATA_MAX_DAYS} days as CSV (RFC 4180, comma, UTF-8 with BOM)`,
    tags: ['public'],
    requestParams: { query: openDataQuery },
    responses: {
      '200': {
        description: 'The records',
        headers: openDataHeaders,
        content: { 'text/csv': { schema: z.string() } },
      },
      '400': problem('validation-failed (more than 31 days, a reversed range)'),
    },
  },
  PublicOpenDataGeoJson: {
    operationId: 'getOpenDataGeoJson',
    summary:
      'Anonymised cases as a GeoJSON FeatureCollection (points on a 0.001° grid, null geometry below k)',
    tags: ['public'],
    requestParams: { query: openDataQuery },
    responses: {
      '200': {
        description: 'The records',
        headers: openDataHeaders,
        content: {
          'application/geo+json': {
            schema: z.object({ type: z.literal('FeatureCollection') }).passthrough(),
          },
        },
      },
      '400': problem('validation-failed'),
    },
  },
  PublicOpenDataOpen311: {
    operationId: 'getOpenDataOpen311',
    summary:
      'Anonymised cases as an Open311 GeoReport v2 service_requests array (description: the work type)',
    tags: ['public'],
    requestParams: { query: openDataQuery },
    responses: {
      '200': {
        description: 'The records',
        headers: openDataHeaders,
        content: {
          'application/json': { schema: z.array(z.object({ service_request_id: z.string() }).passthrough()) },
        },
      },
      '400': problem('validation-failed'),
    },
  },
};
