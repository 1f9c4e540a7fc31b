import { describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { CLOUDS } from "../src/core/cloud";
import { stableJson } from "../src/testing/stable";
import { TIER_NAMES } from "../tiers";
import { countResources, synthEnvironment } from "./helpers";

// One reviewed snapshot per tier and cloud. A change here is a change to what users deploy: review the diff.
describe.each(CLOUDS)("%s", (cloud) => {
  it.each(TIER_NAMES)("%s tier synthesizes to its reviewed snapshot", async (tier) => {
    const { infra } = synthEnvironment(demoTopology(tier, cloud), `${tier}-${cloud}`);
    expect(countResources(infra)).toBeGreaterThan(40);
    await expect(stableJson(infra)).toMatchFileSnapshot(`snapshots/${cloud}/${tier}.json`);
  });
});
