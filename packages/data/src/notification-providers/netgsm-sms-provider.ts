import {
  type NotificationProvider,
  type OutgoingMessage,
  ProviderFailure,
  type SendReceipt,
  transportFailure,
} from './notification-provider.ts';

/*
 * SMS through Netgsm's REST v2 API, as its official client (@netgsm/sms 1.1.11,
 * dist/netgsm.js and enums.d.ts) documents it:
 *   POST {base}/sms/rest/v2/send, HTTP Basic auth with an API sub-user,
 *   { msgheader, encoding?, iysfilter?, messages: [{ msg, no }] }
 *   → 200 { code: "00", description, jobid } on success; error codes come back as
 *   HTTP 406 (or 200) with `code` set.
 * Error codes (SendSmsErrorCode): 20 message text, 30 credentials or API access,
 * 40 sender title, 50/51 İYS account, 70 parameters, 80 sending rate limit,
 * 85 same-number duplicate limit (20 a minute), 100/101 system error.
 */

/** Rate limits and Netgsm's own system errors: nothing was queued, try later. */
const RETRYABLE_CODES = new Set(['80', '85', '100', '101']);

export interface NetgsmCredentials {
  username: string;
  password: string;
  /** The registered sender title (başlık). */
  msgheader: string;
}

export interface NetgsmSmsProviderOptions {
  credentials: () => Promise<NetgsmCredentials>;
  /** Defaults to https://api.netgsm.com.tr; tests point it at a recording server. */
  baseUrl?: string;
  /**
   * İYS filter. Case notifications are informational, not commercial (Law 6563, domain.md
   * §(d)): "0" is Netgsm's informational value; "11"/"12" are the commercial lists (individual,
   * merchant). Check the current value table in Netgsm's documentation before going live.
   */
  iysfilter?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Netgsm wants the national number with the country code and no plus: 905321234567. */
export function netgsmNumber(e164: string): string {
  return e164.replace(/^\+/, '');
}

export class NetgsmSmsProvider implements NotificationProvider {
  readonly name = 'netgsm';
  readonly idempotent = false;
  readonly #options: NetgsmSmsProviderOptions;

  constructor(options: NetgsmSmsProviderOptions) {
    this.#options = options;
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (message.channel !== 'sms')
      throw new ProviderFailure('permanent', 'wrong-channel', 'Netgsm sends SMS only');
    const credentials = await this.#options.credentials();
    const body = {
      msgheader: credentials.msgheader,
      // "TR" sends Turkish letters with the national shift table; without it Netgsm would
      // replace them. Plain GSM-7 texts need no encoding field.
      ...(message.sms?.encoding && message.sms.encoding !== 'gsm7' ? { encoding: 'TR' } : {}),
      iysfilter: this.#options.iysfilter ?? '0',
      messages: [{ msg: message.text, no: netgsmNumber(message.to) }],
    };
    const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(
        `${this.#options.baseUrl ?? 'https://api.netgsm.com.tr'}/sms/rest/v2/send`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Basic ${auth}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
        },
      );
    } catch (err) {
      throw transportFailure(err);
    }
    let data: { code?: unknown; description?: unknown; jobid?: unknown } = {};
    try {
      data = (await response.json()) as typeof data;
    } catch {
      // A 5xx page from a proxy: Netgsm did not answer, so nothing was queued.
      if (response.status >= 500)
        throw new ProviderFailure('retryable', `http-${response.status}`, 'no JSON body');
      throw new ProviderFailure('unknown', `http-${response.status}`, 'Netgsm answered without a JSON body');
    }
    const code = typeof data.code === 'string' ? data.code : String(data.code ?? '');
    if (
      (response.status === 200 || response.status === 406) &&
      code === '00' &&
      typeof data.jobid === 'string'
    ) {
      return { providerMessageId: data.jobid };
    }
    const description = typeof data.description === 'string' ? data.description : '';
    if (response.status >= 500 || RETRYABLE_CODES.has(code)) {
      throw new ProviderFailure('retryable', `netgsm-${code || response.status}`, description);
    }
    throw new ProviderFailure('permanent', `netgsm-${code || response.status}`, description);
  }
}
