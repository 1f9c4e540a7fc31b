import { describe, expect, it } from "vitest";
import { enterprise, large, medium, small } from "../tiers";
import { sizeCache, sizeDatabase, sizeMachine } from "../src/plan/sizing";
import { problemLines } from "./helpers";

const where = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2" } as const;

describe("tier presets (from the origin documents' ladder)", () => {
  it("small: one 4 vCPU / 16 GiB server with 100 GiB (the data stores are managed), Postgres without a read replica (the budget), single-node Redis, a files bucket", () => {
    const t = small(where);
    expect(t.tier).toBe("small");
    expect(t.compute).toMatchObject({ kind: "vm", servers: 1, shape: { vcpu: 4, memoryGiB: 16 }, diskGiB: 100 });
    expect(t.database).toMatchObject({ version: 16, ha: false, readReplicas: 0, extensions: ["vector"] });
    expect(t.cache).toMatchObject({ mode: "single", shards: 1, replicasPerShard: 0 });
    expect(t.files).toBeDefined();
    expect(t.cdn).toBeUndefined();
  });

  it("medium: load balancer + 3 autoscaled servers, 16 vCPU / 64 GiB / 2 TB Postgres, 3-node Redis, CDN", () => {
    const t = medium({ ...where, domain: "app.example.com" });
    expect(t.compute).toMatchObject({ kind: "vm", servers: 3, exposure: "loadBalancer", autoscaling: { min: 3, max: 6 } });
    expect(t.database).toMatchObject({ shape: { vcpu: 16, memoryGiB: 64 }, storageGiB: 2000 });
    expect(t.cache).toMatchObject({ mode: "replicated", replicasPerShard: 2 });
    expect(t.cdn).toMatchObject({ staticAssets: true, noCachePaths: ["/api/*"] });
  });

  it("large: Kubernetes with a general pool to 20+, a T4 GPU pool 1–5, a spot pool; Postgres HA; Redis cluster with failover", () => {
    const t = large({ ...where, domain: "app.example.com" });
    if (t.compute.kind !== "kubernetes") throw new Error("expected kubernetes");
    const pools = Object.fromEntries(t.compute.nodePools.map((p) => [p.name, p]));
    expect(pools["general"]!.max).toBeGreaterThanOrEqual(20);
    expect(pools["gpu"]).toMatchObject({ role: "gpu", min: 1, max: 5, gpu: { accelerator: "t4", count: 1 } });
    expect(pools["gpu"]!.taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
    expect(pools["spot"]).toMatchObject({ role: "spot", min: 0, taints: [{ key: "spot", value: "true", effect: "NoSchedule" }] });
    expect(t.database).toMatchObject({ ha: true });
    expect(t.database!.readReplicas).toBeGreaterThanOrEqual(1);
    expect(t.cache).toMatchObject({ mode: "cluster", shards: 3, replicasPerShard: 1 });
    expect(t.network.nat).toBe("perZone");
  });

  it("enterprise: at least the large tier, everywhere", () => {
    const l = large({ ...where, domain: "app.example.com" });
    const e = enterprise({ ...where, region: undefined, regions: ["us-west-2", "us-east-1"], domain: "app.example.com", dnsZoneId: "Z123" });
    expect(e.regions).toEqual(["us-west-2", "us-east-1"]);
    expect(e.compliance).toEqual({ waf: true, rateLimitPerMinute: 1000, customerManagedKeys: true, flowLogs: true, auditLogs: true, deployerCidrs: [] });
    if (l.compute.kind !== "kubernetes" || e.compute.kind !== "kubernetes") throw new Error("expected kubernetes");
    const max = (t: typeof l, name: string) => (t.compute.kind === "kubernetes" ? t.compute.nodePools.find((p) => p.name === name)!.max : 0);
    expect(max(e, "general")).toBeGreaterThanOrEqual(max(l, "general"));
    expect(max(e, "gpu")).toBeGreaterThanOrEqual(max(l, "gpu"));
    expect(e.database!.shape.memoryGiB).toBeGreaterThanOrEqual(l.database!.shape.memoryGiB);
    expect(e.cache!.shards).toBeGreaterThanOrEqual(l.cache!.shards);
    expect(e.database!.backupRetentionDays).toBeGreaterThanOrEqual(l.database!.backupRetentionDays);
  });

  it("enterprise needs a second region: one region is rejected with the path and the reason", () => {
    expect(problemLines(() => enterprise({ ...where, domain: "app.example.com", dnsZoneId: "Z123" }))).toEqual([
      'regions: expected at least 2 regions for the enterprise tier (primary first, then its failover region), got ["us-west-2"]',
    ]);
  });

  it("resolves to the machines the origin documents name on AWS", () => {
    const t = large({ ...where, domain: "app.example.com" });
    if (t.compute.kind !== "kubernetes") throw new Error("expected kubernetes");
    const gpu = t.compute.nodePools.find((p) => p.role === "gpu")!;
    expect(sizeMachine("aws", gpu.shape, undefined, gpu.gpu).type).toBe("g4dn.xlarge");
    expect(sizeDatabase("aws", t.database!.shape).type).toBe("db.r6g.2xlarge");
    expect(sizeCache("aws", t.cache!.memoryGiB).type).toBe("cache.r6g.xlarge");
  });
});

describe("tier overrides", () => {
  it("deep-merges over the preset (the issue's example)", () => {
    const t = large({ ...where, domain: "app.example.com", database: { storageGiB: 1000 } });
    expect(t.database).toMatchObject({ storageGiB: 1000, ha: true, version: 16, shape: { vcpu: 8, memoryGiB: 64 } });
    expect(t.regions).toEqual(["us-west-2"]);
  });

  it("replaces arrays and removes components with null", () => {
    const t = small({ ...where, cache: null, database: { extensions: ["vector", "pg_trgm"] } });
    expect(t.cache).toBeUndefined();
    expect(t.database!.extensions).toEqual(["vector", "pg_trgm"]);
  });

  it("never mutates the preset", () => {
    small({ ...where, database: { storageGiB: 300 } });
    expect(small(where).database!.storageGiB).toBe(100);
  });

  it("reports every problem of the merged result at once, naming the tier", () => {
    let message = "";
    try {
      medium({ ...where, name: "Acme", database: { readReplicas: 9 } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split("\n")[0]).toBe('Invalid medium tier "Acme-prod": 3 problems');
    expect(problemLines(() => medium({ ...where, name: "Acme", database: { readReplicas: 9 } }))).toEqual([
      'name: expected 2–12 lower-case letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got "Acme"',
      "database.readReplicas: expected an integer 0–5, got 9",
      "domain: required with a load balancer or CDN: HTTPS needs a certificate for the app's hostname (e.g. app.example.com)",
    ]);
  });
});
