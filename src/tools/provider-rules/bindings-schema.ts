/**
 * The schema tree a cdktf prebuilt provider binding implies for one resource or data source, read from the
 * binding's generated files as text (never by loading the provider's index, which costs seconds and gigabytes).
 *
 * Source of truth: each `lib/<dir>/index.js` carries an inline source map whose `sourcesContent` is the
 * generated TypeScript. cdktf's generator (@cdktf/provider-generator, AttributesEmitter) writes, before every
 * getter of the resource class and of every `…OutputReference` class, the schema flags it was generated from:
 *
 *     // tier - computed: false, optional: false, required: true
 *
 * and for nested objects a stored class: `new XOutputReference(this, "name")` (a list/set block with
 * MaxItems 1, a single nested block/attribute), `new XList(this, "name", wrapsSet)` (list, or set when
 * `wrapsSet` is true), `new XMap(this, "name")`. Which keys are blocks: cdktf describes every block in the
 * config interfaces as "<name> block" (attributes keep their schema description). The `…ToHclTerraform`
 * functions (and `synthesizeHclAttributes`) give the collection kind of each configurable key ("list", "set",
 * "map", "struct" = single nesting, "simple"). Their `isBlock` flag is NOT used: cdktf sets it for every complex
 * type, nested attributes included.
 *
 * What the generator does to flags (resource-parser.js), and so what the bindings can and cannot tell:
 * - list/set blocks: `required` ⇔ MinItems ≥ 1, `optional` otherwise; `computed` is always false. MaxItems is
 *   known only as "1 or not" (OutputReference vs List). MinItems > 1 and MaxItems > 1 are lost.
 * - single-nesting blocks (plugin framework): optional/required are derived from the children, meaningless.
 * - children of object-typed attributes (SDKv2 computed-only nested resources, `["list", ["object", …]]`
 *   types) inherit the parent's flags; only plugin-framework nested attributes carry their own flags.
 * - list vs set is known for blocks and nested attributes (HCL type / wrapsSet), also for MaxItems-1 blocks.
 * - sensitive, deprecated, forceNew, defaults, validators and conflicts are not in the bindings.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

/** How an attribute is set: the schema's required / optional / computed flags, as the binding records them. */
export type BindingClassification = "required" | "optional" | "optional+computed" | "computed" | "unknown";

/** Collection shape of a nested object: a list/set block with MaxItems 1 is "list"/"set" with `maxOne`. */
export type BindingNesting = "single" | "list" | "set" | "map";

export interface BindingAttribute {
  readonly kind: "attribute";
  readonly name: string;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly classification: BindingClassification;
  /** A config key (settable), as opposed to a getter only. */
  readonly configurable: boolean;
  /** For object-valued attributes (nested attributes, computed lists of objects): their shape and fields. */
  readonly nesting?: BindingNesting;
  readonly maxOne?: boolean;
  readonly children?: BindingBody;
  /**
   * True when every child carries exactly the parent's flags: either an object type / SDKv2 computed nested
   * resource (children inherit, the bindings cannot tell their own flags) or a nested attribute that happens
   * to agree. False: a plugin-framework nested attribute whose children have their own flags.
   */
  readonly childrenInheritFlags?: boolean;
}

export interface BindingBlock {
  readonly kind: "block";
  readonly name: string;
  /** "single" only for single-nesting blocks (plugin framework); MaxItems-1 list/set blocks keep list/set. */
  readonly nesting: BindingNesting;
  /** MaxItems == 1 (the binding uses an `…OutputReference` class instead of a `…List`). */
  readonly maxOne: boolean;
  /** list/set: MinItems ≥ 1. For single nesting this is derived from the children by cdktf (not a schema fact). */
  readonly required: boolean;
  readonly body: BindingBody;
}

export type BindingNode = BindingAttribute | BindingBlock;

export interface BindingBody {
  readonly attrs: Record<string, BindingAttribute>;
  readonly blocks: Record<string, BindingBlock>;
}

export interface BindingSchema {
  readonly packageName: string;
  readonly type: string;
  readonly kind: "resource" | "data";
  readonly className: string;
  readonly file: string;
  readonly body: BindingBody;
}

// ---------------------------------------------------------------------------------------------------------
// Locating the generated file

const RESERVED_NAMES = new Set([
  "string", "object", "function",
  // RESERVED_KEYWORDS_FOR_NAMESPACES in @cdktf/provider-generator
  "implements", "interface", "let", "package", "private", "protected", "public", "static", "yield", "await",
  // COLLIDING_NAMESPACE_NAMES
  "license", "version",
]);

/** cdktf's directory name for a type: provider prefix dropped for resources, `data_` kept for data sources. */
export function bindingDirName(provider: string, type: string, kind: "resource" | "data"): string {
  let base = kind === "data" ? `data_${type}` : type;
  if (base.startsWith(`${provider}_`)) base = base.slice(provider.length + 1);
  if (RESERVED_NAMES.has(base.toLowerCase()) || base === "provider") base = `${base}_resource`;
  if (base === "index") return "index-resource";
  return base.replace(/_/g, "-");
}

const packageRoots = new Map<string, string>();
function packageRoot(packageName: string, from: string): string {
  const key = `${from}\0${packageName}`;
  let root = packageRoots.get(key);
  if (root === undefined) {
    const req = createRequire(join(from, "noop.js"));
    // package.json is resolvable without loading the package's code.
    root = dirname(req.resolve(`${packageName}/package.json`));
    packageRoots.set(key, root);
  }
  return root;
}

export interface ReadBindingOptions {
  /** Directory from which the provider package is resolved (default: the current working directory). */
  readonly from?: string;
}

/**
 * The schema tree the binding implies for `type` ("google_sql_database_instance"). A data source is asked
 * for with kind "data" or with a "data." / "data_" prefix on the type.
 */
export function readBindingSchema(
  packageName: string,
  type: string,
  kind: "resource" | "data" = "resource",
  options: ReadBindingOptions = {},
): BindingSchema {
  if (type.startsWith("data.")) {
    type = type.slice(5);
    kind = "data";
  } else if (type.startsWith("data_")) {
    type = type.slice(5);
    kind = "data";
  }
  const provider = packageName.replace(/^@cdktf\/provider-/, "");
  const root = packageRoot(packageName, options.from ?? process.cwd());
  const file = join(root, "lib", bindingDirName(provider, type, kind), "index.js");
  if (!existsSync(file)) throw new Error(`${packageName}: no binding for ${kind} ${type} (looked for ${file})`);
  // Large types keep their structs in index-structs/structs<N>.js (a struct per section, names unique per type).
  const structsDir = join(dirname(file), "index-structs");
  const structFiles = existsSync(structsDir)
    ? readdirSync(structsDir)
        .filter((f) => /^structs\d+\.js$/.test(f))
        .map((f) => join(structsDir, f))
    : [];
  const source = [file, ...structFiles].map(generatedSource).join("\n");
  const parsed = new GeneratedSource(source, file);
  const cls = parsed.resourceClass(type);
  const body = parsed.bodyOfResource(cls);
  return { packageName, type, kind, className: cls, file, body };
}

/** The generated TypeScript embedded in the file's inline source map. */
function generatedSource(file: string): string {
  const js = readFileSync(file, "utf8");
  const marker = "sourceMappingURL=data:application/json;base64,";
  const at = js.lastIndexOf(marker);
  if (at < 0) throw new Error(`${file}: no inline source map; cannot read the generated source`);
  const map = JSON.parse(Buffer.from(js.slice(at + marker.length).trim(), "base64").toString("utf8")) as {
    sourcesContent?: string[];
  };
  const ts = map.sourcesContent?.[0];
  if (!ts) throw new Error(`${file}: source map has no sourcesContent`);
  return ts;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing the generated TypeScript

interface FlagEntry {
  readonly name: string;
  readonly computed: boolean;
  readonly optional: boolean;
  readonly required: boolean;
  readonly getter?: string;
  readonly storedClass?: string;
  readonly wrapsSet?: boolean;
}

interface ConfigKey {
  readonly optionalMark: boolean;
  readonly description: string;
}

interface HclEntry {
  readonly type: string;
  readonly storageClassType: string;
}

const FLAG_LINE = /^ {2}\/\/ ([A-Za-z0-9_]+) - computed: (true|false), optional: (true|false), required: (true|false)$/gm;
const DECL = /^export (?:declare )?(interface|class|function) ([A-Za-z0-9_]+)/gm;

class GeneratedSource {
  private readonly sections = new Map<string, { kind: string; text: string }>();
  private readonly flagCache = new Map<string, FlagEntry[]>();

  constructor(
    source: string,
    private readonly file: string,
  ) {
    const starts: { kind: string; name: string; index: number }[] = [];
    for (const m of source.matchAll(DECL)) starts.push({ kind: m[1]!, name: m[2]!, index: m.index });
    for (let i = 0; i < starts.length; i++) {
      const s = starts[i]!;
      const end = i + 1 < starts.length ? starts[i + 1]!.index : source.length;
      this.sections.set(`${s.kind} ${s.name}`, { kind: s.kind, text: source.slice(s.index, end) });
    }
  }

  private section(kind: string, name: string): string | undefined {
    return this.sections.get(`${kind} ${name}`)?.text;
  }

  resourceClass(type: string): string {
    for (const [key, { kind, text }] of this.sections) {
      if (kind !== "class") continue;
      if (text.includes(`tfResourceType = "${type}";`)) return key.slice("class ".length);
    }
    throw new Error(`${this.file}: no class with tfResourceType "${type}"`);
  }

  bodyOfResource(cls: string): BindingBody {
    const text = this.section("class", cls)!;
    const config = /\bconfig: ([A-Za-z0-9_]+)/.exec(text)?.[1];
    const hcl = parseHcl(sliceFrom(text, "synthesizeHclAttributes()"));
    return this.body(cls, config, hcl, new Set());
  }

  /** Children of a class (resource class or `…OutputReference`), described by its flag comments. */
  private body(cls: string, iface: string | undefined, hcl: Map<string, HclEntry>, seen: Set<string>): BindingBody {
    const attrs: Record<string, BindingAttribute> = {};
    const blocks: Record<string, BindingBlock> = {};
    const keys = iface ? this.configKeys(iface) : new Map<string, ConfigKey>();
    if (seen.has(cls)) return { attrs, blocks }; // recursive schema: stop
    const inner = new Set(seen).add(cls);
    for (const e of this.flags(cls)) {
      const key = e.getter ? keys.get(e.getter) : undefined;
      const isBlock = key !== undefined && key.description === `${e.name} block`;
      const h = hcl.get(e.name);
      const stored = e.storedClass ? this.storedShape(e, h) : undefined;
      if (isBlock && stored) {
        blocks[e.name] = {
          kind: "block",
          name: e.name,
          nesting: stored.nesting,
          maxOne: stored.maxOne,
          required: e.required,
          body: this.body(stored.elementClass, stored.struct, this.hclOfStruct(stored.struct), inner),
        };
        continue;
      }
      let attr: BindingAttribute = {
        kind: "attribute",
        name: e.name,
        required: e.required,
        optional: e.optional,
        computed: e.computed,
        classification: classify(e),
        configurable: key !== undefined,
      };
      if (stored) {
        const children = this.body(stored.elementClass, stored.struct, this.hclOfStruct(stored.struct), inner);
        const childFlags = this.flags(stored.elementClass);
        attr = {
          ...attr,
          nesting: stored.nesting,
          maxOne: stored.maxOne,
          children,
          childrenInheritFlags: childFlags.every(
            (c) => c.computed === e.computed && c.optional === e.optional && c.required === e.required,
          ),
        };
      }
      attrs[e.name] = attr;
    }
    return { attrs, blocks };
  }

  /** The nested shape behind a stored class (`new XOutputReference(this, "a")`, `new XList(this, "a", true)`). */
  private storedShape(
    e: FlagEntry,
    h: HclEntry | undefined,
  ): { nesting: BindingNesting; maxOne: boolean; elementClass: string; struct: string } | undefined {
    const cls = e.storedClass!;
    const text = this.section("class", cls);
    if (!text) return undefined;
    if (cls.endsWith("OutputReference")) {
      const struct = cls.slice(0, -"OutputReference".length);
      // A list/set block with MaxItems 1, or single nesting ("struct"). Computed-only: no HCL entry.
      const nesting: BindingNesting = h?.type === "list" ? "list" : h?.type === "set" ? "set" : "single";
      return { nesting, maxOne: nesting !== "single", elementClass: cls, struct };
    }
    const element = /return new ([A-Za-z0-9_]+OutputReference)\(/.exec(text)?.[1];
    if (!element) return undefined;
    const struct = element.slice(0, -"OutputReference".length);
    if (/extends cdktf\.ComplexMap\b/.test(text) || h?.type === "map") {
      return { nesting: "map", maxOne: false, elementClass: element, struct };
    }
    const set = e.wrapsSet ?? h?.type === "set";
    return { nesting: set ? "set" : "list", maxOne: false, elementClass: element, struct };
  }

  private hclOfStruct(struct: string): Map<string, HclEntry> {
    const fn = `${struct[0]!.toLowerCase()}${struct.slice(1)}ToHclTerraform`;
    return parseHcl(this.section("function", fn) ?? "");
  }

  private flags(cls: string): FlagEntry[] {
    const cached = this.flagCache.get(cls);
    if (cached) return cached;
    const text = this.section("class", cls) ?? "";
    const matches = [...text.matchAll(FLAG_LINE)];
    const out: FlagEntry[] = [];
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i]!;
      const end = i + 1 < matches.length ? matches[i + 1]!.index : text.length;
      const entry = text.slice(m.index + m[0].length, end);
      const name = m[1]!;
      const getter = /\n {2}public (?:get )?([A-Za-z0-9_$]+)\(/.exec(entry)?.[1];
      const stored = new RegExp(`= new ([A-Za-z0-9_]+)\\(this, "${name}"(?:, (true|false))?\\);`).exec(entry);
      out.push({
        name,
        computed: m[2] === "true",
        optional: m[3] === "true",
        required: m[4] === "true",
        ...(getter !== undefined && { getter }),
        ...(stored && { storedClass: stored[1]! }),
        ...(stored?.[2] !== undefined && { wrapsSet: stored[2] === "true" }),
      });
    }
    this.flagCache.set(cls, out);
    return out;
  }

  /** Keys of a config interface: camelCase name → optional mark and first line of its doc comment. */
  private configKeys(iface: string): Map<string, ConfigKey> {
    const text = this.section("interface", iface) ?? "";
    const out = new Map<string, ConfigKey>();
    const re = /\/\*\*\n([\s\S]*?)\*\/\n\s*readonly ([A-Za-z0-9_$]+)(\??):/g;
    for (const m of text.matchAll(re)) {
      const first = m[1]!
        .split("\n")
        .map((l) => l.replace(/^\s*\*\s?/, "").trim())
        .find((l) => l.length > 0);
      out.set(m[2]!, { optionalMark: m[3] === "?", description: first ?? "" });
    }
    return out;
  }
}

function sliceFrom(text: string, marker: string): string {
  const at = text.indexOf(marker);
  return at < 0 ? "" : text.slice(at);
}

const HCL_ENTRY = /\n\s+([A-Za-z0-9_]+): \{\n\s+value: [^\n]*\n\s+isBlock: (?:true|false),\n\s+type: "([a-z]+)",\n\s+storageClassType: "([A-Za-z0-9_]+)",/g;

function parseHcl(text: string): Map<string, HclEntry> {
  const out = new Map<string, HclEntry>();
  for (const m of text.matchAll(HCL_ENTRY)) out.set(m[1]!, { type: m[2]!, storageClassType: m[3]! });
  return out;
}

function classify(e: { required: boolean; optional: boolean; computed: boolean }): BindingClassification {
  if (e.required) return "required";
  if (e.optional) return e.computed ? "optional+computed" : "optional";
  if (e.computed) return "computed";
  return "unknown";
}
