// npx tsx src/tools/provider-rules/compare-bindings.ts [--rules-dir DIR] [provider…]
// Measures how well the extracted provider rules (src/testing/rules/data/<provider>.json) agree with the schema
// the cdktf bindings were generated from (read by src/tools/provider-rules/bindings-schema.ts), for every type in
// covered-types.json. A report: prints facts compared, facts agreeing, agreement %, then every disagreement.
// Exit 0 unless the input is broken (missing rules file, unreadable binding).
//
// Facts, per attribute/block path (the union of both sides' names; top-level `id` and `timeouts` only when the
// rules have them, since SDKv2 adds both implicitly):
//   exists       — the path exists on both sides;
//   kind         — attribute vs block (a computed-only block in the rules matches a computed-only attribute in the
//                  bindings: SDKv2 computed nested resources are attributes of object type in the real schema);
//   class        — attributes: required / optional / computed-only;
//   computed     — attributes optional on both sides: optional vs optional+computed;
//   nesting      — blocks: single / list / set / map, and MaxItems 1 (a MaxItems-1 list/set block matches rules
//                  nesting "single" or list/set with max 1); nested attributes: list / set / map / single;
//   block-required — list/set blocks: MinItems ≥ 1 (rules `required`, or `min ≥ 1` without `optional`: SDKv2's
//                  core schema ignores MinItems on Optional blocks).
//   nested attributes (object-valued attributes): collection kind list / set / map / single.
// A computed-only block in the rules is compared without its max (SDKv2 drops MinItems/MaxItems there).
// Types missing from the rules file count as one failing fact each ("<type>: missing in rules").
// Children of attributes whose children merely inherit the parent's flags (object types) are compared for
// existence only: the bindings cannot tell their flags.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AttrRules, BlockRules, NestedBlockRules, ProviderRules, ValueType } from "../../testing/rules/types";
import {
  readBindingSchema,
  type BindingAttribute,
  type BindingBlock,
  type BindingBody,
  type BindingClassification,
} from "./bindings-schema";

const ROOT = join(__dirname, "..", "..", "..");
const DEFAULT_RULES_DIR = join(ROOT, "src", "testing", "rules", "data");
const COVERED_FILE = join(__dirname, "covered-types.json");
export const COMPARED_PROVIDERS = ["google", "azurerm", "kubernetes", "helm"] as const;

export interface Comparison {
  readonly compared: number;
  readonly agreeing: number;
  readonly disagreements: string[];
}

export interface CompareOptions {
  /** Directory holding <provider>.json (default src/testing/rules/data). */
  readonly rulesDir?: string;
  /** Rules to compare instead of reading the file. */
  readonly rules?: ProviderRules;
  /** Types to compare instead of covered-types.json. */
  readonly types?: { readonly resources: readonly string[]; readonly data: readonly string[] };
}

export function rulesFile(provider: string, rulesDir = DEFAULT_RULES_DIR): string {
  return join(rulesDir, `${provider}.json`);
}

export function coveredTypes(provider: string): { resources: string[]; data: string[] } {
  const all = JSON.parse(readFileSync(COVERED_FILE, "utf8")) as Record<string, { resources: string[]; data: string[] }>;
  const covered = all[provider];
  if (!covered) throw new Error(`covered-types.json lists no types for ${provider}`);
  return covered;
}

/** Compare one provider's extracted rules with its cdktf bindings, over the covered types. */
export function compareWithBindings(provider: string, options: CompareOptions = {}): Comparison {
  const rules =
    options.rules ?? (JSON.parse(readFileSync(rulesFile(provider, options.rulesDir), "utf8")) as ProviderRules);
  const types = options.types ?? coveredTypes(provider);
  const packageName = `@cdktf/provider-${provider}`;
  const c = new Collector();
  for (const kind of ["resources", "data"] as const) {
    for (const type of types[kind]) {
      const label = kind === "data" ? `data.${type}` : type;
      const bindings = readBindingSchema(packageName, type, kind === "data" ? "data" : "resource", { from: ROOT });
      const ruleBody = rules[kind]?.[type];
      if (!ruleBody) {
        c.fact(label, false, "missing in rules");
        continue;
      }
      c.fact(label, true);
      compareBody(c, label, ruleBody, bindings.body, true);
    }
  }
  return { compared: c.compared, agreeing: c.agreeing, disagreements: c.disagreements };
}

class Collector {
  compared = 0;
  agreeing = 0;
  readonly disagreements: string[] = [];
  fact(path: string, agrees: boolean, why?: string): void {
    this.compared++;
    if (agrees) this.agreeing++;
    else this.disagreements.push(`${path}: ${why}`);
  }
}

/** Attributes SDKv2 adds to every resource without the provider declaring them. */
const IMPLICIT_TOP_LEVEL = new Set(["id", "timeouts"]);

type RuleMember = { attr: AttrRules } | { block: NestedBlockRules };
type BindingMember = BindingAttribute | BindingBlock;

function compareBody(c: Collector, path: string, rules: BlockRules, bindings: BindingBody, top: boolean): void {
  const ruleMembers = new Map<string, RuleMember>();
  for (const [name, attr] of Object.entries(rules.attrs ?? {})) ruleMembers.set(name, { attr });
  for (const [name, block] of Object.entries(rules.blocks ?? {})) ruleMembers.set(name, { block });
  const bindingMembers = new Map<string, BindingMember>([
    ...Object.entries(bindings.attrs),
    ...Object.entries(bindings.blocks),
  ]);
  const names = [...new Set([...ruleMembers.keys(), ...bindingMembers.keys()])].sort();
  for (const name of names) {
    const r = ruleMembers.get(name);
    const b = bindingMembers.get(name);
    const p = `${path}.${name}`;
    if (!r && top && IMPLICIT_TOP_LEVEL.has(name)) continue;
    if (!r || !b) {
      c.fact(p, false, r ? "missing in bindings" : "missing in rules");
      continue;
    }
    c.fact(p, true);
    compareMember(c, p, r, b);
  }
}

function compareMember(c: Collector, p: string, r: RuleMember, b: BindingMember): void {
  if ("attr" in r && b.kind === "attribute") {
    c.fact(p, true);
    compareAttrClass(c, p, ruleClass(r.attr), b.classification);
    if (b.children) compareChildNames(c, p, b, r.attr.type);
    return;
  }
  if ("block" in r && b.kind === "block") {
    c.fact(p, true);
    compareBlock(c, p, r.block, b);
    return;
  }
  if ("block" in r && b.kind === "attribute") {
    const ruleComputedOnly = r.block.computed === true && !r.block.optional && !r.block.required;
    if (ruleComputedOnly && b.classification === "computed") {
      // SDKv2: a computed-only nested resource is an attribute of object type in the real schema.
      c.fact(p, true);
    } else {
      c.fact(p, false, `block in rules, attribute (${b.classification}) in bindings`);
    }
    compareAttrClass(c, p, blockClass(r.block), b.classification);
    if (b.nesting) compareNesting(c, p, r.block, b.nesting, b.maxOne ?? false, ruleComputedOnly);
    if (b.children) compareChildren(c, p, r.block.block, b);
    return;
  }
  // rules attribute, bindings block
  const a = (r as { attr: AttrRules }).attr;
  const blk = b as BindingBlock;
  c.fact(p, false, `attribute in rules, block in bindings`);
  compareChildNamesOfBlock(c, p, a.type, blk);
}

type Class3 = "required" | "optional" | "computed-only";

function ruleClass(a: { required?: true; optional?: true; computed?: true }): { cls: Class3 | "none"; computed: boolean } {
  if (a.required) return { cls: "required", computed: a.computed === true };
  if (a.optional) return { cls: "optional", computed: a.computed === true };
  if (a.computed) return { cls: "computed-only", computed: true };
  return { cls: "none", computed: false };
}

function blockClass(b: NestedBlockRules): { cls: Class3 | "none"; computed: boolean } {
  return ruleClass(b);
}

function bindingClass3(b: BindingClassification): Class3 | "unknown" {
  switch (b) {
    case "required":
      return "required";
    case "optional":
    case "optional+computed":
      return "optional";
    case "computed":
      return "computed-only";
    default:
      return "unknown";
  }
}

function compareAttrClass(
  c: Collector,
  p: string,
  r: { cls: Class3 | "none"; computed: boolean },
  b: BindingClassification,
): void {
  const b3 = bindingClass3(b);
  if (b3 === "unknown") return; // cdktf could not tell (both flags false in the generated code)
  const rName = r.cls === "none" ? "neither required, optional nor computed" : r.cls;
  c.fact(p, r.cls === b3, `${rName} in rules, ${b3} in bindings`);
  if (r.cls === "optional" && b3 === "optional") {
    const bComputed = b === "optional+computed";
    c.fact(
      p,
      r.computed === bComputed,
      `${r.computed ? "optional+computed" : "optional"} in rules, ${b} in bindings`,
    );
  }
}

function describeRuleNesting(r: NestedBlockRules): string {
  return r.max === 1 && r.nesting !== "single" ? `${r.nesting} (max 1)` : r.nesting;
}

/**
 * Block nesting. `ignoreMax`: a computed-only block in the rules (SDKv2 drops MinItems/MaxItems of computed-only
 * nested resources; they become attributes of object type).
 */
function compareNesting(
  c: Collector,
  p: string,
  r: NestedBlockRules,
  nesting: string,
  maxOne: boolean,
  ignoreMax = false,
): void {
  const bDesc = maxOne ? `${nesting} (max 1)` : nesting;
  let agrees: boolean;
  if (ignoreMax) {
    agrees = r.nesting === nesting || (nesting === "single" && r.max === 1);
  } else if (maxOne) {
    agrees = r.nesting === "single" || (r.nesting === nesting && r.max === 1);
  } else if (nesting === "single") {
    agrees = r.nesting === "single";
  } else {
    agrees = r.nesting === nesting && r.max !== 1;
  }
  c.fact(p, agrees, `nesting ${describeRuleNesting(r)} in rules, ${bDesc} in bindings`);
}

function compareBlock(c: Collector, p: string, r: NestedBlockRules, b: BindingBlock): void {
  compareNesting(c, p, r, b.nesting, b.maxOne);
  if (b.nesting === "list" || b.nesting === "set") {
    // SDKv2 (core_schema.go): Required means MinItems ≥ 1; Optional wins over MinItems > 0.
    const rRequired = r.required === true || ((r.min ?? 0) >= 1 && r.optional !== true);
    c.fact(
      p,
      rRequired === b.required,
      `block ${rRequired ? "required" : "optional"} in rules, ${b.required ? "required (min ≥ 1)" : "optional"} in bindings`,
    );
  }
  compareBody(c, `${p}${childSep(b.nesting)}`, r.block, b.body, false);
}

function childSep(nesting: string): string {
  return nesting === "single" ? "" : ".0";
}

/** Rules block vs bindings object-valued attribute: compare the fields; flags only where the bindings know them. */
function compareChildren(c: Collector, p: string, r: BlockRules, b: BindingAttribute): void {
  const children = b.children!;
  if (b.childrenInheritFlags) {
    compareNames(c, `${p}${childSep(b.nesting!)}`, namesOfBody(r), namesOfBody(children));
  } else {
    compareBody(c, `${p}${childSep(b.nesting!)}`, r, children, false);
  }
}

/** Rules attribute (with an object type) vs bindings object-valued attribute: collection kind, field names. */
function compareChildNames(c: Collector, p: string, b: BindingAttribute, type: ValueType): void {
  const fields = objectFields(type);
  if (!fields) {
    c.fact(p, false, `type ${JSON.stringify(type)} in rules, ${b.nesting} of objects in bindings`);
    return;
  }
  const outer = typeof type === "string" ? "?" : type[0] === "object" ? "single" : type[0];
  const inner = typeof type !== "string" && type[0] !== "object" && typeof type[1] !== "string" && type[1][0] === "object";
  c.fact(p, inner || outer === "single" ? outer === b.nesting : false, `type ${describeType(type)} in rules, ${b.nesting} of objects in bindings`);
  compareNames(c, `${p}${childSep(b.nesting!)}`, new Set(Object.keys(fields)), namesOfBody(b.children!));
}

function describeType(type: ValueType): string {
  if (typeof type === "string") return type;
  if (type[0] === "object") return "object";
  return `${type[0]}(${describeType(type[1] as ValueType)})`;
}

function compareChildNamesOfBlock(c: Collector, p: string, type: ValueType, b: BindingBlock): void {
  const fields = objectFields(type);
  if (fields) compareNames(c, `${p}${childSep(b.nesting)}`, new Set(Object.keys(fields)), namesOfBody(b.body));
}

function compareNames(c: Collector, p: string, r: Set<string>, b: Set<string>): void {
  for (const name of [...new Set([...r, ...b])].sort()) {
    const both = r.has(name) && b.has(name);
    c.fact(`${p}.${name}`, both, r.has(name) ? "missing in bindings" : "missing in rules");
  }
}

function namesOfBody(b: BlockRules | BindingBody): Set<string> {
  return new Set([...Object.keys(b.attrs ?? {}), ...Object.keys(b.blocks ?? {})]);
}

function objectFields(type: ValueType): Readonly<Record<string, ValueType>> | undefined {
  if (typeof type === "string") return undefined;
  if (type[0] === "object") return type[1] as Readonly<Record<string, ValueType>>;
  return objectFields(type[1] as ValueType);
}

// ---------------------------------------------------------------------------------------------------------
// CLI

function main(argv: string[]): number {
  let rulesDir: string | undefined;
  const providers: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--rules-dir") rulesDir = argv[++i];
    else if (a.startsWith("--rules-dir=")) rulesDir = a.slice("--rules-dir=".length);
    else providers.push(a);
  }
  const list = providers.length > 0 ? providers : [...COMPARED_PROVIDERS];
  let broken = false;
  const started = Date.now();
  for (const provider of list) {
    const file = rulesFile(provider, rulesDir);
    if (!existsSync(file)) {
      process.stdout.write(`${provider}: no rules file (${file})\n`);
      if (providers.length > 0) broken = true;
      continue;
    }
    let result: Comparison;
    try {
      result = compareWithBindings(provider, rulesDir ? { rulesDir } : {});
    } catch (error) {
      process.stderr.write(`${provider}: ${error instanceof Error ? error.message : String(error)}\n`);
      broken = true;
      continue;
    }
    const pct = result.compared === 0 ? 100 : (100 * result.agreeing) / result.compared;
    process.stdout.write(
      `${provider}: ${result.compared} facts compared, ${result.agreeing} agreeing, ${pct.toFixed(2)}% agreement, ` +
        `${result.disagreements.length} disagreements\n`,
    );
    for (const d of result.disagreements) process.stdout.write(`  ${d}\n`);
  }
  process.stdout.write(`(${Date.now() - started} ms)\n`);
  return broken ? 1 : 0;
}

if (/compare-bindings\.[cm]?[jt]s$/.test(process.argv[1] ?? "")) {
  process.exitCode = main(process.argv.slice(2));
}
