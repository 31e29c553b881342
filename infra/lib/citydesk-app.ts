import { type HttpRouteDefinition, httpRoutes } from '@citydesk/functions/manifest';
import { type App, CrossStackReferences, ReferenceStrength, Tags } from 'aws-cdk-lib';
import { type DeploymentConfig, resolveDeploymentConfig } from './deployment-config.ts';
import { repoRoot } from './paths.ts';
import { DataStack } from './stacks/data-stack.ts';
import { ServiceStack } from './stacks/service-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

/** The stacks of one CityDesk deployment. */
export interface CityDeskStacks {
  config: DeploymentConfig;
  data: DataStack;
  service: ServiceStack;
  web: WebStack;
}

/**
 * CloudFront path patterns for the API: everything versioned under `/v1/*`, plus the
 * unversioned top-level routes (`/health`, `/openapi.json`) by exact path.
 */
export function apiPathPatterns(routes: readonly HttpRouteDefinition[]): string[] {
  const patterns = routes.map((route) => {
    const [, first] = route.path.split('/');
    return route.path.split('/').length > 2 ? `/${first}/*` : route.path;
  });
  return [...new Set(patterns)];
}

/**
 * Adds the CityDesk stacks to an app. The CLI entry point (infra/bin/app.ts) and the infra
 * tests both call this, so the tests assert on exactly what `cdk deploy` would deploy.
 */
export function addCityDeskStacks(app: App): CityDeskStacks {
  const config = resolveDeploymentConfig(app, repoRoot);
  // Export/ImportValue on purpose: the data stack then cannot be deleted while the compute
  // still uses it, and LocalStack understands it (weak references use the newer
  // Fn::GetStackOutput). Set on the app because it must precede any child construct.
  CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
  const env = { account: config.account, region: config.region };
  const data = new DataStack(app, 'CityDeskData', {
    stackName: `${config.prefix}-data`,
    description: 'CityDesk stateful resources: tables, staff user pool, attachments',
    env,
    config,
    terminationProtection: config.isProd,
  });
  const service = new ServiceStack(app, 'CityDeskService', {
    stackName: `${config.prefix}-service`,
    description: 'CityDesk compute: Lambda handlers, queues, event sources, HTTP API',
    env,
    config,
    data,
  });
  const web = new WebStack(app, 'CityDeskWeb', {
    stackName: `${config.prefix}-web`,
    description: 'CityDesk portal: S3 and CloudFront, API on the same origin',
    env,
    config,
    apiDomainName: service.api.domainName,
    apiPathPatterns: apiPathPatterns(httpRoutes),
  });
  // Cost allocation and "what is this?" in the console.
  Tags.of(app).add('project', 'citydesk');
  Tags.of(app).add('stage', config.stage);
  return { config, data, service, web };
}
