import { canOnTenant, principalFromClaims } from '@citydesk/domain';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { userPool } from '../manifest.ts';
import {
  ADMIN_MFA_REQUIRED_CLAIM,
  createEnforceAdminMfa,
  type MfaStatusLookup,
} from './enforce-admin-mfa.ts';

/** A V1_0 pre-token-generation event as Cognito sends it for a password sign-in. */
function signInEvent(groups: string[]): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    region: 'eu-central-1',
    userPoolId: 'eu-central-1_Example',
    userName: 'b1c2d3e4-0000-4000-8000-000000000001',
    triggerSource: 'TokenGeneration_Authentication',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'portal-client' },
    request: {
      userAttributes: {
        sub: 'b1c2d3e4-0000-4000-8000-000000000001',
        'custom:tenant_id': 'balikesir-karesi',
        email: 'yonetici@karesi.bel.tr',
      },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsOverrideDetails: {} },
  };
}

/** A fake Cognito: which users have TOTP enabled, and every lookup it was asked. */
function fakeCognito(totpUsers: string[], fail = false) {
  const calls: { userPoolId: string; username: string }[] = [];
  const lookup: MfaStatusLookup = {
    async totpEnabled(userPoolId, username) {
      calls.push({ userPoolId, username });
      if (fail) throw new Error('ThrottlingException');
      return totpUsers.includes(username);
    },
  };
  return { lookup, calls };
}

/** The claims the HTTP API hands a handler once the token is issued: groups as `[a b]`. */
function apiGatewayClaims(event: PreTokenGenerationTriggerEvent): Record<string, string> {
  const override = event.response.claimsOverrideDetails;
  const groups =
    override?.groupOverrideDetails?.groupsToOverride ??
    event.request.groupConfiguration.groupsToOverride ??
    [];
  return {
    sub: event.request.userAttributes.sub ?? '',
    'custom:tenant_id': event.request.userAttributes['custom:tenant_id'] ?? '',
    'cognito:groups': `[${groups.join(' ')}]`,
    ...override?.claimsToAddOrOverride,
  };
}

const tenantTypes = (id: string) => (id === 'balikesir-karesi' ? ('district' as const) : undefined);

describe('enforced MFA for administrators (pre-token-generation trigger)', () => {
  it('guards the admin and platform groups, as the manifest declares', () => {
    expect(userPool.mfaRequiredGroups).toEqual(['admin', 'platform']);
    expect(userPool.triggers.preTokenGeneration?.entry).toBe('triggers/enforce-admin-mfa.ts');
  });

  it('withholds admin from a user without TOTP, keeps the other groups and says why', async () => {
    const cognito = fakeCognito([]);
    const trigger = createEnforceAdminMfa(cognito.lookup, ['admin']);
    const event = await trigger(signInEvent(['admin', 'supervisor']));
    expect(cognito.calls).toEqual([
      { userPoolId: 'eu-central-1_Example', username: 'b1c2d3e4-0000-4000-8000-000000000001' },
    ]);
    expect(event.response.claimsOverrideDetails.groupOverrideDetails?.groupsToOverride).toEqual([
      'supervisor',
    ]);
    expect(event.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({
      [ADMIN_MFA_REQUIRED_CLAIM]: 'true',
    });
  });

  it('leaves an administrator with TOTP enabled untouched', async () => {
    const cognito = fakeCognito(['b1c2d3e4-0000-4000-8000-000000000001']);
    const event = await createEnforceAdminMfa(cognito.lookup, ['admin'])(signInEvent(['admin']));
    expect(cognito.calls).toHaveLength(1);
    expect(event.response.claimsOverrideDetails).toEqual({});
  });

  it('does not ask Cognito about users who hold no guarded group', async () => {
    const cognito = fakeCognito([]);
    const trigger = createEnforceAdminMfa(cognito.lookup, ['admin']);
    const event = await trigger(signInEvent(['staff', 'supervisor']));
    expect(cognito.calls).toEqual([]);
    expect(event.response.claimsOverrideDetails).toEqual({});
    const none = await trigger({
      ...signInEvent([]),
      request: { ...signInEvent([]).request, groupConfiguration: {} },
    });
    expect(none.response.claimsOverrideDetails).toEqual({});
  });

  it('fails closed: when Cognito cannot be asked, the token carries no admin group', async () => {
    const cognito = fakeCognito(['b1c2d3e4-0000-4000-8000-000000000001'], true);
    const event = await createEnforceAdminMfa(cognito.lookup, ['admin'])(signInEvent(['admin', 'staff']));
    expect(event.response.claimsOverrideDetails.groupOverrideDetails?.groupsToOverride).toEqual(['staff']);
    expect(event.response.claimsOverrideDetails.claimsToAddOrOverride?.[ADMIN_MFA_REQUIRED_CLAIM]).toBe(
      'true',
    );
  });

  it('also applies on token refresh, so disabling MFA later ends administration within the hour', async () => {
    const cognito = fakeCognito([]);
    const refresh = { ...signInEvent(['admin']), triggerSource: 'TokenGeneration_RefreshTokens' as const };
    const event = await createEnforceAdminMfa(cognito.lookup, ['admin'])(refresh);
    expect(event.response.claimsOverrideDetails.groupOverrideDetails?.groupsToOverride).toEqual([]);
  });

  it('keeps claims another part of the response already set', async () => {
    const cognito = fakeCognito([]);
    const event = signInEvent(['admin']);
    event.response.claimsOverrideDetails = { claimsToAddOrOverride: { 'custom:portal': 'v2' } };
    const result = await createEnforceAdminMfa(cognito.lookup, ['admin'])(event);
    expect(result.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({
      'custom:portal': 'v2',
      [ADMIN_MFA_REQUIRED_CLAIM]: 'true',
    });
  });

  it('yields a principal without the admin role, so every administration action is denied', async () => {
    const without = await createEnforceAdminMfa(fakeCognito([]).lookup, ['admin'])(signInEvent(['admin']));
    const principal = principalFromClaims(apiGatewayClaims(without), tenantTypes);
    if (!principal) throw new Error('the claims must still describe a Karesi user');
    expect(principal.roles).toEqual([]);
    for (const action of [
      'audit.read',
      'api-key.manage',
      'user.manage',
      'settings.manage',
      'data.erase',
    ] as const)
      expect(canOnTenant(principal, action, 'balikesir-karesi')).toBe(false);

    const withTotp = await createEnforceAdminMfa(
      fakeCognito(['b1c2d3e4-0000-4000-8000-000000000001']).lookup,
      ['admin'],
    )(signInEvent(['admin']));
    const admin = principalFromClaims(apiGatewayClaims(withTotp), tenantTypes);
    if (!admin) throw new Error('the claims must describe a Karesi user');
    expect(admin.roles).toEqual(['admin']);
    expect(canOnTenant(admin, 'audit.read', 'balikesir-karesi')).toBe(true);
  });
});
