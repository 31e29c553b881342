import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  type NotificationProvider,
  type OutgoingMessage,
  ProviderFailure,
  type SendReceipt,
  transportFailure,
} from './notification-provider.ts';

/** SES v2 errors that say "not now": nothing was sent, a later attempt can succeed. */
const RETRYABLE = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalFailure',
  'ServiceUnavailable',
]);

export interface SesEmailProviderOptions {
  /** A verified identity: `Kent Masası <bildirim@balikesir.bel.tr>`. */
  fromAddress: string;
  /** Optional SES configuration set (event publishing: bounces, complaints, deliveries). */
  configurationSet?: string;
  /** Defaults to a client configured from the environment. */
  client?: SESv2Client;
}

/**
 * E-mail through Amazon SES v2 `SendEmail` (Simple content: subject, text and HTML
 * parts, UTF-8). The SDK's own retries are off: a retry after a timeout could send the
 * e-mail twice, so the worker decides with the delivery record instead.
 */
export class SesEmailProvider implements NotificationProvider {
  readonly name = 'ses';
  readonly idempotent = false;
  readonly #client: SESv2Client;
  readonly #options: SesEmailProviderOptions;

  constructor(options: SesEmailProviderOptions) {
    this.#options = options;
    this.#client = options.client ?? new SESv2Client({ maxAttempts: 1 });
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (message.channel !== 'email')
      throw new ProviderFailure('permanent', 'wrong-channel', 'SES sends e-mail only');
    const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
    try {
      const result = await this.#client.send(
        new SendEmailCommand({
          FromEmailAddress: this.#options.fromAddress,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: utf8(message.subject ?? ''),
              Body: { Text: utf8(message.text), ...(message.html ? { Html: utf8(message.html) } : {}) },
            },
          },
          ...(this.#options.configurationSet ? { ConfigurationSetName: this.#options.configurationSet } : {}),
          // Tags reach SES event destinations, so a bounce can be traced to its case without personal data.
          EmailTags: [{ Name: 'case', Value: message.caseId }],
        }),
      );
      if (!result.MessageId)
        throw new ProviderFailure('unknown', 'no-message-id', 'SES answered without a MessageId');
      return { providerMessageId: result.MessageId };
    } catch (err) {
      if (err instanceof ProviderFailure) throw err;
      if (err instanceof SESv2ServiceException) {
        const status = err.$metadata.httpStatusCode ?? 0;
        const retryable = RETRYABLE.has(err.name) || status >= 500;
        throw new ProviderFailure(retryable ? 'retryable' : 'permanent', err.name, err.message);
      }
      throw transportFailure(err);
    }
  }
}
