import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { LocalBackend, TerraformOutput, TerraformStack, Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { runCli } from "./helpers";
import { large } from "../tiers";
import {
  FactError,
  assertFacts,
  diffSynth,
  everyBucketIsPrivate,
  everyDatabaseIsEncrypted,
  everyNodePoolIsPrivate,
  findResources,
  losesState,
  noPublicDatabase,
  expectPlanned,
  offlinePlanStacks,
  snapshotOf,
  synthesize,
  type SynthResult,
} from "../src/testing";

/** A user's own stack with a local backend on an absolute path, as cdktf's default backend has. */
function userStack(): SynthResult {
  return synthesize(userStackApp());
}

function userStackApp() {
  const app = Testing.app();
  const stack = new TerraformStack(app, "orders");
  new LocalBackend(stack, { path: join(process.cwd(), "terraform.orders.tfstate") });
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new DbInstance(stack, "db", { instanceClass: "db.m6g.large", engine: "postgres", allocatedStorage: 20, storageEncrypted: true, publiclyAccessible: false });
  return app;
}

describe("stable synth", () => {
  it("is byte-identical across runs and across checkouts in different directories", () => {
    const here = process.cwd();
    const texts: string[] = [];
    try {
      for (const dir of [mkdtempSync(join(tmpdir(), "checkout-a-")), mkdtempSync(join(tmpdir(), "checkout-b-"))]) {
        process.chdir(dir);
        texts.push(snapshotOf(userStack(), "orders"));
        texts.push(snapshotOf(synthesize(new Environment(Testing.app(), "e", demoTopology("small", "aws"))), "small-aws-prod-infra"));
      }
    } finally {
      process.chdir(here);
    }
    expect(texts[2]).toBe(texts[0]);
    expect(texts[3]).toBe(texts[1]);
    expect(texts[0]).toContain('"path": "terraform.orders.tfstate"');
    expect(texts.join("")).not.toMatch(/checkout-[ab]-|\/tmp\//);
  });

  it("sorts keys so a snapshot diff shows only real changes", () => {
    const text = snapshotOf(userStack(), "orders");
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
  });
});

describe("fact helpers", () => {
  it("pass on tierform's tiers on every cloud", () => {
    for (const cloud of ["aws", "gcp", "azure"] as const) {
      const result = synthesize(new Environment(Testing.app(), "e", demoTopology("large", cloud)));
      expect(() => assertFacts(result, everyDatabaseIsEncrypted, noPublicDatabase, everyNodePoolIsPrivate, everyBucketIsPrivate), cloud).not.toThrow();
      expect(findResources(result, "aws_eks_node_group", "google_container_node_pool", "azurerm_kubernetes_cluster_node_pool").length, cloud).toBe(3);
    }
  });

  it("fail with one readable line per violation", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "risky");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new DbInstance(stack, "db", { instanceClass: "db.m6g.large", engine: "postgres", allocatedStorage: 20, publiclyAccessible: true });
    const result = synthesize(app);
    expect(() => assertFacts(result, everyDatabaseIsEncrypted, noPublicDatabase)).toThrow(FactError);
    try {
      assertFacts(result, everyDatabaseIsEncrypted, noPublicDatabase);
    } catch (error) {
      expect((error as Error).message).toBe(
        [
          "2 facts violated:",
          "  - every database is encrypted: risky:aws_db_instance.db (storage_encrypted is not true)",
          "  - no public database: risky:aws_db_instance.db (publicly_accessible = true)",
        ].join("\n"),
      );
    }
  });
});

describe("change summary", () => {
  const where = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;
  const base = () => synthesize(new Environment(Testing.app(), "acme", large(where)));

  it("flags a renamed database (its address changes: destroy and create)", () => {
    const before = base();
    const after = structuredClone(before);
    const dbs = after["acme-prod-infra"]!.resource!["aws_db_instance"]!;
    const [primary] = Object.keys(dbs).filter((k) => k.startsWith("database_pg_"));
    dbs["orders_pg_00000000"] = dbs[primary!]!;
    delete dbs[primary!];
    const summary = diffSynth(before, after);
    expect(summary.renamed).toEqual([{ from: `acme-prod-infra:aws_db_instance.${primary}`, to: "acme-prod-infra:aws_db_instance.orders_pg_00000000" }]);
    expect(losesState(summary)).toBe(true);
  });

  it("flags a removed node pool as destroyed", () => {
    const before = base();
    const pools = large(where).compute;
    if (pools.kind !== "kubernetes") throw new Error("expected kubernetes");
    const after = synthesize(new Environment(Testing.app(), "acme", large({ ...where, compute: { nodePools: pools.nodePools.filter((p) => p.name !== "spot") } })));
    const summary = diffSynth(before, after);
    expect(summary.destroyed).toEqual([expect.stringMatching(/^acme-prod-infra:aws_eks_node_group\.cluster_pool-spot_/)]);
    expect(losesState(summary)).toBe(true);
  });

  it("passes an added output", () => {
    const before = base();
    const app = Testing.app();
    const env = new Environment(app, "acme", large(where));
    new TerraformOutput(env.infra, "support_email", { value: "ops@example.com" });
    const summary = diffSynth(before, synthesize(app));
    expect(summary.outputs.added).toEqual(["acme-prod-infra:output.support_email"]);
    expect(summary.added).toEqual([]);
    expect(losesState(summary)).toBe(false);
  });

  it("is a command: `tierform diff OLD_DIR NEW_DIR` exits 1 when state would be lost, 0 otherwise", () => {
    const write = (result: SynthResult) => {
      const dir = mkdtempSync(join(tmpdir(), "synth-"));
      for (const [stack, json] of Object.entries(result)) {
        mkdirSync(join(dir, "stacks", stack), { recursive: true });
        writeFileSync(join(dir, "stacks", stack, "cdk.tf.json"), JSON.stringify(json));
      }
      return dir;
    };
    const before = base();
    const after = structuredClone(before);
    delete after["acme-prod-infra"]!.resource!["aws_elasticache_replication_group"];
    // In-process (test/cli.test.ts checks that the bin entry exits with main's code).
    const destroy = runCli("diff", write(before), write(after));
    expect(destroy.status).toBe(1);
    expect(destroy.stdout).toMatch(/^STATEFUL RESOURCES DESTROYED \(1\):\n {2}acme-prod-infra:aws_elasticache_replication_group\.cache_redis_/);
    expect(runCli("diff", write(before), write(before))).toMatchObject({ status: 0, stdout: "no changes\n" });
    const usage = runCli("diff");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: tierform diff OLD_DIR NEW_DIR/);
  });
});

describe("offline plan", () => {
  it("names the step and the stack that failed: an argument the provider does not have fails validate", { timeout: 60_000 }, async (ctx) => {
    const clean = synthesize(userStackApp())["orders"]!;
    const broken = structuredClone(clean);
    (broken.resource!["aws_db_instance"]!["db"] as Record<string, unknown>)["no_such_argument"] = true;
    // Two stacks in one run (offlinePlanStacks); offlinePlan runs the same steps on one stack alone.
    const results = await offlinePlanStacks({ orders: broken, billing: clean });
    const result = results["orders"]!;
    if (result.status === "skipped") return expectPlanned(result, { skip: ctx.skip, required: process.env["CI"] === "true" });
    expect(result).toMatchObject({ status: "failed", step: "validate" });
    expect(result.status === "failed" && result.output).toMatch(/no_such_argument/);
    // The clean stack is not blamed: it was not planned because the other one failed.
    expect(results["billing"]).toMatchObject({ status: "failed", step: "validate", output: "not planned: Terraform stopped on errors in orders" });
  });

  it("checks what Terraform checks only at the root for every stack: a sensitive value in an output not marked sensitive", { timeout: 60_000 }, async (ctx) => {
    const clean = synthesize(userStackApp())["orders"]!;
    const leaky = structuredClone(clean);
    (leaky.resource!["aws_db_instance"]!["db"] as Record<string, unknown>)["password"] = "offline-placeholder-1";
    leaky.output = { ...leaky.output, password: { value: "${aws_db_instance.db.password}" } };
    const results = await offlinePlanStacks({ orders: leaky, billing: clean });
    const result = results["orders"]!;
    if (result.status === "skipped") return expectPlanned(result, { skip: ctx.skip, required: process.env["CI"] === "true" });
    expect(result).toMatchObject({ status: "failed", step: "plan" });
    expect(result.status === "failed" && result.output).toMatch(/Output refers to sensitive values/);
    expect(results["billing"]).toMatchObject({ status: "failed", output: "not planned: Terraform stopped on errors in orders" });
  });
});
