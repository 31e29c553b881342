import { UPLOAD_STATE_TAG } from '@citydesk/data';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CorsRule,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The browser's access to the bucket: the portal POSTs presigned upload forms (the
 * policy's form fields travel in the body, so no custom request headers are needed
 * beyond what a form sends) and may fetch presigned downloads. ETag and Location let
 * it see what was stored.
 */
export function attachmentsCorsRule(origins: string[]): CorsRule {
  return {
    allowedOrigins: origins,
    allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
    allowedHeaders: ['*'],
    exposedHeaders: ['ETag', 'Location'],
    maxAge: 3000,
  };
}

/** Properties of {@link AttachmentsStorage}. */
export interface AttachmentsStorageProps {
  /** The manifest's bucket: construct id and name suffix. */
  definition: { id: string; nameSuffix: string };
  prefix: string;
  retainData: boolean;
  /**
   * Browser origins allowed to POST presigned uploads straight to S3. Empty means no CORS
   * rule, so browser uploads fail until the portal origin is configured.
   */
  uploadOrigins: string[];
}

/**
 * Citizen and staff attachments (photos, videos, voice notes, documents) under per-tenant
 * `t/{tenant}/` keys, uploaded by browsers with presigned POST forms.
 * Private, encrypted, versioned: a photo is evidence in a complaint and must not silently change.
 */
export class AttachmentsStorage extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AttachmentsStorageProps) {
    super(scope, id);
    const retain = props.retainData;
    this.bucket = new Bucket(this, props.definition.id, {
      // Bucket names are global; the account id keeps two accounts' dev stages apart.
      bucketName: `${props.prefix}-${props.definition.nameSuffix}-${Aws.ACCOUNT_ID}`,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        // Abandoned multipart uploads are invisible but billed.
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Uploads start tagged pending and are tagged confirmed when they join a case: a file
        // uploaded but never confirmed (a closed tab, a refused type) is removed after a day.
        {
          id: 'ExpireUnconfirmedUploads',
          tagFilters: { [UPLOAD_STATE_TAG]: 'pending' },
          expiration: Duration.days(1),
        },
        // Confirmed files are read while the case is worked, rarely afterwards.
        {
          id: 'ConfirmedToInfrequentAccess',
          tagFilters: { [UPLOAD_STATE_TAG]: 'confirmed' },
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
        // Versioning guards against overwrites and keeps deleted (refused) files for
        // inspection; old versions need not live forever, nor the delete markers after them.
        {
          id: 'ExpireNoncurrentVersions',
          noncurrentVersionExpiration: Duration.days(30),
          expiredObjectDeleteMarker: true,
        },
      ],
      cors: props.uploadOrigins.length > 0 ? [attachmentsCorsRule(props.uploadOrigins)] : undefined,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Emptying on delete needs a custom-resource Lambda; only worth it where data is disposable.
      autoDeleteObjects: !retain,
    });
  }
}
