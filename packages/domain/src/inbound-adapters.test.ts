import { describe, expect, it } from 'vitest';
import { rawEmailLocations } from './inbound-email.ts';
import { InboundSmsPayload, parseInboundSms } from './inbound-sms.ts';
import { filterSocialMention, SocialMentionPayload, socialMentionDraft } from './inbound-social.ts';
import { parseWhatsAppWebhook, WhatsAppWebhookPayload, whatsAppHandshake } from './inbound-whatsapp.ts';
import {
  canTriageInbox,
  caseDescriptionOf,
  inboxCommandAllowed,
  maskSender,
  statusAfter,
} from './message-inbox.ts';

/** A WhatsApp Cloud API notification as Meta documents it: one text, one image, one location, one status. */
const whatsAppPayload = {
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
            contacts: [{ profile: { name: 'Ayşe Yılmaz' }, wa_id: '905321234567' }],
            messages: [
              {
                from: '905321234567',
                id: 'wamid.HBgLOTA1MzIxMjM0NTY3FQIAEhggQ0FGRjBEMTNGMzY0',
                timestamp: '1765097400',
                type: 'text',
                text: { body: 'Sokağımızdaki çukur çok büyüdü, araçlar zarar görüyor' },
              },
              {
                from: '905321234567',
                id: 'wamid.HBgLOTA1MzIxMjM0NTY3FQIAEhggIMAGE',
                timestamp: '1765097460',
                type: 'image',
                image: {
                  caption: 'Fotoğrafı',
                  mime_type: 'image/jpeg',
                  sha256: 'abc',
                  id: '1003383421387256',
                },
              },
              {
                from: '905321234567',
                id: 'wamid.HBgLOTA1MzIxMjM0NTY3FQIAEhggLOCATION',
                timestamp: '1765097520',
                type: 'location',
                location: {
                  latitude: 39.6485,
                  longitude: 27.8862,
                  name: 'Dumlupınar',
                  address: 'Karesi, Balıkesir',
                },
              },
            ],
          },
        },
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '902661234567', phone_number_id: '106540352242922' },
            statuses: [
              { id: 'wamid.OUT', status: 'delivered', timestamp: '1765097400', recipient_id: '905321234567' },
            ],
          },
        },
      ],
    },
  ],
};

describe('WhatsApp Cloud API webhook', () => {
  it('turns text, image and location messages into drafts and ignores statuses', () => {
    const drafts = parseWhatsAppWebhook(WhatsAppWebhookPayload.parse(whatsAppPayload));
    expect(drafts).toHaveLength(3);
    const [text, image, location] = drafts;
    expect(text).toMatchObject({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgLOTA1MzIxMjM0NTY3FQIAEhggQ0FGRjBEMTNGMzY0',
      sender: { phone: '+905321234567', name: 'Ayşe Yılmaz' },
      text: 'Sokağımızdaki çukur çok büyüdü, araçlar zarar görüyor',
      receivedAt: new Date(1765097400 * 1000).toISOString(),
    });
    expect(image?.attachments).toEqual([
      { fileName: 'image-hggIMAGE', contentType: 'image/jpeg', providerMediaId: '1003383421387256' },
    ]);
    expect(image?.text).toBe('Fotoğrafı');
    expect(location?.location).toEqual({
      lat: 39.6485,
      lon: 27.8862,
      name: 'Dumlupınar',
      address: 'Karesi, Balıkesir',
    });
  });

  it('refuses other products and keeps unknown message types as a note of their type', () => {
    expect(WhatsAppWebhookPayload.safeParse({ object: 'page', entry: [] }).success).toBe(false);
    const sticker = structuredClone(whatsAppPayload);
    const value = sticker.entry[0]?.changes[0]?.value as { messages: Record<string, unknown>[] };
    value.messages = [
      { from: '905321234567', id: 'wamid.S', timestamp: '1765097400', type: 'sticker', sticker: {} },
    ];
    expect(parseWhatsAppWebhook(WhatsAppWebhookPayload.parse(sticker))[0]?.text).toBe('[sticker]');
  });

  it('answers the verification handshake only for subscribe with the right token', () => {
    const ok = (t: string) => t === 'right';
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'right', 'hub.challenge': '1158201444' };
    expect(whatsAppHandshake(query, ok)).toEqual({ ok: true, challenge: '1158201444' });
    expect(whatsAppHandshake({ ...query, 'hub.verify_token': 'wrong' }, ok)).toEqual({ ok: false });
    expect(whatsAppHandshake({ ...query, 'hub.mode': 'unsubscribe' }, ok)).toEqual({ ok: false });
    expect(whatsAppHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'right' }, ok)).toEqual({
      ok: false,
    });
  });
});

describe('inbound SMS', () => {
  const now = new Date('2026-12-07T09:00:00Z');

  it('reads Netgsm form fields, with the national number and Turkish time', () => {
    const parsed = parseInboundSms(
      InboundSmsPayload.parse({
        msgid: '88112233',
        gsmno: '5321234567',
        msg: 'Çöpler 3 gündür alınmadı',
        date: '071220261130',
      }),
      now,
    );
    expect(parsed).toEqual({
      ok: true,
      draft: {
        channel: 'sms',
        providerMessageId: '88112233',
        receivedAt: '2026-12-07T08:30:00.000Z',
        sender: { phone: '+905321234567' },
        text: 'Çöpler 3 gündür alınmadı',
        attachments: [],
      },
    });
  });

  it('reads the generic JSON spelling and names what is missing', () => {
    const json = parseInboundSms(
      InboundSmsPayload.parse({
        id: 'x-1',
        from: '+905551112233',
        text: 'Su yok',
        receivedAt: '2026-12-07T08:00:00Z',
      }),
      now,
    );
    expect(json.ok && json.draft.receivedAt).toBe('2026-12-07T08:00:00.000Z');
    expect(parseInboundSms(InboundSmsPayload.parse({ from: '+905551112233', text: 'x' }), now)).toEqual({
      ok: false,
      missing: 'id',
    });
    expect(
      parseInboundSms(InboundSmsPayload.parse({ id: '1', from: '5551112233', text: '  ' }), now),
    ).toEqual({
      ok: false,
      missing: 'text',
    });
  });
});

describe('social-media mentions', () => {
  const filters = {
    tags: ['#BalikesirBld'],
    keywords: ['çukur', 'su kesintisi'],
    excludeKeywords: ['kampanya'],
  };
  const mention = (text: string, tags: string[] = []) =>
    SocialMentionPayload.parse({ id: '1', platform: 'X', author: { handle: '@ayse' }, text, tags });

  it('keeps mentions carrying a tag (any case, with or without diacritics) or a keyword', () => {
    expect(filterSocialMention(mention('Merhaba #balıkesirbld sokak lambası yanmıyor'), filters)).toEqual({
      keep: true,
      matched: ['#BalikesirBld'],
    });
    expect(filterSocialMention(mention('Mahallede SU KESİNTİSİ var'), filters)).toMatchObject({ keep: true });
    expect(filterSocialMention(mention('Lamba yanmıyor', ['balikesirbld']), filters)).toMatchObject({
      keep: true,
    });
  });

  it('drops the rest with a reason', () => {
    expect(filterSocialMention(mention('Güzel bir gün'), filters)).toEqual({
      keep: false,
      reason: 'no-tag-or-keyword',
    });
    expect(filterSocialMention(mention('#balikesirbld kampanya başladı'), filters)).toEqual({
      keep: false,
      reason: 'excluded-keyword',
    });
    expect(filterSocialMention(mention('çukur var'), undefined)).toEqual({
      keep: false,
      reason: 'filters-not-configured',
    });
  });

  it('dedupes per platform and post id', () => {
    const draft = socialMentionDraft(mention('çukur'), new Date('2026-12-07T09:00:00Z'));
    expect(draft).toMatchObject({
      channel: 'social_media',
      providerMessageId: 'x:1',
      sender: { handle: 'ayse' },
    });
  });
});

describe('SES and S3 notifications', () => {
  const ses = {
    notificationType: 'Received',
    mail: { messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1' },
    receipt: { action: { type: 'S3', bucketName: 'citydesk-attachments', objectKey: 'inbound-email/o3vr' } },
  };

  it('finds the raw message behind an SNS envelope, a raw SES notification or an S3 event', () => {
    const expected = [
      { bucket: 'citydesk-attachments', key: 'inbound-email/o3vr', sesMessageId: ses.mail.messageId },
    ];
    expect(rawEmailLocations(JSON.stringify({ Type: 'Notification', Message: JSON.stringify(ses) }))).toEqual(
      expected,
    );
    expect(rawEmailLocations(JSON.stringify(ses))).toEqual(expected);
    const s3 = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'b' }, object: { key: 'inbound-email/a+b%C3%A7' } },
        },
      ],
    };
    expect(rawEmailLocations(JSON.stringify(s3))).toEqual([{ bucket: 'b', key: 'inbound-email/a bç' }]);
    expect(rawEmailLocations(JSON.stringify({ Event: 's3:TestEvent' }))).toEqual([]);
    expect(() => rawEmailLocations('{"hello":1}')).toThrow();
  });
});

describe('triage rules', () => {
  it('lets only the metro call centre triage its own inbox', () => {
    const agent = {
      kind: 'user',
      userId: 'u',
      tenantId: 'balikesir-bb',
      tenantType: 'metropolitan',
      roles: ['agent'],
    } as const;
    expect(canTriageInbox({ ...agent, roles: ['agent'] }, 'balikesir-bb')).toBe(true);
    expect(canTriageInbox({ ...agent, roles: ['coordinator'] }, 'balikesir-bb')).toBe(true);
    expect(canTriageInbox({ ...agent, roles: ['staff', 'supervisor'] }, 'balikesir-bb')).toBe(false);
    expect(canTriageInbox({ ...agent, roles: ['agent'] }, 'izmir-bb')).toBe(false);
    expect(
      canTriageInbox(
        { ...agent, tenantId: 'balikesir-karesi', tenantType: 'district', roles: ['agent'] },
        'balikesir-karesi',
      ),
    ).toBe(false);
  });

  it('moves messages through the statuses', () => {
    expect(inboxCommandAllowed('convert', 'new')).toBe(true);
    expect(inboxCommandAllowed('convert', 'dismissed')).toBe(false);
    expect(inboxCommandAllowed('dismiss', 'converted')).toBe(false);
    expect(inboxCommandAllowed('reply', 'converted')).toBe(true);
    expect(statusAfter('reply', 'new')).toBe('replied');
    expect(statusAfter('reply', 'converted')).toBe('converted');
    expect(statusAfter('link', 'replied')).toBe('linked');
  });

  it('masks the sender and builds a description long enough for a case', () => {
    expect(maskSender({ phone: '+905321234567', name: 'Ayşe Yılmaz' })).toBe('A*** Y*** · +90 5** *** ** 67');
    expect(maskSender({ email: 'ayse.yilmaz@gmail.com' })).toBe('a***@g***.com');
    expect(caseDescriptionOf({ text: 'Çukur' })).toBe('Çukur (gelen mesaj)');
    expect(caseDescriptionOf({ subject: 'Su', text: 'Sabahtan beri su yok' })).toBe(
      'Su\n\nSabahtan beri su yok',
    );
  });
});
