import { ProviderFailure } from '@citydesk/data';
import {
  deliveryDedupeKey,
  MUHTAR_STAGE_EVENTS,
  measureSms,
  muhtarStageSms,
  type OutboxIntent,
} from '@citydesk/domain';
import { caseRepository } from '#platform/case-runtime.ts';
import { caseCityRuntime } from '#platform/city-runtime.ts';
import { muhtarChannelRepository } from '#platform/incident-runtime.ts';
import { logger } from '#platform/logger.ts';
import { hashRecipient, providerFor } from '#platform/notification-runtime.ts';

/*
 * The muhtar channel's SMS (docs/domain/muhtar-channel.md): each stage change of a case
 * a muhtar filed goes to the muhtar's phone. It rides on the `analytics` intent every
 * timeline event already sends to the notifications queue (as the staff notifications
 * do), so no change of the workflow is needed: events that are no stage change, and
 * cases nobody follows, cost one key lookup. Exactly once per (event, muhtar): a claim
 * item before the provider call, and the provider's own dedupe key (the dev outbox and
 * Netgsm honour it) when a worker died mid-call.
 */

/** A claim older than this belongs to a worker that is gone (twice the consumer's 30 s timeout). */
const STALE_AFTER_MS = 60_000;

export type MuhtarSmsOutcome = 'not-a-stage' | 'no-follower' | 'sent' | 'already-sent';

export async function notifyMuhtar(
  intent: Extract<OutboxIntent, { intent: 'analytics' }>,
): Promise<MuhtarSmsOutcome> {
  if (!MUHTAR_STAGE_EVENTS.has(intent.eventType)) return 'not-a-stage';
  const followers = await muhtarChannelRepository.followers(intent.caseId);
  if (followers.length === 0) return 'no-follower';
  const found = await caseRepository.getCaseWithTimeline(intent.caseId);
  if (!found) throw new Error(`case ${intent.caseId} not found`);
  const c = found.case;
  const event = found.events.find((e) => e.eventId === intent.eventId);
  if (!event) throw new Error(`case ${c.id} has no event ${intent.eventId}`);
  const city = await caseCityRuntime(c);
  // The stage the event left the case in, and the answer once there is one.
  const answer = typeof event.data?.publicAnswer === 'string' ? event.data.publicAnswer : undefined;
  const text = muhtarStageSms({
    trackingNo: c.trackingNo,
    status: event.status,
    ...(city.workTypesByCode.get(c.workTypeCode)
      ? { workTypeName: city.workTypesByCode.get(c.workTypeCode)?.name.tr }
      : {}),
    ...(answer ? { publicAnswer: answer } : {}),
  });
  const measure = measureSms(text);
  const provider = providerFor('sms');
  let outcome: MuhtarSmsOutcome = 'already-sent';
  for (const follower of followers) {
    const claim = await muhtarChannelRepository.claimSms(
      c.id,
      event.eventId,
      follower.userId,
      new Date(),
      STALE_AFTER_MS,
    );
    if (claim === 'sent') continue;
    if (claim === 'in-flight') throw new Error('muhtar SMS in flight elsewhere');
    try {
      await provider.send({
        dedupeKey: deliveryDedupeKey({
          caseId: c.id,
          eventId: event.eventId,
          channel: 'sms',
          recipientHash: await hashRecipient(follower.phone),
        }),
        channel: 'sms',
        to: follower.phone,
        language: 'tr',
        text,
        sms: { encoding: measure.encoding, segments: measure.segments },
        caseId: c.id,
        trackingNo: c.trackingNo,
        eventId: event.eventId,
        event: 'staff',
        tenantId: follower.tenantId,
      });
    } catch (err) {
      // Released, so the queue's retry sends it; a permanent refusal is logged and dropped.
      await muhtarChannelRepository.finishSms(c.id, event.eventId, follower.userId, 'release');
      if (err instanceof ProviderFailure && err.kind === 'permanent') {
        logger.warn('muhtar SMS refused', { caseId: c.id, code: err.code });
        continue;
      }
      throw err;
    }
    await muhtarChannelRepository.finishSms(c.id, event.eventId, follower.userId, 'sent');
    outcome = 'sent';
  }
  return outcome;
}
