import { httpFunctions, httpRoutes } from '@citydesk/functions/manifest';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { HandlerFunctions } from '../constructs/handler-functions.ts';
import { HttpApiGateway } from '../constructs/http-api-gateway.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { handlerEnvironment } from '../handler-environment.ts';
import type { AsyncStack } from './async-stack.ts';
import type { DataStack } from './data-stack.ts';
import type { IdentityStack } from './identity-stack.ts';

/** Properties of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  config: DeploymentConfig;
  data: DataStack;
  identity: IdentityStack;
  /** The queues some routes send to directly. */
  async: AsyncStack;
}

/**
 * The request path: one Lambda function per HTTP handler module of the manifest and the
 * HTTP API in front of them (JWT authorizer, per-route throttling, JSON access logs).
 */
export class ApiStack extends Stack {
  readonly functions: HandlerFunctions;
  readonly api: HttpApiGateway;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, data, identity } = props;
    const retention = config.isProd ? RetentionDays.SIX_MONTHS : RetentionDays.TWO_WEEKS;
    const resources = {
      tables: data.tables,
      queues: props.async.queues,
      bucket: data.attachments.bucket,
      secrets: data.secrets,
      userPool: identity.identity.userPool,
    };
    this.functions = new HandlerFunctions(this, 'Functions', {
      definitions: httpFunctions,
      prefix: config.prefix,
      environment: handlerEnvironment(this, config, resources, identity.identity),
      resources,
      logRetention: retention,
      retainLogs: config.isProd,
    });
    this.api = new HttpApiGateway(this, 'HttpApi', {
      routes: httpRoutes,
      handlers: new Map(
        httpFunctions.flatMap((fn) =>
          fn.routeIds.map((routeId) => [routeId, this.functions.functionFor(fn.id)]),
        ),
      ),
      userPool: identity.identity.userPool,
      userPoolClients: [identity.identity.portalClient],
      prefix: config.prefix,
      corsOrigin: config.portalOrigin,
      logRetention: retention,
      retainLogs: config.isProd,
    });
    new CfnOutput(this, 'ApiUrl', { description: 'HTTP API invoke URL', value: this.api.url });
  }
}
