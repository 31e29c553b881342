import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import { PortalDistribution } from '../constructs/portal-distribution.ts';
import type { DeploymentConfig } from '../deployment-config.ts';

/** Properties of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  config: DeploymentConfig;
  /** `<api-id>.execute-api.<region>.amazonaws.com` from the API stack. */
  apiDomainName: string;
  /** Path patterns served by the API behind the same CloudFront origin. */
  apiPathPatterns: readonly string[];
  /** The edge stack's WAF web ACL. */
  webAclArn: string;
  /** `https://…` origins the portal calls besides its own (Cognito, the attachments bucket). */
  connectOrigins: readonly string[];
}

/** The portal: static SvelteKit build on S3 behind CloudFront, sharing its origin with the API. */
export class WebStack extends Stack {
  readonly portal: PortalDistribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.portal = new PortalDistribution(this, 'Portal', {
      webBuildPath: config.webBuildPath,
      apiDomainName: props.apiDomainName,
      apiPathPatterns: props.apiPathPatterns,
      prefix: config.prefix,
      webAclArn: props.webAclArn,
      connectOrigins: props.connectOrigins,
      customDomain:
        config.domainName && config.certificateArn
          ? {
              domainName: config.domainName,
              certificate: Certificate.fromCertificateArn(this, 'PortalCertificate', config.certificateArn),
            }
          : undefined,
      retainLogs: config.isProd,
    });
    new CfnOutput(this, 'PortalUrl', {
      description: 'Portal and API on one origin',
      value: `https://${config.domainName ?? this.portal.distribution.distributionDomainName}`,
    });
    if (config.domainName) {
      new CfnOutput(this, 'DnsTarget', {
        description: `CNAME (or alias) target for ${config.domainName}`,
        value: this.portal.distribution.distributionDomainName,
      });
    }
  }
}
