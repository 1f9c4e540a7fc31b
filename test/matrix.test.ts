import { describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { CLOUDS } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { snapshotOf, synthesize } from "../src/testing";
import { TIER_NAMES } from "../tiers";
import { countResources } from "./helpers";

// One reviewed snapshot per tier and cloud. A change here is a change to what users deploy: review the diff.
// Multi-region tiers (enterprise) snapshot every cloud stack of the environment in one file: each region's
// infra stack and the global stack (platform stacks have their own tests).
describe.each(CLOUDS)("%s", (cloud) => {
  it.each(TIER_NAMES)("%s tier synthesizes to its reviewed snapshot", async (tier) => {
    const env = new Environment(Testing.app(), `${tier}-${cloud}`, demoTopology(tier, cloud));
    const result = synthesize(env);
    const stacks = [...env.regions.map((r) => r.stack.node.id), ...(env.global ? [env.global.node.id] : [])];
    for (const stack of stacks) expect(countResources(result[stack]!)).toBeGreaterThan(15);
    await expect(snapshotOf(result, stacks.length === 1 ? stacks[0]! : stacks)).toMatchFileSnapshot(`snapshots/${cloud}/${tier}.json`);
  });
});
