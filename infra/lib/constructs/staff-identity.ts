import type { UserPoolDefinition } from '@citydesk/functions/manifest';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  LambdaVersion,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-findings.ts';
import { toPascalCase } from '../naming.ts';
import { HandlerFunction, type HandlerFunctionProps } from './handler-function.ts';

/** How the pool's trigger functions are built: bundling, logs and environment, as for every handler. */
export type TriggerFunctionSettings = Pick<
  HandlerFunctionProps,
  'functionsSourceDir' | 'projectRoot' | 'depsLockFilePath' | 'environment' | 'logRetention' | 'retainLogs'
>;

/** Properties of {@link StaffIdentity}. */
export interface StaffIdentityProps {
  /** The manifest's user pool: groups (roles), immutable custom attributes, password policy. */
  definition: UserPoolDefinition;
  prefix: string;
  /** Prod keeps the pool (and every staff account) on stack deletion. */
  retainData: boolean;
  triggerFunctions: TriggerFunctionSettings;
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
  /** The pre-token-generation trigger that withholds MFA-guarded groups (ADR 0006), if declared. */
  readonly preTokenGeneration: IFunction | undefined;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    const { definition } = props;
    const customAttributes = Object.fromEntries([
      ...definition.immutableAttributes.map((name) => [name, new StringAttribute({ mutable: false })]),
      // Mutable for the admin API only: the portal client's writeAttributes below omit them.
      ...definition.adminManagedAttributes.map((name) => [name, new StringAttribute({ mutable: true })]),
    ]);
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
      // Cognito requires MFA for all users or none. Agents share desk PCs without phones, so
      // it stays optional for the pool; TOTP (no SMS costs, no phone number needed) is
      // offered to everyone and enforced for administrators by the pre-token-generation
      // trigger below, which withholds the admin group from tokens of users without it.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    acknowledge(
      this.userPool,
      'COG1',
      'Length over composition (NIST SP 800-63B §5.1.1.2): the manifest policy sets the minimum length; symbols are not forced.',
    );
    acknowledge(
      this.userPool,
      'COG2',
      'MFA is optional pool-wide because agents share desk PCs without phones; administrators must use TOTP (pre-token trigger, ADR 0006).',
    );
    acknowledge(
      this.userPool,
      'COG8',
      'The Essentials plan: staff accounts are created by administrators only (no sign-up), TOTP guards administrators, and the WAF rate-limits the API; Plus threat protection is an option per city (docs/deploy.md).',
    );
    this.preTokenGeneration = definition.triggers.preTokenGeneration
      ? this.#addPreTokenGeneration(definition.triggers.preTokenGeneration, props)
      : undefined;

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

  /**
   * The pre-token-generation trigger (event V1_0: ID-token claims and group overrides,
   * available on every feature plan). Its only permission is AdminGetUser on this pool.
   */
  #addPreTokenGeneration(
    trigger: NonNullable<UserPoolDefinition['triggers']['preTokenGeneration']>,
    props: StaffIdentityProps,
  ): IFunction {
    const { function: fn } = new HandlerFunction(this, `${trigger.id}Trigger`, {
      ...props.triggerFunctions,
      definition: { ...trigger, access: {} },
      prefix: props.prefix,
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, fn, LambdaVersion.V1_0);
    // A standalone policy, not the role's default one: the function would otherwise depend on
    // a policy naming the pool, while the pool names the function (a circular dependency).
    new Policy(this, `${trigger.id}Policy`, {
      roles: fn.role ? [fn.role] : [],
      statements: [
        new PolicyStatement({
          actions: ['cognito-idp:AdminGetUser'],
          resources: [this.userPool.userPoolArn],
        }),
      ],
    });
    return fn;
  }
}
