import { describe, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { expectPlanned, offlinePlan, synthesize } from "../src/testing";
import { TIER_NAMES } from "../tiers";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";

// Real Terraform, offline: init from the filesystem mirror only, validate, plan with fake credentials.
// Without Terraform or the mirror this says so and is skipped; in CI (CI=true) that is a failure.
const required = process.env["CI"] === "true" || process.env["TIERFORM_REQUIRE_TERRAFORM"] === "1";

describe("AWS stacks plan with real Terraform, offline", () => {
  it.concurrent.for(TIER_NAMES)("%s: init + validate + plan with zero errors", { timeout: 180_000 }, async (tier, ctx) => {
    // The whole app, as `cdktf synth` produces it (with the outputs other stacks reference).
    const app = Testing.app();
    new Environment(app, `${tier}-aws`, demoTopology(tier, "aws"));
    const infra = synthesize(app)[`${tier === "enterprise" ? "ent" : tier}-aws-prod-infra`]!;
    const result = await offlinePlan(infra);
    expectPlanned(result, { skip: ctx.skip, required });
    if (result.status !== "ok") return;
    ctx.expect(result.summary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
    ctx.expect(result.toAdd).toBeGreaterThan(40);
  });
});
