import {
  ApiKeyIssued,
  ApiKeyView,
  AttachmentConfirmed,
  AttachmentConfirmRequest,
  AttachmentDownload,
  AttachmentUploadRequest,
  AttachmentUploadTicket,
  AuthConfig,
  AvailabilityUpdate,
  BulkAssignRequest,
  BulkAssignResult,
  CaseCommand,
  CaseCommentRequest,
  CreateApiKeyRequest,
  ErasureRequest,
  ManagedUser,
  ManagedUserList,
  PasswordResetIssued,
  PiiUnmaskRequest,
  ProblemDetails,
  PublicCaseCreated,
  PublicCaseSubmission,
  PublicCatalog,
  PublicTrackView,
  StaffCaseCreated,
  StaffCaseList,
  StaffCaseSubmission,
  StaffDirectory,
  StaffProfile,
  StaffQueue,
  UserImportReport,
  UserImportRequest,
  UserInvitation,
  UserInvited,
  UserListQuery,
  UserUpdate,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { analyticsMapOperations } from './analytics-map-operations.ts';
import { analyticsOperations } from './analytics-operations.ts';
import { classificationOperations } from './classification-operations.ts';
import { configurationOperations } from './configuration-operations.ts';
import { deadLetterOperations } from './dead-letter-operations.ts';
import { exportOperations } from './export-operations.ts';
import { integrationOperations } from './integration-operations.ts';
import { notificationOperations } from './notification-operations.ts';
import { staffCallerOperations } from './staff-caller-operations.ts';
import { inboxOperations } from './staff-inbox-operations.ts';
import { incidentOperations } from './staff-incident-operations.ts';
import { staffNotificationOperations } from './staff-notification-operations.ts';
import { surveyOperations } from './survey-operations.ts';
import { webhookOperations } from './webhook-operations.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

const acceptLanguage = z
  .string()
  .optional()
  .meta({ description: 'tr (default) or en: the language of error titles and messages', example: 'tr' });

/**
 * OpenAPI operations per manifest route id, built from the same zod schemas the
 * handlers validate with. A test checks that every manifest route has one.
 */
export const apiOperations: Record<string, ZodOpenApiOperationObject> = {
  ...configurationOperations,
  ...deadLetterOperations,
  ...integrationOperations,
  ...notificationOperations,
  ...staffCallerOperations,
  ...webhookOperations,
  ...staffNotificationOperations,
  ...classificationOperations,
  ...surveyOperations,
  ...inboxOperations,
  ...incidentOperations,
  ...analyticsOperations,
  ...analyticsMapOperations,
  ...exportOperations,
  Health: {
    operationId: 'health',
    summary: 'Liveness and readiness',
    tags: ['platform'],
    responses: {
      '200': {
        description: 'The API and its database are up',
        content: {
          'application/json': {
            schema: z.object({
              status: z.literal('ok'),
              service: z.string(),
              time: z.string(),
              checks: z.record(z.string(), z.string()),
            }),
          },
        },
      },
      '503': problem('The database is not reachable'),
    },
  },
  OpenApi: {
    operationId: 'openApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tags: ['platform'],
    responses: {
      '200': {
        description: 'OpenAPI document',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
    },
  },
  PublicCatalog: {
    operationId: 'getPublicCatalog',
    summary: 'Work types, districts and neighbourhoods for the citizen portal',
    tags: ['public'],
    responses: {
      '200': { description: 'The catalogue', content: { 'application/json': { schema: PublicCatalog } } },
    },
  },
  AuthConfig: {
    operationId: 'getAuthConfig',
    summary: 'Sign-in configuration for the portal (user pool, client, flow)',
    tags: ['public'],
    responses: {
      '200': { description: 'Configuration', content: { 'application/json': { schema: AuthConfig } } },
    },
  },
  StaffMe: {
    operationId: 'getStaffProfile',
    summary: 'The signed-in staff member: tenant, roles, neighbourhood',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    responses: {
      '200': { description: 'Profile', content: { 'application/json': { schema: StaffProfile } } },
      '401': problem('Missing, invalid or expired token'),
      '403': problem('The account is not linked to an organisation'),
    },
  },
  StaffListCases: {
    operationId: 'listStaffCases',
    summary: "A tenant's cases, newest first (no personal data)",
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: {
      query: z.object({
        tenantId: z
          .string()
          .optional()
          .meta({ description: 'Default: your own tenant. Metro roles may name any tenant.' }),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional().meta({ description: 'nextCursor of the previous page' }),
      }),
    },
    responses: {
      '200': { description: 'A page of cases', content: { 'application/json': { schema: StaffCaseList } } },
      '400': problem('Invalid query or cursor'),
      '401': problem('Missing, invalid or expired token'),
      '403': problem("Not allowed to list this tenant's cases"),
    },
  },
  StaffGetCase: {
    operationId: 'getStaffCase',
    summary: 'One case with its timeline; personal data in clear, masked or hidden by role',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    responses: {
      '200': {
        description: 'The case, the PII level applied and the full timeline',
        content: {
          'application/json': {
            schema: z.object({
              case: z.object({}).loose(),
              piiAccess: z.enum(['full', 'masked', 'none']),
              timeline: z.array(z.object({}).loose()),
              allowedActions: z.array(z.string()).meta({ description: 'Actions you may take now' }),
            }),
          },
        },
      },
      '401': problem('Missing, invalid or expired token'),
      '404': problem('No such case, or not visible to you (the two are indistinguishable on purpose)'),
    },
  },
  StaffAvailability: {
    operationId: 'setStaffAvailability',
    summary: 'Mark yourself absent or back, naming a deputy (vekil) who receives your assignments',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: AvailabilityUpdate } } },
    responses: {
      '200': { description: 'Saved', content: { 'application/json': { schema: AvailabilityUpdate } } },
      '422': problem('The deputy is not a colleague of your organisation'),
    },
  },
  StaffDirectory: {
    operationId: 'getStaffDirectory',
    summary: "Your organisation's people and teams, for assignment",
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { query: z.object({ departmentCode: z.string().optional() }) },
    responses: {
      '200': { description: 'People and teams', content: { 'application/json': { schema: StaffDirectory } } },
    },
  },
  StaffQueue: {
    operationId: 'getWorkQueue',
    summary: "A tenant's or department's open cases by priority, then SLA due time, with filters",
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: {
      query: z.object({
        tenantId: z.string().optional().meta({ description: 'Default: your own tenant' }),
        departmentCode: z
          .string()
          .optional()
          .meta({ description: "Default: your department, else the tenant's queue" }),
        status: z
          .string()
          .optional()
          .meta({ description: 'Comma-separated statuses', example: 'ROUTED,ACCEPTED' }),
        workTypeCode: z.string().optional(),
        neighbourhood: z.string().optional(),
        channel: z.string().optional(),
        assignee: z.string().optional().meta({ description: 'A user or team id; `me` for your own cases' }),
        overdue: z.enum(['true', 'false']).optional(),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional(),
      }),
    },
    responses: {
      '200': { description: 'A page of the queue', content: { 'application/json': { schema: StaffQueue } } },
      '400': problem('Invalid filter or cursor'),
      '403': problem('Not allowed to see this queue'),
    },
  },
  StaffBulkAssign: {
    operationId: 'bulkAssign',
    summary: 'Assign several cases at once; each at the version you saw',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: BulkAssignRequest } } },
    responses: {
      '200': {
        description: 'The outcome per case',
        content: { 'application/json': { schema: BulkAssignResult } },
      },
      '422': problem('The assignee is not in the directory'),
    },
  },
  StaffCreateCase: {
    operationId: 'createStaffCase',
    summary: "File a case on a citizen's behalf (call centre, desk, muhtar, CİMER…)",
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: {
      header: z.object({ 'idempotency-key': z.string().optional(), 'accept-language': acceptLanguage }),
    },
    requestBody: { required: true, content: { 'application/json': { schema: StaffCaseSubmission } } },
    responses: {
      '201': { description: 'Filed', content: { 'application/json': { schema: StaffCaseCreated } } },
      '400': problem('Invalid submission'),
      '403': problem('Your role may not file cases'),
      '422': problem('A business rule failed, or the Idempotency-Key was reused'),
    },
  },
  StaffCaseAction: {
    operationId: 'takeCaseAction',
    summary:
      'A workflow step: accept, assign, start, hold, resolve, close, transfer, return, split, reopen, cancel…',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: CaseCommand } } },
    responses: {
      '200': {
        description: 'The case after the step, as GET returns it',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
      '403': problem('Your role may not take this action on this case'),
      '404': problem('No such case, or not visible to you'),
      '409': problem('The case changed since you loaded it; `current` holds its version and status'),
      '422': problem('Not possible in the current status, or required fields are missing'),
    },
  },
  StaffCaseComment: {
    operationId: 'addCaseComment',
    summary: 'An internal or public comment on the timeline (once per commentId)',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: CaseCommentRequest } } },
    responses: {
      '201': {
        description: 'Added (or already added)',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
      '403': problem('Your role may not comment on this case'),
      '404': problem('No such case, or not visible to you'),
    },
  },
  StaffRequestAttachmentUpload: {
    operationId: 'requestCaseAttachmentUpload',
    summary: 'A presigned S3 POST form to upload one photo, video, voice note or PDF to a case',
    description:
      'POST the returned `fields` and then the file (field `file`) as multipart/form-data to `upload.url` ' +
      'before `expiresAt`, then confirm. Limits: photos 10 MB, voice and PDF 20 MB, video 100 MB.',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: AttachmentUploadRequest } } },
    responses: {
      '201': {
        description: 'Upload form, valid for 10 minutes',
        content: { 'application/json': { schema: AttachmentUploadTicket } },
      },
      '400': problem('Type not allowed, too large for its type, or the extension contradicts the type'),
      '403': problem('Your role may not add files to this case'),
      '404': problem('No such case, or not visible to you'),
      '422': problem('The case cannot take more files (erased personal data, or the per-case limit)'),
    },
  },
  StaffConfirmAttachment: {
    operationId: 'confirmCaseAttachment',
    summary: 'Check an uploaded file (size, real type from its bytes) and add it to the case',
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string(), attachmentId: z.string() }) },
    requestBody: {
      required: false,
      content: { 'application/json': { schema: AttachmentConfirmRequest } },
    },
    responses: {
      '200': {
        description: 'The attachment on the case (also when it was confirmed before)',
        content: { 'application/json': { schema: AttachmentConfirmed } },
      },
      '403': problem('Your role may not add files to this case'),
      '404': problem('No such case, or no upload of yours with this id'),
      '409': problem('The case is not at `expectedVersion`; `current` holds its version and status'),
      '422': problem('The stored bytes are not of the declared type, or too large; the file was deleted'),
    },
  },
  StaffDownloadAttachment: {
    operationId: 'getCaseAttachmentDownload',
    summary: "A 5-minute download link for one of a case's files; audited",
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string(), attachmentId: z.string() }) },
    responses: {
      '200': {
        description: 'Presigned GET',
        content: { 'application/json': { schema: AttachmentDownload } },
      },
      '404': problem('No such case or file, or not visible to you'),
    },
  },
  StaffUnmaskPii: {
    operationId: 'unmaskCasePii',
    summary: "Reveal a case's personal data, with a reason; recorded in the audit trail",
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: PiiUnmaskRequest } } },
    responses: {
      '200': {
        description: 'Contact and address in clear',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
      '403': problem('Your role may not reveal personal data'),
      '404': problem('No such case, or not visible to you'),
    },
  },
  StaffAuditTrail: {
    operationId: 'getAuditTrail',
    summary: "Audit records by case or by user (tenant administrators; their tenant's records)",
    tags: ['staff'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { query: z.object({ caseId: z.string().optional(), userId: z.string().optional() }) },
    responses: {
      '200': {
        description: 'Records',
        content: { 'application/json': { schema: z.object({ items: z.array(z.object({}).loose()) }) } },
      },
      '400': problem('Give exactly one of caseId or userId'),
      '403': problem('Only administrators may read the audit trail'),
    },
  },
  AdminListApiKeys: {
    operationId: 'listApiKeys',
    summary: "The tenant's integration API keys (never their secrets)",
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    responses: {
      '200': {
        description: 'Keys',
        content: { 'application/json': { schema: z.object({ items: z.array(ApiKeyView) }) } },
      },
      '403': problem('Only administrators manage API keys'),
    },
  },
  AdminIssueApiKey: {
    operationId: 'issueApiKey',
    summary: 'Issue an integration key with scopes; the secret is shown once',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: CreateApiKeyRequest } } },
    responses: {
      '201': {
        description: 'The key, with its secret',
        content: { 'application/json': { schema: ApiKeyIssued } },
      },
      '400': problem('Invalid name or scopes'),
      '403': problem('Only administrators manage API keys'),
    },
  },
  AdminRotateApiKey: {
    operationId: 'rotateApiKey',
    summary: 'Replace a key by a new secret with the same scopes; the old one stops working',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ keyId: z.string() }) },
    responses: {
      '201': {
        description: 'The new key, with its secret',
        content: { 'application/json': { schema: ApiKeyIssued } },
      },
      '404': problem('No such key in your tenant, or already revoked'),
    },
  },
  AdminRevokeApiKey: {
    operationId: 'revokeApiKey',
    summary: 'Revoke a key at once',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ keyId: z.string() }) },
    responses: { '204': { description: 'Revoked' }, '404': problem('No such key in your tenant') },
  },
  AdminEraseCasePersonalData: {
    operationId: 'eraseCasePersonalData',
    summary: "KVKK m.11: erase a case's personal data on the citizen's request (owner tenant's admins)",
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: ErasureRequest } } },
    responses: {
      '200': {
        description: 'Erased (or already erased)',
        content: {
          'application/json': { schema: z.object({ caseId: z.string(), anonymised: z.literal(true) }) },
        },
      },
      '400': problem('Missing request reference or reason'),
      '404': problem('No such case owned by your tenant'),
      '409': problem('The case changed meanwhile'),
    },
  },
  AdminListUsers: {
    operationId: 'listUsers',
    summary:
      "The tenant's users, by name, with search; platform operators name a tenant (`tenantId`) and see its administrators",
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { query: UserListQuery },
    responses: {
      '200': { description: 'A page of users', content: { 'application/json': { schema: ManagedUserList } } },
      '400': problem('Invalid query, cursor or unknown tenant'),
      '403': problem('Only administrators and platform operators manage users; only their own tenant'),
    },
  },
  AdminInviteUser: {
    operationId: 'inviteUser',
    summary:
      'Create a user with a temporary password (shown once; Cognito also e-mails the invitation). Tenant and neighbourhood are immutable.',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: UserInvitation } } },
    responses: {
      '201': {
        description: 'The user, with the temporary password',
        content: { 'application/json': { schema: UserInvited } },
      },
      '400': problem('Invalid field, role not allowed, unknown department, tenant or neighbourhood'),
      '403': problem('Only administrators and platform operators manage users; only their own tenant'),
      '409': problem('The username or e-mail is taken'),
    },
  },
  AdminUpdateUser: {
    operationId: 'updateUser',
    summary: "Change a user's roles, department (null removes it) or display name",
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ username: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: UserUpdate } } },
    responses: {
      '200': { description: 'The user as changed', content: { 'application/json': { schema: ManagedUser } } },
      '400': problem('Invalid field, role not allowed, unknown department'),
      '404': problem('No such user that you may manage (another tenant’s users are never found)'),
      '422': problem('You may not remove your own administrator role'),
    },
  },
  AdminDisableUser: {
    operationId: 'disableUser',
    summary: 'Disable a user: no sign-in, and the API refuses their tokens at once',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ username: z.string() }) },
    responses: {
      '200': {
        description: 'Disabled (or already)',
        content: { 'application/json': { schema: ManagedUser } },
      },
      '404': problem('No such user that you may manage'),
      '422': problem('You may not disable yourself'),
    },
  },
  AdminEnableUser: {
    operationId: 'enableUser',
    summary: 'Enable a disabled user again',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ username: z.string() }) },
    responses: {
      '200': {
        description: 'Enabled (or already)',
        content: { 'application/json': { schema: ManagedUser } },
      },
      '404': problem('No such user that you may manage'),
    },
  },
  AdminResetUserPassword: {
    operationId: 'resetUserPassword',
    summary: 'Issue a new temporary password (shown once); the user chooses their own at the next sign-in',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: { path: z.object({ username: z.string() }) },
    responses: {
      '200': {
        description: 'The temporary password',
        content: { 'application/json': { schema: PasswordResetIssued } },
      },
      '404': problem('No such user that you may manage'),
    },
  },
  AdminImportUsers: {
    operationId: 'importUsers',
    summary:
      'Bulk import from CSV: a dry run (default) reports per row (ok, exists, error with reason); dryRun=false creates the ok rows, once',
    description:
      'The body is JSON `{ "csv": "<file text>" }` (UTF-8, BOM allowed, at most 500 rows). Separator `;` (Excel in Türkiye) or `,`, ' +
      'detected from the header row; quoted fields may hold separators, quotes and line breaks. Columns (Turkish or English headers): ' +
      'kullanici_adi/username, e_posta/email, ad_soyad/name, roller/roles (several separated by `|`), birim/department (code or name), ' +
      'mahalle/neighbourhood (muhtars only). Imported users get Cognito’s invitation e-mail; no password is in the report.',
    tags: ['admin'],
    security: [{ cognitoIdToken: [] }],
    requestParams: {
      query: z.object({
        dryRun: z.enum(['true', 'false']).optional().meta({ description: 'true (default): report only' }),
        tenantId: z
          .string()
          .optional()
          .meta({ description: 'Platform operators: the tenant to import administrators into' }),
      }),
    },
    requestBody: { required: true, content: { 'application/json': { schema: UserImportRequest } } },
    responses: {
      '200': { description: 'The report', content: { 'application/json': { schema: UserImportReport } } },
      '400': problem('Invalid body or query'),
      '403': problem('Only administrators and platform operators manage users'),
    },
  },
  IntegrationListCases: {
    operationId: 'integrationListCases',
    summary: "The key's tenant's cases (scope queue.list); no personal data",
    tags: ['integration'],
    security: [{ apiKey: [] }],
    responses: {
      '200': { description: 'A page of cases', content: { 'application/json': { schema: StaffCaseList } } },
      '401': problem('Missing, unknown, revoked or expired key'),
      '403': problem('The key lacks the scope'),
    },
  },
  IntegrationGetCase: {
    operationId: 'integrationGetCase',
    summary: "One case of the key's tenant (scope case.read); personal data masked unless scoped",
    tags: ['integration'],
    security: [{ apiKey: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    responses: {
      '200': {
        description: 'The case and its timeline',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
      '401': problem('Missing, unknown, revoked or expired key'),
      '404': problem('No such case, or not visible to the key'),
    },
  },
  IntegrationCaseAction: {
    operationId: 'integrationTakeCaseAction',
    summary: "A workflow step on a case of the key's tenant (the key needs the action's scope)",
    tags: ['integration'],
    security: [{ apiKey: [] }],
    requestParams: { path: z.object({ caseId: z.string() }) },
    requestBody: { required: true, content: { 'application/json': { schema: CaseCommand } } },
    responses: {
      '200': {
        description: 'The case after the step',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
      '401': problem('Missing, unknown, revoked or expired key'),
      '403': problem('The key lacks the scope'),
      '404': problem('No such case, or not visible to the key'),
      '409': problem('The case changed since you loaded it'),
      '422': problem('Not possible in the current status, or required fields are missing'),
    },
  },
  CreatePublicCase: {
    operationId: 'createPublicCase',
    summary: 'File a request or complaint (citizen)',
    tags: ['public'],
    requestParams: {
      header: z.object({
        'idempotency-key': z.string().optional().meta({
          description: 'Retries with the same key within 24 h return the same case',
          example: '9b2f6c1e-3d4a-4f5b-8c7d-1e2f3a4b5c6d',
        }),
        'accept-language': acceptLanguage,
      }),
    },
    requestBody: { required: true, content: { 'application/json': { schema: PublicCaseSubmission } } },
    responses: {
      '201': {
        description: 'Filed; the tracking number is to be read back to the citizen',
        content: { 'application/json': { schema: PublicCaseCreated } },
      },
      '400': problem('Malformed JSON, unknown fields, wrong types or invalid values'),
      '413': problem('Body larger than 64 KB'),
      '415': problem('Not application/json'),
      '422': problem(
        'A business rule failed (unknown work type, missing location) or the Idempotency-Key was reused',
      ),
    },
  },
  TrackPublicCase: {
    operationId: 'trackPublicCase',
    summary: 'Track a case by its tracking number (no personal data)',
    tags: ['public'],
    requestParams: {
      path: z.object({ trackingNo: z.string().meta({ example: '4827-3915-0266' }) }),
      header: z.object({ 'accept-language': acceptLanguage }),
    },
    responses: {
      '200': {
        description: 'Status and public timeline',
        content: { 'application/json': { schema: PublicTrackView } },
      },
      '400': problem('Not a valid tracking number (length or check digit)'),
      '404': problem('No case has this number'),
    },
  },
};
