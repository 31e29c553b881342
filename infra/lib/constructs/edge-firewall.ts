import type { PublicRateLimit } from '@citydesk/functions/manifest';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Properties of {@link EdgeFirewall}. */
export interface EdgeFirewallProps {
  prefix: string;
  /** Per-IP ceilings of the anonymous endpoints (the manifest's `publicRateLimits`). */
  rateLimits: readonly PublicRateLimit[];
}

/** What a throttled client reads: a problem document in Turkish and English, like every API error. */
export const RATE_LIMITED_BODY = JSON.stringify({
  type: 'https://citydesk.dev/problems/rate-limited',
  status: 429,
  title: 'Çok fazla istek / Too many requests',
  detail:
    'Bu adresten kısa sürede çok fazla istek geldi; lütfen birkaç dakika sonra yeniden deneyin. / ' +
    'Too many requests came from this address in a short time; please try again in a few minutes.',
});

/**
 * AWS managed rule groups in front of everything. The common rule set's 8 KB body
 * limit is counted, not enforced: city configuration documents and Open311 multipart
 * photos are larger, and every handler enforces its own body limit.
 */
export const MANAGED_RULE_GROUPS: readonly { name: string; countOnly?: string[] }[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList' },
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
];

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const NO_TRANSFORMATION = [{ priority: 0, type: 'NONE' }];

/**
 * The WAF web ACL of the CloudFront distribution (scope CLOUDFRONT, so it lives in
 * us-east-1): rate-based rules per client IP on public intake, tracking, surveys and
 * Open311 posts, then AWS's managed rule groups. API Gateway's per-route throttles
 * still cap the total behind it; this stops one address from taking the whole share.
 */
export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const rateRules: CfnWebACL.RuleProperty[] = props.rateLimits.map((limit, index) => ({
      name: `RateLimit${limit.id}`,
      priority: index,
      action: {
        block: {
          customResponse: {
            responseCode: 429,
            customResponseBodyKey: 'RateLimited',
            responseHeaders: [{ name: 'retry-after', value: '300' }],
          },
        },
      },
      statement: {
        rateBasedStatement: {
          limit: limit.requestsPer5Minutes,
          evaluationWindowSec: 300,
          aggregateKeyType: 'IP',
          scopeDownStatement: {
            andStatement: {
              statements: [
                {
                  byteMatchStatement: {
                    fieldToMatch: { uriPath: {} },
                    positionalConstraint: 'STARTS_WITH',
                    searchString: limit.pathPrefix,
                    textTransformations: NO_TRANSFORMATION,
                  },
                },
                {
                  byteMatchStatement: {
                    fieldToMatch: { method: {} },
                    positionalConstraint: 'EXACTLY',
                    searchString: limit.method,
                    textTransformations: NO_TRANSFORMATION,
                  },
                },
              ],
            },
          },
        },
      },
      visibilityConfig: visibility(`${props.prefix}-rate-${limit.id}`),
    }));
    const managedRules: CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((group, index) => ({
      name: group.name,
      priority: rateRules.length + index,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: group.name,
          ruleActionOverrides: group.countOnly?.map((name) => ({ name, actionToUse: { count: {} } })),
        },
      },
      visibilityConfig: visibility(`${props.prefix}-${group.name}`),
    }));

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${props.prefix}-edge`,
      description: 'CityDesk portal and API: per-IP rate limits and AWS managed rules',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      customResponseBodies: {
        RateLimited: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY },
      },
      rules: [...rateRules, ...managedRules],
      visibilityConfig: visibility(`${props.prefix}-edge`),
    });
  }
}
