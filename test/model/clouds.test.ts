import { describe, expect, it } from "vitest";
import { large, medium, small } from "../../tiers";
import { problemLines } from "../helpers";

const gcp = { name: "acme", environment: "prod", cloud: "gcp", region: "us-central1", project: "acme-prod-123" } as const;

describe("GCP-specific input", () => {
  it("requires the project id, clearly", () => {
    const { project: _p, ...noProject } = gcp;
    expect(problemLines(() => small(noProject))).toEqual(["project: required on gcp: the id of the GCP project to deploy into (e.g. acme-prod-123)"]);
  });

  it("rejects another cloud's region name, listing GCP's", () => {
    const [line] = problemLines(() => small({ ...gcp, region: "us-west-2" }));
    expect(line).toMatch(/^regions\[0\]: expected one of the gcp regions us-central1, us-east1, .*, got "us-west-2"$/);
  });

  it("rejects an accelerator GCP does not offer, naming the nearest ones", () => {
    const pools = [
      { name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 2, max: 10 },
      { name: "gpu", role: "gpu", shape: { vcpu: 4, memoryGiB: 16 }, gpu: { accelerator: "a10g" }, min: 0, max: 2 },
    ] as const;
    expect(problemLines(() => large({ ...gcp, domain: "app.example.com", compute: { nodePools: pools } }))).toEqual([
      'compute.nodePools[1].gpu.accelerator: accelerator "a10g" is not offered on gcp; nearest: l4, a100 (offered: a100, h100, l4, t4), got "a10g"',
    ]);
  });

  it("rejects HA on a Cloud SQL class that cannot run a standby", () => {
    expect(problemLines(() => large({ ...gcp, domain: "app.example.com", database: { instanceClass: "db-g1-small" } }))).toEqual([
      'database.instanceClass: expected a class that supports HA on gcp (shared-core and burstable classes cannot run a standby), got "db-g1-small"',
    ]);
  });

  it("rejects more Memorystore Cluster replicas than GCP supports", () => {
    expect(problemLines(() => large({ ...gcp, domain: "app.example.com", cache: { replicasPerShard: 3 } }))).toEqual([
      'cache.replicasPerShard: expected ≤ 2 on gcp in mode "cluster", got 3',
    ]);
  });

  it("accepts the same tier input on GCP as on AWS, apart from where", () => {
    expect(medium({ ...gcp, domain: "app.example.com" }).cloud).toBe("gcp");
  });
});
