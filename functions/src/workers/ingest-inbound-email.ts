import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client, requireEnv } from '@citydesk/data';
import { type RawEmailLocation, rawEmailLocations } from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import PostalMime from 'postal-mime';
import { ingestInbound } from '#platform/inbound-intake.ts';
import { logger } from '#platform/logger.ts';
import { queueWorker, recordFailure } from '#platform/worker-handler.ts';
import { attachmentsBucket, queues } from '../manifest.ts';
import { emailDraftOf } from './inbound-email-draft.ts';

/*
 * Inbound e-mail (docs/domain/message-inbox.md): each queue message says where SES
 * stored a raw MIME message. The worker reads it, parses it with postal-mime (MIME
 * structure, transfer and charset decoding, RFC 2047 headers), and files it in the
 * inbox once per SES message id, with its attachments. Only the deployment's own
 * attachments bucket is read, whatever a notification names.
 */

const s3 = createS3Client();
/** Reads, parses and files one raw message. */
export async function ingestRawEmail(location: RawEmailLocation, now = new Date()) {
  const bucket = requireEnv(attachmentsBucket.envVar);
  if (location.bucket !== bucket) throw new Error(`refusing to read bucket ${location.bucket}`);
  const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  if (!object.Body) throw new Error(`raw message ${location.key} has no body`);
  const raw = await object.Body.transformToByteArray();
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  return ingestInbound(emailDraftOf(email, location, now), now);
}

export const handler = queueWorker(queues.inbound, ingestBatch);

async function ingestBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      for (const location of rawEmailLocations(record.body)) {
        const { message, replayed } = await ingestRawEmail(location);
        logger.info('inbound e-mail', {
          messageId: message.id,
          replayed,
          attachments: message.attachments.length,
        });
      }
    } catch (err) {
      recordFailure(record, err);
      logger.error('inbound e-mail failed; message will be retried', {
        messageId: record.messageId,
        error: err as Error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
