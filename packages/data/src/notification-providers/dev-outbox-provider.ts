import type { DevOutboxRepository } from '../dev-outbox-repository.ts';
import {
  type NotificationProvider,
  type OutgoingMessage,
  ProviderFailure,
  type SendReceipt,
} from './notification-provider.ts';

/** The local default: stores SMS and e-mails in the dev outbox instead of sending them. Idempotent per dedupe key. */
export class DevOutboxProvider implements NotificationProvider {
  readonly name = 'dev-outbox';
  readonly idempotent = true;
  readonly #store: DevOutboxRepository;

  constructor(store: DevOutboxRepository) {
    this.#store = store;
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (message.channel === 'callback') {
      throw new ProviderFailure('permanent', 'wrong-channel', 'call-backs are tasks, not messages');
    }
    const { id } = await this.#store.store({
      channel: message.channel,
      recipient: message.to,
      caseId: message.caseId,
      trackingNo: message.trackingNo,
      event: message.event,
      language: message.language,
      ...(message.subject !== undefined ? { subject: message.subject } : {}),
      text: message.text,
      ...(message.sms ? { sms: message.sms } : {}),
      dedupeKey: message.dedupeKey,
    });
    return { providerMessageId: `dev-${id}` };
  }
}
