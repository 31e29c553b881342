import { commonEnvironment, userPool } from '@citydesk/functions/manifest';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffIdentity } from '../../infra/lib/constructs/staff-identity.ts';
import { toKebabCase } from '../../infra/lib/naming.ts';
import { functionsSourceDir, lockFilePath, repoRoot } from '../../infra/lib/paths.ts';
import { resourcesOfType, resourceWith } from './template-helpers.ts';

/*
 * Enforced MFA for administrators (ADR 0006) as CloudFormation: the pool offers TOTP,
 * runs the manifest's pre-token-generation trigger, and the trigger may do nothing but
 * read users of this one pool. Only the identity construct is synthesised, so this
 * bundles one function rather than the whole app.
 */

const prefix = 'citydesk-test';
const trigger = userPool.triggers.preTokenGeneration;
let template: Template;

beforeAll(() => {
  const stack = new Stack(new App(), 'IdentityTest', {
    env: { account: '111122223333', region: 'eu-central-1' },
  });
  new StaffIdentity(stack, 'Identity', {
    definition: userPool,
    prefix,
    retainData: false,
    triggerFunctions: {
      functionsSourceDir,
      projectRoot: repoRoot,
      depsLockFilePath: lockFilePath,
      environment: { ...commonEnvironment },
      logRetention: RetentionDays.ONE_DAY,
      retainLogs: false,
    },
  });
  template = Template.fromStack(stack);
});

describe('StaffIdentity: enforced MFA for administrators', () => {
  it('declares the trigger and the guarded admin group in the manifest', () => {
    expect(trigger).toBeDefined();
    expect(userPool.mfaRequiredGroups).toContain('admin');
  });

  it('offers TOTP (never SMS) with MFA optional for the pool', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('runs the manifest trigger as a V1_0 pre-token-generation Lambda on Node 24', () => {
    const functionName = `${prefix}-${toKebabCase(trigger?.id ?? '')}`;
    const fn = resourceWith(template, 'AWS::Lambda::Function', 'FunctionName', functionName);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: trigger?.memoryMb,
      Timeout: trigger?.timeoutSeconds,
    });
    const [functionId] = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).find(
      ([, resource]) => resource.Properties.FunctionName === functionName,
    ) ?? [''];
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      // V1_0 is CloudFormation's plain `PreTokenGeneration` (no PreTokenGenerationConfig).
      LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [functionId, 'Arn'] } },
    });
    // Only this pool may invoke it.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Identity'), 'Arn'] },
    });
  });

  it('grants the trigger cognito-idp:AdminGetUser on this pool and nothing else', () => {
    const functionName = `${prefix}-${toKebabCase(trigger?.id ?? '')}`;
    const fn = resourceWith(template, 'AWS::Lambda::Function', 'FunctionName', functionName);
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref?: string }[]).some((r) => r.Ref === roleId))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
    const poolId = Object.keys(resourcesOfType(template, 'AWS::Cognito::UserPool'))[0];
    const logGroupId = Object.keys(resourcesOfType(template, 'AWS::Logs::LogGroup'))[0];
    expect(statements).toEqual([
      // Its own log group, and X-Ray traces (which have no resource-level permissions).
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
      },
      { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
      {
        Action: 'cognito-idp:AdminGetUser',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
      },
    ]);
    // The role is assumed by Lambda only.
    const role = resourcesOfType(template, 'AWS::IAM::Role')[roleId];
    expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain('lambda.amazonaws.com');
  });
});
