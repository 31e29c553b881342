import { describe, expect, it } from 'vitest';
import {
  FaultInjectingProvider,
  type InjectedProviderFault,
  providerFaultsFromEnvironment,
  withInjectedFaults,
} from './faulty-notification-provider.ts';
import { type NotificationProvider, type OutgoingMessage, ProviderFailure } from './notification-provider.ts';

const message: OutgoingMessage = {
  dedupeKey: 'case-1#event-1#sms#hash',
  channel: 'sms',
  to: '+905327654321',
  language: 'tr',
  text: 'Başvurunuz alındı.',
  caseId: 'case-1',
  trackingNo: '482739150266',
  eventId: 'event-1',
  event: 'routed',
  tenantId: 'balikesir-bb',
};

function recordingProvider(): NotificationProvider & { sent: string[] } {
  const sent: string[] = [];
  return {
    name: 'dev-outbox',
    idempotent: true,
    sent,
    send: async (m) => {
      sent.push(m.dedupeKey);
      return { providerMessageId: `dev-${sent.length}` };
    },
  };
}

/** A random source that returns the given rolls in turn. */
const rolls = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('the fault-injecting provider decorator', () => {
  it('is off unless the environment asks for it', () => {
    expect(providerFaultsFromEnvironment({})).toBeUndefined();
    const inner = recordingProvider();
    expect(withInjectedFaults(inner, {})).toBe(inner);
  });

  it('reads the rates and the timeout from the environment, and refuses nonsense', () => {
    expect(
      providerFaultsFromEnvironment({
        CITYDESK_FAULT_PROVIDER_FAILURE_RATE: '0.3',
        CITYDESK_FAULT_PROVIDER_TIMEOUT_RATE: '0.05',
        CITYDESK_FAULT_PROVIDER_TIMEOUT_MS: '10',
      }),
    ).toEqual({ failureRate: 0.3, timeoutRate: 0.05, timeoutMs: 10 });
    expect(() => providerFaultsFromEnvironment({ CITYDESK_FAULT_PROVIDER_FAILURE_RATE: '30%' })).toThrow(
      /probability/,
    );
    expect(() =>
      providerFaultsFromEnvironment({
        CITYDESK_FAULT_PROVIDER_FAILURE_RATE: '0.8',
        CITYDESK_FAULT_PROVIDER_TIMEOUT_RATE: '0.5',
      }),
    ).toThrow(/exceed 1/);
  });

  it('a failure is retryable and sends nothing; a pass sends once', async () => {
    const inner = recordingProvider();
    const faults: InjectedProviderFault[] = [];
    const provider = new FaultInjectingProvider(
      inner,
      { failureRate: 0.3, timeoutRate: 0.05, timeoutMs: 0 },
      { random: rolls(0.1, 0.9), onFault: (f) => faults.push(f) },
    );
    expect(provider.name).toBe('dev-outbox');
    expect(provider.idempotent).toBe(true);
    const refused = await provider.send(message).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderFailure);
    expect((refused as ProviderFailure).kind).toBe('retryable');
    expect(inner.sent).toEqual([]);
    await expect(provider.send(message)).resolves.toEqual({ providerMessageId: 'dev-1' });
    expect(inner.sent).toEqual([message.dedupeKey]);
    expect(faults.map((f) => f.kind)).toEqual(['failure']);
  });

  it('a timeout fails with an unknown outcome, whether or not the provider got the message', async () => {
    const inner = recordingProvider();
    const faults: InjectedProviderFault[] = [];
    // 0.32 falls in the timeout band; the second roll decides whether the message got through.
    const provider = new FaultInjectingProvider(
      inner,
      { failureRate: 0.3, timeoutRate: 0.05, timeoutMs: 1 },
      { random: rolls(0.32, 0.2, 0.32, 0.7), onFault: (f) => faults.push(f) },
    );
    for (let i = 0; i < 2; i++) {
      const error = await provider.send(message).catch((e: unknown) => e);
      expect((error as ProviderFailure).kind).toBe('unknown');
      expect((error as ProviderFailure).code).toBe('injected-timeout');
    }
    expect(inner.sent).toEqual([message.dedupeKey]);
    expect(faults.map((f) => f.kind)).toEqual(['timeout-sent', 'timeout-not-sent']);
  });
});
