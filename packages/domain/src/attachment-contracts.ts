import * as z from 'zod';
import { fileNameFitsType, maxAttachmentBytes, normalizeContentType } from './attachment-rules.ts';
import {
  AttachmentContentType,
  AttachmentFileName,
  AttachmentId,
  AttachmentPurpose,
  CaseAttachment,
  MAX_ATTACHMENT_BYTES,
} from './case.ts';

/*
 * Contracts of the staff attachment API (POST …/attachments, POST …/confirm, GET
 * …/attachments/{id}). The staff console imports them, the handlers validate with
 * them and /openapi.json is generated from them. A file travels in three steps: the
 * client asks for an upload, POSTs the bytes straight to S3 with the returned form,
 * then confirms; only a confirmed upload is an attachment of the case.
 */

/** Asks for a presigned upload of one file to a case. */
export const AttachmentUploadRequest = z
  .object({
    fileName: AttachmentFileName,
    // What the browser reports, aliases resolved (`audio/x-m4a` is `audio/mp4`).
    contentType: z.string().max(100).transform(normalizeContentType).pipe(AttachmentContentType),
    sizeBytes: z.number().int().positive().max(MAX_ATTACHMENT_BYTES),
    purpose: AttachmentPurpose,
  })
  .strict()
  .refine((r) => r.sizeBytes <= maxAttachmentBytes(r.contentType), {
    error: 'attachment.too-large',
    path: ['sizeBytes'],
  })
  .refine((r) => fileNameFitsType(r.fileName, r.contentType), {
    error: 'attachment.extension',
    path: ['fileName'],
  })
  .meta({ id: 'AttachmentUploadRequest', description: 'A file to upload to a case.' });
export type AttachmentUploadRequest = z.input<typeof AttachmentUploadRequest>;

/**
 * Where and how to upload: POST `multipart/form-data` to `url` with every entry of
 * `fields` first and the file last (field name `file`). The form is valid until
 * `expiresAt`, for this type and at most the type's size limit.
 */
export const AttachmentUploadTicket = z
  .object({
    attachmentId: AttachmentId,
    upload: z.object({
      url: z.url(),
      fields: z.record(z.string(), z.string()),
    }),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'AttachmentUploadTicket' });
export type AttachmentUploadTicket = z.infer<typeof AttachmentUploadTicket>;

/**
 * Confirms an upload. `expectedVersion`, when given, makes the confirmation
 * conditional on the case still being at that version (409 otherwise); without it
 * the server retries around concurrent changes itself.
 */
export const AttachmentConfirmRequest = z
  .object({ expectedVersion: z.number().int().positive().optional() })
  .strict()
  .meta({ id: 'AttachmentConfirmRequest' });
export type AttachmentConfirmRequest = z.infer<typeof AttachmentConfirmRequest>;

/** The attachment as the case now holds it (also for a repeated confirmation). */
export const AttachmentConfirmed = z
  .object({ attachment: CaseAttachment })
  .meta({ id: 'AttachmentConfirmed' });
export type AttachmentConfirmed = z.infer<typeof AttachmentConfirmed>;

/** A short-lived download link that offers the file under its stored name. */
export const AttachmentDownload = z
  .object({ url: z.url(), expiresAt: z.iso.datetime() })
  .meta({ id: 'AttachmentDownload' });
export type AttachmentDownload = z.infer<typeof AttachmentDownload>;
