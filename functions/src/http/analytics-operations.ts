import {
  ChoroplethResponse,
  DashboardResponse,
  MapLevel,
  NowResponse,
  ProblemDetails,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of the analytics reads (staff-analytics.ts) and the aggregates'
 * verification (admin-analytics-verification.ts; docs/domain/analytics.md), merged
 * into apiOperations.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];

const filterQuery = z.object({
  from: z.iso.date().meta({ description: 'First day (Türkiye time), inclusive' }),
  to: z.iso.date().meta({ description: 'Last day, inclusive; at most 366 days after `from`' }),
  tenantId: z
    .string()
    .optional()
    .meta({ description: "Absent: the whole city (the metro's managers and coordinators only)" }),
  departmentCode: z.string().optional(),
  workTypeGroup: z.string().optional(),
  channel: z.string().optional(),
});

const readErrors = {
  '400': problem('validation-failed: a bad day, a reversed or longer than 366-day range'),
  '403': problem('Not an analytics reader, or another tenant'),
};

const AnalyticsVerificationReport = z
  .object({
    cityId: z.string(),
    checkedAt: z.iso.datetime(),
    cases: z.number().int(),
    events: z.number().int(),
    pendingEvents: z.number().int(),
    rowsExpected: z.number().int(),
    rowsStored: z.number().int(),
    driftCount: z.number().int(),
    drift: z.array(
      z.object({
        scope: z.string(),
        dimension: z.string(),
        key: z.string(),
        counter: z.string(),
        expected: z.number(),
        actual: z.number(),
      }),
    ),
  })
  .meta({ id: 'AnalyticsVerificationReport' });

export const analyticsOperations: Record<string, ZodOpenApiOperationObject> = {
  StaffAnalyticsDashboard: {
    operationId: 'getAnalyticsDashboard',
    summary:
      'Totals, trend, work types, channels, organisations, resolution time against target, SLA, backlog, statuses, results, satisfaction, unit and personal scores',
    tags: ['staff'],
    security,
    requestParams: { query: filterQuery },
    responses: {
      '200': { description: 'The dashboard', content: { 'application/json': { schema: DashboardResponse } } },
      ...readErrors,
    },
  },
  StaffAnalyticsNow: {
    operationId: 'getAnalyticsNow',
    summary: 'The wall screen: open, overdue, new and resolved today, per organisation',
    tags: ['staff'],
    security,
    requestParams: { query: z.object({ tenantId: z.string().optional() }) },
    responses: {
      '200': { description: 'Now', content: { 'application/json': { schema: NowResponse } } },
      ...readErrors,
    },
  },
  StaffAnalyticsChoropleth: {
    operationId: 'getAnalyticsChoropleth',
    summary: 'Cases opened per district or neighbourhood, with the dominant work type',
    tags: ['staff'],
    security,
    requestParams: { query: filterQuery.extend({ level: MapLevel.optional() }) },
    responses: {
      '200': {
        description: 'One entry per area with cases',
        content: { 'application/json': { schema: ChoroplethResponse } },
      },
      ...readErrors,
    },
  },
  AdminAnalyticsVerification: {
    operationId: 'verifyAnalytics',
    summary: "Recomputes the city's aggregates from its cases and reports any drift",
    tags: ['admin'],
    security,
    requestBody: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({
            cityId: z
              .string()
              .optional()
              .meta({ description: "Platform operators: the city to verify (default: the caller's)" }),
            settleSeconds: z.number().int().min(0).max(86_400).optional().meta({
              description: 'Events younger than this and not yet applied count as pending, not drift',
            }),
          }),
        },
      },
    },
    responses: {
      '200': {
        description: 'The verification report',
        content: { 'application/json': { schema: AnalyticsVerificationReport } },
      },
      '400': problem('validation-failed'),
      '403': problem("Not a metro admin or platform operator, or another city's"),
    },
  },
};
