import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { AttachmentStore, attachmentDisposition, attachmentKey } from './attachment-store.ts';

/*
 * Presigning happens offline (a signature over a policy or a canonical request), so
 * these run without S3; storing, reading and tagging are covered by the integration
 * test against the local cloud.
 */

const s3 = new S3Client({
  region: 'eu-central-1',
  endpoint: 'http://127.0.0.1:4578',
  forcePathStyle: true,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const now = new Date('2026-11-02T08:00:00.000Z');
const store = new AttachmentStore(s3, 'citydesk-local-attachments', () => now);

describe('attachment keys', () => {
  it("put every file under its tenant's prefix", () => {
    expect(attachmentKey('balikesir-karesi', '01CASE', '01FILE')).toBe(
      't/balikesir-karesi/cases/01CASE/01FILE',
    );
  });
});

describe('presignUpload', () => {
  it('binds key, type, metadata, pending tag and a size range into a policy that expires', async () => {
    const upload = await store.presignUpload({
      key: 't/balikesir-karesi/cases/01CASE/01FILE',
      contentType: 'image/jpeg',
      maxBytes: 10 * 1024 * 1024,
      upload: {
        caseId: '01CASE',
        attachmentId: '01FILE',
        fileName: 'çukur önü.jpg',
        purpose: 'evidence',
        uploaderId: 'user-1',
      },
      expiresInSeconds: 600,
    });
    expect(upload.url).toBe('http://127.0.0.1:4578/citydesk-local-attachments');
    expect(upload.expiresAt).toEqual(new Date('2026-11-02T08:10:00.000Z'));
    expect(upload.fields).toMatchObject({
      key: 't/balikesir-karesi/cases/01CASE/01FILE',
      'Content-Type': 'image/jpeg',
      'x-amz-meta-file-name': encodeURIComponent('çukur önü.jpg'),
      'x-amz-meta-purpose': 'evidence',
      'x-amz-meta-uploader-id': 'user-1',
      tagging: expect.stringContaining('<Key>upload-state</Key><Value>pending</Value>'),
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    });
    const policy = JSON.parse(Buffer.from(String(upload.fields.Policy), 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(new Date(policy.expiration).getTime()).toBeGreaterThan(Date.now());
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 10 * 1024 * 1024],
        { 'Content-Type': 'image/jpeg' },
        { key: 't/balikesir-karesi/cases/01CASE/01FILE' },
        { bucket: 'citydesk-local-attachments' },
        { 'x-amz-meta-case-id': '01CASE' },
      ]),
    );
    expect(upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('presignDownload', () => {
  it('signs a short-lived GET that downloads under the stored name and type', async () => {
    const { url, expiresAt } = await store.presignDownload({
      key: 't/balikesir-karesi/cases/01CASE/01FILE',
      fileName: 'çukur önü.jpg',
      contentType: 'image/jpeg',
      expiresInSeconds: 300,
    });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe(
      'http://127.0.0.1:4578/citydesk-local-attachments/t/balikesir-karesi/cases/01CASE/01FILE',
    );
    expect(parsed.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(parsed.searchParams.get('response-content-type')).toBe('image/jpeg');
    expect(parsed.searchParams.get('response-content-disposition')).toBe(
      attachmentDisposition('çukur önü.jpg'),
    );
    expect(expiresAt).toEqual(new Date('2026-11-02T08:05:00.000Z'));
  });
});

describe('attachmentDisposition', () => {
  it('offers an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('çukur önü.jpg')).toBe(
      `attachment; filename="cukur onu.jpg"; filename*=UTF-8''%C3%A7ukur%20%C3%B6n%C3%BC.jpg`,
    );
    expect(attachmentDisposition('Işık İlçe.pdf')).toBe(
      `attachment; filename="Isik Ilce.pdf"; filename*=UTF-8''I%C5%9F%C4%B1k%20%C4%B0l%C3%A7e.pdf`,
    );
  });

  it('cannot be broken out of: quotes, backslashes and separators are replaced', () => {
    const header = attachmentDisposition('a"; filename="evil.exe\\x.pdf');
    expect(header).toBe(
      `attachment; filename="a__ filename=_evil.exe_x.pdf"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.exe%5Cx.pdf`,
    );
    expect(attachmentDisposition('日本.png')).toBe(
      `attachment; filename="__.png"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.png`,
    );
  });
});
