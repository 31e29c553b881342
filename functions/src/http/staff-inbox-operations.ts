import {
  ConvertInboxMessageRequest,
  ConvertInboxMessageResponse,
  DismissInboxMessageRequest,
  InboxChannel,
  InboxListResponse,
  InboxMessageView,
  InboxStatus,
  LinkInboxMessageRequest,
  ProblemDetails,
  ReplyInboxMessageRequest,
  SocialMentionPayload,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of the message inbox (docs/domain/message-inbox.md): the
 * providers' inbound webhooks (inbound-*.ts), the local delivery of a raw e-mail, and
 * the triage API (staff-inbox.ts). Merged into apiOperations.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const tags = ['inbox'];
const messageParam = {
  path: z.object({ messageId: z.string().meta({ description: 'The inbox message id' }) }),
};
const hubSignature = z.string().meta({
  description: '`sha256=<hex>`: HMAC-SHA256 of the raw body with the shared secret',
  example: 'sha256=…',
});
const view = {
  description: 'The message after the step',
  content: { 'application/json': { schema: InboxMessageView } },
};
const stepErrors = {
  '400': problem('Invalid body'),
  '403': problem('Not an agent or coordinator of the metropolitan municipality'),
  '404': problem('No such message (or another organisation’s)'),
  '409': problem(
    'The message changed meanwhile (`version-conflict`) or no longer allows the step (`inbox-message-handled`); `current` holds its version and status',
  ),
};

export const inboxOperations: Record<string, ZodOpenApiOperationObject> = {
  InboundSms: {
    operationId: 'receiveInboundSms',
    summary: 'SMS provider inbound webhook (Netgsm form fields or JSON), one message per call',
    tags: ['inbound'],
    requestParams: {
      header: z.object({
        'x-inbound-token': z.string().optional().meta({ description: 'The shared token' }),
      }),
      query: z.object({
        token: z.string().optional().meta({ description: 'The shared token, where only the URL can be set' }),
      }),
    },
    requestBody: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': {
          schema: z.object({
            msgid: z.string(),
            gsmno: z.string(),
            msg: z.string(),
            date: z.string().optional(),
          }),
        },
        'application/json': {
          schema: z.object({
            id: z.string(),
            from: z.string(),
            text: z.string(),
            receivedAt: z.string().optional(),
          }),
        },
      },
    },
    responses: {
      '201': {
        description: 'Stored',
        content: { 'application/json': { schema: z.object({ id: z.string(), duplicate: z.boolean() }) } },
      },
      '200': {
        description: 'Already stored (a redelivery)',
        content: { 'application/json': { schema: z.object({ id: z.string(), duplicate: z.boolean() }) } },
      },
      '400': problem('A required field is missing'),
      '403': problem('Wrong or missing token'),
    },
  },
  InboundWhatsAppVerify: {
    operationId: 'verifyWhatsAppWebhook',
    summary: 'WhatsApp Cloud API webhook verification: echoes hub.challenge for the configured verify token',
    tags: ['inbound'],
    requestParams: {
      query: z.object({
        'hub.mode': z.literal('subscribe'),
        'hub.verify_token': z.string(),
        'hub.challenge': z.string(),
      }),
    },
    responses: {
      '200': {
        description: 'The challenge, as text/plain',
        content: { 'text/plain': { schema: z.string() } },
      },
      '403': problem('Wrong mode or verify token'),
    },
  },
  InboundWhatsApp: {
    operationId: 'receiveWhatsAppWebhook',
    summary: 'WhatsApp Cloud API message notifications (text, image, location; statuses ignored)',
    tags: ['inbound'],
    requestParams: { header: z.object({ 'x-hub-signature-256': hubSignature }) },
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ object: z.literal('whatsapp_business_account'), entry: z.array(z.object({}).loose()) })
            .loose(),
        },
      },
    },
    responses: {
      '200': {
        description: 'Messages received, stored and already stored (redeliveries)',
        content: {
          'application/json': {
            schema: z.object({
              received: z.number().int(),
              stored: z.number().int(),
              duplicates: z.number().int(),
            }),
          },
        },
      },
      '403': problem('Bad or missing signature'),
    },
  },
  InboundSocial: {
    operationId: 'receiveSocialMention',
    summary: "A social-media mention; kept only if it carries one of the metro's tags or keywords",
    tags: ['inbound'],
    requestParams: { header: z.object({ 'x-hub-signature-256': hubSignature }) },
    requestBody: { required: true, content: { 'application/json': { schema: SocialMentionPayload } } },
    responses: {
      '201': {
        description: 'Stored',
        content: {
          'application/json': {
            schema: z.object({
              stored: z.literal(true),
              id: z.string(),
              duplicate: z.boolean(),
              matched: z.array(z.string()),
            }),
          },
        },
      },
      '200': {
        description: 'Already stored, or dropped with a reason (counted per day)',
        content: {
          'application/json': {
            schema: z.object({
              stored: z.boolean(),
              dropped: z.string().optional(),
              id: z.string().optional(),
            }),
          },
        },
      },
      '400': problem('Not a mention'),
      '403': problem('Bad or missing signature'),
    },
  },
  DevInboundEmail: {
    operationId: 'deliverDevInboundEmail',
    summary: 'Local cloud only: store a raw e-mail as SES would and queue its notification (404 elsewhere)',
    tags: ['dev'],
    security,
    requestBody: { required: true, content: { 'message/rfc822': { schema: z.string() } } },
    responses: {
      '202': {
        description: 'Stored and queued',
        content: { 'application/json': { schema: z.object({ objectKey: z.string() }) } },
      },
      '403': problem('Not an inbox user'),
      '404': problem('Not the local cloud'),
      '415': problem('Not message/rfc822'),
    },
  },
  StaffListInbox: {
    operationId: 'listInbox',
    summary: "The city's triage inbox, newest first, by status and channel (senders masked)",
    tags,
    security,
    requestParams: {
      query: z.object({
        status: InboxStatus.optional().meta({ description: 'Default new' }),
        channel: InboxChannel.optional(),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional().meta({ description: 'nextCursor of the previous page' }),
      }),
    },
    responses: {
      '200': {
        description: 'A page of messages',
        content: { 'application/json': { schema: InboxListResponse } },
      },
      '400': problem('Invalid filter or cursor'),
      '403': problem('Not an agent or coordinator of the metropolitan municipality'),
    },
  },
  StaffGetInboxMessage: {
    operationId: 'getInboxMessage',
    summary: 'One inbox message',
    tags,
    security,
    requestParams: messageParam,
    responses: {
      '200': { description: 'The message', content: { 'application/json': { schema: InboxMessageView } } },
      ...stepErrors,
    },
  },
  StaffConvertInboxMessage: {
    operationId: 'convertInboxMessage',
    summary:
      'File a case from the message (description, channel, contact and shared location prefilled); a repeat returns the same case',
    tags,
    security,
    requestParams: messageParam,
    requestBody: { required: true, content: { 'application/json': { schema: ConvertInboxMessageRequest } } },
    responses: {
      '201': {
        description: 'Filed',
        content: { 'application/json': { schema: ConvertInboxMessageResponse } },
      },
      '200': {
        description: 'Already converted: the same case',
        content: { 'application/json': { schema: ConvertInboxMessageResponse } },
      },
      '422': problem("The work type's rules are not met (e.g. it needs a location)"),
      ...stepErrors,
    },
  },
  StaffLinkInboxMessage: {
    operationId: 'linkInboxMessage',
    summary: "Add the message to an existing case's timeline (internal comment)",
    tags,
    security,
    requestParams: messageParam,
    requestBody: { required: true, content: { 'application/json': { schema: LinkInboxMessageRequest } } },
    responses: { '200': view, ...stepErrors },
  },
  StaffReplyInboxMessage: {
    operationId: 'replyInboxMessage',
    summary: 'Answer the sender (SMS for SMS and WhatsApp, e-mail for e-mail); once per replyId',
    tags,
    security,
    requestParams: messageParam,
    requestBody: { required: true, content: { 'application/json': { schema: ReplyInboxMessageRequest } } },
    responses: {
      '200': view,
      '422': problem('No channel to answer on (social media, or no contact)'),
      '503': problem('The provider refused the message'),
      ...stepErrors,
    },
  },
  StaffDismissInboxMessage: {
    operationId: 'dismissInboxMessage',
    summary: 'Dismiss the message with a reason from the closed list and an optional note',
    tags,
    security,
    requestParams: messageParam,
    requestBody: { required: true, content: { 'application/json': { schema: DismissInboxMessageRequest } } },
    responses: { '200': view, ...stepErrors },
  },
};
