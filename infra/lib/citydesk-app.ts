import { type HttpRouteDefinition, httpRoutes } from '@citydesk/functions/manifest';
import { type App, CrossStackReferences, ReferenceStrength, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeploymentConfig, resolveDeploymentConfig } from './deployment-config.ts';
import { repoRoot } from './paths.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { AsyncStack } from './stacks/async-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EDGE_REGION, EdgeSecurityStack } from './stacks/edge-security-stack.ts';
import { IdentityStack } from './stacks/identity-stack.ts';
import { ObservabilityStack } from './stacks/observability-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

/** The stacks of one CityDesk deployment, one per concern (ADR 0009). */
export interface CityDeskStacks {
  config: DeploymentConfig;
  data: DataStack;
  identity: IdentityStack;
  async: AsyncStack;
  api: ApiStack;
  edge: EdgeSecurityStack;
  web: WebStack;
  observability: ObservabilityStack;
}

/**
 * CloudFront path patterns for the API: one wildcard per top-level API prefix (`/v1/*`,
 * `/open311/*`), plus the unversioned top-level routes (`/health`, `/openapi.json`) by
 * exact path.
 */
export function apiPathPatterns(routes: readonly HttpRouteDefinition[]): string[] {
  const patterns = routes.map((route) => {
    const [, first] = route.path.split('/');
    return route.path.split('/').length > 2 ? `/${first}/*` : route.path;
  });
  return [...new Set(patterns)];
}

/**
 * Adds the CityDesk stacks to an app, with the cdk-nag AwsSolutions checks. The CLI entry
 * point (infra/bin/app.ts) and the infra tests both call this, so the tests assert on
 * exactly what `cdk deploy` would deploy.
 */
export function addCityDeskStacks(app: App): CityDeskStacks {
  const config = resolveDeploymentConfig(app, repoRoot);
  // Export/ImportValue on purpose: the data stack then cannot be deleted while the compute
  // still uses it, and LocalStack understands it (weak references use the newer
  // Fn::GetStackOutput). Set on the app because it must precede any child construct.
  CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
  const env = { account: config.account, region: config.region };
  const named = (concern: string, description: string) => ({
    stackName: `${config.prefix}-${concern}`,
    description,
    env,
  });
  const data = new DataStack(app, 'CityDeskData', {
    ...named('data', 'CityDesk stateful resources: tables, secrets, attachments'),
    config,
    terminationProtection: config.isProd,
  });
  const identity = new IdentityStack(app, 'CityDeskIdentity', {
    ...named('identity', 'CityDesk staff identity: user pool, groups, portal client, MFA trigger'),
    config,
    terminationProtection: config.isProd,
  });
  const async = new AsyncStack(app, 'CityDeskAsync', {
    ...named('async', 'CityDesk workers: queues, consumers, stream dispatcher, schedules'),
    config,
    data,
    identity,
  });
  const api = new ApiStack(app, 'CityDeskApi', {
    ...named('api', 'CityDesk HTTP API and its handler functions'),
    config,
    data,
    identity,
    async,
  });
  // CloudFront takes its web ACL from us-east-1; the reference crosses regions through
  // SSM parameters that CDK writes and reads for us.
  const edge = new EdgeSecurityStack(app, 'CityDeskEdge', {
    stackName: `${config.prefix}-edge`,
    description: 'CityDesk edge firewall: WAF web ACL for CloudFront (us-east-1)',
    env: { account: config.account, region: EDGE_REGION },
    crossRegionReferences: true,
    config,
  });
  const web = new WebStack(app, 'CityDeskWeb', {
    ...named('web', 'CityDesk portal: S3 and CloudFront, API on the same origin'),
    crossRegionReferences: true,
    config,
    apiDomainName: api.api.domainName,
    apiPathPatterns: apiPathPatterns(httpRoutes),
    webAclArn: edge.firewall.webAcl.attrArn,
    connectOrigins: [
      `https://cognito-idp.${config.region}.amazonaws.com`,
      `https://${data.attachments.bucket.bucketRegionalDomainName}`,
    ],
  });
  const observability = new ObservabilityStack(app, 'CityDeskObservability', {
    ...named('observability', 'CityDesk alarms and operations dashboard'),
    config,
    identity,
    async,
    api,
  });
  // Cost allocation and "what is this?" in the console.
  Tags.of(app).add('project', 'citydesk');
  Tags.of(app).add('stage', config.stage);
  // AWS Solutions best practices on every synth: a finding fails `cdk synth` unless it is
  // acknowledged, with its reason, next to the resource it concerns.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, data, identity, async, api, edge, web, observability };
}
