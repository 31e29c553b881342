import { createHash } from 'node:crypto';
import {
  IdempotencyKeyReusedError,
  InboxVersionConflictError,
  type OutgoingMessage,
  ProviderFailure,
} from '@citydesk/data';
import {
  type AssistedChannel,
  addComment,
  CitizenContact,
  ConvertInboxMessageRequest,
  type ConvertInboxMessageResponse,
  canTriageInbox,
  caseDescriptionOf,
  DismissInboxMessageRequest,
  formatTrackingNumber,
  type InboxCommand,
  InboxListQuery,
  type InboxMessage,
  inboxCommandAllowed,
  inboxMessageView,
  LinkInboxMessageRequest,
  measureSms,
  type Principal,
  ReplyInboxMessageRequest,
  StaffCaseSubmission,
  statusAfter,
  validationMessages,
} from '@citydesk/domain';
import * as z from 'zod';
import { audit, caseNotFound, loadReadableCase } from '#platform/case-access.ts';
import { fileCase } from '#platform/case-filing.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { type HttpRequest, httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { inboxRepository, offeredWorkTypeCodes } from '#platform/inbound-intake.ts';
import { lifecycleContext } from '#platform/lifecycle-runtime.ts';
import { providerFor } from '#platform/notification-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/*
 * The triage inbox of the city's unstructured channels (docs/domain/message-inbox.md),
 * for the metropolitan call centre's agents and coordinators:
 * - GET  /v1/staff/inbox?status=&channel=&limit=&cursor=
 * - GET  /v1/staff/inbox/{messageId}
 * - POST /v1/staff/inbox/{messageId}/convert  file a case from it (idempotent)
 * - POST /v1/staff/inbox/{messageId}/link     add it to an existing case's timeline
 * - POST /v1/staff/inbox/{messageId}/reply    answer on the same channel
 * - POST /v1/staff/inbox/{messageId}/dismiss  with a reason from a closed list
 * Every change is conditional on the version the agent saw. The sender is never shown
 * in clear: a conversion and a reply use the stored contact on the server.
 */

const MessageId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

const notFound = () =>
  new ProblemError('inbox-message-not-found', {
    tr: 'Bu mesaj yok ya da görme yetkiniz yok.',
    en: 'This message does not exist or you may not see it.',
  });

const handled = (m: InboxMessage) =>
  new ProblemError(
    'inbox-message-handled',
    {
      tr: 'Bu mesaj bu işlem için artık uygun değil (başka biri işlemiş olabilir).',
      en: 'This message no longer allows this step (someone may have handled it).',
    },
    [],
    { current: { version: m.version, status: m.status } },
  );

const stale = (m: InboxMessage) =>
  new ProblemError(
    'version-conflict',
    {
      tr: 'Mesaj siz bakarken değişti. Güncel hâlini yükleyip yeniden deneyin.',
      en: 'The message changed meanwhile. Reload it and try again.',
    },
    [],
    { current: { version: m.version, status: m.status } },
  );

function requireTriage(principal: Principal): void {
  if (!canTriageInbox(principal, principal.tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Gelen kutusu büyükşehir çağrı merkezinin temsilci ve koordinatörleri içindir.',
      en: "The inbox is for the metropolitan call centre's agents and coordinators.",
    });
  }
}

async function loadMessage(principal: Principal, req: HttpRequest): Promise<InboxMessage> {
  const id = validate(MessageId, req.event.pathParameters?.messageId);
  const m = await inboxRepository.get(id);
  // Another tenant's (or city's) message looks exactly like a missing one.
  if (!m || !canTriageInbox(principal, m.tenantId)) throw notFound();
  return m;
}

/** Checks the step is allowed now and the agent saw the current version. */
function checkStep(m: InboxMessage, command: InboxCommand, version: number): void {
  if (!inboxCommandAllowed(command, m.status)) throw handled(m);
  if (m.version !== version) throw stale(m);
}

function advance(
  m: InboxMessage,
  command: InboxCommand,
  by: string,
  patch: Partial<InboxMessage>,
): InboxMessage {
  return {
    ...m,
    ...patch,
    status: statusAfter(command, m.status),
    version: m.version + 1,
    updatedAt: new Date().toISOString(),
    updatedBy: by,
  };
}

async function save(next: InboxMessage, expected: number): Promise<InboxMessage> {
  try {
    return await inboxRepository.replace(next, expected);
  } catch (err) {
    if (err instanceof InboxVersionConflictError && err.current) throw stale(err.current);
    throw err;
  }
}

/** The citizen's contact for the case, from what the provider told us: kept only if it validates. */
function contactOf(m: InboxMessage) {
  const { phone, email, name } = m.sender;
  const preference = {
    channel: phone ? 'sms' : email ? 'email' : 'none',
    granularity: 'every_stage',
    language: 'tr',
  } as const;
  const withName = CitizenContact.safeParse({
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    preference,
  });
  if (withName.success) return withName.data;
  // A WhatsApp profile name may be an emoji or a single letter: file without it.
  const without = CitizenContact.safeParse({
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    preference,
  });
  return without.success ? without.data : undefined;
}

/** Comment ids are UUIDs: one derived from the message, so linking twice comments once. */
const uuidFrom = (seed: string) => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** How far apart a text and the location shared for it may be. */
const LOCATION_WINDOW_MS = 2 * 3600 * 1000;

/**
 * The location the same sender shared in a message of its own (WhatsApp sends a
 * location as a separate message), the closest in time within two hours.
 */
async function sharedLocationNear(m: InboxMessage): Promise<InboxMessage['location']> {
  if (!m.senderHash) return undefined;
  const at = Date.parse(m.receivedAt);
  const nearby = await inboxRepository.fromSender(
    m.tenantId,
    m.senderHash,
    new Date(at - LOCATION_WINDOW_MS).toISOString(),
    new Date(at + LOCATION_WINDOW_MS).toISOString(),
  );
  return nearby
    .filter((n) => n.id !== m.id && n.location)
    .sort((a, b) => Math.abs(Date.parse(a.receivedAt) - at) - Math.abs(Date.parse(b.receivedAt) - at))[0]
    ?.location;
}

async function convert(req: HttpRequest, principal: Principal) {
  const body = parseJsonBody(req, ConvertInboxMessageRequest);
  const m = await loadMessage(principal, req);
  // The second click (or a retry) answers with the case the first one filed.
  if (m.status === 'converted' && m.caseId && m.trackingNo) {
    const response: ConvertInboxMessageResponse = {
      message: inboxMessageView(m),
      caseId: m.caseId,
      trackingNo: m.trackingNo,
    };
    return json(200, response, req.lang, { 'idempotent-replayed': 'true' });
  }
  checkStep(m, 'convert', body.version);
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  if (!offeredWorkTypeCodes(runtime).has(body.workTypeCode)) {
    throw new ProblemError('business-rule-violated', undefined, [
      { path: 'workTypeCode', message: validationMessages['work-type.unknown'] },
    ]);
  }
  const contact = contactOf(m);
  const location = m.location ?? (await sharedLocationNear(m));
  const address = (location?.address ?? location?.name)?.trim().slice(0, 300);
  const submission = validate(StaffCaseSubmission, {
    workTypeCode: body.workTypeCode,
    description: body.description ?? caseDescriptionOf(m),
    channel: m.channel satisfies AssistedChannel,
    ...(location
      ? {
          location: {
            lat: location.lat,
            lon: location.lon,
            ...(address && address.length >= 3 ? { address } : {}),
          },
        }
      : {}),
    ...(contact ? { contact } : {}),
    // The citizen wrote to the municipality on their own; the channel's published
    // KVKK notice covers processing the message (docs/domain/message-inbox.md).
    consent: { accepted: true, noticeVersion: 'inbound-message' },
  });
  let filed: Awaited<ReturnType<typeof fileCase>>;
  try {
    filed = await fileCase({
      runtime,
      submission,
      actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
      operation: 'convert-inbox-message',
      // One case per message, whoever clicks and however often.
      idempotencyKey: `inbox-${m.id}`,
      // The message is the citizen's own account; the questions were never asked.
      requireAnswers: false,
    });
  } catch (err) {
    // A colleague converted it at the same moment with another work type.
    if (err instanceof ProblemError && err.code === 'idempotency-key-reused') {
      throw handled((await inboxRepository.get(m.id)) ?? m);
    }
    if (err instanceof IdempotencyKeyReusedError) throw handled(m);
    throw err;
  }
  const c = filed.case;
  const trackingNo = formatTrackingNumber(c.trackingNo);
  let saved: InboxMessage;
  try {
    saved = await inboxRepository.replace(
      advance(m, 'convert', principal.userId, { caseId: c.id, trackingNo }),
      m.version,
    );
  } catch (err) {
    // The same conversion recorded by a concurrent click: the same case either way.
    if (err instanceof InboxVersionConflictError && err.current?.caseId === c.id) saved = err.current;
    else if (err instanceof InboxVersionConflictError && err.current) throw stale(err.current);
    else throw err;
  }
  await audit(req, principal, {
    action: 'inbox.convert',
    caseId: c.id,
    details: { messageId: m.id, channel: m.channel, workTypeCode: body.workTypeCode },
  });
  const response: ConvertInboxMessageResponse = {
    message: inboxMessageView(saved),
    caseId: c.id,
    trackingNo,
  };
  return json(filed.replayed ? 200 : 201, response, req.lang);
}

async function link(req: HttpRequest, principal: Principal) {
  const body = parseJsonBody(req, LinkInboxMessageRequest);
  const m = await loadMessage(principal, req);
  checkStep(m, 'link', body.version);
  const caseId = await caseRepository.findCaseIdByTrackingNo(body.trackingNo);
  if (!caseId) throw caseNotFound();
  const { case: c, facts } = await loadReadableCase(principal, caseId);
  const channelName = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'E-posta', social_media: 'Sosyal medya' }[
    m.channel
  ];
  const text = [
    `${channelName} mesajı (${m.receivedAt.slice(0, 16).replace('T', ' ')} UTC):`,
    m.subject,
    m.text,
  ]
    .filter(Boolean)
    .join('\n')
    .slice(0, 4000);
  const outcome = addComment(
    c,
    { text, visibility: 'internal', commentId: uuidFrom(`inbox#${m.id}`) },
    await lifecycleContext(principal, facts, c),
  );
  if (!outcome.ok) {
    throw new ProblemError('forbidden', {
      tr: 'Bu başvuruya mesaj ekleme yetkiniz yok.',
      en: 'You may not add a message to this case.',
    });
  }
  await caseRepository.appendOnce(c.id, `INBOX#${m.id}`, outcome.events, outcome.intents);
  const saved = await save(
    advance(m, 'link', principal.userId, { caseId: c.id, trackingNo: formatTrackingNumber(c.trackingNo) }),
    m.version,
  );
  await audit(req, principal, {
    action: 'inbox.link',
    caseId: c.id,
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    details: { messageId: m.id, channel: m.channel },
  });
  return json(200, inboxMessageView(saved), req.lang);
}

async function reply(req: HttpRequest, principal: Principal) {
  const body = parseJsonBody(req, ReplyInboxMessageRequest);
  const m = await loadMessage(principal, req);
  if (m.replies.some((r) => r.id === body.replyId)) return json(200, inboxMessageView(m), req.lang);
  checkStep(m, 'reply', body.version);
  // WhatsApp has no sending provider yet: its replies go to the same number as SMS.
  const deliveredAs =
    m.channel === 'email'
      ? m.sender.email
        ? 'email'
        : undefined
      : m.channel !== 'social_media' && m.sender.phone
        ? 'sms'
        : undefined;
  const to = deliveredAs === 'email' ? m.sender.email : deliveredAs === 'sms' ? m.sender.phone : undefined;
  if (!deliveredAs || !to) {
    throw new ProblemError('business-rule-violated', {
      tr: 'Bu mesaja aynı kanaldan yanıt verilemez (sosyal medya ya da iletişim bilgisi yok); yanıtı platformun kendisinden verin.',
      en: 'This message cannot be answered on its channel (social media, or no contact); answer on the platform itself.',
    });
  }
  const outgoing: OutgoingMessage = {
    dedupeKey: `inbox-reply#${m.id}#${body.replyId}`,
    channel: deliveredAs,
    to,
    language: 'tr',
    ...(deliveredAs === 'email'
      ? { subject: m.subject ? `Ynt: ${m.subject}`.slice(0, 200) : 'Kent Masası yanıtı' }
      : { sms: (({ encoding, segments }) => ({ encoding, segments }))(measureSms(body.text)) }),
    text: body.text,
    caseId: m.caseId ?? '',
    trackingNo: m.trackingNo?.replaceAll('-', '') ?? '',
    eventId: body.replyId,
    // Not a step of a case: an answer written by a staff member.
    event: 'staff',
    tenantId: m.tenantId,
  };
  const provider = providerFor(deliveredAs);
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await provider.send(outgoing));
  } catch (err) {
    if (err instanceof ProviderFailure) {
      throw new ProblemError('service-unavailable', {
        tr: `Yanıt gönderilemedi (${err.code}).`,
        en: `The reply could not be sent (${err.code}).`,
      });
    }
    throw err;
  }
  const at = new Date().toISOString();
  const saved = await save(
    advance(m, 'reply', principal.userId, {
      replies: [
        ...m.replies,
        {
          id: body.replyId,
          at,
          by: principal.userId,
          text: body.text,
          deliveredAs,
          provider: provider.name,
          providerMessageId,
        },
      ],
    }),
    m.version,
  );
  await audit(req, principal, {
    action: 'inbox.reply',
    ...(m.caseId ? { caseId: m.caseId } : {}),
    details: { messageId: m.id, channel: m.channel, deliveredAs },
  });
  return json(200, inboxMessageView(saved), req.lang);
}

async function dismiss(req: HttpRequest, principal: Principal) {
  const body = parseJsonBody(req, DismissInboxMessageRequest);
  const m = await loadMessage(principal, req);
  checkStep(m, 'dismiss', body.version);
  const saved = await save(
    advance(m, 'dismiss', principal.userId, {
      dismissal: { reason: body.reason, ...(body.note ? { note: body.note } : {}) },
    }),
    m.version,
  );
  await audit(req, principal, {
    action: 'inbox.dismiss',
    details: { messageId: m.id, channel: m.channel, reason: body.reason },
  });
  return json(200, inboxMessageView(saved), req.lang);
}

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  requireTriage(principal);
  switch (req.event.routeKey) {
    case 'GET /v1/staff/inbox': {
      const query = validate(InboxListQuery, req.event.queryStringParameters ?? {});
      const page = await inboxRepository.list({
        tenantId: principal.tenantId,
        status: query.status,
        ...(query.channel ? { channel: query.channel } : {}),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return json(
        200,
        {
          items: page.items.map(inboxMessageView),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        },
        req.lang,
      );
    }
    case 'GET /v1/staff/inbox/{messageId}': {
      const m = await loadMessage(principal, req);
      const shared =
        !m.location && inboxCommandAllowed('convert', m.status) ? await sharedLocationNear(m) : undefined;
      return json(200, { ...inboxMessageView(m), ...(shared ? { sharedLocation: shared } : {}) }, req.lang);
    }
    case 'POST /v1/staff/inbox/{messageId}/convert':
      return convert(req, principal);
    case 'POST /v1/staff/inbox/{messageId}/link':
      return link(req, principal);
    case 'POST /v1/staff/inbox/{messageId}/reply':
      return reply(req, principal);
    case 'POST /v1/staff/inbox/{messageId}/dismiss':
      return dismiss(req, principal);
    default:
      throw new ProblemError('route-not-found');
  }
});
