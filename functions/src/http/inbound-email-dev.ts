import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createS3Client, createSqsClient, requireEnv } from '@citydesk/data';
import { canTriageInbox, INBOUND_EMAIL_PREFIX } from '@citydesk/domain';
import { httpHandler, json } from '#platform/http-handler.ts';
import { rawBodyOf } from '#platform/inbound-intake.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { attachmentsBucket, notificationEnvironment, queues } from '../manifest.ts';

/** SES accepts messages up to 40 MB; a developer's test message is far smaller. */
const MAX_RAW_BYTES = 5 * 1024 * 1024;

/**
 * POST /v1/dev/inbound-email (local cloud only): delivers a raw MIME message
 * (`message/rfc822` body) the way SES's receipt rule does on AWS: the object goes to
 * the bucket under `inbound-email/`, and the SES notification to the inbound-email
 * queue, whose consumer parses and files it. Everywhere but the local cloud (the dev
 * outbox is the SMS provider only there) it answers 404 like an unknown route.
 * Signed-in inbox agents and coordinators only.
 */
export const handler = httpHandler(async (req) => {
  if (process.env[notificationEnvironment.smsProvider] !== 'dev-outbox')
    throw new ProblemError('route-not-found');
  const principal = await requirePrincipal(req);
  if (!canTriageInbox(principal, principal.tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Gelen e-posta denemesi yalnızca gelen kutusu kullanıcıları içindir.',
      en: 'Only inbox users may deliver a test e-mail.',
    });
  }
  const contentType = req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'message/rfc822') {
    throw new ProblemError('unsupported-media-type', {
      tr: 'Gövde ham bir e-posta (message/rfc822) olmalıdır.',
      en: 'The body must be a raw e-mail (message/rfc822).',
    });
  }
  const raw = rawBodyOf(req.event);
  if (raw.byteLength === 0 || raw.byteLength > MAX_RAW_BYTES) throw new ProblemError('payload-too-large');
  const bucket = requireEnv(attachmentsBucket.envVar);
  // The object key SES would choose is random; a hash makes a resent message land on the same key.
  const objectKey = `${INBOUND_EMAIL_PREFIX}${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
  await createS3Client().send(
    new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: raw, ContentType: 'message/rfc822' }),
  );
  await createSqsClient().send(
    new SendMessageCommand({
      QueueUrl: requireEnv(queues.inbound.envVar),
      MessageBody: JSON.stringify({
        notificationType: 'Received',
        receipt: { action: { type: 'S3', bucketName: bucket, objectKey } },
      }),
    }),
  );
  return json(202, { objectKey }, req.lang);
});
