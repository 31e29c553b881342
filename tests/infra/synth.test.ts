import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idempotencyTable, mainTable } from '@citydesk/data';
import {
  httpFunctions,
  httpRoutes,
  publicRateLimits,
  queueConsumers,
  queues,
  schedules,
  secrets,
  streamConsumers,
  tables,
  userPool,
} from '@citydesk/functions/manifest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCityDeskStacks, apiPathPatterns, type CityDeskStacks } from '../../infra/lib/citydesk-app.ts';
import { MANAGED_RULE_GROUPS } from '../../infra/lib/constructs/edge-firewall.ts';
import { API_CONTENT_SECURITY_POLICY } from '../../infra/lib/constructs/portal-distribution.ts';
import { POWERTOOLS_VERSION, powertoolsLayerParameter } from '../../infra/lib/function-bundling.ts';
import { toKebabCase } from '../../infra/lib/naming.ts';
import { actionsOfFunction, resourcesOfType, resourceWith } from './template-helpers.ts';

/*
 * Synthesises the real app once (without bundling: cli-synth.test.ts bundles) and
 * asserts that the CloudFormation matches the manifest. Each expectation is derived from
 * functions/src/manifest.ts, so adding a route or queue there needs no change here.
 */

const prefix = 'citydesk-dev';
const handlerDefinitions = [...httpFunctions, ...queueConsumers, ...streamConsumers, ...schedules];

let outdir: string;
let stacks: CityDeskStacks;
let data: Template;
let identity: Template;
let asyncTemplate: Template;
let api: Template;
let edge: Template;
let web: Template;
let observability: Template;
/** Where each handler function lives: HTTP functions in the API stack, workers in the async stack. */
const templateOf = (id: string) => (httpFunctions.some((fn) => fn.id === id) ? api : asyncTemplate);

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'citydesk-synth-'));
  const app = new App({
    outdir,
    // A build directory that cannot exist: this suite must not depend on `npm run build:web`.
    context: {
      stage: 'dev',
      region: 'eu-central-1',
      webBuildPath: join(outdir, 'no-web-build'),
      // Bundling switched off through the CDK's own context key: cli-synth.test.ts bundles
      // every handler once with the real CLI; these assertions are about the templates.
      'aws:cdk:bundling-stacks': [],
    },
  });
  stacks = addCityDeskStacks(app);
  data = Template.fromStack(stacks.data);
  identity = Template.fromStack(stacks.identity);
  asyncTemplate = Template.fromStack(stacks.async);
  api = Template.fromStack(stacks.api);
  edge = Template.fromStack(stacks.edge);
  web = Template.fromStack(stacks.web);
  observability = Template.fromStack(stacks.observability);
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
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
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
    identity.hasResourceProperties('AWS::Cognito::UserPool', {
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
    const groups = Object.values(resourcesOfType(identity, 'AWS::Cognito::UserPoolGroup'));
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual(
      userPool.groups.map((group) => group.name).sort(),
    );
  });

  it('gives the portal a public client with SRP, USER_PASSWORD_AUTH and refresh', () => {
    identity.hasResourceProperties('AWS::Cognito::UserPoolClient', {
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
    expect(Object.keys(data.findOutputs('*'))).toEqual(
      expect.arrayContaining(tables.map((t) => `${t.id}Name`)),
    );
    expect(Object.keys(identity.findOutputs('*'))).toEqual(
      expect.arrayContaining(['UserPoolId', 'UserPoolClientId']),
    );
  });
});

describe('API and async stacks: functions', () => {
  it('creates one traced Node 24 arm64 function per manifest entry, sized by the manifest', () => {
    const ours = [api, asyncTemplate].flatMap((template) =>
      Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).filter((fn) =>
        String(fn.Properties.FunctionName).startsWith(`${prefix}-`),
      ),
    );
    expect(ours).toHaveLength(handlerDefinitions.length);
    for (const definition of handlerDefinitions) {
      const fn = resourceWith(
        templateOf(definition.id),
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
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('gives every function the Powertools layer of the pinned release, its ARN from the public SSM parameter', () => {
    expect(powertoolsLayerParameter()).toBe(
      `/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`,
    );
    expect(POWERTOOLS_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const template of [api, asyncTemplate]) {
      const parameters = (template.toJSON().Parameters ?? {}) as Record<
        string,
        { Type: string; Default?: string }
      >;
      const layer = Object.entries(parameters).find(([, p]) => p.Default === powertoolsLayerParameter());
      expect(layer?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
      const functions = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).filter((fn) =>
        String(fn.Properties.FunctionName).startsWith(`${prefix}-`),
      );
      expect(functions.length).toBeGreaterThan(0);
      for (const fn of functions) expect(fn.Properties.Layers).toEqual([{ Ref: layer?.[0] }]);
    }
  });

  it('tells every function its table, queue and bucket names', () => {
    const fn = resourceWith(api, 'AWS::Lambda::Function', 'FunctionName', `${prefix}-health`);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        'CITY_ID',
        'NODE_OPTIONS',
        ...tables.map((t) => t.envVar),
        ...Object.values(queues).map((q) => q.envVar),
        'ATTACHMENTS_BUCKET_NAME',
        ...Object.values(secrets).map((secret) => secret.arnEnvVar),
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_METRICS_NAMESPACE',
      ]),
    );
    // Secret values never appear in a function's configuration, only their ARNs.
    for (const secret of Object.values(secrets)) expect(variables).not.toHaveProperty(secret.valueEnvVar);
  });

  it.each(handlerDefinitions.map((d) => [d.id, d] as const))(
    '%s may read exactly the secrets the manifest grants it',
    (_id, definition) => {
      const actions = actionsOfFunction(templateOf(definition.id), `${prefix}-${toKebabCase(definition.id)}`);
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(
        (definition.access.secrets ?? []).length > 0,
      );
    },
  );

  it.each(httpFunctions.map((fn) => [fn.id, fn] as const))(
    '%s gets exactly the access its routes declare',
    (_id, route) => {
      const actions = actionsOfFunction(api, `${prefix}-${toKebabCase(route.id)}`);
      const tableModes = (route.access.tables ?? []).map((t) => t.mode);
      expect(actions.includes('dynamodb:GetItem')).toBe(tableModes.length > 0);
      expect(actions.includes('dynamodb:PutItem')).toBe(tableModes.includes('readwrite'));
      // The dead-letter tooling sends redriven messages back to their queues, and is the
      // only HTTP function that receives or deletes queue messages (from the DLQs).
      const manages = route.access.deadLetters === 'manage';
      expect(actions.includes('sqs:SendMessage')).toBe((route.access.sendsTo ?? []).length > 0 || manages);
      expect(actions.includes('sqs:ReceiveMessage')).toBe(manages);
      expect(actions.includes('sqs:DeleteMessage')).toBe(manages);
      expect(actions).not.toContain('sqs:PurgeQueue');
      const bucket = route.access.bucket;
      const writes = bucket === 'readwrite' || bucket === 'readwrite-delete';
      expect(actions.includes('s3:GetObject')).toBe(bucket !== undefined);
      expect(actions.includes('s3:PutObject')).toBe(writes);
      // Uploads carry their state as a tag: whoever signs or confirms them must set tags.
      expect(actions.includes('s3:PutObjectTagging')).toBe(writes);
      expect(actions.includes('s3:DeleteObject')).toBe(bucket === 'readwrite-delete');
      // Never a permanent erase: the versioned bucket keeps what a delete removes for 30 days.
      expect(actions.some((action) => action.startsWith('s3:DeleteObjectVersion'))).toBe(false);
      expect(actions).not.toContain('s3:DeleteObject*');
      // No wildcard actions at all, and no table scans.
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
      expect(actions).not.toContain('dynamodb:Scan');
    },
  );

  it("writes each function's logs to its own log group only, without the managed basic execution role", () => {
    for (const template of [api, asyncTemplate]) {
      for (const role of Object.values(resourcesOfType(template, 'AWS::IAM::Role'))) {
        expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toContain(
          'AWSLambdaBasicExecutionRole',
        );
      }
    }
  });
});

describe('async stack: queues and event sources', () => {
  it.each(Object.values(queues).map((queue) => [queue.name, queue] as const))(
    'queue %s has an encrypted DLQ with the manifest maxReceiveCount',
    (name, definition) => {
      const queue = resourceWith(asyncTemplate, 'AWS::SQS::Queue', 'QueueName', `${prefix}-${name}`);
      const dlq = resourceWith(asyncTemplate, 'AWS::SQS::Queue', 'QueueName', `${prefix}-${name}-dlq`);
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        MessageRetentionPeriod: definition.retentionDays * 86_400,
        RedrivePolicy: { maxReceiveCount: definition.maxReceiveCount },
      });
      const target = (queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': string[] } })
        .deadLetterTargetArn['Fn::GetAtt'][0];
      expect(resourcesOfType(asyncTemplate, 'AWS::SQS::Queue')[target as string]).toBe(dlq);
      expect(dlq.Properties.SqsManagedSseEnabled).toBe(true);
    },
  );

  it('denies non-TLS access on every queue', () => {
    const queueCount = Object.keys(resourcesOfType(asyncTemplate, 'AWS::SQS::Queue')).length;
    const policies = Object.values(resourcesOfType(asyncTemplate, 'AWS::SQS::QueuePolicy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    expect(policies).toHaveLength(queueCount);
  });

  it('maps every consumer with partial batch failure reporting', () => {
    const mappings = Object.values(resourcesOfType(asyncTemplate, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(queueConsumers.length + streamConsumers.length);
    for (const mapping of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  it.each(queueConsumers.map((consumer) => [consumer.id, consumer] as const))(
    'queue consumer %s has the manifest batch size and concurrency cap',
    (id, consumer) => {
      asyncTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp(`${id}HandlerFunction`) },
        BatchSize: consumer.batchSize,
        ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    },
  );

  it.each(streamConsumers.map((consumer) => [consumer.id, consumer] as const))(
    'stream consumer %s bisects, retries, and parks exhausted batches in a failure queue',
    (id, consumer) => {
      asyncTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp(`${id}HandlerFunction`) },
        BatchSize: consumer.batchSize,
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: consumer.maxRetryAttempts,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
      resourceWith(asyncTemplate, 'AWS::SQS::Queue', 'QueueName', `${prefix}-${toKebabCase(id)}-failures`);
    },
  );

  it('creates one EventBridge Scheduler schedule per manifest schedule', () => {
    asyncTemplate.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
  });
});

describe('API stack: HTTP API', () => {
  it('has exactly one route per manifest route', () => {
    const routeKeys = Object.values(resourcesOfType(api, 'AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(httpRoutes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('integrates every route as a Lambda proxy with payload v2, one integration per function', () => {
    const integrations = Object.values(resourcesOfType(api, 'AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(httpFunctions.length);
    // One invoke permission per function, not per route.
    expect(Object.keys(resourcesOfType(api, 'AWS::Lambda::Permission')).length).toBeLessThanOrEqual(
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
      const resource = resourceWith(api, 'AWS::ApiGatewayV2::Route', 'RouteKey', routeKey);
      expect(resource.Properties.AuthorizationType).toBe(route.auth === 'jwt' ? 'JWT' : 'NONE');
      expect(resource.Properties.AuthorizerId !== undefined).toBe(route.auth === 'jwt');
    },
  );

  it('creates the authorizer only when a route needs it', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', httpRoutes.some((r) => r.auth === 'jwt') ? 1 : 0);
  });

  it('throttles each route at its manifest rate and logs JSON access lines', () => {
    const [stage, ...others] = Object.values(resourcesOfType(api, 'AWS::ApiGatewayV2::Stage'));
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
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['http://localhost:5173'] }),
    });
  });

  it('outputs the API URL', () => {
    expect(Object.keys(api.findOutputs('ApiUrl'))).toEqual(['ApiUrl']);
  });
});

describe('web stack', () => {
  it('serves the portal from a private bucket and the API on the same origin', () => {
    const distribution = Object.values(resourcesOfType(web, 'AWS::CloudFront::Distribution'))[0];
    const config = distribution?.Properties.DistributionConfig as {
      CacheBehaviors: { PathPattern: string; AllowedMethods: string[] }[];
    };
    expect(config.CacheBehaviors.map((behavior) => behavior.PathPattern).sort()).toEqual(
      apiPathPatterns(httpRoutes).sort(),
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

describe('web stack: headers and firewall', () => {
  const distributionConfig = () =>
    Object.values(resourcesOfType(web, 'AWS::CloudFront::Distribution'))[0]?.Properties
      .DistributionConfig as Record<string, unknown>;

  it('puts the edge WAF web ACL in front of portal and API, and logs every request', () => {
    const config = distributionConfig();
    expect(config.WebACLId).toBeDefined();
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('sends CSP, HSTS and frame-ancestors on portal pages, and a locked-down CSP on API answers', () => {
    const policies = Object.values(resourcesOfType(web, 'AWS::CloudFront::ResponseHeadersPolicy')).map(
      (policy) =>
        (policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> })
          .SecurityHeadersConfig,
    );
    expect(policies).toHaveLength(2);
    for (const headers of policies) {
      expect(headers.StrictTransportSecurity).toMatchObject({
        AccessControlMaxAgeSec: 730 * 86_400,
        IncludeSubdomains: true,
        Preload: true,
      });
      expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
      const csp = JSON.stringify(headers.ContentSecurityPolicy);
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const csps = policies.map((headers) => JSON.stringify(headers.ContentSecurityPolicy));
    expect(csps.some((csp) => csp.includes(API_CONTENT_SECURITY_POLICY))).toBe(true);
    expect(csps.some((csp) => csp.includes("object-src 'none'") && csp.includes('cognito-idp'))).toBe(true);
  });
});

describe('edge stack', () => {
  it('lives in us-east-1, as CloudFront requires of web ACLs', () => {
    expect(stacks.edge.region).toBe('us-east-1');
  });

  it('rate-limits each public endpoint per IP from the manifest, then applies the managed rule groups', () => {
    const acl = resourceWith(edge, 'AWS::WAFv2::WebACL', 'Scope', 'CLOUDFRONT');
    const rules = acl.Properties.Rules as {
      Name: string;
      Statement: {
        RateBasedStatement?: { Limit: number; AggregateKeyType: string; ScopeDownStatement: unknown };
        ManagedRuleGroupStatement?: { Name: string };
      };
      Action?: { Block?: { CustomResponse?: { ResponseCode: number } } };
    }[];
    for (const limit of publicRateLimits) {
      const rule = rules.find((r) => r.Name === `RateLimit${limit.id}`);
      expect(rule?.Statement.RateBasedStatement).toMatchObject({
        Limit: limit.requestsPer5Minutes,
        AggregateKeyType: 'IP',
      });
      expect(JSON.stringify(rule?.Statement.RateBasedStatement?.ScopeDownStatement)).toContain(
        limit.pathPrefix,
      );
      expect(rule?.Action?.Block?.CustomResponse?.ResponseCode).toBe(429);
    }
    expect(
      rules.flatMap((r) =>
        r.Statement.ManagedRuleGroupStatement ? [r.Statement.ManagedRuleGroupStatement.Name] : [],
      ),
    ).toEqual(MANAGED_RULE_GROUPS.map((group) => group.name));
  });
});

describe('attachments: logging and malware scanning', () => {
  it('logs access to the attachments bucket into its own log bucket', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'attachments/' }),
    });
  });

  it('scans new objects with GuardDuty and denies reads of infected ones', () => {
    data.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: Match.objectLike({
              StringEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'THREATS_FOUND' },
            }),
          }),
        ]),
      },
    });
  });
});

describe('observability stack', () => {
  const alarmNames = () =>
    Object.values(resourcesOfType(observability, 'AWS::CloudWatch::Alarm')).map((alarm) =>
      String(alarm.Properties.AlarmName),
    );

  it("alarms on every dead-letter queue and on every function's errors and throttles", () => {
    const names = alarmNames();
    for (const queue of Object.values(queues)) {
      expect(names).toContain(
        `${prefix}-${queue.name.charAt(0).toUpperCase()}${queue.name.slice(1)}DeadLetterMessages`,
      );
    }
    for (const definition of handlerDefinitions) {
      expect(names).toContain(`${prefix}-${definition.id}Errors`);
      expect(names).toContain(`${prefix}-${definition.id}Throttles`);
    }
  });

  it('alarms on API 5xx, stream iterator age and SLA-sweep failures, all to one encrypted topic', () => {
    const names = alarmNames();
    expect(names).toEqual(expect.arrayContaining([`${prefix}-Api5xx`, `${prefix}-SlaSweepFailed`]));
    for (const consumer of streamConsumers) expect(names).toContain(`${prefix}-${consumer.id}IteratorAge`);
    observability.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    for (const alarm of Object.values(resourcesOfType(observability, 'AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
    observability.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding in any stack', () => {
    // The report lists only plugins that found something: empty means every finding of
    // every stack was fixed or acknowledged with its reason.
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    expect(report.pluginReports).toEqual([]);
  });

  it('does fail the synth on an unacknowledged finding (the check is live)', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'citydesk-nag-')) });
    new Queue(new Stack(app, 'Unchecked'), 'PlainQueue', { enforceSSL: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
