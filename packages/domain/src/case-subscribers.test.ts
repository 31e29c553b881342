import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import { planSubscriberNotices } from './case-subscribers.ts';
import type { CitizenContact } from './citizen-contact.ts';

const subscriber = (id: string, contact: CitizenContact | undefined, extra: Partial<Case> = {}): Case => ({
  id,
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'CLOSED',
  workTypeCode: 'ROAD-POTHOLE',
  catalogVersion: '1',
  kind: 'complaint',
  priority: 'normal',
  // A CİMER application carries a legal answer duty: met by its own DUPLICATE closure.
  channel: 'cimer',
  description: 'Çukur',
  attachments: [],
  ...(contact ? { contact } : {}),
  consent: { accepted: true, noticeVersion: '1' },
  createdAt: '2026-12-01T06:00:00.000Z',
  updatedAt: '2026-12-01T06:00:00.000Z',
  slaDueAt: '2026-12-04T06:00:00.000Z',
  version: 2,
  ...extra,
});
const sms = (phone: string, extra: Partial<CitizenContact['preference']> = {}): CitizenContact => ({
  phone,
  preference: { channel: 'sms', granularity: 'every_stage', language: 'tr', ...extra },
});

describe('planSubscriberNotices', () => {
  it('tells each subscriber by their own channel and language', () => {
    const email: CitizenContact = {
      email: 'ayse@example.org',
      preference: { channel: 'email', granularity: 'every_stage', language: 'en' },
    };
    const notices = planSubscriberNotices({ event: 'accepted' }, [
      subscriber('A', sms('+905321111111')),
      subscriber('B', email),
    ]);
    expect(notices).toEqual([
      { send: true, subscriberCaseId: 'A', channel: 'sms', recipient: '+905321111111', language: 'tr' },
      { send: true, subscriberCaseId: 'B', channel: 'email', recipient: 'ayse@example.org', language: 'en' },
    ]);
  });

  it('follows each preference: none, result only, missing address, no contact, anonymised', () => {
    const notices = planSubscriberNotices({ event: 'accepted' }, [
      subscriber('none', { preference: { channel: 'none', granularity: 'every_stage', language: 'tr' } }),
      subscriber('result', sms('+905321111112', { granularity: 'result_only' })),
      subscriber('nomail', {
        phone: '+905321111113',
        preference: { channel: 'email', granularity: 'every_stage', language: 'tr' },
      } as CitizenContact),
      subscriber('anon', undefined),
      subscriber('erased', sms('+905321111114'), { anonymisedAt: '2026-12-02T00:00:00.000Z' }),
    ]);
    expect(notices.map((n) => (n.send ? 'send' : n.reason))).toEqual([
      'preference-none',
      'granularity',
      'missing-address',
      'no-contact',
      'no-contact',
    ]);
    // The result reaches a result-only subscriber, with no legal duty on their preference.
    const [resolved] = planSubscriberNotices({ event: 'resolved' }, [
      subscriber('result', sms('+905321111112', { granularity: 'result_only' })),
    ]);
    expect(resolved?.send).toBe(true);
  });

  it('never sends the master citizen’s survey to subscribers', () => {
    const [notice] = planSubscriberNotices({ event: 'survey' }, [subscriber('A', sms('+905321111111'))]);
    expect(notice).toEqual({ send: false, subscriberCaseId: 'A', reason: 'not-a-subscriber-step' });
  });

  it('tells one person once: the master’s own citizen, or the same number subscribed twice', () => {
    const notices = planSubscriberNotices(
      { event: 'routed' },
      [
        subscriber('A', sms('+905321111111')),
        subscriber('B', sms('+905322222222')),
        subscriber('C', sms('+905322222222')),
      ],
      [{ channel: 'sms', recipient: '+905321111111' }],
    );
    expect(notices.map((n) => (n.send ? `send ${n.subscriberCaseId}` : n.reason))).toEqual([
      'same-recipient',
      'send B',
      'same-recipient',
    ]);
  });
});
