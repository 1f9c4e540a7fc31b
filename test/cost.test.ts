import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./helpers";
import { beforeAll, describe, expect, it } from "vitest";
import { awsCatalog } from "../src/catalog/aws";
import { awsRates } from "../src/catalog/rates";
import { CLOUDS } from "../src/core/cloud";
import { FREE_TYPES, PRICERS, estimateCost, unpricedTypes } from "../src/cost/estimate";
import type { CostEstimate } from "../src/cost/model";
import { TIER_USAGE, parseUsage } from "../src/cost/usage";
import { BUDGETS, costTable, defaultAppEstimate, environmentOf, type CostColumn } from "../src/tools/cost-table";
import { Testing } from "../src/core/tf";
import { synthesize, type SynthResult, type TerraformJson } from "../src/testing";
import { acme } from "../examples/tier-usage";
import { Orders } from "../examples/component-usage";
import { acmeGlobal } from "../examples/multi-region";
import { FILE_TIER_NAMES, type TierName } from "../tiers";

const H = 730;
const price = (name: string, table = awsCatalog.machines) => table.find((m) => m.name === name)!.usdPerHour * H;

/** One AWS stack with the given resources, tagged as a tier. */
function awsStack(resource: TerraformJson["resource"], tier = "large"): SynthResult {
  return { "t-prod-infra": { provider: { aws: [{ default_tags: [{ tags: { "tierform:tier": tier } }] }] }, resource } };
}
const item = (e: CostEstimate, address: string) => e.stacks["t-prod-infra"]!.items.find((i) => i.address === address)!;

describe("pricing per resource kind", () => {
  it("a node group at its minimum, desired and maximum size", () => {
    const e = estimateCost(awsStack({ aws_eks_node_group: { pool: { instance_types: ["m6a.xlarge"], capacity_type: "ON_DEMAND", disk_size: 20, scaling_config: { min_size: 2, desired_size: 3, max_size: 5 } } } }));
    const perNode = price("m6a.xlarge") + 20 * awsRates.rates.ebsGp3GbMonth.usd;
    const i = item(e, "aws_eks_node_group.pool");
    expect(i.min).toBeCloseTo(2 * perNode, 1);
    expect(i.start).toBeCloseTo(3 * perNode, 1);
    expect(i.max).toBeCloseTo(5 * perNode, 1);
    expect(i.basis).toContain("2/3/5 × m6a.xlarge");
  });

  it("spot capacity at the stated discount", () => {
    const group = (capacity_type: string) => ({ instance_types: ["m6a.xlarge"], capacity_type, disk_size: 0, scaling_config: { min_size: 1, desired_size: 1, max_size: 1 } });
    const e = estimateCost(awsStack({ aws_eks_node_group: { od: group("ON_DEMAND"), spot: group("SPOT") } }));
    expect(item(e, "aws_eks_node_group.spot").start).toBeCloseTo(item(e, "aws_eks_node_group.od").start * (1 - awsRates.spotDiscount), 1);
  });

  it("an RDS Multi-AZ instance costs twice the Single-AZ one; a replica takes its source's storage", () => {
    const db = (multi_az: boolean) => ({ instance_class: "db.r6g.xlarge", allocated_storage: 200, storage_type: "gp3", multi_az, backup_retention_period: 0 });
    const e = estimateCost(awsStack({ aws_db_instance: { single: db(false), multi: db(true), replica: { instance_class: "db.r6g.xlarge", replicate_source_db: "${aws_db_instance.single.identifier}" } } }));
    const single = item(e, "aws_db_instance.single").start;
    expect(single).toBeCloseTo(price("db.r6g.xlarge", awsCatalog.databases) + 200 * awsRates.rates.rdsGp3GbMonth.usd, 1);
    expect(item(e, "aws_db_instance.multi").start).toBeCloseTo(2 * single, 1);
    expect(item(e, "aws_db_instance.replica").start).toBeCloseTo(single, 1);
  });

  it("RDS Proxy in front of an Aurora cluster: per vCPU of every instance of the cluster", () => {
    const e = estimateCost(
      awsStack({
        aws_rds_cluster: { c: { engine: "aurora-postgresql" } },
        aws_rds_cluster_instance: { a: { cluster_identifier: "${aws_rds_cluster.c.id}", instance_class: "db.r6g.xlarge" }, b: { cluster_identifier: "${aws_rds_cluster.c.id}", instance_class: "db.r6g.xlarge" } },
        aws_db_proxy_target: { t: { db_proxy_name: "p", target_group_name: "default", db_cluster_identifier: "${aws_rds_cluster.c.cluster_identifier}" } },
      }),
    );
    const vcpu = 2 * awsCatalog.databases.find((m) => m.name === "db.r6g.xlarge")!.vcpu;
    expect(item(e, "aws_db_proxy_target.t").start).toBeCloseTo(vcpu * awsRates.rates.rdsProxyVcpuHour.usd * H, 1);
    expect(item(e, "aws_db_proxy_target.t").basis).toContain(`${vcpu} vCPU (2 × db.r6g.xlarge)`);
  });

  it("a NAT gateway: hourly plus the GB it processes", () => {
    const e = estimateCost(awsStack({ aws_nat_gateway: { a: { subnet_id: "s" }, b: { subnet_id: "t" } } }), { usage: { natGB: 1000 } });
    const r = awsRates.rates;
    expect(item(e, "aws_nat_gateway.a").start).toBeCloseTo(r.natGatewayHour.usd * H + 500 * r.natGatewayGb.usd, 2);
    expect(item(e, "aws_nat_gateway.a").basis).toContain("500 GB processed (1/2");
  });

  it("a VM fleet reads its launch template and Auto Scaling bounds; free types add nothing", () => {
    const e = estimateCost(
      awsStack({
        aws_launch_template: { lt: { instance_type: "m6a.large", block_device_mappings: [{ ebs: { volume_size: 50, volume_type: "gp3" } }] } },
        aws_autoscaling_group: { asg: { min_size: 1, desired_capacity: 2, max_size: 4, launch_template: { id: "${aws_launch_template.lt.id}" } } },
        aws_iam_role: { role: {} },
      }),
    );
    const each = price("m6a.large") + 50 * awsRates.rates.ebsGp3GbMonth.usd;
    expect([item(e, "aws_autoscaling_group.asg").min, item(e, "aws_autoscaling_group.asg").max]).toEqual([expect.closeTo(each, 1), expect.closeTo(4 * each, 1)]);
    expect(e.stacks["t-prod-infra"]!.items.map((i) => i.type)).not.toContain("aws_iam_role");
  });

  it("usage files are validated, with the bad paths named", () => {
    expect(() => parseUsage({ egressGB: -1, environments: { x: { foo: 1 } } })).toThrow(/egressGB: .*environments\.x: Unrecognized key/);
    expect(parseUsage({ tier: "small", natGB: 5 })).toEqual({ tier: "small", natGB: 5 });
  });
});

let estimate: CostEstimate;
let synth: SynthResult;

beforeAll(() => {
  estimate = defaultAppEstimate();
  // The examples' own stacks (README examples): every type they synthesize must be covered too.
  synth = { ...synthesize(acme(Testing.app())), ...synthesize(acmeGlobal(Testing.app())) };
  const orders = new Orders(Testing.app(), "orders");
  synth = { ...synth, ...synthesize(orders) };
});

describe("coverage", () => {
  it("every resource type the default app and the examples synthesize is priced or declared free", () => {
    expect(estimate.unpriced).toEqual([]);
    expect(unpricedTypes(synth)).toEqual([]);
  });

  it("every resource type a renderer imports is priced or declared free (static list of deep imports)", () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
    const prefix: Record<string, string> = { aws: "aws", google: "google", azurerm: "azurerm", kubernetes: "kubernetes", helm: "helm" };
    const types = new Set<string>();
    for (const file of [...files("providers"), ...files("src")]) {
      for (const m of readFileSync(file, "utf8").matchAll(/@cdktf\/provider-(aws|google|azurerm|kubernetes|helm)\/lib\/([a-z0-9-]+)/g)) {
        if (m[2] === "provider" || m[2]!.startsWith("data-")) continue;
        types.add(`${prefix[m[1]!]}_${m[2]!.replace(/-/g, "_")}`);
      }
    }
    expect(types.size).toBeGreaterThan(150);
    expect([...types].filter((t) => !Object.hasOwn(PRICERS, t) && !Object.hasOwn(FREE_TYPES, t)).sort()).toEqual([]);
  });

  it("no type is both priced and declared free; every free type has a reason", () => {
    expect(Object.keys(FREE_TYPES).filter((t) => Object.hasOwn(PRICERS, t))).toEqual([]);
    for (const [type, reason] of Object.entries(FREE_TYPES)) expect(reason.length, type).toBeGreaterThan(3);
  });
});

describe("the default app", () => {
  it("has one environment per tier (and medium-containers) and cloud, grouping regions and the global stack", () => {
    expect(Object.keys(estimate.environments)).toHaveLength(15);
    const [, ent] = environmentOf(estimate, "enterprise", "aws");
    expect(ent.stacks).toEqual(["ent-aws-prod-global", "ent-aws-prod-use1-infra", "ent-aws-prod-use1-platform", "ent-aws-prod-usw2-infra", "ent-aws-prod-usw2-platform"]);
    for (const env of Object.values(estimate.environments)) {
      expect(env.min).toBeLessThanOrEqual(env.start);
      expect(env.start).toBeLessThanOrEqual(env.max);
      expect(env.usage).toMatchObject(TIER_USAGE[env.tier as TierName]);
    }
  });

  it("attributes items to components from construct paths", () => {
    const [, large] = environmentOf(estimate, "large", "aws");
    expect(Object.keys(large.components)).toEqual(expect.arrayContaining(["cache", "cdn", "compute", "database", "files", "network", "platform"]));
    const items = large.stacks.flatMap((s) => estimate.stacks[s]!.items);
    expect(items.find((i) => i.type === "aws_eks_node_group")!.component).toBe("compute");
    expect(items.find((i) => i.type === "aws_db_instance")!.component).toBe("database");
  });

  it("the README shows the cost table the estimate produces", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    expect(/<!-- cost-table:start -->\n([\s\S]*?)\n<!-- cost-table:end -->/.exec(readme)![1]).toBe(costTable(estimate));
  });

  /**
   * Tiers whose starting cost may stay outside the guide's budget, with the reason. Empty: every deviation is a
   * tier to right-size (the lead's call), not a test to relax.
   */
  const EXCEPTIONS: Partial<Record<`${CostColumn}/${string}`, string>> = {};

  // Variants are priced against their tier's budget (medium-containers: medium's).
  describe.each(FILE_TIER_NAMES)("%s", (tier) => {
    it.each(CLOUDS)("starts inside the guide's budget on %s", (cloud) => {
      if (EXCEPTIONS[`${tier}/${cloud}`]) return;
      const [name, env] = environmentOf(estimate, tier, cloud);
      const b = BUDGETS[tier === "medium-containers" ? "medium" : tier];
      expect(env.start, `${name}: start $${Math.round(env.start)} vs budget ${b.min}–${b.max ?? "∞"}`).toBeGreaterThanOrEqual(b.min);
      if (b.max !== undefined) expect(env.start, `${name}: start $${Math.round(env.start)} vs budget ${b.min}–${b.max}`).toBeLessThanOrEqual(b.max);
    });
  });
});

describe("tierform cost", () => {
  const cli = (...args: string[]) => runCli("cost", ...args);
  let dir: string;

  beforeAll(() => {
    // A small cdktf.out: one environment, written the way cdktf writes it (manifest + stacks/<name>/cdk.tf.json).
    dir = mkdtempSync(join(tmpdir(), "tierform-cost-"));
    const stacks = awsStack({ aws_nat_gateway: { nat: { subnet_id: "s" } }, aws_eip: { ip: { domain: "vpc" } } }, "small");
    const manifest = { stacks: { "t-prod-infra": { name: "t-prod-infra", synthesizedStackPath: "stacks/t-prod-infra/cdk.tf.json" } } };
    spawnSync("mkdir", ["-p", join(dir, "stacks", "t-prod-infra")]);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    writeFileSync(join(dir, "stacks", "t-prod-infra", "cdk.tf.json"), JSON.stringify(stacks["t-prod-infra"]));
    writeFileSync(join(dir, "usage.json"), JSON.stringify({ natGB: 100 }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ natGB: "lots" }));
  });

  it("prints JSON in the documented shape", () => {
    const run = cli(dir, "--format", "json", "--usage", join(dir, "usage.json"));
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as CostEstimate;
    expect(Object.keys(out)).toEqual(["currency", "period", "hoursPerMonth", "prices", "stacks", "environments", "unpriced"]);
    expect(out.environments["t-prod"]).toMatchObject({ cloud: "aws", tier: "small", stacks: ["t-prod-infra"] });
    expect(out.stacks["t-prod-infra"]!.items[0]).toEqual({ address: expect.any(String), type: expect.any(String), component: expect.any(String), min: expect.any(Number), start: expect.any(Number), max: expect.any(Number), basis: expect.any(String) });
    expect(out.environments["t-prod"]!.usage.natGB).toBe(100);
  });

  it("prints text per environment, stack and component", () => {
    const run = cli(dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^t-prod \(aws, small tier/);
    expect(run.stdout).toMatch(/t-prod-infra +\$\d+/);
    expect(run.stdout).toMatch(/total +\$\d+/);
  });

  it("exits 2 with one line on bad input", () => {
    for (const args of [[join(dir, "nowhere")], [dir, "--usage", join(dir, "missing.json")], [dir, "--usage", join(dir, "bad.json")], [dir, "--format", "xml"], []]) {
      const run = cli(...args);
      expect(run.status, args.join(" ")).toBe(2);
      if (args.length === 0 || args.includes("xml")) continue;
      expect(run.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    expect(cli(dir, "--usage", join(dir, "bad.json")).stderr).toMatch(/natGB: /);
  });
});
