import type { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { RenderContext } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";
import { named } from "./common";

const KEY_ID = "data-key";
/** The longest wait AWS allows before a scheduled key deletion: time to notice a mistake. */
const DELETION_WINDOW_DAYS = 30;

/**
 * The stack's customer-managed key for data at rest (databases, caches, buckets), when the topology asks
 * for customer-managed keys: one per stack and region, rotated yearly. The default key policy (the
 * account administers the key; services use it through grants) is what RDS, ElastiCache and S3 need.
 * Undefined without `compliance.customerManagedKeys` (the services' AWS-managed keys are used).
 */
export function dataKey(scope: Construct, ctx: RenderContext): KmsKey | undefined {
  if (!ctx.compliance?.customerManagedKeys) return undefined;
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(KEY_ID);
  if (existing instanceof KmsKey) return existing;
  const key = new KmsKey(stack, KEY_ID, {
    description: `${ctx.prefix}: data at rest (databases, caches, buckets)`,
    enableKeyRotation: true,
    deletionWindowInDays: DELETION_WINDOW_DAYS,
    tags: named(`${ctx.prefix}-data`),
  });
  new KmsAlias(stack, `${KEY_ID}-alias`, { name: `alias/${ctx.prefix}-data`, targetKeyId: key.keyId });
  return key;
}
