import { describe, expect, it } from "vitest";
import { demoContainersTopology } from "../examples/default-app";
import { CLOUDS } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { snapshotOf, synthesize } from "../src/testing";

// medium on serverless containers, one reviewed snapshot per cloud (the SocialTrend guide's web service and worker).
describe.each(CLOUDS)("%s containers", (cloud) => {
  it("synthesizes to its reviewed snapshot", async () => {
    const env = new Environment(Testing.app(), `medium-containers-${cloud}`, demoContainersTopology(cloud));
    const result = synthesize(env);
    await expect(snapshotOf(result, env.infra.node.id)).toMatchFileSnapshot(`snapshots/${cloud}/medium-containers.json`);
  });
});
