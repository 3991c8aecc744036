import { CfnOutput } from "aws-cdk-lib";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

/**
 * The public routes a client can call without a credential: sign-in (API and pages, school account and Latchkey ID,
 * with their code steps), pupil sign-in, reset requests, sign-ups.
 */
export const publicRoutePaths = [
  "/v1/sessions",
  "/v1/identity-sessions",
  "/sign-in",
  "/v1/pupil-sessions",
  "/v1/password-resets",
  "/v1/sign-ups",
  "/forgot-password",
  "/sign-up",
] as const;

/** Requests per client address in any 5-minute window (WAF's evaluation window) before WAF blocks it. */
export const webAclRateLimits = { publicRoutes: 300, everything: 3000 } as const;

/**
 * An AWS WAF web ACL with rate-based rules per client address: a low limit on the public routes and a high one on
 * everything. AWS WAF cannot be associated with an API Gateway *HTTP* API (only REST API stages, ALBs, CloudFront,
 * AppSync, Cognito user pools, App Runner and Verified Access), so there is no association here: the ACL's ARN is an
 * output, for whatever fronts the API in a deployment (a regional ALB takes it as is; a CloudFront distribution
 * needs the same rules in a `CLOUDFRONT`-scoped ACL in us-east-1). The service's own per-source and per-tenant limits
 * (`lib/domain/rate-limits.ts`) apply with or without it, on AWS and locally.
 */
export class RateLimitWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const startsWith = (path: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: "STARTS_WITH",
        searchString: path,
        textTransformations: [{ priority: 0, type: "LOWERCASE" }],
      },
    });
    this.webAcl = new wafv2.CfnWebACL(this, "WebAcl", {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility("latchkey-web-acl"),
      rules: [
        {
          name: "public-routes-per-address",
          priority: 0,
          action: { block: {} },
          visibilityConfig: visibility("latchkey-public-routes-per-address"),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: "IP",
              evaluationWindowSec: 300,
              limit: webAclRateLimits.publicRoutes,
              scopeDownStatement: { orStatement: { statements: publicRoutePaths.map(startsWith) } },
            },
          },
        },
        {
          name: "all-routes-per-address",
          priority: 1,
          action: { block: {} },
          visibilityConfig: visibility("latchkey-all-routes-per-address"),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: "IP",
              evaluationWindowSec: 300,
              limit: webAclRateLimits.everything,
            },
          },
        },
      ],
    });
    new CfnOutput(scope, "WebAclArn", {
      value: this.webAcl.attrArn,
      description:
        "Rate-based WAF rules for what fronts the HTTP API (WAF cannot attach to an HTTP API itself)",
    });
  }
}
