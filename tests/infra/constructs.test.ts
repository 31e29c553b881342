import type {
  HttpRouteDefinition,
  QueueConsumerDefinition,
  QueueDefinition,
} from '@citydesk/functions/manifest';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { HttpApiGateway } from '../../infra/lib/constructs/http-api-gateway.ts';
import { assertVisibilityCoversConsumers, MessageQueues } from '../../infra/lib/constructs/message-queues.ts';
import { resourceWith } from './template-helpers.ts';

/*
 * Construct behaviour the current manifest does not exercise yet: JWT-protected routes and
 * a misconfigured visibility timeout. Inline Lambda code keeps these tests free of bundling.
 */

const route = (overrides: Partial<HttpRouteDefinition>): HttpRouteDefinition => ({
  id: 'Route',
  method: 'GET',
  path: '/v1/route',
  entry: 'http/route.ts',
  auth: 'none',
  access: {},
  rateLimit: 10,
  memoryMb: 128,
  timeoutSeconds: 3,
  ...overrides,
});

describe('HttpApiGateway', () => {
  it('attaches the Cognito JWT authorizer to jwt routes only', () => {
    const stack = new Stack(new App(), 'ApiTest', { env: { region: 'eu-central-1' } });
    const pool = new UserPool(stack, 'Pool');
    const client = pool.addClient('Client');
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
    });
    const routes = [
      route({ id: 'PublicThing', path: '/v1/public/thing' }),
      route({ id: 'StaffCases', method: 'POST', path: '/v1/cases', auth: 'jwt' }),
    ];
    new HttpApiGateway(stack, 'HttpApi', {
      routes,
      handlers: new Map(routes.map((r) => [r.id, fn])),
      userPool: pool,
      userPoolClients: [client],
      prefix: 'citydesk-test',
      corsOrigin: undefined,
      logRetention: RetentionDays.ONE_DAY,
      retainLogs: false,
    });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: 'PoolClient8A3E5EB7' }] },
    });
    const staff = resourceWith(template, 'AWS::ApiGatewayV2::Route', 'RouteKey', 'POST /v1/cases');
    expect(staff.Properties).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: expect.any(String) },
    });
    const open = resourceWith(template, 'AWS::ApiGatewayV2::Route', 'RouteKey', 'GET /v1/public/thing');
    expect(open.Properties.AuthorizationType).toBe('NONE');
    expect(open.Properties.AuthorizerId).toBeUndefined();
    // No CORS configuration at all when no cross-origin portal is configured.
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });
});

describe('MessageQueues visibility check', () => {
  const queue: QueueDefinition = {
    name: 'routing',
    envVar: 'ROUTING_QUEUE_URL',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 3,
    retentionDays: 4,
  };
  const consumer = (timeoutSeconds: number, maxBatchingWindowSeconds = 0): QueueConsumerDefinition => ({
    id: 'RouteCase',
    queue: 'routing',
    entry: 'workers/route-case.ts',
    batchSize: 10,
    maxBatchingWindowSeconds,
    maxConcurrency: 2,
    access: {},
    memoryMb: 128,
    timeoutSeconds,
  });

  it('accepts a visibility timeout of six times the consumer timeout', () => {
    expect(() => assertVisibilityCoversConsumers(queue, [consumer(10)])).not.toThrow();
  });

  it('fails synthesis below six times the timeout plus batching window', () => {
    expect(() => assertVisibilityCoversConsumers(queue, [consumer(11)])).toThrow(/RouteCase/);
    expect(() => assertVisibilityCoversConsumers(queue, [consumer(10, 1)])).toThrow(/batching window/);
    expect(
      () =>
        new MessageQueues(new Stack(), 'Queues', {
          definitions: [queue],
          consumers: [consumer(30)],
          prefix: 'x',
        }),
    ).toThrow(/visibilityTimeoutSeconds 60/);
  });
});
