// npx tsx src/tools/provider-rules/aws.ts [--schema-only]
// Writes src/testing/rules/data/aws.json: the AWS provider's schema (from the binary in the offline mirror) for the
// covered types, plus forceNew learned by experiment (plans against a prior state, one mutated argument per copy).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findMirror, findTerraform, mirrorOnlyEnvironment, offlineCopy, runTerraform } from "../../testing/offline-plan";
import type { AttrRules, BlockRules, NestedBlockRules, ProviderRules, ValueType } from "../../testing/rules/types";
import { STATEFUL_TYPES } from "../../testing/diff";
import { writeRules } from "./write";

export type Json = Record<string, unknown>;

const ROOT = join(__dirname, "..", "..", "..");
const OUT = join(ROOT, "src", "testing", "rules", "data", "aws.json");
const COVERED = JSON.parse(readFileSync(join(__dirname, "covered-types.json"), "utf8")) as Record<string, { resources: string[]; data: string[] }>;
const SNAPSHOTS = join(ROOT, "test", "snapshots", "aws");
const PROVIDER_ADDR = "registry.terraform.io/hashicorp/aws";

// ---------------------------------------------------------------------------------------------------------------
// Terraform plumbing
// ---------------------------------------------------------------------------------------------------------------

export interface Work {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

const terraform = findTerraform();
const mirror = findMirror();

async function tf(work: Work, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const t0 = Date.now();
  const r = await runTerraform(terraform!, args, work.dir, work.env);
  if (process.argv.includes("--verbose")) process.stdout.write(`  terraform ${args[0]}: ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
  return r;
}

const PROVIDER_ONLY: Json = {
  terraform: { required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.0" } } },
  provider: { aws: [{ region: "us-east-1" }] },
};

/** A temp dir with `terraform init` done against the mirror only (shares one plugin cache through the mirror). */
export async function initWork(label: string): Promise<Work> {
  const dir = mkdtempSync(join(tmpdir(), `tierform-rules-${label}-`));
  const work = { dir, env: mirrorOnlyEnvironment(dir, mirror!) };
  writeConfig(work, {});
  const init = await tf(work, ["init", "-input=false", "-no-color"]);
  if (!init.ok) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
  return work;
}

function writeConfig(work: Work, resources: Record<string, Record<string, Json>>): string {
  const config = offlineCopy({ ...PROVIDER_ONLY, ...(Object.keys(resources).length ? { resource: resources } : {}) });
  const text = JSON.stringify(config, null, 1);
  writeFileSync(join(work.dir, "main.tf.json"), text);
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Schema → rules
// ---------------------------------------------------------------------------------------------------------------

interface SchemaAttr {
  type?: unknown;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}
interface SchemaBlock {
  attributes?: Record<string, SchemaAttr>;
  block_types?: Record<string, SchemaNested>;
  deprecated?: boolean;
}
interface SchemaNested {
  nesting_mode: "single" | "list" | "set" | "map" | "group";
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}
export interface SchemaResource {
  version: number;
  block: SchemaBlock;
}

function valueType(cty: unknown): ValueType {
  if (cty === "string" || cty === "number" || cty === "bool") return cty;
  if (cty === "dynamic") return "any";
  if (Array.isArray(cty)) {
    const [kind, inner] = cty as [string, unknown];
    if (kind === "list" || kind === "set" || kind === "map") return [kind, valueType(inner)];
    if (kind === "object") {
      const attrs = inner as Record<string, unknown>;
      return ["object", Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, valueType(attrs[k])]))];
    }
  }
  return "any"; // tuples and anything else: no narrower ValueType
}

function attrRules(a: SchemaAttr): AttrRules {
  return {
    type: valueType(a.type),
    ...(a.required ? { required: true as const } : {}),
    ...(a.optional ? { optional: true as const } : {}),
    ...(a.computed ? { computed: true as const } : {}),
    ...(a.sensitive ? { sensitive: true as const } : {}),
    ...(a.write_only ? { writeOnly: true as const } : {}),
    ...(a.deprecated ? { deprecated: true as const } : {}),
  };
}

function blockRules(b: SchemaBlock): BlockRules {
  const attrs = Object.entries(b.attributes ?? {});
  const blocks = Object.entries(b.block_types ?? {});
  return {
    ...(attrs.length ? { attrs: Object.fromEntries(attrs.map(([k, a]) => [k, attrRules(a)])) } : {}),
    ...(blocks.length ? { blocks: Object.fromEntries(blocks.map(([k, n]) => [k, nestedRules(n)])) } : {}),
  };
}

function nestedRules(n: SchemaNested): NestedBlockRules {
  const min = n.min_items ?? 0;
  return {
    nesting: n.nesting_mode === "group" ? "single" : n.nesting_mode,
    ...(min > 0 ? { min, required: true as const } : { optional: true as const }),
    ...(n.max_items ? { max: n.max_items } : {}),
    ...(n.block.deprecated ? { deprecated: true as const } : {}),
    block: blockRules(n.block),
  };
}

export async function readSchema(work: Work): Promise<{ resources: Record<string, SchemaResource>; data: Record<string, SchemaResource>; version: string }> {
  const r = await tf(work, ["providers", "schema", "-json"]);
  if (!r.ok) throw new Error(`terraform providers schema failed:\n${r.stderr}`);
  const all = JSON.parse(r.stdout) as { provider_schemas: Record<string, { resource_schemas: Record<string, SchemaResource>; data_source_schemas: Record<string, SchemaResource> }> };
  const p = all.provider_schemas[PROVIDER_ADDR]!;
  const lock = readFileSync(join(work.dir, ".terraform.lock.hcl"), "utf8");
  const version = /version\s*=\s*"([^"]+)"/.exec(lock)?.[1] ?? "unknown";
  return { resources: p.resource_schemas, data: p.data_source_schemas, version };
}

// Mutable views of the rules, filled in by the experiments.
type MAttr = { -readonly [K in keyof AttrRules]: AttrRules[K] };
type MBlock = { attrs?: Record<string, MAttr>; blocks?: Record<string, MNested> };
type MNested = { -readonly [K in keyof NestedBlockRules]: NestedBlockRules[K] } & { block: MBlock };

function lookup(rules: MBlock, path: string[]): MAttr | MNested | undefined {
  let block: MBlock = rules;
  for (let i = 0; i < path.length; i++) {
    const name = path[i]!;
    if (i === path.length - 1) return block.attrs?.[name] ?? block.blocks?.[name];
    const nested = block.blocks?.[name];
    if (!nested) return undefined;
    block = nested.block;
  }
  return undefined;
}

function writeAwsRules(version: string, resources: Record<string, BlockRules>, data: Record<string, BlockRules>): void {
  const rules: ProviderRules = {
    provider: "aws",
    version,
    source: `registry.terraform.io/hashicorp/aws@${version} (provider binary: terraform providers schema -json; forceNew by plan experiments)`,
    forceNewFrom: "experiment",
    resources,
    data,
  };
  mkdirSync(join(OUT, ".."), { recursive: true });
  writeRules(OUT, rules);
}

// ---------------------------------------------------------------------------------------------------------------
// Real resource bodies from the synthesized snapshots, made standalone (references → plausible literals)
// ---------------------------------------------------------------------------------------------------------------

function snapshotStacks(): Json[] {
  const stacks: Json[] = [];
  for (const file of readdirSync(SNAPSHOTS).filter((f) => f.endsWith(".json")).sort()) {
    const json = JSON.parse(readFileSync(join(SNAPSHOTS, file), "utf8")) as Json;
    if (json["resource"] || json["terraform"]) stacks.push(json);
    else for (const key of Object.keys(json).sort()) stacks.push(json[key] as Json);
  }
  return stacks;
}

function leafCount(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + leafCount(x), 0);
  if (v !== null && typeof v === "object") return Object.values(v).reduce((n: number, x) => n + leafCount(x), 0);
  return 1;
}

/** The richest real body of each type (a primary rather than a replica, where both exist). */
function realBodies(types: readonly string[]): Map<string, Json> {
  const best = new Map<string, { score: number; body: Json }>();
  for (const stack of snapshotStacks()) {
    for (const [type, bodies] of Object.entries((stack["resource"] ?? {}) as Record<string, Record<string, Json>>)) {
      if (!types.includes(type)) continue;
      for (const name of Object.keys(bodies).sort()) {
        const body = bodies[name]!;
        const score = leafCount(body) - ("replicate_source_db" in body || "global_cluster_identifier" in body ? 100 : 0);
        const prev = best.get(type);
        if (!prev || score > prev.score) best.set(type, { score, body });
      }
    }
  }
  return new Map([...best].map(([t, { body }]) => [t, body]));
}

const ACCOUNT = "123456789012";
const KMS_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const UUID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ID_PREFIX: Record<string, string> = {
  vpc: "vpc", peer_vpc: "vpc", subnet: "subnet", security_group: "sg", referenced_security_group: "sg", source_security_group: "sg",
  route_table: "rtb", nat_gateway: "nat", gateway: "igw", internet_gateway: "igw", allocation: "eipalloc", vpc_peering_connection: "pcx",
  instance: "i", network_interface: "eni", launch_template: "lt", image: "ami", transit_gateway: "tgw", egress_only_gateway: "eigw",
  vpc_endpoint: "vpce", carrier_gateway: "cagw", local_gateway: "lgw", prefix_list: "pl", network_acl: "acl", eni: "eni", association: "eipassoc",
};

function arnFor(name: string): string {
  if (/kms|key_arn/.test(name)) return KMS_ARN;
  if (/certificate/.test(name)) return `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/${UUID}`;
  if (/target_group/.test(name)) return `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/example/0123456789abcdef`;
  if (/listener/.test(name)) return `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/example/0123456789abcdef/0123456789abcdef`;
  if (/load_balancer|resource_arn/.test(name)) return `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/example/0123456789abcdef`;
  if (/log/.test(name)) return `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:example`;
  if (/web_acl/.test(name)) return `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/example/${UUID}`;
  if (/topic|sns/.test(name)) return `arn:aws:sns:us-east-1:${ACCOUNT}:example`;
  if (/bucket|s3/.test(name)) return "arn:aws:s3:::example-bucket";
  if (/profile/.test(name)) return `arn:aws:iam::${ACCOUNT}:instance-profile/example`;
  if (/policy/.test(name)) return `arn:aws:iam::${ACCOUNT}:policy/example`;
  return `arn:aws:iam::${ACCOUNT}:role/example`;
}

/** A plausible literal string for an argument, from its name alone. */
function plausible(name: string): string {
  if (/kms_key_id$|kms_master_key_id$|kms_key_arn$|^key_arn$|kms_key$/.test(name)) return KMS_ARN;
  if (/(^|_)arns?$/.test(name)) return arnFor(name);
  if (/availability_zone/.test(name)) return "us-east-1b";
  if (/ipv6.*cidr|cidr.*ipv6/.test(name)) return "2001:db8::/56";
  if (/cidr/.test(name)) return "10.99.0.0/16";
  if (/^(target_key_id|key_id|health_check_id)$/.test(name)) return UUID;
  if (/zone_id$/.test(name)) return "Z2FDTNDATAQYW2";
  if (/origin_access_control_id$/.test(name)) return "E2QWRUHAPOMQZL";
  if (/(account|owner)_id$/.test(name)) return ACCOUNT;
  const id = /^(.*?)_?id$/.exec(name);
  if (id && id[1] && ID_PREFIX[id[1]]) return `${ID_PREFIX[id[1]]}-0123456789abcdef0`;
  if (name === "instance") return "i-0123456789abcdef0";
  if (id && id[1]) return `example-${id[1].replace(/_/g, "-")}`;
  if (/^(id)$/.test(name)) return "example-id";
  if (name === "engine_version") return "15.4";
  if (name === "engine") return "postgres";
  if (name === "type") return "CNAME";
  if (name === "user_data") return "ZWNobyBoaQ==";
  if (/email/.test(name)) return "ops@example.com";
  if (/domain_name/.test(name)) return "example.com";
  if (/policy|json/.test(name)) return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
  if (/password|secret/.test(name)) return "Placeholder-Passw0rd-123";
  if (name === "role") return "example-role";
  return "example";
}

function singular(name: string): string {
  return name.replace(/_ids$/, "_id").replace(/_arns$/, "_arn").replace(/ies$/, "y").replace(/(es|s)$/, (m) => (/(sses|xes)$/.test(name) ? m.slice(0, -2) : m === "es" && /(ses)$/.test(name) ? "e" : ""));
}

const META = new Set(["//", "count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection", "dynamic", "timeouts"]);

/** The body with meta-arguments dropped, blocks as lists, and every interpolation replaced by a literal. */
export function standalone(body: Json, schema: SchemaBlock, top = true, parentName = ""): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(body)) {
    if (top && META.has(key)) continue;
    if (key === "//") continue;
    const attr = schema.attributes?.[key];
    const nested = schema.block_types?.[key];
    if (attr) out[key] = literalise(key, value, parentName);
    else if (nested) {
      const items = Array.isArray(value) ? value : [value];
      out[key] = nested.nesting_mode === "single" ? standalone(items[0] as Json, nested.block, false, key) : items.map((i) => standalone(i as Json, nested.block, false, key));
    }
  }
  return out;
}

const TYPE_PREFIX: Record<string, string> = {
  aws_vpc: "vpc", aws_subnet: "subnet", aws_security_group: "sg", aws_route_table: "rtb", aws_nat_gateway: "nat", aws_internet_gateway: "igw",
  aws_eip: "eipalloc", aws_vpc_peering_connection: "pcx", aws_instance: "i", aws_launch_template: "lt", aws_vpc_peering_connection_accepter: "pcx",
};

/** A literal for an interpolation: shaped by the attribute it reads (`.arn`, `.id` of a VPC…), else by the argument name. */
function literalFor(key: string, expr: string, parent: string): string {
  const ref = /\$\{(aws_[a-z0-9_]+)\.[^.]+\.([a-z0-9_]+)(\[\d+\])?\}$/.exec(expr);
  if (ref) {
    const [, type, attr] = ref as unknown as [string, string, string];
    if (/arn/.test(attr)) return arnFor(`${key} ${type}`);
    if (attr === "id" && TYPE_PREFIX[type]) return `${TYPE_PREFIX[type]}-0123456789abcdef0`;
    if (attr === "vpc_peering_connection_id") return "pcx-0123456789abcdef0";
  }
  if (key === "id" && ID_PREFIX[parent]) return `${ID_PREFIX[parent]}-0123456789abcdef0`;
  if (/(role|destination|log_destination_config)s?$/.test(key) && /\.arn\}/.test(expr)) return arnFor(key);
  return plausible(key);
}

function literalise(key: string, value: unknown, parent = ""): unknown {
  if (typeof value === "string") return value.includes("${") ? literalFor(key, value, parent) : value;
  if (Array.isArray(value)) {
    const items = value.map((v) => literalise(singular(key), v, parent));
    return items.filter((v, i) => typeof v !== "string" || items.indexOf(v) === i);
  }
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literalise(k, v)]));
  return value;
}

/** A state/config object with every schema attribute (null when absent) and every block (empty when absent). */
function fullObject(value: Json | null | undefined, schema: SchemaBlock): Json {
  const v = value ?? {};
  const out: Json = {};
  for (const key of Object.keys(schema.attributes ?? {})) out[key] = v[key] ?? null;
  for (const [key, nested] of Object.entries(schema.block_types ?? {})) {
    const got = v[key];
    if (nested.nesting_mode === "single" || nested.nesting_mode === "group") out[key] = got ? fullObject(got as Json, nested.block) : null;
    else if (nested.nesting_mode === "map") out[key] = got ?? {};
    else out[key] = Array.isArray(got) ? got.map((i) => fullObject(i as Json, nested.block)) : [];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------------------

interface Mutation {
  readonly type: string;
  /** Schema path: attribute or block names, no indexes. */
  readonly path: string[];
  /** Candidate values (or "remove"), tried in order until one validates. */
  candidates: unknown[];
  tried: number;
  name: string;
  result?: boolean | "unseen" | "invalid" | "plan-error";
}

const REMOVE = Symbol("remove");
const SIZES = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];

function stringVariants(name: string, prior: unknown, enums: readonly (string | number)[] | undefined): unknown[] {
  const out: unknown[] = [];
  if (enums) out.push(...enums.filter((e) => e !== prior).slice(0, 2));
  if (typeof prior !== "string" || prior === "") {
    out.push(plausible(name), "mutated-value");
    return out;
  }
  const p = prior;
  if (p.startsWith("{") || p.startsWith("[")) {
    try {
      const doc = JSON.parse(p) as unknown;
      if (doc && typeof doc === "object" && !Array.isArray(doc) && Array.isArray((doc as Json)["Statement"])) {
        const d = structuredClone(doc) as { Statement: Json[] };
        if (d.Statement[0]) d.Statement[0]["Sid"] = "Mutated";
        else d.Statement.push({ Sid: "Mutated", Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
        out.push(JSON.stringify(d));
      } else if (Array.isArray(doc)) out.push(JSON.stringify([...doc, doc[0] ?? {}]));
      else out.push(JSON.stringify({ ...(doc as Json), mutated: "x" }));
    } catch {
      /* not JSON after all */
    }
  }
  const cidr = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(p);
  if (cidr) out.push(`${cidr[1]}.${(Number(cidr[2]) + 1) % 256}.${cidr[3]}.${cidr[4]}/${cidr[5]}`);
  if (/^[a-z]{2}-[a-z]+-\d[a-z]$/.test(p)) out.push(p.slice(0, -1) + (p.endsWith("a") ? "b" : "a"));
  const size = /^(.*\.)([a-z0-9]+)$/.exec(p);
  if (size && SIZES.includes(size[2]!)) out.push(size[1]! + SIZES[(SIZES.indexOf(size[2]!) + 1) % SIZES.length]);
  if (/^\d+(\.\d+)*$/.test(p)) {
    const parts = p.split(".");
    parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + 1);
    out.push(parts.join("."));
  }
  if (/^[a-z]+-[0-9a-f]{8,17}$/.test(p)) out.push(p.slice(0, -1) + (p.endsWith("0") ? "1" : "0"));
  if (p.startsWith("arn:")) out.push(p.endsWith("/example") ? `${p}-mutated` : `${p}-mut`);
  if (/^[A-Za-z0-9+/]+=*$/.test(p) && p.length % 4 === 0 && /[=+/]/.test(p)) out.push(Buffer.from("echo mutated\n").toString("base64"));
  out.push(`${p}-mut`, `${p}x`);
  return out;
}

function numberVariants(name: string, prior: unknown): unknown[] {
  if (typeof prior !== "number") return /port/.test(name) ? [8080, 443] : [1, 7, 30, 100, 3600];
  return [prior + 1, prior * 2, prior - 1, prior > 1 ? Math.floor(prior / 2) : 5];
}

function variants(name: string, type: ValueType, prior: unknown, enums: readonly (string | number)[] | undefined): unknown[] {
  if (type === "string") return stringVariants(name, prior, enums);
  if (type === "number") return numberVariants(name, prior);
  if (type === "bool") return prior === true ? [false] : [true];
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set") && (type[1] === "string" || type[1] === "number")) {
    const items = Array.isArray(prior) ? (prior as unknown[]) : [];
    const el = singular(name);
    const fresh = (type[1] === "number" ? numberVariants(el, items[0]) : stringVariants(el, items[0], undefined)).filter((v) => !items.includes(v));
    const out: unknown[] = fresh.slice(0, 3).map((v) => [...items, v]);
    if (items.length > 1) out.push(items.slice(0, -1));
    if (items.length === 1) out.push(fresh.slice(0, 1));
    return out;
  }
  if (Array.isArray(type) && type[0] === "map" && type[1] === "string") {
    const m = prior && typeof prior === "object" ? (prior as Json) : {};
    return [{ ...m, Mutated: "yes" }];
  }
  return [];
}

function dedupe(values: unknown[], prior: unknown): unknown[] {
  const seen = new Set<string>([JSON.stringify(prior ?? null)]);
  return values.filter((v) => {
    const k = JSON.stringify(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** One mutation per configurable argument: top level, and inside blocks the real config sets (first element). */
function mutationsFor(type: string, schema: SchemaBlock, config: Json, prior: Json, rules: MBlock, path: string[] = []): Mutation[] {
  const out: Mutation[] = [];
  for (const [name, attr] of Object.entries(schema.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(attr.required || attr.optional) || attr.write_only) continue;
    if (path.length === 0 && (name === "id" || name === "tags_all")) continue;
    const enums = (rules.attrs?.[name]?.enum ?? undefined) as readonly (string | number)[] | undefined;
    const candidates = dedupe(variants(name, valueType(attr.type), prior[name] ?? config[name], enums), prior[name]);
    if (candidates.length) out.push({ type, path: [...path, name], candidates, tried: 0, name: "" });
  }
  for (const [name, nested] of Object.entries(schema.block_types ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (name === "timeouts" || !(name in config)) continue;
    const c = config[name];
    const first = (Array.isArray(c) ? c[0] : c) as Json | undefined;
    const p = prior[name];
    const pFirst = (Array.isArray(p) ? p[0] : p) as Json | undefined;
    if (!first) continue;
    if ((nested.min_items ?? 0) === 0) out.push({ type, path: [...path, name], candidates: [REMOVE], tried: 0, name: "" });
    if (path.length < 3) out.push(...mutationsFor(type, nested.block, first, pFirst ?? {}, rules.blocks?.[name]?.block ?? {}, [...path, name]));
  }
  return out;
}

/** The config body with the mutation's current candidate applied at its path (first element of each block). */
function applyMutation(config: Json, m: Mutation): Json {
  const copy = structuredClone(config);
  let at: Json = copy;
  for (const step of m.path.slice(0, -1)) {
    const v = at[step];
    at = (Array.isArray(v) ? v[0] : v) as Json;
  }
  const last = m.path[m.path.length - 1]!;
  const value = m.candidates[m.tried];
  if (value === REMOVE) delete at[last];
  else at[last] = value;
  return copy;
}

// ---------------------------------------------------------------------------------------------------------------
// Facts from validation messages
// ---------------------------------------------------------------------------------------------------------------

function schemaPath(p: string): string[] {
  return p.replace(/\[\d+\]/g, "").split(".").filter((s) => s && !/^\d+$/.test(s));
}

/** "redis" → "REDIS", "Standard" → "sTANDARD": the same value in the other case. */
const flipCase = (v: string) => [...v].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");

/** The values of a validation message's list: `["a" "b"]` (strings) or `[0 1 5]` (numbers). */
function parseList(list: string): (string | number)[] {
  const quoted = [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  if (quoted.length) return quoted;
  const words = list.trim().split(/\s+/).filter(Boolean);
  return words.length && words.every((w) => /^-?\d+(\.\d+)?$/.test(w)) ? words.map(Number) : [];
}

type Fact = { path: string; key: "enum" | "range" | "length"; value: unknown };

/** The validation fact one diagnostic states: enum, range or length of the attribute it names. */
function factOf(text: string): Fact | undefined {
  let m: RegExpExecArray | null;
  const num = (s: string) => Number(s);
  if ((m = /expected (\S+) to be one of \[(.*)\], got/.exec(text)) || (m = /Attribute (\S+) value must be one of: ?\[(.*)\]/.exec(text))) {
    const values = parseList(m[2]!);
    return values.length ? { path: m[1]!, key: "enum", value: values } : undefined;
  }
  if ((m = /expected length of (\S+) to be in the range \((-?\d+) - (-?\d+)\)/.exec(text)) || (m = /Attribute (\S+) string length must be between (\d+) and (\d+)/.exec(text))) return { path: m[1]!, key: "length", value: [num(m[2]!), num(m[3]!)] };
  if ((m = /expected (\S+) to be in the range \((-?[\d.]+) - (-?[\d.]+)\)/.exec(text)) || (m = /Attribute (\S+) value must be between (-?[\d.]+) and (-?[\d.]+)/.exec(text))) return { path: m[1]!, key: "range", value: [num(m[2]!), num(m[3]!)] };
  if ((m = /expected (\S+) to be at least \((-?[\d.]+)\)/.exec(text)) || (m = /Attribute (\S+) value must be at least (-?[\d.]+)/.exec(text))) return { path: m[1]!, key: "range", value: [num(m[2]!), null] };
  if ((m = /expected (\S+) to be at most \((-?[\d.]+)\)/.exec(text)) || (m = /Attribute (\S+) value must be at most (-?[\d.]+)/.exec(text))) return { path: m[1]!, key: "range", value: [null, num(m[2]!)] };
  return undefined;
}

/**
 * Records the facts one resource's diagnostics state. An attribute named by two kinds of fact (a range and a
 * list: `validation.Any(IntBetween(7, 30), IntInSlice([0]))`) accepts either, so neither is recorded.
 */
function learn(rules: MBlock, diags: readonly Diagnostic[]): void {
  const byPath = new Map<string, Fact[]>();
  for (const d of diags) {
    const fact = factOf(`${d.summary} ${d.detail ?? ""}`);
    if (fact) byPath.set(fact.path, [...(byPath.get(fact.path) ?? []), fact]);
  }
  for (const [path, facts] of byPath) {
    if (new Set(facts.map((f) => f.key)).size > 1) continue;
    const target = lookup(rules, schemaPath(path)) as MAttr | undefined;
    if (target && "type" in target) (target as Record<string, unknown>)[facts[0]!.key] = facts[0]!.value;
  }
}

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
}

async function validate(work: Work, resources: Record<string, Record<string, Json>>): Promise<Diagnostic[]> {
  writeConfig(work, resources);
  const r = await tf(work, ["validate", "-json", "-no-color"]);
  const parsed = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
  return parsed.diagnostics.filter((d) => d.severity === "error");
}

export interface Change {
  address: string;
  type: string;
  name: string;
  change: { actions: string[]; after: unknown; after_unknown: unknown; replace_paths?: unknown[][] };
}

/** plan -refresh=false against a written state, retrying without the resources that fail to plan. */
export async function plan(work: Work, resources: Record<string, Record<string, Json>>, state: Json | undefined, log: (s: string) => void): Promise<{ changes: Map<string, Change>; failed: Map<string, string> }> {
  const failed = new Map<string, string>();
  for (let attempt = 0; attempt < 4; attempt++) {
    writeConfig(work, resources);
    const stateFile = join(work.dir, "terraform.tfstate");
    if (state) {
      const resList = (state["resources"] as Json[]).filter((r) => resources[r["type"] as string]?.[r["name"] as string]);
      writeFileSync(stateFile, JSON.stringify({ ...state, resources: resList }));
    } else rmSync(stateFile, { force: true });
    const r = await tf(work, ["plan", "-json", "-input=false", "-no-color", "-refresh=false", "-lock=false", "-parallelism=32", "-out=plan.bin"]);
    const diags = r.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { type: string; diagnostic?: Diagnostic })
      .filter((l) => l.type === "diagnostic" && l.diagnostic?.severity === "error")
      .map((l) => l.diagnostic!);
    if (r.ok) {
      const show = await tf(work, ["show", "-json", "plan.bin"]);
      const json = JSON.parse(show.stdout) as { resource_changes?: Change[] };
      return { changes: new Map((json.resource_changes ?? []).map((c) => [c.address, c])), failed };
    }
    if (diags.some((d) => /Plugin did not respond|Request cancelled/.test(d.summary))) throw new Error(`provider crashed: ${diags.find((d) => /Plugin did not respond/.test(d.summary))?.detail ?? ""} ${r.stderr.slice(0, 300)}`);
    const bad = diags.filter((d) => d.address);
    if (!bad.length || diags.length !== bad.length) throw new Error(`plan failed:\n${diags.map((d) => `${d.summary}: ${d.detail ?? ""}`).join("\n")}\n${r.stderr}`);
    for (const d of bad) {
      const address = d.address!.replace(/\[.*$/, "");
      const [type, name] = address.split(".") as [string, string];
      failed.set(address, `${d.summary}: ${d.detail ?? ""}`.slice(0, 300));
      if (resources[type]) delete resources[type][name];
      if (resources[type] && !Object.keys(resources[type]).length) delete resources[type];
    }
    log(`  plan: ${bad.length} resources failed to plan, retrying without them`);
    const byType = new Map<string, string>();
    for (const [a, why] of failed) if (!byType.has(a.split(".")[0]!)) byType.set(a.split(".")[0]!, `${a}: ${why}`);
    for (const why of byType.values()) log(`    ${why.replace(/\s+/g, " ").slice(0, 250)}`);
  }
  throw new Error("plan kept failing");
}

// ---------------------------------------------------------------------------------------------------------------
// Prior states: what the provider would have stored after creating a configuration
// ---------------------------------------------------------------------------------------------------------------

/** The prior state of a config, from its create plan (defaults filled in; computed strings given a value). */
export function priorFromCreate(type: string, created: Change | undefined, schema: SchemaResource): Json {
  const after = (created?.change.after ?? {}) as Json;
  const unknown = (created?.change.after_unknown ?? {}) as Json;
  const prior = fullObject(after, schema.block);
  for (const [k, a] of Object.entries(schema.block.attributes ?? {})) {
    if (prior[k] === null && a.type === "string" && a.computed && !a.optional && !a.required) prior[k] = /arn$/.test(k) ? arnFor(type) : `computed-${k}`;
    // A set or list the provider computes (security_group_names…): empty, as a null would read as a change.
    if (prior[k] === null && unknown[k] === true && a.computed && Array.isArray(a.type) && (a.type[0] === "set" || a.type[0] === "list")) prior[k] = [];
  }
  prior["id"] = prior["id"] ?? `${type.replace(/_/g, "-")}-id`;
  return prior;
}

/**
 * When the unchanged config plans a replacement against its own prior state, the prior lacks what the provider
 * fills in itself: take the planned values, and give sets and lists the provider computes (security_group_names,
 * availability_zones…, unknown at plan) an empty value, which a null would read as a change that forces replacement.
 */
export function settlePrior(prior: Json, base: Change, schema: SchemaResource): void {
  const after = (base.change.after ?? {}) as Json;
  const unknown = (base.change.after_unknown ?? {}) as Json;
  for (const [k, v] of Object.entries(after)) if (v !== null && k !== "id") prior[k] = v;
  for (const path of base.change.replace_paths ?? []) {
    const k = String(path[0]);
    const a = schema.block.attributes?.[k];
    if (a && prior[k] === null && unknown[k] === true && Array.isArray(a.type) && (a.type[0] === "set" || a.type[0] === "list")) prior[k] = [];
  }
}

/** One resource instance of a version-4 state file. */
export function stateInstance(type: string, name: string, attributes: Json, schema: SchemaResource): Json {
  return { mode: "managed", type, name, provider: `provider["${PROVIDER_ADDR}"]`, instances: [{ schema_version: schema.version, attributes, sensitive_attributes: [], private: "" }] };
}

export const isReplaced = (c: Change | undefined): boolean => !!c && c.change.actions.includes("delete") && c.change.actions.includes("create");

// ---------------------------------------------------------------------------------------------------------------
// The experiment
// ---------------------------------------------------------------------------------------------------------------

interface TypeSummary {
  tested: number;
  forceNew: number;
  inPlace: number;
  untested: number;
  note?: string;
}

async function experiments(schemas: Record<string, SchemaResource>, rules: Record<string, MBlock>, work: Work): Promise<Map<string, TypeSummary>> {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const types = Object.keys(rules).sort();
  const bodies = realBodies(types);
  const notes = new Map<string, string>();
  for (const t of types) if (!bodies.has(t)) notes.set(t, "no real config in the snapshots");

  // 1. Base configs: validate, then a create plan gives each prior state (defaults filled in).
  const configs = new Map<string, Json>();
  for (const [t, body] of bodies) configs.set(t, standalone(body, schemas[t]!.block));
  const baseResources = () => Object.fromEntries([...configs].map(([t, c]) => [t, { base: c }]));
  for (const d of await validate(work, baseResources())) {
    const t = d.address?.split(".")[0];
    if (t && configs.has(t)) {
      configs.delete(t);
      notes.set(t, `real config does not validate standalone: ${d.summary} ${d.detail ?? ""}`.trim().slice(0, 200));
    }
  }
  const created = await plan(work, baseResources(), undefined, log);
  for (const [address, why] of created.failed) {
    configs.delete(address.split(".")[0]!);
    notes.set(address.split(".")[0]!, `create plan failed: ${why}`);
  }
  const priors = new Map<string, Json>();
  for (const [t] of configs) priors.set(t, priorFromCreate(t, created.changes.get(`${t}.base`), schemas[t]!));

  // 2. Mutations, plus probes that harvest enums and bounds from validation errors.
  const probeResources: Record<string, Record<string, Json>> = {};
  for (const [t, config] of configs) {
    const probes = mutationsFor(t, schemas[t]!.block, config, priors.get(t)!, rules[t]!).filter((m) => m.candidates[0] !== REMOVE);
    const lo: Mutation[] = [];
    const hi: Mutation[] = [];
    for (const m of probes) {
      const a = lookup(rules[t]!, m.path) as MAttr;
      if (a.type === "string") lo.push({ ...m, candidates: ["zz invalid probe"], tried: 0 }), hi.push({ ...m, candidates: ["z".repeat(300)], tried: 0 });
      if (a.type === "number") lo.push({ ...m, candidates: [-999999999], tried: 0 }), hi.push({ ...m, candidates: [999999999], tried: 0 });
    }
    probeResources[t] = { probe_lo: lo.reduce(applyMutation, config), probe_hi: hi.reduce(applyMutation, config) };
  }
  const probeDiags = await validate(work, probeResources);
  // The long probe first: "one of"/range from the short probe win where both name an attribute.
  for (const probe of ["probe_hi", "probe_lo"]) {
    for (const t of Object.keys(probeResources)) {
      if (rules[t]) learn(rules[t], probeDiags.filter((d) => d.address === `${t}.${probe}`));
    }
  }
  // Whether a learned enum ignores case: each value written in the other case, in one more validate run.
  const caseProbes: Record<string, Record<string, Json>> = {};
  const flipped = new Map<string, string[]>();
  for (const [t, config] of configs) {
    const ms = mutationsFor(t, schemas[t]!.block, config, priors.get(t)!, rules[t]!).filter((m) => {
      const a = lookup(rules[t]!, m.path) as MAttr | undefined;
      return a?.type === "string" && typeof a.enum?.[0] === "string" && flipCase(a.enum[0] as string) !== a.enum[0];
    });
    if (!ms.length) continue;
    const probe = ms.map((m) => ({ ...m, candidates: [flipCase((lookup(rules[t]!, m.path) as MAttr).enum![0] as string)], tried: 0 }));
    caseProbes[t] = { probe_case: probe.reduce(applyMutation, config) };
    flipped.set(t, ms.map((m) => m.path.join(".")));
  }
  const caseDiags = await validate(work, caseProbes);
  for (const [t, paths] of flipped) {
    // Any error that names the attribute counts as a rejection: only a clean pass says the case is ignored.
    const texts = caseDiags.filter((d) => d.address === `${t}.probe_case`).map((d) => `${d.summary} ${d.detail ?? ""}`);
    for (const path of paths) {
      const name = path.split(".").pop()!;
      if (!texts.some((text) => new RegExp(`\\b${name}\\b`).test(text))) (lookup(rules[t]!, path.split(".")) as MAttr).enumIgnoreCase = true;
    }
  }

  const mutations: Mutation[] = [];
  for (const [t, config] of configs) {
    const ms = mutationsFor(t, schemas[t]!.block, config, priors.get(t)!, rules[t]!);
    ms.forEach((m, i) => (m.name = `m${String(i).padStart(3, "0")}_${m.path.join("__")}`.slice(0, 60)));
    mutations.push(...ms);
  }
  log(`experiment: ${configs.size} types with a real config, ${mutations.length} mutations`);

  // 3. Validate the mutated copies; a rejected value moves on to its next candidate.
  let pending = mutations;
  for (let round = 0; round < 5 && pending.length; round++) {
    const resources: Record<string, Record<string, Json>> = {};
    for (const m of pending) (resources[m.type] ??= {})[m.name] = applyMutation(configs.get(m.type)!, m);
    const diags = await validate(work, resources);
    const rejected = new Map<string, Diagnostic[]>();
    for (const d of diags) if (d.address) rejected.set(d.address, [...(rejected.get(d.address) ?? []), d]);
    if (diags.some((d) => !d.address)) throw new Error(`validate failed without an address: ${diags.find((d) => !d.address)!.summary}`);
    const next: Mutation[] = [];
    for (const m of pending) {
      const ds = rejected.get(`${m.type}.${m.name}`);
      if (!ds) continue;
      learn(rules[m.type]!, ds);
      const a = lookup(rules[m.type]!, m.path) as MAttr | undefined;
      const enums = a && "enum" in a && a.enum ? a.enum : undefined;
      const prior = m.candidates[m.tried];
      m.tried++;
      if (enums && a!.type === "string") m.candidates.splice(m.tried, 0, ...enums.filter((e) => e !== prior && !m.candidates.slice(0, m.tried).includes(e)).slice(0, 1));
      if (a && a.range && a.type === "number") {
        const [lo, hi] = a.range;
        const cur = Number(prior);
        m.candidates.splice(m.tried, 0, ...[lo !== null && cur < lo ? lo : undefined, hi !== null && cur > hi ? hi : undefined, lo ?? undefined, hi ?? undefined].filter((v) => v !== undefined));
      }
      if (m.tried < m.candidates.length) next.push(m);
      else m.result = "invalid";
    }
    pending = next;
  }
  for (const m of pending) m.result = "invalid";

  // 4. One plan against a prior state holding every copy: replaced, updated in place, or unseen.
  const live = mutations.filter((m) => m.result === undefined);
  const resources: Record<string, Record<string, Json>> = {};
  const stateResources: Json[] = [];
  const instance = (t: string, name: string) => stateInstance(t, name, priors.get(t)!, schemas[t]!);
  for (const [t, config] of configs) {
    (resources[t] ??= {})["base"] = config;
    stateResources.push(instance(t, "base"));
  }
  for (const m of live) {
    resources[m.type]![m.name] = applyMutation(configs.get(m.type)!, m);
    stateResources.push(instance(m.type, m.name));
  }
  const state = { version: 4, terraform_version: "1.11.0", serial: 1, lineage: "tierform-provider-rules", outputs: {}, resources: stateResources };
  // Several types per plan; a chunk whose plan crashes the provider is retried one type at a time.
  const planned = { changes: new Map<string, Change>() };
  const planTypes = async (ts: string[]): Promise<boolean> => {
    const subset = Object.fromEntries(ts.map((t) => [t, { ...resources[t]! }]));
    try {
      const r = await plan(work, subset, state, log);
      for (const [k, v] of r.changes) planned.changes.set(k, v);
      return true;
    } catch (error) {
      if (ts.length === 1) {
        notes.set(ts[0]!, `plan failed: ${String(error instanceof Error ? error.message : error).replace(/\s+/g, " ").slice(0, 160)}`);
        return false;
      }
      log(`  chunk of ${ts.length} types failed to plan; planning them one at a time`);
      for (const t of ts) await planTypes([t]);
      return false;
    }
  };
  const allTypes = Object.keys(resources).sort();
  for (let i = 0; i < allTypes.length; i += 12) await planTypes(allTypes.slice(i, i + 12));
  // A base copy that is replaced against its own prior state: take the planned values into the prior, plan once more.
  for (const t of allTypes) {
    const base = planned.changes.get(`${t}.base`);
    if (!base || !(base.change.actions.includes("delete") && base.change.actions.includes("create"))) continue;
    settlePrior(priors.get(t)!, base, schemas[t]!);
    const fresh = stateResources.filter((r) => r["type"] !== t);
    for (const name of Object.keys(resources[t]!)) fresh.push(instance(t, name));
    stateResources.splice(0, stateResources.length, ...fresh);
    log(`  ${t}: base replaced (${JSON.stringify(base.change.replace_paths ?? [])}); planning again with the planned values as prior`);
    await planTypes([t]);
  }
  const replaced = isReplaced;
  for (const [t] of configs) {
    const base = planned.changes.get(`${t}.base`);
    if (!base) notes.set(t, "base copy failed to plan against the prior state");
    else if (!base.change.actions.includes("no-op")) notes.set(t, `base copy plans ${base.change.actions.join("/")} against its own prior state`);
  }
  for (const m of live) {
    const c = planned.changes.get(`${m.type}.${m.name}`);
    const base = planned.changes.get(`${m.type}.base`);
    if (!c || !base) {
      m.result = "plan-error";
      continue;
    }
    const seen = JSON.stringify(c.change.after) !== JSON.stringify(base.change.after) || JSON.stringify(c.change.after_unknown) !== JSON.stringify(base.change.after_unknown) || replaced(c) !== replaced(base);
    if (!seen) m.result = "unseen";
    else if (replaced(base)) {
      const basePaths = new Set((base.change.replace_paths ?? []).map((p) => JSON.stringify(p)));
      const newPaths = (c.change.replace_paths ?? []).filter((p) => !basePaths.has(JSON.stringify(p)));
      m.result = newPaths.length ? true : "unseen";
    } else m.result = replaced(c);
  }

  // 5. Record.
  const summary = new Map<string, TypeSummary>();
  for (const t of types) summary.set(t, { tested: 0, forceNew: 0, inPlace: 0, untested: 0, ...(notes.has(t) ? { note: notes.get(t)! } : {}) });
  const verbose = process.argv.includes("--verbose");
  for (const m of mutations) {
    const s = summary.get(m.type)!;
    const target = lookup(rules[m.type]!, m.path);
    if (typeof m.result === "boolean" && target) {
      target.forceNew = m.result;
      s.tested++;
      if (m.result) s.forceNew++;
      else s.inPlace++;
    } else s.untested++;
    if (verbose) log(`  ${m.type} ${m.path.join(".")} = ${JSON.stringify(m.candidates[Math.min(m.tried, m.candidates.length - 1)])?.slice(0, 60)} → ${String(m.result)}`);
  }
  return summary;
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!terraform) throw new Error("terraform not found (set TIERFORM_TERRAFORM or put it on PATH)");
  if (!mirror) throw new Error("no filesystem mirror of hashicorp/aws (set TIERFORM_TF_MIRROR)");
  const work = await initWork("schema");
  try {
    const schema = await readSchema(work);
    const covered = COVERED["aws"]!;
    const resources: Record<string, MBlock> = {};
    const data: Record<string, MBlock> = {};
    for (const t of covered.resources) {
      const s = schema.resources[t];
      if (!s) throw new Error(`${t} is not in the aws ${schema.version} schema`);
      resources[t] = blockRules(s.block) as MBlock;
    }
    for (const t of covered.data) {
      const s = schema.data[t];
      if (!s) throw new Error(`data ${t} is not in the aws ${schema.version} schema`);
      data[t] = blockRules(s.block) as MBlock;
    }
    process.stdout.write(`schema: ${Object.keys(resources).length} resource types, ${Object.keys(data).length} data types (aws ${schema.version})\n`);
    // Written once, at the end: an interrupted run never leaves rules without what the experiments learned.
    if (!process.argv.includes("--schema-only")) printSummary(await experiments(schema.resources, resources, work));
    writeAwsRules(schema.version, resources, data);
    process.stdout.write(`wrote src/testing/rules/data/aws.json in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  } finally {
    if (!process.env["KEEP"]) rmSync(work.dir, { recursive: true, force: true });
  }
}


function printSummary(summary: Map<string, TypeSummary>): void {
  const rows = [...summary].sort(([a], [b]) => a.localeCompare(b));
  const out = ["", "type                                                tested  forceNew  inPlace  untested"];
  const total = { tested: 0, forceNew: 0, inPlace: 0, untested: 0 };
  for (const [t, s] of rows) {
    const mark = STATEFUL_TYPES.has(t) ? "*" : " ";
    out.push(`${mark}${t.padEnd(50)} ${String(s.tested).padStart(6)}  ${String(s.forceNew).padStart(8)}  ${String(s.inPlace).padStart(7)}  ${String(s.untested).padStart(8)}${s.note ? `  (${s.note})` : ""}`);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
  }
  out.push(` ${"total".padEnd(50)} ${String(total.tested).padStart(6)}  ${String(total.forceNew).padStart(8)}  ${String(total.inPlace).padStart(7)}  ${String(total.untested).padStart(8)}`, "(* stateful types; untested = no valid mutation, or the plan did not see it)");
  process.stdout.write(`${out.join("\n")}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
