import type { SecretDefinition, SecretName } from '@citydesk/functions/manifest';
import { RemovalPolicy } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-findings.ts';

/** Properties of {@link GeneratedSecrets}. */
export interface GeneratedSecretsProps {
  definitions: Record<SecretName, SecretDefinition>;
  prefix: string;
  retainData: boolean;
}

/**
 * One Secrets Manager secret per manifest secret, with a random value generated at
 * deployment so no person ever sees it. Functions get only the ARN (see loadSecret).
 * Retained in prod: losing the PII HMAC key would orphan every citizen-history index entry.
 */
export class GeneratedSecrets extends Construct {
  readonly #secrets = new Map<SecretName, ISecret>();

  constructor(scope: Construct, id: string, props: GeneratedSecretsProps) {
    super(scope, id);
    for (const [name, definition] of Object.entries(props.definitions) as [SecretName, SecretDefinition][]) {
      const secret = new Secret(this, definition.id, {
        secretName: `${props.prefix}/${definition.id}`,
        description: definition.description,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      // The PII HMAC key indexes every stored phone number: rotating it would orphan the
      // index (caller lookup, duplicate detection), so it changes only by a planned re-index.
      acknowledge(
        secret,
        'SMG4',
        'A rotated HMAC key would orphan every phone index entry; rotation is a planned re-index (docs/security.md), not a schedule.',
      );
      this.#secrets.set(name, secret);
    }
  }

  secretFor(name: SecretName): ISecret {
    const secret = this.#secrets.get(name);
    if (!secret) throw new Error(`no secret named ${name}`);
    return secret;
  }
}
