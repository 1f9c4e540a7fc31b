import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { runCli } from "./helpers";
import { diffSynth, formatSummary, losesState, replacementReasons, synthesize, type SynthResult } from "../src/testing";
import { large, small } from "../tiers";

type Where = { cloud: "aws" | "gcp" | "azure"; region: string; project?: string };
const WHERE: Record<Where["cloud"], Where> = {
  aws: { cloud: "aws", region: "us-west-2" },
  gcp: { cloud: "gcp", region: "us-central1", project: "acme-prod-123" },
  azure: { cloud: "azure", region: "eastus" },
};
const SSH = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxd0HHDZ4O2kUaxd7i3nNAt0dbiJqUBqgP0hWVtC1sq demo@tierform";

/** What the diff says about one topology change, as a user makes it: the same environment synthesized twice. */
function change(cloud: Where["cloud"], tier: "small" | "large", overrides: Record<string, unknown>) {
  const base = { ...WHERE[cloud], name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com", ...(cloud === "azure" && tier === "small" ? { compute: { sshPublicKey: SSH } } : {}) };
  const build = (extra: Record<string, unknown>) => {
    const props = { ...base, ...extra } as Parameters<typeof large>[0];
    return synthesize(new Environment(Testing.app(), "acme", tier === "large" ? large(props) : small(props as Parameters<typeof small>[0])));
  };
  const summary = diffSynth(build({}), build(overrides));
  return { summary, text: formatSummary(summary), replaced: summary.replaced.map((r) => r.address.replace(/_[0-9A-F]{8}$/, "")) };
}

describe("tierform diff knows what Terraform replaces", () => {
  it("AWS: a new database name replaces the RDS instance (state loss); more storage does not", () => {
    const renamed = change("aws", "large", { database: { databaseName: "tunetrail" } });
    expect(renamed.text).toMatch(/^ {2}replaced: acme-prod-infra:aws_db_instance\.database_pg_[0-9A-F]{8} \(db_name "app" → "tunetrail" forces replacement\)$/m);
    expect(losesState(renamed.summary)).toBe(true);

    const grown = change("aws", "large", { database: { storageGiB: 2000 } });
    expect(grown.summary.changed.some((a) => a.includes("aws_db_instance.database_pg_"))).toBe(true);
    expect(grown.summary.replaced).toEqual([]);
    expect(losesState(grown.summary)).toBe(false);
  });

  it("GCP: moving the cache from one node to a replicated pair replaces the Memorystore instance; more memory does not", () => {
    const tiered = change("gcp", "small", { cache: { mode: "replicated", replicasPerShard: 1 } });
    expect(tiered.text).toMatch(/replaced: acme-prod-infra:google_redis_instance\.cache_redis_[0-9A-F]{8} \(.*tier "BASIC" → "STANDARD_HA" forces replacement/);
    expect(losesState(tiered.summary)).toBe(true);

    const bigger = change("gcp", "small", { cache: { memoryGiB: 12 } });
    expect(bigger.summary.changed.some((a) => a.includes("google_redis_instance"))).toBe(true);
    expect(bigger.summary.replaced).toEqual([]);
    expect(losesState(bigger.summary)).toBe(false);
  });

  it("Azure: a new admin user name replaces the PostgreSQL server; more storage does not", () => {
    const renamed = change("azure", "large", { database: { username: "pgowner" } });
    expect(renamed.replaced).toContain("acme-prod-infra:azurerm_postgresql_flexible_server.database_pg");
    expect(renamed.text).toMatch(/administrator_login "app_admin" → "pgowner" (forces|may force) replacement/);
    expect(losesState(renamed.summary)).toBe(true);

    const grown = change("azure", "large", { database: { storageGiB: 2048 } });
    expect(grown.summary.changed.some((a) => a.includes("azurerm_postgresql_flexible_server.database_pg_"))).toBe(true);
    expect(grown.summary.replaced).toEqual([]);
    expect(losesState(grown.summary)).toBe(false);
  });

  it("reads nested arguments named like meta-arguments as arguments (a GPU pool's guest_accelerator count)", () => {
    const pool = { node_config: [{ guest_accelerator: [{ type: "nvidia-tesla-t4", count: 1 }] }] };
    const more = { node_config: [{ guest_accelerator: [{ type: "nvidia-tesla-t4", count: 2 }] }] };
    expect(replacementReasons("google_container_node_pool", pool, more).map((r) => r.path)).toEqual(["node_config.0.guest_accelerator.0.count"]);
  });

  it("reads values as Terraform does: an unset bool is false, \"true\" is true, a removed computed block is kept", () => {
    const db = { engine: "postgres", instance_class: "db.m6g.large", storage_encrypted: false, db_name: "app" };
    expect(replacementReasons("aws_db_instance", db, { ...db, storage_encrypted: undefined })).toEqual([]);
    expect(replacementReasons("aws_db_instance", { ...db, storage_encrypted: true }, { ...db, storage_encrypted: "true" })).toEqual([]);
    expect(replacementReasons("aws_db_instance", db, { ...db, db_name: "tunetrail" })).toEqual([{ path: "db_name", before: "app", after: "tunetrail", when: "always" }]);
    // A value that is known only at plan, or written where there was none, may or may not differ.
    expect(replacementReasons("aws_db_instance", db, { ...db, db_name: "${var.name}" })[0]?.when).toBe("sometimes");
    const gke = { name: "c", location: "us-central1", ip_allocation_policy: [{ cluster_secondary_range_name: "pods" }] };
    expect(replacementReasons("google_container_cluster", gke, { name: "c", location: "us-central1" })).toEqual([]);
  });

  it("counts instances a shrinking count destroys, and honours moved and removed blocks", () => {
    const db = { engine: "postgres", instance_class: "db.m6g.large", db_name: "app" };
    const stack = (resource: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ s: { resource: { aws_db_instance: resource }, ...extra } }) as SynthResult;
    const fewer = diffSynth(stack({ x: { ...db, count: 3 } }), stack({ x: { ...db, count: 1 } }));
    expect(fewer.destroyed).toEqual(["s:aws_db_instance.x[1]", "s:aws_db_instance.x[2]"]);
    expect(losesState(fewer)).toBe(true);

    const renamed = stack({ orders: db }, { moved: [{ from: "aws_db_instance.x", to: "aws_db_instance.orders" }] });
    const moved = diffSynth(stack({ x: db }), renamed);
    expect(moved.moved).toEqual([{ from: "s:aws_db_instance.x", to: "s:aws_db_instance.orders" }]);
    expect([moved.renamed, moved.destroyed, moved.changed]).toEqual([[], [], []]);
    expect(losesState(moved)).toBe(false);

    const kept = diffSynth(stack({ x: db, y: db }), stack({ y: db }, { removed: [{ from: "aws_db_instance.x", lifecycle: { destroy: false } }] }));
    expect([kept.forgotten, kept.destroyed]).toEqual([["s:aws_db_instance.x"], []]);
    expect(losesState(kept)).toBe(false);
  });

  it("follows nested paths and ignores what lifecycle.ignore_changes names", () => {
    const before = { scaling_config: [{ min_size: 1, max_size: 3, desired_size: 1 }], instance_types: ["m6a.xlarge"], subnet_ids: ["subnet-a"] };
    expect(replacementReasons("aws_eks_node_group", before, { ...before, scaling_config: [{ min_size: 2, max_size: 5, desired_size: 2 }] })).toEqual([]);
    expect(replacementReasons("aws_eks_node_group", before, { ...before, instance_types: ["m6a.2xlarge"] }).map((r) => r.path)).toEqual(["instance_types"]);
    expect(replacementReasons("aws_eks_node_group", before, { ...before, instance_types: ["m6a.2xlarge"], lifecycle: { ignore_changes: ["instance_types"] } })).toEqual([]);
  });

  it("reads the stacks each synth's manifest names: stale folders are ignored, a stack gone from the manifest is destroyed", () => {
    const result = synthesize(new Environment(Testing.app(), "acme", small({ ...WHERE.aws, name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } } })));
    const write = (stacks: SynthResult, stale: SynthResult = {}) => {
      const dir = mkdtempSync(join(tmpdir(), "synth-"));
      const manifest: Record<string, unknown> = {};
      for (const [name, json] of Object.entries({ ...stacks, ...stale })) {
        mkdirSync(join(dir, "stacks", name), { recursive: true });
        writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
        if (stacks[name]) manifest[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
      }
      writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }));
      return dir;
    };
    const renamedStack = { "acme-production-infra": result["acme-prod-infra"]! };
    const cli = (a: string, b: string) => runCli("diff", a, b);

    // The old stack's folder lingers in the new output (a direct `node` run does not clear it): the manifest rules.
    const renamed = cli(write(result), write(renamedStack, result));
    expect(renamed.status).toBe(1);
    expect(renamed.stdout).toMatch(/^STATEFUL RESOURCES DESTROYED \(\d+\):\n {2}acme-prod-infra:aws_db_instance\./);
    expect(cli(write(result), write(result, renamedStack)).stdout).toBe("no changes\n");
  });
});
