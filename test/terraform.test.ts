import { describe, expect, it } from "vitest";
import { expectPlanned, offlinePlanStacks, type OfflinePlanResult } from "../src/testing";
import { FILE_TIER_NAMES } from "../tiers";
import { demoSynth } from "./helpers";

// Real Terraform, offline: init from the filesystem mirror only, plan with fake credentials (validate only to explain
// a failure). Every stack is a module of one configuration, planned in one run (the provider's schema loads once).
// Without Terraform or the mirror this says so and is skipped; in CI (CI=true) that is a failure.
const required = process.env["CI"] === "true" || process.env["TIERFORM_REQUIRE_TERRAFORM"] === "1";

/** Every AWS cloud stack of every tier (the infra stack, or each region's and the global stack: enterprise), and medium on containers. */
const stacks = Object.fromEntries(
  FILE_TIER_NAMES.flatMap((tier) => {
    // The whole environment, as `cdktf synth` produces it (with the outputs other stacks reference), once per tier.
    const { result, cloudStacks } = demoSynth(tier, "aws");
    return cloudStacks.map((name) => [name, result[name]!] as const);
  }),
);

describe("AWS stacks plan with real Terraform, offline", () => {
  let planned: Promise<Record<string, OfflinePlanResult>> | undefined;
  const plans = () => (planned ??= offlinePlanStacks(stacks));

  it("covers every AWS stack of every tier", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "ent-aws-prod-global",
      "ent-aws-prod-use1-infra",
      "ent-aws-prod-usw2-infra",
      "large-aws-prod-infra",
      "medium-aws-prod-infra",
      "small-aws-prod-infra",
      "svc-aws-prod-infra",
    ]);
  });

  it.for(Object.keys(stacks))("%s: init + plan with zero errors", { timeout: 240_000 }, async (name, ctx) => {
    const result = (await plans())[name]!;
    expectPlanned(result, { skip: ctx.skip, required });
    if (result.status !== "ok") return;
    ctx.expect(result.summary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
    // Counted from this stack's own change lines: every resource it declares is planned for creation (one address per
    // resource: tierform uses no count or for_each; one that did would need its instances counted here).
    ctx.expect(result.toAdd).toBe(Object.values(stacks[name]!.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0));
  });
});
