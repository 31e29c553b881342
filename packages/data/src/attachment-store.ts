import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttachmentPurpose } from '@citydesk/domain';
import { createS3Client, requireEnv } from './aws-clients.ts';

/*
 * The attachments bucket (S3) behind a small interface: presigned uploads straight
 * from the browser, the stored object's size, type and first bytes for the type
 * check, the upload-state tag, and short-lived download links. Keys are built here
 * only; they never leave the server.
 */

/**
 * The object key of an attachment: under the tenant's own prefix (ARCHITECTURE.md §3),
 * so IAM policies and exports can be scoped per tenant.
 */
export function attachmentKey(tenantId: string, caseId: string, attachmentId: string): string {
  return `t/${tenantId}/cases/${caseId}/${attachmentId}`;
}

/**
 * The tag recording an object's upload state. Uploads start `pending`; the bucket's
 * lifecycle rule expires pending objects after a day, so files that were uploaded
 * but never confirmed (a closed browser tab, a refused type) do not pile up.
 */
export const UPLOAD_STATE_TAG = 'upload-state';
export type UploadState = 'pending' | 'confirmed';

const taggingXml = (state: UploadState) =>
  `<Tagging><TagSet><Tag><Key>${UPLOAD_STATE_TAG}</Key><Value>${state}</Value></Tag></TagSet></Tagging>`;

/** What the upload form binds to the object (as `x-amz-meta-*`): read back when it is confirmed. */
export interface PendingUpload {
  caseId: string;
  attachmentId: string;
  fileName: string;
  purpose: AttachmentPurpose;
  /** The user who asked for the upload: only they may confirm it. */
  uploaderId: string;
}

const META = {
  caseId: 'case-id',
  attachmentId: 'attachment-id',
  fileName: 'file-name',
  purpose: 'purpose',
  uploaderId: 'uploader-id',
} as const satisfies Record<keyof PendingUpload, string>;

/** A stored object as the confirmation step sees it. */
export interface StoredObject {
  sizeBytes: number;
  contentType: string | undefined;
  lastModified: Date | undefined;
  /** The upload's metadata; undefined if the object was not written through an upload form. */
  upload: PendingUpload | undefined;
}

/** A browser form upload: POST `multipart/form-data` to `url` with `fields` first, the file last. */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  expiresAt: Date;
}

// S3 user metadata travels in HTTP headers, which carry ASCII only: file names such
// as "çukur önü.jpg" are stored percent-encoded.
const encodeMeta = (value: string) => encodeURIComponent(value);
function decodeMeta(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function pendingUploadFrom(metadata: Record<string, string> | undefined): PendingUpload | undefined {
  if (!metadata) return undefined;
  const read = (key: keyof PendingUpload) => decodeMeta(metadata[META[key]]);
  const caseId = read('caseId');
  const attachmentId = read('attachmentId');
  const fileName = read('fileName');
  const purpose = read('purpose');
  const uploaderId = read('uploaderId');
  if (!caseId || !attachmentId || !fileName || !uploaderId) return undefined;
  if (purpose !== 'evidence' && purpose !== 'document') return undefined;
  return { caseId, attachmentId, fileName, purpose, uploaderId };
}

/**
 * `Content-Disposition: attachment` offering the stored name: an ASCII fallback for
 * old clients and the exact UTF-8 name (RFC 6266, RFC 8187) for everyone else.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback =
    fileName
      .replace(/ı/g, 'i')
      .replace(/İ/g, 'I')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\%;]/g, '_')
      .trim() || 'dosya';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const isMissing = (error: unknown) =>
  error instanceof NotFound ||
  error instanceof NoSuchKey ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** Attachment objects in one bucket. */
export class AttachmentStore {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #now: () => Date;

  constructor(s3: S3Client, bucket: string, now: () => Date = () => new Date()) {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#now = now;
  }

  /**
   * A presigned POST form for one object. The policy pins the key, the content type,
   * the metadata and the pending tag (any other value is refused by S3), and limits
   * the size to 1..`maxBytes`; it expires after `expiresInSeconds`.
   */
  async presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    upload: PendingUpload;
    expiresInSeconds: number;
  }): Promise<PresignedUpload> {
    const expiresAt = new Date(this.#now().getTime() + input.expiresInSeconds * 1000);
    const metadata = Object.fromEntries(
      (Object.keys(META) as (keyof PendingUpload)[]).map((k) => [
        `x-amz-meta-${META[k]}`,
        encodeMeta(input.upload[k]),
      ]),
    );
    // Every entry of Fields becomes an exact-match condition of the policy as well.
    const { url, fields } = await createPresignedPost(this.#s3, {
      Bucket: this.#bucket,
      Key: input.key,
      Conditions: [['content-length-range', 1, input.maxBytes]],
      Fields: { 'Content-Type': input.contentType, tagging: taggingXml('pending'), ...metadata },
      Expires: input.expiresInSeconds,
    });
    return { url, fields, expiresAt };
  }

  /** Size, type and upload metadata of a stored object; undefined if there is none. */
  async describe(key: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.#s3.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return {
        sizeBytes: head.ContentLength ?? 0,
        contentType: head.ContentType,
        lastModified: head.LastModified,
        upload: pendingUploadFrom(head.Metadata),
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The first `length` bytes of an object (fewer if it is smaller): enough to sniff its real type. */
  async readHead(key: string, length: number): Promise<Uint8Array> {
    const object = await this.#s3.send(
      new GetObjectCommand({ Bucket: this.#bucket, Key: key, Range: `bytes=0-${length - 1}` }),
    );
    const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    // A server that ignores Range sends everything: keep only what was asked for.
    return bytes.subarray(0, length);
  }

  /** Marks an object confirmed, so the lifecycle rule for pending uploads leaves it alone. */
  async markConfirmed(key: string): Promise<void> {
    await this.#s3.send(
      new PutObjectTaggingCommand({
        Bucket: this.#bucket,
        Key: key,
        Tagging: { TagSet: [{ Key: UPLOAD_STATE_TAG, Value: 'confirmed' satisfies UploadState }] },
      }),
    );
  }

  /**
   * Deletes an object (a refused upload). The bucket is versioned: the bytes stay as
   * a noncurrent version until the lifecycle rule expires it, for inspection.
   */
  async delete(key: string): Promise<void> {
    await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  /** A presigned GET that downloads the object as `fileName` with its type, valid for `expiresInSeconds`. */
  async presignDownload(input: {
    key: string;
    fileName: string;
    contentType: string;
    expiresInSeconds: number;
  }): Promise<{ url: string; expiresAt: Date }> {
    const expiresAt = new Date(this.#now().getTime() + input.expiresInSeconds * 1000);
    const url = await getSignedUrl(
      this.#s3,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: input.key,
        ResponseContentDisposition: attachmentDisposition(input.fileName),
        ResponseContentType: input.contentType,
      }),
      { expiresIn: input.expiresInSeconds },
    );
    return { url, expiresAt };
  }
}

/** The attachment store as functions build it: the bucket name from the environment. */
export function attachmentStoreFromEnvironment(
  bucketEnvVar: string,
  s3: S3Client = createS3Client(),
): AttachmentStore {
  return new AttachmentStore(s3, requireEnv(bucketEnvVar));
}
