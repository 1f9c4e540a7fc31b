import { withoutTokenStackTraces } from "../core/stack-traces";
import { TerraformStack } from "../core/tf";

/**
 * The stacks tierform creates: cdktf's TerraformStack, whose preparation and synthesis (where cdktf creates a token
 * for every cross-stack reference and resolves thousands more) record no stack trace per token, as the build does
 * not (src/core/stack-traces.ts). Output is unchanged. A failure (a user's Lazy value or resolvable that throws) is
 * resolved again with traces on, so its error keeps its stack.
 */
export class TierformStack extends TerraformStack {
  override prepareStack(): void {
    withoutTokenStackTraces(() => super.prepareStack(), { retry: true });
  }

  override toTerraform(): ReturnType<TerraformStack["toTerraform"]> {
    return withoutTokenStackTraces(() => super.toTerraform(), { retry: true });
  }

  override toHclTerraform(): ReturnType<TerraformStack["toHclTerraform"]> {
    return withoutTokenStackTraces(() => super.toHclTerraform(), { retry: true });
  }
}
