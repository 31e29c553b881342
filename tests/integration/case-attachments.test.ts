import { beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Case attachments end to end on the local cloud: the API signs a POST form, the
 * file goes straight to S3 (the local S3 gateway in front of fauxqs, which checks
 * the policy as S3 does), the API checks the stored bytes on confirmation, and a
 * presigned GET brings the same bytes back. Karesi staff own the case; Altıeylül
 * staff must not learn that it or its files exist.
 */

const tokens: Record<string, string> = {};
const as = (user: string, lang = 'tr') => ({
  authorization: `Bearer ${tokens[user]}`,
  'accept-language': lang,
});

/** A real baseline JPEG (8×8 mid-grey, DC-only scan), built byte by byte: small and decodable. */
function smallJpeg(): Uint8Array {
  const segment = (marker: number, body: number[]) => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 0xff,
    ...body,
  ];
  const oneSymbolTable = (tableClassAndId: number) => [
    tableClassAndId,
    1,
    ...new Array<number>(15).fill(0),
    0x00,
  ];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneSymbolTable(0x00)),
    ...segment(0xc4, oneSymbolTable(0x10)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    // DC difference 0 (code "0"), end of block (code "0"), padded with ones.
    0x3f,
    0xff,
    0xd9,
  ]);
}

interface UploadTicket {
  attachmentId: string;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
}

async function requestUpload(user: string, caseId: string, body: Record<string, unknown>) {
  return postJson(`/v1/staff/cases/${caseId}/attachments`, body, as(user));
}

/** POSTs a file to a presigned form exactly as a browser's FormData does: the fields, then the file. */
async function uploadToS3(
  ticket: UploadTicket,
  bytes: Uint8Array,
  type: string,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.upload.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type }), 'upload');
  return fetch(ticket.upload.url, { method: 'POST', body: form, headers });
}

const confirm = (user: string, caseId: string, attachmentId: string, body: unknown = {}) =>
  postJson(`/v1/staff/cases/${caseId}/attachments/${attachmentId}/confirm`, body, as(user));

let caseId: string;
const jpeg = smallJpeg();

beforeAll(async () => {
  ({ caseId } = await fileRoutedCase(
    potholeSubmission({
      lat: 39.6485,
      lon: 27.8862,
      neighbourhood: 'Dumlupınar',
      address: 'Dumlupınar Mah. 7. Sokak No:3',
    }),
  ));
  for (const user of ['karesi.staff', 'karesi.manager', 'altieylul.staff'])
    tokens[user] = (await signIn(user)).IdToken;
});

describe('a Karesi staff member attaches a photo to a Karesi case', () => {
  let attachmentId: string;

  it('gets a presigned POST form for an allowed type, valid for ten minutes', async () => {
    const res = await requestUpload('karesi.staff', caseId, {
      fileName: 'çukur önü.jpg',
      contentType: 'image/jpeg',
      sizeBytes: jpeg.length,
      purpose: 'evidence',
    });
    expect(res.status).toBe(201);
    const ticket = res.json as unknown as UploadTicket;
    expect(ticket.attachmentId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ticket.upload.url.startsWith(inject('endpoints').s3Endpoint)).toBe(true);
    expect(ticket.upload.fields).toMatchObject({ 'Content-Type': 'image/jpeg', Policy: expect.any(String) });
    const ttl = Date.parse(ticket.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    // Nothing is on the case until the upload is confirmed.
    const detail = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    expect((detail.json.case as { attachments: unknown[] }).attachments).toEqual([]);

    const uploaded = await uploadToS3(ticket, jpeg, 'image/jpeg');
    expect(uploaded.status).toBe(204);
    attachmentId = ticket.attachmentId;
  });

  it('confirms the upload: the case holds the attachment, never its storage key', async () => {
    const before = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    const res = await confirm('karesi.staff', caseId, attachmentId);
    expect(res.status).toBe(200);
    const attachment = res.json.attachment as Record<string, unknown>;
    expect(attachment).toMatchObject({
      id: attachmentId,
      fileName: 'çukur önü.jpg',
      contentType: 'image/jpeg',
      sizeBytes: jpeg.length,
      purpose: 'evidence',
      uploadedBy: { kind: 'staff', tenantId: 'balikesir-karesi' },
      storageTenantId: 'balikesir-karesi',
    });
    expect(JSON.stringify(res.json)).not.toMatch(/t\/balikesir-karesi\/cases/);

    const after = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    const c = after.json.case as { attachments: unknown[]; version: number };
    expect(c.attachments).toEqual([attachment]);
    expect(c.version).toBe((before.json.case as { version: number }).version + 1);
    const events = (
      after.json.timeline as { type: string; visibility: string; data?: Record<string, unknown> }[]
    ).filter((e) => e.type === 'attachment_added');
    expect(events).toEqual([
      expect.objectContaining({ visibility: 'internal', data: expect.objectContaining({ attachmentId }) }),
    ]);
    // The timeline names no file: file names often carry people's names.
    expect(JSON.stringify(after.json.timeline)).not.toContain('çukur önü');
  });

  it('answers a second confirmation with the same attachment and changes nothing', async () => {
    const before = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    const again = await confirm('karesi.staff', caseId, attachmentId);
    expect(again.status).toBe(200);
    expect((again.json.attachment as { id: string }).id).toBe(attachmentId);
    const after = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    expect((after.json.case as { version: number }).version).toBe(
      (before.json.case as { version: number }).version,
    );
    expect((after.json.case as { attachments: unknown[] }).attachments).toHaveLength(1);
  });

  it('downloads the same bytes through a five-minute presigned GET, under the stored name', async () => {
    const res = await getJson(`/v1/staff/cases/${caseId}/attachments/${attachmentId}`, as('karesi.staff'));
    expect(res.status).toBe(200);
    const { url, expiresAt } = res.json as { url: string; expiresAt: string };
    const ttl = Date.parse(expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(jpeg);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="cukur onu.jpg"; filename*=UTF-8''%C3%A7ukur%20%C3%B6n%C3%BC.jpg`,
    );
    // A link is not a key: another file's name under the same signature is refused.
    const tampered = await fetch(url.replace(attachmentId, attachmentId.replace(/.$/, '0')));
    expect(tampered.status).toBe(403);
  });

  it('records each download link in the audit trail', async () => {
    const admin = (await signIn('karesi.admin')).IdToken;
    const trail = await getJson(`/v1/staff/audit?caseId=${caseId}`, { authorization: `Bearer ${admin}` });
    expect(trail.status).toBe(200);
    expect(JSON.stringify(trail.json)).toContain('attachment.download');
  });
});

describe('refused uploads', () => {
  it('deletes a renamed executable declared as a photo and answers 422', async () => {
    const exe = Uint8Array.from([
      0x4d,
      0x5a,
      0x90,
      0x00,
      0x03,
      0x00,
      0x00,
      0x00,
      ...new Array<number>(200).fill(0),
    ]);
    const ticket = (
      await requestUpload('karesi.staff', caseId, {
        fileName: 'fotograf.jpg',
        contentType: 'image/jpeg',
        sizeBytes: exe.length,
        purpose: 'evidence',
      })
    ).json as unknown as UploadTicket;
    expect((await uploadToS3(ticket, exe, 'image/jpeg')).status).toBe(204);
    // White box: the key the server chose (fauxqs does not check signatures, so a plain HEAD works).
    const objectUrl = `${ticket.upload.url}/${ticket.upload.fields.key}`;
    expect((await fetch(objectUrl, { method: 'HEAD' })).status).toBe(200);

    const res = await postJson(
      `/v1/staff/cases/${caseId}/attachments/${ticket.attachmentId}/confirm`,
      {},
      as('karesi.staff', 'en'),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json).toMatchObject({ code: 'attachment-type-mismatch', status: 422 });
    expect(String(res.json.detail)).toContain('image/jpeg');
    expect((await fetch(objectUrl, { method: 'HEAD' })).status).toBe(404);
    const detail = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    expect(JSON.stringify((detail.json.case as { attachments: unknown[] }).attachments)).not.toContain(
      ticket.attachmentId,
    );
    const retried = await confirm('karesi.staff', caseId, ticket.attachmentId);
    expect(retried.status).toBe(404);
    expect(retried.json.code).toBe('attachment-not-found');
  });

  it('lets the POST policy refuse a file over the type limit, and stores nothing', async () => {
    const ticket = (
      await requestUpload('karesi.staff', caseId, {
        fileName: 'buyuk.jpg',
        contentType: 'image/jpeg',
        sizeBytes: 1000,
        purpose: 'evidence',
      })
    ).json as unknown as UploadTicket;
    const tooLarge = new Uint8Array(10 * 1024 * 1024 + 1);
    tooLarge.set(jpeg.subarray(0, 4));
    const res = await uploadToS3(ticket, tooLarge, 'image/jpeg');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>EntityTooLarge</Code>');
    expect((await confirm('karesi.staff', caseId, ticket.attachmentId)).status).toBe(404);
  });

  it('lets the POST policy refuse a form whose content type was changed', async () => {
    const ticket = (
      await requestUpload('karesi.staff', caseId, {
        fileName: 'foto.jpg',
        contentType: 'image/jpeg',
        sizeBytes: jpeg.length,
        purpose: 'evidence',
      })
    ).json as unknown as UploadTicket;
    ticket.upload.fields['Content-Type'] = 'text/html';
    const res = await uploadToS3(ticket, jpeg, 'text/html');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('validates the declaration at the edge: type allow-list, per-type limit, extension', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ fileName: 'setup.exe', contentType: 'application/x-msdownload', sizeBytes: 10 }, 'contentType'],
      [{ fileName: 'foto.jpg', contentType: 'image/jpeg', sizeBytes: 11 * 1024 * 1024 }, 'sizeBytes'],
      [{ fileName: 'foto.pdf', contentType: 'image/jpeg', sizeBytes: 10 }, 'fileName'],
    ];
    for (const [body, path] of cases) {
      const res = await requestUpload('karesi.staff', caseId, { purpose: 'document', ...body });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('validation-failed');
      expect((res.json.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    }
  });

  it('answers 403 action-not-allowed to a manager, who may read the case but not add to it', async () => {
    const res = await requestUpload('karesi.manager', caseId, {
      fileName: 'foto.jpg',
      contentType: 'image/jpeg',
      sizeBytes: 100,
      purpose: 'evidence',
    });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('action-not-allowed');
  });
});

describe('another district', () => {
  it('gets 404 on all three routes, exactly as for a case that does not exist', async () => {
    const detail = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    const [attachment] = (detail.json.case as { attachments: { id: string }[] }).attachments;
    const id = attachment?.id ?? '';
    const upload = await requestUpload('altieylul.staff', caseId, {
      fileName: 'foto.jpg',
      contentType: 'image/jpeg',
      sizeBytes: 100,
      purpose: 'evidence',
    });
    const confirmed = await confirm('altieylul.staff', caseId, id);
    const download = await getJson(`/v1/staff/cases/${caseId}/attachments/${id}`, as('altieylul.staff'));
    for (const res of [upload, confirmed, download]) {
      expect(res.status).toBe(404);
      expect(res.json.code).toBe('case-not-found');
    }
  });
});

describe('the browser path (CORS on the upload URL)', () => {
  it('answers the portal’s preflight and adds CORS headers to its upload', async () => {
    const origin = inject('endpoints').portalUrl;
    const ticket = (
      await requestUpload('karesi.staff', caseId, {
        fileName: 'tarayici.jpg',
        contentType: 'image/jpeg',
        sizeBytes: jpeg.length,
        purpose: 'document',
      })
    ).json as unknown as UploadTicket;
    const preflight = await fetch(ticket.upload.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const upload = await uploadToS3(ticket, jpeg, 'image/jpeg', { origin });
    expect(upload.status).toBe(204);
    expect(upload.headers.get('access-control-allow-origin')).toBe(origin);
    expect(upload.headers.get('access-control-expose-headers')).toContain('ETag');

    const foreign = await fetch(ticket.upload.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
