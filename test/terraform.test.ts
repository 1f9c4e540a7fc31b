import { describe, it } from "vitest";
import { demoContainersTopology, demoTopology } from "../examples/default-app";
import { expectPlanned, offlinePlan, synthesize } from "../src/testing";
import { TIER_NAMES } from "../tiers";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";

// Real Terraform, offline: init from the filesystem mirror only, validate, plan with fake credentials.
// Without Terraform or the mirror this says so and is skipped; in CI (CI=true) that is a failure.
const required = process.env["CI"] === "true" || process.env["TIERFORM_REQUIRE_TERRAFORM"] === "1";

/** Every AWS cloud stack of every tier (the infra stack, or each region's and the global stack: enterprise), and medium on containers. */
const stacks = TIER_NAMES.flatMap((tier) => {
  const app = Testing.app();
  const env = new Environment(app, `${tier}-aws`, demoTopology(tier, "aws"));
  const names = [...env.regions.map((r) => r.stack.node.id), ...(env.global ? [env.global.node.id] : [])];
  let synthesized: ReturnType<typeof synthesize> | undefined;
  // The whole app, as `cdktf synth` produces it (with the outputs other stacks reference), once per tier.
  const synth = () => (synthesized ??= synthesize(app));
  return names.map((name) => ({ name, synth }));
}).concat(
  // medium on serverless containers (ECS on Fargate): svc-aws-prod-infra.
  (() => {
    const app = Testing.app();
    const env = new Environment(app, "medium-containers-aws", demoContainersTopology("aws"));
    let synthesized: ReturnType<typeof synthesize> | undefined;
    const synth = () => (synthesized ??= synthesize(app));
    return env.regions.map((r) => ({ name: r.stack.node.id, synth }));
  })(),
);

describe("AWS stacks plan with real Terraform, offline", () => {
  it.concurrent.for(stacks)("$name: init + validate + plan with zero errors", { timeout: 240_000 }, async ({ name, synth }, ctx) => {
    const result = await offlinePlan(synth()[name]!);
    expectPlanned(result, { skip: ctx.skip, required });
    if (result.status !== "ok") return;
    ctx.expect(result.summary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
    ctx.expect(result.toAdd).toBeGreaterThan(20);
  });
});
