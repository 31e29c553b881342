import { UPLOAD_STATE_TAG } from '@citydesk/data';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AttachmentsStorage } from '../../infra/lib/constructs/attachments-storage.ts';
import { resourcesOfType } from './template-helpers.ts';

/*
 * The attachments bucket on its own (no handler bundling): the CORS rule browsers need for
 * presigned POST uploads, and the lifecycle that cleans up what never became an attachment.
 * The local S3 gateway (packages/local-cloud) mirrors this CORS rule.
 */

function bucketTemplate(uploadOrigins: string[]): Template {
  const stack = new Stack(new App(), 'AttachmentsTest', { env: { region: 'eu-central-1' } });
  new AttachmentsStorage(stack, 'Attachments', {
    prefix: 'citydesk-test',
    retainData: false,
    uploadOrigins,
  });
  return Template.fromStack(stack);
}

const lifecycleRules = (template: Template) => {
  const bucket = Object.values(resourcesOfType(template, 'AWS::S3::Bucket')).find(
    (b) => b.Properties.BucketName,
  );
  if (!bucket) throw new Error('no bucket synthesised');
  return (bucket.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
};

describe('attachments bucket CORS', () => {
  it('lets only the portal origin POST uploads and GET downloads, exposing ETag and Location', () => {
    bucketTemplate(['https://kent.example.org']).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['https://kent.example.org'],
            AllowedMethods: Match.arrayEquals(['POST', 'GET', 'HEAD']),
            AllowedHeaders: ['*'],
            ExposedHeaders: Match.arrayEquals(['ETag', 'Location']),
            MaxAge: 3000,
          },
        ],
      },
    });
  });

  it('has no CORS rule at all without a portal origin (no wildcard fallback)', () => {
    const [bucket] = Object.values(resourcesOfType(bucketTemplate([]), 'AWS::S3::Bucket'));
    expect(bucket?.Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('attachments bucket lifecycle', () => {
  const rules = lifecycleRules(bucketTemplate(['https://kent.example.org']));
  const rule = (id: string) => rules.find((r) => r.Id === id);

  it('expires uploads still tagged pending after a day: they were never confirmed', () => {
    expect(rule('ExpireUnconfirmedUploads')).toEqual({
      Id: 'ExpireUnconfirmedUploads',
      Status: 'Enabled',
      TagFilters: [{ Key: UPLOAD_STATE_TAG, Value: 'pending' }],
      ExpirationInDays: 1,
    });
  });

  it('moves confirmed files to infrequent access after 90 days, never deleting them', () => {
    expect(rule('ConfirmedToInfrequentAccess')).toMatchObject({
      Status: 'Enabled',
      TagFilters: [{ Key: UPLOAD_STATE_TAG, Value: 'confirmed' }],
      Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
    });
    expect(rule('ConfirmedToInfrequentAccess')).not.toHaveProperty('ExpirationInDays');
  });

  it('keeps deleted and overwritten versions for 30 days, then removes them and their delete markers', () => {
    expect(rule('ExpireNoncurrentVersions')).toMatchObject({
      Status: 'Enabled',
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      ExpiredObjectDeleteMarker: true,
    });
    expect(rule('AbortIncompleteUploads')).toMatchObject({
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
  });

  it('expires nothing else: confirmed attachments are evidence', () => {
    const expiring = rules.filter((r) => 'ExpirationInDays' in r || 'ExpirationDate' in r);
    expect(expiring.map((r) => r.Id)).toEqual(['ExpireUnconfirmedUploads']);
  });
});
