import {
  DecideSurveyFollowUpRequest,
  ProblemDetails,
  PublicSurveyView,
  SubmitSurveyRequest,
  SurveyFollowUp,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of satisfaction surveys (public-surveys.ts, staff-case-survey.ts,
 * staff-survey-follow-ups.ts, staff-satisfaction.ts; docs/domain/surveys.md), merged
 * into apiOperations.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const tokenParam = {
  path: z.object({ token: z.string().meta({ description: 'The token of the survey link' }) }),
};
const caseIdParam = { path: z.object({ caseId: z.string() }) };
const submitted = {
  description: 'The single response is stored',
  content: {
    'application/json': { schema: z.object({ answered: z.literal(true), followUpOpened: z.boolean() }) },
  },
};
const counters = z.record(z.string(), z.number());
const row = z.object({ key: z.string(), counters, rates: z.record(z.string(), z.number()) });

export const surveyOperations: Record<string, ZodOpenApiOperationObject> = {
  PublicGetSurvey: {
    operationId: 'getSurvey',
    summary: 'The questions of a survey link, the masked tracking number and the work type (no login)',
    tags: ['public'],
    requestParams: tokenParam,
    responses: {
      '200': { description: 'The survey', content: { 'application/json': { schema: PublicSurveyView } } },
      '404': problem('survey-not-found: unknown or malformed link'),
      '409': problem('survey-already-answered'),
      '410': problem('survey-expired'),
    },
  },
  PublicAnswerSurvey: {
    operationId: 'answerSurvey',
    summary: 'The single response of a survey link (no login)',
    tags: ['public'],
    requestParams: tokenParam,
    requestBody: { required: true, content: { 'application/json': { schema: SubmitSurveyRequest } } },
    responses: {
      '201': submitted,
      '400': problem('Invalid answers'),
      '404': problem('survey-not-found'),
      '409': problem('survey-already-answered: a replay or a second answer'),
      '410': problem('survey-expired'),
    },
  },
  StaffPhoneSurvey: {
    operationId: 'enterPhoneSurvey',
    summary: 'An agent enters the answers of a phone survey (once per case)',
    tags: ['staff'],
    security,
    requestParams: caseIdParam,
    requestBody: { required: true, content: { 'application/json': { schema: SubmitSurveyRequest } } },
    responses: {
      '201': submitted,
      '404': problem('No such case, or not visible to you'),
      '409': problem('survey-already-answered'),
      '422': problem('The case is not closed with a surveyed result'),
    },
  },
  StaffListSurveyFollowUps: {
    operationId: 'listSurveyFollowUps',
    summary:
      'A tenant\'s open follow-ups of "not resolved" answers, oldest first (supervisors; the metro\'s coordinators)',
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        tenantId: z.string().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    },
    responses: {
      '200': {
        description: 'Open follow-ups',
        content: {
          'application/json': { schema: z.object({ tenantId: z.string(), items: z.array(SurveyFollowUp) }) },
        },
      },
      '403': problem('Not a supervisor of this tenant'),
    },
  },
  StaffDecideSurveyFollowUp: {
    operationId: 'decideSurveyFollowUp',
    summary: 'Reopen the case (lifecycle reopen) or call the citizen back (a call-back task)',
    tags: ['staff'],
    security,
    requestParams: caseIdParam,
    requestBody: { required: true, content: { 'application/json': { schema: DecideSurveyFollowUpRequest } } },
    responses: {
      '200': {
        description: 'The decided follow-up',
        content: { 'application/json': { schema: SurveyFollowUp } },
      },
      '404': problem('No such follow-up, or not yours to decide'),
      '409': problem('survey-follow-up-decided, or the case changed meanwhile'),
    },
  },
  StaffSatisfaction: {
    operationId: 'getSatisfaction',
    summary:
      'CSAT, resolution-confirmed and response rates by tenant, department, work type, channel and week',
    tags: ['staff'],
    security,
    requestParams: {
      query: z.object({
        from: z.string().meta({ description: 'YYYY-MM-DD (Türkiye)' }),
        to: z.string().meta({ description: 'YYYY-MM-DD (Türkiye), inclusive' }),
        tenantId: z
          .string()
          .optional()
          .meta({ description: "Default: your tenant; the metro's managers: the city" }),
      }),
    },
    responses: {
      '200': {
        description: 'Totals and rows',
        content: {
          'application/json': {
            schema: z.object({
              from: z.string(),
              to: z.string(),
              weeks: z.object({ from: z.string(), to: z.string() }),
              scope: z.record(z.string(), z.string()),
              definitions: z.record(z.string(), z.string()),
              total: row,
              byTenant: z.array(row),
              byDepartment: z.array(row),
              byWorkType: z.array(row),
              byChannel: z.array(row),
              byWeek: z.array(row),
            }),
          },
        },
      },
      '403': problem('Not a manager of this tenant'),
    },
  },
};
