import {
  AddCustomAttributesCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolDefinition } from '@citydesk/functions/manifest';

/*
 * The staff user pool in cognito-local, built from the manifest's `userPool`.
 * Pool, groups and app client are looked up by name first, so a restart over
 * .data/cognito reuses the same pool id and client id (and tokens the portal
 * still holds stay valid).
 */

/** Ids of the provisioned pool and its portal app client. */
export interface ProvisionedUserPool {
  userPoolId: string;
  userPoolClientId: string;
}

const customAttribute = (name: string, mutable: boolean) => ({
  Name: name,
  AttributeDataType: 'String' as const,
  Mutable: mutable,
  StringAttributeConstraints: { MinLength: '1', MaxLength: '128' },
});

/**
 * A pool kept in .data/ from before an attribute was added to the manifest gets it
 * now, as a deployment would (Cognito can add custom attributes, never remove them).
 */
async function addMissingAttributes(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  definition: UserPoolDefinition,
): Promise<void> {
  const pool = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  const present = new Set((pool.UserPool?.SchemaAttributes ?? []).map((a) => a.Name));
  const missing = [
    ...definition.immutableAttributes.map((name) => customAttribute(name, false)),
    ...definition.adminManagedAttributes.map((name) => customAttribute(name, true)),
  ].filter((a) => !present.has(`custom:${a.Name}`));
  if (missing.length > 0) {
    await cognito.send(new AddCustomAttributesCommand({ UserPoolId: userPoolId, CustomAttributes: missing }));
  }
}

/** Creates (or finds) the pool, its groups and a secret-less app client for the portal. */
export async function ensureUserPool(
  cognito: CognitoIdentityProviderClient,
  definition: UserPoolDefinition,
  names: { poolName: string; clientName: string },
): Promise<ProvisionedUserPool> {
  const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === names.poolName)?.Id;
  if (!userPoolId) {
    const { passwordPolicy } = definition;
    const created = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: names.poolName,
        Policies: {
          PasswordPolicy: {
            MinimumLength: passwordPolicy.minLength,
            RequireLowercase: passwordPolicy.requireLowercase,
            RequireUppercase: passwordPolicy.requireUppercase,
            RequireNumbers: passwordPolicy.requireDigits,
            RequireSymbols: passwordPolicy.requireSymbols,
          },
        },
        // Immutable: set once by an administrator at creation, never writable by the
        // user, so a token's tenant and neighbourhood can be trusted (ARCHITECTURE §3).
        // The admin-managed ones (the department) change through the admin API only.
        Schema: [
          ...definition.immutableAttributes.map((name) => customAttribute(name, false)),
          ...definition.adminManagedAttributes.map((name) => customAttribute(name, true)),
        ],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      }),
    );
    userPoolId = created.UserPool?.Id;
    if (!userPoolId) throw new Error('cognito-local returned no user pool id');
  } else {
    await addMissingAttributes(cognito, userPoolId, definition);
  }

  const existingGroups = new Set(
    (await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }))).Groups?.map((g) => g.GroupName),
  );
  for (const group of definition.groups) {
    if (existingGroups.has(group.name)) continue;
    await cognito.send(
      new CreateGroupCommand({
        UserPoolId: userPoolId,
        GroupName: group.name,
        Description: group.description,
      }),
    );
  }

  const clients = await cognito.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let userPoolClientId = clients.UserPoolClients?.find((c) => c.ClientName === names.clientName)?.ClientId;
  if (!userPoolClientId) {
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: names.clientName,
        // A browser app cannot keep a secret.
        GenerateSecret: false,
        // USER_PASSWORD_AUTH is all cognito-local speaks; SRP is what the portal uses on AWS.
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    userPoolClientId = created.UserPoolClient?.ClientId;
    if (!userPoolClientId) throw new Error('cognito-local returned no app client id');
  }
  return { userPoolId, userPoolClientId };
}
