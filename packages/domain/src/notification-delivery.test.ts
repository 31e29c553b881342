import { describe, expect, it } from 'vitest';
import {
  type DeliveryRecord,
  type DeliveryStatus,
  deliveryDedupeKey,
  planDelivery,
  retryDelaySeconds,
} from './notification-delivery.ts';

const now = new Date('2026-11-22T10:00:00Z');
const record = (status: DeliveryStatus, secondsAgo: number): DeliveryRecord => ({
  dedupeKey: 'k',
  caseId: 'c',
  eventId: 'e',
  event: 'resolved',
  channel: 'sms',
  language: 'tr',
  provider: 'netgsm',
  recipientMasked: '+90 5** *** ** 67',
  legallyRequired: false,
  status,
  attempts: 1,
  version: 1,
  createdAt: new Date(now.getTime() - secondsAgo * 1000).toISOString(),
  updatedAt: new Date(now.getTime() - secondsAgo * 1000).toISOString(),
});
const opts = (providerIdempotent = false) => ({ now, staleAfterMs: 60_000, providerIdempotent });

describe('what a redelivered message may do', () => {
  it('no record: send', () => {
    expect(planDelivery(undefined, opts())).toEqual({ action: 'send' });
  });

  it.each(['sent', 'failed', 'unknown'] as const)('%s: done, never again', (status) => {
    expect(planDelivery(record(status, 1), opts())).toEqual({ action: 'done', status });
    expect(planDelivery(record(status, 3600), opts(true))).toEqual({ action: 'done', status });
  });

  it('a retryable failure: send again', () => {
    expect(planDelivery(record('retrying', 5), opts())).toEqual({ action: 'send' });
  });

  it('a fresh claim belongs to a worker still running', () => {
    expect(planDelivery(record('claimed', 5), opts())).toEqual({ action: 'in-flight' });
    expect(planDelivery(record('calling', 5), opts(true))).toEqual({ action: 'in-flight' });
  });

  it('a stale claim that never reached the provider is safe to retry with any provider', () => {
    expect(planDelivery(record('claimed', 120), opts(false))).toEqual({ action: 'send' });
  });

  it('a stale call: retried only with a provider that deduplicates, else given up as unknown', () => {
    expect(planDelivery(record('calling', 120), opts(true))).toEqual({ action: 'send' });
    expect(planDelivery(record('calling', 120), opts(false))).toEqual({ action: 'give-up-unknown' });
  });
});

describe('dedupe key and backoff', () => {
  it('the key names case, event, channel and the hashed recipient', () => {
    expect(deliveryDedupeKey({ caseId: 'C', eventId: 'E', channel: 'sms', recipientHash: 'H' })).toBe(
      'C#E#sms#H',
    );
  });

  it('backoff doubles from 30 s and stops at 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelaySeconds(n))).toEqual([
      30, 60, 120, 240, 480, 900, 900,
    ]);
  });
});
