import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Annotations, Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  Function as ViewerFunction,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, nagResource } from '../nag-findings.ts';

/** Properties of {@link PortalDistribution}. */
export interface PortalDistributionProps {
  /** Absolute path of the SvelteKit adapter-static output (`web/build`). */
  webBuildPath: string;
  /** `<api-id>.execute-api.<region>.amazonaws.com`. */
  apiDomainName: string;
  /** Path patterns CloudFront sends to the API instead of the bucket. */
  apiPathPatterns: readonly string[];
  prefix: string;
  /** The WAF web ACL (scope CLOUDFRONT) in front of portal and API. */
  webAclArn: string;
  /** Origins the portal itself talks to besides its own: Cognito, the attachments bucket. */
  connectOrigins: readonly string[];
  /** The portal's own host name and its us-east-1 certificate, when it has one. */
  customDomain?: { domainName: string; certificate: ICertificate };
  /** Keep the access logs when the stack is deleted (prod). */
  retainLogs: boolean;
}

/** adapter-static's `fallback`: the SPA shell for routes that were not prerendered. */
export const SPA_FALLBACK_PAGE = '/200.html';

/** HSTS for two years with preload: the portal is HTTPS-only from its first day. */
const HSTS = {
  accessControlMaxAge: Duration.days(730),
  includeSubdomains: true,
  preload: true,
  override: true,
};

/**
 * The portal's Content-Security-Policy. `script-src` still admits inline scripts: SvelteKit
 * boots each prerendered page with one inline script whose content differs per page, and
 * the 46 pages' hashes do not fit CloudFront's 1,783-character header limit (SvelteKit's own
 * per-page CSP meta tags currently break its prerendering). Svelte escapes every value it
 * renders and no page renders stored HTML, so no injected script can reach the page; the
 * next step is a viewer-response function that sends each page's own hash. Everything
 * else is same-origin, plus the origins the portal calls.
 */
export function portalContentSecurityPolicy(connectOrigins: readonly string[]): string {
  const others = connectOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    // Svelte transitions and Leaflet position elements with inline styles.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${others}`,
    `media-src 'self' blob: ${others}`,
    `connect-src 'self' ${others}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/** API answers are data, never documents: nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The citizen portal and staff console: a private S3 bucket behind CloudFront (origin access
 * control), with the API on the same origin under `/v1/*`, `/health` and `/openapi.json`.
 * One origin means the portal calls relative URLs and needs no CORS in production.
 */
export class PortalDistribution extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: PortalDistributionProps) {
    super(scope, id);
    // Access logs are delivered by the S3 logging service under a bucket policy, not by the
    // legacy ACL grant (which would need ACLs enabled on the log bucket). Set here, before
    // any child exists, so the construct does not depend on the app's feature flags.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    // CloudFront standard logs and the portal bucket's server access logs. CloudFront
    // writes its logs with ACLs, hence object-writer ownership on this bucket alone.
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(365) }],
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retainLogs,
    });
    acknowledge(logs, 'S1', 'This bucket is the access-log destination; logging it into itself would loop.');
    this.bucket = new Bucket(this, 'PortalBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'portal-bucket/',
      // The content is a build artefact, reproducible from git at any time.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const portalHeaders = new ResponseHeadersPolicy(this, 'PortalHeaders', {
      responseHeadersPolicyName: `${props.prefix}-portal-headers`,
      comment: 'CSP, HSTS and framing rules of the portal pages',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: portalContentSecurityPolicy(props.connectOrigins),
          override: true,
        },
        strictTransportSecurity: HSTS,
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          // The intake map may ask for the citizen's position; nothing needs camera or microphone.
          {
            header: 'Permissions-Policy',
            value: 'geolocation=(self), camera=(), microphone=()',
            override: true,
          },
        ],
      },
    });
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      responseHeadersPolicyName: `${props.prefix}-api-headers`,
      comment: 'Security headers on every API answer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: API_CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: HSTS,
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const buildExists = existsSync(props.webBuildPath);
    const pageRouter = new ViewerFunction(this, 'PageRouter', {
      functionName: `${props.prefix}-page-router`,
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(pageRouterCode(buildExists ? listPages(props.webBuildPath) : {})),
      comment: 'Maps clean portal URLs onto prerendered HTML files, else the SPA fallback',
    });

    const apiBehavior: BehaviorOptions = {
      origin: new HttpOrigin(props.apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // API answers are per citizen or per staff member; caching them at the edge would leak.
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // API Gateway routes by its own Host header; this managed policy forwards everything
      // else, including Authorization (which custom origin request policies may not).
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${props.prefix} portal and API`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and the Middle East cover Türkiye at the lowest price class that includes it.
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      ...(props.customDomain
        ? { domainNames: [props.customDomain.domainName], certificate: props.customDomain.certificate }
        : {}),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: portalHeaders,
        compress: true,
        functionAssociations: [{ function: pageRouter, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(props.apiPathPatterns.map((pattern) => [pattern, apiBehavior])),
    });

    acknowledge(
      this.distribution,
      'CFR1',
      'No geo restriction: citizens abroad (the diaspora, travellers) file and track requests too; WAF rate rules cover abuse.',
    );
    if (!props.customDomain) {
      acknowledge(
        this.distribution,
        'CFR4',
        'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be chosen; with -c domainName/certificateArn the minimum is TLS 1.2 (2021).',
      );
    }
    if (buildExists) {
      new BucketDeployment(this, 'PortalDeployment', {
        sources: [Source.asset(props.webBuildPath)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
      acknowledgeBucketDeployment(this, this.bucket);
    } else {
      // Synth must work before the portal is built (infra tests, a fresh clone); deploying
      // without the build would ship an empty site, so say so loudly.
      Annotations.of(this).addWarningV2(
        '@citydesk/infra:portal-build-missing',
        `${props.webBuildPath} does not exist: the portal files are not deployed. Run "npm run build:web" before "cdk deploy".`,
      );
    }
  }
}

/**
 * The upload of the portal build runs in a Lambda function that CDK creates and manages
 * (one per stack); its role and runtime are CDK's, not ours, and it runs only during
 * deployments. The findings it raises are acknowledged on it with the reasons.
 */
function acknowledgeBucketDeployment(scope: Construct, bucket: Bucket): void {
  const stack = Stack.of(scope);
  const deployer = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!deployer) throw new Error('the BucketDeployment provider function was not found');
  // The CDK bootstrap's asset bucket, named as DefaultStackSynthesizer names it.
  const qualifier: string =
    stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const assetBucket = `cdk-${qualifier}-assets-${stack.account}-${stack.region}`;
  const why =
    'CDK-managed BucketDeployment provider: copies the portal build from the CDK asset bucket to the portal bucket during deployments only.';
  for (const finding of [
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'IAM5[Action::s3:GetObject*]',
    'IAM5[Action::s3:GetBucket*]',
    'IAM5[Action::s3:List*]',
    'IAM5[Action::s3:DeleteObject*]',
    'IAM5[Action::s3:Abort*]',
    'IAM5[Resource::*]',
    `IAM5[Resource::${nagResource(deployer, `arn:${Aws.PARTITION}:s3:::${assetBucket}/*`)}]`,
    `IAM5[Resource::${nagResource(deployer, bucket.arnForObjects('*'))}]`,
    'L1',
  ]) {
    acknowledge(deployer, finding, why);
  }
}

/**
 * Prerendered pages of the static build, keyed by clean URL: `basvuru.html` serves
 * `/basvuru`, `en/index.html` serves `/en`. Computed at synth time so the edge function
 * knows which URLs are real pages without an S3 round trip.
 */
export function listPages(buildDir: string): Record<string, string> {
  const pages: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) {
        const file = `/${relative(buildDir, full).split(sep).join('/')}`;
        if (file === SPA_FALLBACK_PAGE) continue;
        const clean = file.replace(/(\/index)?\.html$/, '') || '/';
        pages[clean] = file;
      }
    }
  };
  walk(buildDir);
  return pages;
}

/*
 * CloudFront custom error responses are distribution-wide, so a "404 → index.html" rule
 * would also rewrite the API's problem+json 404s. This viewer-request function does the
 * SPA routing for the bucket behaviour only. CloudFront Functions run ES 5.1 plus some
 * later additions, hence `var`.
 */
function pageRouterCode(pages: Record<string, string>): string {
  return `var pages = ${JSON.stringify(pages)};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var path = uri.length > 1 && uri.charAt(uri.length - 1) === '/' ? uri.slice(0, -1) : uri;
  if (pages[path]) {
    request.uri = pages[path];
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '${SPA_FALLBACK_PAGE}';
  return request;
}
`;
}
