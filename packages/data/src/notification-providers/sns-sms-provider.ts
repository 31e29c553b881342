import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import {
  type NotificationProvider,
  type OutgoingMessage,
  ProviderFailure,
  type SendReceipt,
  transportFailure,
} from './notification-provider.ts';

const RETRYABLE = new Set(['ThrottledException', 'InternalErrorException', 'KMSThrottlingException']);

export interface SnsSmsProviderOptions {
  /** Alphanumeric sender id, where the destination country supports one. */
  senderId?: string;
  client?: SNSClient;
}

/**
 * SMS through Amazon SNS `Publish` to a phone number, as transactional messages (the
 * higher-reliability route AWS bills separately). The alternative to a Turkish
 * provider: no sender title registration in Türkiye, hence Netgsm by default there.
 */
export class SnsSmsProvider implements NotificationProvider {
  readonly name = 'sns';
  readonly idempotent = false;
  readonly #client: SNSClient;
  readonly #options: SnsSmsProviderOptions;

  constructor(options: SnsSmsProviderOptions = {}) {
    this.#options = options;
    this.#client = options.client ?? new SNSClient({ maxAttempts: 1 });
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (message.channel !== 'sms')
      throw new ProviderFailure('permanent', 'wrong-channel', 'SNS sends SMS only');
    try {
      const result = await this.#client.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.#options.senderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.#options.senderId } }
              : {}),
          },
        }),
      );
      if (!result.MessageId)
        throw new ProviderFailure('unknown', 'no-message-id', 'SNS answered without a MessageId');
      return { providerMessageId: result.MessageId };
    } catch (err) {
      if (err instanceof ProviderFailure) throw err;
      if (err instanceof SNSServiceException) {
        const status = err.$metadata.httpStatusCode ?? 0;
        const retryable = RETRYABLE.has(err.name) || status >= 500;
        throw new ProviderFailure(retryable ? 'retryable' : 'permanent', err.name, err.message);
      }
      throw transportFailure(err);
    }
  }
}
