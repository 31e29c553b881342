import { join } from 'node:path';
import type { TableDefinition } from '@citydesk/data';
import type { FunctionAccess, FunctionSizing } from '@citydesk/functions/manifest';
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type ILayerVersion, LayerVersion, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  ESM_REQUIRE_BANNER,
  powertoolsLayerParameter,
  RUNTIME_PROVIDED_MODULES,
} from '../function-bundling.ts';
import { acknowledge, acknowledgeWildcardResource } from '../nag-findings.ts';
import { toKebabCase } from '../naming.ts';
import { attachmentsBucketName } from './attachments-storage.ts';
import type { DataTables } from './data-tables.ts';
import type { GeneratedSecrets } from './generated-secrets.ts';
import type { MessageQueues } from './message-queues.ts';

/** The part every manifest entry (route, consumer, schedule) shares. */
export type HandlerDefinition = FunctionSizing & { id: string; entry: string; access: FunctionAccess };

/** The resources a handler's `access` may refer to. */
export interface HandlerResources {
  tables: DataTables;
  queues: MessageQueues;
  bucket: IBucket;
  secrets: GeneratedSecrets;
  /** The staff user pool, for functions that administer its users. */
  userPool: IUserPool;
}

/** Properties of {@link HandlerFunction}. */
export interface HandlerFunctionProps {
  definition: HandlerDefinition;
  /** Absolute directory the manifest's `entry` paths are relative to. */
  functionsSourceDir: string;
  /** Repository root: esbuild resolves workspace packages and subpath imports from here. */
  projectRoot: string;
  depsLockFilePath: string;
  prefix: string;
  environment: Record<string, string>;
  /** What `definition.access` refers to; omit for functions that declare no access (user pool triggers). */
  resources?: HandlerResources;
  logRetention: RetentionDays;
  retainLogs: boolean;
}

/**
 * One Lambda function for one manifest entry: bundled locally with esbuild as ESM for
 * Node 24 on Graviton, sized by the manifest, and granted exactly the `access` the
 * manifest declares, nothing more.
 */
export class HandlerFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const { definition } = props;
    const functionName = `${props.prefix}-${toKebabCase(definition.id)}`;
    // An explicit log group instead of the implicit one: retention and removal are then ours,
    // and no custom resource is needed to set retention.
    const logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole, whose log rights span every log
    // group of the account: this one may write to its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${functionName}`,
    });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      entry: join(props.functionsSourceDir, definition.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: definition.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      environment: { ...props.environment, POWERTOOLS_SERVICE_NAME: toKebabCase(definition.id) },
      logGroup,
      role,
      // X-Ray traces through API Gateway, Lambda and the SDK calls (Powertools tracer).
      tracing: Tracing.ACTIVE,
      layers: [powertoolsLayer(this)],
      projectRoot: props.projectRoot,
      depsLockFilePath: props.depsLockFilePath,
      bundling: {
        format: OutputFormat.ESM,
        // Prefer the ESM build of dual packages; fall back to CommonJS.
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // Stack traces map back through NODE_OPTIONS=--enable-source-maps; the sources
        // themselves need not ship in the zip.
        sourcesContent: false,
        // The runtime's AWS SDK v3 and the Powertools layer's tracer: bundling them would only grow cold starts.
        externalModules: RUNTIME_PROVIDED_MODULES,
      },
    });
    acknowledge(
      this,
      'IAM5[Resource::*]',
      'Only actions without resource-level permissions get "*": X-Ray PutTraceSegments and PutTelemetryRecords, SNS Publish to a phone number (SMS), and the DynamoDB ListStreams of a stream consumer.',
    );
    grantAccess(this.function, definition.access, props.prefix, props.resources);
    grantNotificationSends(this.function, definition.access, props.prefix);
  }
}

/**
 * The Powertools layer of the release the functions pin, one per stack: its ARN is
 * resolved in the deployment's region from the public SSM parameter at deploy time.
 */
function powertoolsLayer(scope: Construct): ILayerVersion {
  const stack = Stack.of(scope);
  const id = 'PowertoolsLayer';
  return (
    (stack.node.tryFindChild(id) as ILayerVersion | undefined) ??
    LayerVersion.fromLayerVersionArn(
      stack,
      id,
      StringParameter.valueForStringParameter(stack, powertoolsLayerParameter()),
    )
  );
}

const declaresAccess = (access: FunctionAccess) =>
  Boolean(
    access.tables?.length ||
      access.sendsTo?.length ||
      access.bucket ||
      access.secrets?.length ||
      access.userPool ||
      access.deadLetters,
  );

/**
 * User administration through the Cognito admin API: exactly the calls it makes. No
 * AdminDeleteUser (accounts are disabled, never deleted: the audit trail names them)
 * and no AdminInitiateAuth (an administrator never signs in as someone else).
 */
const USER_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDeleteUserAttributes',
  'cognito-idp:ListUsers',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminSetUserPassword',
];

/** What the dead-letter tooling does to a DLQ: peek (receive, release), count, and delete once redriven. */
const DEAD_LETTER_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
];

/** The HandlerFunction around `fn`: it also holds the role whose policy a finding concerns. */
const ownerOf = (fn: NodejsFunction) => fn.node.scope ?? fn;

/** Item reads and queries; no Scan: every read path goes through a key or an index. */
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** The ARNs of a table and of each of its global secondary indexes. */
function tableArns(stack: Stack, prefix: string, definition: TableDefinition): string[] {
  const table = stack.formatArn({
    service: 'dynamodb',
    resource: 'table',
    resourceName: `${prefix}-${definition.nameSuffix}`,
  });
  return [table, ...definition.globalIndexes.map((index) => `${table}/index/${index.indexName}`)];
}

/** Turns a manifest `access` declaration into IAM grants on the function's role. */
function grantAccess(
  fn: NodejsFunction,
  access: FunctionAccess,
  prefix: string,
  resources?: HandlerResources,
): void {
  if (!resources) {
    if (declaresAccess(access)) throw new Error(`${fn.node.path} declares access but was given no resources`);
    return;
  }
  const stack = Stack.of(fn);
  for (const { table: definition, mode } of access.tables ?? []) {
    // The table and each of its indexes by name: no `index/*` wildcard, and no import
    // from the data stack that would pin it while functions change.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: mode === 'read' ? TABLE_READ_ACTIONS : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
        resources: tableArns(stack, prefix, definition),
      }),
    );
  }
  for (const queueName of access.sendsTo ?? []) {
    resources.queues.queueFor(queueName).grantSendMessages(fn);
  }
  if (access.bucket) {
    const bucketArn = stack.formatArn({
      service: 's3',
      region: '',
      account: '',
      resource: attachmentsBucketName(prefix, Aws.ACCOUNT_ID),
    });
    const objects = `${bucketArn}/*`;
    // ListBucket only so that a missing object answers 404 rather than 403.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
    // Put (with tagging: the upload state), and delete only where declared: attachments are
    // evidence. s3:DeleteObject only, never s3:DeleteObjectVersion: on the versioned bucket a
    // delete leaves a noncurrent version that the lifecycle rule expires, so nothing is erased at once.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          's3:GetObject',
          ...(access.bucket === 'read' ? [] : ['s3:PutObject', 's3:PutObjectTagging']),
          ...(access.bucket === 'readwrite-delete' ? ['s3:DeleteObject'] : []),
        ],
        resources: [objects],
      }),
    );
    acknowledgeWildcardResource(
      ownerOf(fn),
      objects,
      'Attachment keys are generated per upload (t/{tenant}/{case}/{id}); which ones a caller may touch is decided by the case authorization in code.',
    );
  }
  for (const name of access.secrets ?? []) resources.secrets.secretFor(name).grantRead(fn);
  if (access.userPool === 'admin') {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: USER_ADMIN_ACTIONS, resources: [resources.userPool.userPoolArn] }),
    );
  }
  if (access.deadLetters === 'manage') {
    // The dead-letter tooling (functions/src/platform/dead-letter-queues.ts): look at and
    // take messages from every DLQ, send them back to their source queue. No PurgeQueue:
    // a dead letter leaves only by redrive or by its retention running out.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: DEAD_LETTER_ACTIONS,
        resources: [...resources.queues.deadLetterQueues.values()].map((q) => q.queueArn),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
        resources: [...resources.queues.byName.values()].map((q) => q.queueArn),
      }),
    );
  }
}

/**
 * Citizen notifications (`sends`): SES v2 SendEmail from the account's verified
 * identities, SNS Publish straight to phone numbers (which has no resource ARN, hence
 * `*`), and read access to the Netgsm credentials an operator stores as
 * `<prefix>/netgsm` (docs/domain/notifications.md).
 */
function grantNotificationSends(fn: NodejsFunction, access: FunctionAccess, prefix: string): void {
  const stack = Stack.of(fn);
  if (access.sends?.includes('email')) {
    const identities = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    const configurationSets = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: '*',
    });
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identities, configurationSets] }),
    );
    const why =
      'The sender address and configuration set are deployment settings (docs/deploy.md); SES checks the identity is verified.';
    acknowledgeWildcardResource(ownerOf(fn), identities, why);
    acknowledgeWildcardResource(ownerOf(fn), configurationSets, why);
  }
  if (access.sends?.includes('sms')) {
    const netgsmSecret = stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${prefix}/netgsm-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [netgsmSecret] }),
    );
    // The X-Ray acknowledgement above also covers sns:Publish: SMS to a phone number has no topic ARN.
    acknowledgeWildcardResource(
      ownerOf(fn),
      netgsmSecret,
      'Secrets Manager appends a random suffix to the operator-created Netgsm secret name.',
    );
  }
}
