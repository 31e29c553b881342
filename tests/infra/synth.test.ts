import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idempotencyTable, mainTable } from '@citydesk/data';
import {
  httpFunctions,
  httpRoutes,
  queueConsumers,
  queues,
  schedules,
  secrets,
  streamConsumers,
  tables,
  userPool,
} from '@citydesk/functions/manifest';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCityDeskStacks, type CityDeskStacks } from '../../infra/lib/citydesk-app.ts';
import { toKebabCase } from '../../infra/lib/naming.ts';
import { actionsOfFunction, resourcesOfType, resourceWith } from './template-helpers.ts';

/*
 * Synthesises the real app once (esbuild bundles every handler, as `cdk synth` would) and
 * asserts that the CloudFormation matches the manifest. Each expectation is derived from
 * functions/src/manifest.ts, so adding a route or queue there needs no change here.
 */

const prefix = 'citydesk-dev';
const handlerDefinitions = [...httpFunctions, ...queueConsumers, ...streamConsumers, ...schedules];

let outdir: string;
let stacks: CityDeskStacks;
let data: Template;
let service: Template;
let web: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'citydesk-synth-'));
  const app = new App({
    outdir,
    // A build directory that cannot exist: this suite must not depend on `npm run build:web`.
    context: { stage: 'dev', region: 'eu-central-1', webBuildPath: join(outdir, 'no-web-build') },
  });
  stacks = addCityDeskStacks(app);
  data = Template.fromStack(stacks.data);
  service = Template.fromStack(stacks.service);
  web = Template.fromStack(stacks.web);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('data stack', () => {
  it.each(tables.map((table) => [table.id, table] as const))(
    '%s has the keys, GSIs, stream and TTL of its definition',
    (_id, definition) => {
      const table = resourceWith(
        data,
        'AWS::DynamoDB::Table',
        'TableName',
        `${prefix}-${definition.nameSuffix}`,
      );
      const keySchema = [
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
      ];
      expect(table.Properties).toMatchObject({
        KeySchema: keySchema,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      });
      const indexes = (table.Properties.GlobalSecondaryIndexes ?? []) as {
        IndexName: string;
        KeySchema: unknown;
      }[];
      expect(indexes.map((index) => index.IndexName)).toEqual(
        definition.globalIndexes.map((i) => i.indexName),
      );
      for (const index of definition.globalIndexes) {
        expect(indexes.find((i) => i.IndexName === index.indexName)?.KeySchema).toEqual([
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ]);
      }
      expect(table.Properties.StreamSpecification).toEqual(
        definition.stream ? { StreamViewType: definition.stream } : undefined,
      );
      expect(table.Properties.TimeToLiveSpecification).toEqual(
        definition.ttlAttribute ? { AttributeName: definition.ttlAttribute, Enabled: true } : undefined,
      );
      // Dev tables are disposable; prod is covered in stage.test.ts.
      expect(table.DeletionPolicy).toBe('Delete');
    },
  );

  it('the main table streams new and old images for the outbox', () => {
    expect(mainTable.stream).toBe('NEW_AND_OLD_IMAGES');
    expect(idempotencyTable.stream).toBeUndefined();
  });

  it('builds the staff user pool from the manifest: groups, immutable attributes, policy, TOTP', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: userPool.passwordPolicy.minLength,
          RequireSymbols: userPool.passwordPolicy.requireSymbols,
        }),
      },
      Schema: Match.arrayWith(
        userPool.immutableAttributes.map((name) => ({
          AttributeDataType: 'String',
          Mutable: false,
          Name: name,
        })),
      ),
    });
    const groups = Object.values(resourcesOfType(data, 'AWS::Cognito::UserPoolGroup'));
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual(
      userPool.groups.map((group) => group.name).sort(),
    );
  });

  it('gives the portal a public client with SRP, USER_PASSWORD_AUTH and refresh', () => {
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
    });
  });

  it('keeps attachments private, encrypted, TLS-only and versioned', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['', [`${prefix}-attachments-`, { Ref: 'AWS::AccountId' }]] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        ]),
      },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('outputs table names, user pool and client ids', () => {
    const outputs = Object.keys(data.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([...tables.map((t) => `${t.id}Name`), 'UserPoolId', 'UserPoolClientId']),
    );
  });
});

describe('service stack: functions', () => {
  it('creates one Node 24 arm64 function per manifest entry, sized by the manifest', () => {
    const ours = Object.values(resourcesOfType(service, 'AWS::Lambda::Function')).filter((fn) =>
      String(fn.Properties.FunctionName).startsWith(`${prefix}-`),
    );
    expect(ours).toHaveLength(handlerDefinitions.length);
    for (const definition of handlerDefinitions) {
      const fn = resourceWith(
        service,
        'AWS::Lambda::Function',
        'FunctionName',
        `${prefix}-${toKebabCase(definition.id)}`,
      );
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: definition.memoryMb,
        Timeout: definition.timeoutSeconds,
      });
    }
  });

  it('tells every function its table, queue and bucket names', () => {
    const fn = resourceWith(service, 'AWS::Lambda::Function', 'FunctionName', `${prefix}-health`);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        'CITY_ID',
        'NODE_OPTIONS',
        ...tables.map((t) => t.envVar),
        ...Object.values(queues).map((q) => q.envVar),
        'ATTACHMENTS_BUCKET_NAME',
        ...Object.values(secrets).map((secret) => secret.arnEnvVar),
      ]),
    );
    // Secret values never appear in a function's configuration, only their ARNs.
    for (const secret of Object.values(secrets)) expect(variables).not.toHaveProperty(secret.valueEnvVar);
  });

  it.each(handlerDefinitions.map((d) => [d.id, d] as const))(
    '%s may read exactly the secrets the manifest grants it',
    (_id, definition) => {
      const actions = actionsOfFunction(service, `${prefix}-${toKebabCase(definition.id)}`);
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(
        (definition.access.secrets ?? []).length > 0,
      );
    },
  );

  it.each(httpFunctions.map((fn) => [fn.id, fn] as const))(
    '%s gets exactly the access its routes declare',
    (_id, route) => {
      const actions = actionsOfFunction(service, `${prefix}-${toKebabCase(route.id)}`);
      const tableModes = (route.access.tables ?? []).map((t) => t.mode);
      expect(actions.includes('dynamodb:GetItem')).toBe(tableModes.length > 0);
      expect(actions.includes('dynamodb:PutItem')).toBe(tableModes.includes('readwrite'));
      expect(actions.includes('sqs:SendMessage')).toBe((route.access.sendsTo ?? []).length > 0);
      const bucket = route.access.bucket;
      const writes = bucket === 'readwrite' || bucket === 'readwrite-delete';
      expect(actions.includes('s3:GetObject*')).toBe(bucket !== undefined);
      expect(actions.includes('s3:PutObject')).toBe(writes);
      // Uploads carry their state as a tag: whoever signs or confirms them must set tags.
      expect(actions.includes('s3:PutObjectTagging')).toBe(writes);
      expect(actions.includes('s3:DeleteObject')).toBe(bucket === 'readwrite-delete');
      // Never a permanent erase: the versioned bucket keeps what a delete removes for 30 days.
      expect(actions.some((action) => action.startsWith('s3:DeleteObjectVersion'))).toBe(false);
      expect(actions).not.toContain('s3:DeleteObject*');
    },
  );
});

describe('service stack: queues and event sources', () => {
  it.each(Object.values(queues).map((queue) => [queue.name, queue] as const))(
    'queue %s has an encrypted DLQ with the manifest maxReceiveCount',
    (name, definition) => {
      const queue = resourceWith(service, 'AWS::SQS::Queue', 'QueueName', `${prefix}-${name}`);
      const dlq = resourceWith(service, 'AWS::SQS::Queue', 'QueueName', `${prefix}-${name}-dlq`);
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        MessageRetentionPeriod: definition.retentionDays * 86_400,
        RedrivePolicy: { maxReceiveCount: definition.maxReceiveCount },
      });
      const target = (queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': string[] } })
        .deadLetterTargetArn['Fn::GetAtt'][0];
      expect(resourcesOfType(service, 'AWS::SQS::Queue')[target as string]).toBe(dlq);
      expect(dlq.Properties.SqsManagedSseEnabled).toBe(true);
    },
  );

  it('denies non-TLS access on every queue', () => {
    const queueCount = Object.keys(resourcesOfType(service, 'AWS::SQS::Queue')).length;
    const policies = Object.values(resourcesOfType(service, 'AWS::SQS::QueuePolicy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    expect(policies).toHaveLength(queueCount);
  });

  it('maps every consumer with partial batch failure reporting', () => {
    const mappings = Object.values(resourcesOfType(service, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(queueConsumers.length + streamConsumers.length);
    for (const mapping of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  it.each(queueConsumers.map((consumer) => [consumer.id, consumer] as const))(
    'queue consumer %s has the manifest batch size and concurrency cap',
    (id, consumer) => {
      service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp(`^${id}HandlerFunction`) },
        BatchSize: consumer.batchSize,
        ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    },
  );

  it.each(streamConsumers.map((consumer) => [consumer.id, consumer] as const))(
    'stream consumer %s bisects, retries, and parks exhausted batches in a failure queue',
    (id, consumer) => {
      service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp(`^${id}HandlerFunction`) },
        BatchSize: consumer.batchSize,
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: consumer.maxRetryAttempts,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
      resourceWith(service, 'AWS::SQS::Queue', 'QueueName', `${prefix}-${toKebabCase(id)}-failures`);
    },
  );

  it('creates one EventBridge Scheduler schedule per manifest schedule', () => {
    service.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
  });
});

describe('service stack: HTTP API', () => {
  it('has exactly one route per manifest route', () => {
    const routeKeys = Object.values(resourcesOfType(service, 'AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(httpRoutes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('integrates every route as a Lambda proxy with payload v2, one integration per function', () => {
    const integrations = Object.values(resourcesOfType(service, 'AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(httpFunctions.length);
    // One invoke permission per function, not per route.
    expect(Object.keys(resourcesOfType(service, 'AWS::Lambda::Permission')).length).toBeLessThanOrEqual(
      httpFunctions.length + 5,
    );
    for (const integration of integrations) {
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it.each(httpRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s is protected by the JWT authorizer only if the manifest says jwt',
    (routeKey, route) => {
      const resource = resourceWith(service, 'AWS::ApiGatewayV2::Route', 'RouteKey', routeKey);
      expect(resource.Properties.AuthorizationType).toBe(route.auth === 'jwt' ? 'JWT' : 'NONE');
      expect(resource.Properties.AuthorizerId !== undefined).toBe(route.auth === 'jwt');
    },
  );

  it('creates the authorizer only when a route needs it', () => {
    service.resourceCountIs(
      'AWS::ApiGatewayV2::Authorizer',
      httpRoutes.some((r) => r.auth === 'jwt') ? 1 : 0,
    );
  });

  it('throttles each route at its manifest rate and logs JSON access lines', () => {
    const [stage, ...others] = Object.values(resourcesOfType(service, 'AWS::ApiGatewayV2::Stage'));
    if (!stage) throw new Error('no HTTP API stage');
    expect(others).toHaveLength(0);
    expect(stage.Properties.StageName).toBe('$default');
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
    for (const route of httpRoutes) {
      expect(settings[`${route.method} ${route.path}`]?.ThrottlingRateLimit).toBe(route.rateLimit);
    }
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    expect(JSON.parse(format)).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
    });
  });

  it('allows CORS only from the configured portal origin (dev default: Vite)', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['http://localhost:5173'] }),
    });
  });

  it('outputs the API URL', () => {
    expect(Object.keys(service.findOutputs('ApiUrl'))).toEqual(['ApiUrl']);
  });
});

describe('web stack', () => {
  it('serves the portal from a private bucket and the API on the same origin', () => {
    const distribution = Object.values(resourcesOfType(web, 'AWS::CloudFront::Distribution'))[0];
    const config = distribution?.Properties.DistributionConfig as {
      CacheBehaviors: { PathPattern: string; AllowedMethods: string[] }[];
    };
    expect(config.CacheBehaviors.map((behavior) => behavior.PathPattern).sort()).toEqual(
      ['/health', '/openapi.json', '/v1/*'].sort(),
    );
    for (const behavior of config.CacheBehaviors) expect(behavior.AllowedMethods).toContain('POST');
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(Object.keys(web.findOutputs('PortalUrl'))).toEqual(['PortalUrl']);
  });

  it('skips the portal upload with a warning when web/build is missing', () => {
    web.resourceCountIs('Custom::CDKBucketDeployment', 0);
    expect(
      stacks.web.node
        .findAll()
        .flatMap((construct) => construct.node.metadata)
        .some((entry) => String(entry.data).includes('the portal files are not deployed')),
    ).toBe(true);
  });
});
