import {
  MarkNotificationsRead,
  ProblemDetails,
  StaffNotificationList,
  StaffNotificationPreferences,
  WatchedCase,
  WatchedCaseList,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of staff notifications (staff-notifications.ts,
 * staff-notification-preferences.ts, staff-case-watch.ts), merged into apiOperations.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const tags = ['staff'];
const caseIdParam = { path: z.object({ caseId: z.string() }) };

export const staffNotificationOperations: Record<string, ZodOpenApiOperationObject> = {
  StaffNotifications: {
    operationId: 'listStaffNotifications',
    summary: 'Your notifications, newest first, with the unread count (no citizen personal data)',
    tags,
    security,
    requestParams: {
      query: z.object({
        cursor: z.string().optional().meta({ description: 'nextCursor of the previous page' }),
        limit: z.number().int().min(1).max(100).optional().meta({ description: 'Default 25' }),
      }),
    },
    responses: {
      '200': { description: 'Entries', content: { 'application/json': { schema: StaffNotificationList } } },
      '400': problem('An altered cursor'),
    },
  },
  StaffNotificationsRead: {
    operationId: 'markStaffNotificationsRead',
    summary: 'Mark some (`ids`) or all (`all: true`) of your notifications read',
    tags,
    security,
    requestBody: { required: true, content: { 'application/json': { schema: MarkNotificationsRead } } },
    responses: {
      '200': {
        description: 'How many changed, and what is left unread',
        content: {
          'application/json': {
            schema: z.object({ marked: z.number().int(), unreadCount: z.number().int() }),
          },
        },
      },
    },
  },
  StaffGetNotificationPreferences: {
    operationId: 'getStaffNotificationPreferences',
    summary: 'Your notification preference (defaults when never saved)',
    tags,
    security,
    responses: {
      '200': {
        description: 'The preference',
        content: { 'application/json': { schema: StaffNotificationPreferences } },
      },
    },
  },
  StaffPutNotificationPreferences: {
    operationId: 'setStaffNotificationPreferences',
    summary:
      'E-mail your notifications (immediately, for the chosen reasons) or keep them in the console only',
    tags,
    security,
    requestBody: {
      required: true,
      content: { 'application/json': { schema: StaffNotificationPreferences } },
    },
    responses: {
      '200': {
        description: 'Saved',
        content: { 'application/json': { schema: StaffNotificationPreferences } },
      },
      '422': problem('Not in the staff directory yet, or no e-mail address for e-mails'),
    },
  },
  StaffWatchCase: {
    operationId: 'watchCase',
    summary: 'Watch a case you may read: every change by others reaches your notifications',
    tags,
    security,
    requestParams: caseIdParam,
    responses: {
      '200': { description: 'Watching', content: { 'application/json': { schema: WatchedCase } } },
      '404': problem('No such case, or not visible to you'),
    },
  },
  StaffUnwatchCase: {
    operationId: 'unwatchCase',
    summary: 'Stop watching a case',
    tags,
    security,
    requestParams: caseIdParam,
    responses: {
      '200': {
        description: 'Not watching (any more)',
        content: {
          'application/json': { schema: z.object({ caseId: z.string(), watching: z.literal(false) }) },
        },
      },
    },
  },
  StaffWatching: {
    operationId: 'listWatchedCases',
    summary: 'The cases you watch',
    tags,
    security,
    responses: {
      '200': { description: 'Watched cases', content: { 'application/json': { schema: WatchedCaseList } } },
    },
  },
};
