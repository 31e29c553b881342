import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/*
 * cdk-nag 3 identifies an IAM wildcard finding by the resource string as it appears in
 * the template, with intrinsics rendered as `<AWS::AccountId>` or `<Logical.Arn>`. These
 * helpers render an ARN the same way, so an acknowledgement can be written next to the
 * grant it concerns instead of as a brittle literal.
 */

type Intrinsic = string | { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Intrinsic & object;
  if (intrinsic.Ref) return `<${intrinsic.Ref}>`;
  if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
  if (intrinsic['Fn::Join']) {
    const [separator, parts] = intrinsic['Fn::Join'];
    return parts.map(render).join(separator);
  }
  throw new Error(`cannot render ${JSON.stringify(value)} as a cdk-nag finding`);
}

/** An ARN (possibly holding tokens) as cdk-nag prints it in a finding id. */
export function nagResource(scope: IConstruct, arn: string): string {
  return render(Stack.of(scope).resolve(arn));
}

/** Acknowledges one AwsSolutions finding on `scope` (and what it contains), with its reason. */
export function acknowledge(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${finding}`, reason });
}

/** Acknowledges an IAM5 wildcard on a resource ARN. */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  acknowledge(scope, `IAM5[Resource::${nagResource(scope, arn)}]`, reason);
}
