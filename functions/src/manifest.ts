import { idempotencyTable, mainTable, type SecretLocation, type TableDefinition } from '@citydesk/data';
import { type OutboxIntentName, WEBHOOK_MAX_ATTEMPTS } from '@citydesk/domain';

/*
 * The one manifest of CityDesk's runtime: every HTTP route, queue, queue consumer,
 * stream consumer, schedule, bucket and the user pool. infra/ builds the AWS
 * resources from it; packages/local-cloud serves the very same handler modules
 * from it. Nothing is declared twice. Handler `entry` paths are relative to
 * functions/src and export `handler`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `none`: public. `jwt`: a Cognito ID token, verified by the gateway's JWT authorizer
 * before the handler runs. `apiKey`: an integration key (header `x-api-key`), verified
 * by the handler against its stored hash (HTTP APIs have no API-key authorizer).
 */
export type AuthKind = 'none' | 'jwt' | 'apiKey';

/**
 * `routing`: new cases to route. `lifecycle`: system steps of the workflow (a parent
 * case resolving when its children have). `notifications`: messages to citizens and
 * staff. `analytics`: events for the dashboards' counters. `webhooks`: outbound webhook
 * fan-out and deliveries (functions/src/workers/deliver-webhooks.ts).
 */
export type QueueName =
  | 'routing'
  | 'lifecycle'
  | 'notifications'
  | 'analytics'
  | 'webhooks'
  | 'inbound'
  | 'incidents';

export type SecretName =
  | 'piiHmacKey'
  | 'inboundSmsToken'
  | 'whatsappAppSecret'
  | 'whatsappVerifyToken'
  | 'socialWebhookSecret';

export interface FunctionSizing {
  memoryMb: number;
  timeoutSeconds: number;
}

/** What a function may touch: least-privilege IAM on AWS, documentation locally. */
export interface FunctionAccess {
  tables?: { table: TableDefinition; mode: 'read' | 'readwrite' }[];
  sendsTo?: QueueName[];
  /**
   * `readwrite` puts objects (and signs uploads); `readwrite-delete` may also delete
   * the current version of an object (a refused upload). Never object versions: the
   * bucket is versioned, so a deleted file stays recoverable until lifecycle expiry.
   */
  bucket?: 'read' | 'readwrite' | 'readwrite-delete';
  secrets?: SecretName[];
  /** Sends to citizens: `email` through SES v2, `sms` through SNS (or Netgsm, whose credentials are a secret). */
  sends?: ('email' | 'sms')[];
  /**
   * `admin`: the Cognito admin API on the staff user pool (create, get, update
   * attributes, groups, enable, disable, set password), for user administration.
   */
  userPool?: 'admin';
  /**
   * `manage`: every queue's dead-letter queue (receive, delete, change visibility,
   * attributes) and sending back to its source queue, for the dead-letter tooling
   * (docs/operations.md).
   */
  deadLetters?: 'manage';
}

export interface HttpRouteDefinition extends FunctionSizing {
  id: string;
  method: HttpMethod;
  /** API Gateway HTTP API path syntax: `/v1/public/track/{trackingNo}`. */
  path: string;
  entry: string;
  auth: AuthKind;
  access: FunctionAccess;
  /** Requests per second per route, steady state (throttling on AWS). */
  rateLimit: number;
}

export interface QueueDefinition {
  name: QueueName;
  /** Environment variable holding the queue URL for producers. */
  envVar: string;
  /** Must be ≥ 6× the consumer's timeout (AWS guidance for Lambda event sources). */
  visibilityTimeoutSeconds: number;
  /** Receives before a message is moved to the queue's DLQ. */
  maxReceiveCount: number;
  retentionDays: number;
}

export interface QueueConsumerDefinition extends FunctionSizing {
  id: string;
  queue: QueueName;
  entry: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  maxConcurrency: number;
  access: FunctionAccess;
}

export interface StreamConsumerDefinition extends FunctionSizing {
  id: string;
  table: TableDefinition;
  entry: string;
  batchSize: number;
  maxRetryAttempts: number;
  access: FunctionAccess;
}

export interface ScheduleDefinition extends FunctionSizing {
  id: string;
  /** EventBridge Scheduler expression, e.g. `rate(1 minute)`. */
  expression: string;
  entry: string;
  access: FunctionAccess;
}

/**
 * A Lambda trigger of the user pool. Wired on AWS only: cognito-local can invoke
 * triggers only through a Lambda API the local cloud does not run (ADR 0006).
 */
export interface UserPoolTriggerDefinition extends FunctionSizing {
  id: string;
  entry: string;
}

export interface UserPoolDefinition {
  id: string;
  groups: { name: string; description: string }[];
  /**
   * Groups that count in a token only for users with TOTP MFA enabled. Cognito cannot
   * require MFA per group, so the pre-token-generation trigger drops these groups from
   * the tokens of users without it (ADR 0006).
   */
  mfaRequiredGroups: string[];
  triggers: { preTokenGeneration?: UserPoolTriggerDefinition };
  /** Custom attributes users cannot write: the tenant and, for muhtars, the neighbourhood. */
  immutableAttributes: string[];
  /**
   * Custom attributes only administrators change, through the admin API (the
   * department a user works for). Mutable, but not among the portal client's write
   * attributes, so users cannot set their own.
   */
  adminManagedAttributes: string[];
  passwordPolicy: {
    minLength: number;
    requireLowercase: boolean;
    requireUppercase: boolean;
    requireDigits: boolean;
    requireSymbols: boolean;
  };
}

export interface SecretDefinition extends SecretLocation {
  /** PascalCase construct id of the generated secret. */
  id: string;
  description: string;
}

/** Secrets generated at deployment (Secrets Manager) and by the local cloud (.data/). */
export const secrets: Record<SecretName, SecretDefinition> = {
  piiHmacKey: {
    id: 'PiiHmacKey',
    valueEnvVar: 'PII_HMAC_KEY',
    arnEnvVar: 'PII_HMAC_KEY_SECRET_ARN',
    description: 'HMAC key for indexing personal identifiers (phone numbers) without storing them in clear',
  },
  // The message inbox's webhook credentials (docs/domain/message-inbox.md). Generated
  // like every secret; the WhatsApp app secret is then replaced with Meta's.
  inboundSmsToken: {
    id: 'InboundSmsToken',
    valueEnvVar: 'INBOUND_SMS_TOKEN',
    arnEnvVar: 'INBOUND_SMS_TOKEN_SECRET_ARN',
    description: 'Shared token the SMS provider presents on its inbound-message webhook',
  },
  whatsappAppSecret: {
    id: 'WhatsappAppSecret',
    valueEnvVar: 'WHATSAPP_APP_SECRET',
    arnEnvVar: 'WHATSAPP_APP_SECRET_ARN',
    description: "The Meta app's secret: verifies X-Hub-Signature-256 of WhatsApp Cloud API webhooks",
  },
  whatsappVerifyToken: {
    id: 'WhatsappVerifyToken',
    valueEnvVar: 'WHATSAPP_VERIFY_TOKEN',
    arnEnvVar: 'WHATSAPP_VERIFY_TOKEN_SECRET_ARN',
    description: "The verify token entered in Meta's webhook settings (GET handshake)",
  },
  socialWebhookSecret: {
    id: 'SocialWebhookSecret',
    valueEnvVar: 'SOCIAL_WEBHOOK_SECRET',
    arnEnvVar: 'SOCIAL_WEBHOOK_SECRET_ARN',
    description: 'HMAC key of the social-media mention relay (X-Hub-Signature-256 format)',
  },
};

export const queues: Record<QueueName, QueueDefinition> = {
  routing: {
    name: 'routing',
    envVar: 'ROUTING_QUEUE_URL',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
  lifecycle: {
    name: 'lifecycle',
    envVar: 'LIFECYCLE_QUEUE_URL',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
  notifications: {
    name: 'notifications',
    envVar: 'NOTIFICATIONS_QUEUE_URL',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
  analytics: {
    name: 'analytics',
    envVar: 'ANALYTICS_QUEUE_URL',
    // 6 × (its consumer's 30 s timeout + 1 s batching window), with room.
    visibilityTimeoutSeconds: 200,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
  webhooks: {
    name: 'webhooks',
    envVar: 'WEBHOOKS_QUEUE_URL',
    visibilityTimeoutSeconds: 180,
    // One receive per attempt: a delivery that has used up its attempts moves to the
    // DLQ with its next receive. Failed attempts wait out their backoff as the
    // message's visibility (the worker sets it), not the 180 s above.
    maxReceiveCount: WEBHOOK_MAX_ATTEMPTS,
    retentionDays: 4,
  },
  // Inbound e-mail: the notification that SES stored a raw MIME message in the bucket
  // (SES receipt rule → S3 action → SNS topic → this queue; locally the dev route).
  inbound: {
    name: 'inbound',
    envVar: 'INBOUND_EMAIL_QUEUE_URL',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
  // An ended incident's fan-out (docs/domain/incidents.md): pages of its attached
  // cases, then chunks of them, each answered once.
  incidents: {
    name: 'incidents',
    envVar: 'INCIDENTS_QUEUE_URL',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
};

/**
 * Which outbox intent goes to which queues: the dispatcher's routing table. Exhaustive
 * over the intents, so a new intent does not compile until it has a queue. The
 * `analytics` intent, written for every timeline event, also feeds the outbound
 * webhooks: their worker needs exactly "this event of this case happened", and
 * reusing the intent adds no item to the case's transactions. For the same reason it
 * feeds the notifications queue, whose staff part (workers/notify-staff.ts) derives
 * "new in my queue", "assigned to me" and watched-case updates from the event.
 */
export const intentQueues: Record<OutboxIntentName, readonly QueueName[]> = {
  'route-case': ['routing'],
  'child-resolved': ['lifecycle'],
  'notify-citizen': ['notifications'],
  'notify-staff': ['notifications'],
  analytics: ['analytics', 'webhooks', 'notifications'],
  // A delayed intent: stored as a due item, never relayed by the stream; the SendSurveys
  // schedule picks it up when due (docs/domain/surveys.md).
  'schedule-survey': [],
  'send-survey': ['notifications'],
};

const mainRead = { tables: [{ table: mainTable, mode: 'read' as const }] };
const small: FunctionSizing = { memoryMb: 512, timeoutSeconds: 10 };

export const httpRoutes: HttpRouteDefinition[] = [
  {
    id: 'Health',
    method: 'GET',
    path: '/health',
    entry: 'http/health.ts',
    auth: 'none',
    access: mainRead,
    rateLimit: 50,
    ...small,
  },
  {
    id: 'OpenApi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'http/openapi-document.ts',
    auth: 'none',
    access: {},
    rateLimit: 20,
    ...small,
  },
  {
    id: 'PublicCatalog',
    method: 'GET',
    path: '/v1/public/catalog',
    entry: 'http/public-catalog.ts',
    auth: 'none',
    access: {},
    rateLimit: 50,
    ...small,
  },
  {
    id: 'AuthConfig',
    method: 'GET',
    path: '/v1/public/auth-config',
    entry: 'http/auth-config.ts',
    auth: 'none',
    access: {},
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffMe',
    method: 'GET',
    path: '/v1/staff/me',
    entry: 'http/staff-me.ts',
    auth: 'jwt',
    // Records the caller in the tenant's staff directory.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffListCases',
    method: 'GET',
    path: '/v1/staff/cases',
    entry: 'http/staff-list-cases.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 50,
    ...small,
  },
  // Exports (docs/domain/exports-and-open-data.md): one module for both staff routes.
  // Each export is audited, so the function writes; larger and longer than a list read:
  // up to 10,000 rows and an XLSX built in memory, within API Gateway's 30 s.
  ...(
    [
      ['StaffCaseExport', '/v1/staff/cases/export'],
      ['StaffAnalyticsExport', '/v1/staff/analytics/export'],
    ] as const
  ).map(
    ([id, path]): HttpRouteDefinition => ({
      id,
      method: 'GET',
      path,
      entry: 'http/staff-exports.ts',
      auth: 'jwt',
      access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
      rateLimit: 5,
      memoryMb: 1024,
      timeoutSeconds: 29,
    }),
  ),
  {
    id: 'StaffAvailability',
    method: 'PUT',
    path: '/v1/staff/me/availability',
    entry: 'http/staff-availability.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 10,
    ...small,
  },
  // Staff notifications (docs/domain/notifications.md): the caller's own list,
  // preference and watched cases; entries are written by the notifications worker.
  {
    id: 'StaffNotifications',
    method: 'GET',
    path: '/v1/staff/notifications',
    entry: 'http/staff-notifications.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffNotificationsRead',
    method: 'POST',
    path: '/v1/staff/notifications/read',
    entry: 'http/staff-notifications.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffGetNotificationPreferences',
    method: 'GET',
    path: '/v1/staff/me/notification-preferences',
    entry: 'http/staff-notification-preferences.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffPutNotificationPreferences',
    method: 'PUT',
    path: '/v1/staff/me/notification-preferences',
    entry: 'http/staff-notification-preferences.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffWatchCase',
    method: 'POST',
    path: '/v1/staff/cases/{caseId}/watch',
    entry: 'http/staff-case-watch.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffUnwatchCase',
    method: 'DELETE',
    path: '/v1/staff/cases/{caseId}/watch',
    entry: 'http/staff-case-watch.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffWatching',
    method: 'GET',
    path: '/v1/staff/watching',
    entry: 'http/staff-case-watch.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffDirectory',
    method: 'GET',
    path: '/v1/staff/directory',
    entry: 'http/staff-directory.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffQueue',
    method: 'GET',
    path: '/v1/staff/queue',
    entry: 'http/staff-queue.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffBulkAssign',
    method: 'POST',
    path: '/v1/staff/queue/assign',
    entry: 'http/staff-bulk-assign.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffCreateCase',
    method: 'POST',
    path: '/v1/staff/cases',
    entry: 'http/staff-create-case.ts',
    auth: 'jwt',
    access: {
      tables: [
        { table: mainTable, mode: 'readwrite' },
        { table: idempotencyTable, mode: 'readwrite' },
      ],
      secrets: ['piiHmacKey'],
    },
    rateLimit: 50,
    ...small,
  },
  // The call-centre console (docs/domain/call-centre.md): caller lookup, the caller's
  // statement on an open case, first-contact closure; duplicate check and link. The
  // lookup hashes the phone (PII key); the closures file cases (idempotency table).
  ...(
    [
      ['StaffCallerLookup', '/v1/staff/caller-lookup', 'http/staff-caller-console.ts', 30],
      [
        'StaffCallerStatement',
        '/v1/staff/cases/{caseId}/caller-statements',
        'http/staff-caller-console.ts',
        30,
      ],
      ['StaffFirstContactCase', '/v1/staff/first-contact-cases', 'http/staff-caller-console.ts', 30],
      ['StaffDuplicateCandidates', '/v1/staff/duplicate-candidates', 'http/staff-duplicate-intake.ts', 50],
      ['StaffDuplicateLink', '/v1/staff/duplicate-links', 'http/staff-duplicate-intake.ts', 30],
    ] as const
  ).map(
    ([id, path, entry, rateLimit]): HttpRouteDefinition => ({
      id,
      method: 'POST',
      path,
      entry,
      auth: 'jwt',
      access: {
        tables: [
          { table: mainTable, mode: 'readwrite' },
          { table: idempotencyTable, mode: 'readwrite' },
        ],
        secrets: ['piiHmacKey'],
      },
      rateLimit,
      ...small,
    }),
  ),
  {
    // Work-type suggestions for free text (docs/domain/classification.md): reads the
    // city's configuration only; the model ships inside the function bundle.
    id: 'StaffWorkTypeSuggestions',
    method: 'POST',
    path: '/v1/staff/work-type-suggestions',
    entry: 'http/staff-work-type-suggestions.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffCaseAction',
    method: 'POST',
    path: '/v1/staff/cases/{caseId}/actions',
    entry: 'http/case-actions.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffCaseComment',
    method: 'POST',
    path: '/v1/staff/cases/{caseId}/comments',
    entry: 'http/case-comments.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffRequestAttachmentUpload',
    method: 'POST',
    path: '/v1/staff/cases/{caseId}/attachments',
    entry: 'http/staff-case-attachments.ts',
    auth: 'jwt',
    // Signs the browser's POST: S3 authorises the upload with this function's PutObject.
    access: { ...mainRead, bucket: 'readwrite' },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffConfirmAttachment',
    method: 'POST',
    path: '/v1/staff/cases/{caseId}/attachments/{attachmentId}/confirm',
    entry: 'http/staff-case-attachments.ts',
    auth: 'jwt',
    // Reads the object's first bytes, tags it confirmed, deletes it if its type is refused.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], bucket: 'readwrite-delete' },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffDownloadAttachment',
    method: 'GET',
    path: '/v1/staff/cases/{caseId}/attachments/{attachmentId}',
    entry: 'http/staff-case-attachments.ts',
    auth: 'jwt',
    // Signs the download link; every link handed out is audited.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], bucket: 'read' },
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffGetCase',
    method: 'GET',
    path: '/v1/staff/cases/{caseId}',
    entry: 'http/staff-get-case.ts',
    // Writes audit records when personal data is shown in clear.
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 50,
    ...small,
  },
  {
    id: 'StaffUnmaskPii',
    method: 'POST',
    path: '/v1/staff/cases/{caseId}/pii-unmask',
    entry: 'http/staff-unmask-pii.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffAuditTrail',
    method: 'GET',
    path: '/v1/staff/audit',
    entry: 'http/staff-audit-trail.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  // The dead-letter queues (docs/operations.md): every queue's DLQ depth, a look at its
  // messages with why each died, and redrive; for the platform operator and the metro's
  // administrators. One module; peeks and redrives are audited, so the function writes.
  ...(
    [
      ['AdminListDeadLetters', 'GET', '/v1/admin/dead-letters'],
      ['AdminPeekDeadLetters', 'GET', '/v1/admin/dead-letters/{queue}'],
      ['AdminRedriveDeadLetters', 'POST', '/v1/admin/dead-letters/{queue}/redrive'],
    ] as const
  ).map(
    ([id, method, path]): HttpRouteDefinition => ({
      id,
      method,
      path,
      entry: 'http/admin-dead-letters.ts',
      auth: 'jwt',
      access: { tables: [{ table: mainTable, mode: 'readwrite' }], deadLetters: 'manage' },
      rateLimit: 5,
      // A redrive of a few hundred messages takes a few dozen SQS calls.
      memoryMb: 512,
      timeoutSeconds: 29,
    }),
  ),
  {
    id: 'AdminListApiKeys',
    method: 'GET',
    path: '/v1/admin/api-keys',
    entry: 'http/admin-api-keys.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  {
    id: 'AdminIssueApiKey',
    method: 'POST',
    path: '/v1/admin/api-keys',
    entry: 'http/admin-api-keys.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminRotateApiKey',
    method: 'POST',
    path: '/v1/admin/api-keys/{keyId}/rotate',
    entry: 'http/admin-api-keys.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminRevokeApiKey',
    method: 'DELETE',
    path: '/v1/admin/api-keys/{keyId}',
    entry: 'http/admin-api-keys.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminListWebhooks',
    method: 'GET',
    path: '/v1/admin/webhooks',
    entry: 'http/admin-webhooks.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  {
    id: 'AdminCreateWebhook',
    method: 'POST',
    path: '/v1/admin/webhooks',
    entry: 'http/admin-webhooks.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminUpdateWebhook',
    method: 'PATCH',
    path: '/v1/admin/webhooks/{webhookId}',
    entry: 'http/admin-webhooks.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminDeleteWebhook',
    method: 'DELETE',
    path: '/v1/admin/webhooks/{webhookId}',
    entry: 'http/admin-webhooks.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminRotateWebhookSecret',
    method: 'POST',
    path: '/v1/admin/webhooks/{webhookId}/rotate-secret',
    entry: 'http/admin-webhooks.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminListWebhookDeliveries',
    method: 'GET',
    path: '/v1/admin/webhooks/{webhookId}/deliveries',
    entry: 'http/admin-webhooks.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  {
    id: 'AdminTestWebhook',
    method: 'POST',
    path: '/v1/admin/webhooks/{webhookId}/test',
    entry: 'http/admin-webhooks.ts',
    auth: 'jwt',
    // Posts a ping to the receiver and waits for it (5 s timeout) within the 10 s here.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 2,
    ...small,
  },
  {
    id: 'AdminEraseCasePersonalData',
    method: 'POST',
    path: '/v1/admin/cases/{caseId}/erase',
    entry: 'http/admin-erase-case.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], bucket: 'readwrite-delete' },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminListUsers',
    method: 'GET',
    path: '/v1/admin/users',
    entry: 'http/admin-users.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  {
    id: 'AdminInviteUser',
    method: 'POST',
    path: '/v1/admin/users',
    entry: 'http/admin-users.ts',
    auth: 'jwt',
    // Creates the Cognito user, then its staff-directory entry and the audit record.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], userPool: 'admin' },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminUpdateUser',
    method: 'PATCH',
    path: '/v1/admin/users/{username}',
    entry: 'http/admin-users.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], userPool: 'admin' },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminDisableUser',
    method: 'POST',
    path: '/v1/admin/users/{username}/disable',
    entry: 'http/admin-users.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], userPool: 'admin' },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminEnableUser',
    method: 'POST',
    path: '/v1/admin/users/{username}/enable',
    entry: 'http/admin-users.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], userPool: 'admin' },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminResetUserPassword',
    method: 'POST',
    path: '/v1/admin/users/{username}/reset-password',
    entry: 'http/admin-users.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], userPool: 'admin' },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'AdminImportUsers',
    method: 'POST',
    path: '/v1/admin/users/import',
    entry: 'http/admin-users-import.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], userPool: 'admin' },
    rateLimit: 2,
    // A few Cognito calls per row, one row after another (the admin API's quotas are low).
    memoryMb: 512,
    timeoutSeconds: 120,
  },
  {
    id: 'DevOutbox',
    method: 'GET',
    path: '/v1/dev/outbox',
    entry: 'http/dev-outbox.ts',
    auth: 'jwt',
    // Answers 404 unless the dev outbox provider is active (the local cloud).
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffListCallbacks',
    method: 'GET',
    path: '/v1/staff/callbacks',
    entry: 'http/staff-callbacks.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffCompleteCallback',
    method: 'POST',
    path: '/v1/staff/callbacks/{taskId}/complete',
    entry: 'http/staff-callbacks.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 20,
    ...small,
  },
  // City and tenant administration (configuration-publishing.ts). Reads pass the
  // table's read grant; writes publish a new configuration version with its audit record.
  ...(
    [
      ['PlatformListCities', 'GET', '/v1/platform/cities', 'http/platform-cities.ts'],
      ['PlatformOnboardCity', 'POST', '/v1/platform/cities', 'http/platform-cities.ts'],
      ['PlatformExportCity', 'GET', '/v1/platform/cities/{cityId}/configuration', 'http/platform-cities.ts'],
      ['PlatformImportCity', 'PUT', '/v1/platform/cities/{cityId}/configuration', 'http/platform-cities.ts'],
      ['PlatformAddTenant', 'POST', '/v1/platform/cities/{cityId}/tenants', 'http/platform-cities.ts'],
      ['PlatformCityVersions', 'GET', '/v1/platform/cities/{cityId}/versions', 'http/platform-cities.ts'],
      [
        'AdminGetTenantSettings',
        'GET',
        '/v1/admin/tenants/{tenantId}/settings',
        'http/admin-tenant-settings.ts',
      ],
      [
        'AdminImportTenantSettings',
        'PUT',
        '/v1/admin/tenants/{tenantId}/settings',
        'http/admin-tenant-settings.ts',
      ],
      [
        'AdminSaveTenantSettingsSection',
        'PUT',
        '/v1/admin/tenants/{tenantId}/settings/{section}',
        'http/admin-tenant-settings.ts',
      ],
      [
        'AdminTenantSettingsVersions',
        'GET',
        '/v1/admin/tenants/{tenantId}/settings/versions',
        'http/admin-tenant-settings.ts',
      ],
      [
        'AdminReapplySla',
        'POST',
        '/v1/admin/tenants/{tenantId}/sla-reapply',
        'http/admin-tenant-settings.ts',
      ],
      [
        'AdminPreviewTemplate',
        'POST',
        '/v1/admin/tenants/{tenantId}/template-preview',
        'http/admin-tenant-settings.ts',
      ],
      ['AdminGetCityCatalogue', 'GET', '/v1/admin/city', 'http/admin-city-catalogue.ts'],
      ['AdminSaveCityCatalogue', 'PUT', '/v1/admin/city/{section}', 'http/admin-city-catalogue.ts'],
    ] as const
  ).map(
    ([id, method, path, entry]): HttpRouteDefinition => ({
      id,
      method,
      path,
      entry,
      auth: 'jwt',
      // Re-timing cases writes them (their citizen-history key is an HMAC of the phone).
      access:
        method === 'GET' || id === 'AdminPreviewTemplate'
          ? mainRead
          : {
              tables: [{ table: mainTable, mode: 'readwrite' }],
              ...(id === 'AdminReapplySla' ? { secrets: ['piiHmacKey'] } : {}),
            },
      rateLimit: method === 'GET' ? 10 : 2,
      // A whole city's document is parsed, validated (boundaries included) and gzipped.
      memoryMb: 1024,
      timeoutSeconds: 29,
    }),
  ),
  {
    id: 'IntegrationListCases',
    method: 'GET',
    path: '/v1/integration/cases',
    entry: 'http/staff-list-cases.ts',
    auth: 'apiKey',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
  {
    id: 'IntegrationGetCase',
    method: 'GET',
    path: '/v1/integration/cases/{caseId}',
    entry: 'http/staff-get-case.ts',
    auth: 'apiKey',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'IntegrationCaseAction',
    method: 'POST',
    path: '/v1/integration/cases/{caseId}/actions',
    entry: 'http/case-actions.ts',
    auth: 'apiKey',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    rateLimit: 20,
    ...small,
  },
  {
    id: 'IntegrationCreateCase',
    method: 'POST',
    path: '/v1/integration/cases',
    entry: 'http/integration-create-case.ts',
    auth: 'apiKey',
    access: {
      tables: [
        { table: mainTable, mode: 'readwrite' },
        { table: idempotencyTable, mode: 'readwrite' },
      ],
      secrets: ['piiHmacKey'],
    },
    rateLimit: 50,
    ...small,
  },
  // Open311 GeoReport v2 (docs/open311.md): one module, resources as `{name}.{xml|json}`
  // segments (HTTP APIs match whole segments only). Public at the gateway: reads need no
  // key, and posts carry `api_key` in the form body, verified by the handler.
  ...(
    [
      ['Open311Document', 'GET', '/open311/v2/{document}'],
      ['Open311Post', 'POST', '/open311/v2/{document}'],
      ['Open311ServiceDefinition', 'GET', '/open311/v2/services/{service}'],
      ['Open311Request', 'GET', '/open311/v2/requests/{request}'],
      ['Open311Token', 'GET', '/open311/v2/tokens/{token}'],
    ] as const
  ).map(
    ([id, method, path]): HttpRouteDefinition => ({
      id,
      method,
      path,
      entry: 'http/open311-georeport.ts',
      auth: 'none',
      access:
        method === 'GET'
          ? mainRead
          : {
              tables: [
                { table: mainTable, mode: 'readwrite' },
                { table: idempotencyTable, mode: 'readwrite' },
              ],
              secrets: ['piiHmacKey'],
              // A photo posted with a request is stored before the case is filed.
              bucket: 'readwrite',
            },
      rateLimit: method === 'GET' ? 50 : 20,
      // Updates polling reads a jurisdiction's changed cases and their timelines.
      memoryMb: 512,
      timeoutSeconds: 29,
    }),
  ),
  {
    id: 'CreatePublicCase',
    method: 'POST',
    path: '/v1/public/cases',
    entry: 'http/create-public-case.ts',
    auth: 'none',
    access: {
      tables: [
        { table: mainTable, mode: 'readwrite' },
        { table: idempotencyTable, mode: 'readwrite' },
      ],
      secrets: ['piiHmacKey'],
    },
    rateLimit: 200,
    ...small,
  },
  {
    id: 'TrackPublicCase',
    method: 'GET',
    path: '/v1/public/track/{trackingNo}',
    entry: 'http/track-public-case.ts',
    auth: 'none',
    access: mainRead,
    rateLimit: 100,
    ...small,
  },
  // Anonymised open data (docs/domain/exports-and-open-data.md): one module, three shapes,
  // each a walk of every tenant's owner index over at most 31 days; cached publicly.
  ...(
    [
      ['PublicOpenDataCsv', '/v1/public/open-data/cases.csv'],
      ['PublicOpenDataGeoJson', '/v1/public/open-data/cases.geojson'],
      ['PublicOpenDataOpen311', '/v1/public/open-data/open311-requests.json'],
    ] as const
  ).map(
    ([id, path]): HttpRouteDefinition => ({
      id,
      method: 'GET',
      path,
      entry: 'http/public-open-data.ts',
      auth: 'none',
      access: mainRead,
      rateLimit: 5,
      memoryMb: 1024,
      timeoutSeconds: 29,
    }),
  ),
  // Satisfaction surveys (docs/domain/surveys.md). The public pair needs no login: the
  // unguessable token is the credential, and the low rate limits keep guessing futile.
  {
    id: 'PublicGetSurvey',
    method: 'GET',
    path: '/v1/public/surveys/{token}',
    entry: 'http/public-surveys.ts',
    auth: 'none',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
  {
    id: 'PublicAnswerSurvey',
    method: 'POST',
    path: '/v1/public/surveys/{token}',
    entry: 'http/public-surveys.ts',
    auth: 'none',
    // The response, its counters, timeline events and a follow-up: one transaction.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffPhoneSurvey',
    method: 'POST',
    path: '/v1/staff/cases/{caseId}/survey',
    entry: 'http/staff-case-survey.ts',
    auth: 'jwt',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffListSurveyFollowUps',
    method: 'GET',
    path: '/v1/staff/survey-follow-ups',
    entry: 'http/staff-survey-follow-ups.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
  {
    id: 'StaffDecideSurveyFollowUp',
    method: 'POST',
    path: '/v1/staff/survey-follow-ups/{caseId}/decide',
    entry: 'http/staff-survey-follow-ups.ts',
    auth: 'jwt',
    // Reopening rewrites the case item, whose citizen-history key is an HMAC of the phone.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    rateLimit: 10,
    ...small,
  },
  // The message inbox (docs/domain/message-inbox.md): provider webhooks, public but
  // each checking its own secret, and the metro call centre's triage API.
  {
    id: 'InboundSms',
    method: 'POST',
    path: '/v1/inbound/sms',
    entry: 'http/inbound-sms.ts',
    auth: 'none',
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['inboundSmsToken', 'piiHmacKey'] },
    rateLimit: 50,
    ...small,
  },
  {
    id: 'InboundWhatsAppVerify',
    method: 'GET',
    path: '/v1/inbound/whatsapp',
    entry: 'http/inbound-whatsapp.ts',
    auth: 'none',
    access: { secrets: ['whatsappVerifyToken'] },
    rateLimit: 5,
    ...small,
  },
  {
    id: 'InboundWhatsApp',
    method: 'POST',
    path: '/v1/inbound/whatsapp',
    entry: 'http/inbound-whatsapp.ts',
    auth: 'none',
    access: {
      tables: [{ table: mainTable, mode: 'readwrite' }],
      secrets: ['whatsappAppSecret', 'piiHmacKey'],
    },
    rateLimit: 50,
    ...small,
  },
  {
    id: 'InboundSocial',
    method: 'POST',
    path: '/v1/inbound/social',
    entry: 'http/inbound-social.ts',
    auth: 'none',
    access: {
      tables: [{ table: mainTable, mode: 'readwrite' }],
      secrets: ['socialWebhookSecret', 'piiHmacKey'],
    },
    rateLimit: 50,
    ...small,
  },
  {
    id: 'DevInboundEmail',
    method: 'POST',
    path: '/v1/dev/inbound-email',
    entry: 'http/inbound-email-dev.ts',
    auth: 'jwt',
    // Local cloud only (404 elsewhere): stores a raw MIME message as SES would and
    // queues the same notification, so the consumer below runs as on AWS.
    access: { bucket: 'readwrite', sendsTo: ['inbound'] },
    rateLimit: 5,
    ...small,
  },
  ...(
    [
      ['StaffListInbox', 'GET', '/v1/staff/inbox'],
      ['StaffGetInboxMessage', 'GET', '/v1/staff/inbox/{messageId}'],
      ['StaffConvertInboxMessage', 'POST', '/v1/staff/inbox/{messageId}/convert'],
      ['StaffLinkInboxMessage', 'POST', '/v1/staff/inbox/{messageId}/link'],
      ['StaffReplyInboxMessage', 'POST', '/v1/staff/inbox/{messageId}/reply'],
      ['StaffDismissInboxMessage', 'POST', '/v1/staff/inbox/{messageId}/dismiss'],
    ] as const
  ).map(
    ([id, method, path]): HttpRouteDefinition => ({
      id,
      method,
      path,
      entry: 'http/staff-inbox.ts',
      auth: 'jwt',
      access:
        method === 'GET'
          ? mainRead
          : id === 'StaffConvertInboxMessage'
            ? // Files the case (idempotently) exactly as the staff intake does.
              {
                tables: [
                  { table: mainTable, mode: 'readwrite' },
                  { table: idempotencyTable, mode: 'readwrite' },
                ],
                secrets: ['piiHmacKey'],
              }
            : id === 'StaffReplyInboxMessage'
              ? { tables: [{ table: mainTable, mode: 'readwrite' }], sends: ['email', 'sms'] }
              : { tables: [{ table: mainTable, mode: 'readwrite' }] },
      rateLimit: method === 'GET' ? 50 : 20,
      ...small,
    }),
  ),
  // Incidents (docs/domain/incidents.md): declare, list, read, change and end; the
  // end queues the fan-out that answers every attached case.
  ...(
    [
      ['StaffListIncidents', 'GET', '/v1/staff/incidents'],
      ['StaffDeclareIncident', 'POST', '/v1/staff/incidents'],
      ['StaffGetIncident', 'GET', '/v1/staff/incidents/{incidentId}'],
      ['StaffUpdateIncident', 'PATCH', '/v1/staff/incidents/{incidentId}'],
      ['StaffEndIncident', 'POST', '/v1/staff/incidents/{incidentId}/end'],
    ] as const
  ).map(
    ([id, method, path]): HttpRouteDefinition => ({
      id,
      method,
      path,
      entry: 'http/staff-incidents.ts',
      auth: 'jwt',
      access:
        method === 'GET'
          ? mainRead
          : {
              tables: [{ table: mainTable, mode: 'readwrite' }],
              ...(id === 'StaffEndIncident' ? { sendsTo: ['incidents'] } : {}),
            },
      rateLimit: method === 'GET' ? 50 : 5,
      ...small,
    }),
  ),
  // The muhtar channel (docs/domain/muhtar-channel.md): the public status of the
  // muhtar's neighbourhood's cases.
  {
    id: 'StaffNeighbourhoodCases',
    method: 'GET',
    path: '/v1/staff/neighbourhood-cases',
    entry: 'http/staff-neighbourhood-cases.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
  // Analytics (docs/domain/analytics.md): the dashboard, the wall screen's "now" and the
  // choropleth, read from the aggregate rows in one module.
  ...(
    [
      ['StaffAnalyticsDashboard', '/v1/staff/analytics/dashboard'],
      ['StaffAnalyticsNow', '/v1/staff/analytics/now'],
      ['StaffAnalyticsChoropleth', '/v1/staff/analytics/choropleth'],
    ] as const
  ).map(
    ([id, path]): HttpRouteDefinition => ({
      id,
      method: 'GET',
      path,
      entry: 'http/staff-analytics.ts',
      auth: 'jwt',
      access: mainRead,
      // The wall screens poll "now" every 30 s each.
      rateLimit: id === 'StaffAnalyticsNow' ? 50 : 20,
      ...small,
    }),
  ),
  {
    // Recomputes a city's aggregates from its cases (a scan): the API's longest wait.
    id: 'AdminAnalyticsVerification',
    method: 'POST',
    path: '/v1/admin/analytics/verification',
    entry: 'http/admin-analytics-verification.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 1,
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  {
    id: 'StaffSatisfaction',
    method: 'GET',
    path: '/v1/staff/satisfaction',
    entry: 'http/staff-satisfaction.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  // Analytics map (docs/domain/maps.md): areas as GeoJSON and open cases in a box, one function.
  {
    id: 'StaffAnalyticsGeometry',
    method: 'GET',
    path: '/v1/staff/analytics/geometry',
    entry: 'http/staff-analytics-map.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 10,
    ...small,
  },
  {
    id: 'StaffAnalyticsOpenCases',
    method: 'GET',
    path: '/v1/staff/analytics/open-cases',
    entry: 'http/staff-analytics-map.ts',
    auth: 'jwt',
    access: mainRead,
    rateLimit: 20,
    ...small,
  },
];

export const streamConsumers: StreamConsumerDefinition[] = [
  {
    id: 'OutboxDispatcher',
    table: mainTable,
    entry: 'workers/dispatch-outbox.ts',
    batchSize: 100,
    maxRetryAttempts: 10,
    access: { sendsTo: ['routing', 'lifecycle', 'notifications', 'analytics', 'webhooks'] },
    memoryMb: 256,
    timeoutSeconds: 30,
  },
];

export const queueConsumers: QueueConsumerDefinition[] = [
  {
    id: 'RouteCase',
    queue: 'routing',
    entry: 'workers/route-case.ts',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 5,
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    memoryMb: 512,
    timeoutSeconds: 30,
  },
  {
    id: 'ResolveParentCase',
    queue: 'lifecycle',
    entry: 'workers/resolve-parent-case.ts',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    memoryMb: 512,
    timeoutSeconds: 30,
  },
  {
    id: 'DeliverWebhooks',
    queue: 'webhooks',
    entry: 'workers/deliver-webhooks.ts',
    // Attempts in a batch run side by side, each at most 5 s: 30 s covers a batch.
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 5,
    // Reads cases and subscriptions, writes the delivery log; queues one delivery per subscription.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], sendsTo: ['webhooks'] },
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  {
    id: 'NotifyCitizen',
    queue: 'notifications',
    entry: 'workers/notify-citizen.ts',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 5,
    // Delivery records and timeline entries; the PII key hashes recipients into dedupe keys.
    access: {
      tables: [{ table: mainTable, mode: 'readwrite' }],
      secrets: ['piiHmacKey'],
      sends: ['email', 'sms'],
    },
    memoryMb: 512,
    timeoutSeconds: 30,
  },
  {
    id: 'AggregateAnalytics',
    queue: 'analytics',
    entry: 'workers/aggregate-analytics.ts',
    // Every timeline event of the city arrives here; a batch's events run side by side,
    // each one transaction of its counter increments and its once-marker.
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    // Every event touches its scopes' gauge rows (the city's "now" row above all), so
    // more pollers mostly add transaction conflicts on them (docs/domain/analytics.md).
    maxConcurrency: 2,
    // Reads the case and its timeline; writes aggregate rows and markers.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }] },
    memoryMb: 512,
    timeoutSeconds: 30,
  },
  {
    id: 'IngestInboundEmail',
    queue: 'inbound',
    entry: 'workers/ingest-inbound-email.ts',
    // One raw message per record, parsed in memory (SES accepts at most 40 MB).
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    access: {
      tables: [{ table: mainTable, mode: 'readwrite' }],
      bucket: 'readwrite',
      secrets: ['piiHmacKey'],
    },
    memoryMb: 1024,
    timeoutSeconds: 60,
  },
  {
    id: 'IncidentFanOut',
    queue: 'incidents',
    entry: 'workers/incident-fan-out.ts',
    // A plan message pages 500 attached cases into 20 chunk messages; a chunk answers
    // 25 cases, one transaction each: well within the minute.
    batchSize: 2,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 5,
    // Resolving rewrites case items (their citizen-history key is an HMAC of the phone);
    // the plan step queues the chunks.
    access: {
      tables: [{ table: mainTable, mode: 'readwrite' }],
      secrets: ['piiHmacKey'],
      sendsTo: ['incidents'],
    },
    memoryMb: 512,
    timeoutSeconds: 60,
  },
];

export const schedules: ScheduleDefinition[] = [
  {
    id: 'SlaSweep',
    // The finest step of the escalation ladder is hours; five minutes is prompt enough.
    expression: 'rate(5 minutes)',
    entry: 'workers/sla-sweep.ts',
    // Saving a step rewrites the case item, whose citizen-history key is an HMAC.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    memoryMb: 512,
    timeoutSeconds: 120,
  },
  {
    id: 'RetentionSweep',
    // KVKK's deletion regulation asks for at least every six months; daily keeps each
    // case's personal data no longer than its period plus a day. RETENTION_DAYS
    // (default 730) sets the period.
    expression: 'rate(1 day)',
    entry: 'workers/retention-sweep.ts',
    // Anonymised cases carry no phone, so no HMAC key is needed to rewrite them.
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], bucket: 'readwrite-delete' },
    memoryMb: 512,
    timeoutSeconds: 300,
  },
  {
    id: 'VerifyAnalytics',
    // Weekly: a recomputation scans the city's cases; drift is rare and not urgent.
    expression: 'rate(7 days)',
    entry: 'workers/verify-analytics.ts',
    access: mainRead,
    memoryMb: 1024,
    timeoutSeconds: 900,
  },
  {
    id: 'SendSurveys',
    // The delay is counted in hours (default 24): a quarter of an hour late is on time.
    expression: 'rate(15 minutes)',
    entry: 'workers/send-surveys.ts',
    // Survey records, tokens, counters, timeline and the send-survey intent; the PII key
    // derives each survey's token hash (docs/domain/surveys.md).
    access: { tables: [{ table: mainTable, mode: 'readwrite' }], secrets: ['piiHmacKey'] },
    memoryMb: 512,
    timeoutSeconds: 120,
  },
];

export const attachmentsBucket = {
  id: 'AttachmentsBucket',
  nameSuffix: 'attachments',
  envVar: 'ATTACHMENTS_BUCKET_NAME',
};

export const userPool: UserPoolDefinition = {
  id: 'StaffUserPool',
  groups: [
    { name: 'agent', description: 'Call-centre and walk-in desk agent' },
    { name: 'coordinator', description: 'Metropolitan triage and routing (ŞKM), city-wide view' },
    { name: 'staff', description: "Works the unit's queue" },
    { name: 'supervisor', description: 'Unit supervisor (birim sorumlusu)' },
    { name: 'manager', description: 'Dashboards and performance' },
    { name: 'admin', description: 'Tenant settings' },
    { name: 'muhtar', description: 'Neighbourhood head: files and follows cases for a neighbourhood' },
    {
      name: 'platform',
      description: 'Platform operator, above tenants: onboards cities, tenants and their administrators',
    },
  ],
  immutableAttributes: ['tenant_id', 'neighbourhood'],
  adminManagedAttributes: ['department'],
  // Both administer: a tenant's users and keys, or every city's tenants and administrators.
  mfaRequiredGroups: ['admin', 'platform'],
  triggers: {
    preTokenGeneration: {
      id: 'EnforceAdminMfa',
      entry: 'triggers/enforce-admin-mfa.ts',
      // Cognito waits at most 5 s for a trigger before failing the sign-in.
      memoryMb: 256,
      timeoutSeconds: 5,
    },
  },
  passwordPolicy: {
    minLength: 12,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: false,
  },
};

/**
 * How functions learn the user pool. The portal fetches these at sign-in time
 * (GET /v1/public/auth-config): pool ids differ per environment and the portal is a
 * static build. USER_PASSWORD_AUTH locally (cognito-local has no SRP), SRP on AWS.
 */
export const identityEnvironment = {
  userPoolId: 'USER_POOL_ID',
  clientId: 'USER_POOL_CLIENT_ID',
  /** Only locally: browsers must reach cognito-local directly. */
  publicEndpoint: 'COGNITO_PUBLIC_ENDPOINT',
  authFlow: 'COGNITO_AUTH_FLOW',
} as const;

/**
 * How the notification worker finds its providers (functions/src/platform/notification-runtime.ts).
 * The local cloud sets the dev outbox for both channels; the CDK stack sets SES and
 * Netgsm or SNS (docs/domain/notifications.md). Values are names, never secrets: the
 * Netgsm credentials are a Secrets Manager secret named by `netgsmSecretId`.
 */
export const notificationEnvironment = {
  /** `dev-outbox`, `netgsm` or `sns`. */
  smsProvider: 'NOTIFY_SMS_PROVIDER',
  /** `dev-outbox` or `ses`. */
  emailProvider: 'NOTIFY_EMAIL_PROVIDER',
  /** SES: the verified sender, e.g. `Kent Masası <bildirim@balikesir.bel.tr>`. */
  emailFrom: 'NOTIFY_EMAIL_FROM',
  sesConfigurationSet: 'NOTIFY_SES_CONFIGURATION_SET',
  snsSenderId: 'NOTIFY_SNS_SENDER_ID',
  /** Secrets Manager name or ARN of `{"username","password","msgheader"}`. */
  netgsmSecretId: 'NETGSM_CREDENTIALS_SECRET_ID',
  netgsmBaseUrl: 'NETGSM_BASE_URL',
  netgsmIysFilter: 'NETGSM_IYS_FILTER',
  /** The public portal's origin, for track links in messages. */
  portalUrl: 'PUBLIC_PORTAL_URL',
} as const;

export const tables = [mainTable, idempotencyTable];

/** Environment variables common to every function, besides the per-table/queue/bucket names. */
export const commonEnvironment = {
  CITY_ID: 'balikesir',
  // Public intake: cases a day per citizen phone (create-public-case.ts); 0 lifts it.
  PUBLIC_CASES_PER_PHONE_PER_DAY: '10',
  POWERTOOLS_SERVICE_NAME: 'citydesk',
  NODE_OPTIONS: '--enable-source-maps',
};

/**
 * The Lambda function behind one or more HTTP routes. Routes served by the same
 * handler module share one function: its code can take any of those routes, so its
 * grant is their union (least privilege per module), and one function per module
 * keeps the deployment inside CloudFormation's 500-resources-per-stack limit.
 */
export interface HttpFunctionDefinition extends FunctionSizing {
  id: string;
  entry: string;
  access: FunctionAccess;
  routeIds: string[];
}

const BUCKET_LEVELS = ['read', 'readwrite', 'readwrite-delete'] as const;
const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined =>
  a || b ? [...new Set([...(a ?? []), ...(b ?? [])])] : undefined;

/** Everything either access grants. */
export function mergeAccess(a: FunctionAccess, b: FunctionAccess): FunctionAccess {
  const tables = new Map<string, { table: TableDefinition; mode: 'read' | 'readwrite' }>();
  for (const t of [...(a.tables ?? []), ...(b.tables ?? [])]) {
    const before = tables.get(t.table.envVar);
    tables.set(t.table.envVar, before?.mode === 'readwrite' ? before : t);
  }
  const bucket = [a.bucket, b.bucket]
    .filter((x) => x !== undefined)
    .sort((x, y) => BUCKET_LEVELS.indexOf(y) - BUCKET_LEVELS.indexOf(x))[0];
  const merged: FunctionAccess = {
    ...(tables.size ? { tables: [...tables.values()] } : {}),
    ...(bucket ? { bucket } : {}),
    ...(a.userPool || b.userPool ? { userPool: 'admin' as const } : {}),
    ...(a.deadLetters || b.deadLetters ? { deadLetters: 'manage' as const } : {}),
  };
  const sendsTo = union(a.sendsTo, b.sendsTo);
  const secretNames = union(a.secrets, b.secrets);
  const sends = union(a.sends, b.sends);
  return {
    ...merged,
    ...(sendsTo ? { sendsTo } : {}),
    ...(secretNames ? { secrets: secretNames } : {}),
    ...(sends ? { sends } : {}),
  };
}

/** `http/admin-tenant-settings.ts` → `AdminTenantSettings`. */
const functionIdOf = (entry: string) =>
  (entry.split('/').at(-1) ?? entry)
    .replace(/\.ts$/, '')
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

export const httpFunctions: HttpFunctionDefinition[] = [
  ...Map.groupBy(httpRoutes, (route) => route.entry).entries(),
].map(([entry, routes]) => ({
  id: functionIdOf(entry),
  entry,
  access: routes.map((r) => r.access).reduce(mergeAccess),
  memoryMb: Math.max(...routes.map((r) => r.memoryMb)),
  timeoutSeconds: Math.max(...routes.map((r) => r.timeoutSeconds)),
  routeIds: routes.map((r) => r.id),
}));

/**
 * Per-client-IP ceilings on the anonymous endpoints an abuser would hammer (filing,
 * tracking-number guessing, survey stuffing, Open311 posts), in requests per five
 * minutes: the WAF rate-based rules on AWS are built from this list, and the local
 * gateway can enforce the same numbers. A city's own call centre files through the
 * staff API, so these limits only meet citizens and integrations; mobile carriers'
 * shared (CGNAT) addresses are why they are not lower.
 */
export interface PublicRateLimit {
  id: string;
  method: HttpMethod;
  /** Matched against the start of the request path. */
  pathPrefix: string;
  requestsPer5Minutes: number;
}

export const publicRateLimits: readonly PublicRateLimit[] = [
  { id: 'PublicIntake', method: 'POST', pathPrefix: '/v1/public/cases', requestsPer5Minutes: 100 },
  { id: 'PublicTracking', method: 'GET', pathPrefix: '/v1/public/track/', requestsPer5Minutes: 300 },
  { id: 'PublicSurvey', method: 'POST', pathPrefix: '/v1/public/surveys/', requestsPer5Minutes: 60 },
  { id: 'Open311Post', method: 'POST', pathPrefix: '/open311/v2/', requestsPer5Minutes: 300 },
  // Each download reads a city's cases of up to 31 days: a few a minute is plenty for a person or a harvester.
  { id: 'PublicOpenData', method: 'GET', pathPrefix: '/v1/public/open-data/', requestsPer5Minutes: 30 },
];
