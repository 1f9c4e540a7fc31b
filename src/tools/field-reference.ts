// The field reference (docs/reference.md, written by `npm run docs`): every field of the topology's JSON Schema
// with its type, default and description, one section per component. test/field-docs.test.ts keeps it in sync
// and fails on a field without a description.
import { topologyJsonSchema } from "../model/topology";

type Schema = Record<string, unknown>;

/** One field of a schema: where it is, and what the schema says about it. */
export interface FieldRow {
  /** Dotted path; `[]` for list items, `.*` for map values, `{kind=vm}` for the branch of a tagged union. */
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  /** JSON of the schema's `default`, when it has one. */
  readonly default?: string;
  readonly description?: string;
}

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);
const branches = (s: Schema): Schema[] => [...((s["anyOf"] as Schema[]) ?? []), ...((s["oneOf"] as Schema[]) ?? []), ...((s["allOf"] as Schema[]) ?? [])];

/** A property's description: its own, or (for a `nullable` wrapper of the file schema) its one non-null branch's. */
export function describedBy(s: Schema): string | undefined {
  if (typeof s["description"] === "string" && s["description"].trim() !== "") return s["description"];
  const real = branches(s).filter((b) => b["type"] !== "null");
  return real.length === 1 ? describedBy(real[0]!) : undefined;
}

/** A compact type: string, integer 1–100, "a" | "b", list of …, map of …, object. */
export function typeOf(s: Schema): string {
  if ("const" in s) return JSON.stringify(s["const"]);
  if (Array.isArray(s["enum"])) return (s["enum"] as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const alts = branches(s);
  if (alts.length > 0) {
    const real = alts.filter((b) => b["type"] !== "null");
    if (real.every((b) => b["type"] === "object")) return "object";
    return [...new Set(real.map(typeOf))].join(" or ") + (real.length < alts.length ? " or null" : "");
  }
  const type = s["type"];
  const range = (lo: unknown, hi: unknown) => (lo !== undefined && hi !== undefined ? ` ${lo}–${hi}` : lo !== undefined ? ` ≥ ${lo}` : hi !== undefined ? ` ≤ ${hi}` : "");
  if (type === "integer" || type === "number") return `${type}${range(s["minimum"], s["maximum"])}`;
  if (type === "array") return `list of ${isSchema(s["items"]) ? typeOf(s["items"]) : "any"}${s["minItems"] !== undefined || s["maxItems"] !== undefined ? ` (${range(s["minItems"], s["maxItems"]).trim()} items)` : ""}`;
  if (type === "object" && isSchema(s["additionalProperties"]) && !s["properties"]) return `map of ${typeOf(s["additionalProperties"])}`;
  return typeof type === "string" ? type : Array.isArray(type) ? type.join(" or ") : "any";
}

/** Every property under `schema`, depth first, in schema order. */
export function schemaFields(schema: unknown, prefix = ""): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (s: unknown, path: string): void => {
    if (!isSchema(s)) return;
    const props = s["properties"];
    if (isSchema(props)) {
      const required = new Set((s["required"] as string[]) ?? []);
      for (const [key, value] of Object.entries(props)) {
        if (!isSchema(value)) continue;
        const at = path ? `${path}.${key}` : key;
        const description = describedBy(value);
        rows.push({
          path: at,
          type: typeOf(value),
          required: required.has(key),
          ...("default" in value ? { default: JSON.stringify(value["default"]) } : {}),
          ...(description ? { description } : {}),
        });
        walk(value, at);
      }
    }
    for (const branch of branches(s)) {
      // A tagged union's branch (compute.kind, backend.type): name it by its tag.
      const tag = isSchema(branch["properties"]) ? Object.entries(branch["properties"]).find(([, v]) => isSchema(v) && "const" in v) : undefined;
      walk(branch, tag ? `${path}{${tag[0]}=${String((tag[1] as Schema)["const"])}}` : path);
    }
    if (isSchema(s["items"])) walk(s["items"], `${path}[]`);
    if (isSchema(s["additionalProperties"])) walk(s["additionalProperties"], `${path}.*`);
  };
  walk(schema, prefix);
  return rows;
}

/** Sections of the reference: the top-level key(s) each covers, and a title. Keys left over land in "Topology". */
const SECTIONS: readonly { title: string; keys: readonly string[] }[] = [
  { title: "Network", keys: ["network"] },
  { title: "Load balancer", keys: ["loadBalancer"] },
  { title: "Logs", keys: ["logs"] },
  { title: "App", keys: ["app"] },
  { title: "Compute (VM servers, Kubernetes cluster and node pools)", keys: ["compute"] },
  { title: "Database (PostgreSQL)", keys: ["database"] },
  { title: "Cache (Redis)", keys: ["cache"] },
  { title: "CDN", keys: ["cdn"] },
  { title: "Files", keys: ["files"] },
  { title: "Workloads (Kubernetes tiers)", keys: ["workloads"] },
  { title: "Platform (Kubernetes tiers)", keys: ["platform"] },
  { title: "Monitoring", keys: ["monitoring"] },
  { title: "Compliance", keys: ["compliance"] },
  { title: "Backend (Terraform state)", keys: ["backend"] },
  { title: "Catalog exceptions", keys: ["catalog"] },
];

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => "`" + text.replace(/`/g, "'") + "`";

function table(rows: readonly FieldRow[]): string {
  const lines = ["| Field | Type | Default | Description |", "|---|---|---|---|"];
  for (const r of rows) {
    const computed = /@default - (.*)$/.exec(r.description ?? "");
    const description = (r.description ?? "").replace(/\s*@default - .*$/, "");
    const dflt = r.default !== undefined ? code(r.default) : computed ? cell(computed[1]!) : r.required ? "required" : "—";
    lines.push(`| ${code(r.path)} | ${cell(r.type)} | ${cell(dflt)} | ${cell(description)} |`);
  }
  return lines.join("\n");
}

/** The whole reference as Markdown. */
export function fieldReference(schema: unknown = topologyJsonSchema()): string {
  const rows = schemaFields(schema);
  const top = (r: FieldRow) => r.path.split(/[.[{]/)[0]!;
  const covered = new Set(SECTIONS.flatMap((s) => s.keys));
  const parts = [
    "# Topology field reference",
    "",
    "<!-- Generated by `npm run docs` (src/tools/field-reference.ts) from the topology's JSON Schema; test/field-docs.test.ts keeps it in sync. Do not edit by hand. -->",
    "",
    "Every field of a topology (TypeScript props, or an entry of a YAML/JSON topology file), with its type, default and description —",
    "the same text editors show from `tierform schema`. Paths use `[]` for list items, `.*` for map values and `{kind=vm}` for one",
    'branch of a choice. **Default** is the schema\'s default, or what tierform works out when the field is left out; "required" fields',
    "have none, and — means the feature is off when left out. Tier presets (`small` … `enterprise`) set many fields themselves.",
    "",
    ...SECTIONS.map((s) => `- [${s.title}](#${s.title.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")})`),
    "",
    "## Topology",
    "",
    table(rows.filter((r) => !r.path.includes(".") && !r.path.includes("[") && !r.path.includes("{") && !covered.has(r.path))),
  ];
  for (const section of SECTIONS) {
    const own = rows.filter((r) => section.keys.includes(top(r)));
    parts.push("", `## ${section.title}`, "", table(own));
  }
  return parts.join("\n") + "\n";
}
