import { describe, expect, it } from "vitest";
import { demoContainersTopology } from "../examples/default-app";
import { CLOUDS } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { snapshotOf, synthesize } from "../src/testing";
import { mediumContainers } from "../tiers";

// medium on serverless containers, one reviewed snapshot per cloud (the SocialTrend guide's web service and worker).
describe.each(CLOUDS)("%s containers", (cloud) => {
  it("synthesizes to its reviewed snapshot", async () => {
    const env = new Environment(Testing.app(), `medium-containers-${cloud}`, demoContainersTopology(cloud));
    const result = synthesize(env);
    await expect(snapshotOf(result, env.infra.node.id)).toMatchFileSnapshot(`snapshots/${cloud}/medium-containers.json`);
  });
});

// Fuzz finding: a workload name is also part of construct ids; one that equals another construct's id on that cloud
// (container-insights + "-logs" on AWS, run-logs and app-neg on GCP, apps-logs on Azure) or an Object.prototype
// member (constructor) made synthesis throw. Every name the model accepts must synthesize.
describe.each(CLOUDS)("%s containers: names", (cloud) => {
  it.each(["constructor", "container-insights", "run-logs", "app-neg", "apps-logs"])("a service named %s synthesizes", (name) => {
    const size = { limits: { cpu: "1", memory: "2Gi" } };
    const where = { aws: { region: "us-west-2" }, gcp: { region: "us-central1", project: "names-project-1" }, azure: { region: "eastus" } }[cloud];
    const topology = mediumContainers({
      cloud,
      ...where,
      name: "names",
      environment: "prod",
      domain: "app.example.com",
      monitoring: { notify: { emails: ["ops@example.com"] } },
      workloads: [
        { name, image: "nginx", port: 8080, expose: true, resources: size },
        { name: "other", image: "nginx", port: 9000, resources: size },
      ],
    } as never);
    expect(() => synthesize(new Environment(Testing.app(), `names-${cloud}`, topology))).not.toThrow();
  });
});
