import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';

/** The two deployment stages; `prod` keeps data on stack deletion and protects tables. */
export type Stage = 'dev' | 'prod';

/** Everything that varies between deployments, resolved once from CDK context and the environment. */
export interface DeploymentConfig {
  stage: Stage;
  /** `citydesk-<stage>`: prefix of every physical name, so stages can share one account. */
  prefix: string;
  region: string;
  /** Undefined keeps the stacks environment-agnostic, which is what an offline synth needs. */
  account: string | undefined;
  /**
   * The only cross-origin browser origin the HTTP API answers CORS preflights for. Undefined
   * means no CORS at all: behind CloudFront the portal and the API share one origin.
   */
  portalOrigin: string | undefined;
  /** Path to the static portal build that the web stack uploads. */
  webBuildPath: string;
  /** The portal's own host name (`kentmasasi.balikesir.bel.tr`); CloudFront's default otherwise. */
  domainName: string | undefined;
  /** ACM certificate for `domainName`, issued in us-east-1 as CloudFront requires. */
  certificateArn: string | undefined;
  /** Who receives the alarms (an SNS e-mail subscription); none when undefined. */
  alarmEmail: string | undefined;
  isProd: boolean;
}

/** Frankfurt: the nearest AWS region to Türkiye with every service we use (see docs/deploy.md on KVKK). */
export const DEFAULT_REGION = 'eu-central-1';

/** Vite's dev server: the portal a developer runs against a dev stack. */
export const DEFAULT_DEV_PORTAL_ORIGIN = 'http://localhost:5173';

const contextString = (app: App, key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/**
 * Reads stage, region and portal origin from `-c key=value` context first, then the
 * environment, then defaults. Context wins so that `cdk deploy -c stage=prod` is explicit in
 * shell history.
 */
export function resolveDeploymentConfig(app: App, repoRoot: string): DeploymentConfig {
  const stageValue = contextString(app, 'stage') ?? process.env.CITYDESK_STAGE ?? 'dev';
  if (stageValue !== 'dev' && stageValue !== 'prod') {
    throw new Error(`context "stage" must be "dev" or "prod", got "${stageValue}"`);
  }
  const stage: Stage = stageValue;
  // CDK_DEFAULT_REGION is deliberately not consulted: the CLI fills it with us-east-1 when
  // nothing is configured, and personal data must never land in a region by accident.
  const region =
    contextString(app, 'region') ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    DEFAULT_REGION;
  // In prod the portal reaches the API through its own CloudFront origin, so CORS is only
  // opened when someone asks for it; dev defaults to the Vite dev server.
  const portalOrigin =
    contextString(app, 'portalOrigin') ??
    process.env.CITYDESK_PORTAL_ORIGIN ??
    (stage === 'dev' ? DEFAULT_DEV_PORTAL_ORIGIN : undefined);
  if (stage === 'prod' && portalOrigin?.startsWith('http://')) {
    // A production API that trusts a plain-http origin would accept any page on a
    // developer's machine.
    throw new Error(`prod needs an https portalOrigin, got "${portalOrigin}"`);
  }
  const domainName = contextString(app, 'domainName');
  const certificateArn = contextString(app, 'certificateArn');
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    // CloudFront refuses an alternate domain name without a certificate, and a certificate
    // without a name is never used: both or neither.
    throw new Error('context "domainName" and "certificateArn" go together: give both or neither');
  }
  if (certificateArn && !certificateArn.startsWith('arn:aws:acm:us-east-1:')) {
    throw new Error(`CloudFront needs an ACM certificate in us-east-1, got "${certificateArn}"`);
  }
  return {
    stage,
    prefix: `citydesk-${stage}`,
    region,
    account: process.env.CDK_DEFAULT_ACCOUNT,
    portalOrigin,
    webBuildPath: contextString(app, 'webBuildPath') ?? join(repoRoot, 'web', 'build'),
    domainName,
    certificateArn,
    alarmEmail: contextString(app, 'alarmEmail') ?? process.env.CITYDESK_ALARM_EMAIL,
    isProd: stage === 'prod',
  };
}
