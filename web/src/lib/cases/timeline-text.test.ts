import type { CaseEvent, PublicCatalog } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { eventNotes, timelineItems } from './timeline-text.ts';

/* Runs in Node, where the portal's locale is its base locale: Turkish. */

const catalog = {
  tenants: [{ id: 'balikesir-karesi', type: 'district', name: 'Karesi Belediyesi', shortName: 'Karesi' }],
  departments: [{ code: 'FEN', name: { tr: 'Fen İşleri', en: 'Public Works' } }],
  districts: [],
  workTypes: [],
  groups: [],
  neighbourhoods: [],
} as unknown as PublicCatalog;

const event = (over: Partial<CaseEvent>): CaseEvent => ({
  caseId: '01JDQ7Z8K6Y3W2V1T0S9R8Q7P6',
  eventId: '01JDQ7Z8K6Y3W2V1T0S9R8Q7P7',
  at: '2026-11-22T08:00:00.000Z',
  type: 'note',
  actor: { kind: 'staff', id: 'u-1', tenantId: 'balikesir-karesi' },
  visibility: 'internal',
  status: 'ROUTED',
  ...over,
});

describe('timeline entries for staff', () => {
  it('says where the case was by name and marks internal entries', () => {
    const [item] = timelineItems(
      [
        event({
          type: 'accepted',
          visibility: 'public',
          tenantId: 'balikesir-karesi',
          departmentCode: 'FEN',
        }),
      ],
      catalog,
    );
    expect(item).toMatchObject({
      title: 'Birim tarafından kabul edildi',
      detail: 'Karesi Belediyesi · Fen İşleri',
    });
    expect(item?.tag).toBeUndefined();
    expect(timelineItems([event({})], catalog)[0]?.tag).toBe('İç kayıt');
  });

  it('shows what a step carried: assignee and deputy, result and answer, reasons, comments', () => {
    expect(
      eventNotes(
        event({
          type: 'assigned',
          data: {
            assignee: { kind: 'user', id: 'u-2', name: 'Ali Demir' },
            deputyFor: { id: 'u-3', name: 'Zeynep' },
          },
        }),
      ),
    ).toEqual(['Görevli: Ali Demir', 'Zeynep izinde olduğu için vekiline verildi']);
    expect(
      eventNotes(
        event({ type: 'resolved', data: { resultCode: 'RESOLVED', publicAnswer: 'Çukur kapatıldı.' } }),
      ),
    ).toEqual(['Sonuç: Çözüldü / Olumlu sonuçlandı', 'Vatandaşa yanıt: Çukur kapatıldı.']);
    expect(
      eventNotes(
        event({ type: 'returned', data: { reason: 'Bizim değil.', fromTenantId: 'balikesir-karesi' } }),
        catalog,
      ),
    ).toEqual(['Önceki: Karesi Belediyesi', 'Gerekçe: Bizim değil.']);
    expect(eventNotes(event({ type: 'comment', data: { text: 'Ekip yolda.' } }))).toEqual(['Ekip yolda.']);
    expect(
      eventNotes(event({ type: 'on_hold', data: { reason: 'material', resumeOn: '2026-12-01' } })),
    ).toEqual(['Malzeme bekleniyor; devam: 1 Aralık 2026']);
  });

  it('explains routing and names files, and ignores data it does not understand', () => {
    const routing = event({
      data: { kind: 'routing', explanation: { summary: { tr: 'Kural: sokak.', en: 'Rule: street.' } } },
    });
    expect(timelineItems([routing])[0]).toMatchObject({
      title: 'Yönlendirme gerekçesi',
      notes: ['Kural: sokak.'],
    });
    const file = event({ type: 'attachment_added', data: { attachmentId: '01JDQ7Z8K6Y3W2V1T0S9R8Q7P9' } });
    const attachments = [
      {
        id: '01JDQ7Z8K6Y3W2V1T0S9R8Q7P9',
        fileName: 'once.jpg',
        contentType: 'image/jpeg' as const,
        sizeBytes: 10,
        purpose: 'evidence' as const,
        uploadedAt: '2026-11-22T08:00:00.000Z',
        uploadedBy: { kind: 'staff' as const, id: 'u-1', tenantId: 'balikesir-karesi' },
        storageTenantId: 'balikesir-karesi',
      },
    ];
    expect(eventNotes(file, undefined, attachments)).toEqual(['Dosya: once.jpg']);
    expect(eventNotes(event({ type: 'assigned', data: { assignee: 42, reason: ['x'] } }))).toEqual([]);
  });
});
