import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import type { CaseEvent, CaseEventType } from './case-event.ts';
import {
  createWebhookRequest,
  formatWebhookSignature,
  isWebhookStep,
  parseWebhookSignature,
  updateWebhookRequest,
  WEBHOOK_MAX_ATTEMPTS,
  webhookAudience,
  webhookPayload,
  webhookRetryDelaySeconds,
  webhookSigningInput,
} from './outbound-webhooks.ts';

const closedCase: Case = {
  id: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'CLOSED',
  workTypeCode: 'WATER-LEAK',
  catalogVersion: '1',
  kind: 'request',
  priority: 'high',
  channel: 'call_center',
  description: 'Ayşe Yılmaz, 0532 123 45 67: sokakta su borusu patladı.',
  location: {
    lat: 39.648312,
    lon: 27.882511,
    address: 'Atatürk Cad. No:12 D:3',
    neighbourhood: 'Hisariçi',
    districtTenantId: 'balikesir-karesi',
  },
  attachments: [{ fileName: 'ayse-yilmaz-boru.jpg', contentType: 'image/jpeg', sizeBytes: 1000 }],
  contact: {
    name: 'Ayşe Yılmaz',
    phone: '+905321234567',
    email: 'ayse@gmail.com',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-01' },
  ownerTenantId: 'baski',
  ownerDepartmentCode: 'WATER',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
  slaDueAt: '2026-11-01T16:00:00.000Z',
  closedAt: '2026-11-02T10:00:00.000Z',
  assignee: { kind: 'user', id: 'u-mehmet', name: 'Mehmet Demir' } as Case['assignee'],
  result: {
    code: 'RESOLVED',
    publicAnswer: 'Boru onarıldı, su verildi.',
    internalNote: 'Vatandaş Ayşe Hanım ile 0532 123 45 67 üzerinden görüşüldü.',
    at: '2026-11-02T10:00:00.000Z',
    by: { kind: 'staff', id: 'u-mehmet', tenantId: 'baski' } as never,
  } as Case['result'],
  version: 9,
};

const event = (type: CaseEventType, tenantId: string | undefined, n: number): CaseEvent => ({
  caseId: closedCase.id,
  eventId: `01J9Z3M6W8X2Y4Q5R7S9T1V3${String(n).padStart(2, '0')}`,
  at: `2026-11-01T10:${String(n).padStart(2, '0')}:00.000Z`,
  type,
  actor: { kind: 'system', id: 'routing' } as never,
  visibility: 'public',
  status: 'ROUTED',
  ...(tenantId ? { tenantId } : {}),
});

describe('webhook payload', () => {
  const payload = webhookPayload({
    type: 'case.closed',
    tenantId: 'baski',
    event: { ...event('closed', 'baski', 9), status: 'CLOSED' },
    case: closedCase,
  });
  const text = JSON.stringify(payload);

  it('carries the tenant-visible summary: tracking number, status, work type, owner, times, public answer', () => {
    expect(payload).toMatchObject({
      id: 'evt_01J9Z3M6W8X2Y4Q5R7S9T1V309',
      type: 'case.closed',
      tenantId: 'baski',
      data: {
        event: { type: 'closed', status: 'CLOSED', tenantId: 'baski' },
        case: {
          trackingNo: '482739150266',
          status: 'CLOSED',
          workTypeCode: 'WATER-LEAK',
          ownerTenantId: 'baski',
          ownerDepartmentCode: 'WATER',
          closedAt: '2026-11-02T10:00:00.000Z',
          result: { code: 'RESOLVED', publicAnswer: 'Boru onarıldı, su verildi.' },
        },
      },
    });
  });

  it('has no personal data: no name, phone, e-mail, address, coordinates, description, notes or assignee', () => {
    for (const secret of [
      'Ayşe',
      'Yılmaz',
      '5321234567',
      '532 123 45 67',
      'ayse@gmail.com',
      'Atatürk',
      '39.648312',
      '27.882511',
      'sokakta',
      'Mehmet',
      'u-mehmet',
      'Vatandaş',
      'boru.jpg',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(Object.keys(payload.data.case ?? {})).not.toEqual(
      expect.arrayContaining(['contact', 'location', 'description', 'attachments', 'assignee', 'consent']),
    );
  });
});

describe('who hears about an event', () => {
  const timeline = [
    event('created', undefined, 1),
    event('routed', 'balikesir-karesi', 2),
    event('note', 'balikesir-karesi', 3),
    event('accepted', 'balikesir-karesi', 4),
    event('transferred', 'baski', 5),
    event('comment', 'baski', 6),
    event('closed', 'baski', 7),
  ];
  const audience = (n: number) => webhookAudience(timeline, timeline[n - 1]?.eventId ?? '');

  it('a case not yet routed reaches nobody', () => {
    expect(audience(1)).toEqual([]);
  });

  it('routing brings case.created to the new owner; later steps are case.changed', () => {
    expect(audience(2)).toEqual([{ tenantId: 'balikesir-karesi', type: 'case.created' }]);
    expect(audience(4)).toEqual([{ tenantId: 'balikesir-karesi', type: 'case.changed' }]);
  });

  it('internal bookkeeping (routing notes, comments) sends nothing', () => {
    expect(audience(3)).toEqual([]);
    expect(audience(6)).toEqual([]);
  });

  it('a transfer is case.created for the new owner and case.changed for the former one', () => {
    expect(audience(5)).toEqual([
      { tenantId: 'baski', type: 'case.created' },
      { tenantId: 'balikesir-karesi', type: 'case.changed' },
    ]);
  });

  it('closing reaches the owner and every former owner as case.closed', () => {
    expect(audience(7)).toEqual([
      { tenantId: 'balikesir-karesi', type: 'case.closed' },
      { tenantId: 'baski', type: 'case.closed' },
    ]);
  });

  it('property: only tenants that own or owned the case by then ever hear of it', () => {
    const tenants = ['metro', 'karesi', 'altieylul', 'baski'];
    const types = ['created', 'routed', 'accepted', 'transferred', 'note', 'closed', 'reopened'] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ type: fc.constantFrom(...types), tenant: fc.option(fc.constantFrom(...tenants)) }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (steps) => {
          const events = steps.map((s, i) => event(s.type, s.tenant ?? undefined, i + 1));
          events.forEach((e, i) => {
            const owners = new Set(events.slice(0, i + 1).flatMap((x) => (x.tenantId ? [x.tenantId] : [])));
            for (const a of webhookAudience(events, e.eventId)) expect(owners.has(a.tenantId)).toBe(true);
            if (!isWebhookStep(e.type)) expect(webhookAudience(events, e.eventId)).toEqual([]);
          });
        },
      ),
    );
  });
});

describe('retry schedule', () => {
  it('doubles from the base delay and caps at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => webhookRetryDelaySeconds(n))).toEqual([
      30, 60, 120, 240, 480, 960, 1920,
    ]);
    expect(webhookRetryDelaySeconds(12)).toBe(3600);
    expect(webhookRetryDelaySeconds(0)).toBe(0);
    expect(webhookRetryDelaySeconds(3, 1)).toBe(4);
  });

  it('gives up after a bounded time: all waits of a delivery add up to about an hour', () => {
    const total = Array.from({ length: WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) =>
      webhookRetryDelaySeconds(i + 1),
    ).reduce((a, b) => a + b);
    expect(total).toBeGreaterThan(3_000);
    expect(total).toBeLessThan(4 * 3_600);
  });
});

describe('signature header', () => {
  it('formats and parses t=…,v1=…', () => {
    const hex = 'a'.repeat(64);
    expect(formatWebhookSignature(1_767_000_000, hex)).toBe(`t=1767000000,v1=${hex}`);
    expect(parseWebhookSignature(`t=1767000000,v1=${hex}`)).toEqual({
      timestamp: 1_767_000_000,
      signatures: [hex],
    });
    expect(parseWebhookSignature(`t=1767000000, v1=${hex}, v1=${'b'.repeat(64)}`)?.signatures).toHaveLength(
      2,
    );
    expect(webhookSigningInput(12, '{"a":1}')).toBe('12.{"a":1}');
  });

  it('rejects headers without a timestamp or a well-formed signature', () => {
    expect(parseWebhookSignature(`v1=${'a'.repeat(64)}`)).toBeUndefined();
    expect(parseWebhookSignature('t=1767000000,v1=xyz')).toBeUndefined();
    expect(parseWebhookSignature('')).toBeUndefined();
  });
});

describe('subscription requests', () => {
  const strict = createWebhookRequest();
  const local = createWebhookRequest({ allowLoopbackHttp: true });
  const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
    r.error?.issues.map((i) => i.message) ?? [];

  it('accepts an https receiver and defaults to active', () => {
    const parsed = strict.parse({
      url: 'https://cagri.karesi.bel.tr/hooks/citydesk',
      events: ['case.created'],
    });
    expect(parsed.active).toBe(true);
  });

  it('refuses http, credentials in the URL and internal addresses', () => {
    expect(
      messages(strict.safeParse({ url: 'http://cagri.karesi.bel.tr/h', events: ['case.created'] })),
    ).toEqual(['webhook.url-https']);
    expect(
      messages(strict.safeParse({ url: 'https://user:pw@cagri.karesi.bel.tr/h', events: ['case.created'] })),
    ).toEqual(['webhook.url-credentials']);
    for (const host of [
      '169.254.169.254',
      '10.0.0.5',
      '192.168.1.1',
      '127.0.0.1',
      'localhost',
      '[::1]',
      '172.20.1.1',
    ]) {
      expect(messages(strict.safeParse({ url: `https://${host}/h`, events: ['case.created'] }))).toEqual([
        'webhook.url-internal',
      ]);
    }
    expect(messages(strict.safeParse({ url: 'not a url', events: ['case.created'] }))).toEqual([
      'webhook.url',
    ]);
  });

  it('allows http on loopback only when local development says so', () => {
    expect(strict.safeParse({ url: 'http://127.0.0.1:8123/h', events: ['case.created'] }).success).toBe(
      false,
    );
    expect(local.safeParse({ url: 'http://127.0.0.1:8123/h', events: ['case.created'] }).success).toBe(true);
    expect(local.safeParse({ url: 'http://localhost:8123/h', events: ['case.closed'] }).success).toBe(true);
    expect(local.safeParse({ url: 'http://10.0.0.5/h', events: ['case.closed'] }).success).toBe(false);
  });

  it('needs at least one event, each once, and something to change', () => {
    expect(messages(strict.safeParse({ url: 'https://x.example.org/h', events: [] }))).toEqual([
      'webhook.events',
    ]);
    expect(
      messages(strict.safeParse({ url: 'https://x.example.org/h', events: ['case.closed', 'case.closed'] })),
    ).toEqual(['webhook.events']);
    expect(messages(updateWebhookRequest().safeParse({}))).toEqual(['webhook.nothing-to-change']);
    expect(updateWebhookRequest().parse({ active: false })).toEqual({ active: false });
  });
});
