import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import type { RenderContext } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { named } from "./common";

/**
 * AWS managed rule groups, in evaluation order: the core rule set (OWASP top 10), known bad inputs
 * (Log4Shell and other exploit payloads), and Amazon's IP reputation list.
 */
export const MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"] as const;
/** AWS WAF counts a rate-based rule's requests over 5 minutes. */
const RATE_WINDOW_MINUTES = 5;

function visibility(metric: string) {
  return { cloudwatchMetricsEnabled: true, metricName: metric, sampledRequestsEnabled: true };
}

/**
 * A WAFv2 web ACL for CloudFront (scope CLOUDFRONT, so it lives in us-east-1 through the edge provider):
 * managed rule groups plus a per-IP rate limit, with every request's verdict logged to CloudWatch.
 * `statement` is untyped in the bindings and emitted verbatim, so it is written in Terraform's snake_case.
 */
export function cloudFrontWebAcl(scope: Construct, ctx: RenderContext, provider: AwsProvider): { acl: Wafv2WebAcl; resources: Record<string, TerraformResource> } {
  const name = physicalName(ctx.prefix, "cdn-waf");
  const managed = MANAGED_RULE_GROUPS.map((group, i) => ({
    name: group,
    priority: i + 1,
    overrideAction: { none: {} },
    statement: { managed_rule_group_statement: { vendor_name: "AWS", name: group } },
    visibilityConfig: visibility(group),
  }));
  const rate = {
    name: "rate-limit-per-ip",
    priority: managed.length + 1,
    action: { block: {} },
    statement: { rate_based_statement: { limit: (ctx.compliance?.rateLimitPerMinute ?? 0) * RATE_WINDOW_MINUTES, aggregate_key_type: "IP" } },
    visibilityConfig: visibility("rate-limit-per-ip"),
  };
  const acl = new Wafv2WebAcl(scope, "cdn-waf", {
    provider,
    name,
    description: `${ctx.prefix}: managed rules and rate limit in front of CloudFront`,
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    rule: [...managed, rate],
    visibilityConfig: visibility(name),
    tags: named(name),
  });
  // WAF only delivers to log groups whose names start with aws-waf-logs-, in the ACL's region.
  const logs = new CloudwatchLogGroup(scope, "cdn-waf-logs", { provider, name: `aws-waf-logs-${ctx.prefix}`, retentionInDays: ctx.logRetentionDays, tags: named(name) });
  const logging = new Wafv2WebAclLoggingConfiguration(scope, "cdn-waf-logging", { provider, resourceArn: acl.arn, logDestinationConfigs: [logs.arn] });
  return { acl, resources: { webAcl: acl, webAclLogs: logs, webAclLogging: logging } };
}
