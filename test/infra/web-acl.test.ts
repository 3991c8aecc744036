import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import {
  publicRoutePaths,
  RateLimitWebAcl,
  webAclRateLimits,
} from "../../infra/constructs/rate-limit-web-acl.js";
import { routes } from "../../lib/topology/index.js";

const stack = new Stack(new App(), "WebAclTest");
new RateLimitWebAcl(stack, "RateLimits");
const template = Template.fromStack(stack);

describe("RateLimitWebAcl", () => {
  it("blocks an address over 300 requests in 5 minutes to the public routes, and over 3,000 to any route", () => {
    template.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "REGIONAL",
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Name: "public-routes-per-address",
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              AggregateKeyType: "IP",
              EvaluationWindowSec: 300,
              Limit: webAclRateLimits.publicRoutes,
              ScopeDownStatement: {
                OrStatement: {
                  Statements: publicRoutePaths.map((path) => ({
                    ByteMatchStatement: Match.objectLike({
                      FieldToMatch: { UriPath: {} },
                      PositionalConstraint: "STARTS_WITH",
                      SearchString: path,
                    }),
                  })),
                },
              },
            }),
          },
        }),
        Match.objectLike({
          Name: "all-routes-per-address",
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: {
              AggregateKeyType: "IP",
              EvaluationWindowSec: 300,
              Limit: webAclRateLimits.everything,
            },
          },
        }),
      ],
    });
    template.hasOutput("WebAclArn", {});
  });

  it("is not associated with the HTTP API, which AWS WAF does not support", () => {
    template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
  });

  it("names only routes that exist and need no credential", () => {
    const declared = new Set(routes.filter((r) => r.method === "POST").map((r) => r.path));
    for (const path of publicRoutePaths) expect(declared.has(path), path).toBe(true);
  });
});
