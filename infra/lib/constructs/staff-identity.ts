import type { UserPoolDefinition } from '@citydesk/functions/manifest';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { toPascalCase } from '../naming.ts';

/** Properties of {@link StaffIdentity}. */
export interface StaffIdentityProps {
  /** The manifest's user pool: groups (roles), immutable custom attributes, password policy. */
  definition: UserPoolDefinition;
  prefix: string;
  /** Prod keeps the pool (and every staff account) on stack deletion. */
  retainData: boolean;
}

/**
 * Staff sign-in: a Cognito user pool whose groups are the CityDesk roles and whose tenant
 * attributes are immutable, so the tenant and roles in a token can only come from an
 * administrator, never from the user. Citizens never sign in here.
 */
export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  /** Public client (no secret) for the portal: SRP on AWS, USER_PASSWORD_AUTH for cognito-local parity. */
  readonly portalClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    const { definition } = props;
    const customAttributes = Object.fromEntries(
      definition.immutableAttributes.map((name) => [name, new StringAttribute({ mutable: false })]),
    );
    this.userPool = new UserPool(this, definition.id, {
      userPoolName: `${props.prefix}-staff`,
      // Accounts are provisioned by tenant admins; an open sign-up would let anyone mint a staff login.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes,
      passwordPolicy: {
        minLength: definition.passwordPolicy.minLength,
        requireLowercase: definition.passwordPolicy.requireLowercase,
        requireUppercase: definition.passwordPolicy.requireUppercase,
        requireDigits: definition.passwordPolicy.requireDigits,
        requireSymbols: definition.passwordPolicy.requireSymbols,
        tempPasswordValidity: Duration.days(3),
      },
      // Optional in this slice so demo and test users can sign in non-interactively; TOTP
      // (no SMS costs, no phone number needed) is offered to every staff member.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    for (const group of definition.groups) {
      new CfnUserPoolGroup(this, `${toPascalCase(group.name)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group.name,
        description: group.description,
      });
    }

    this.portalClient = this.userPool.addClient('PortalClient', {
      userPoolClientName: `${props.prefix}-portal`,
      // A browser cannot keep a secret; the client id is public by design.
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      // The portal uses the direct auth flows, not the hosted UI.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // One working shift: staff sign in again each day.
      refreshTokenValidity: Duration.hours(12),
      // Only profile fields; the tenant attributes are immutable anyway, this is defence in depth.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });
  }
}
