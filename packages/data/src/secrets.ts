import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Where a function finds a secret: its value directly (local cloud) or a Secrets Manager ARN (AWS). */
export interface SecretLocation {
  /** Holds the value itself; set by the local cloud and by tests. */
  valueEnvVar: string;
  /** Holds the secret's ARN; set by the CDK stack, which also grants read access. */
  arnEnvVar: string;
}

/**
 * Resolves a secret once at cold start. On AWS the value never appears in the
 * function's configuration (visible in the console and to anyone with
 * lambda:GetFunctionConfiguration): only the ARN does.
 */
export async function loadSecret(location: SecretLocation): Promise<string> {
  const direct = process.env[location.valueEnvVar];
  if (direct) return direct;
  const arn = process.env[location.arnEnvVar];
  if (!arn) throw new Error(`neither ${location.valueEnvVar} nor ${location.arnEnvVar} is set`);
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (!SecretString) throw new Error(`secret ${arn} has no string value`);
  return SecretString;
}
