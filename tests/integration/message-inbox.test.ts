import { randomUUID } from 'node:crypto';
import { hubSignature } from '@citydesk/data';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * The message inbox end to end on the local cloud (docs/domain/message-inbox.md):
 * the WhatsApp, SMS, social-media and e-mail adapters through the gateway with their
 * real credentials (the local cloud's generated secrets), deduplication of
 * redeliveries, and the metro call centre's triage: convert (twice: the same case),
 * link, reply through the dev outbox, dismiss, versions and isolation.
 */

const env = inject('handlerEnvironment');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}`, 'accept-language': 'en' });
/** A number per run, so this suite's messages and outbox entries are its own. */
const phoneDigits = `90532${String(Date.now()).slice(-7)}`;

interface InboxItem {
  id: string;
  channel: string;
  text: string;
  subject?: string;
  senderMasked: string;
  status: string;
  version: number;
  suggestions: { code: string; score: number }[];
  location?: { lat: number; lon: number };
  attachments: { fileName: string; stored: boolean }[];
  caseId?: string;
  trackingNo?: string;
}

async function rawPost(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(apiUrl(path), { method: 'POST', headers, body });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const whatsAppPost = (payload: unknown, secret = env.WHATSAPP_APP_SECRET ?? '') => {
  const body = JSON.stringify(payload);
  return rawPost('/v1/inbound/whatsapp', body, {
    'content-type': 'application/json',
    'x-hub-signature-256': hubSignature(secret, body),
  });
};

async function findInInbox(
  user: string,
  marker: string,
  query = 'status=new&limit=100',
): Promise<InboxItem | undefined> {
  const res = await getJson(`/v1/staff/inbox?${query}`, as(user));
  expect(res.status).toBe(200);
  return (res.json.items as InboxItem[]).find((i) => i.text.includes(marker) || i.subject?.includes(marker));
}

function whatsAppPayload(messages: Record<string, unknown>[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '902661234567', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Ayşe Yılmaz' }, wa_id: phoneDigits }],
              messages,
            },
          },
        ],
      },
    ],
  };
}

const now = () => String(Math.floor(Date.now() / 1000));
const textMessage = {
  from: phoneDigits,
  id: `wamid.text.${run}`,
  timestamp: now(),
  type: 'text',
  text: { body: `Sokağımızdaki yolda büyük bir çukur var, asfalt bozuk ${run}` },
};
const locationMessage = {
  from: phoneDigits,
  id: `wamid.loc.${run}`,
  timestamp: now(),
  type: 'location',
  location: {
    latitude: 39.6485,
    longitude: 27.8862,
    name: `Dumlupınar ${run}`,
    address: 'Karesi, Balıkesir',
  },
};
const imageMessage = {
  from: phoneDigits,
  id: `wamid.img.${run}`,
  timestamp: now(),
  type: 'image',
  image: { id: '1003383421387256', mime_type: 'image/jpeg', caption: `Fotoğraf ${run}` },
};

beforeAll(async () => {
  for (const user of [
    'metro.agent',
    'metro.coordinator',
    'metro.staff',
    'karesi.supervisor',
    'platform.operator',
  ]) {
    tokens[user] = (await signIn(user)).IdToken;
  }
});

describe('WhatsApp Cloud API webhook', () => {
  it('answers the verification handshake with the verify token only', async () => {
    const challenge = `ch${run}`;
    const ok = await fetch(
      apiUrl(
        `/v1/inbound/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(env.WHATSAPP_VERIFY_TOKEN ?? '')}&hub.challenge=${challenge}`,
      ),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(challenge);
    const wrong = await fetch(
      apiUrl(`/v1/inbound/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=${challenge}`),
    );
    expect(wrong.status).toBe(403);
  });

  it('stores each message once, refuses bad signatures, and suggests work types', async () => {
    const payload = whatsAppPayload([textMessage, locationMessage, imageMessage]);
    expect((await whatsAppPost(payload, 'not-the-app-secret')).status).toBe(403);
    const unsigned = await rawPost('/v1/inbound/whatsapp', JSON.stringify(payload), {
      'content-type': 'application/json',
    });
    expect(unsigned.status).toBe(403);

    const first = await whatsAppPost(payload);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ received: 3, stored: 3, duplicates: 0 });
    // Meta redelivers until it sees a 200: the replay stores nothing new.
    const replay = await whatsAppPost(payload);
    expect(replay.json).toEqual({ received: 3, stored: 0, duplicates: 3 });

    const item = await findInInbox(
      'metro.agent',
      `asfalt bozuk ${run}`,
      'status=new&channel=whatsapp&limit=100',
    );
    expect(item).toBeDefined();
    expect(item?.senderMasked).toContain('*');
    expect(item?.senderMasked).not.toContain(phoneDigits.slice(2));
    expect(item?.suggestions.length).toBeGreaterThan(0);
    expect(item?.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('converts a message into a case, and a second click returns the same case', async () => {
    const item = (await findInInbox('metro.agent', `asfalt bozuk ${run}`)) as InboxItem;
    const workTypeCode = item.suggestions[0]?.code as string;
    const one = await getJson(`/v1/staff/inbox/${item.id}`, as('metro.agent'));
    // WhatsApp sends the location as a message of its own: the text's read shows it.
    expect(one.json.sharedLocation).toMatchObject({ lat: 39.6485, lon: 27.8862 });
    const first = await postJson(
      `/v1/staff/inbox/${item.id}/convert`,
      { version: item.version, workTypeCode },
      as('metro.agent'),
    );
    expect(first.status).toBe(201);
    const caseId = String(first.json.caseId);
    expect(first.json.trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect((first.json.message as InboxItem).status).toBe('converted');

    const second = await postJson(
      `/v1/staff/inbox/${item.id}/convert`,
      { version: item.version, workTypeCode },
      as('metro.coordinator'),
    );
    expect(second.status).toBe(200);
    expect(second.json.caseId).toBe(caseId);

    const filed = await getJson(`/v1/staff/cases/${caseId}`, as('metro.coordinator'));
    expect(filed.status).toBe(200);
    const c = filed.json.case as Record<string, unknown>;
    expect(c.channel).toBe('whatsapp');
    expect(c.workTypeCode).toBe(workTypeCode);
    expect(String(c.description)).toContain(`asfalt bozuk ${run}`);
    expect((c.contact as { preference: { channel: string } }).preference.channel).toBe('sms');
    expect(
      await findInInbox('metro.agent', `asfalt bozuk ${run}`, 'status=converted&limit=100'),
    ).toBeDefined();
  });

  it("puts a location message's point on the case", async () => {
    const item = (await findInInbox('metro.agent', `Dumlupınar ${run}`)) as InboxItem;
    expect(item.location).toEqual(expect.objectContaining({ lat: 39.6485, lon: 27.8862 }));
    const converted = await postJson(
      `/v1/staff/inbox/${item.id}/convert`,
      {
        version: item.version,
        workTypeCode: 'ROAD-POTHOLE-LOCAL',
        description: `Yolda çukur, konum paylaşıldı ${run}`,
      },
      as('metro.agent'),
    );
    expect(converted.status, JSON.stringify(converted.json)).toBe(201);
    const filed = await getJson(`/v1/staff/cases/${String(converted.json.caseId)}`, as('metro.coordinator'));
    expect((filed.json.case as { location: { lat: number; lon: number } }).location).toMatchObject({
      lat: 39.6485,
      lon: 27.8862,
    });
  });

  it('dismisses with a reason, only at the version seen, and only once', async () => {
    const item = (await findInInbox('metro.agent', `Fotoğraf ${run}`)) as InboxItem;
    expect(item.attachments).toEqual([expect.objectContaining({ stored: false })]);
    const stale = await postJson(
      `/v1/staff/inbox/${item.id}/dismiss`,
      { version: item.version + 1, reason: 'spam' },
      as('metro.agent'),
    );
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('version-conflict');
    const unknownReason = await postJson(
      `/v1/staff/inbox/${item.id}/dismiss`,
      { version: item.version, reason: 'bored' },
      as('metro.agent'),
    );
    expect(unknownReason.status).toBe(400);
    const dismissed = await postJson(
      `/v1/staff/inbox/${item.id}/dismiss`,
      { version: item.version, reason: 'no_actionable_content', note: 'Yalnızca fotoğraf' },
      as('metro.agent'),
    );
    expect(dismissed.status).toBe(200);
    expect(dismissed.json).toMatchObject({
      status: 'dismissed',
      dismissal: { reason: 'no_actionable_content' },
    });
    const again = await postJson(
      `/v1/staff/inbox/${item.id}/dismiss`,
      { version: Number(dismissed.json.version), reason: 'spam' },
      as('metro.agent'),
    );
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('inbox-message-handled');
  });
});

describe('SMS inbound webhook, reply and link', () => {
  const smsText = `Mahallemizde çöpler üç gündür alınmadı ${run}`;
  const form = (token: string) =>
    rawPost(
      `/v1/inbound/sms?token=${encodeURIComponent(token)}`,
      new URLSearchParams({ msgid: `sms-${run}`, gsmno: phoneDigits.slice(2), msg: smsText }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );

  it('takes Netgsm-style form posts with the shared token, once per message id', async () => {
    expect((await form('wrong-token')).status).toBe(403);
    const first = await form(env.INBOUND_SMS_TOKEN ?? '');
    expect(first.status).toBe(201);
    const again = await form(env.INBOUND_SMS_TOKEN ?? '');
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: first.json.id, duplicate: true });
    const header = await rawPost(
      '/v1/inbound/sms',
      JSON.stringify({ id: `sms-json-${run}`, from: `+${phoneDigits}`, text: `JSON ile gelen ${run}` }),
      { 'content-type': 'application/json', 'x-inbound-token': env.INBOUND_SMS_TOKEN ?? '' },
    );
    expect(header.status).toBe(201);
  });

  it('replies by SMS through the notification provider, once per reply id', async () => {
    const item = (await findInInbox('metro.agent', smsText)) as InboxItem;
    const replyId = randomUUID();
    const text = `Talebiniz alındı, ekibimiz yönlendirildi ${run}`;
    const reply = await postJson(
      `/v1/staff/inbox/${item.id}/reply`,
      { version: item.version, replyId, text },
      as('metro.agent'),
    );
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    expect(reply.json.status).toBe('replied');
    const retried = await postJson(
      `/v1/staff/inbox/${item.id}/reply`,
      { version: item.version, replyId, text },
      as('metro.agent'),
    );
    expect(retried.status).toBe(200);
    expect((retried.json.replies as unknown[]).length).toBe(1);
    const outbox = await getJson(
      `/v1/dev/outbox?recipient=%2B${phoneDigits}&limit=50`,
      as('metro.coordinator'),
    );
    const sent = (outbox.json.items as { text: string; channel: string }[]).filter((m) => m.text === text);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.channel).toBe('sms');
  });

  it("links a replied message to an existing case's timeline", async () => {
    const converted = (await findInInbox(
      'metro.agent',
      `asfalt bozuk ${run}`,
      'status=converted&limit=100',
    )) as InboxItem;
    const item = (await findInInbox('metro.agent', smsText, 'status=replied&limit=100')) as InboxItem;
    const linked = await postJson(
      `/v1/staff/inbox/${item.id}/link`,
      { version: item.version, trackingNo: converted.trackingNo },
      as('metro.agent'),
    );
    expect(linked.status, JSON.stringify(linked.json)).toBe(200);
    expect(linked.json).toMatchObject({ status: 'linked', caseId: converted.caseId });
    const c = await getJson(`/v1/staff/cases/${converted.caseId}`, as('metro.coordinator'));
    const comments = (c.json.timeline as { type: string; data?: { text?: string } }[]).filter(
      (e) => e.type === 'comment' && e.data?.text?.includes(smsText),
    );
    expect(comments).toHaveLength(1);
  });
});

describe('inbound e-mail (SES shape)', () => {
  it('parses a raw MIME message from the bucket into the inbox, with its attachment', async () => {
    const raw = [
      `From: =?UTF-8?Q?Mehmet_=C3=96z?= <mehmet.${run}@example.com>`,
      'To: beyazmasa@balikesir.bel.tr',
      `Subject: =?UTF-8?Q?Park_lambas=C4=B1_yanm=C4=B1yor_${run}?=`,
      `Message-ID: <${run}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="x"',
      '',
      '--x',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Parktaki sokak lambas=C4=B1 bir haftad=C4=B1r yanm=C4=B1yor.',
      '--x',
      'Content-Type: image/png',
      'Content-Disposition: attachment; filename="lamba.png"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64'),
      '--x--',
      '',
    ].join('\r\n');
    const delivered = await rawPost('/v1/dev/inbound-email', raw, {
      'content-type': 'message/rfc822',
      ...as('metro.agent'),
    });
    expect(delivered.status, delivered.text).toBe(202);
    const item = await eventually(() => findInInbox('metro.agent', `Park lambası yanmıyor ${run}`), 30_000);
    expect(item).toMatchObject({ channel: 'email', text: 'Parktaki sokak lambası bir haftadır yanmıyor.' });
    expect(item.attachments).toEqual([expect.objectContaining({ fileName: 'lamba.png', stored: true })]);
    expect(item.senderMasked).toBe(`M*** Ö*** · m***@e***.com`);
    // SES may notify twice: the Message-ID keeps it one message.
    await rawPost('/v1/dev/inbound-email', raw, { 'content-type': 'message/rfc822', ...as('metro.agent') });
    await new Promise((r) => setTimeout(r, 1500));
    const list = await getJson('/v1/staff/inbox?status=new&channel=email&limit=100', as('metro.agent'));
    expect((list.json.items as InboxItem[]).filter((i) => i.subject?.includes(run))).toHaveLength(1);
  });
});

describe('social-media mentions', () => {
  const post = (mention: Record<string, unknown>, secret = env.SOCIAL_WEBHOOK_SECRET ?? '') => {
    const body = JSON.stringify(mention);
    return rawPost('/v1/inbound/social', body, {
      'content-type': 'application/json',
      'x-hub-signature-256': hubSignature(secret, body),
    });
  };

  it("keeps mentions matching the metro's tags or keywords and counts the others", async () => {
    const settings = await getJson('/v1/admin/tenants/balikesir-bb/settings', as('platform.operator'));
    const saved = await fetch(apiUrl('/v1/admin/tenants/balikesir-bb/settings/socialMentions'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...as('platform.operator') },
      body: JSON.stringify({
        expectedVersion: settings.json.version,
        value: { tags: ['#balikesirbld'], keywords: ['çukur'], excludeKeywords: ['kampanya'] },
      }),
    });
    expect(saved.status).toBe(200);

    const mention = {
      id: `post-${run}`,
      platform: 'X',
      author: { handle: '@vatandas', name: 'Vatandaş' },
      text: `@BalikesirBld Altıeylül'de sokak lambaları yanmıyor ${run}`,
      url: `https://x.example/vatandas/status/${run}`,
    };
    expect((await post(mention, 'wrong')).status).toBe(403);
    const kept = await post(mention);
    expect(kept.status).toBe(201);
    expect(kept.json).toMatchObject({ stored: true, matched: ['#balikesirbld'] });
    expect((await post(mention)).json).toMatchObject({ stored: true, duplicate: true });

    const dropped = await post({ ...mention, id: `other-${run}`, text: `Bugün hava çok güzel ${run}` });
    expect(dropped.status).toBe(200);
    expect(dropped.json).toEqual({ stored: false, dropped: 'no-tag-or-keyword' });
    const excluded = await post({ ...mention, id: `promo-${run}`, text: `#balikesirbld kampanya ${run}` });
    expect(excluded.json).toEqual({ stored: false, dropped: 'excluded-keyword' });

    const item = await findInInbox(
      'metro.coordinator',
      `lambaları yanmıyor ${run}`,
      'status=new&channel=social_media',
    );
    expect(item?.channel).toBe('social_media');
    // No channel to answer on: the agent replies on the platform itself.
    const reply = await postJson(
      `/v1/staff/inbox/${item?.id}/reply`,
      { version: item?.version, replyId: randomUUID(), text: 'Teşekkürler' },
      as('metro.agent'),
    );
    expect(reply.status).toBe(422);
  });
});

describe('isolation', () => {
  it("is the metro call centre's inbox only", async () => {
    expect((await getJson('/v1/staff/inbox', as('karesi.supervisor'))).status).toBe(403);
    expect((await getJson('/v1/staff/inbox', as('metro.staff'))).status).toBe(403);
    expect((await getJson('/v1/staff/inbox')).status).toBe(401);
    const item = (await findInInbox(
      'metro.agent',
      `asfalt bozuk ${run}`,
      'status=converted&limit=100',
    )) as InboxItem;
    expect((await getJson(`/v1/staff/inbox/${item.id}`, as('karesi.supervisor'))).status).toBe(403);
    expect((await getJson('/v1/staff/inbox/AAAAAAAAAAAAAAAAAAAAAA', as('metro.agent'))).status).toBe(404);
  });

  it('pages through a status list with a cursor', async () => {
    const first = await getJson('/v1/staff/inbox?status=converted&limit=1', as('metro.agent'));
    expect((first.json.items as unknown[]).length).toBe(1);
    expect(first.json.nextCursor).toBeDefined();
    const second = await getJson(
      `/v1/staff/inbox?status=converted&limit=1&cursor=${String(first.json.nextCursor)}`,
      as('metro.agent'),
    );
    expect((second.json.items as InboxItem[])[0]?.id).not.toBe((first.json.items as InboxItem[])[0]?.id);
    expect((await getJson('/v1/staff/inbox?cursor=bogus', as('metro.agent'))).status).toBe(400);
  });
});
