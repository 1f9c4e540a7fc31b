import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoSynth, runCli } from "./helpers";
import { describe, expect, it } from "vitest";
import { CLOUDS } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { acme } from "../examples/tier-usage";
import { acmeGlobal } from "../examples/multi-region";
import { Orders } from "../examples/component-usage";
import { formatViolation, lint, lintStack, synthesize, type SynthResult, type TerraformJson } from "../src/testing";
import { interpolations, referencesIn } from "../src/testing/expressions";
import COVERED from "../src/tools/provider-rules/covered-types.json";
import { TIER_NAMES } from "../tiers";

const clone = <T>(value: T): T => structuredClone(value);
const lines = (json: TerraformJson, stack = "s") => lintStack(stack, json).violations.map(formatViolation);

/** Every stack of the default app (every tier on every cloud) and of every example, synthesized once. */
let everything: SynthResult | undefined;
function allStacks(): SynthResult {
  if (everything) return everything;
  // The default app's environments as the other tests synthesized them (shared, see demoSynth), and the examples.
  const demo = CLOUDS.flatMap((cloud) => TIER_NAMES.map((tier) => demoSynth(tier, cloud).result));
  const apps = [acme, acmeGlobal, (app: ReturnType<typeof Testing.app>) => new Orders(app, "orders")];
  everything = Object.assign({}, ...demo, ...apps.map((build) => {
    const app = Testing.app();
    build(app);
    return synthesize(app);
  })) as SynthResult;
  return everything;
}

function firstOf(json: TerraformJson, type: string): [string, Record<string, any>] {
  const [name, body] = Object.entries(json.resource?.[type] ?? {})[0] ?? [];
  if (!name) throw new Error(`no ${type} in the stack`);
  return [name, body as Record<string, any>];
}

describe("expressions", () => {
  it("finds the interpolations of a template, not escaped ones", () => {
    expect(interpolations('https://${aws_lb.a.dns_name}:443/$${literal}')).toEqual(["aws_lb.a.dns_name"]);
    expect(interpolations('${jsonencode({a = "}"})}')).toEqual(['jsonencode({a = "}"})']);
  });

  it("finds resource, data and variable references, with nonsensitive() noted and string literals ignored", () => {
    const refs = referencesIn('join(",", [aws_subnet.a[0].id, data.google_project.p.number, var.pw, nonsensitive(azurerm_kubernetes_cluster.c.kube_config[0].cluster_ca_certificate), "aws_vpc.not.a_reference", each.value.x_y.z])');
    expect(refs.map((r) => [r.kind, r.type, r.name, r.path.join("."), r.unmarked])).toEqual([
      ["resource", "aws_subnet", "a", "id", false],
      ["data", "google_project", "p", "number", false],
      ["var", "var", "pw", "", false],
      ["resource", "azurerm_kubernetes_cluster", "c", "kube_config.cluster_ca_certificate", true],
    ]);
  });
});

describe("provider-rule lint", () => {
  it("every stack of the default app and of every example lints clean, on every cloud", { timeout: 60_000 }, () => {
    const result = allStacks();
    const report = lint(result);
    expect(report.violations.map(formatViolation)).toEqual([]);
    // Every type tierform renders has rules (Terraform's own remote-state data source needs none).
    expect(report.unchecked).toEqual([]);
    expect(report.checked).toBeGreaterThan(1000);
    expect(Object.keys(result).filter((s) => s.endsWith("-platform")).length).toBeGreaterThan(5);
    // The generators' list of types to cover holds every type rendered, so a regeneration keeps them all.
    const covered = new Set(Object.values(COVERED).flatMap((c) => [...c.resources, ...c.data.map((d) => `data.${d}`)]));
    const rendered = Object.values(result).flatMap((json) => [
      ...Object.keys(json.resource ?? {}),
      ...Object.keys(json.data ?? {}).map((d) => `data.${d}`),
    ]);
    expect([...new Set(rendered)].filter((t) => !covered.has(t) && t !== "data.terraform_remote_state")).toEqual([]);
  });

  it("names each violation injected into an AWS stack, one line each", () => {
    const json = clone(allStacks()["small-aws-prod-infra"]!);
    const [db, body] = firstOf(json, "aws_db_instance");
    delete body["instance_class"];
    body["no_such_argument"] = true;
    body["arn"] = "arn:aws:rds:us-west-2:123456789012:db:x";
    body["allocated_storage"] = "a lot";
    const [, group] = firstOf(json, "aws_elasticache_replication_group");
    const log = [group["log_delivery_configuration"]].flat()[0];
    group["log_delivery_configuration"] = [log, log, log];
    json.output!["leak"] = { value: `\${aws_db_instance.${db}.password}` };
    json.output!["typo"] = { value: `\${aws_db_instance.${db}.endpointt}`, sensitive: true };
    json.output!["gone"] = { value: "${aws_vpc.missing.id}" };
    const found = lines(json);
    expect(found).toEqual(
      expect.arrayContaining([
        `s:aws_db_instance.${db}.no_such_argument: unknown-argument (no argument or block named "no_such_argument")`,
        `s:aws_db_instance.${db}.instance_class: missing-required (required argument not set)`,
        `s:aws_db_instance.${db}.arn: computed-only ("arn:aws:rds:us-west-2:123456789012:db:x": set by the provider, not configurable)`,
        `s:aws_db_instance.${db}.allocated_storage: type (expected a number, got "a lot")`,
        `s:output.leak: sensitive-output (aws_db_instance.${db}.password is sensitive; mark the output sensitive or wrap the value in nonsensitive())`,
        `s:output.typo: unknown-attribute-reference (aws_db_instance.${db}.endpointt: aws_db_instance: no attribute "endpointt")`,
        "s:output.gone: unknown-reference (aws_vpc.missing.id: not declared in this stack)",
      ]),
    );
    expect(found.filter((l) => l.includes("log_delivery_configuration"))).toEqual([
      expect.stringMatching(/\.log_delivery_configuration: block-count \(3 blocks; allowed: 0\.\.2\)$/),
    ]);
  });

  it("follows Terraform where JavaScript would differ: number and bool text, comments, sets, whole objects", () => {
    const json = clone(allStacks()["small-aws-prod-infra"]!);
    const [db, body] = firstOf(json, "aws_db_instance");
    const [group] = firstOf(json, "aws_db_parameter_group");
    body["allocated_storage"] = "0x10"; // Number("0x10") is 16; Terraform refuses it
    body["storage_encrypted"] = "1"; // Terraform reads "1" as true
    body["blue_green_update"] = { "//": "a comment", enabled: true };
    json.output!["whole"] = { value: `\${aws_db_instance.${db}}` };
    json.output!["indexed"] = { value: `\${aws_db_parameter_group.${group}.parameter[0].apply_method}`, sensitive: true };
    json.output!["splat"] = { value: `\${aws_db_parameter_group.${group}.parameter[*].apply_method}` };
    expect(lines(json)).toEqual([
      `s:aws_db_instance.${db}.allocated_storage: type (expected a number, got "0x10")`,
      `s:output.whole: sensitive-output (aws_db_instance.${db} is sensitive; mark the output sensitive or wrap the value in nonsensitive())`,
      `s:output.indexed: unknown-attribute-reference (aws_db_parameter_group.${group}.parameter.apply_method: aws_db_parameter_group: "parameter" is a set, which cannot be indexed (use one(), tolist() or a for expression))`,
    ]);
  });

  it("reads what real-world stacks write without false alarms: legacy .0 indexes, for and dynamic names, modules, empty blocks", () => {
    const json = clone(allStacks()["small-aws-prod-infra"]!);
    const [user] = firstOf(json, "aws_elasticache_user");
    const [db, body] = firstOf(json, "aws_db_instance");
    json.output!["legacy"] = { value: `\${aws_elasticache_user.${user}.authentication_mode.0.type}` };
    json.output!["loop"] = { value: `\${[for my_host in [aws_db_instance.${db}.address] : upper(my_host)]}` };
    body["depends_on"] = ["module.vpc"];
    body["dynamic"] = { ebs_block_device: { for_each: "${var.disks}", content: { volume_size: "${ebs_block_device.value.size}" } } };
    json.variable = { ...json.variable, disks: { type: "list(any)" } };
    expect(lines(json)).toEqual([]);

    const gcp = clone(allStacks()["large-gcp-prod-infra"]!);
    const [, cluster] = firstOf(gcp, "google_container_cluster");
    cluster["ip_allocation_policy"] = [];
    cluster["cluster_ipv4_cidr"] = "10.96.0.0/14";
    expect(lines(gcp)).toEqual([]);
  });

  it("follows sensitivity through locals and sensitive(), and flags an unescaped IAM policy variable", () => {
    const json = clone(allStacks()["small-aws-prod-infra"]!);
    const [db] = firstOf(json, "aws_db_instance");
    const [bucket, policy] = firstOf(json, "aws_s3_bucket_policy");
    json["locals"] = { pw: `\${aws_db_instance.${db}.password}`, again: "${local.pw}" };
    json.output!["via_local"] = { value: "${local.again}" };
    json.output!["marked"] = { value: '${sensitive("x")}' };
    json.output!["unmarked"] = { value: "${nonsensitive(local.pw)}" };
    policy["policy"] = '{"Resource":"arn:aws:s3:::b/${aws:username}/*"}';
    expect(lines(json)).toEqual([
      `s:aws_s3_bucket_policy.${bucket}: interpolation (\${aws:username} is not a Terraform expression; write $\${aws:username} for a literal (an IAM policy variable))`,
      `s:output.via_local: sensitive-output (local.again (local.pw (aws_db_instance.${db}.password)) is sensitive; mark the output sensitive or wrap the value in nonsensitive())`,
      `s:output.marked: sensitive-output (sensitive(…) is sensitive; mark the output sensitive or wrap the value in nonsensitive())`,
    ]);
  });

  it("flags a depends_on entry written as a template (Terraform requires a plain reference: init fails)", () => {
    const json = clone(allStacks()["small-gcp-prod-infra"]!);
    const [sql, body] = firstOf(json, "google_sql_database_instance");
    const [api] = firstOf(json, "google_project_service");
    body["depends_on"] = [`google_project_service.${api}`, `\${google_project_service.${api}}`];
    expect(lines(json)).toEqual([`s:google_sql_database_instance.${sql}.depends_on: static-reference (depends_on takes plain references, not "\${google_project_service.${api}}")`]);
  });

  it("skips value rules for expressions but still checks their references", () => {
    const json = clone(allStacks()["small-aws-prod-infra"]!);
    const [, body] = firstOf(json, "aws_db_instance");
    body["allocated_storage"] = "${var.size}";
    expect(lines(json)).toEqual(["s:aws_db_instance." + firstOf(json, "aws_db_instance")[0] + ": unknown-reference (var.size: not declared in this stack)"]);
    json.variable = { ...json.variable, size: { type: "number" } };
    expect(lines(json)).toEqual([]);
  });
});

/** A cdktf output directory as `cdktf synth` writes it: manifest.json plus stacks/<name>/cdk.tf.json. */
function writeSynth(result: SynthResult): string {
  const dir = mkdtempSync(join(tmpdir(), "lint-"));
  const stacks: Record<string, unknown> = {};
  for (const [name, json] of Object.entries(result)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
    stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

const cli = (...args: string[]) => runCli("lint", ...args);

describe("tierform lint (the command)", () => {
  it("exits 0 on the default app's stacks, 1 naming each violation injected into GCP and Azure stacks, 2 on bad input", { timeout: 60_000 }, () => {
    const all = allStacks();
    const clean = cli(writeSynth(all));
    expect(clean.status, clean.stdout).toBe(0);
    expect(clean.stderr).toMatch(/^tierform lint: 0 violation\(s\) in \d+ stack\(s\), \d+ resources checked\n$/);

    const gcp = clone(all["large-gcp-prod-infra"]!);
    const [sql, instance] = firstOf(gcp, "google_sql_database_instance");
    const settings = [instance["settings"]].flat()[0];
    settings["no_such_flag"] = true;
    settings["availability_type"] = "MULTI_REGION";
    const [gke, cluster] = firstOf(gcp, "google_container_cluster");
    cluster["enable_autopilot"] = true;
    const [secret] = firstOf(gcp, "google_secret_manager_secret_version");
    gcp.output!["leak"] = { value: `\${google_secret_manager_secret_version.${secret}.secret_data}` };

    const azure = clone(all["large-azure-prod-infra"]!);
    const [account, storage] = firstOf(azure, "azurerm_storage_account");
    storage["no_such_flag"] = true;
    storage["account_tier"] = "Gold";
    const [aks, kube] = firstOf(azure, "azurerm_kubernetes_cluster");
    kube["dns_prefix_private_cluster"] = "private";
    azure.output!["kubeconfig"] = { value: `\${azurerm_kubernetes_cluster.${aks}.kube_config_raw}` };

    const dirty = cli(writeSynth({ "large-gcp-prod-infra": gcp, "large-azure-prod-infra": azure }));
    expect(dirty.status).toBe(1);
    expect(dirty.stdout.trim().split("\n").sort()).toEqual(
      [
        `large-gcp-prod-infra:google_sql_database_instance.${sql}.settings.0.no_such_flag: unknown-argument (no argument or block named "no_such_flag")`,
        `large-gcp-prod-infra:google_sql_database_instance.${sql}.settings.0.availability_type: enum ("MULTI_REGION"; allowed: "REGIONAL", "ZONAL")`,
        `large-gcp-prod-infra:google_container_cluster.${gke}.enable_shielded_nodes: conflicts (set together with enable_autopilot)`,
        `large-gcp-prod-infra:google_container_cluster.${gke}.remove_default_node_pool: conflicts (set together with enable_autopilot)`,
        `large-gcp-prod-infra:output.leak: sensitive-output (google_secret_manager_secret_version.${secret}.secret_data is sensitive; mark the output sensitive or wrap the value in nonsensitive())`,
        `large-azure-prod-infra:azurerm_storage_account.${account}.no_such_flag: unknown-argument (no argument or block named "no_such_flag")`,
        `large-azure-prod-infra:azurerm_storage_account.${account}.account_tier: enum ("Gold"; allowed: "Premium", "Standard")`,
        `large-azure-prod-infra:azurerm_kubernetes_cluster.${aks}.dns_prefix: exactly-one-of (dns_prefix, dns_prefix_private_cluster set; exactly one of dns_prefix, dns_prefix_private_cluster allowed)`,
        `large-azure-prod-infra:output.kubeconfig: sensitive-output (azurerm_kubernetes_cluster.${aks}.kube_config_raw is sensitive; mark the output sensitive or wrap the value in nonsensitive())`,
      ].sort(),
    );
    expect(cli().status).toBe(2);
    const missing = cli(join(tmpdir(), "no-such-synth"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no-such-synth: no such file or directory/);
  });
});
