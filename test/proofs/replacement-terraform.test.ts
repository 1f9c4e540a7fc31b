import { it } from "vitest";
import { Testing } from "../../src/core/tf";
import { Environment } from "../../src/stacks/environment";
import { expectPlanned, findMirror, findTerraform, replacementReasons, synthesize, type TerraformJson } from "../../src/testing";
import { large } from "../../tiers";
import { plannedReplacements, type PlannedCase } from "../../src/tools/provider-rules/aws-replacement";

// `tierform diff`'s replacement verdicts for AWS, proven with real Terraform: each old configuration becomes a prior
// state, the new one is planned against it (-refresh=false), and Terraform's replace/update must match the diff's.
const required = process.env["CI"] === "true" || process.env["TIERFORM_REQUIRE_TERRAFORM"] === "1";

const where = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;
const infra = (overrides: Record<string, unknown> = {}): TerraformJson =>
  synthesize(new Environment(Testing.app(), "acme", large({ ...where, ...overrides })))["acme-prod-infra"]!;

type Body = Record<string, any>;
const find = (json: TerraformJson, type: string, prefix: string): Body => {
  const hit = Object.entries(json.resource?.[type] ?? {}).find(([name]) => name.startsWith(prefix));
  if (!hit) throw new Error(`no ${type} named ${prefix}*`);
  return hit[1] as Body;
};
const KMS = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function cases(): (PlannedCase & { replaces: boolean })[] {
  const base = infra();
  const db = find(base, "aws_db_instance", "database_pg_");
  const replica = find(base, "aws_db_instance", "database_pg-replica-1_");
  const cache = find(base, "aws_elasticache_replication_group", "cache_redis_");
  const pool = find(base, "aws_eks_node_group", "cluster_pool-general_");
  const cluster = find(base, "aws_eks_cluster", "cluster_eks_");
  const edit = (label: string, type: string, before: Body, change: Body, replaces: boolean) => ({ label, type, before, after: { ...before, ...change }, replaces });
  return [
    // Changes a user makes in the topology.
    { label: "database.databaseName → db_name", type: "aws_db_instance", before: db, after: find(infra({ database: { databaseName: "tunetrail" } }), "aws_db_instance", "database_pg_"), replaces: true },
    { label: "database.storageGiB → allocated_storage", type: "aws_db_instance", before: db, after: find(infra({ database: { storageGiB: 2000 } }), "aws_db_instance", "database_pg_"), replaces: false },
    // Arguments edited directly (raw overrides, or a future renderer change).
    edit("db username", "aws_db_instance", db, { username: "pgowner" }, true),
    edit("db kms_key_id", "aws_db_instance", db, { kms_key_id: KMS }, true),
    edit("replica availability_zone", "aws_db_instance", replica, { availability_zone: "us-west-2a" }, true),
    edit("db instance_class", "aws_db_instance", db, { instance_class: "db.r6g.4xlarge" }, false),
    edit("cache kms_key_id", "aws_elasticache_replication_group", cache, { kms_key_id: KMS }, true),
    edit("cache node_type", "aws_elasticache_replication_group", cache, { node_type: "cache.r6g.2xlarge" }, false),
    edit("pool instance_types", "aws_eks_node_group", pool, { instance_types: ["m6a.2xlarge"] }, true),
    edit("pool disk_size", "aws_eks_node_group", pool, { disk_size: 200 }, true),
    edit("pool subnet_ids", "aws_eks_node_group", pool, { subnet_ids: ["subnet-0fedcba9876543210"] }, true),
    edit("pool scaling_config min/max", "aws_eks_node_group", pool, { scaling_config: { ...pool["scaling_config"], min_size: 4, max_size: 30, desired_size: 4 } }, false),
    edit("cluster version", "aws_eks_cluster", cluster, { version: "1.34" }, false),
  ];
}

it("AWS: tierform diff's replacement verdicts match what real Terraform plans", { timeout: 240_000 }, async (ctx) => {
  if (!findTerraform() || !findMirror()) {
    expectPlanned({ status: "skipped", reason: "Terraform or the hashicorp/aws mirror is missing" }, { skip: ctx.skip, required });
    return;
  }
  const all = cases();
  const planned = await plannedReplacements(all);
  const verdicts = all.map((c) => ({
    label: c.label,
    expected: c.replaces,
    terraform: planned.get(c.label),
    diff: replacementReasons(c.type, c.before, c.after).length > 0,
  }));
  ctx.expect(verdicts).toEqual(all.map((c) => ({ label: c.label, expected: c.replaces, terraform: c.replaces, diff: c.replaces })));
});
