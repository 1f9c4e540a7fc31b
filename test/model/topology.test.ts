import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../../src/core/parse";
import { TopologySchema, topologyJsonSchema, type TopologyProps } from "../../src/model/topology";
import { TierformError } from "../../src/core/errors";
import { problemLines } from "../helpers";
import { enterprise, large } from "../../tiers";
import { topologyWarnings } from "../../src/plan/warnings";

const valid: TopologyProps = {
  name: "acme",
  environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } },
  cloud: "aws",
  regions: ["us-west-2"],
  app: { image: "ghcr.io/acme/api:1.4.2", port: 8080, healthCheckPath: "/healthz" },
  compute: { kind: "vm", servers: 1, shape: { vcpu: 8, memoryGiB: 32 }, diskGiB: 1000, exposure: "public" },
  database: { shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, ha: false, readReplicas: 1 },
};

const parse = (input: unknown) => parseOrThrow(TopologySchema, input, "topology");
const problems = (patch: Record<string, unknown>) => problemLines(() => parse({ ...valid, ...patch }));

describe("topology: valid input", () => {
  it("fills defaults from the model", () => {
    const t = parse(valid);
    expect(t.network).toEqual({ cidr: "10.0.0.0/16", zones: 3, nat: "single" });
    expect(t.backend).toEqual({ type: "local" });
    expect(t.tags).toEqual({});
    expect(t.tier).toBe("custom");
    expect(t.database?.version).toBe(16);
    expect(t.database?.extensions).toEqual(["vector"]);
    expect(t.database?.backupRetentionDays).toBe(7);
  });

  it.each([
    ["prod", true],
    ["production", true],
    ["staging", false],
    ["dev", false],
  ])("environment %s → production %s, and deletion protection follows it", (environment, production) => {
    const t = parse({ ...valid, environment });
    expect(t.production).toBe(production);
    expect(t.database?.deletionProtection).toBe(production);
  });

  it("keeps an explicit deletionProtection over the environment's default", () => {
    const t = parse({ ...valid, database: { ...valid.database, deletionProtection: false } });
    expect(t.production).toBe(true);
    expect(t.database?.deletionProtection).toBe(false);
  });

  it("parsing is idempotent: a parsed topology parses to itself", () => {
    const once = parse(valid);
    expect(parse(once)).toEqual(once);
  });
});

describe("topology: every problem at once, with path, allowed values and what was received", () => {
  it("reports field, range and cross-field problems together", () => {
    const lines = problems({
      name: "Acme_Prod",
      regions: ["mars-1"],
      database: { shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, ha: true, readReplicas: 9 },
    });
    expect(lines).toContain(
      "name: expected 2–12 lower-case letters, digits or single hyphens, starting with a letter and not ending with a hyphen, got \"Acme_Prod\"",
    );
    expect(lines).toContain("database.readReplicas: expected an integer 0–5, got 9");
    expect(lines.some((l) => l.startsWith('regions[0]: expected one of the aws regions us-east-1, us-east-2, us-west-2') && l.endsWith('got "mars-1"'))).toBe(true);
  });

  it("runs cross-field rules even when an unrelated field is invalid", () => {
    const lines = problems({ name: "BAD", network: { zones: 1 }, database: { shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, ha: true, readReplicas: 0 } });
    expect(lines).toContain("database.ha: needs a network with ≥ 2 zones (the standby lives in another zone), got true");
    expect(lines.some((l) => l.startsWith("name:"))).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["unknown key, listing the allowed ones", { databse: {} }, 'databse: unknown key; allowed: name, environment, production, cloud, tier, regions, project, domain, dnsZoneId, network, loadBalancer, logs, app, compute, database, cache, cdn, files, workloads, platform, monitoring, compliance, tags, backend, catalog'],
    ["unknown cloud", { cloud: "ibm" }, 'cloud: expected one of "aws" | "gcp" | "azure", got "ibm"'],
    ["missing compute", { compute: undefined }, "compute: expected compute.kind \"vm\", \"kubernetes\" or \"containers\""],
    ["bad CIDR", { network: { cidr: "10.0.0.1/16" } }, 'network.cidr: expected a network address (host bits zero), got "10.0.0.1/16"'],
    ["CIDR too small", { network: { cidr: "10.0.0.0/24" } }, 'network.cidr: expected a prefix length /16–/20, got "10.0.0.0/24"'],
    ["a /31 deployer range (Azure storage firewalls take none)", { compliance: { deployerCidrs: ["203.0.113.0/31"] } }, 'compliance.deployerCidrs[0]: expected a prefix /8–/30, or /32 for one address (Azure storage firewalls take no /31), got "203.0.113.0/31"'],
    ["more zones than the region has", { regions: ["us-west-2"], network: { zones: 4 } }, "network.zones: expected an integer 1–3, got 4"],
    ["duplicate regions", { regions: ["us-west-2", "us-west-2"] }, 'regions[1]: expected each region once, got "us-west-2"'],
    ["vector on an old Postgres", { database: { ...valid.database, version: 12 } }, 'database.version: expected ≥ 13 for extension "vector" (pgvector), got 12'],
    ["a version the cloud does not offer", { database: { ...valid.database, version: 18 } }, "database.version: expected a version offered on aws: 13, 14, 15, 16, 17, got 18"],
    ["database bigger than any class", { database: { ...valid.database, shape: { vcpu: 400, memoryGiB: 8 } } }, "database.shape: no database class offers 400 vCPU / 8 GiB; the largest is db.r6g.8xlarge (32 vCPU / 256 GiB)"],
    ["a load balancer without a domain", { compute: { ...valid.compute, servers: 3, exposure: "loadBalancer" } }, "domain: required with a load balancer or CDN: HTTPS needs a certificate for the app's hostname (e.g. app.example.com)"],
    ["several servers without a load balancer", { compute: { ...valid.compute, servers: 3 } }, 'compute.exposure: expected "loadBalancer" when servers > 1 (3 servers need one entry point), got "public"'],
    ["CDN app origin without a load balancer", { domain: "app.example.com", cdn: {} }, 'cdn.appOrigin: needs a load balancer (compute.exposure "loadBalancer", kubernetes, or an exposed workload on containers); set appOrigin: false to serve static assets only, got true'],
    ["bad backend type", { backend: { type: "consul" } }, 'backend.type: expected backend.type "local" | "s3" | "gcs" | "azurerm"'],
  ])("%s", (_label, patch, expected) => {
    expect(problems(patch)).toContain(expected);
  });

  it("reports a missing required field as required, with its type", () => {
    expect(problems({ app: { port: 8080, healthCheckPath: "/" } })).toContain("app.image: required (string)");
  });

  it("throws a TierformError whose message lists one problem per line", () => {
    try {
      parse({ ...valid, environment: "PROD!", database: { ...valid.database, readReplicas: -1 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TierformError);
      const e = error as TierformError;
      expect(e.problems.map((p) => p.path)).toEqual(["environment", "database.readReplicas"]);
      expect(e.message.split("\n")[0]).toBe("Invalid topology: 2 problems");
    }
  });
});

describe("topology: kubernetes rules", () => {
  const k8s = (nodePools: unknown[], extra: Record<string, unknown> = {}) =>
    problems({ domain: "app.example.com", compute: { kind: "kubernetes", version: "1.33", nodePools, ...extra } });
  const general = { name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 2, max: 10 };

  it.each<[string, unknown[], Record<string, unknown>, string]>([
    ["min > max", [{ ...general, min: 12 }], {}, "compute.nodePools[0].min: expected ≤ max (10), got 12"],
    ["a GPU pool without a GPU", [general, { ...general, name: "gpu", role: "gpu" }], {}, "compute.nodePools[1].gpu: required for a gpu pool: { accelerator: t4 | l4 | a10g | a100 | h100, count }"],
    ["a GPU on a general pool", [{ ...general, gpu: { accelerator: "t4" } }], {}, 'compute.nodePools[0].gpu: only allowed on a gpu pool (this pool\'s role is "general")'],
    ["an unknown accelerator", [general, { ...general, name: "gpu", role: "gpu", gpu: { accelerator: "v100" } }], {}, 'compute.nodePools[1].gpu.accelerator: expected one of "t4" | "l4" | "a10g" | "a100" | "h100", got "v100"'],
    ["duplicate pool names", [general, general], {}, 'compute.nodePools[1].name: expected a unique pool name (also used by nodePools[0]), got "general"'],
    ["no general pool", [{ ...general, role: "spot" }], {}, 'compute.nodePools: expected at least one "general" pool with min ≥ 1 (system pods need a home)'],
    ["an unsupported version", [general], { version: "1.20" }, "compute.version: expected a supported version: 1.31, 1.32, 1.33, 1.34, got \"1.20\""],
    ["the API open to the internet", [general], { apiAccessCidrs: ["0.0.0.0/0"] }, 'compute.apiAccessCidrs[0]: expected a restricted CIDR; the API endpoint is never opened to the whole internet, got "0.0.0.0/0"'],
    ["a pool name too long for AKS", [{ ...general, name: "generalpurpose" }], {}, 'compute.nodePools[0].name: expected 2–12 lower-case letters or digits, starting with a letter (AKS\'s rule, the tightest), got "generalpurpose"'],
    ["a pool name with a hyphen", [{ ...general, name: "gpu-pool" }], {}, 'compute.nodePools[0].name: expected 2–12 lower-case letters or digits, starting with a letter (AKS\'s rule, the tightest), got "gpu-pool"'],
  ])("%s", (_label, pools, extra, expected) => {
    expect(k8s(pools, extra)).toContain(expected);
  });
});

describe("topology: cache rules", () => {
  const cache = (c: Record<string, unknown>) => problems({ cache: { memoryGiB: 6, ...c } });
  it.each<[string, Record<string, unknown>, string]>([
    ["cluster mode without replicas", { mode: "cluster", shards: 3, replicasPerShard: 0 }, 'cache.replicasPerShard: expected ≥ 1 in mode "cluster" (each shard needs a replica for failover), got 0'],
    ["replicated without replicas", { mode: "replicated" }, 'cache.replicasPerShard: expected ≥ 1 in mode "replicated" (failover needs a replica), got 0'],
    ["shards outside cluster mode", { mode: "replicated", shards: 2, replicasPerShard: 1 }, 'cache.shards: expected 1 unless mode is "cluster", got 2'],
    ["IAM auth without TLS", { mode: "single", tls: false }, 'cache.tls: expected true with auth "iam" (IAM authentication requires TLS), got false'],
    ["a typo", { mode: "single", replcas: 1 }, 'cache.replcas: unknown key; allowed: mode, memoryGiB, nodeType, shards, replicasPerShard, version, tls, auth, snapshotRetentionDays'],
  ])("%s", (_label, c, expected) => {
    expect(cache(c)).toContain(expected);
  });
});

describe("JSON Schema for editor completion", () => {
  it("describes the input shape, with defaults and descriptions", () => {
    const schema = topologyJsonSchema() as { properties: Record<string, { description?: string; default?: unknown }>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(["name", "environment", "cloud", "regions", "app", "compute"]));
    expect(schema.required).not.toContain("network");
    expect(schema.properties["name"]?.description).toMatch(/≤12 chars/);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["database", "cache", "cdn", "backend", "tags"]));
  });
});

describe("tier input as plain JavaScript may give it", () => {
  const who = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", domain: "app.example.com" } as const;
  const linesOf = (input: unknown) => problemLines(() => large(input as Parameters<typeof large>[0]));

  it("says what a tier takes when given nothing, null or a list", () => {
    for (const input of [undefined, null, []]) {
      expect(() => large(input as never)).toThrow(TierformError);
      expect(linesOf(input)).toEqual([expect.stringMatching(/^\(root\): expected an object with name, environment and cloud, e\.g\. large\(\{ name: "acme"/)]);
    }
  });

  it("rejects names that are not regions of the cloud, including JavaScript's own property names", () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      expect(linesOf({ ...who, regions: [name] })).toEqual([expect.stringMatching(new RegExp(`^regions\\[0\\]: expected one of the aws regions .*, got "${name}"$`))]);
    }
  });

  it("refuses region and regions together, and a lone string for regions, naming the fix", () => {
    expect(linesOf({ ...who, region: "us-west-2", regions: ["us-east-1"] })).toEqual([
      'region: expected region or regions, not both (region is shorthand for regions: [region]), got "us-west-2"',
    ]);
    expect(linesOf({ ...who, regions: "us-west-2" })).toEqual(['regions: expected a list of regions, primary first (for one region: region: "us-west-2"), got "us-west-2"']);
  });

  it("says when a rejected value came from the preset, not from the user", () => {
    expect(linesOf({ ...who, region: "us-west-2", cache: { mode: "replicated" } })).toEqual([
      'cache.shards: expected 1 unless mode is "cluster" (the large preset\'s value: set cache.shards yourself, or null to drop it), got 3',
    ]);
    expect(linesOf({ ...who, region: "us-west-2", cache: { mode: "replicated", shards: 3 } })).toEqual(['cache.shards: expected 1 unless mode is "cluster", got 3']);
  });

  it("names an unnamed environment plainly in the heading", () => {
    expect(() => large({ ...who, name: "", region: "us-west-2" })).toThrow(/^Invalid large tier "\(unnamed\)-prod": 1 problem/);
  });
});

describe("rules the fields' own descriptions state", () => {
  const who = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com" } as const;
  const linesOf = (input: unknown) => problemLines(() => large(input as Parameters<typeof large>[0]));

  it("keeps the network private (RFC 1918)", () => {
    expect(problems({ network: { cidr: "8.8.0.0/16" } })).toEqual(['network.cidr: expected a private range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918), got "8.8.0.0/16"']);
  });

  it("keeps pod and service ranges off the network of every region and off each other", () => {
    expect(linesOf({ ...who, cloud: "azure", region: "eastus", compute: { podCidr: "10.0.0.0/16", serviceCidr: "10.0.0.0/16" } })).toEqual([
      'compute.podCidr: expected a range outside network.cidr (10.0.0.0/16), got "10.0.0.0/16"',
      'compute.serviceCidr: expected a range outside network.cidr (10.0.0.0/16), got "10.0.0.0/16"',
      'compute.serviceCidr: expected a range outside the pod range podCidr (10.0.0.0/16), got "10.0.0.0/16"',
    ]);
    // The second region's block (10.1.0.0/16) counts too.
    expect(linesOf({ ...who, cloud: "azure", regions: ["eastus", "westus3"], cdn: { appOrigin: true }, compute: { podCidr: "10.1.0.0/16" } })).toContain(
      'compute.podCidr: expected a range outside the networks of the 2 regions (from 10.0.0.0/16), got "10.1.0.0/16"',
    );
  });

  it("refuses an admin user name the cloud's database service keeps for itself", () => {
    expect(problems({ database: { ...valid.database, username: "rdsadmin" } })).toEqual([expect.stringMatching(/^database\.username: expected a name the aws database service does not keep for itself \(rdsadmin, .*\), got "rdsadmin"$/)]);
    expect(linesOf({ ...who, cloud: "azure", region: "eastus", database: { username: "azure_pg_admin" } })).toEqual([expect.stringMatching(/^database\.username: expected a name the azure database service/)]);
    expect(linesOf({ ...who, cloud: "gcp", region: "us-central1", project: "acme-prod-123", database: { username: "cloudsqladmin" } })).toEqual([expect.stringMatching(/^database\.username: expected a name the gcp database service/)]);
  });

  it("keeps the weekly maintenance window apart from the daily backup window", () => {
    expect(problems({ database: { ...valid.database, backupWindow: "03:00-04:00", maintenanceWindow: "sun:03:30-sun:04:30" } })).toEqual([
      'database.maintenanceWindow: expected a window apart from the daily backupWindow (03:00-04:00), got "sun:03:30-sun:04:30"',
    ]);
    expect(problems({ database: { ...valid.database, backupWindow: "23:00-01:00", maintenanceWindow: "mon:00:30-mon:01:30" } })).toHaveLength(1);
    expect(() => parse({ ...valid, database: { ...valid.database, backupWindow: "22:00-23:00", maintenanceWindow: "sat:23:30-sun:00:10" } })).not.toThrow();
  });
});

describe("workload names the platform cannot give out", () => {
  const who = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;
  const app = { image: "ghcr.io/acme/api:1", port: 8080 };
  const linesOf = (input: unknown) => problemLines(() => large(input as Parameters<typeof large>[0]));

  it("keeps the pooler's name while database.pooling is on (large turns it on)", () => {
    expect(linesOf({ ...who, workloads: [{ name: "pgbouncer", ...app }] })).toEqual([
      'workloads[0].name: expected a name other than "pgbouncer" with database.pooling (the platform\'s pooler may use it), got "pgbouncer"',
    ]);
  });

  it("keeps the extensions Job's names and Kubernetes' own namespaces", () => {
    expect(linesOf({ ...who, workloads: [{ name: "db-extensions", ...app }, { name: "db", ...app }] })).toEqual([
      'workloads[0].name: expected a name other than "db-extensions" and "db" (the platform\'s database-extensions Job uses them), got "db-extensions"',
      'workloads[1].name: expected a name other than "db-extensions" and "db" (the platform\'s database-extensions Job uses them), got "db"',
    ]);
    expect(linesOf({ ...who, platform: { namespace: "kube" }, workloads: [{ name: "system", ...app }] })).toEqual([
      'workloads[0].name: expected a name whose namespace (platform.namespace + "-" + name = "kube-system") is ≤ 63 characters, not "default" and not kube-…, got "system"',
    ]);
  });
});

describe("tags", () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`team${i}`, "x"]));

  it("fit beside tierform's own under the cloud's per-resource limit", () => {
    // Subnets carry Name, tier and a load-balancer role tag besides tierform's three.
    expect(problems({ tags: many(44) })).toEqual([
      "tags: expected at most 43 tags on aws (50 per resource, 7 of them tierform's: tierform:app, tierform:environment, tierform:tier, Name, tier, kubernetes.io/role/elb, kubernetes.io/role/internal-elb); tags given, got 44",
    ]);
    expect(() => parse({ ...valid, tags: many(43) })).not.toThrow();
  });

  it("take no key the cloud or tierform keeps", () => {
    expect(problems({ tags: { "aws:owner": "me", "tierform:tier": "x", Name: "web" } })).toEqual([
      'tags.aws:owner: expected a key of your own: aws keeps keys starting "aws:", got "aws:owner"',
      'tags.tierform:tier: expected a key of your own: tierform keeps keys starting "tierform:", got "tierform:tier"',
      'tags.Name: expected a key of your own: tierform sets "Name" itself, got "Name"',
    ]);
  });
});

describe("node pool taints come from the pool's role", () => {
  const who = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;
  const general = { name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 3, max: 10 } as const;
  const gpu = { name: "gpu", role: "gpu", shape: { vcpu: 4, memoryGiB: 15 }, gpu: { accelerator: "t4", count: 1 }, min: 1, max: 3 } as const;

  it("keeps the GPU taint when a user replaces the tier's pools without naming taints", () => {
    const t = large({ ...who, compute: { nodePools: [general, gpu] } });
    if (t.compute.kind !== "kubernetes") throw new Error("expected kubernetes");
    expect(t.compute.nodePools.map((p) => [p.name, p.taints])).toEqual([
      ["general", []],
      ["gpu", [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]],
    ]);
    expect(topologyWarnings(t).map((w) => w.id)).not.toContain("tierform:kubernetes:untainted-pool");
  });

  it("warns with a stable id when a GPU pool is written without its taint", () => {
    const t = large({ ...who, compute: { nodePools: [general, { ...gpu, taints: [] }] } });
    expect(topologyWarnings(t).filter((w) => w.id === "tierform:kubernetes:untainted-pool")).toEqual([
      { id: "tierform:kubernetes:untainted-pool", path: "compute.nodePools[1].taints", message: "the gpu pool lacks nvidia.com/gpu=true:NoSchedule: any pod may be scheduled onto its GPU nodes" },
    ]);
  });
});

describe("customer-managed keys", () => {
  it("warn that switching them later replaces the data stores (a stable id to grep for)", () => {
    const t = enterprise({ name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "gcp", project: "acme-prod-123", regions: ["us-central1", "us-east4"], domain: "www.example.com" });
    expect(topologyWarnings(t).find((w) => w.id === "tierform:compliance:keys-replace-data-stores")?.path).toBe("compliance.customerManagedKeys");
    const plain = large({ name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "gcp", project: "acme-prod-123", region: "us-central1", domain: "www.example.com" });
    expect(topologyWarnings(plain).map((w) => w.id)).not.toContain("tierform:compliance:keys-replace-data-stores");
  });
});

describe("machine types an override names must exist: the catalog's, or ones you vouch for", () => {
  const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5 ops@acme";
  const on = {
    aws: { cloud: "aws", regions: ["us-west-2"] },
    gcp: { cloud: "gcp", regions: ["us-central1"], project: "acme-prod-123" },
    azure: { cloud: "azure", regions: ["eastus"], compute: { ...valid.compute, sshPublicKey: key } },
  } as const;
  const withCompute = (cloud: keyof typeof on, compute: Record<string, unknown>) => ({ ...on[cloud], compute: { ...valid.compute, ...(cloud === "azure" ? { sshPublicKey: key } : {}), ...compute } });
  const pool = (instanceType: string) => ({
    domain: "app.example.com",
    compute: { kind: "kubernetes", version: "1.33", nodePools: [{ name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 1, max: 3, instanceType }] },
  });
  const hint = "(a real type the catalog does not list: add it to catalog.allowMachineTypes)";

  it.each<[string, Record<string, unknown>, string]>([
    ["aws VM instanceType", withCompute("aws", { instanceType: "m6a.xlarg" }), `compute.instanceType: expected a machine type the aws catalog lists; did you mean m6a.xlarge, m6a.large, m6a.2xlarge? ${hint}, got "m6a.xlarg"`],
    ["aws node pool instanceType", { ...on.aws, ...pool("m6a.xlarg") }, `compute.nodePools[0].instanceType: expected a machine type the aws catalog lists; did you mean m6a.xlarge, m6a.large, m6a.2xlarge? ${hint}, got "m6a.xlarg"`],
    ["aws database instanceClass", { ...on.aws, database: { ...valid.database, instanceClass: "db.r6g.2xlage" } }, `database.instanceClass: expected a database class the aws catalog lists; did you mean db.r6g.2xlarge, db.m6g.2xlarge, db.r6g.xlarge? ${hint}, got "db.r6g.2xlage"`],
    ["aws cache nodeType", { ...on.aws, cache: { mode: "single", memoryGiB: 4, nodeType: "cache.r6g.larg" } }, `cache.nodeType: expected a cache node type the aws catalog lists; did you mean cache.r6g.large, cache.m6g.large, cache.r6g.xlarge? ${hint}, got "cache.r6g.larg"`],
    ["an Azure VM size on aws", withCompute("aws", { instanceType: "Standard_D4s_v5" }), 'compute.instanceType: expected a machine type on aws; that is an azure machine type (4 vCPU / 16 GiB on aws: m6a.xlarge), got "Standard_D4s_v5"'],
    ["a machine type as a database class", { ...on.aws, database: { ...valid.database, instanceClass: "m6a.xlarge" } }, 'database.instanceClass: expected a database class on aws; that is an aws machine type (4 vCPU / 16 GiB on aws: db.m6g.xlarge), got "m6a.xlarge"'],
    ["gcp VM instanceType", withCompute("gcp", { instanceType: "e2-standard-5" }), `compute.instanceType: expected a machine type the gcp catalog lists; did you mean e2-standard-2, e2-standard-4, e2-standard-8? ${hint}, got "e2-standard-5"`],
    ["gcp node pool instanceType from AWS", { ...on.gcp, ...pool("m6a.xlarge") }, 'compute.nodePools[0].instanceType: expected a machine type on gcp; that is an aws machine type (4 vCPU / 16 GiB on gcp: e2-standard-4), got "m6a.xlarge"'],
    ["gcp database class off the Cloud SQL rules", { ...on.gcp, database: { ...valid.database, instanceClass: "db-custom-4-16000" } }, 'database.instanceClass: expected a gcp database class: db-custom-<vCPU>-<MiB> (1 or an even number of vCPUs up to 96, 0.9–6.5 GiB per vCPU, memory a multiple of 256 MiB, at least 3840) or db-f1-micro, db-g1-small; did you mean db-custom-4-16128? (a real type the catalog does not list: add it to catalog.allowMachineTypes), got "db-custom-4-16000"'],
    ["gcp cache nodeType", { ...on.gcp, cache: { mode: "cluster", memoryGiB: 4, replicasPerShard: 1, nodeType: "REDIS_HIGHMEM_MEDIUMM" } }, `cache.nodeType: expected a cache node type the gcp catalog lists; did you mean REDIS_HIGHMEM_MEDIUM? ${hint}, got "REDIS_HIGHMEM_MEDIUMM"`],
    ["azure VM size", withCompute("azure", { instanceType: "Standard_D4as_v6" }), `compute.instanceType: expected a machine type the azure catalog lists; did you mean Standard_D4as_v5, Standard_D2as_v5, Standard_D8as_v5? ${hint}, got "Standard_D4as_v6"`],
    ["azure database class", { ...on.azure, database: { ...valid.database, instanceClass: "GP_Standard_D4ds_v4" } }, `database.instanceClass: expected a database class the azure catalog lists; did you mean GP_Standard_D4ds_v5, GP_Standard_D2ds_v5, GP_Standard_D8ds_v5? ${hint}, got "GP_Standard_D4ds_v4"`],
    ["azure cache SKU from AWS", { ...on.azure, cache: { mode: "single", memoryGiB: 4, nodeType: "cache.m6g.large" } }, 'cache.nodeType: expected a cache node type on azure; that is an aws cache node type (6.38 GiB on azure: MemoryOptimized_M10), got "cache.m6g.large"'],
  ])("%s", (_label, patch, line) => {
    expect(problems(patch)).toEqual([line]);
  });

  it("accepts the catalog's names, Cloud SQL tiers by their rule included", () => {
    expect(parse({ ...valid, compute: { ...valid.compute, instanceType: "m7i.2xlarge" }, database: { ...valid.database, instanceClass: "db.r6i.large" } }).compute).toMatchObject({ instanceType: "m7i.2xlarge" });
    expect(parse({ ...valid, ...on.gcp, database: { ...valid.database, instanceClass: "db-custom-4-16384" } }).database?.instanceClass).toBe("db-custom-4-16384");
  });

  it("accepts a real type the catalog lacks when catalog.allowMachineTypes lists it, for every override field", () => {
    const t = parse({
      ...valid,
      compute: { ...valid.compute, instanceType: "m7i.48xlarge" },
      database: { ...valid.database, instanceClass: "db.r7g.large" },
      cache: { mode: "single", memoryGiB: 4, nodeType: "cache.r7g.large" },
      catalog: { allowMachineTypes: ["m7i.48xlarge", "db.r7g.large", "cache.r7g.large"] },
    });
    expect(t.catalog.allowMachineTypes).toHaveLength(3);
    expect(parse({ ...valid, ...on.aws, ...pool("p5e.48xlarge"), catalog: { allowMachineTypes: ["p5e.48xlarge"] } }).compute).toMatchObject({ kind: "kubernetes" });
  });

  it("never lets the list pass off another cloud's or another table's name, and checks the names it holds", () => {
    expect(problems({ compute: { ...valid.compute, instanceType: "Standard_D4s_v5" }, catalog: { allowMachineTypes: ["Standard_D4s_v5", "not a type"] } })).toEqual([
      'catalog.allowMachineTypes[1]: expected a machine type name such as m6i.xlarge, got "not a type"',
    ]);
    expect(problems({ compute: { ...valid.compute, instanceType: "Standard_D4s_v5" }, catalog: { allowMachineTypes: ["Standard_D4s_v5"] } })).toEqual([
      'compute.instanceType: expected a machine type on aws; that is an azure machine type (4 vCPU / 16 GiB on aws: m6a.xlarge), got "Standard_D4s_v5"',
    ]);
  });
});
