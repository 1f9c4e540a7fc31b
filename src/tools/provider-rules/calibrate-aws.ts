// npx tsx src/tools/provider-rules/calibrate-aws.ts [--sample N] [--seed N] [--stacks a,b] [--keep] [--verbose]
// Calibrates the provider-rule lint (src/testing/lint.ts) against real Terraform on the AWS stacks: seeded single
// mutations of the real stacks, each on its own copy of a resource (`<name>_m17`) or its own output (`m17_…`), all
// mutants of a stack in ONE config; `terraform validate -json` maps each error to a mutant by the line span of
// its copy in a pretty-printed main.tf.json written here; `terraform plan -json` then runs once per stack on the
// mutants validate accepted (errors that only a plan shows). Prints agreement per rule class and every
// disagreement, one line each.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoTopology } from "../../../examples/default-app";
import { Testing } from "../../core/tf";
import { Environment } from "../../stacks/environment";
import { referencesInValue, isExpression } from "../../testing/expressions";
import { lintStack, type LintRule, type LintViolation } from "../../testing/lint";
import { EMPTY_STATE, EMPTY_STATE_JSON, findMirror, findTerraform, mirrorOnlyEnvironment, offlineCopy, runTerraform } from "../../testing/offline-plan";
import { providerRules, type AttrRules, type BlockRules, type NestedBlockRules, type ValueType } from "../../testing/rules";
import { synthesize, type TerraformJson } from "../../testing/synth";
import { TIER_NAMES } from "../../../tiers";

type Json = Record<string, unknown>;
type Body = Record<string, unknown>;

/** Mutation classes: the lint rule each mutation is meant to trigger. */
export type MutationClass = LintRule;

export const MUTATION_CLASSES: readonly MutationClass[] = [
  "missing-required",
  "unknown-argument",
  "type",
  "block-count",
  "computed-only",
  "sensitive-output",
  "unknown-attribute-reference",
  "unknown-reference",
  "interpolation",
  "enum",
  "range",
  "length",
  "pattern",
  "conflicts",
  "exactly-one-of",
  "at-least-one-of",
  "required-with",
];

export interface Mutation {
  readonly id: string;
  readonly cls: MutationClass;
  readonly stack: string;
  /** What the mutant is a copy of: `type.name`, or `output.name` for a new output. */
  readonly target: string;
  /** The mutant's address: `type.name_m17` or `output.m17_…`. */
  readonly address: string;
  /** One line: what was changed. */
  readonly what: string;
  /** False for negative controls (e.g. a number written as "5"): neither side should complain. */
  readonly invalid: boolean;
}

export interface MutationOutcome extends Mutation {
  /** Lint violations on the mutant (any rule). */
  readonly lint: readonly string[];
  /** Terraform error diagnostics on the mutant, with the step that gave them. */
  readonly terraform: readonly string[];
  readonly lintFlagged: boolean;
  readonly terraformFlagged: boolean;
  readonly agree: boolean;
}

export interface ClassRow {
  readonly cls: MutationClass;
  /** Whether the lint claims this class on AWS (rules for it ship in aws.json for the stacks' types). */
  readonly claimed: boolean;
  readonly mutations: number;
  readonly negatives: number;
  readonly lintFlagged: number;
  readonly terraformFlagged: number;
  readonly agreed: number;
  readonly agreement: number;
}

export type CalibrationResult =
  | { readonly status: "skipped"; readonly reason: string }
  | {
      readonly status: "ok";
      readonly rows: readonly ClassRow[];
      readonly outcomes: readonly MutationOutcome[];
      readonly disagreements: readonly MutationOutcome[];
      /** Over the claimed classes. */
      readonly overall: { readonly mutations: number; readonly agreed: number; readonly agreement: number };
      /** Mutations dropped as generator bugs (the unmutated copy was not clean, or Terraform objected to something else). */
      readonly excluded: readonly { readonly mutation: Mutation; readonly reason: string }[];
      /** Unmutated stacks: lint violations and Terraform errors (both must be empty). */
      readonly base: { readonly lint: readonly string[]; readonly terraform: readonly string[] };
      readonly stacks: readonly string[];
      readonly terraformRuns: number;
      readonly seconds: { readonly total: number; readonly validate: number; readonly plan: number };
    };

export interface CalibrateOptions {
  /** Total mutations (spread over the classes); default: the full run (≥ 200). */
  readonly sample?: number;
  readonly seed?: number;
  /** Stacks to mutate and run; default: every AWS cloud stack of every tier. */
  readonly stacks?: readonly string[];
  /** Keep the work directories. */
  readonly keep?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Stacks
// ---------------------------------------------------------------------------------------------------------------

/** Every AWS cloud stack of every tier (enterprise: both regions and the global stack); platform stacks left out. */
export function awsStacks(): Record<string, TerraformJson> {
  const out: Record<string, TerraformJson> = {};
  for (const tier of TIER_NAMES) {
    const app = Testing.app();
    const env = new Environment(app, `${tier}-aws`, demoTopology(tier, "aws"));
    const names = [...env.regions.map((r) => r.stack.node.id), ...(env.global ? [env.global.node.id] : [])];
    const synth = synthesize(app);
    for (const name of names) out[name] = synth[name]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutation generator
// ---------------------------------------------------------------------------------------------------------------

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A step into a body: a block name and the element index. */
type Step = readonly [string, number];

/** A block element inside a resource body, with its rules. */
interface Context {
  readonly steps: readonly Step[];
  readonly rules: BlockRules;
  readonly body: Body;
}

interface Target {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Body;
  readonly rules: BlockRules;
  readonly contexts: readonly Context[];
}

const elementsOf = (value: unknown): Body[] =>
  Array.isArray(value) ? value.filter((v): v is Body => v !== null && typeof v === "object" && !Array.isArray(v)) : value !== null && typeof value === "object" ? [value as Body] : [];

/** Every block element of a body (first element of each block; `dynamic` blocks are left alone). */
function contextsOf(rules: BlockRules, body: Body, steps: Step[] = []): Context[] {
  const out: Context[] = [{ steps, rules, body }];
  for (const [name, nested] of Object.entries(rules.blocks ?? {})) {
    if (nested.nesting === "map") continue;
    const value = body[name];
    if (isExpression(value)) continue;
    const first = elementsOf(value)[0];
    if (first) out.push(...contextsOf(nested.block, first, [...steps, [name, 0]]));
  }
  return out;
}

/** The element a context names, inside a (copied) body. */
function elementAt(body: Body, steps: readonly Step[]): Body {
  let current = body;
  for (const [name, index] of steps) {
    const value = current[name];
    if (Array.isArray(value)) {
      current = value[index] as Body;
    } else {
      current = value as Body;
    }
  }
  return current;
}

const pathText = (steps: readonly Step[], last?: string) => [...steps.flatMap(([n, i]) => [n, String(i)]), ...(last ? [last] : [])].join(".");
const shape = (type: string, steps: readonly Step[], last?: string) => [type, ...steps.map(([n]) => n), ...(last ? [last] : [])].join(".");

/** A value of the declared type (for setting an attribute that is absent), or undefined for complex types. */
function sampleValue(type: ValueType): unknown {
  if (type === "string") return "tierform-calibration";
  if (type === "number") return 1;
  if (type === "bool") return true;
  if (type === "any") return undefined;
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    const v = sampleValue(inner as ValueType);
    return v === undefined || typeof v === "object" ? undefined : [v];
  }
  if (kind === "map") {
    const v = sampleValue(inner as ValueType);
    return v === undefined || typeof v === "object" ? undefined : { k: v };
  }
  return undefined;
}

/** A literal of the wrong type: an object for a string, a non-numeric string for a number, a string for a list… */
function wrongValue(type: ValueType): unknown {
  if (type === "string") return { tierform: "object-for-a-string" };
  if (type === "number") return "not-a-number";
  if (type === "bool") return "not-a-bool";
  if (type === "any") return undefined;
  const [kind] = type;
  if (kind === "list" || kind === "set") return "a-string-for-a-collection";
  if (kind === "map") return ["a-list", "for-a-map"];
  return "a-string-for-an-object";
}

const isComputedOnly = (m: AttrRules | NestedBlockRules) => m.computed === true && !m.optional && !m.required;
const literal = (v: unknown) => v !== undefined && v !== null && !isExpression(v) && !(typeof v === "string" && v.includes("${"));

/** A candidate mutation before it gets an id: how to change a copy of the target. */
interface Candidate {
  readonly cls: MutationClass;
  readonly key: string;
  readonly target: Target;
  readonly what: string;
  readonly invalid: boolean;
  /** Mutates a copy of the target body, or (output mutations) returns the output body. */
  readonly apply?: (body: Body) => void;
  readonly output?: () => Json;
}

const BOGUS_ATTRIBUTE = "tierform_no_such_attribute";

function candidatesFor(t: Target, stackJson: TerraformJson): Candidate[] {
  const out: Candidate[] = [];
  const add = (c: Omit<Candidate, "target">) => out.push({ ...c, target: t });
  const root = `${t.type}.${t.name}`;
  const forEach = t.body["for_each"] !== undefined;
  const counted = t.body["count"] !== undefined;
  const ref = (path: string) => `\${${t.type}.${t.name}${counted ? "[0]" : ""}.${path}}`;

  for (const ctx of t.contexts) {
    const at = (name: string) => pathText(ctx.steps, name);
    const key = (cls: string, name: string, extra = "") => `${cls}:${shape(t.type, ctx.steps, name)}${extra}`;
    const dynamic = new Set(Object.keys((ctx.body["dynamic"] ?? {}) as Body));
    for (const [name, attr] of Object.entries(ctx.rules.attrs ?? {})) {
      const present = ctx.body[name] !== undefined && ctx.body[name] !== null;
      const value = ctx.body[name];
      // missing-required: drop a required argument that is set.
      if (attr.required && present) {
        add({ cls: "missing-required", key: key("missing-required", name), what: `drop required ${at(name)}`, invalid: true, apply: (b) => void delete elementAt(b, ctx.steps)[name] });
        add({ cls: "missing-required", key: key("missing-required", name, ":null"), what: `required ${at(name)} = null`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = null) });
      }
      // computed-only: set an attribute only the provider sets.
      if (isComputedOnly(attr) && !present) {
        const v = sampleValue(attr.type);
        if (v !== undefined) add({ cls: "computed-only", key: key("computed-only", name), what: `set computed-only ${at(name)} = ${JSON.stringify(v)}`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = v) });
      }
      if (!isComputedOnly(attr) && attr.type !== "any") {
        // type: a literal of the wrong type, on a set argument or an absent optional one.
        const wrong = wrongValue(attr.type);
        if (wrong !== undefined && (present ? literal(value) || typeof value === "string" : attr.optional)) {
          add({ cls: "type", key: key("type", name), what: `${at(name)} = ${JSON.stringify(wrong)} (${JSON.stringify(attr.type)})`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = wrong) });
        }
        // Edge cases of the string conversions (cty's number and bool parsing), on set arguments.
        if (present && attr.type === "number") {
          for (const edge of ["0x10", "1e0", " 5"]) {
            add({ cls: "type", key: key("type", name, `:edge${edge}`), what: `${at(name)} = ${JSON.stringify(edge)} (string for a number, edge case)`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = edge) });
          }
        }
        if (present && attr.type === "bool") {
          add({ cls: "type", key: key("type", name, ":edge1"), what: `${at(name)} = "1" (string for a bool, edge case)`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = "1") });
        }
        // Negative control: a number or bool written as a string Terraform converts.
        if (present && (typeof value === "number" || typeof value === "boolean")) {
          add({ cls: "type", key: key("type", name, ":convertible"), what: `${at(name)} = ${JSON.stringify(String(value))} (convertible, valid)`, invalid: false, apply: (b) => void (elementAt(b, ctx.steps)[name] = String(value)) });
        }
      }
      // Value validators, when the rules have them.
      const settable = !isComputedOnly(attr) && (present ? literal(value) : attr.optional);
      if (settable && attr.enum?.length) {
        const bad = typeof attr.enum[0] === "number" ? 987654 : "tierform-not-in-enum";
        add({ cls: "enum", key: key("enum", name), what: `${at(name)} = ${JSON.stringify(bad)} (enum ${attr.enum.slice(0, 4).join("|")}${attr.enum.length > 4 ? "|…" : ""})`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = bad) });
      }
      if (settable && attr.range && (attr.type === "number" || attr.type === "string")) {
        const [min, max] = attr.range;
        const bad = max !== null ? max + 1 : min !== null ? min - 1 : undefined;
        if (bad !== undefined) add({ cls: "range", key: key("range", name), what: `${at(name)} = ${bad} (range ${min ?? ""}..${max ?? ""})`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = bad) });
      }
      if (settable && attr.length && attr.type === "string") {
        const [min, max] = attr.length;
        const bad = max !== null ? "a".repeat(max + 1) : min !== null && min > 0 ? "a".repeat(min - 1) : undefined;
        if (bad !== undefined) add({ cls: "length", key: key("length", name), what: `${at(name)} has ${bad.length} chars (length ${min ?? 0}..${max ?? ""})`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = bad) });
      }
      if (settable && attr.pattern?.length && attr.type === "string") {
        const bad = "!Tierform Bad Value!";
        add({ cls: "pattern", key: key("pattern", name), what: `${at(name)} = ${JSON.stringify(bad)} (pattern ${attr.pattern[0]})`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = bad) });
      }
      // Relations (local names only).
      if (present) {
        for (const other of attr.conflictsWith ?? []) {
          if (other.includes(".") || ctx.body[other] !== undefined) continue;
          const o = ctx.rules.attrs?.[other];
          const v = o && !isComputedOnly(o) ? sampleValue(o.type) : undefined;
          if (v !== undefined) add({ cls: "conflicts", key: key("conflicts", name, `:${other}`), what: `set ${at(other)} = ${JSON.stringify(v)} next to ${at(name)}`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[other] = v) });
        }
        const partners = (attr.requiredWith ?? []).filter((p) => p !== name && !p.includes(".") && ctx.body[p] !== undefined);
        if (partners.length) add({ cls: "required-with", key: key("required-with", name), what: `drop ${partners.join(", ")} (required with ${at(name)})`, invalid: true, apply: (b) => partners.forEach((p) => delete elementAt(b, ctx.steps)[p]) });
      }
      for (const [cls, group] of [["exactly-one-of", attr.exactlyOneOf], ["at-least-one-of", attr.atLeastOneOf]] as const) {
        if (!group || group.some((p) => p.includes(".") || dynamic.has(p))) continue;
        const set = group.filter((p) => ctx.body[p] !== undefined);
        if (set.length) add({ cls, key: key(cls, [...group].sort().join("+")), what: `drop ${set.map(at).join(", ")} (${cls} ${group.join(", ")})`, invalid: true, apply: (b) => set.forEach((p) => delete elementAt(b, ctx.steps)[p]) });
      }
    }
    for (const [name, nested] of Object.entries(ctx.rules.blocks ?? {})) {
      if (dynamic.has(name) || nested.nesting === "map") continue;
      const value = ctx.body[name];
      const present = value !== undefined && value !== null && !isExpression(value);
      const items = present ? elementsOf(value) : [];
      const min = nested.min ?? 0;
      if (present && items.length && (nested.required || min > 0)) {
        add({ cls: "missing-required", key: key("missing-required", name, ":block"), what: `drop required block ${at(name)}`, invalid: true, apply: (b) => void delete elementAt(b, ctx.steps)[name] });
        add({ cls: "block-count", key: key("block-count", name, ":zero"), what: `${at(name)} = [] (min ${min || 1})`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)[name] = []) });
      }
      if (present && items.length && nested.max !== undefined && nested.max > 0 && nested.max <= 10) {
        const n = nested.max + 1;
        add({ cls: "block-count", key: key("block-count", name, ":many"), what: `${n} × ${at(name)} (max ${nested.max}, ${nested.nesting})`, invalid: true, apply: (b) => {
          const el = elementAt(b, ctx.steps);
          el[name] = Array.from({ length: n }, (_, i) => structuredClone(items[i % items.length]));
        } });
      }
    }
    // Negative control: a JSON comment property ("//"), which Terraform's JSON syntax ignores in any block body.
    add({ cls: "unknown-argument", key: key("unknown-argument", "//"), what: `add ${at("//")} (JSON comment, valid)`, invalid: false, apply: (b) => void (elementAt(b, ctx.steps)["//"] = "calibration comment") });
    // unknown-argument: a name no schema has, at the root and inside blocks.
    add({ cls: "unknown-argument", key: key("unknown-argument", "*"), what: `add ${at("tierform_unknown")}`, invalid: true, apply: (b) => void (elementAt(b, ctx.steps)["tierform_unknown"] = "x") });
  }

  // References made by the body: point one at a missing attribute, or at an undeclared resource.
  const text = JSON.stringify(t.body);
  const refs = referencesInValue(t.body).filter((r) => r.kind === "resource" && r.path.length > 0);
  const r = refs[0];
  if (r) {
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(?<![\\w.])${esc(r.type)}\\.${esc(r.name)}((?:\\[[^\\]]*\\])?)\\.${esc(r.path[0]!)}(?![\\w-])`);
    if (re.test(text)) {
      add({ cls: "unknown-attribute-reference", key: `uar:${t.type}:${r.type}`, what: `${r.type}.${r.name}.${r.path[0]} -> .${BOGUS_ATTRIBUTE} in the body`, invalid: true, apply: (b) => Object.assign(b, JSON.parse(text.replace(re, `${r.type}.${r.name}$1.${BOGUS_ATTRIBUTE}`))) });
      add({ cls: "unknown-reference", key: `ur:${t.type}:${r.type}`, what: `${r.type}.${r.name} -> ${r.type}.${r.name}_undeclared in the body`, invalid: true, apply: (b) => Object.assign(b, JSON.parse(text.replace(re, `${r.type}.${r.name}_undeclared$1.${r.path[0]}`))) });
    }
  }

  // Outputs over this resource's attributes (for_each resources need a key: left out).
  if (!forEach) {
    const declared = stackJson.resource?.[t.type]?.[t.name] !== undefined;
    for (const [name, attr] of Object.entries(t.rules.attrs ?? {})) {
      if (!attr.sensitive || !declared) continue;
      add({ cls: "sensitive-output", key: `so:${t.type}.${name}`, what: `output = ${ref(name)} (sensitive attribute, output not sensitive)`, invalid: true, output: () => ({ value: ref(name) }) });
      add({ cls: "sensitive-output", key: `so:${t.type}.${name}:marked`, what: `output = ${ref(name)}, sensitive = true (valid)`, invalid: false, output: () => ({ value: ref(name), sensitive: true }) });
    }
    // The whole resource as an output value: sensitive when any attribute in it is.
    if (declared && Object.values(t.rules.attrs ?? {}).some((a) => a.sensitive)) {
      const whole = `\${${t.type}.${t.name}${counted ? "[0]" : ""}}`;
      add({ cls: "sensitive-output", key: `so-whole:${t.type}`, what: `output = ${whole} (whole resource holds a sensitive attribute)`, invalid: true, output: () => ({ value: whole }) });
    }
    // Deeper paths: a missing attribute inside a nested block that is set; a key a literal map does not have.
    for (const [name, nested] of Object.entries(t.rules.blocks ?? {})) {
      if (!elementsOf(t.body[name]).length || isExpression(t.body[name]) || nested.nesting === "map") continue;
      if (nested.nesting === "set") {
        // A set block has no index: `[0]` is an error even before the attribute name (lint drops indexes).
        const real = Object.keys(nested.block.attrs ?? {}).find((a) => !nested.block.attrs![a]!.sensitive);
        if (!real) continue;
        const indexed = ref(`${name}[0].${real}`);
        add({ cls: "unknown-attribute-reference", key: `uar-setindex:${t.type}.${name}`, what: `output = ${indexed} (index into a set block)`, invalid: true, output: () => ({ value: indexed }) });
        continue;
      }
      const deep = ref(`${name}[0].${BOGUS_ATTRIBUTE}`);
      add({ cls: "unknown-attribute-reference", key: `uar-deep:${t.type}.${name}`, what: `output = ${deep}`, invalid: true, output: () => ({ value: deep }) });
    }
    const tags = t.body["tags"];
    if (tags && typeof tags === "object" && !Array.isArray(tags) && t.rules.attrs?.["tags"]) {
      add({ cls: "unknown-attribute-reference", key: `uar-mapkey:${t.type}`, what: `output = ${ref("tags.tierform_missing_key")} (map key the literal tags lack; schema-valid)`, invalid: false, output: () => ({ value: ref("tags.tierform_missing_key") }) });
    }
    add({ cls: "unknown-attribute-reference", key: `uar-out:${t.type}`, what: `output = ${ref(BOGUS_ATTRIBUTE)}`, invalid: true, output: () => ({ value: ref(BOGUS_ATTRIBUTE) }) });
    const attrs = Object.keys(t.rules.attrs ?? {}).filter((a) => !t.rules.attrs![a]!.sensitive && a !== "id");
    const real = attrs[0];
    if (real) add({ cls: "unknown-attribute-reference", key: `uar-out-ok:${t.type}`, what: `output = ${ref(real)} (valid)`, invalid: false, output: () => ({ value: ref(real) }) });
    add({ cls: "unknown-reference", key: `ur-out:${t.type}`, what: `output = \${${t.type}.${t.name}_undeclared.id}`, invalid: true, output: () => ({ value: `\${${t.type}.${t.name}_undeclared.id}` }) });
    // An IAM policy variable written unescaped in a literal string argument (and, as the control, escaped).
    // Free text only, so the escaped control stays valid (names have patterns, "true" is a bool in disguise).
    const literal = ["description", "comment", "alarm_description"].find((a) => t.rules.attrs?.[a]?.type === "string" && typeof t.body[a] === "string" && !isExpression(t.body[a]));
    if (literal) {
      add({ cls: "interpolation", key: `int:${t.type}`, what: `${literal} += "/\${aws:username}"`, invalid: true, apply: (b) => void (b[literal] = `${b[literal] as string}/\${aws:username}`) });
      add({ cls: "interpolation", key: `int-ok:${t.type}`, what: `${literal} += "/$\${aws:username}" (escaped: valid)`, invalid: false, apply: (b) => void (b[literal] = `${b[literal] as string}/$\${aws:username}`) });
    }
  }
  void root;
  return out;
}

/** Default quota per class for the full run; classes whose rules do not ship get none (nothing to generate). */
const FULL_QUOTA: Partial<Record<MutationClass, number>> = {
  "missing-required": 40,
  "unknown-argument": 30,
  type: 45,
  "block-count": 35,
  "computed-only": 30,
  "sensitive-output": 16,
  "unknown-attribute-reference": 30,
  "unknown-reference": 20,
  interpolation: 10,
  enum: 30,
  range: 20,
  length: 20,
  pattern: 20,
  conflicts: 20,
  "exactly-one-of": 15,
  "at-least-one-of": 15,
  "required-with": 15,
};

/**
 * Picks mutations systematically: per class, resource types round-robin in a seeded order, one candidate per
 * type per round, each (type, path) shape once; so the mutations spread over the types before any repeats.
 */
export function generateMutations(stacks: Record<string, TerraformJson>, opts: { sample?: number; seed?: number } = {}): { mutations: Mutation[]; candidates: Map<string, Candidate> } {
  const rules = providerRules("aws");
  if (!rules) throw new Error("no AWS rules (src/testing/rules/data/aws.json)");
  const random = rng(opts.seed ?? 1);
  const byClass = new Map<MutationClass, Map<string, Candidate[]>>();
  for (const stack of Object.keys(stacks).sort()) {
    const json = stacks[stack]!;
    for (const type of Object.keys(json.resource ?? {}).sort()) {
      const typeRules = rules.resources[type];
      if (!typeRules) continue;
      for (const name of Object.keys(json.resource![type]!).sort()) {
        const body = json.resource![type]![name]! as Body;
        const target: Target = { stack, type, name, body, rules: typeRules, contexts: contextsOf(typeRules, body) };
        for (const c of candidatesFor(target, json)) {
          const perType = byClass.get(c.cls) ?? new Map<string, Candidate[]>();
          byClass.set(c.cls, perType);
          const list = perType.get(type) ?? [];
          perType.set(type, list);
          list.push(c);
        }
      }
    }
  }
  const available = MUTATION_CLASSES.filter((c) => byClass.has(c));
  const fullTotal = available.reduce((n, c) => n + (FULL_QUOTA[c] ?? 0), 0);
  const quota = (cls: MutationClass) => {
    const full = FULL_QUOTA[cls] ?? 0;
    return opts.sample === undefined ? full : Math.max(2, Math.round((full * opts.sample) / fullTotal));
  };
  const mutations: Mutation[] = [];
  const candidates = new Map<string, Candidate>();
  let n = 0;
  for (const cls of available) {
    const perType = byClass.get(cls)!;
    // Within a type: candidates in a seeded order, one per shape (the same path in another stack is a repeat).
    const queues = shuffle([...perType.keys()].sort(), random).map((type) => {
      const seen = new Set<string>();
      const unique = shuffle(perType.get(type)!, random).filter((c) => (seen.has(c.key) ? false : (seen.add(c.key), true)));
      // Alternate top-level and nested-block arguments, so both get mutated.
      const nested = unique.filter((c) => (c.key.split(":")[1] ?? "").split(".").length > 2);
      const top = unique.filter((c) => !nested.includes(c));
      return Array.from({ length: Math.max(nested.length, top.length) }, (_, i) => (random() < 0.5 ? [top[i], nested[i]] : [nested[i], top[i]])).flat().filter((c): c is Candidate => c !== undefined);
    });
    // Valid controls are at most a fifth of a class.
    const want = quota(cls);
    let picked = 0;
    let negatives = 0;
    for (let round = 0; picked < want && queues.some((q) => q.length); round++) {
      for (const q of queues) {
        if (picked >= want) break;
        let c = q.shift();
        while (c && !c.invalid && negatives >= Math.ceil(want / 5)) c = q.shift();
        if (!c) continue;
        if (!c.invalid) negatives++;
        const id = `m${++n}`;
        const address = c.output ? `output.${id}_${cls.replace(/-/g, "_")}` : `${c.target.type}.${c.target.name}_${id}`;
        mutations.push({ id, cls, stack: c.target.stack, target: `${c.target.type}.${c.target.name}`, address, what: c.what, invalid: c.invalid });
        candidates.set(id, c);
        picked++;
      }
    }
  }
  return { mutations, candidates };
}

/** Classes the lint claims on AWS: the structural ones always, value and relation rules when aws.json has some. */
export function claimedClasses(stacks: Record<string, TerraformJson>): Set<MutationClass> {
  const rules = providerRules("aws")!;
  const claimed = new Set<MutationClass>(["missing-required", "unknown-argument", "type", "block-count", "computed-only", "sensitive-output", "unknown-attribute-reference", "unknown-reference", "interpolation"]);
  const walk = (b: BlockRules) => {
    for (const m of [...Object.values(b.attrs ?? {}), ...Object.values(b.blocks ?? {})] as (AttrRules & NestedBlockRules)[]) {
      if (m.enum?.length || m.elem?.enum?.length) claimed.add("enum");
      if (m.range || m.elem?.range) claimed.add("range");
      if (m.length || m.elem?.length) claimed.add("length");
      if (m.pattern?.length || m.elem?.pattern?.length) claimed.add("pattern");
      if (m.conflictsWith?.length) claimed.add("conflicts");
      if (m.exactlyOneOf?.length) claimed.add("exactly-one-of");
      if (m.atLeastOneOf?.length) claimed.add("at-least-one-of");
      if (m.requiredWith?.length) claimed.add("required-with");
      if (m.block) walk(m.block);
    }
  };
  for (const json of Object.values(stacks)) for (const type of Object.keys(json.resource ?? {})) if (rules.resources[type]) walk(rules.resources[type]!);
  return claimed;
}

// ---------------------------------------------------------------------------------------------------------------
// Configs, Terraform runs, diagnostics → mutants
// ---------------------------------------------------------------------------------------------------------------

/** The stack with its mutants (and an unmutated control copy of every target resource). */
function mutatedStack(stack: TerraformJson, mutations: readonly Mutation[], candidates: Map<string, Candidate>): { json: TerraformJson; controls: Map<string, string> } {
  const json = structuredClone(stack);
  const controls = new Map<string, string>(); // target → control address
  json.resource ??= {};
  json.output ??= {};
  for (const m of mutations) {
    const c = candidates.get(m.id)!;
    const { type, name, body } = c.target;
    if (c.output) {
      json.output[m.address.slice("output.".length)] = c.output() as { value: unknown };
      continue;
    }
    if (!controls.has(m.target)) {
      json.resource[type]![`${name}_control`] = structuredClone(body);
      controls.set(m.target, `${type}.${name}_control`);
    }
    const copy = structuredClone(body);
    c.apply!(copy);
    json.resource[type]![m.address.slice(type.length + 1)] = copy;
  }
  return { json, controls };
}

/** Line spans (1-based, inclusive) of every resource and output in a pretty-printed config. */
function lineIndex(text: string): { address: string; from: number; to: number }[] {
  const spans: { address: string; from: number; to: number }[] = [];
  const lines = text.split("\n");
  let section = "";
  let type = "";
  let open: { address: string; from: number } | undefined;
  lines.forEach((line, i) => {
    const key = /^(\s*)"((?:[^"\\]|\\.)*)": [{[]/.exec(line);
    const indent = line.length - line.trimStart().length;
    if (key && indent === 2) section = key[2]!;
    if (section === "resource") {
      if (key && indent === 4) type = key[2]!;
      else if (key && indent === 6) open = { address: `${type}.${key[2]}`, from: i + 1 };
      else if (open && indent === 6 && /^\s*}/.test(line)) {
        spans.push({ ...open, to: i + 1 });
        open = undefined;
      }
    } else if (section === "output") {
      if (key && indent === 4) open = { address: `output.${key[2]}`, from: i + 1 };
      else if (open && indent === 4 && /^\s*}/.test(line)) {
        spans.push({ ...open, to: i + 1 });
        open = undefined;
      }
    }
  });
  return spans;
}

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number }; readonly end: { readonly line: number } };
}

/** The address a diagnostic belongs to: its range's resource or output; else its `address` (instance keys dropped). */
function addressOf(d: Diagnostic, spans: { address: string; from: number; to: number }[]): string | undefined {
  if (d.range) {
    const line = d.range.start.line;
    const span = spans.filter((s) => s.from <= line && line <= s.to).sort((a, b) => a.to - a.from - (b.to - b.from))[0];
    if (span) return span.address;
  }
  if (d.address) return d.address.replace(/\[[^\]]*\]/g, "").replace(/^module\.[^.]+\./, "");
  return undefined;
}

const oneLine = (d: Diagnostic) => `${d.summary}: ${(d.detail ?? "").replace(/\s+/g, " ").trim()}`.slice(0, 160);

interface Work {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

const tf = (terraform: string, work: Work, args: string[]) => runTerraform(terraform, args, work.dir, work.env);

async function prepare(mirror: string, root: string, stack: string): Promise<Work> {
  const dir = join(root, stack);
  mkdirSync(dir, { recursive: true });
  // offlineCopy points remote states at this empty state file.
  writeFileSync(join(dir, EMPTY_STATE), EMPTY_STATE_JSON);
  return { dir, env: mirrorOnlyEnvironment(dir, mirror) };
}

/** What Terraform says when it rejects each class: a Terraform error on a mutant that matches none is "another reason". */
const TERRAFORM_SAYS: Record<MutationClass, RegExp> = {
  "missing-required": /Missing required argument|required field is not set|Insufficient .* blocks|Missing required block|is required|must be configured|Missing Configuration for Required Attribute/i,
  "unknown-argument": /Unsupported argument|Unsupported block type|Extraneous JSON object property/i,
  type: /Incorrect attribute value type|Inappropriate value|Unsuitable value|Invalid .*value|cannot be converted|expected .* (string|number|bool|list|map)|a (number|bool|string) is required/i,
  "block-count": /Too many .* blocks|Insufficient .* blocks|Duplicate .* block|item(s)? (maximum|minimum)|at (most|least) \d|Invalid Block|Missing required block/i,
  "computed-only": /unconfigurable attribute|Invalid or unknown key|Computed attribute|Read-Only|cannot be set|can't be set|Invalid Configuration for Read-Only Attribute/i,
  "sensitive-output": /Output refers to sensitive values/i,
  "unknown-attribute-reference": /Unsupported attribute|This object does not have an attribute|Invalid index|does not have an element|Missing map element|Cannot index a set value/i,
  "unknown-reference": /Reference to undeclared/i,
  interpolation: /Extra characters after interpolation expression|Invalid expression|Invalid character/i,
  "static-reference": /A single static variable reference is required|Invalid expression/i,
  enum: /one of|Invalid value|invalid value|expected .* to be/i,
  range: /range|between|at least|at most|Invalid value/i,
  length: /length|characters|Invalid value/i,
  pattern: /match|Invalid value|invalid value|must/i,
  conflicts: /conflicts with|Invalid Attribute Combination|cannot be specified|only one of/i,
  "exactly-one-of": /one of|Invalid Attribute Combination|must be specified/i,
  "at-least-one-of": /one of|Invalid Attribute Combination|must be specified/i,
  "required-with": /all of|Invalid Attribute Combination|must be specified|required/i,
};

// ---------------------------------------------------------------------------------------------------------------
// Calibration
// ---------------------------------------------------------------------------------------------------------------

/**
 * All stacks in ONE Terraform config (one provider start per step, not one per stack): every resource, output,
 * variable and remote state of stack i renamed `s<i>_<name>`, references rewritten, each stack's providers
 * aliased `aws.s<i>` / `aws.s<i>_<alias>` and every resource pinned to its stack's provider.
 * Returns the config and, per merged address, the stack and address it came from.
 */
export function mergeStacks(stacks: readonly (readonly [string, TerraformJson])[]): { json: Json; origin: Map<string, { stack: string; address: string }> } {
  const merged = { terraform: {} as Json, provider: { aws: [] as Json[] }, resource: {} as Record<string, Record<string, Json>>, data: {} as Record<string, Record<string, Json>>, output: {} as Json, variable: {} as Json };
  const origin = new Map<string, { stack: string; address: string }>();
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  stacks.forEach(([stack, original], i) => {
    const s = offlineCopy(original as Json) as TerraformJson;
    const prefix = `s${i}_`;
    const required = ((s.terraform?.["required_providers"] ?? {}) as Json);
    merged.terraform["required_providers"] = { ...((merged.terraform["required_providers"] ?? {}) as Json), ...required };
    for (const p of (s.provider?.["aws"] ?? []) as Json[]) {
      merged.provider.aws.push({ ...p, alias: p["alias"] ? `${prefix}${p["alias"]}` : `s${i}` });
    }
    const rewrites: [RegExp, string][] = [];
    for (const [type, byName] of Object.entries(s.resource ?? {})) {
      for (const name of Object.keys(byName)) rewrites.push([new RegExp(`(?<![\\w.\\-])${esc(type)}\\.${esc(name)}(?![\\w-])`, "g"), `${type}.${prefix}${name}`]);
    }
    for (const [type, byName] of Object.entries(s.data ?? {})) {
      for (const name of Object.keys(byName)) rewrites.push([new RegExp(`(?<![\\w.\\-])data\\.${esc(type)}\\.${esc(name)}(?![\\w-])`, "g"), `data.${type}.${prefix}${name}`]);
    }
    for (const name of Object.keys(s.variable ?? {})) rewrites.push([new RegExp(`(?<![\\w.\\-])var\\.${esc(name)}(?![\\w-])`, "g"), `var.${prefix}${name}`]);
    const rewrite = (value: unknown): unknown => {
      if (typeof value === "string") return value.includes("${") || /^(data\.)?[a-z]\w*\.[\w-]+$/.test(value) ? rewrites.reduce((v, [re, to]) => v.replace(re, to), value) : value;
      if (Array.isArray(value)) return value.map(rewrite);
      if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
      return value;
    };
    for (const [type, byName] of Object.entries(s.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const copy = rewrite(body) as Json;
        const provider = typeof body["provider"] === "string" ? (body["provider"] as string) : "aws";
        copy["provider"] = provider.includes(".") ? provider.replace(/^aws\./, `aws.${prefix}`) : `aws.s${i}`;
        (merged.resource[type] ??= {})[`${prefix}${name}`] = copy;
        origin.set(`${type}.${prefix}${name}`, { stack, address: `${type}.${name}` });
      }
    }
    for (const [type, byName] of Object.entries(s.data ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        (merged.data[type] ??= {})[`${prefix}${name}`] = rewrite(body) as Json;
        origin.set(`data.${type}.${prefix}${name}`, { stack, address: `data.${type}.${name}` });
      }
    }
    for (const [name, out] of Object.entries(s.output ?? {})) {
      merged.output[`${prefix}${name}`] = rewrite(out);
      origin.set(`output.${prefix}${name}`, { stack, address: `output.${name}` });
    }
    for (const [name, v] of Object.entries(s.variable ?? {})) merged.variable[`${prefix}${name}`] = v;
  });
  // Terraform's JSON syntax rejects empty `data` / `variable` objects.
  const json = Object.fromEntries(Object.entries(merged).filter(([, v]) => Object.keys(v).length > 0)) as Json;
  return { json, origin };
}

/** Writes a merged config, runs one step; error diagnostics by (stack, address); unmapped ones under stack "". */
async function runMerged(terraform: string, work: Work, configs: readonly (readonly [string, TerraformJson])[], step: "validate" | "plan", init: boolean): Promise<Map<string, string[]>> {
  const { json, origin } = mergeStacks(configs);
  const text = JSON.stringify(json, null, 2);
  writeFileSync(join(work.dir, "main.tf.json"), text);
  writeFileSync(join(work.dir, `${step}.json.txt`), text); // kept with --keep, for inspection
  const spans = lineIndex(text);
  if (init) {
    const r = await tf(terraform, work, ["init", "-input=false", "-no-color", "-backend=false"]);
    if (!r.ok) throw new Error(`terraform init failed in ${work.dir}:\n${r.stdout}${r.stderr}`);
  }
  const r = step === "validate" ? await tf(terraform, work, ["validate", "-json", "-no-color"]) : await tf(terraform, work, ["plan", "-json", "-input=false", "-no-color", "-refresh=false", "-lock=false"]);
  const diagnostics: Diagnostic[] = [];
  if (step === "validate") {
    try {
      diagnostics.push(...((JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics ?? []));
    } catch {
      throw new Error(`terraform validate gave no JSON in ${work.dir}:\n${r.stdout}${r.stderr}`);
    }
  } else {
    for (const line of r.stdout.split("\n")) {
      if (!line.startsWith("{")) continue;
      const msg = JSON.parse(line) as { type?: string; diagnostic?: Diagnostic };
      if (msg.type === "diagnostic" && msg.diagnostic) diagnostics.push(msg.diagnostic);
    }
    if (!r.ok && diagnostics.every((d) => d.severity !== "error")) diagnostics.push({ severity: "error", summary: "plan failed", detail: `${r.stderr}`.slice(0, 500) });
  }
  const out = new Map<string, string[]>();
  for (const d of diagnostics) {
    if (d.severity !== "error") continue;
    const merged = addressOf(d, spans) ?? "";
    const from = origin.get(merged);
    const key = from ? k(from.stack, from.address) : k("", merged || "(no address)");
    out.set(key, [...(out.get(key) ?? []), `${step}: ${oneLine(d)}`]);
  }
  return out;
}

const k = (stack: string, address: string) => `${stack}\u0000${address}`;

export async function calibrateAws(opts: CalibrateOptions = {}): Promise<CalibrationResult> {
  const started = Date.now();
  const terraform = findTerraform();
  if (!terraform) return { status: "skipped", reason: "Terraform is not installed (set TIERFORM_TERRAFORM or put terraform on PATH)" };
  const mirror = findMirror();
  if (!mirror) return { status: "skipped", reason: "no filesystem mirror of hashicorp/aws found (set TIERFORM_TF_MIRROR)" };

  const everything = awsStacks();
  const stackNames = (opts.stacks ?? Object.keys(everything)).filter((s) => everything[s]);
  const stacks = Object.fromEntries(stackNames.map((s) => [s, everything[s]!]));
  const claimed = claimedClasses(stacks);
  const { mutations, candidates } = generateMutations(stacks, opts);

  // Lint: the unmutated stacks (every AWS stack), then each stack with its mutants.
  const baseLint = Object.entries(everything).flatMap(([name, json]) => lintStack(name, json).violations.map(fmt));
  const lintOn = new Map<string, LintViolation[]>();
  const mutated = stackNames.map((stack) => {
    const mine = mutations.filter((m) => m.stack === stack);
    const { json, controls } = mutatedStack(stacks[stack]!, mine, candidates);
    for (const v of lintStack(stack, json).violations) lintOn.set(k(stack, v.address), [...(lintOn.get(k(stack, v.address)) ?? []), v]);
    return { stack, mine, json, controls };
  });

  const root = mkdtempSync(join(tmpdir(), "tierform-calibrate-"));
  let runs = 0;
  let validateSeconds = 0;
  let planSeconds = 0;
  const tfErrors = new Map<string, string[]>();
  const baseTerraform: string[] = [];
  const excluded: { mutation: Mutation; reason: string }[] = [];
  const ours = new Set<string>();
  for (const { stack, mine, controls } of mutated) {
    for (const m of mine) ours.add(k(stack, m.address));
    for (const c of controls.values()) ours.add(k(stack, c));
  }
  const record = (errors: Map<string, string[]>) => {
    for (const [key, list] of errors) {
      if (ours.has(key)) tfErrors.set(key, [...(tfErrors.get(key) ?? []), ...list]);
      else baseTerraform.push(...list.map((e) => `${key.replace("\u0000", ":")}: ${e}`));
    }
  };
  try {
    const work = await prepare(mirror, root, "all");
    // 1. validate: every stack with all its mutants and control copies, in one config.
    let t = Date.now();
    const validate = await runMerged(terraform, work, mutated.map((s) => [s.stack, s.json] as const), "validate", true);
    runs++;
    validateSeconds = (Date.now() - t) / 1000;
    record(validate);
    // 2. plan: the mutants validate accepted (validate errors stop a plan before it starts); errors that only a
    //    plan shows (sensitive outputs) are reported for every mutant at once.
    const accepted = mutated.map(({ stack, mine }) => ({ stack, mine: mine.filter((m) => !validate.has(k(stack, m.address))) }));
    if (accepted.some((a) => a.mine.length)) {
      const configs = accepted.map(({ stack, mine }) => [stack, mutatedStack(stacks[stack]!, mine, candidates).json] as const);
      t = Date.now();
      const plan = await runMerged(terraform, work, configs, "plan", false);
      runs++;
      planSeconds = (Date.now() - t) / 1000;
      record(new Map([...plan].filter(([key]) => !validate.has(key))));
    }
  } finally {
    if (!opts.keep) rmSync(root, { recursive: true, force: true });
  }

  const outcomes: MutationOutcome[] = [];
  for (const m of mutations) {
    if (!m.address.startsWith("output.")) {
      const bad = tfErrors.get(k(m.stack, `${m.target}_control`));
      if (bad?.length) {
        excluded.push({ mutation: m, reason: `unmutated copy not clean: ${bad[0]}` });
        continue;
      }
    }
    const lintV = lintOn.get(k(m.stack, m.address)) ?? [];
    const tfE = tfErrors.get(k(m.stack, m.address)) ?? [];
    const lintFlagged = m.invalid ? lintV.some((v) => v.rule === m.cls) : lintV.length > 0;
    const terraformFlagged = tfE.length > 0;
    if (terraformFlagged && !tfE.some((e) => TERRAFORM_SAYS[m.cls].test(e))) {
      excluded.push({ mutation: m, reason: `Terraform objects to something else: ${tfE[0]}` });
      continue;
    }
    outcomes.push({ ...m, lint: lintV.map((v) => `${v.rule}${v.path ? ` at ${v.path}` : ""}: ${v.detail}`), terraform: tfE, lintFlagged, terraformFlagged, agree: lintFlagged === terraformFlagged });
  }

  const rows: ClassRow[] = MUTATION_CLASSES.map((cls) => {
    const mine = outcomes.filter((o) => o.cls === cls);
    const agreed = mine.filter((o) => o.agree).length;
    return {
      cls,
      claimed: claimed.has(cls),
      mutations: mine.length,
      negatives: mine.filter((o) => !o.invalid).length,
      lintFlagged: mine.filter((o) => o.lintFlagged).length,
      terraformFlagged: mine.filter((o) => o.terraformFlagged).length,
      agreed,
      agreement: mine.length ? agreed / mine.length : NaN,
    };
  });
  const claimedOutcomes = outcomes.filter((o) => claimed.has(o.cls));
  const agreed = claimedOutcomes.filter((o) => o.agree).length;
  return {
    status: "ok",
    rows,
    outcomes,
    disagreements: outcomes.filter((o) => !o.agree),
    overall: { mutations: claimedOutcomes.length, agreed, agreement: claimedOutcomes.length ? agreed / claimedOutcomes.length : NaN },
    excluded,
    base: { lint: baseLint, terraform: baseTerraform },
    stacks: stackNames,
    terraformRuns: runs,
    seconds: { total: (Date.now() - started) / 1000, validate: validateSeconds, plan: planSeconds },
  };
}

const fmt = (v: LintViolation) => `${v.stack}:${v.address}${v.path ? `.${v.path}` : ""}: ${v.rule} (${v.detail})`;

/** The per-class table, the disagreements and exclusions, as printed by the script. */
export function formatCalibration(result: CalibrationResult, verbose = false): string {
  if (result.status === "skipped") return `TERRAFORM CHECK NOT RUN: ${result.reason}`;
  const pct = (x: number) => (Number.isNaN(x) ? "  n/a" : `${(100 * x).toFixed(1).padStart(5)}%`);
  const lines: string[] = [];
  lines.push(`AWS lint calibration: ${result.outcomes.length} mutations (${result.excluded.length} excluded) on ${result.stacks.length} stacks, ${result.terraformRuns} terraform runs, ${result.seconds.total.toFixed(1)} s (validate ${result.seconds.validate.toFixed(1)} s, plan ${result.seconds.plan.toFixed(1)} s of it terraform)`);
  lines.push("");
  lines.push("| class | claimed | mutations (valid controls) | lint flagged | terraform flagged | agreement |");
  lines.push("|---|---|---|---|---|---|");
  for (const r of result.rows) {
    if (!r.claimed && !r.mutations) {
      lines.push(`| ${r.cls} | no | 0 | - | - | lint claims nothing (no such rules in aws.json) |`);
      continue;
    }
    lines.push(`| ${r.cls} | ${r.claimed ? "yes" : "no"} | ${r.mutations} (${r.negatives}) | ${r.lintFlagged} | ${r.terraformFlagged} | ${pct(r.agreement)} |`);
  }
  lines.push(`| **overall (claimed)** | | ${result.overall.mutations} | | | ${pct(result.overall.agreement)} |`);
  lines.push("");
  lines.push(`unmutated stacks: ${result.base.lint.length} lint violations, ${result.base.terraform.length} terraform errors`);
  for (const l of [...result.base.lint, ...result.base.terraform]) lines.push(`  BASE ${l}`);
  lines.push(`disagreements: ${result.disagreements.length}`);
  for (const o of result.disagreements) {
    lines.push(`  DISAGREE [${o.cls}] ${o.stack}:${o.address}: ${o.what} | lint: ${o.lint.join("; ") || "nothing"} | terraform: ${o.terraform.join("; ") || "nothing"}`);
  }
  if (verbose) for (const o of result.outcomes) lines.push(`  ${o.agree ? "agree   " : "DISAGREE"} [${o.cls}] ${o.stack}:${o.address}: ${o.what} | lint: ${o.lint.join("; ") || "nothing"} | terraform: ${o.terraform.join("; ").slice(0, 160) || "nothing"}`);
  for (const e of result.excluded) lines.push(`  EXCLUDED [${e.mutation.cls}] ${e.mutation.stack}:${e.mutation.address}: ${e.mutation.what} | ${e.reason}`);
  return lines.join("\n");
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const sample = arg("sample");
  const seed = arg("seed");
  const stacks = arg("stacks");
  calibrateAws({
    ...(sample ? { sample: Number(sample) } : {}),
    ...(seed ? { seed: Number(seed) } : {}),
    ...(stacks ? { stacks: stacks.split(",") } : {}),
    keep: process.argv.includes("--keep"),
  }).then(
    (result) => {
      console.log(formatCalibration(result, process.argv.includes("--verbose")));
      if (result.status === "ok" && (result.overall.agreement < 0.95 || result.base.lint.length || result.base.terraform.length)) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
