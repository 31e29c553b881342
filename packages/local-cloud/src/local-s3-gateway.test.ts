import { S3Client } from '@aws-sdk/client-s3';
import { AttachmentStore } from '@citydesk/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocatePorts } from './local-ports.ts';
import {
  checkPostPolicy,
  checkPresignedRequest,
  type LocalS3Gateway,
  parseTaggingXml,
  startLocalS3Gateway,
} from './local-s3-gateway.ts';

/*
 * The gateway's S3 checks against forms and links signed by the real SDK (through
 * the attachment store the handlers use); storing and forwarding to fauxqs are
 * covered by tests/integration/case-attachments.test.ts.
 */

const region = 'eu-central-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const bucket = 'citydesk-local-attachments';
const key = 't/balikesir-karesi/cases/01CASE/01FILE';
const endpoint = 'http://127.0.0.1:4578';
const store = new AttachmentStore(
  new S3Client({ region, endpoint, forcePathStyle: true, credentials }),
  bucket,
);

async function signedForm(maxBytes = 1000) {
  const { fields } = await store.presignUpload({
    key,
    contentType: 'image/jpeg',
    maxBytes,
    upload: {
      caseId: '01CASE',
      attachmentId: '01FILE',
      fileName: 'çukur.jpg',
      purpose: 'evidence',
      uploaderId: 'u-1',
    },
    expiresInSeconds: 600,
  });
  return new Map(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v]));
}

const check = (fields: Map<string, string>, fileSize = 500, now = new Date()) =>
  checkPostPolicy({ bucket, fields, fileSize, now, region, credentials });

describe('checkPostPolicy', () => {
  it('accepts the form the handler signed, for a file within the range', async () => {
    expect(check(await signedForm())).toBeUndefined();
  });

  it('refuses files outside content-length-range, as S3 does', async () => {
    const fields = await signedForm(1000);
    expect(check(fields, 1001)).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    expect(check(fields, 0)).toMatchObject({ status: 400, code: 'EntityTooSmall' });
  });

  it('refuses a changed content type, key, metadata or tag: the policy pins them', async () => {
    for (const [name, value] of [
      ['content-type', 'application/x-msdownload'],
      ['key', 't/balikesir-altieylul/cases/01CASE/01FILE'],
      ['x-amz-meta-uploader-id', 'someone-else'],
      ['tagging', '<Tagging><TagSet></TagSet></Tagging>'],
    ] as const) {
      const fields = await signedForm();
      fields.set(name, value);
      expect(check(fields), name).toMatchObject({ status: 403, code: 'AccessDenied' });
    }
  });

  it('refuses fields the policy does not name, but ignores x-ignore-*', async () => {
    const fields = await signedForm();
    fields.set('x-ignore-note', 'anything');
    expect(check(fields)).toBeUndefined();
    fields.set('success_action_redirect', 'https://evil.example');
    expect(check(fields)).toMatchObject({
      status: 403,
      message: expect.stringContaining('Extra input fields'),
    });
  });

  it('refuses an expired form, a forged signature and a foreign access key', async () => {
    const later = new Date(Date.now() + 11 * 60_000);
    expect(check(await signedForm(), 500, later)).toMatchObject({
      status: 403,
      message: expect.stringContaining('expired'),
    });
    const forged = await signedForm();
    const policy = JSON.parse(Buffer.from(forged.get('policy') ?? '', 'base64').toString('utf8')) as {
      conditions: unknown[];
    };
    policy.conditions = policy.conditions.map((c) =>
      Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 1, 10 ** 9] : c,
    );
    forged.set('policy', Buffer.from(JSON.stringify(policy)).toString('base64'));
    expect(check(forged, 5000)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    const foreign = await signedForm();
    foreign.set(
      'x-amz-credential',
      String(foreign.get('x-amz-credential')).replace(/^local\//, 'AKIAOTHER/'),
    );
    expect(check(foreign)).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    const unsigned = await signedForm();
    unsigned.delete('policy');
    expect(check(unsigned)).toMatchObject({ status: 403, code: 'AccessDenied' });
  });
});

describe('checkPresignedRequest', () => {
  async function signedGet() {
    const { url } = await store.presignDownload({
      key,
      fileName: 'çukur önü.jpg',
      contentType: 'image/jpeg',
      expiresInSeconds: 300,
    });
    const parsed = new URL(url);
    return { target: `${parsed.pathname}${parsed.search}`, host: parsed.host };
  }
  const verify = (target: string, host: string, now = new Date()) =>
    checkPresignedRequest({ method: 'GET', url: target, headers: { host }, now, region, credentials });

  it('accepts the link the handler signed', async () => {
    const { target, host } = await signedGet();
    expect(verify(target, host)).toBeUndefined();
  });

  it('refuses it after five minutes, for another key, or with another disposition', async () => {
    const { target, host } = await signedGet();
    expect(verify(target, host, new Date(Date.now() + 6 * 60_000))).toMatchObject({
      status: 403,
      message: 'Request has expired',
    });
    expect(verify(target.replace('01FILE', '01OTHER'), host)).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    expect(verify(target.replace('attachment%3B', 'inline%3B'), host)).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    expect(verify(target, '127.0.0.1:9999')).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});

describe('parseTaggingXml', () => {
  it('reads a tag set, unescaping XML', () => {
    expect(
      parseTaggingXml(
        '<Tagging><TagSet><Tag><Key>upload-state</Key><Value>pending</Value></Tag><Tag><Key>a&amp;b</Key><Value>&lt;x&gt;</Value></Tag></TagSet></Tagging>',
      ),
    ).toEqual({ 'upload-state': 'pending', 'a&b': '<x>' });
    expect(parseTaggingXml('')).toEqual({});
  });
});

describe('CORS preflight', () => {
  let gateway: LocalS3Gateway;
  const portal = 'http://127.0.0.1:3000';

  beforeAll(async () => {
    const { s3: port } = await allocatePorts('random');
    // Preflights are answered by the gateway itself; the upstream is never contacted.
    gateway = await startLocalS3Gateway({
      port,
      upstream: 'http://127.0.0.1:9',
      region,
      credentials,
      allowedOrigins: [portal],
    });
  });
  afterAll(() => gateway.close());

  const preflight = (origin: string, method: string) =>
    fetch(`${gateway.endpoint}/${bucket}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'content-type',
      },
    });

  it("allows the portal's POST and GET", async () => {
    for (const method of ['POST', 'GET']) {
      const res = await preflight(portal, method);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(portal);
      expect(res.headers.get('access-control-allow-methods')).toContain(method);
      expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    }
  });

  it('refuses other origins and methods, like a bucket CORS rule', async () => {
    const foreign = await preflight('https://evil.example', 'POST');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(await foreign.text()).toContain('CORSResponse');
    expect((await preflight(portal, 'DELETE')).status).toBe(403);
  });
});
