import { UPLOAD_STATE_TAG } from '@citydesk/data';
import { attachmentsBucket } from '@citydesk/functions/manifest';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { AnyPrincipal, Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
import { acknowledge, acknowledgeWildcardResource } from '../nag-findings.ts';

/** The attachments bucket's name: global, so the account id keeps two accounts' stages apart. */
export const attachmentsBucketName = (prefix: string, account: string) =>
  `${prefix}-${attachmentsBucket.nameSuffix}-${account}`;

/** The object tag GuardDuty Malware Protection for S3 writes after scanning an object. */
export const MALWARE_SCAN_TAG = 'GuardDutyMalwareScanStatus';

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
  /** Server access logs of the attachments bucket: who fetched which citizen's photo. */
  readonly accessLogs: Bucket;
  readonly malwareProtection: CfnMalwareProtectionPlan;

  constructor(scope: Construct, id: string, props: AttachmentsStorageProps) {
    super(scope, id);
    // Access logs are delivered by the S3 logging service under a bucket policy, not by the
    // legacy ACL grant (which would need ACLs enabled on the log bucket). Set here, before
    // any child exists, so the construct does not depend on the app's feature flags.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const retain = props.retainData;
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Two years, like the case data's own retention (KVKK: no longer than needed).
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(730) }],
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !retain,
    });
    acknowledge(
      this.accessLogs,
      'S1',
      'This bucket is the access-log destination; logging it into itself would loop.',
    );
    this.bucket = new Bucket(this, attachmentsBucket.id, {
      bucketName: attachmentsBucketName(props.prefix, Aws.ACCOUNT_ID),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
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
    this.malwareProtection = this.#addMalwareProtection();
  }

  /**
   * GuardDuty Malware Protection for S3 scans every new object and tags it with the
   * verdict. An object found infected can no longer be read by anyone but GuardDuty, so
   * a presigned download of it fails. Objects are still readable while the scan runs:
   * the upload confirmation reads a file's first bytes seconds after the upload.
   */
  #addMalwareProtection(): CfnMalwareProtectionPlan {
    const stack = Stack.of(this);
    const role = new Role(this, 'MalwareScanRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3 on the attachments bucket',
    });
    const objects = this.bucket.arnForObjects('*');
    const managedRules = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
    });
    // The permissions AWS documents for a malware protection plan's role.
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          'events:PutRule',
          'events:DeleteRule',
          'events:PutTargets',
          'events:RemoveTargets',
          'events:DescribeRule',
          'events:ListTargetsByRule',
        ],
        resources: [managedRules],
        conditions: {
          StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' },
        },
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutBucketNotification', 's3:GetBucketNotification', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:GetObjectTagging',
          's3:GetObjectVersionTagging',
          's3:PutObjectTagging',
          's3:PutObjectVersionTagging',
        ],
        resources: [objects],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('malware-protection-resource-validation-object')],
      }),
    );
    acknowledgeWildcardResource(
      role,
      managedRules,
      'GuardDuty names its EventBridge rules with a generated suffix; the condition limits them to rules GuardDuty manages.',
    );
    acknowledgeWildcardResource(
      role,
      objects,
      'GuardDuty scans and tags every new object of the bucket, whatever its key.',
    );
    // Tag-gated reads: nobody but the scanner reads an object GuardDuty found infected.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [objects],
        conditions: {
          StringEquals: { [`s3:ExistingObjectTag/${MALWARE_SCAN_TAG}`]: 'THREATS_FOUND' },
          ArnNotEquals: { 'aws:PrincipalArn': role.roleArn },
        },
      }),
    );
    const plan = new CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    plan.node.addDependency(role);
    return plan;
  }
}
