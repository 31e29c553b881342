import * as z from 'zod';

/*
 * Inbound e-mail arrives the way SES receives it: a receipt rule's S3 action writes
 * the raw MIME message to the bucket and notifies, through SNS, the inbound-email
 * queue. This module reads those notifications, in each shape they reach the queue:
 * an SNS envelope around the SES notification, the SES notification itself (SNS
 * raw message delivery), or an S3 event notification (an S3 bucket notification
 * instead of SES's own). MIME parsing happens in the worker
 * (functions/src/workers/ingest-inbound-email.ts), with postal-mime.
 */

/** Where a raw message lies, and SES's id for it when known. */
export interface RawEmailLocation {
  bucket: string;
  key: string;
  /** SES's message id: a stable dedupe key even if the object is copied. */
  sesMessageId?: string;
}

const SesNotification = z
  .object({
    notificationType: z.string().optional(),
    eventType: z.string().optional(),
    mail: z.object({ messageId: z.string() }).loose().optional(),
    receipt: z
      .object({
        action: z
          .object({ type: z.string(), bucketName: z.string().optional(), objectKey: z.string().optional() })
          .loose(),
      })
      .loose(),
  })
  .loose();

const S3EventNotification = z
  .object({
    Records: z.array(
      z
        .object({
          eventSource: z.literal('aws:s3'),
          eventName: z.string(),
          s3: z.object({
            bucket: z.object({ name: z.string() }).loose(),
            object: z.object({ key: z.string() }).loose(),
          }),
        })
        .loose(),
    ),
  })
  .loose();

const SnsEnvelope = z.object({ Type: z.literal('Notification'), Message: z.string() }).loose();

function fromSes(value: unknown): RawEmailLocation[] | undefined {
  const ses = SesNotification.safeParse(value);
  if (!ses.success) return undefined;
  const { action } = ses.data.receipt;
  if (action.type !== 'S3' || !action.bucketName || !action.objectKey) return [];
  return [
    {
      bucket: action.bucketName,
      key: action.objectKey,
      ...(ses.data.mail?.messageId ? { sesMessageId: ses.data.mail.messageId } : {}),
    },
  ];
}

/**
 * The raw messages a queue message points at. S3 test events and SES notifications
 * of other actions point at none; anything unrecognisable is an error (to the DLQ).
 */
export function rawEmailLocations(body: string): RawEmailLocation[] {
  let value: unknown = JSON.parse(body);
  const sns = SnsEnvelope.safeParse(value);
  if (sns.success) value = JSON.parse(sns.data.Message);
  if ((value as { Event?: string }).Event === 's3:TestEvent') return [];
  const s3 = S3EventNotification.safeParse(value);
  if (s3.success) {
    return s3.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated')).map((r) => ({
      bucket: r.s3.bucket.name,
      // S3 event keys are URL-encoded with `+` for spaces.
      key: decodeURIComponent(r.s3.object.key.replaceAll('+', ' ')),
    }));
  }
  const ses = fromSes(value);
  if (ses) return ses;
  throw new Error('not an SES or S3 notification');
}

/** The prefix SES writes raw messages under (its S3 action's object key prefix). */
export const INBOUND_EMAIL_PREFIX = 'inbound-email/';
