import {
  CallbackTaskProvider,
  CallbackTaskRepository,
  CaseSubscriberRepository,
  createDocumentClient,
  createPiiHasher,
  DevOutboxProvider,
  DevOutboxRepository,
  loadSecret,
  mainTable,
  type NetgsmCredentials,
  NetgsmSmsProvider,
  NotificationDeliveryRepository,
  type NotificationProvider,
  ProviderFailure,
  requireEnv,
  SesEmailProvider,
  SnsSmsProvider,
  withInjectedFaults,
} from '@citydesk/data';
import type { DeliveryChannel } from '@citydesk/domain';
import * as z from 'zod';
import { notificationEnvironment, secrets } from '../manifest.ts';

/*
 * The notification pipeline's adapters, chosen by environment and created once per
 * process. The local cloud sets the dev outbox for SMS and e-mail; the CDK stack sets
 * SES for e-mail and Netgsm (or SNS) for SMS. Call-backs are always tasks on the
 * tenant's list. A provider that is named but not configured (no sender address, no
 * credentials) fails each send permanently, so the delivery record and the case
 * timeline say why, instead of the whole worker failing at start.
 */

const doc = createDocumentClient();
const table = requireEnv(mainTable.envVar);

export const deliveryRepository = new NotificationDeliveryRepository(doc, table);
export const devOutboxRepository = new DevOutboxRepository(doc, table);
export const callbackTaskRepository = new CallbackTaskRepository(doc, table);
/** Linked duplicates' citizens, who hear about their master case's steps (case-subscribers.ts). */
export const caseSubscriberRepository = new CaseSubscriberRepository(doc, table);

export type SmsProviderName = 'dev-outbox' | 'netgsm' | 'sns';
export type EmailProviderName = 'dev-outbox' | 'ses';

const env = (name: string) => process.env[name]?.trim() || undefined;

/** Which SMS and e-mail providers this deployment uses (undefined: none configured). */
export function configuredProviders(): { sms?: SmsProviderName; email?: EmailProviderName } {
  const sms = env(notificationEnvironment.smsProvider);
  const email = env(notificationEnvironment.emailProvider);
  return {
    ...(sms === 'dev-outbox' || sms === 'netgsm' || sms === 'sns' ? { sms } : {}),
    ...(email === 'dev-outbox' || email === 'ses' ? { email } : {}),
  };
}

/** Is the dev outbox in use (the local cloud)? Its API answers 404 everywhere else. */
export function devOutboxActive(): boolean {
  const { sms, email } = configuredProviders();
  return sms === 'dev-outbox' || email === 'dev-outbox';
}

/** A provider that refuses every message with a reason, for a channel left unconfigured. */
function unconfigured(name: string, why: string): NotificationProvider {
  return {
    name,
    idempotent: true,
    send: async () => {
      throw new ProviderFailure('permanent', 'not-configured', why);
    },
  };
}

const NetgsmSecret = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  msgheader: z.string().min(1),
});

function netgsmProvider(): NotificationProvider {
  const secretId = env(notificationEnvironment.netgsmSecretId);
  if (!secretId) return unconfigured('netgsm', `${notificationEnvironment.netgsmSecretId} is not set`);
  let credentials: Promise<NetgsmCredentials> | undefined;
  return new NetgsmSmsProvider({
    credentials: () => {
      // The secret holds JSON {username, password, msgheader}; read once per process.
      credentials ??= loadSecret({
        valueEnvVar: 'NETGSM_CREDENTIALS',
        arnEnvVar: notificationEnvironment.netgsmSecretId,
      })
        .then((raw) => NetgsmSecret.parse(JSON.parse(raw)))
        .catch((err: unknown) => {
          credentials = undefined;
          throw new ProviderFailure(
            'permanent',
            'not-configured',
            `Netgsm credentials: ${(err as Error).message}`,
          );
        });
      return credentials;
    },
    ...(env(notificationEnvironment.netgsmBaseUrl)
      ? { baseUrl: env(notificationEnvironment.netgsmBaseUrl) }
      : {}),
    ...(env(notificationEnvironment.netgsmIysFilter)
      ? { iysfilter: env(notificationEnvironment.netgsmIysFilter) }
      : {}),
  });
}

function buildProviders(): Record<DeliveryChannel, NotificationProvider> {
  const { sms, email } = configuredProviders();
  const devOutbox = new DevOutboxProvider(devOutboxRepository);
  const senderId = env(notificationEnvironment.snsSenderId);
  const smsProvider =
    sms === 'dev-outbox'
      ? devOutbox
      : sms === 'netgsm'
        ? netgsmProvider()
        : sms === 'sns'
          ? new SnsSmsProvider(senderId ? { senderId } : {})
          : unconfigured('sms', `${notificationEnvironment.smsProvider} is not set`);
  const from = env(notificationEnvironment.emailFrom);
  const configurationSet = env(notificationEnvironment.sesConfigurationSet);
  const emailProvider =
    email === 'dev-outbox'
      ? devOutbox
      : email === 'ses'
        ? from
          ? new SesEmailProvider({ fromAddress: from, ...(configurationSet ? { configurationSet } : {}) })
          : unconfigured('ses', `${notificationEnvironment.emailFrom} is not set`)
        : unconfigured('email', `${notificationEnvironment.emailProvider} is not set`);
  // The fault suite's injected failures and timeouts (CITYDESK_FAULT_PROVIDER_*); unset, the providers as they are.
  return {
    sms: withInjectedFaults(smsProvider),
    email: withInjectedFaults(emailProvider),
    callback: new CallbackTaskProvider(callbackTaskRepository),
  };
}

let providers: Record<DeliveryChannel, NotificationProvider> | undefined;

/** The adapter for a delivery channel. */
export function providerFor(channel: DeliveryChannel): NotificationProvider {
  providers ??= buildProviders();
  return providers[channel];
}

let hasher: Promise<(value: string) => string> | undefined;

/** Keyed hash of a recipient for dedupe keys: the same HMAC key as the citizen-history index. */
export async function hashRecipient(recipient: string): Promise<string> {
  hasher ??= loadSecret(secrets.piiHmacKey).then(createPiiHasher);
  return (await hasher)(recipient.toLowerCase());
}

/** The public portal's base URL, for track links (no trailing slash). */
export function portalUrl(): string | undefined {
  return env(notificationEnvironment.portalUrl)?.replace(/\/+$/, '');
}
