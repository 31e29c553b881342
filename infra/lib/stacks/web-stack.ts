import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PortalDistribution } from '../constructs/portal-distribution.ts';
import type { DeploymentConfig } from '../deployment-config.ts';

/** Properties of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  config: DeploymentConfig;
  /** `<api-id>.execute-api.<region>.amazonaws.com` from the service stack. */
  apiDomainName: string;
  /** Path patterns served by the API behind the same CloudFront origin. */
  apiPathPatterns: readonly string[];
}

/** The portal: static SvelteKit build on S3 behind CloudFront, sharing its origin with the API. */
export class WebStack extends Stack {
  readonly portal: PortalDistribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    this.portal = new PortalDistribution(this, 'Portal', {
      webBuildPath: props.config.webBuildPath,
      apiDomainName: props.apiDomainName,
      apiPathPatterns: props.apiPathPatterns,
      prefix: props.config.prefix,
    });
    new CfnOutput(this, 'PortalUrl', {
      description: 'Portal and API on one origin',
      value: `https://${this.portal.distribution.distributionDomainName}`,
    });
  }
}
