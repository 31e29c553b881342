import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRoutes } from '@citydesk/functions/manifest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCityDeskStacks, apiPathPatterns } from '../../infra/lib/citydesk-app.ts';
import { resolveDeploymentConfig } from '../../infra/lib/deployment-config.ts';
import { resourcesOfType } from './template-helpers.ts';

/*
 * The prod stage, with a (fake) portal build present. Bundling is switched off through the
 * CDK's own context key: these assertions are about retention and the portal, and
 * synth.test.ts already bundles every handler once.
 */

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

let workdir: string;
let data: Template;
let identity: Template;
let web: Template;
let observability: Template;

beforeAll(() => {
  workdir = mkdtempSync(join(tmpdir(), 'citydesk-prod-'));
  const build = join(workdir, 'build');
  mkdirSync(join(build, 'en'), { recursive: true });
  for (const page of ['index.html', 'basvuru.html', 'en/index.html', 'en/basvuru.html', '200.html']) {
    writeFileSync(join(build, page), '<!doctype html><title>Kent Masası</title>');
  }
  const app = new App({
    outdir: join(workdir, 'cdk.out'),
    context: {
      ...NO_BUNDLING,
      stage: 'prod',
      webBuildPath: build,
      portalOrigin: 'https://kent.example.org',
      domainName: 'kentmasasi.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f6b1c5e-1111-2222-3333-444455556666',
      alarmEmail: 'nobet@example.org',
    },
  });
  const stacks = addCityDeskStacks(app);
  data = Template.fromStack(stacks.data);
  identity = Template.fromStack(stacks.identity);
  web = Template.fromStack(stacks.web);
  observability = Template.fromStack(stacks.observability);
});

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('prod stage', () => {
  it('retains and protects every table', () => {
    const tables = Object.values(resourcesOfType(data, 'AWS::DynamoDB::Table'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(String(table.Properties.TableName)).toMatch(/^citydesk-prod-/);
    }
  });

  it('retains the user pool, the attachments bucket and its access logs', () => {
    for (const [template, type] of [
      [identity, 'AWS::Cognito::UserPool'],
      [data, 'AWS::S3::Bucket'],
    ] as const) {
      const resources = Object.values(resourcesOfType(template, type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.DeletionPolicy).toBe('Retain');
    }
    identity.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('keeps 35 days of point-in-time recovery on every table', () => {
    for (const table of Object.values(resourcesOfType(data, 'AWS::DynamoDB::Table'))) {
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
        RecoveryPeriodInDays: 35,
      });
    }
  });

  it('serves the portal on its own domain with TLS 1.2 at least', () => {
    const config = Object.values(resourcesOfType(web, 'AWS::CloudFront::Distribution'))[0]?.Properties
      .DistributionConfig as Record<string, unknown>;
    expect(config.Aliases).toEqual(['kentmasasi.example.org']);
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  it('subscribes the on-call address to the alarm topic', () => {
    observability.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'nobet@example.org',
    });
  });

  it('uploads the portal build and routes clean URLs to prerendered pages', () => {
    web.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const router = Object.values(resourcesOfType(web, 'AWS::CloudFront::Function'))[0];
    const code = String(router?.Properties.FunctionCode);
    const pages = JSON.parse(code.slice(code.indexOf('{'), code.indexOf('};') + 1)) as Record<string, string>;
    expect(pages).toEqual({
      '/': '/index.html',
      '/basvuru': '/basvuru.html',
      '/en': '/en/index.html',
      '/en/basvuru': '/en/basvuru.html',
    });
  });
});

describe('deployment config', () => {
  const config = (context: Record<string, string>) => resolveDeploymentConfig(new App({ context }), '/repo');

  it('defaults to dev in Frankfurt with the Vite dev server as the CORS origin', () => {
    const resolved = config({});
    expect(resolved).toMatchObject({ stage: 'dev', prefix: 'citydesk-dev', isProd: false });
    expect(resolved.webBuildPath).toBe(join('/repo', 'web', 'build'));
    if (!process.env.AWS_REGION && !process.env.AWS_DEFAULT_REGION)
      expect(resolved.region).toBe('eu-central-1');
    if (!process.env.CITYDESK_PORTAL_ORIGIN) expect(resolved.portalOrigin).toBe('http://localhost:5173');
  });

  it('takes stage and region from context', () => {
    expect(config({ stage: 'prod', region: 'eu-south-1' })).toMatchObject({
      stage: 'prod',
      prefix: 'citydesk-prod',
      region: 'eu-south-1',
      isProd: true,
    });
  });

  it('rejects unknown stages and plain-http origins in prod', () => {
    expect(() => config({ stage: 'staging' })).toThrow(/dev.*prod/);
    expect(() => config({ stage: 'prod', portalOrigin: 'http://evil.example' })).toThrow(/https/);
  });

  it('needs a domain and its us-east-1 certificate together', () => {
    expect(() => config({ domainName: 'kent.example.org' })).toThrow(/both or neither/);
    expect(() =>
      config({
        domainName: 'kent.example.org',
        certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc',
      }),
    ).toThrow(/us-east-1/);
  });
});

describe('api path patterns', () => {
  it('sends /v1/* and the unversioned routes to the API', () => {
    expect(apiPathPatterns(httpRoutes)).toEqual(
      expect.arrayContaining(['/health', '/openapi.json', '/v1/*']),
    );
    expect(
      apiPathPatterns([
        { path: '/open311/v2/services.{format}' },
        { path: '/v1/public/catalog' },
        { path: '/health' },
      ] as typeof httpRoutes).sort(),
    ).toEqual(['/health', '/open311/*', '/v1/*']);
  });
});
