import { secrets, tables } from '@citydesk/functions/manifest';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AttachmentsStorage } from '../constructs/attachments-storage.ts';
import { DataTables } from '../constructs/data-tables.ts';
import { GeneratedSecrets } from '../constructs/generated-secrets.ts';
import type { DeploymentConfig } from '../deployment-config.ts';

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  config: DeploymentConfig;
}

/**
 * Everything stateful except the staff accounts: tables, generated secrets and the
 * attachments bucket. Kept apart from the compute so that code deployments never touch,
 * replace or roll back the data.
 */
export class DataStack extends Stack {
  readonly tables: DataTables;
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
    this.attachments = new AttachmentsStorage(this, 'Attachments', {
      prefix: config.prefix,
      retainData: config.isProd,
      uploadOrigins: [
        ...(config.portalOrigin ? [config.portalOrigin] : []),
        ...(config.domainName ? [`https://${config.domainName}`] : []),
      ],
    });

    for (const definition of tables) {
      new CfnOutput(this, `${definition.id}Name`, {
        description: `${definition.envVar} for handlers and scripts`,
        value: this.tables.tableFor(definition).tableName,
      });
    }
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.attachments.bucket.bucketName });
  }
}
