import { interpolations, isExpression, localsIn, marksSensitive, referencesIn, referencesInValue, unescapedPolicyVariables, type Reference } from "./expressions";
import { META_ARGUMENTS, member, providerOf, typeRules, type AttrRules, type BlockRules, type NestedBlockRules, type ValueType } from "./rules";
import type { SynthResult, TerraformJson } from "./synth";

/**
 * Checks synthesized Terraform JSON against the pinned providers' own schema rules (src/testing/rules), the
 * way `terraform validate` would if the provider binary were here: unknown or missing arguments, computed-only
 * arguments set, literal values against type/enum/range/length/pattern, conflicting or missing one-of
 * arguments, block counts, references to attributes that do not exist, and outputs that expose a sensitive
 * attribute without `sensitive: true`. Values that are expressions skip the value rules; their references are
 * still checked. Types without shipped rules are counted as unchecked, never guessed at.
 */

export type LintRule =
  | "unknown-argument"
  | "missing-required"
  | "computed-only"
  | "type"
  | "enum"
  | "range"
  | "length"
  | "pattern"
  | "conflicts"
  | "exactly-one-of"
  | "at-least-one-of"
  | "required-with"
  | "block-count"
  | "sensitive-output"
  | "unknown-reference"
  | "unknown-attribute-reference"
  | "interpolation"
  | "static-reference";

export interface LintViolation {
  readonly stack: string;
  /** `type.name`, `data.type.name` or `output.name`. */
  readonly address: string;
  /** Where in the body, as Terraform paths read: `settings.0.tier`. Empty for the body itself. */
  readonly path: string;
  readonly rule: LintRule;
  /** The value received, or what is missing. */
  readonly detail: string;
}

export interface LintReport {
  readonly violations: LintViolation[];
  /** Resources and data sources checked against rules. */
  readonly checked: number;
  /** Types present in the input for which no rules ship (their bodies were not checked; references to them were). */
  readonly unchecked: string[];
}

/** One line per violation: `stack:type.name.path: rule (value)`. */
export function formatViolation(v: LintViolation): string {
  return `${v.stack}:${v.address}${v.path ? `.${v.path}` : ""}: ${v.rule} (${v.detail})`;
}


type Body = Record<string, unknown>;

const show = (value: unknown): string => {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const present = (value: unknown): boolean => value !== undefined && value !== null;

/** A block's elements as written: an object is one element, an array any number; an expression is unknown. */
function elements(value: unknown): Body[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is Body => v !== null && typeof v === "object" && !Array.isArray(v));
  if (value !== null && typeof value === "object") return [value as Body];
  return undefined;
}

/** Resolves a provider-written path (`settings.0.tier`, `password`) from a resource's root body. */
function valueAt(root: Body, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split(".")) {
    if (current === null || current === undefined) return undefined;
    if (/^\d+$/.test(part)) {
      current = Array.isArray(current) ? current[Number(part)] : Number(part) === 0 ? current : undefined;
    } else {
      if (Array.isArray(current)) current = current[0];
      current = typeof current === "object" && current !== null ? (current as Body)[part] : undefined;
    }
  }
  return current;
}

/** RE2 as providers write it, in the JavaScript dialect where they differ; undefined when it cannot be read. */
function toRegExp(source: string): RegExp | undefined {
  let flags = "";
  let s = source;
  if (s.startsWith("(?i)")) {
    flags = "i";
    s = s.slice(4);
  }
  s = s.replace(/\(\?P</g, "(?<").replace(/\\A/g, "^").replace(/\\z/g, "$");
  try {
    return new RegExp(s, flags);
  } catch {
    return undefined;
  }
}

type Report = (path: string, rule: LintRule, detail: string) => void;

/** The strings Terraform converts to a number (no spaces, hex or Infinity, unlike JavaScript's Number()). */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Type conformance of a literal, with Terraform's automatic string/number/bool conversions. */
function typeProblem(type: ValueType, value: unknown): string | undefined {
  if (!present(value) || isExpression(value) || type === "any") return undefined;
  if (type === "string") return typeof value === "object" ? `expected a string, got ${show(value)}` : undefined;
  if (type === "number") {
    if (typeof value === "number") return undefined;
    if (typeof value === "string" && NUMBER_TEXT.test(value)) return undefined;
    return `expected a number, got ${show(value)}`;
  }
  if (type === "bool") {
    if (typeof value === "boolean" || ["true", "false", "1", "0"].includes(value as string)) return undefined;
    return `expected a bool, got ${show(value)}`;
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) return `expected a ${kind}, got ${show(value)}`;
    for (const element of value) {
      const p = typeProblem(inner as ValueType, element);
      if (p) return p;
    }
    return undefined;
  }
  if (typeof value !== "object" || Array.isArray(value)) return `expected ${kind === "map" ? "a map" : "an object"}, got ${show(value)}`;
  const entries = Object.entries(value as Body);
  if (kind === "map") {
    for (const [, v] of entries) {
      const p = typeProblem(inner as ValueType, v);
      if (p) return p;
    }
    return undefined;
  }
  const fields = inner as Readonly<Record<string, ValueType>>;
  for (const [k, v] of entries) {
    const t = fields[k];
    if (!t) return `unsupported attribute ${JSON.stringify(k)} in ${show(value)}`;
    const p = typeProblem(t, v);
    if (p) return p;
  }
  return undefined;
}

/** enum / range / length / pattern of one primitive literal. */
function valueProblems(rules: Pick<AttrRules, "enum" | "enumIgnoreCase" | "range" | "length" | "pattern">, value: unknown, at: string, report: Report): void {
  if (!present(value) || isExpression(value) || typeof value === "object") return;
  if (rules.enum?.length) {
    const same = (a: string | number) =>
      rules.enumIgnoreCase && typeof value === "string" && typeof a === "string" ? a.toLowerCase() === value.toLowerCase() : String(a) === String(value);
    if (!rules.enum.some(same)) report(at, "enum", `${show(value)}; allowed: ${rules.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  if (rules.range && (typeof value === "number" || (typeof value === "string" && NUMBER_TEXT.test(value)))) {
    const n = Number(value);
    const [min, max] = rules.range;
    if ((min !== null && n < min) || (max !== null && n > max)) report(at, "range", `${n}; allowed: ${min ?? "-∞"}..${max ?? "∞"}`);
  }
  if (typeof value === "string") {
    if (rules.length) {
      const [min, max] = rules.length;
      if ((min !== null && value.length < min) || (max !== null && value.length > max)) {
        report(at, "length", `${show(value)} has ${value.length} characters; allowed: ${min ?? 0}..${max ?? "∞"}`);
      }
    }
    for (const source of rules.pattern ?? []) {
      const re = toRegExp(source);
      if (re && !re.test(value)) report(at, "pattern", `${show(value)} does not match /${source}/`);
    }
  }
}

function checkAttr(attr: AttrRules, value: unknown, at: string, report: Report): void {
  if (attr.computed && !attr.optional && !attr.required) {
    report(at, "computed-only", `${show(value)}: set by the provider, not configurable`);
    return;
  }
  const problem = typeProblem(attr.type, value);
  if (problem) {
    report(at, "type", problem);
    return;
  }
  valueProblems(attr, value, at, report);
  if (attr.elem) {
    if (Array.isArray(value)) value.forEach((v, i) => valueProblems(attr.elem!, v, `${at}.${i}`, report));
    else if (value !== null && typeof value === "object" && !isExpression(value)) {
      for (const [k, v] of Object.entries(value as Body)) valueProblems(attr.elem, v, `${at}.${k}`, report);
    }
  }
}

function checkNested(nested: NestedBlockRules, value: unknown, at: string, root: Body, report: Report): void {
  if (nested.computed && !nested.optional && !nested.required) {
    report(at, "computed-only", "set by the provider, not configurable");
    return;
  }
  const items = elements(value);
  if (!items) {
    if (!isExpression(value)) report(at, "type", `expected a block, got ${show(value)}`);
    return;
  }
  const count = Array.isArray(value) ? value.length : 1;
  // As Terraform's SDK does: an optional block's minimum applies only once the block is written at all.
  const min = nested.required || count > 0 ? (nested.min ?? 0) : 0;
  if (count < min || (nested.max !== undefined && nested.max > 0 && count > nested.max)) {
    report(at, "block-count", `${count} blocks; allowed: ${min}..${nested.max ?? "∞"}`);
  }
  if (nested.nesting === "map") {
    for (const [key, item] of Object.entries(value as Body)) {
      if (item !== null && typeof item === "object") checkBlock(nested.block, item as Body, `${at}.${key}`, root, report);
    }
    return;
  }
  items.forEach((item, i) => checkBlock(nested.block, item, `${at}.${i}`, root, report));
}

/** Names a `dynamic` block generates (cdktf iterators): they count as present, their content is not checked. */
function dynamicNames(body: Body): Set<string> {
  const dyn = body["dynamic"];
  return new Set(dyn !== null && typeof dyn === "object" ? Object.keys(dyn) : []);
}

function checkBlock(rules: BlockRules, body: Body, at: string, root: Body, report: Report, isRoot = false): void {
  const dynamic = dynamicNames(body);
  const join = (name: string) => (at ? `${at}.${name}` : name);
  for (const [key, value] of Object.entries(body)) {
    // "//" is a JSON comment at any level (cdktf writes its metadata there).
    if ((isRoot && META_ARGUMENTS.has(key)) || key === "dynamic" || key === "//") continue;
    const m = member(rules, key);
    if (!m) report(join(key), "unknown-argument", `no argument or block named ${JSON.stringify(key)}`);
    else if (!present(value)) continue;
    else if ("attr" in m) checkAttr(m.attr, value, join(key), report);
    else checkNested(m.nested, value, join(key), root, report);
  }
  for (const [name, attr] of Object.entries(rules.attrs ?? {})) {
    if (attr.required && !present(body[name])) report(join(name), "missing-required", "required argument not set");
  }
  for (const [name, nested] of Object.entries(rules.blocks ?? {})) {
    if (nested.required && !present(body[name]) && !dynamic.has(name)) {
      report(join(name), "missing-required", `at least ${Math.max(nested.min ?? 1, 1)} block required`);
    }
  }
  checkRelations(rules, at, root, dynamic, report);
}

/** ConflictsWith / ExactlyOneOf / AtLeastOneOf / RequiredWith, each group reported once. */
function checkRelations(rules: BlockRules, at: string, root: Body, dynamic: Set<string>, report: Report): void {
  // Providers write these paths from the resource's root, also inside nested blocks.
  // An empty block list is no block at all (the SDK drops it).
  const isSet = (path: string) => {
    const v = valueAt(root, path);
    return (present(v) && !(Array.isArray(v) && v.length === 0)) || (at === "" && dynamic.has(path));
  };
  const join = (name: string) => (at ? `${at}.${name}` : name);
  const seen = new Set<string>();
  const members: [string, AttrRules | NestedBlockRules][] = [...Object.entries(rules.attrs ?? {}), ...Object.entries(rules.blocks ?? {})];
  for (const [name, m] of members) {
    const here = isSet(name);
    if (here) {
      for (const other of m.conflictsWith ?? []) {
        const key = ["conflicts", ...[name, other].sort()].join("|");
        if (isSet(other) && !seen.has(key)) {
          seen.add(key);
          report(join(name), "conflicts", `set together with ${other}`);
        }
      }
      const missing = (m.requiredWith ?? []).filter((p) => p !== name && !isSet(p));
      if (missing.length) report(join(name), "required-with", `also requires ${missing.join(", ")}`);
    }
    if (m.exactlyOneOf) {
      const key = ["exactly", ...[...m.exactlyOneOf].sort()].join("|");
      const set = m.exactlyOneOf.filter(isSet);
      if (set.length !== 1 && !seen.has(key)) {
        seen.add(key);
        report(join(name), "exactly-one-of", set.length ? `${set.join(", ")} set; exactly one of ${m.exactlyOneOf.join(", ")} allowed` : `none of ${m.exactlyOneOf.join(", ")} set`);
      }
    }
    if (m.atLeastOneOf) {
      const key = ["least", ...[...m.atLeastOneOf].sort()].join("|");
      if (!m.atLeastOneOf.some(isSet) && !seen.has(key)) {
        seen.add(key);
        report(join(name), "at-least-one-of", `none of ${m.atLeastOneOf.join(", ")} set`);
      }
    }
  }
}

/** Whether a member, or anything inside it, is sensitive. */
function holdsSensitive(m: AttrRules | NestedBlockRules): boolean {
  if (m.sensitive) return true;
  if ("block" in m) return [...Object.values(m.block.attrs ?? {}), ...Object.values(m.block.blocks ?? {})].some(holdsSensitive);
  return false;
}

/**
 * What a reference path reaches in a type's rules: whether it exists, and whether the value is sensitive.
 * Paths into object-typed attributes are checked against the object's attribute names.
 */
function follow(rules: BlockRules, path: readonly string[], indexed: readonly boolean[]): { missing?: string; sensitive: boolean } {
  // The whole object: sensitive when any attribute of it is.
  if (!path.length) return { sensitive: [...Object.values(rules.attrs ?? {}), ...Object.values(rules.blocks ?? {})].some(holdsSensitive) };
  let block: BlockRules | undefined = rules;
  let type: ValueType | undefined;
  for (const [i, name] of path.entries()) {
    if (block) {
      const m = member(block, name);
      if (!m) return { missing: `no attribute ${JSON.stringify(name)}`, sensitive: false };
      const target: AttrRules | NestedBlockRules = "attr" in m ? m.attr : m.nested;
      const isSet = "attr" in m ? Array.isArray(m.attr.type) && m.attr.type[0] === "set" : m.nested.nesting === "set";
      if (indexed[i] && isSet) return { missing: `${JSON.stringify(name)} is a set, which cannot be indexed (use one(), tolist() or a for expression)`, sensitive: false };
      if (target.sensitive || (i === path.length - 1 && holdsSensitive(target))) return { sensitive: true };
      if ("attr" in m) {
        block = undefined;
        type = m.attr.type;
      } else block = m.nested.block;
    } else if (type) {
      // Through collections to an object's attributes; a map's keys are data, not names.
      while (Array.isArray(type) && (type[0] === "list" || type[0] === "set")) type = type[1] as ValueType;
      if (Array.isArray(type) && type[0] === "object") {
        const next: ValueType | undefined = (type[1] as Record<string, ValueType>)[name];
        if (!next) return { missing: `no attribute ${JSON.stringify(name)}`, sensitive: false };
        type = next;
      } else return { sensitive: false };
    }
  }
  return { sensitive: false };
}

/** Every string in a JSON value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The names `dynamic` blocks anywhere in a body bind: the block's name, or its `iterator`. */
function dynamicIterators(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) dynamicIterators(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "dynamic" && v !== null && typeof v === "object") {
        for (const [block, spec] of Object.entries(v)) {
          out.add(block);
          const iterator = (spec as { iterator?: unknown } | null)?.iterator;
          if (typeof iterator === "string") out.add(iterator);
        }
      }
      dynamicIterators(v, out);
    }
  }
  return out;
}

/** Checks one stack. `stack` names it in the report. */
export function lintStack(stack: string, json: TerraformJson): LintReport {
  const violations: LintViolation[] = [];
  const unchecked = new Set<string>();
  let checked = 0;
  const variables = (json.variable ?? {}) as Record<string, { sensitive?: boolean }>;

  const lintBodies = (kind: "resource" | "data", byType: Record<string, Record<string, Record<string, unknown>>>) => {
    for (const [type, byName] of Object.entries(byType)) {
      const found = typeRules(kind, type);
      for (const [name, body] of Object.entries(byName)) {
        const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        const report: Report = (path, rule, detail) => violations.push({ stack, address, path, rule, detail });
        checkReferences(body, report);
        if (!found) {
          // Terraform's own types (terraform_remote_state, terraform_data) belong to no provider's schema.
          if (providerOf(type) !== "terraform") unchecked.add(kind === "data" ? `data.${type}` : type);
          continue;
        }
        checked++;
        checkBlock(found.rules, body, "", body, report, true);
      }
    }
  };

  /** References: the address must exist in this stack, and the attribute on its type (when rules ship). */
  const resolve = (ref: Reference): { missing?: string; sensitive: boolean } | "undeclared" => {
    if (ref.kind === "var") {
      const variable = variables[ref.name];
      return variable ? { sensitive: variable.sensitive === true } : "undeclared";
    }
    const pool = ref.kind === "data" ? json.data : json.resource;
    if (!pool?.[ref.type]?.[ref.name]) return "undeclared";
    const found = typeRules(ref.kind, ref.type);
    return found ? follow(found.rules, ref.path, ref.indexed) : { sensitive: false };
  };
  const refText = (ref: Reference) => [ref.kind === "data" ? "data" : undefined, ref.kind === "var" ? "var" : ref.type, ref.name, ...ref.path].filter(Boolean).join(".");

  function checkReferences(body: Record<string, unknown>, report: Report) {
    // A dynamic block's iterator (`ebs_block_device.value.size`, or the name `iterator` gives) is no resource.
    const iterators = dynamicIterators(body);
    const refs = referencesInValue(body).filter((ref) => !iterators.has(ref.type));
    for (const dep of (Array.isArray(body["depends_on"]) ? body["depends_on"] : []) as unknown[]) {
      // Terraform takes a plain reference here ("google_project_service.api"), never a template: "${…}" fails init
      // with "A single static variable reference is required".
      if (typeof dep === "string" && isExpression(dep)) report("depends_on", "static-reference", `depends_on takes plain references, not "${dep}"`);
      // Resources and data sources only: `module.vpc` and the like are not this stack's to check.
      if (typeof dep === "string" && !isExpression(dep) && /^(data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[\w-]+$/.test(dep)) {
        const parts = dep.split(".");
        const data = parts[0] === "data";
        const [type, name] = data ? parts.slice(1) : parts;
        if (type && name) refs.push({ kind: data ? "data" : "resource", type, name, path: [], indexed: [], unmarked: false });
      }
    }
    for (const variable of strings(body).flatMap(unescapedPolicyVariables)) {
      report("", "interpolation", `\${${variable}} is not a Terraform expression; write $\${${variable}} for a literal (an IAM policy variable)`);
    }
    for (const ref of refs) {
      const r = resolve(ref);
      if (r === "undeclared") report("", "unknown-reference", `${refText(ref)}: not declared in this stack`);
      else if (r.missing) report("", "unknown-attribute-reference", `${refText(ref)}: ${ref.type}: ${r.missing}`);
    }
  }

  lintBodies("resource", json.resource ?? {});
  lintBodies("data", json.data ?? {});

  /** Why an expression's value is sensitive (a sensitive reference, local or sensitive() call), if it is. */
  const localsValue = (json["locals"] ?? {}) as Record<string, unknown>;
  const sensitiveLocals = new Map<string, string>();
  const whySensitive = (value: unknown): string | undefined => {
    for (const expr of strings(value).flatMap(interpolations)) {
      if (marksSensitive(expr)) return "sensitive(…)";
      for (const ref of referencesIn(expr)) {
        const r = resolve(ref);
        if (r !== "undeclared" && r.sensitive && !ref.unmarked) return refText(ref);
      }
      for (const local of localsIn(expr)) if (!local.unmarked && sensitiveLocals.has(local.name)) return `local.${local.name} (${sensitiveLocals.get(local.name)})`;
    }
    return undefined;
  };
  // Sensitivity flows through locals: settle it before judging outputs.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, value] of Object.entries(localsValue)) {
      const why = sensitiveLocals.has(name) ? undefined : whySensitive(value);
      if (why) {
        sensitiveLocals.set(name, why);
        changed = true;
      }
    }
  }

  for (const [name, out] of Object.entries(json.output ?? {})) {
    const address = `output.${name}`;
    const report: Report = (path, rule, detail) => violations.push({ stack, address, path, rule, detail });
    checkReferences(out as Record<string, unknown>, report);
    if (out.sensitive === true) continue;
    const why = whySensitive(out.value);
    if (why) report("", "sensitive-output", `${why} is sensitive; mark the output sensitive or wrap the value in nonsensitive()`);
  }
  for (const [name, local] of Object.entries((json["locals"] ?? {}) as Record<string, unknown>)) {
    checkReferences({ value: local }, (path, rule, detail) => violations.push({ stack, address: `local.${name}`, path, rule, detail }));
  }
  return { violations, checked, unchecked: [...unchecked].sort() };
}

/** Checks every stack of a synth; stacks in name order. */
export function lint(result: SynthResult): LintReport {
  const reports = Object.keys(result)
    .sort()
    .map((stack) => lintStack(stack, result[stack]!));
  return {
    violations: reports.flatMap((r) => r.violations),
    checked: reports.reduce((n, r) => n + r.checked, 0),
    unchecked: [...new Set(reports.flatMap((r) => r.unchecked))].sort(),
  };
}
