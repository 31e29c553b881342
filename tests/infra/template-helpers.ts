import type { Template } from 'aws-cdk-lib/assertions';

/*
 * Small lookups over synthesised CloudFormation, so the assertions in the infra tests read
 * as statements about the manifest rather than as JSON plumbing.
 */

/** A CloudFormation resource as it appears in a synthesised template. */
export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** All resources of one type, keyed by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The single resource of `type` whose property `key` equals `value`; fails loudly otherwise. */
export function resourceWith(template: Template, type: string, key: string, value: unknown): CfnResource {
  const matches = Object.values(resourcesOfType(template, type)).filter(
    (resource) => JSON.stringify(resource.Properties[key]) === JSON.stringify(value),
  );
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} with ${key}=${JSON.stringify(value)}, found ${matches.length}`);
  }
  return matches[0] as CfnResource;
}

/** Every IAM action granted to the role of the function named `functionName`. */
export function actionsOfFunction(template: Template, functionName: string): string[] {
  const fn = resourceWith(template, 'AWS::Lambda::Function', 'FunctionName', functionName);
  const role = fn.Properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleId = role['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as { Ref?: string }[]).some((ref) => ref.Ref === roleId),
  );
  return policies.flatMap((policy) =>
    (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
      (statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]),
    ),
  );
}
