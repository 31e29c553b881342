import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import {
  createSqsClient,
  DeliveryClaimLostError,
  newId,
  type OutgoingMessage,
  ProviderFailure,
  requireEnv,
} from '@citydesk/data';
import {
  type Case,
  type CaseEvent,
  type DeliveryRecord,
  decideNotification,
  deliveryDedupeKey,
  formatTrackingNumber,
  type Language,
  maskEmail,
  maskPhone,
  type NotificationDecision,
  type NotificationEvent,
  OutboxIntent,
  planDelivery,
  planSubscriberNotices,
  renderTemplate,
  resolveTemplate,
  retryDelaySeconds,
  SmsTooLongError,
  TemplateRenderError,
  type TemplateValues,
} from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { caseRepository } from '#platform/case-runtime.ts';
import { caseCityRuntime } from '#platform/city-runtime.ts';
import { logger } from '#platform/logger.ts';
import { businessMetrics, countMetric } from '#platform/metrics.ts';
import {
  caseSubscriberRepository,
  deliveryRepository,
  hashRecipient,
  portalUrl,
  providerFor,
} from '#platform/notification-runtime.ts';
import { templatesFor } from '#platform/notification-templates.ts';
import { surveyLink, surveyRepository } from '#platform/survey-runtime.ts';
import { queueWorker, recordFailure } from '#platform/worker-handler.ts';
import { queueConsumers, queues } from '../manifest.ts';
import { notifyMuhtar } from './notify-muhtar.ts';
import { isStaffIntent, notifyStaff } from './notify-staff.ts';

/*
 * The notifications queue's consumer: tells citizens about their cases. For each
 * `notify-citizen` intent it loads the case and the step's event, decides from the
 * citizen's preferences and the law whether and how (notification-decision.ts),
 * renders the tenant's template and sends through the channel's provider, exactly
 * once per (case, event, recipient, channel): see notification-delivery.ts for the
 * delivery record's states and the crash window. Staff see every outcome on the case
 * timeline (internal `notification_sent` / `notification_failed` events).
 *
 * Retries: a retryable provider failure reports the message as failed and delays its
 * next receive exponentially (ChangeMessageVisibility: 30 s, 60 s, 120 s…); after the
 * queue's maxReceiveCount the last attempt records the failure and the message moves
 * to the DLQ, where an alarm can see it.
 */

const QUEUE = queues.notifications;
const CONSUMER = queueConsumers.find((c) => c.queue === 'notifications');
/** A claim older than twice the function's timeout belongs to a worker that is gone. */
const STALE_AFTER_MS = 2 * (CONSUMER?.timeoutSeconds ?? 30) * 1000;
const SYSTEM_ACTOR = { kind: 'system', id: 'notifications' } as const;

const sqs = createSqsClient();
const queueUrl = requireEnv(QUEUE.envVar);
/**
 * First retry delay of a refused send, doubled per receive (30 s, 60 s, 120 s…). The
 * fault suite shortens it (NOTIFICATION_RETRY_BASE_SECONDS) so that a run's retries
 * end in seconds; deployed stacks leave it unset.
 */
const RETRY_BASE_SECONDS = Math.max(1, Number(process.env.NOTIFICATION_RETRY_BASE_SECONDS) || 30);

/** What happened to one intent (logged; the integration tests read the outbox and timeline instead). */
export type NotifyOutcome =
  | 'sent'
  | 'skipped'
  | 'already-done'
  | 'in-flight'
  | 'retry'
  | 'failed'
  | 'unknown'
  | 'lost-race';

/** Thrown to have SQS deliver the message again after `delaySeconds`. */
class RetryLater extends Error {
  override name = 'RetryLater';
  constructor(
    readonly delaySeconds: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Provider messages can quote the address they refused: keep addresses out of records and logs. */
function scrub(message: string): string {
  return message
    .replaceAll(/[^\s<>"']+@[^\s<>"']+/g, '[e-mail]')
    .replaceAll(/\+?\d[\d\s()-]{7,}\d/g, '[number]')
    .slice(0, 500);
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The values a template may use, for this case, event and language. */
async function templateValues(
  c: Case,
  event: CaseEvent,
  language: Language,
  step: NotificationEvent,
): Promise<TemplateValues> {
  const city = await caseCityRuntime(c);
  const workType = city.workTypesByCode.get(c.workTypeCode);
  const tenant = city.tenantsById.get(c.ownerTenantId ?? city.metroTenantId);
  const base = portalUrl();
  const values: TemplateValues = { trackingNo: formatTrackingNumber(c.trackingNo) };
  if (workType) values.workType = workType.name[language];
  if (tenant) values.organisation = tenant.name;
  if (base) values.trackLink = `${base}${language === 'en' ? '/en' : ''}/takip?no=${c.trackingNo}`;
  // The answer as the step recorded it: a later correction has its own event and message.
  const answer = text(event.data?.publicAnswer) ?? (c.result ? text(c.result.publicAnswer) : undefined);
  if (answer) values.publicAnswer = answer;
  // The survey's link is derived from its record when it is sent: no item holds it.
  if (step === 'survey') {
    const link = await surveyLink(await surveyRepository.getRecord(c.id), language);
    if (link) values.surveyLink = link;
  }
  return values;
}

/** Appends an internal timeline entry about a notification, once per key. */
async function recordOnTimeline(
  c: Case,
  onceKey: string,
  type: 'notification_sent' | 'notification_failed',
  data: Record<string, unknown>,
): Promise<void> {
  const event: CaseEvent = {
    caseId: c.id,
    eventId: newId(),
    at: new Date().toISOString(),
    type,
    actor: SYSTEM_ACTOR,
    visibility: 'internal',
    status: c.status,
    ...(c.ownerTenantId ? { tenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
    data,
  };
  await caseRepository.appendOnce(c.id, `${type}#${onceKey}`, [event], []);
}

/** Staff see which step, which channel and why; never the address (the case has it). */
function timelineData(
  step: NotificationEvent,
  notifiedEventId: string,
  decision: Extract<NotificationDecision, { send: true }>,
  record: DeliveryRecord | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    step,
    notifiedEventId,
    channel: decision.channel,
    language: decision.language,
    legallyRequired: decision.legallyRequired,
    ...(record ? { provider: record.provider, attempts: record.attempts } : {}),
    ...(record?.segments !== undefined ? { segments: record.segments } : {}),
    ...extra,
  };
}

/** What to tell a citizen: a step of their case, or its survey (`send-survey`, step `survey`). */
export interface CitizenNotice {
  caseId: string;
  eventId: string;
  step: NotificationEvent;
}

/** Tells the citizen about one step of their case. */
export async function notifyCitizen(intent: CitizenNotice, receiveCount: number): Promise<NotifyOutcome> {
  const found = await caseRepository.getCaseWithTimeline(intent.caseId);
  if (!found) throw new Error(`case ${intent.caseId} not found`);
  const c = found.case;
  const event = found.events.find((e) => e.eventId === intent.eventId);
  if (!event) throw new Error(`case ${intent.caseId} has no event ${intent.eventId}`);
  const step = intent.step;
  if (step === 'survey' && (await surveyRepository.getRecord(c.id))?.state !== 'sent') {
    // Answered by phone before the message went out: nothing left to ask.
    logger.info('survey not sent: no open survey', { caseId: c.id });
    return 'skipped';
  }
  const decision = decideNotification(c, {
    event: step,
    atFirstContact: event.data?.atFirstContact === true,
    corrected: event.data?.corrected === true,
  });
  if (!decision.send) {
    if (decision.reason === 'legal-notice-undeliverable') {
      // The law requires an answer we cannot deliver: staff must answer another way.
      await recordOnTimeline(c, `${intent.eventId}#legal`, 'notification_failed', {
        step,
        notifiedEventId: intent.eventId,
        legallyRequired: true,
        ...(decision.legalClock ? { legalClock: decision.legalClock } : {}),
        failure: 'legal-notice-undeliverable',
      });
    }
    logger.info('citizen notification not sent', { caseId: c.id, step, reason: decision.reason });
  }
  const outcome = decision.send ? await deliver(c, event, intent, decision, receiveCount) : 'skipped';
  await notifySubscribers(c, event, intent, decision, receiveCount);
  return outcome;
}

/**
 * Citizens whose reports were closed as duplicates of this case hear about its steps
 * too, each by their own preference, once per person and address (case-subscribers.ts).
 * Each has their own delivery record (the dedupe key holds the recipient), so a
 * redelivered message tells nobody twice.
 */
async function notifySubscribers(
  c: Case,
  event: CaseEvent,
  intent: CitizenNotice,
  own: NotificationDecision,
  receiveCount: number,
): Promise<void> {
  // A step taken before someone subscribed is not news to them: their own case's closure told them where it stood.
  const subscriptions = (await caseSubscriberRepository.list(c.id)).filter((s) => s.subscribedAt <= event.at);
  if (subscriptions.length === 0) return;
  const subscribers = (
    await Promise.all(subscriptions.map((s) => caseRepository.getCase(s.subscriberCaseId)))
  ).filter((s): s is Case => s !== undefined);
  const notices = planSubscriberNotices(
    {
      event: intent.step,
      atFirstContact: event.data?.atFirstContact === true,
      corrected: event.data?.corrected === true,
    },
    subscribers,
    own.send ? [{ channel: own.channel, recipient: own.recipient }] : [],
  );
  for (const notice of notices) {
    if (!notice.send) {
      logger.info('subscriber not notified', { caseId: c.id, step: intent.step, reason: notice.reason });
      continue;
    }
    const decision: Extract<NotificationDecision, { send: true }> = {
      send: true,
      channel: notice.channel,
      recipient: notice.recipient,
      language: notice.language,
      legallyRequired: false,
    };
    const outcome = await deliver(c, event, intent, decision, receiveCount, notice.subscriberCaseId);
    logger.info('subscriber notification', { caseId: c.id, step: intent.step, outcome });
  }
}

/** Sends one decided message about a step of `c`, exactly once per (event, channel, recipient). */
async function deliver(
  c: Case,
  event: CaseEvent,
  intent: CitizenNotice,
  decision: Extract<NotificationDecision, { send: true }>,
  receiveCount: number,
  /** Set when the recipient is a subscriber (a linked duplicate's citizen), not the case's own. */
  subscriberCaseId?: string,
): Promise<NotifyOutcome> {
  const step = intent.step;
  const provider = providerFor(decision.channel);
  const dedupeKey = deliveryDedupeKey({
    caseId: c.id,
    eventId: intent.eventId,
    channel: decision.channel,
    recipientHash: await hashRecipient(decision.recipient),
  });
  const now = () => new Date();
  const existing = await deliveryRepository.get(c.id, dedupeKey);
  const plan = planDelivery(existing, {
    now: now(),
    staleAfterMs: STALE_AFTER_MS,
    providerIdempotent: provider.idempotent,
  });
  const onceKey = `${intent.eventId}#${decision.channel}${subscriberCaseId ? `#sub#${subscriberCaseId}` : ''}`;
  const about = subscriberCaseId ? { subscriberCaseId } : {};
  switch (plan.action) {
    case 'done':
      return 'already-done';
    case 'in-flight':
      // The other holder may die before finishing: look again once its claim is stale.
      throw new RetryLater(Math.ceil(STALE_AFTER_MS / 1000), 'delivery in flight elsewhere');
    case 'give-up-unknown': {
      if (!existing) return 'already-done';
      const unknown = await deliveryRepository.update(
        existing,
        'unknown',
        { lastError: 'worker stopped during the provider call; not resent to avoid a duplicate' },
        now(),
      );
      await recordOnTimeline(
        c,
        onceKey,
        'notification_failed',
        timelineData(step, intent.eventId, decision, unknown, { ...about, failure: 'outcome-unknown' }),
      );
      return 'unknown';
    }
    case 'send':
      break;
  }

  // Claim: only one holder of this dedupe key gets past here.
  const at = now().toISOString();
  let record: DeliveryRecord;
  try {
    record = await deliveryRepository.transition(existing, {
      dedupeKey,
      caseId: c.id,
      eventId: intent.eventId,
      event: step,
      channel: decision.channel,
      language: decision.language,
      provider: provider.name,
      recipientMasked:
        decision.channel === 'email' ? maskEmail(decision.recipient) : maskPhone(decision.recipient),
      legallyRequired: decision.legallyRequired,
      status: 'claimed',
      attempts: (existing?.attempts ?? 0) + 1,
      version: (existing?.version ?? 0) + 1,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    });
  } catch (err) {
    if (err instanceof DeliveryClaimLostError) return 'lost-race';
    throw err;
  }

  // Render: a template that cannot be filled never goes out half-rendered.
  let message: OutgoingMessage;
  try {
    const tenantId = c.ownerTenantId;
    const language = decision.language;
    const templateChannel = decision.channel === 'email' ? 'email' : 'sms';
    const template = resolveTemplate(await templatesFor(tenantId), tenantId, step, templateChannel, language);
    const rendered = renderTemplate(template, await templateValues(c, event, language, step));
    const city = await caseCityRuntime(c);
    message = {
      dedupeKey,
      channel: decision.channel,
      to: decision.recipient,
      language,
      text: rendered.text,
      ...(rendered.subject !== undefined ? { subject: rendered.subject } : {}),
      ...(rendered.html !== undefined ? { html: rendered.html } : {}),
      ...(rendered.sms ? { sms: { encoding: rendered.sms.encoding, segments: rendered.sms.segments } } : {}),
      caseId: c.id,
      trackingNo: c.trackingNo,
      eventId: intent.eventId,
      event: step,
      tenantId: c.ownerTenantId ?? city.metroTenantId,
    };
  } catch (err) {
    if (!(err instanceof TemplateRenderError || err instanceof SmsTooLongError)) throw err;
    const failed = await deliveryRepository.update(
      record,
      'failed',
      { lastError: scrub(err.message) },
      now(),
    );
    await recordOnTimeline(
      c,
      onceKey,
      'notification_failed',
      timelineData(step, intent.eventId, decision, failed, {
        ...about,
        failure: 'render-failed',
        detail: err.message,
      }),
    );
    logger.error('citizen notification could not be rendered', { caseId: c.id, step, error: err });
    return 'failed';
  }

  // From here the provider may have the message: a crash leaves `calling` behind.
  record = await deliveryRepository.update(
    record,
    'calling',
    message.sms ? { segments: message.sms.segments } : {},
    now(),
  );
  try {
    const receipt = await provider.send(message);
    const sent = await deliveryRepository.update(
      record,
      'sent',
      { providerMessageId: receipt.providerMessageId },
      now(),
    );
    await recordOnTimeline(
      c,
      onceKey,
      'notification_sent',
      timelineData(step, intent.eventId, decision, sent, about),
    );
    logger.info('citizen notified', {
      caseId: c.id,
      step,
      channel: decision.channel,
      provider: provider.name,
    });
    countMetric(businessMetrics.notificationsSent);
    return 'sent';
  } catch (err) {
    if (!(err instanceof ProviderFailure)) throw err;
    const lastError = scrub(`${err.code}: ${err.message}`);
    const exhausted = receiveCount >= QUEUE.maxReceiveCount;
    // An unknown outcome (a timeout) is safe to retry with a provider that deduplicates on
    // our key: if the first call did reach it, the second stores nothing new.
    const kind = err.kind === 'unknown' && provider.idempotent ? 'retryable' : err.kind;
    if (kind === 'retryable' && !exhausted) {
      await deliveryRepository.update(record, 'retrying', { lastError }, now());
      throw new RetryLater(retryDelaySeconds(receiveCount, RETRY_BASE_SECONDS), lastError);
    }
    const status = kind === 'unknown' ? 'unknown' : 'failed';
    const final = await deliveryRepository.update(record, status, { lastError }, now());
    countMetric(businessMetrics.notificationsFailed);
    await recordOnTimeline(
      c,
      onceKey,
      'notification_failed',
      timelineData(step, intent.eventId, decision, final, {
        ...about,
        failure:
          kind === 'unknown'
            ? 'outcome-unknown'
            : exhausted && kind === 'retryable'
              ? 'retries-exhausted'
              : 'provider-rejected',
        detail: err.code,
      }),
    );
    logger.warn('citizen notification failed', {
      caseId: c.id,
      step,
      provider: provider.name,
      code: err.code,
    });
    // Retries used up: fail the message once more so the queue moves it to the DLQ.
    if (exhausted && kind === 'retryable') throw new RetryLater(0, lastError);
    return status;
  }
}

async function delayRedelivery(record: SQSRecord, seconds: number): Promise<void> {
  try {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  } catch (err) {
    // The queue's own visibility timeout applies instead: a slower retry, not a lost one.
    logger.warn('could not set the retry delay', { messageId: record.messageId, error: err as Error });
  }
}

export const handler = queueWorker(QUEUE, notifyBatch);

async function notifyBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  // The batch's messages side by side: each is a few table calls and a provider call,
  // all waiting on the network, so one after the other made a batch of ten outlive the
  // function's timeout under load. Two messages of one case were already handled
  // concurrently by separate invocations; every write they make is conditional or keyed
  // by the delivery, so running them together changes nothing but the wait.
  await Promise.all(event.Records.map((record) => notifyRecord(record, batchItemFailures)));
  return { batchItemFailures };
}

async function notifyRecord(
  record: SQSRecord,
  batchItemFailures: SQSBatchResponse['batchItemFailures'],
): Promise<void> {
  try {
    const intent = OutboxIntent.parse(JSON.parse(record.body));
    // Staff notifications (SLA alerts, and every timeline event for queues,
    // assignees and watchers) have their own module: workers/notify-staff.ts.
    if (isStaffIntent(intent)) {
      await notifyStaff(intent, Number(record.attributes.ApproximateReceiveCount ?? '1'));
      // A muhtar who filed the case hears of its stage changes (workers/notify-muhtar.ts).
      if (intent.intent === 'analytics') await notifyMuhtar(intent);
      return;
    }
    if (intent.intent !== 'notify-citizen' && intent.intent !== 'send-survey')
      throw new Error(`unexpected intent ${intent.intent}`);
    const notice: CitizenNotice =
      intent.intent === 'send-survey'
        ? { caseId: intent.caseId, eventId: intent.eventId, step: 'survey' }
        : intent;
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const outcome = await notifyCitizen(notice, receiveCount);
    logger.info('citizen notification', { caseId: notice.caseId, step: notice.step, outcome });
  } catch (err) {
    recordFailure(record, err);
    if (err instanceof RetryLater) {
      if (err.delaySeconds > 0) await delayRedelivery(record, err.delaySeconds);
      logger.warn('notification will be retried', { messageId: record.messageId, reason: err.message });
    } else {
      logger.error('notification failed; message will be retried', {
        messageId: record.messageId,
        error: err as Error,
      });
    }
    batchItemFailures.push({ itemIdentifier: record.messageId });
  }
}
