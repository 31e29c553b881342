import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  Function as ViewerFunction,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/** Properties of {@link PortalDistribution}. */
export interface PortalDistributionProps {
  /** Absolute path of the SvelteKit adapter-static output (`web/build`). */
  webBuildPath: string;
  /** `<api-id>.execute-api.<region>.amazonaws.com`. */
  apiDomainName: string;
  /** Path patterns CloudFront sends to the API instead of the bucket. */
  apiPathPatterns: readonly string[];
  prefix: string;
}

/** adapter-static's `fallback`: the SPA shell for routes that were not prerendered. */
export const SPA_FALLBACK_PAGE = '/200.html';

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
    this.bucket = new Bucket(this, 'PortalBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // The content is a build artefact, reproducible from git at any time.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
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
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${props.prefix} portal and API`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and the Middle East cover Türkiye at the lowest price class that includes it.
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
        functionAssociations: [{ function: pageRouter, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(props.apiPathPatterns.map((pattern) => [pattern, apiBehavior])),
    });

    if (buildExists) {
      new BucketDeployment(this, 'PortalDeployment', {
        sources: [Source.asset(props.webBuildPath)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
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
