import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@citydesk/data';
import type { WebhookDeliveryView, WebhookPayload } from '@citydesk/domain';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { useHandlerEnvironment } from '../support/handler-invocation.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Outbound webhooks end to end: a receiver on this machine (the local cloud allows
 * http on loopback), subscriptions made through the admin API, cases filed and worked
 * through the public and staff APIs, deliveries made by the real queue worker. The
 * worker's retry base is 1 s in the local cloud, so retries finish within seconds;
 * the assertions wait for outcomes, never for a fixed time.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
/** The flaky receiver fails the first two attempts of each delivery. */
const flakyCalls = new Map<string, number>();
let server: Server;
let base: string;

const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

async function send(method: 'PATCH' | 'DELETE', path: string, user: string, body?: unknown) {
  const res = await fetch(apiUrl(path), {
    method,
    headers: { 'content-type': 'application/json', ...as(user) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function subscribe(user: string, path: string, events: string[]) {
  const res = await postJson(
    '/v1/admin/webhooks',
    { url: `${base}${path}`, events, description: `test receiver ${path}` },
    as(user),
  );
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string; url: string };
}

const payloadOf = (r: Received) => JSON.parse(r.body) as WebhookPayload;
const forCase = (path: string, caseId: string) =>
  received.filter((r) => r.path === path && payloadOf(r).data.case?.id === caseId);

async function deliveries(user: string, webhookId: string) {
  const res = await getJson(`/v1/admin/webhooks/${webhookId}/deliveries?limit=50`, as(user));
  expect(res.status).toBe(200);
  return res.json.items as WebhookDeliveryView[];
}

let karesi: { id: string; secret: string };
let flaky: { id: string; secret: string };
let altieylul: { id: string; secret: string };
let karesiCase: { caseId: string; trackingNo: string };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body });
      let status = 200;
      if (path === '/flaky') {
        const id = String(req.headers['x-citydesk-delivery']);
        const n = (flakyCalls.get(id) ?? 0) + 1;
        flakyCalls.set(id, n);
        status = n <= 2 ? 500 : 200;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not yet');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const user of ['karesi.admin', 'karesi.supervisor', 'karesi.staff', 'altieylul.admin'])
    tokens[user] = (await signIn(user)).IdToken;
  karesi = await subscribe('karesi.admin', '/karesi', ['case.created', 'case.changed', 'case.closed']);
  flaky = await subscribe('karesi.admin', '/flaky', ['case.changed']);
  altieylul = await subscribe('altieylul.admin', '/altieylul', [
    'case.created',
    'case.changed',
    'case.closed',
  ]);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('outbound webhooks', () => {
  it('tell Karesi’s receiver that a case routed to Karesi was created, signed with its secret', async () => {
    karesiCase = await fileRoutedCase(
      potholeSubmission({ lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' }),
    );
    const created = await eventually(async () => forCase('/karesi', karesiCase.caseId)[0]);
    const payload = payloadOf(created);
    expect(payload).toMatchObject({
      type: 'case.created',
      tenantId: 'balikesir-karesi',
      data: {
        event: { type: 'routed' },
        case: { trackingNo: karesiCase.trackingNo, ownerTenantId: 'balikesir-karesi' },
      },
    });
    expect(created.headers['x-citydesk-event']).toBe('case.created');
    expect(created.headers['x-citydesk-delivery']).toBe(`${karesi.id}.${payload.data.event?.id}`);
    expect(created.headers['content-type']).toBe('application/json');
    const signature = String(created.headers['x-citydesk-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(karesi.secret, created.body, signature)).toBe(true);
    expect(verifyWebhookSignature(altieylul.secret, created.body, signature)).toBe(false);
    // The citizen's name, phone and description never leave the platform.
    for (const personal of ['Ayşe', 'Yılmaz', '765 43 21', '7654321', 'çukur'])
      expect(created.body).not.toContain(personal);
  });

  it('tell both of Karesi’s receivers that the case changed; the failing one is retried until it answers', async () => {
    const view = await getJson(`/v1/staff/cases/${karesiCase.caseId}`, as('karesi.supervisor'));
    const version = (view.json.case as { version: number }).version;
    const accepted = await postJson(
      `/v1/staff/cases/${karesiCase.caseId}/actions`,
      { action: 'accept', expectedVersion: version },
      as('karesi.supervisor'),
    );
    expect(accepted.status).toBe(200);
    const changed = await eventually(async () =>
      forCase('/karesi', karesiCase.caseId).find((r) => payloadOf(r).type === 'case.changed'),
    );
    expect(payloadOf(changed).data).toMatchObject({ event: { type: 'accepted', status: 'ACCEPTED' } });

    const log = await eventually(
      async () => (await deliveries('karesi.admin', flaky.id)).find((d) => d.status === 'delivered'),
      30_000,
    );
    expect(log).toMatchObject({ eventType: 'case.changed', attempts: 3, lastStatusCode: 200 });
    expect(log.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(log.attemptLog[0]?.error).toBe('HTTP 500');
    // Three posts of the same delivery, byte for byte, each freshly signed.
    const posts = forCase('/flaky', karesiCase.caseId);
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.body)).size).toBe(1);
    expect(new Set(posts.map((p) => p.headers['x-citydesk-delivery'])).size).toBe(1);
    for (const p of posts)
      expect(verifyWebhookSignature(flaky.secret, p.body, String(p.headers['x-citydesk-signature']))).toBe(
        true,
      );
  });

  it('never post a delivered event twice when its queue messages come again', async () => {
    useHandlerEnvironment();
    const { handler } = await import('../../functions/src/workers/deliver-webhooks.ts');
    const routedEvent = payloadOf(forCase('/karesi', karesiCase.caseId)[0] as Received).data.event?.id ?? '';
    const before = received.length;
    const record = (body: unknown, n: number) => ({
      messageId: `redelivered-${n}`,
      receiptHandle: `redelivered-${n}`,
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '2' },
    });
    const event = {
      Records: [
        // The dispatcher's copy of the routed event's analytics intent, again…
        record(
          { intent: 'analytics', caseId: karesiCase.caseId, eventId: routedEvent, eventType: 'routed' },
          1,
        ),
        // …and the delivery message the first fan-out queued for Karesi's subscription.
        record(
          {
            kind: 'webhook-delivery',
            subscriptionId: karesi.id,
            tenantId: 'balikesir-karesi',
            eventId: routedEvent,
          },
          2,
        ),
      ],
    } as unknown as SQSEvent;
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(received.length).toBe(before);
    const entry = (await deliveries('karesi.admin', karesi.id)).find((d) => d.eventId === routedEvent);
    expect(entry).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('never tell Altıeylül about Karesi’s cases, and keep each tenant’s subscriptions to itself', async () => {
    // Everything Karesi's receivers were due has arrived (above), so anything for Altıeylül would have too.
    expect(received.filter((r) => r.path === '/altieylul' && r.body.includes(karesiCase.caseId))).toEqual([]);
    expect(await deliveries('altieylul.admin', altieylul.id)).toEqual([]);
    const list = await getJson('/v1/admin/webhooks', as('altieylul.admin'));
    // Other suites share this local cloud and may subscribe Altıeylül too: never Karesi's, though.
    const items = list.json.items as { id: string; tenantId: string }[];
    expect(items.map((w) => w.id)).toContain(altieylul.id);
    expect(items.map((w) => w.id)).not.toContain(karesi.id);
    for (const w of items) expect(w.tenantId).toBe('balikesir-altieylul');
    expect((await getJson(`/v1/admin/webhooks/${karesi.id}/deliveries`, as('altieylul.admin'))).status).toBe(
      404,
    );
    expect(
      (await send('PATCH', `/v1/admin/webhooks/${karesi.id}`, 'altieylul.admin', { active: false })).status,
    ).toBe(404);
    expect((await send('DELETE', `/v1/admin/webhooks/${karesi.id}`, 'altieylul.admin')).status).toBe(404);
  });

  it('are managed by the tenant’s administrators only, with the secret shown once', async () => {
    expect((await getJson('/v1/admin/webhooks', as('karesi.staff'))).status).toBe(403);
    const list = await getJson('/v1/admin/webhooks', as('karesi.admin'));
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.json)).not.toContain(karesi.secret);
    expect(list.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: karesi.id, active: true, url: `${base}/karesi` }),
      ]),
    );
    const internal = await postJson(
      '/v1/admin/webhooks',
      { url: 'https://169.254.169.254/latest', events: ['case.created'] },
      { ...as('karesi.admin'), 'accept-language': 'en' },
    );
    expect(internal.status).toBe(400);
    expect(JSON.stringify(internal.json)).toContain('internal network address');
  });

  it('switch off, rotate the secret, ping with the new one, and delete', async () => {
    const off = await send('PATCH', `/v1/admin/webhooks/${flaky.id}`, 'karesi.admin', { active: false });
    expect(off).toMatchObject({ status: 200, json: { active: false } });
    const rotated = await postJson(`/v1/admin/webhooks/${karesi.id}/rotate-secret`, {}, as('karesi.admin'));
    expect(rotated.status).toBe(200);
    const secret = String(rotated.json.secret);
    expect(secret).not.toBe(karesi.secret);
    const ping = await postJson(`/v1/admin/webhooks/${karesi.id}/test`, {}, as('karesi.admin'));
    expect(ping).toMatchObject({
      status: 200,
      json: { eventType: 'ping', status: 'delivered', attempts: 1 },
    });
    const arrived = received.find((r) => r.headers['x-citydesk-event'] === 'ping');
    expect(arrived).toBeDefined();
    const signature = String(arrived?.headers['x-citydesk-signature']);
    expect(verifyWebhookSignature(secret, arrived?.body ?? '', signature)).toBe(true);
    expect(verifyWebhookSignature(karesi.secret, arrived?.body ?? '', signature)).toBe(false);
    const log = await deliveries('karesi.admin', karesi.id);
    expect(log[0]).toMatchObject({ eventType: 'ping', status: 'delivered' });

    expect((await send('DELETE', `/v1/admin/webhooks/${karesi.id}`, 'karesi.admin')).status).toBe(204);
    expect((await send('DELETE', `/v1/admin/webhooks/${karesi.id}`, 'karesi.admin')).status).toBe(404);
  });
});
