import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from '#platform/logger.ts';
import { userPool } from '../manifest.ts';

/*
 * Enforced MFA for tenant administrators (docs/adr/0006-admin-mfa-enforcement.md).
 * Cognito can require MFA for a whole pool or for nobody, never per group, and call
 * centre agents share desk PCs without phones, so the pool keeps MFA optional and
 * this pre-token-generation trigger makes it mandatory where it matters: a group
 * that grants administration (API keys, users, audit trail, erasure) appears in a
 * token only if its holder has TOTP MFA enabled. With TOTP enabled, Cognito
 * challenges for it at every sign-in, so the token in hand was earned with it.
 *
 * Runs on AWS only; cognito-local invokes no triggers here (see the ADR).
 */

/**
 * Claim set on tokens whose MFA-guarded groups were withheld, so the portal can tell
 * the user why administration is missing ("set up an authenticator app"). The API
 * never reads it: the missing group alone denies everything.
 */
export const ADMIN_MFA_REQUIRED_CLAIM = 'custom:admin_mfa_required';

/** The one fact the trigger needs about a user: is TOTP MFA enabled? */
export interface MfaStatusLookup {
  totpEnabled(userPoolId: string, username: string): Promise<boolean>;
}

/** Cognito's answer: AdminGetUser lists the MFA methods the user has enabled. */
export function cognitoMfaStatusLookup(client: CognitoIdentityProviderClient): MfaStatusLookup {
  return {
    async totpEnabled(userPoolId, username) {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
      return (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
    },
  };
}

/**
 * Builds the trigger: tokens of users without TOTP lose the `guardedGroups` and carry
 * {@link ADMIN_MFA_REQUIRED_CLAIM}. Fails closed: if Cognito cannot be asked, the
 * groups are withheld for this token (the user still signs in with their other
 * roles) rather than the sign-in failing or administration passing unchecked.
 */
export function createEnforceAdminMfa(lookup: MfaStatusLookup, guardedGroups: readonly string[]) {
  return async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
    const withheld = groups.filter((group) => guardedGroups.includes(group));
    // Most sign-ins are not administrators: no lookup, no latency, tokens unchanged.
    if (withheld.length === 0) return event;
    // The sub, never the username: usernames can be e-mail addresses (no PII in logs).
    const sub = event.request.userAttributes?.sub;
    let hasTotp = false;
    try {
      hasTotp = await lookup.totpEnabled(event.userPoolId, event.userName);
    } catch (error) {
      logger.error('MFA status lookup failed; withholding MFA-guarded groups from this token', {
        sub,
        error: error as Error,
      });
    }
    if (hasTotp) return event;
    logger.info('MFA-guarded groups withheld: no TOTP MFA enabled', { sub, withheld });
    const current = event.response.claimsOverrideDetails ?? {};
    event.response.claimsOverrideDetails = {
      ...current,
      claimsToAddOrOverride: { ...current.claimsToAddOrOverride, [ADMIN_MFA_REQUIRED_CLAIM]: 'true' },
      groupOverrideDetails: {
        ...event.request.groupConfiguration,
        ...current.groupOverrideDetails,
        groupsToOverride: groups.filter((group) => !withheld.includes(group)),
      },
    };
    return event;
  };
}

// Created once per execution environment; the region comes from the Lambda runtime.
const cognito = new CognitoIdentityProviderClient({});

/** The Cognito pre-token-generation (V1_0) trigger of the staff user pool. */
export const handler = createEnforceAdminMfa(cognitoMfaStatusLookup(cognito), userPool.mfaRequiredGroups);
