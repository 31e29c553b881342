import {
  type NotificationProvider,
  type OutgoingMessage,
  ProviderFailure,
  type SendReceipt,
} from './notification-provider.ts';

/*
 * Fault injection for the notification providers (docs/reliability.md, fault
 * injection): a decorator that makes a share of the sends fail as a real provider
 * does. It is built only when the CITYDESK_FAULT_PROVIDER_* variables are set (the
 * fault suite sets them for its worker processes); no deployment sets them, so by
 * default nothing here runs.
 *
 *  - a failure is a refusal before anything was sent (a 5xx or throttling):
 *    `retryable`, and the message must arrive later, once;
 *  - a timeout waits, then fails with `unknown`: the request may or may not have
 *    reached the provider. Half of them do reach it (the message is stored, only the
 *    answer is lost), which is the case that tempts a worker to send twice.
 */

/** How often sends fail or time out; rates are probabilities per send, summing to at most 1. */
export interface ProviderFaultSettings {
  failureRate: number;
  timeoutRate: number;
  /** How long a timed-out send hangs before it fails. */
  timeoutMs: number;
}

/** One injected fault, for the suite's report. */
export interface InjectedProviderFault {
  kind: 'failure' | 'timeout-not-sent' | 'timeout-sent';
  provider: string;
  channel: OutgoingMessage['channel'];
  dedupeKey: string;
}

/** The environment variables that switch the faults on. */
export const providerFaultEnvironment = {
  failureRate: 'CITYDESK_FAULT_PROVIDER_FAILURE_RATE',
  timeoutRate: 'CITYDESK_FAULT_PROVIDER_TIMEOUT_RATE',
  timeoutMs: 'CITYDESK_FAULT_PROVIDER_TIMEOUT_MS',
} as const;

function rate(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 0;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${name} must be a probability between 0 and 1, not "${raw}"`);
  }
  return value;
}

/** The settings from the environment, or undefined when no fault is asked for (the default). */
export function providerFaultsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): ProviderFaultSettings | undefined {
  const failureRate = rate(env, providerFaultEnvironment.failureRate);
  const timeoutRate = rate(env, providerFaultEnvironment.timeoutRate);
  if (failureRate === 0 && timeoutRate === 0) return undefined;
  if (failureRate + timeoutRate > 1) {
    throw new Error(
      `${providerFaultEnvironment.failureRate} + ${providerFaultEnvironment.timeoutRate} exceed 1`,
    );
  }
  const timeoutMs = Number(env[providerFaultEnvironment.timeoutMs]?.trim() || 2000);
  return { failureRate, timeoutRate, timeoutMs: Number.isFinite(timeoutMs) ? Math.max(0, timeoutMs) : 2000 };
}

/** Wraps a provider so that sends fail and time out at the given rates. */
export class FaultInjectingProvider implements NotificationProvider {
  readonly name: string;
  readonly idempotent: boolean;
  readonly #inner: NotificationProvider;
  readonly #settings: ProviderFaultSettings;
  readonly #random: () => number;
  readonly #onFault: (fault: InjectedProviderFault) => void;

  constructor(
    inner: NotificationProvider,
    settings: ProviderFaultSettings,
    options: { random?: () => number; onFault?: (fault: InjectedProviderFault) => void } = {},
  ) {
    this.#inner = inner;
    this.#settings = settings;
    // The decorated provider keeps its identity: the delivery record names the real one.
    this.name = inner.name;
    this.idempotent = inner.idempotent;
    this.#random = options.random ?? Math.random;
    this.#onFault = options.onFault ?? (() => {});
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    const roll = this.#random();
    const fault = (kind: InjectedProviderFault['kind']) =>
      this.#onFault({ kind, provider: this.name, channel: message.channel, dedupeKey: message.dedupeKey });
    if (roll < this.#settings.failureRate) {
      fault('failure');
      throw new ProviderFailure('retryable', 'injected-failure', 'injected fault: the provider refused');
    }
    if (roll < this.#settings.failureRate + this.#settings.timeoutRate) {
      await new Promise((resolve) => setTimeout(resolve, this.#settings.timeoutMs));
      const reached = this.#random() < 0.5;
      if (reached) await this.#inner.send(message);
      fault(reached ? 'timeout-sent' : 'timeout-not-sent');
      throw new ProviderFailure('unknown', 'injected-timeout', 'injected fault: no answer from the provider');
    }
    return this.#inner.send(message);
  }
}

/**
 * The provider itself, or decorated with the faults the environment asks for. Each
 * injected fault is written to stderr as one JSON line (`{"injectedFault":…}`), which
 * the fault suite counts from the worker processes' output.
 */
export function withInjectedFaults(
  provider: NotificationProvider,
  env: NodeJS.ProcessEnv = process.env,
): NotificationProvider {
  const settings = providerFaultsFromEnvironment(env);
  if (!settings) return provider;
  return new FaultInjectingProvider(provider, settings, {
    onFault: (fault) => process.stderr.write(`${JSON.stringify({ injectedFault: fault })}\n`),
  });
}
