import type { HttpRouteDefinition } from '@citydesk/functions/manifest';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-findings.ts';

/** Properties of {@link HttpApiGateway}. */
export interface HttpApiGatewayProps {
  /** The manifest's HTTP routes. */
  routes: readonly HttpRouteDefinition[];
  /** The function serving each route, keyed by route id. */
  handlers: ReadonlyMap<string, IFunction>;
  /** Issuer of the staff access tokens that `auth: 'jwt'` routes require. */
  userPool: IUserPool;
  /** Audience: tokens minted for other clients of the pool are rejected. */
  userPoolClients: IUserPoolClient[];
  prefix: string;
  /** The one cross-origin browser origin allowed; undefined disables CORS. */
  corsOrigin: string | undefined;
  logRetention: RetentionDays;
  retainLogs: boolean;
}

/**
 * Per-stage ceiling on top of the per-route limits: the sum of a burst across all routes
 * must not exhaust the account's regional Lambda concurrency.
 */
const STAGE_THROTTLE = { rateLimit: 500, burstLimit: 1000 };

/** Burst allowance per route, as a multiple of the manifest's steady rate. */
const ROUTE_BURST_FACTOR = 2;

/*
 * HTTP API $context variables, one JSON object per request. No request bodies or headers:
 * they would carry citizens' phone numbers and addresses into logs (KVKK minimisation).
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
};

/**
 * The public HTTP API: one route per manifest route with a Lambda proxy integration
 * (payload v2) of the function serving its handler module, the Cognito JWT authorizer on `jwt` routes only, per-route throttling
 * and JSON access logs.
 */
export class HttpApiGateway extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: HttpApiGatewayProps) {
    super(scope, id);
    const methods = [...new Set(props.routes.map((route) => route.method))];
    this.api = new HttpApi(this, 'Api', {
      apiName: `${props.prefix}-api`,
      description: 'CityDesk (Kent Masası) citizen and staff API',
      // The stage is created below so it can carry throttling and access logging.
      createDefaultStage: false,
      corsPreflight: props.corsOrigin
        ? {
            allowOrigins: [props.corsOrigin],
            allowMethods: [...methods.map((method) => CorsHttpMethod[method]), CorsHttpMethod.OPTIONS],
            allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept-language'],
            exposeHeaders: ['location'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });

    const authorizer = new HttpUserPoolAuthorizer('StaffJwtAuthorizer', props.userPool, {
      userPoolClients: props.userPoolClients,
      authorizerName: `${props.prefix}-staff-jwt`,
      identitySource: ['$request.header.Authorization'],
    });

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    // One integration and one invoke permission per function, shared by its routes: a
    // permission per route would cost a resource each (CloudFormation allows 500 per stack).
    const integrations = new Map<IFunction, HttpLambdaIntegration>();
    for (const route of props.routes) {
      const handler = props.handlers.get(route.id);
      if (!handler) throw new Error(`route ${route.id} has no handler function`);
      let integration = integrations.get(handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${handler.node.scope?.node.id ?? handler.node.id}Integration`,
          handler,
          {
            payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
            scopePermissionToRoute: false,
          },
        );
        integrations.set(handler, integration);
      }
      const routeKey = HttpRouteKey.with(route.path, HttpMethod[route.method]);
      const created = new HttpRoute(this, `${route.id}Route`, {
        httpApi: this.api,
        routeKey,
        integration,
        authorizer: route.auth === 'jwt' ? authorizer : undefined,
      });
      if (route.auth !== 'jwt') {
        acknowledge(
          created,
          'APIG4',
          route.auth === 'apiKey'
            ? 'Integration route: the handler verifies the x-api-key against its stored hash and scopes (HTTP APIs have no API-key authorizer).'
            : 'Public by design (citizen intake, tracking, surveys, catalogue, health): rate-limited by WAF and route throttling.',
        );
      }
      routeSettings[routeKey.key] = {
        ThrottlingRateLimit: route.rateLimit,
        ThrottlingBurstLimit: route.rateLimit * ROUTE_BURST_FACTOR,
      };
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${props.prefix}-api`,
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // The L2 stage has no per-route throttling; the CloudFormation property does.
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  }

  /** The invoke URL of the `$default` stage, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }

  /** `<api-id>.execute-api.<region>.amazonaws.com`: what CloudFront uses as the API origin. */
  get domainName(): string {
    return `${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}
