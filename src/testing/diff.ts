import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { formatReason, replacementReasons, type ReplacementReason } from "./replacement";
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
  /** Changed stateful resources Terraform replaces: a changed argument forces a new resource (provider rules). */
  readonly replaced: { readonly address: string; readonly reasons: ReplacementReason[] }[];
  /** Changed resources without state that Terraform replaces (informational: nothing is lost). */
  readonly recreated: { readonly address: string; readonly reasons: ReplacementReason[] }[];
  /** Addresses the new synth moves (`moved` blocks): compared under their new address, never destroyed. */
  readonly moved: { readonly from: string; readonly to: string }[];
  /** Stateful resources the new synth only forgets (`removed` blocks with `destroy = false`): they keep running. */
  readonly forgotten: string[];
  readonly outputs: { readonly added: string[]; readonly removed: string[] };
}

type Indexed = Map<string, { type: string; body: string; config: Record<string, unknown> }>;

function index(result: SynthResult): Indexed {
  const out: Indexed = new Map();
  for (const [stack, json] of Object.entries(result)) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const { "//": _meta, ...config } = body as Record<string, unknown>;
        out.set(`${stack}:${type}.${name}`, { type, body: stableJson(config), config });
      }
    }
  }
  return out;
}

function outputsOf(result: SynthResult): Set<string> {
  return new Set(Object.entries(result).flatMap(([stack, json]) => Object.keys(json.output ?? {}).map((o) => `${stack}:output.${o}`)));
}

const stackOf = (address: string) => address.slice(0, address.indexOf(":"));

type Blocks = { moved?: { from?: string; to?: string }[]; removed?: { from?: string; lifecycle?: { destroy?: boolean } }[] };

/** `moved` blocks of the new synth, as stack-qualified addresses; chains (a → b → c) are followed. */
function movesOf(result: SynthResult): Map<string, string> {
  const moves = new Map<string, string>();
  for (const [stack, json] of Object.entries(result)) {
    for (const m of (json as Blocks).moved ?? []) if (m.from && m.to) moves.set(`${stack}:${m.from}`, `${stack}:${m.to}`);
  }
  for (const [from, to] of moves) {
    let end = to;
    for (let hops = 0; moves.has(end) && hops < moves.size; hops++) end = moves.get(end)!;
    moves.set(from, end);
  }
  return moves;
}

/** Addresses the new synth's `removed` blocks take out of state without destroying them. */
function forgottenIn(result: SynthResult): Set<string> {
  return new Set(
    Object.entries(result).flatMap(([stack, json]) =>
      ((json as Blocks).removed ?? []).filter((r) => r.from && r.lifecycle?.destroy === false).map((r) => `${stack}:${r.from}`),
    ),
  );
}

/** The old synth as it reads after the new synth's moves: entries re-keyed, references to moved resources renamed. */
function applyMoves(old: Indexed, moves: Map<string, string>): Indexed {
  if (moves.size === 0) return old;
  const renames = [...moves].map(([from, to]) => [`${from.slice(from.indexOf(":") + 1)}.`, `${to.slice(to.indexOf(":") + 1)}.`] as const);
  const out: Indexed = new Map();
  for (const [address, entry] of old) {
    let text = JSON.stringify(entry.config);
    for (const [from, to] of renames) text = text.split(`\${${from}`).join(`\${${to}`);
    const config = JSON.parse(text) as Record<string, unknown>;
    out.set(moves.get(address) ?? address, { type: entry.type, body: stableJson(config), config });
  }
  return out;
}

/** Instances a stateful resource loses when its `count` shrinks or `for_each` drops keys (literal values only). */
function instancesLost(address: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const count = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined);
  const keys = (v: unknown) => (Array.isArray(v) && v.every((k) => typeof k === "string") ? (v as string[]) : v && typeof v === "object" && !Array.isArray(v) ? Object.keys(v) : undefined);
  const lost: string[] = [];
  const [c0, c1] = [count(before["count"] ?? (before["for_each"] === undefined ? 1 : undefined)), count(after["count"] ?? (after["for_each"] === undefined ? 1 : undefined))];
  if (c0 !== undefined && c1 !== undefined) for (let i = c1; i < c0; i++) lost.push(before["count"] === undefined ? address : `${address}[${i}]`);
  const [k0, k1] = [keys(before["for_each"]), keys(after["for_each"])];
  if (k0 && k1) for (const k of k0) if (!k1.includes(k)) lost.push(`${address}[${JSON.stringify(k)}]`);
  return lost;
}

/** What changed between two synths of the same app, and which changes would lose state. */
export function diffSynth(before: SynthResult, after: SynthResult): ChangeSummary {
  const moves = movesOf(after);
  const forgotten = forgottenIn(after);
  const original = index(before);
  const a = applyMoves(original, moves);
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
    if (!STATEFUL_TYPES.has(type) || forgotten.has(from)) continue;
    const to = [...unclaimed].find((k) => b.get(k)!.type === type && stackOf(k) === stackOf(from));
    if (to) {
      unclaimed.delete(to);
      renamed.push({ from, to });
    } else destroyed.push(from);
  }
  const replaced: ChangeSummary["replaced"] = [];
  const recreated: ChangeSummary["recreated"] = [];
  for (const address of changed) {
    const { type, config } = b.get(address)!;
    const old = a.get(address)!.config;
    if (STATEFUL_TYPES.has(type)) destroyed.push(...instancesLost(address, old, config));
    const reasons = replacementReasons(type, old, config);
    if (reasons.length) (STATEFUL_TYPES.has(type) ? replaced : recreated).push({ address, reasons });
  }
  destroyed.sort();
  const oldOutputs = outputsOf(before);
  const newOutputs = outputsOf(after);
  return {
    added,
    removed,
    changed,
    destroyed,
    renamed,
    replaced,
    recreated,
    moved: [...moves].filter(([from]) => original.has(from)).map(([from, to]) => ({ from, to })),
    forgotten: [...forgotten].filter((address) => a.has(address)).sort(),
    outputs: { added: [...newOutputs].filter((o) => !oldOutputs.has(o)).sort(), removed: [...oldOutputs].filter((o) => !newOutputs.has(o)).sort() },
  };
}

/** True when applying the new synth would destroy or replace a stateful resource. */
export function losesState(summary: ChangeSummary): boolean {
  return summary.destroyed.length > 0 || summary.renamed.length > 0 || summary.replaced.length > 0;
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
  const because = (verb: string) => (r: ChangeSummary["replaced"][number]) => `${verb}: ${r.address} (${r.reasons.map(formatReason).join("; ")})`;
  section("STATEFUL RESOURCES REPLACED (Terraform destroys and recreates them)", s.replaced.map(because("replaced")));
  section("moved (moved blocks: compared under the new address)", s.moved.map((m) => `${m.from} -> ${m.to}`));
  section("forgotten (removed blocks with destroy = false: taken out of state, left running)", s.forgotten);
  section("added", s.added);
  section("removed", s.removed);
  section("changed", s.changed);
  section("recreated without state (replaced, nothing is lost)", s.recreated.map(because("recreated")));
  section("outputs added", s.outputs.added);
  section("outputs removed", s.outputs.removed);
  if (lines.length === 0) lines.push("no changes");
  return lines.join("\n");
}

function readJson(file: string): TerraformJson {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as TerraformJson;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** The stacks a cdktf output directory's manifest names: the synth's own list, so stale folders are ignored. */
function fromManifest(dir: string): SynthResult {
  const manifest = readJson(join(dir, "manifest.json")) as { stacks?: Record<string, { name?: string; synthesizedStackPath?: string }> };
  const result: SynthResult = {};
  for (const [key, stack] of Object.entries(manifest.stacks ?? {}).sort(([x], [y]) => (x < y ? -1 : 1))) {
    const file = join(dir, stack.synthesizedStackPath ?? join("stacks", key, "cdk.tf.json"));
    if (!existsSync(file)) throw new Error(`${join(dir, "manifest.json")} names stack "${key}", but ${file} does not exist`);
    result[stack.name ?? key] = readJson(file);
  }
  return result;
}

/**
 * Reads a synth from disk: a cdktf output directory (`cdktf.out`: the stacks its `manifest.json` names), a
 * `stacks` directory (every stack in it), one stack's directory (holding `cdk.tf.json`), or a stack JSON file.
 */
export function readSynth(path: string): SynthResult {
  if (!existsSync(path)) throw new Error(`${path}: no such file or directory`);
  if (statSync(path).isFile()) return { [basename(path) === "cdk.tf.json" ? basename(dirname(path)) : basename(path).replace(/\.json$/, "")]: readJson(path) };
  if (existsSync(join(path, "manifest.json"))) return fromManifest(path);
  const direct = join(path, "cdk.tf.json");
  if (existsSync(direct)) return { [path.split(/[\\/]/).filter(Boolean).pop()!]: readJson(direct) };
  const stacksDir = existsSync(join(path, "stacks")) ? join(path, "stacks") : path;
  if (!statSync(stacksDir).isDirectory()) throw new Error(`no synthesized stacks in ${path}`);
  const result: SynthResult = {};
  for (const stack of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, stack, "cdk.tf.json");
    if (existsSync(file)) result[stack] = readJson(file);
  }
  if (Object.keys(result).length === 0) throw new Error(`no synthesized stacks in ${path} (expected <dir>/manifest.json, <dir>/stacks/<stack>/cdk.tf.json or a stack JSON file)`);
  return result;
}
