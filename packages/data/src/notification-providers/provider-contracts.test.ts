import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NetgsmSmsProvider } from './netgsm-sms-provider.ts';
import { type OutgoingMessage, ProviderFailure } from './notification-provider.ts';
import { SesEmailProvider } from './ses-email-provider.ts';
import { SnsSmsProvider } from './sns-sms-provider.ts';

/*
 * Contract tests: each adapter talks real HTTP (the AWS SDK's own serialisers, our
 * fetch for Netgsm) to a local server that records the request and answers with the
 * recorded response shapes in fixtures/. What goes over the wire is compared with the
 * documented request; each recorded answer must map to the right receipt or failure.
 */

interface Fixture {
  request: Record<string, unknown> & { method: string; path: string };
  responses: Record<string, { status: number; headers?: Record<string, string>; body: unknown }>;
}
const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Fixture;

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
let recorded: Recorded[] = [];
let reply: { status: number; headers?: Record<string, string>; body: unknown } = { status: 500, body: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      recorded.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  recorded = [];
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const message = (extra: Partial<OutgoingMessage>): OutgoingMessage => ({
  dedupeKey: 'C#E#sms#H',
  channel: 'sms',
  to: '+905321234567',
  language: 'tr',
  text: '4827-3915-0266 no.lu başvurunuz sonuçlandı.',
  sms: { encoding: 'gsm7-turkish', segments: 1 },
  caseId: '01JD0000000000000000000000',
  trackingNo: '482739150266',
  eventId: 'E',
  event: 'resolved',
  tenantId: 'balikesir-karesi',
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<ProviderFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ProviderFailure) return err;
    throw err;
  }
  throw new Error('expected a ProviderFailure');
}

describe('Amazon SES v2 SendEmail', () => {
  const f = fixture('ses-v2-send-email.json');
  const provider = () =>
    new SesEmailProvider({
      fromAddress: 'Kent Masası <bildirim@balikesir.bel.tr>',
      client: new SESv2Client({ endpoint: baseUrl, region: 'eu-central-1', credentials, maxAttempts: 1 }),
    });
  const email = message({
    channel: 'email',
    to: 'ayse@example.com',
    subject: 'Başvurunuz 4827-3915-0266 sonuçlandı',
    text: 'Çukur kapatıldı.',
    html: '<p>Çukur kapatıldı.</p>',
  });

  it('sends the documented request and returns the MessageId', async () => {
    reply = f.responses.ok as typeof reply;
    const receipt = await provider().send(email);
    expect(receipt.providerMessageId).toBe(
      (f.responses.ok as { body: { MessageId: string } }).body.MessageId,
    );
    const [req] = recorded;
    expect(req?.method).toBe(f.request.method);
    expect(req?.path).toBe(f.request.path);
    expect(req?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/ses\//,
    );
    expect(JSON.parse(req?.body ?? '')).toEqual(f.request.body);
  });

  it('throttling is retryable; a rejected message is permanent', async () => {
    reply = f.responses.throttled as typeof reply;
    expect(await failure(provider().send(email))).toMatchObject({
      kind: 'retryable',
      code: 'TooManyRequestsException',
    });
    reply = f.responses.rejected as typeof reply;
    expect(await failure(provider().send(email))).toMatchObject({
      kind: 'permanent',
      code: 'MessageRejected',
    });
  });
});

describe('Amazon SNS Publish (SMS)', () => {
  const f = fixture('sns-publish-sms.json');
  const provider = () =>
    new SnsSmsProvider({
      client: new SNSClient({ endpoint: baseUrl, region: 'eu-central-1', credentials, maxAttempts: 1 }),
    });

  it('sends the documented form and returns the MessageId', async () => {
    reply = f.responses.ok as typeof reply;
    const receipt = await provider().send(message({}));
    expect(receipt.providerMessageId).toBe('567910cd-659e-55d4-8ccb-5aaf14679dc0');
    const [req] = recorded;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/');
    expect(Object.fromEntries(new URLSearchParams(req?.body ?? ''))).toEqual(f.request.form);
  });

  it('an invalid number is permanent; an internal error is retryable', async () => {
    reply = f.responses.invalidParameter as typeof reply;
    expect(await failure(provider().send(message({})))).toMatchObject({ kind: 'permanent' });
    reply = f.responses.internalError as typeof reply;
    expect(await failure(provider().send(message({})))).toMatchObject({ kind: 'retryable' });
  });
});

describe('Netgsm REST v2 send', () => {
  const f = fixture('netgsm-rest-v2-send.json');
  const provider = (base = baseUrl) =>
    new NetgsmSmsProvider({
      baseUrl: base,
      credentials: async () => ({ username: 'kentmasasi', password: 's3cr3t', msgheader: 'BALIKESIRBB' }),
    });

  it('sends the documented JSON with Basic auth and returns the job id', async () => {
    reply = f.responses.ok as typeof reply;
    const receipt = await provider().send(message({}));
    expect(receipt.providerMessageId).toBe('17377215342605050417149344');
    const [req] = recorded;
    expect(req?.method).toBe(f.request.method);
    expect(req?.path).toBe(f.request.path);
    expect(req?.headers.authorization).toBe(f.request.authorization);
    expect(JSON.parse(req?.body ?? '')).toEqual(f.request.body);
  });

  it('plain GSM-7 texts are sent without the Turkish encoding flag', async () => {
    reply = f.responses.ok as typeof reply;
    await provider().send(
      message({ text: 'Case 4827-3915-0266 resolved.', sms: { encoding: 'gsm7', segments: 1 } }),
    );
    expect(JSON.parse(recorded[0]?.body ?? '{}')).not.toHaveProperty('encoding');
  });

  it('maps error codes: credentials permanent; rate limit and system errors retryable', async () => {
    reply = f.responses.badCredentials as typeof reply;
    expect(await failure(provider().send(message({})))).toMatchObject({
      kind: 'permanent',
      code: 'netgsm-30',
    });
    reply = f.responses.rateLimited as typeof reply;
    expect(await failure(provider().send(message({})))).toMatchObject({
      kind: 'retryable',
      code: 'netgsm-80',
    });
    reply = f.responses.systemError as typeof reply;
    expect(await failure(provider().send(message({})))).toMatchObject({
      kind: 'retryable',
      code: 'netgsm-100',
    });
  });

  it('a refused connection is retryable: nothing reached Netgsm', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    expect(await failure(provider(`http://127.0.0.1:${port}`).send(message({})))).toMatchObject({
      kind: 'retryable',
      code: 'ECONNREFUSED',
    });
  });
});
