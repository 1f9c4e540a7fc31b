import { isExpression } from "./expressions";
import { META_ARGUMENTS, member, typeRules, type BlockRules, type ValueType } from "./rules";
import { stableJson } from "./stable";

/** Why Terraform would destroy and recreate a resource whose configuration changed. */
export interface ReplacementReason {
  /** The changed argument, as Terraform paths read: `db_name`, `scaling_config.0.instance_types`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** "always": the argument forces replacement on any change; "sometimes": the provider decides at plan (e.g. a disk that shrinks). */
  readonly when: "always" | "sometimes";
}

type Body = Record<string, unknown>;


const same = (a: unknown, b: unknown) => stableJson(a ?? null) === stableJson(b ?? null);
const present = (v: unknown) => v !== undefined && v !== null;
const isRecord = (v: unknown): v is Body => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Numbers a provider replaces on only for some changes are sizes it cannot shrink in place (azurerm
 * storage_mb, Google disk sizes): growing one is an update.
 */
function grows(before: unknown, after: unknown): boolean {
  const numeric = (v: unknown) => typeof v === "number" || (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)));
  return numeric(before) && numeric(after) && Number(after) >= Number(before);
}

/**
 * A primitive as the provider receives it: Terraform's string/number/bool conversions applied, and an unset
 * value as the zero value of its type (the SDK cannot tell the two apart). Expressions and collections as written.
 */
function asTerraformReads(type: ValueType, value: unknown): unknown {
  if (isExpression(value) || typeof value === "object") return value ?? zeroOf(type);
  if (value === undefined) return zeroOf(type);
  if (type === "bool") return value === true || value === "true" || value === "1" ? true : value === false || value === "false" || value === "0" ? false : value;
  if (type === "number") return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
  if (type === "string") return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  return value;
}

const zeroOf = (type: ValueType): unknown => (type === "bool" ? false : type === "number" ? 0 : type === "string" ? "" : null);

function elements(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter((v): v is Body => v !== null && typeof v === "object");
  return value !== null && typeof value === "object" ? [value as Body] : [];
}

/** Paths `lifecycle.ignore_changes` names (`a[0].b` → `a.0.b`), or "all". */
function ignoredPaths(body: Body): string[] | "all" {
  const lifecycle = (body["lifecycle"] ?? {}) as Body;
  const ignore = lifecycle["ignore_changes"];
  if (ignore === "all") return "all";
  return (Array.isArray(ignore) ? ignore : []).filter((p): p is string => typeof p === "string").map((p) => p.replace(/\[(\d+)\]/g, ".$1").replace(/\["?([^"\]]+)"?\]/g, ".$1"));
}

function walk(rules: BlockRules, before: Body, after: Body, at: string, ignored: string[], out: ReplacementReason[]): void {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const name of names) {
    if ((at === "" && META_ARGUMENTS.has(name)) || name === "dynamic" || name === "//") continue;
    const path = at ? `${at}.${name}` : name;
    // An ignored path, or one inside it; a path with ignored parts is compared whole (conservative).
    if (ignored.some((p) => path === p || path.startsWith(`${p}.`))) continue;
    const m = member(rules, name);
    if (!m) continue;
    const a = "attr" in m ? asTerraformReads(m.attr.type, before[name]) : before[name];
    const b = "attr" in m ? asTerraformReads(m.attr.type, after[name]) : after[name];
    if (same(a, b)) continue;
    if ("attr" in m) {
      // Removing an optional+computed argument keeps the value the provider computed: no change at all.
      if (!present(after[name]) && m.attr.computed) continue;
      if (m.attr.forceNew === "sometimes" && grows(a, b)) continue;
      if (m.attr.forceNew === true || m.attr.forceNew === "sometimes") {
        // Certain only when both sides are known values. Otherwise the provider decides: an expression is known
        // only at plan, a value written where there was none may equal what the provider computed or defaults to.
        const uncertain = m.attr.forceNew === "sometimes" || isExpression(a) || isExpression(b) || !present(before[name]) || !present(after[name]);
        const when = uncertain ? "sometimes" : "always";
        // A map or object: name the keys that changed, not the whole value.
        if (isRecord(a) && isRecord(b)) {
          for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
            if (!same(a[key], b[key])) out.push({ path: `${path}.${key}`, before: a[key], after: b[key], when });
          }
        } else out.push({ path, before: a, after: b, when });
      }
      continue;
    }
    const nested = m.nested;
    let left = elements(a);
    let right = elements(b);
    // Removing an optional+computed block keeps what the provider computed, as for attributes.
    if (right.length === 0 && nested.computed) continue;
    // As Terraform's SDK diffs: a ForceNew block replaces when blocks are added or removed; a change inside
    // one replaces only through its own ForceNew arguments.
    if ((nested.forceNew === true || nested.forceNew === "sometimes") && left.length !== right.length) {
      out.push({ path, before: a, after: b, when: nested.forceNew === true ? "always" : "sometimes" });
      continue;
    }
    if (nested.nesting === "set") {
      // Set elements have no order: compare only the ones that differ.
      const leftKeys = left.map((e) => stableJson(e));
      const rightKeys = right.map((e) => stableJson(e));
      left = left.filter((_, i) => !rightKeys.includes(leftKeys[i]!));
      right = right.filter((_, i) => !leftKeys.includes(rightKeys[i]!));
    }
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      walk(nested.block, left[i] ?? {}, right[i] ?? {}, `${path}.${i}`, ignored, out);
    }
  }
}

/**
 * The changed arguments that make Terraform replace a resource, from the provider rules tierform ships
 * (empty when none ship for the type, or when every change is made in place). Blind spots: a change to a
 * referenced resource that itself is replaced, and replacement a provider decides only with live data.
 */
export function replacementReasons(type: string, before: Body, after: Body): ReplacementReason[] {
  const found = typeRules("resource", type);
  if (!found) return [];
  const ignored = ignoredPaths(after);
  if (ignored === "all") return [];
  const out: ReplacementReason[] = [];
  walk(found.rules, before, after, "", ignored, out);
  return out;
}

const shown = (v: unknown) => {
  if (!present(v)) return "(unset)";
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** `db_name "app" → "tunetrail" forces replacement` */
export function formatReason(r: ReplacementReason): string {
  return `${r.path} ${shown(r.before)} → ${shown(r.after)} ${r.when === "always" ? "forces replacement" : "may force replacement"}`;
}
