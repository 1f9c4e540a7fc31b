import { it } from "vitest";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { synthesize } from "../src/testing";
import { mediumContainers } from "../tiers";
for (const cloud of ["aws", "gcp", "azure"] as const)
  it(`${cloud} env dup`, () => {
    const size = { limits: { cpu: "1", memory: "2Gi" } };
    const t = mediumContainers({ name: "fz", environment: "prod", cloud, region: { aws: "us-west-2", gcp: "us-central1", azure: "eastus" }[cloud], ...(cloud === "gcp" ? { project: "fuzz-project-1" } : {}), domain: "app.example.com", monitoring: { notify: { emails: ["o@example.com"] } },
      workloads: [{ name: "web", image: "nginx", port: 8080, expose: true, resources: size, env: { DATABASE_PASSWORD: "literal", DATABASE_HOST: { from: "database.host" }, REDIS_HOST: { from: "cache.host" }, REDIS_PASSWORD: "x" } }] } as never);
    const r = synthesize(new Environment(Testing.app(), "fz", t));
    const s = JSON.stringify(r);
    for (const m of s.matchAll(/.{0,100}DATABASE_PASSWORD.{0,120}/g)) console.log(cloud, m[0]);
  });
