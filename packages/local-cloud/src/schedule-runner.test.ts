import { describe, expect, it } from 'vitest';
import { parseRateExpression, scheduledEvent } from './schedule-runner.ts';

describe('parseRateExpression', () => {
  it('accepts EventBridge rate expressions', () => {
    expect(parseRateExpression('rate(1 minute)')).toBe(60_000);
    expect(parseRateExpression('rate(5 minutes)')).toBe(300_000);
    expect(parseRateExpression('rate(1 hour)')).toBe(3_600_000);
    expect(parseRateExpression('rate(12 hours)')).toBe(43_200_000);
    expect(parseRateExpression('rate(2 days)')).toBe(172_800_000);
  });

  it('insists on singular for 1 and plural otherwise, as EventBridge does', () => {
    expect(() => parseRateExpression('rate(1 minutes)')).toThrow(/use "minute"/);
    expect(() => parseRateExpression('rate(5 minute)')).toThrow(/use "minutes"/);
  });

  it('refuses what the local scheduler cannot run', () => {
    expect(() => parseRateExpression('cron(0 3 * * ? *)')).toThrow(/unsupported/);
    expect(() => parseRateExpression('rate(0 minutes)')).toThrow(/unsupported/);
    expect(() => parseRateExpression('rate(5 weeks)')).toThrow(/unsupported/);
  });
});

describe('scheduledEvent', () => {
  it('has the shape of an EventBridge scheduled event', () => {
    const event = scheduledEvent('SlaSweep', 'eu-central-1', new Date('2026-11-22T10:00:00.500Z'));
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      region: 'eu-central-1',
      time: '2026-11-22T10:00:00Z',
      detail: {},
    });
    expect(event.resources[0]).toContain('SlaSweep');
  });
});
