import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import type { CitizenContact } from './citizen-contact.ts';
import { decideNotification, isResultStep, type StepFacts } from './notification-decision.ts';

const base: Case = {
  id: '01JD0000000000000000000000',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'ROUTED',
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  catalogVersion: '1',
  kind: 'complaint',
  priority: 'normal',
  channel: 'web',
  description: 'Çukur',
  attachments: [],
  consent: { accepted: true, noticeVersion: '2026-11' },
  createdAt: '2026-11-17T06:00:00.000Z',
  updatedAt: '2026-11-17T06:00:00.000Z',
  slaDueAt: '2026-11-20T06:00:00.000Z',
  version: 2,
};

const contact = (
  preference: CitizenContact['preference'],
  extra: Partial<CitizenContact> = {},
): CitizenContact => ({
  phone: '+905321234567',
  preference,
  ...extra,
});
const withContact = (c: CitizenContact | undefined, extra: Partial<Case> = {}): Case => ({
  ...base,
  ...(c ? { contact: c } : {}),
  ...extra,
});

const step = (event: StepFacts['event'], extra: Partial<StepFacts> = {}): StepFacts => ({ event, ...extra });
const EVERY = { channel: 'sms', granularity: 'every_stage', language: 'tr' } as const;
const RESULT = { channel: 'sms', granularity: 'result_only', language: 'en' } as const;

describe('every stage', () => {
  it.each(['routed', 'accepted', 'on_hold', 'resolved', 'closed', 'reopened', 'survey'] as const)(
    'sends %s by the chosen channel and language',
    (event) => {
      expect(decideNotification(withContact(contact(EVERY)), step(event))).toEqual({
        send: true,
        channel: 'sms',
        recipient: '+905321234567',
        language: 'tr',
        legallyRequired: false,
      });
    },
  );

  it('e-mail goes to the address; call-back is a call to the phone', () => {
    const email = contact({ ...EVERY, channel: 'email' }, { email: 'ayse@example.com' });
    expect(decideNotification(withContact(email), step('accepted'))).toMatchObject({
      send: true,
      channel: 'email',
      recipient: 'ayse@example.com',
    });
    expect(
      decideNotification(withContact(contact({ ...EVERY, channel: 'callback' })), step('resolved')),
    ).toMatchObject({
      send: true,
      channel: 'callback',
      recipient: '+905321234567',
    });
  });
});

describe('only the result', () => {
  const c = withContact(contact(RESULT));

  it.each(['routed', 'accepted', 'on_hold', 'reopened'] as const)('skips %s', (event) => {
    expect(decideNotification(c, step(event))).toEqual({
      send: false,
      reason: 'granularity',
      legallyRequired: false,
    });
  });

  it('sends the resolution, in the chosen language', () => {
    expect(decideNotification(c, step('resolved'))).toMatchObject({ send: true, language: 'en' });
  });

  it('a closing after an announced resolution is not sent again; a first-contact or corrected closing is', () => {
    expect(decideNotification(c, step('closed', { atFirstContact: false, corrected: false }))).toMatchObject({
      send: false,
      reason: 'granularity',
    });
    expect(decideNotification(c, step('closed', { atFirstContact: true }))).toMatchObject({ send: true });
    expect(decideNotification(c, step('closed', { corrected: true }))).toMatchObject({ send: true });
  });

  it('the survey follows the result, so it goes', () => {
    expect(decideNotification(c, step('survey'))).toMatchObject({ send: true });
  });
});

describe('nothing to send', () => {
  it('no contact, preference none, a split child', () => {
    expect(decideNotification(withContact(undefined), step('routed'))).toMatchObject({
      send: false,
      reason: 'no-contact',
    });
    expect(
      decideNotification(withContact({ preference: { ...EVERY, channel: 'none' } }), step('resolved')),
    ).toMatchObject({
      send: false,
      reason: 'preference-none',
    });
    expect(
      decideNotification(
        withContact(contact(EVERY), { parentCaseId: '01JD0000000000000000000009' }),
        step('resolved'),
      ),
    ).toMatchObject({ send: false, reason: 'split-child' });
  });
});

describe('legally required notices (CİMER, Açık Kapı, right to information)', () => {
  it('the answer to a CİMER application goes out even when the citizen chose none', () => {
    const c = withContact(
      { phone: '+905321234567', preference: { channel: 'none', granularity: 'result_only', language: 'tr' } },
      { channel: 'cimer' },
    );
    expect(decideNotification(c, step('resolved'))).toEqual({
      send: true,
      channel: 'sms',
      recipient: '+905321234567',
      language: 'tr',
      legallyRequired: true,
      legalClock: 'cimer',
    });
    // Intermediate steps follow the preference.
    expect(decideNotification(c, step('accepted'))).toMatchObject({ send: false, reason: 'preference-none' });
  });

  it('a call-back preference still gets the answer in writing: e-mail first, else SMS', () => {
    const both = contact({ ...RESULT, channel: 'callback' }, { email: 'ayse@example.com' });
    expect(decideNotification(withContact(both, { channel: 'acik_kapi' }), step('resolved'))).toMatchObject({
      send: true,
      channel: 'email',
      recipient: 'ayse@example.com',
      legalClock: 'acik-kapi',
    });
    const phoneOnly = contact({ ...RESULT, channel: 'callback' });
    expect(
      decideNotification(withContact(phoneOnly, { channel: 'acik_kapi' }), step('resolved')),
    ).toMatchObject({
      channel: 'sms',
    });
  });

  it("the citizen's own written channel is kept when it is one", () => {
    const c = contact({ ...EVERY, channel: 'sms' }, { email: 'ayse@example.com' });
    expect(decideNotification(withContact(c, { channel: 'cimer' }), step('resolved'))).toMatchObject({
      channel: 'sms',
    });
  });

  it('right to information runs on its work type whatever the channel', () => {
    const c = withContact(
      { phone: '+905321234567', preference: { channel: 'none', granularity: 'every_stage', language: 'tr' } },
      { workTypeCode: 'GEN-RTI-4982', channel: 'web' },
    );
    expect(decideNotification(c, step('closed', { atFirstContact: true }))).toMatchObject({
      send: true,
      legalClock: 'right-to-information',
    });
  });

  it('with neither phone nor e-mail the decision says the legal answer cannot be delivered', () => {
    const c = withContact(undefined, { channel: 'cimer' });
    expect(decideNotification(c, step('resolved'))).toEqual({
      send: false,
      reason: 'legal-notice-undeliverable',
      legallyRequired: true,
      legalClock: 'cimer',
    });
  });
});

describe('result steps', () => {
  it('resolved always, closed only at first contact or when corrected', () => {
    expect(isResultStep(step('resolved'))).toBe(true);
    expect(isResultStep(step('closed'))).toBe(false);
    expect(isResultStep(step('closed', { atFirstContact: true }))).toBe(true);
    expect(isResultStep(step('routed'))).toBe(false);
  });
});
