import { describe, it } from "vitest";
import { expectPlanned, offlinePlan } from "../src/testing";
import { FILE_TIER_NAMES } from "../tiers";
import { demoSynth } from "./helpers";

// Real Terraform, offline: init from the filesystem mirror only, validate, plan with fake credentials.
// Without Terraform or the mirror this says so and is skipped; in CI (CI=true) that is a failure.
const required = process.env["CI"] === "true" || process.env["TIERFORM_REQUIRE_TERRAFORM"] === "1";

/** Every AWS cloud stack of every tier (the infra stack, or each region's and the global stack: enterprise), and medium on containers. */
const stacks = FILE_TIER_NAMES.flatMap((tier) => {
  // The whole environment, as `cdktf synth` produces it (with the outputs other stacks reference), once per tier.
  const { result, cloudStacks } = demoSynth(tier, "aws");
  return cloudStacks.map((name) => ({ name, stack: result[name]! }));
});

describe("AWS stacks plan with real Terraform, offline", () => {
  it.concurrent.for(stacks)("$name: init + validate + plan with zero errors", { timeout: 240_000 }, async ({ stack }, ctx) => {
    const result = await offlinePlan(stack);
    expectPlanned(result, { skip: ctx.skip, required });
    if (result.status !== "ok") return;
    ctx.expect(result.summary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
    ctx.expect(result.toAdd).toBeGreaterThan(20);
  });
});
