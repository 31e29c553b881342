import type { CaseEvent } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { notificationStepLabel } from './notification-text.ts';
import { eventNotes, timelineItems } from './timeline-text.ts';

/* Runs in Node, where the portal's locale is its base locale: Turkish. */

const event = (over: Partial<CaseEvent>): CaseEvent => ({
  caseId: '01JDQ7Z8K6Y3W2V1T0S9R8Q7P6',
  eventId: '01JDQ7Z8K6Y3W2V1T0S9R8Q7P7',
  at: '2026-11-22T08:00:00.000Z',
  type: 'notification_sent',
  actor: { kind: 'system', id: 'notifications' },
  visibility: 'internal',
  status: 'RESOLVED',
  ...over,
});

describe('notification entries on the staff timeline', () => {
  it('a sent SMS names the channel, the step and the segments, and is internal', () => {
    const e = event({ data: { step: 'resolved', channel: 'sms', segments: 2, legallyRequired: false } });
    expect(eventNotes(e)).toEqual(['SMS: «Çözüldü» bildirimi', 'SMS parça sayısı: 2']);
    const [item] = timelineItems([e]);
    expect(item?.title).toBe('Vatandaş bilgilendirildi');
    expect(item?.tag).toBeDefined();
  });

  it('a failure says why in plain words, and marks legally required notices', () => {
    const e = event({
      type: 'notification_failed',
      data: { step: 'resolved', legallyRequired: true, failure: 'legal-notice-undeliverable' },
    });
    const notes = eventNotes(e);
    expect(notes[0]).toBe('Adım: Çözüldü');
    expect(notes[1]).toMatch(/^Neden: yasal yanıt için ne telefon ne e-posta var/);
    expect(notes[2]).toMatch(/^Yasal olarak zorunlu/);
  });

  it('the survey has its own name; unknown failure codes are shown as they are', () => {
    expect(notificationStepLabel('survey')).toBe('Memnuniyet anketi');
    expect(eventNotes(event({ type: 'notification_failed', data: { failure: 'x-new' } }))).toEqual([
      'Neden: x-new',
    ]);
  });
});
