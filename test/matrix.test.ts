import { describe, expect, it } from "vitest";
import { CLOUDS } from "../src/core/cloud";
import { snapshotOf } from "../src/testing";
import { TIER_NAMES } from "../tiers";
import { countResources, demoSynth } from "./helpers";

// One reviewed snapshot per tier and cloud. A change here is a change to what users deploy: review the diff.
// Multi-region tiers (enterprise) snapshot every cloud stack of the environment in one file: each region's
// infra stack and the global stack (platform stacks have their own tests).
describe.each(CLOUDS)("%s", (cloud) => {
  it.each(TIER_NAMES)("%s tier synthesizes to its reviewed snapshot", async (tier) => {
    const { result, cloudStacks: stacks } = demoSynth(tier, cloud);
    for (const stack of stacks) expect(countResources(result[stack]!)).toBeGreaterThan(15);
    await expect(snapshotOf(result, stacks.length === 1 ? stacks[0]! : stacks)).toMatchFileSnapshot(`snapshots/${cloud}/${tier}.json`);
  });
});
