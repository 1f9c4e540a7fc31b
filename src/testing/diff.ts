import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { stableJson } from "./stable";
import type { SynthResult, TerraformJson } from "./synth";

/**
 * Resource types that hold data or take long to rebuild: destroying one (or changing its address, which
 * Terraform treats as destroy + create) is the accident this check exists for.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_rds_cluster_instance",
  "aws_rds_global_cluster",
  "aws_elasticache_replication_group",
  "aws_elasticache_global_replication_group",
  "aws_eks_cluster",
  "aws_eks_node_group",
  "aws_s3_bucket",
  "aws_ebs_volume",
  "aws_kms_key",
  "aws_secretsmanager_secret",
  "google_sql_database_instance",
  "google_sql_database",
  "google_redis_instance",
  "google_redis_cluster",
  "google_container_cluster",
  "google_container_node_pool",
  "google_storage_bucket",
  "google_compute_disk",
  "google_secret_manager_secret",
  "google_kms_crypto_key",
  "azurerm_postgresql_flexible_server",
  "azurerm_postgresql_flexible_server_database",
  "azurerm_managed_redis",
  "azurerm_redis_cache",
  "azurerm_kubernetes_cluster",
  "azurerm_kubernetes_cluster_node_pool",
  "azurerm_storage_account",
  "azurerm_managed_disk",
  "azurerm_key_vault",
  "azurerm_key_vault_secret",
]);

export interface ChangeSummary {
  /** Addresses (`stack:type.name`) only in the new synth. */
  readonly added: string[];
  /** Addresses only in the old synth. */
  readonly removed: string[];
  /** Addresses in both whose configuration differs. */
  readonly changed: string[];
  /** Stateful resources that would be destroyed (removed, with no same-type resource added in their stack). */
  readonly destroyed: string[];
  /** Stateful resources whose address changed: destroy + create unless a `moved` block says otherwise. */
  readonly renamed: { readonly from: string; readonly to: string }[];
  readonly outputs: { readonly added: string[]; readonly removed: string[] };
}

type Indexed = Map<string, { type: string; body: string }>;

function index(result: SynthResult): Indexed {
  const out: Indexed = new Map();
  for (const [stack, json] of Object.entries(result)) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const { "//": _meta, ...config } = body as Record<string, unknown>;
        out.set(`${stack}:${type}.${name}`, { type, body: stableJson(config) });
      }
    }
  }
  return out;
}

function outputsOf(result: SynthResult): Set<string> {
  return new Set(Object.entries(result).flatMap(([stack, json]) => Object.keys(json.output ?? {}).map((o) => `${stack}:output.${o}`)));
}

const stackOf = (address: string) => address.slice(0, address.indexOf(":"));

/** What changed between two synths of the same app, and which changes would lose state. */
export function diffSynth(before: SynthResult, after: SynthResult): ChangeSummary {
  const a = index(before);
  const b = index(after);
  const added = [...b.keys()].filter((k) => !a.has(k)).sort();
  const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
  const changed = [...a.keys()].filter((k) => b.has(k) && a.get(k)!.body !== b.get(k)!.body).sort();

  // A stateful resource removed while one of the same type appears in the same stack was most likely renamed.
  const renamed: { from: string; to: string }[] = [];
  const destroyed: string[] = [];
  const unclaimed = new Set(added);
  for (const from of removed) {
    const { type } = a.get(from)!;
    if (!STATEFUL_TYPES.has(type)) continue;
    const to = [...unclaimed].find((k) => b.get(k)!.type === type && stackOf(k) === stackOf(from));
    if (to) {
      unclaimed.delete(to);
      renamed.push({ from, to });
    } else destroyed.push(from);
  }
  const oldOutputs = outputsOf(before);
  const newOutputs = outputsOf(after);
  return {
    added,
    removed,
    changed,
    destroyed,
    renamed,
    outputs: { added: [...newOutputs].filter((o) => !oldOutputs.has(o)).sort(), removed: [...oldOutputs].filter((o) => !newOutputs.has(o)).sort() },
  };
}

/** True when applying the new synth would destroy or replace a stateful resource. */
export function losesState(summary: ChangeSummary): boolean {
  return summary.destroyed.length > 0 || summary.renamed.length > 0;
}

export function formatSummary(s: ChangeSummary): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`${title} (${items.length}):`, ...items.map((i) => `  ${i}`));
  };
  section("STATEFUL RESOURCES DESTROYED", s.destroyed);
  section(
    "STATEFUL RESOURCES RENAMED (destroyed and recreated unless you add a moved block)",
    s.renamed.map((r) => `${r.from} -> ${r.to}`),
  );
  section("added", s.added);
  section("removed", s.removed);
  section("changed", s.changed);
  section("outputs added", s.outputs.added);
  section("outputs removed", s.outputs.removed);
  if (lines.length === 0) lines.push("no changes");
  return lines.join("\n");
}

/**
 * Reads a synth from disk: a cdktf output directory (`cdktf.out`), its `stacks` directory, or one stack's
 * directory (holding `cdk.tf.json`).
 */
export function readSynth(dir: string): SynthResult {
  const direct = join(dir, "cdk.tf.json");
  if (existsSync(direct)) return { [dir.split(/[\\/]/).filter(Boolean).pop()!]: JSON.parse(readFileSync(direct, "utf8")) as TerraformJson };
  const stacksDir = existsSync(join(dir, "stacks")) ? join(dir, "stacks") : dir;
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory()) throw new Error(`no synthesized stacks in ${dir}`);
  const result: SynthResult = {};
  for (const stack of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, stack, "cdk.tf.json");
    if (existsSync(file)) result[stack] = JSON.parse(readFileSync(file, "utf8")) as TerraformJson;
  }
  if (Object.keys(result).length === 0) throw new Error(`no synthesized stacks in ${dir} (expected <dir>/stacks/<stack>/cdk.tf.json)`);
  return result;
}
