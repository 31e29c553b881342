import { publicRateLimits } from '@citydesk/functions/manifest';
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EdgeFirewall } from '../constructs/edge-firewall.ts';
import type { DeploymentConfig } from '../deployment-config.ts';

/** Properties of {@link EdgeSecurityStack}. */
export interface EdgeSecurityStackProps extends StackProps {
  config: DeploymentConfig;
}

/** CloudFront only accepts web ACLs from us-east-1, so the firewall is a stack of its own there. */
export const EDGE_REGION = 'us-east-1';

/** The WAF web ACL that the web stack's CloudFront distribution uses. Holds no data. */
export class EdgeSecurityStack extends Stack {
  readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: EdgeSecurityStackProps) {
    super(scope, id, props);
    this.firewall = new EdgeFirewall(this, 'Firewall', {
      prefix: props.config.prefix,
      rateLimits: publicRateLimits,
    });
  }
}
