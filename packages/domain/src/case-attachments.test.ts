import { describe, expect, it } from 'vitest';
import { AttachmentUploadRequest } from './attachment-contracts.ts';
import { MAX_ATTACHMENTS_PER_CASE } from './attachment-rules.ts';
import { caseAccessFacts } from './authorization.ts';
import { Case, type CaseAttachment, StoredAttachment } from './case.ts';
import { attachRefusal, attachToCase, findAttachment, isConfirmedAttachment } from './case-attachments.ts';
import { CaseEvent } from './case-event.ts';
import type { Principal } from './principal.ts';

const KARESI = 'balikesir-karesi';
const MIB = 1024 * 1024;

const karesiStaff: Principal = {
  kind: 'user',
  userId: 'u-karesi-staff',
  tenantId: KARESI,
  tenantType: 'district',
  roles: ['staff'],
};
const karesiManager: Principal = { ...karesiStaff, userId: 'u-karesi-manager', roles: ['manager'] };

/** A case stored before uploads existed: its one attachment is bare submission metadata. */
const stored: Case = Case.parse({
  id: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'IN_PROGRESS',
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  catalogVersion: '1',
  kind: 'request',
  priority: 'normal',
  channel: 'web',
  description: 'Sokakta derin bir çukur var',
  attachments: [{ fileName: 'cukur.jpg', contentType: 'image/jpeg', sizeBytes: 1000 }],
  consent: { accepted: true, noticeVersion: '1' },
  ownerTenantId: KARESI,
  ownerDepartmentCode: 'ROADS',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  slaDueAt: '2026-11-03T10:00:00.000Z',
  version: 3,
});

const photo: CaseAttachment = {
  id: '01JD5Q2V8M3K4N5P6R7S8T9V0W',
  fileName: 'Ayşe Yılmaz kapı önü.jpg',
  contentType: 'image/jpeg',
  sizeBytes: 2 * MIB,
  purpose: 'evidence',
  uploadedAt: '2026-11-02T08:00:00.000Z',
  uploadedBy: { kind: 'staff', id: karesiStaff.userId, tenantId: KARESI },
  storageTenantId: KARESI,
};

const ctx = (principal: Principal, c: Case = stored) => ({
  principal,
  facts: caseAccessFacts(c),
  now: new Date('2026-11-02T08:01:00.000Z'),
  newEventId: () => '01JD5Q3000000000000000000E',
});

describe('stored attachments', () => {
  it('keeps accepting the bare metadata of earlier public submissions next to confirmed uploads', () => {
    const both = Case.parse({ ...stored, attachments: [...stored.attachments, photo] });
    expect(both.attachments).toEqual([stored.attachments[0], photo]);
    expect(both.attachments.map(isConfirmedAttachment)).toEqual([false, true]);
  });

  it('refuses a confirmed upload over its type limit, and one exposing anything unknown (a storage key)', () => {
    expect(StoredAttachment.safeParse({ ...photo, sizeBytes: 11 * MIB }).success).toBe(false);
    expect(
      StoredAttachment.safeParse({ ...photo, contentType: 'video/mp4', sizeBytes: 11 * MIB }).success,
    ).toBe(true);
    expect(StoredAttachment.safeParse({ ...photo, key: 't/balikesir-karesi/cases/x/y' }).success).toBe(false);
  });
});

describe('asking for an upload', () => {
  const valid = { fileName: 'çukur.jpg', contentType: 'image/jpeg', sizeBytes: 3 * MIB, purpose: 'evidence' };

  it("accepts the browser's alias of an allowed type, normalised", () => {
    expect(
      AttachmentUploadRequest.parse({ ...valid, fileName: 'not.m4a', contentType: 'audio/x-m4a' }),
    ).toMatchObject({
      contentType: 'audio/mp4',
    });
  });

  it('accepts a file of an allowed type within its limit', () => {
    expect(AttachmentUploadRequest.parse(valid)).toEqual(valid);
    expect(
      AttachmentUploadRequest.parse({
        ...valid,
        fileName: 'kayıt.mov',
        contentType: 'video/quicktime',
        sizeBytes: 90 * MIB,
      }),
    ).toMatchObject({ sizeBytes: 90 * MIB });
  });

  it.each([
    ['a type outside the list', { contentType: 'application/x-msdownload' }, 'contentType'],
    ['a photo over 10 MB', { sizeBytes: 10 * MIB + 1 }, 'sizeBytes'],
    [
      'anything over 100 MB',
      { contentType: 'video/mp4', fileName: 'v.mp4', sizeBytes: 101 * MIB },
      'sizeBytes',
    ],
    ['an extension of another type', { fileName: 'kurulum.exe' }, 'fileName'],
    ['a folder path in the name', { fileName: '../../etc/passwd.jpg' }, 'fileName'],
    ['an unknown purpose', { purpose: 'selfie' }, 'purpose'],
    ['an extra field', { key: 't/x' }, ''],
  ])('refuses %s', (_, change, path) => {
    const result = AttachmentUploadRequest.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('attachToCase', () => {
  it('appends the attachment in the next version with an internal event that names no file', () => {
    const outcome = attachToCase(stored, photo, ctx(karesiStaff));
    if (!outcome.ok || outcome.replayed) throw new Error('expected a change');
    expect(outcome.after.version).toBe(4);
    expect(outcome.after.updatedAt).toBe('2026-11-02T08:01:00.000Z');
    expect(outcome.after.attachments).toEqual([...stored.attachments, photo]);
    expect(Case.parse(outcome.after)).toEqual(outcome.after);
    const [event] = outcome.events;
    expect(CaseEvent.parse(event)).toEqual({
      caseId: stored.id,
      eventId: '01JD5Q3000000000000000000E',
      at: '2026-11-02T08:01:00.000Z',
      type: 'attachment_added',
      actor: { kind: 'staff', id: karesiStaff.userId, tenantId: KARESI },
      visibility: 'internal',
      status: 'IN_PROGRESS',
      tenantId: KARESI,
      departmentCode: 'ROADS',
      data: { attachmentId: photo.id, contentType: 'image/jpeg', sizeBytes: 2 * MIB, purpose: 'evidence' },
    });
    expect(JSON.stringify(outcome.events)).not.toContain('Ayşe');
    expect(outcome.intents).toEqual([
      { intent: 'analytics', caseId: stored.id, eventId: event?.eventId, eventType: 'attachment_added' },
    ]);
  });

  it('is idempotent: an attachment already on the case is a replay, not a second copy', () => {
    const first = attachToCase(stored, photo, ctx(karesiStaff));
    if (!first.ok || first.replayed) throw new Error('expected a change');
    expect(findAttachment(first.after, photo.id)).toEqual(photo);
    expect(attachToCase(first.after, photo, ctx(karesiStaff, first.after))).toEqual({
      ok: true,
      replayed: true,
      attachment: photo,
    });
  });

  it('needs case.comment: a manager who may read the case may not add to it', () => {
    expect(attachRefusal(stored, karesiManager, caseAccessFacts(stored))).toBe('forbidden');
    expect(attachToCase(stored, photo, ctx(karesiManager))).toEqual({ ok: false, error: 'forbidden' });
  });

  it('adds nothing to a case whose personal data was erased', () => {
    const erased = { ...stored, anonymisedAt: '2026-11-02T00:00:00.000Z' };
    expect(attachToCase(erased, photo, ctx(karesiStaff, erased))).toEqual({ ok: false, error: 'anonymised' });
  });

  it(`stops at ${MAX_ATTACHMENTS_PER_CASE} files per case; the old bare metadata does not count`, () => {
    const full = {
      ...stored,
      attachments: [
        ...stored.attachments,
        ...Array.from({ length: MAX_ATTACHMENTS_PER_CASE }, (_, i) => ({
          ...photo,
          id: `01JD5Q2V8M3K4N5P6R7S8T${String(i).padStart(4, '0')}`,
        })),
      ],
    };
    expect(attachToCase(full, photo, ctx(karesiStaff, full))).toEqual({ ok: false, error: 'limit-reached' });
    expect(
      attachRefusal(
        { ...full, attachments: full.attachments.slice(0, -1) },
        karesiStaff,
        caseAccessFacts(full),
      ),
    ).toBeUndefined();
  });
});
