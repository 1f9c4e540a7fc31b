import { describe, expect, it } from "vitest";
import { large, medium, small } from "../../tiers";
import { problemLines } from "../helpers";

const gcp = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "gcp", region: "us-central1", project: "acme-prod-123" } as const;

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

const azure = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "azure", region: "eastus" } as const;
const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxd0HHDZ4O2kUaxd7i3nNAt0dbiJqUBqgP0hWVtC1sq me@laptop";

describe("Azure-specific input", () => {
  it("requires an SSH public key for servers (no password is ever set)", () => {
    expect(problemLines(() => small(azure))).toEqual(["compute.sshPublicKey: required on azure: Azure needs an admin public key for Linux servers (no password is ever set)"]);
  });

  it("rejects HA on a Burstable PostgreSQL class", () => {
    expect(problemLines(() => large({ ...azure, domain: "app.example.com", database: { instanceClass: "B_Standard_B2s" } }))).toEqual([
      'database.instanceClass: expected a class that supports HA on azure (shared-core and burstable classes cannot run a standby), got "B_Standard_B2s"',
    ]);
  });

  it("rejects an unknown region and an accelerator Azure does not offer", () => {
    const pools = [
      { name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 2, max: 10 },
      { name: "gpu", role: "gpu", shape: { vcpu: 4, memoryGiB: 16 }, gpu: { accelerator: "l4" }, min: 0, max: 2 },
    ] as const;
    const lines = problemLines(() => large({ ...azure, region: "us-central1", domain: "app.example.com", compute: { nodePools: pools } }));
    expect(lines).toContainEqual(expect.stringMatching(/^regions\[0\]: expected one of the azure regions eastus, eastus2, .*, got "us-central1"$/));
    expect(lines).toContain('compute.nodePools[1].gpu.accelerator: accelerator "l4" is not offered on azure; nearest: a10g, t4 (offered: a100, a10g, h100, t4), got "l4"');
  });

  it("requires the CDN in front of a load balancer (Front Door terminates HTTPS on Azure)", () => {
    expect(problemLines(() => medium({ ...azure, domain: "app.example.com", compute: { sshPublicKey: key }, cdn: null }))).toEqual([
      'cdn: required with a load balancer on azure: HTTPS is terminated by the CDN there (set cdn: { appOrigin: true })',
    ]);
  });
});
