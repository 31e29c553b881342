import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

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
 * Citizen and staff attachments (photos, documents) under per-tenant `t/{tenant}/` keys.
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
        // Versioning guards against overwrites; old versions need not live forever.
        { id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(30) },
      ],
      cors:
        props.uploadOrigins.length > 0
          ? [
              {
                allowedOrigins: props.uploadOrigins,
                allowedMethods: [HttpMethods.POST, HttpMethods.GET],
                allowedHeaders: ['*'],
                maxAge: 3000,
              },
            ]
          : undefined,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Emptying on delete needs a custom-resource Lambda; only worth it where data is disposable.
      autoDeleteObjects: !retain,
    });
  }
}
