import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ProviderInput, RenderContext, StackContext } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";

/** CloudFront only accepts certificates from this region. */
const EDGE_REGION = "us-east-1";
const EDGE_PROVIDER_ID = "aws-edge";

function defaultTags(ctx: RenderContext) {
  return [{ tags: { ...ctx.tags } }];
}

/** The stack's AWS provider: the primary region, with the topology's tags on every resource. */
export function configureStack(scope: Construct, { ctx, edge }: ProviderInput): StackContext {
  new AwsProvider(scope, "aws", { region: ctx.region, defaultTags: defaultTags(ctx) });
  if (edge) edgeProvider(scope, ctx);
  return {};
}

/**
 * The us-east-1 provider alias for CloudFront certificates. Multi-region goes through provider
 * aliases rather than the per-resource `region` argument, which only AWS provider 6.x accepts.
 * Created on first use, so a standalone Cdn in a user's stack gets one too.
 */
export function edgeProvider(scope: Construct, ctx: RenderContext): AwsProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(EDGE_PROVIDER_ID);
  if (existing instanceof AwsProvider) return existing;
  return new AwsProvider(stack, EDGE_PROVIDER_ID, { alias: "edge", region: EDGE_REGION, defaultTags: defaultTags(ctx) });
}

/** A provider alias for another region (e.g. the static-assets replica), created once per stack and region. */
export function regionProvider(scope: Construct, ctx: RenderContext, region: string): AwsProvider {
  const stack = TerraformStack.of(scope);
  const id = `aws-${region}`;
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof AwsProvider) return existing;
  return new AwsProvider(stack, id, { alias: region.replace(/-/g, "_"), region, defaultTags: defaultTags(ctx) });
}
