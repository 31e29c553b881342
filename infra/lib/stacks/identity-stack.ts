import { commonEnvironment, userPool } from '@citydesk/functions/manifest';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { StaffIdentity } from '../constructs/staff-identity.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { functionsSourceDir, lockFilePath, repoRoot } from '../paths.ts';

/** Properties of {@link IdentityStack}. */
export interface IdentityStackProps extends StackProps {
  config: DeploymentConfig;
}

/**
 * The staff user pool, its groups, the portal's app client and the MFA trigger. Its own
 * stack because the accounts outlive every other deployment: a failed API update must
 * never put the pool (and every staff login) into a rollback.
 */
export class IdentityStack extends Stack {
  readonly identity: StaffIdentity;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;
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
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.portalClient.userPoolClientId });
  }
}
