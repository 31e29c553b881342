import {
  attachmentsBucket,
  commonEnvironment,
  secrets,
  tables,
  userPool,
} from '@citydesk/functions/manifest';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AttachmentsStorage } from '../constructs/attachments-storage.ts';
import { DataTables } from '../constructs/data-tables.ts';
import { GeneratedSecrets } from '../constructs/generated-secrets.ts';
import { StaffIdentity } from '../constructs/staff-identity.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { functionsSourceDir, lockFilePath, repoRoot } from '../paths.ts';

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  config: DeploymentConfig;
}

/**
 * Everything stateful: tables, generated secrets, the staff user pool and the attachments bucket. Kept apart
 * from the compute so that code deployments never touch, replace or roll back the data.
 */
export class DataStack extends Stack {
  readonly tables: DataTables;
  readonly identity: StaffIdentity;
  readonly attachments: AttachmentsStorage;
  readonly secrets: GeneratedSecrets;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.tables = new DataTables(this, 'Tables', {
      definitions: tables,
      prefix: config.prefix,
      retainData: config.isProd,
    });
    this.secrets = new GeneratedSecrets(this, 'Secrets', {
      definitions: secrets,
      prefix: config.prefix,
      retainData: config.isProd,
    });
    this.identity = new StaffIdentity(this, 'Identity', {
      definition: userPool,
      prefix: config.prefix,
      retainData: config.isProd,
      triggerFunctions: {
        functionsSourceDir,
        projectRoot: repoRoot,
        depsLockFilePath: lockFilePath,
        // Triggers touch no table, queue or secret: the common settings are all they need.
        environment: { ...commonEnvironment },
        logRetention: config.isProd ? RetentionDays.SIX_MONTHS : RetentionDays.TWO_WEEKS,
        retainLogs: config.isProd,
      },
    });
    this.attachments = new AttachmentsStorage(this, 'Attachments', {
      definition: attachmentsBucket,
      prefix: config.prefix,
      retainData: config.isProd,
      uploadOrigins: config.portalOrigin ? [config.portalOrigin] : [],
    });

    for (const definition of tables) {
      new CfnOutput(this, `${definition.id}Name`, {
        description: `${definition.envVar} for handlers and scripts`,
        value: this.tables.tableFor(definition).tableName,
      });
    }
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.portalClient.userPoolClientId });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.attachments.bucket.bucketName });
  }
}
