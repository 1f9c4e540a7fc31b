import { describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { CLOUDS } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { snapshotOf, synthesize } from "../src/testing";
import { TIER_NAMES } from "../tiers";
import { countResources } from "./helpers";

// One reviewed snapshot per tier and cloud. A change here is a change to what users deploy: review the diff.
describe.each(CLOUDS)("%s", (cloud) => {
  it.each(TIER_NAMES)("%s tier synthesizes to its reviewed snapshot", async (tier) => {
    const result = synthesize(new Environment(Testing.app(), `${tier}-${cloud}`, demoTopology(tier, cloud)));
    const [stack] = Object.keys(result);
    expect(countResources(result[stack!]!)).toBeGreaterThan(40);
    await expect(snapshotOf(result, stack!)).toMatchFileSnapshot(`snapshots/${cloud}/${tier}.json`);
  });
});
