import { readFileSync } from "node:fs";
import type { Construct } from "constructs";
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import { FILE_TIER_NAMES, applyTier, presets, tierVariants, type TierInput, type TierName, type TierVariantName } from "../../tiers";
import { TierformError, formatPath, formatProblem, formatValue, type Problem } from "../core/errors";
import { parseOrThrow } from "../core/parse";
import { TopologySchema, type Topology } from "../model/topology";
import { topologyWarnings, type Warning } from "../plan/warnings";
import { Environment } from "./environment";

/**
 * Topologies as data: a YAML or JSON file with several environments, each a tier plus overrides (exactly what
 * `large({...})` takes) or a full topology. Every problem is reported with the file, line and column of the node
 * it is about, so an editor or CI log leads straight to it.
 *
 * ```yaml
 * environments:
 *   acme-prod:              # the Environment's construct id (a list item's is `<name>-<environment>`)
 *     tier: large           # small | medium | large | enterprise: the preset; absent or custom: a full topology
 *     name: acme
 *     environment: prod
 *     cloud: aws
 *     region: us-west-2
 *     database: { storageGiB: 1000 }
 * ```
 *
 * Environments can share settings through YAML anchors and merge keys (`<<: *base`), defined on an environment or
 * under a top-level `x-…` key, which the file otherwise ignores.
 */

/** Where in a topology file a problem or warning is. Lines and columns start at 1. */
export interface FileLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A problem in a topology file. `path` is the model's path inside the environment (`workloads[0].autoscaling.max`),
 * or the file's own path (`environments`) when `environment` is absent.
 */
export interface FileProblem extends Problem, FileLocation {
  /** The environment's id (its key under `environments`, or `<name>-<environment>` for a list item). */
  readonly environment?: string;
}

export interface FileWarning extends Warning, FileLocation {
  readonly environment: string;
}

/** One environment of a topology file, parsed: the input for `new Environment(scope, id, topology)`. */
export interface FileEnvironment {
  readonly id: string;
  readonly topology: Topology;
  readonly warnings: readonly FileWarning[];
}

/** Every problem of a topology file at once, each with its file, line and column. */
export class TopologyFileError extends TierformError {
  constructor(
    readonly file: string,
    override readonly problems: readonly FileProblem[],
  ) {
    super(file, problems);
    this.message = formatFileProblems(file, problems);
  }
}

/** `tierform.yaml:14:11 acme-prod: workloads[0].autoscaling.max: expected …, got 0` */
export function formatFileProblem(p: FileProblem): string {
  const what = p.environment === undefined && p.path === "" ? p.message : formatProblem(p);
  return `${p.file}:${p.line}:${p.column} ${p.environment === undefined ? "" : `${p.environment}: `}${what}`;
}

export function formatFileProblems(file: string, problems: readonly FileProblem[]): string {
  const head = `Invalid ${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return [head, ...problems.map((p) => `  - ${formatFileProblem(p)}`)].join("\n");
}

/** `tierform.yaml:3:5 warning acme-dev: [tierform:vm:public-ip] compute.exposure: …` */
export function formatFileWarning(w: FileWarning): string {
  return `${w.file}:${w.line}:${w.column} warning ${w.environment}: [${w.id}] ${w.path}: ${w.message}`;
}


/**
 * Parses the text of a topology file (YAML 1.2; JSON is YAML too). `fileName` is only used in messages.
 * Throws a TopologyFileError listing every problem of every environment; returns the environments in file order.
 */
export function parseTopologyFile(text: string, fileName: string): FileEnvironment[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, YAML_OPTIONS(lineCounter));
  const at = (offset: number): FileLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: fileName, line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new TopologyFileError(
      fileName,
      doc.errors.map((e) => ({ ...at(e.pos[0]), path: "", message: `YAML ${e.code === "DUPLICATE_KEY" ? "duplicate key" : "syntax error"}: ${firstLine(e.message)}` })),
    );
  }
  const aliasProblems = checkAliases(doc).map(({ offset, message }) => ({ ...at(offset), path: "", message }));
  if (aliasProblems.length > 0) throw new TopologyFileError(fileName, aliasProblems);
  const locate = (path: readonly PropertyKey[], message = "") => at(offsetOf(doc, path, aboutKey(message)));
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // What checkAliases does not foresee: an expansion past the limit (a "billion laughs" file).
    const first = aliasOffsets(doc)[0] ?? 0;
    throw new TopologyFileError(fileName, [{ ...at(first), path: "", message: `YAML aliases: ${firstLine((error as Error).message)}` }]);
  }
  const problems: FileProblem[] = [];
  const fileProblem = (path: readonly PropertyKey[], message: string, received?: string) =>
    problems.push({ ...locate(path, message), path: formatPath(path), message, ...(received === undefined ? {} : { received }) });

  if (!isObject(data)) {
    fileProblem([], "expected a mapping with `environments:` (a list, or a map from id to environment)", formatValue(data));
    throw new TopologyFileError(fileName, problems);
  }
  for (const key of Object.keys(data)) {
    if (key !== "environments" && !key.startsWith("x-")) fileProblem([key], "unknown key: a topology file holds `environments:`, and `x-…` keys for YAML anchors");
  }
  const listed = data["environments"];
  let entries: { id: string; base: PropertyKey[]; input: unknown }[] = [];
  if (Array.isArray(listed)) {
    entries = listed.map((input, i) => ({ id: isObject(input) ? `${input["name"]}-${input["environment"]}` : `environments[${i}]`, base: ["environments", i], input }));
  } else if (isObject(listed)) {
    entries = Object.entries(listed).map(([id, input]) => ({ id, base: ["environments", id], input }));
  } else {
    fileProblem(["environments"], "expected environments: a list, or a map from id to environment", formatValue(listed));
  }
  if (listed !== undefined && entries.length === 0 && problems.length === 0) fileProblem(["environments"], "expected at least one environment");

  const environments: FileEnvironment[] = [];
  for (const { id, base, input } of entries) {
    const located = (p: Problem | Warning) => ({ ...locate([...base, ...modelPath(doc, base, p.path)], p.message), environment: id });
    try {
      const topology = parseEnvironment(input);
      const warnings = byPosition(topologyWarnings(topology).map((w) => ({ ...w, ...located(w) })));
      environments.push({ id, topology, warnings });
    } catch (error) {
      if (!(error instanceof TierformError)) throw error;
      problems.push(...error.problems.map((p) => ({ ...p, ...located(p) })));
    }
  }
  if (problems.length > 0) throw new TopologyFileError(fileName, byPosition(problems));
  return environments;
}

/** Reads and parses a topology file (see parseTopologyFile). */
export function loadTopologies(file: string): FileEnvironment[] {
  return parseTopologyFile(readFileSync(file, "utf8"), file);
}

/**
 * Builds one Environment per environment of a parsed file. A problem found while building (e.g. two
 * environments with the same stack names) is reported at its environment in the file when `file` is given.
 */
export function synthTopologies(scope: Construct, environments: readonly FileEnvironment[], file?: { text: string; name: string }): Environment[] {
  const built: Environment[] = [];
  for (const e of environments) {
    try {
      built.push(new Environment(scope, e.id, e.topology));
    } catch (error) {
      if (!(error instanceof TierformError) || !file || error instanceof TopologyFileError) throw error;
      throw locateEnvironmentError(file, e.id, error);
    }
  }
  return built;
}

/** A TierformError of one environment, with each problem placed in the file. */
function locateEnvironmentError(file: { text: string; name: string }, id: string, error: TierformError): TopologyFileError {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, YAML_OPTIONS(lineCounter));
  const environments = doc.get("environments", true);
  const base: PropertyKey[] = isSeq(environments)
    ? ["environments", Math.max(0, environments.items.findIndex((item) => {
        const v = isMap(item) ? (item.toJS(doc) as Record<string, unknown>) : {};
        return `${v["name"]}-${v["environment"]}` === id;
      }))]
    : ["environments", id];
  return new TopologyFileError(
    file.name,
    error.problems.map((p) => {
      const { line, col } = lineCounter.linePos(offsetOf(doc, [...base, ...modelPath(doc, base, p.path)], aboutKey(p.message)));
      return { ...p, file: file.name, line, column: col, environment: id };
    }),
  );
}

/** One environment's input: `tier:` + overrides through the tier function, anything else as a full topology. */
function parseEnvironment(input: unknown): Topology {
  if (isObject(input) && typeof input["tier"] === "string" && (FILE_TIER_NAMES as readonly string[]).includes(input["tier"])) {
    const { tier, ...rest } = input;
    const variant = tierVariants[tier as TierVariantName];
    if (variant) return applyTier(variant.tier, variant.preset, rest as unknown as TierInput);
    return applyTier(tier as TierName, presets[tier as TierName], rest as unknown as TierInput);
  }
  const named = isObject(input) ? `${String(input["name"] ?? "(unnamed)")}-${String(input["environment"] ?? "(unnamed)")}` : "(unnamed)";
  return parseOrThrow(TopologySchema, input, `topology "${named}"`);
}

/**
 * The keys of a problem's dotted path (`tags.kubernetes.io/name`, `compute.nodePools[1].max`), read against the
 * document so a key with a dot in it stays one key; stops where the document ends.
 */
function modelPath(doc: Document, base: readonly PropertyKey[], path: string): PropertyKey[] {
  const keys: PropertyKey[] = [];
  let node = resolve(doc, doc.getIn(base, true));
  let rest = path;
  // `region: x` is shorthand for `regions: [x]`: a problem with regions[0] is about what the user wrote.
  if (/^regions(\[0\])?(\.|$)/.test(rest) && isMap(node) && node.has("region") && !node.has("regions")) rest = `region${rest.replace(/^regions(\[0\])?/, "")}`;
  while (rest !== "") {
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (index) {
      keys.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      node = isSeq(node) ? resolve(doc, node.get(Number(index[1]), true)) : undefined;
      continue;
    }
    // The longest key of this mapping that the path starts with; else the next dotted segment.
    const candidates = isMap(node) ? keysOf(doc, node) : [];
    const key =
      candidates.filter((k) => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`)).sort((a, b) => b.length - a.length)[0] ??
      /^[^.[]*/.exec(rest)![0];
    keys.push(key);
    rest = rest.slice(key.length).replace(/^\./, "");
    node = isMap(node) ? resolve(doc, pairIn(doc, node, key)?.value) : undefined;
  }
  return keys;
}

/**
 * YAML 1.2 with the merge key of YAML 1.1 (`<<: *base`, `<<: [*a, *b]`): a mapping's own keys win over merged ones,
 * and earlier sources over later ones. Duplicate own keys are an error.
 */
const YAML_OPTIONS = (lineCounter: LineCounter) => ({ lineCounter, prettyErrors: false, uniqueKeys: true, merge: true, logLevel: "silent" as const });

/**
 * How far aliases may expand the file (the yaml library's count: uses of an anchor × the aliases inside it). Enough
 * for hundreds of environments merging a base that itself merges others; far below an exponential expansion.
 */
const MAX_ALIAS_COUNT = 10_000;

/** Where each alias (`*name`) of the document starts. */
function aliasOffsets(doc: Document): number[] {
  const out: number[] = [];
  visit(doc, { Alias: (_key, node) => void out.push(node.range?.[0] ?? 0) });
  return out;
}

/**
 * Aliases and merge keys that cannot be read, each at its position: an alias of an anchor not set before it, an
 * alias inside the node it names (a cycle), a merge key (`<<`) whose value is not a mapping, an alias of one, or a
 * list of them.
 */
function checkAliases(doc: Document): { offset: number; message: string }[] {
  const problems: { offset: number; message: string }[] = [];
  visit(doc, {
    Alias: (_key, alias) => {
      const target = alias.resolve(doc) as Node | undefined;
      const [start = 0, end = 0] = alias.range ?? [];
      if (!target) problems.push({ offset: start, message: `YAML alias *${alias.source}: no anchor &${alias.source} before it` });
      else if (target.range && target.range[0] <= start && end <= target.range[1]) {
        problems.push({ offset: start, message: `YAML alias *${alias.source}: inside the node it names (a cycle)` });
      }
    },
    Pair: (_key, pair) => {
      if (!isMergePair(pair as Pair)) return;
      const value = (pair as Pair).value;
      const sources = isSeq(value) ? value.items : [value];
      for (const source of sources) {
        const node = isAlias(source) ? (source.resolve(doc) as Node | undefined) : source;
        if (isAlias(source) && !node) continue; // reported above
        // An empty value (`<<:`) is placed at the key.
        const empty = source === null || (isScalar(source) && source.value === null);
        if (!isMap(node)) problems.push({ offset: (empty ? undefined : rangeStart(source)) ?? rangeStart((pair as Pair).key) ?? 0, message: "YAML merge key <<: expected a mapping, an alias of one (<<: *base) or a list of them (<<: [*a, *b])" });
      }
    },
  });
  return problems.sort((a, b) => a.offset - b.offset);
}

/** A `<<` pair (the yaml library gives the merge key a symbol for a value). */
const isMergePair = (pair: Pair) => isScalar(pair.key) && typeof pair.key.value === "symbol";

/** The mappings a mapping merges in, in precedence order. */
function mergeSources(doc: Document, map: YAMLMap): YAMLMap[] {
  return map.items.filter(isMergePair).flatMap((pair) => {
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    return sources.map((s) => resolve(doc, s)).filter((m): m is YAMLMap => isMap(m));
  });
}

/** A mapping's pair for `key`: its own, else the one a merge key brings in, as the parsed value has it. */
function pairIn(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const own = map.items.find((p) => !isMergePair(p) && isScalar(p.key) && String(p.key.value) === key);
  if (own || depth > 20) return own;
  for (const source of mergeSources(doc, map)) {
    const merged = pairIn(doc, source, key, depth + 1);
    if (merged) return merged;
  }
  return undefined;
}

/** Every key of a mapping, merged ones included. */
function keysOf(doc: Document, map: YAMLMap, depth = 0): string[] {
  const own = map.items.filter((p) => !isMergePair(p) && isScalar(p.key)).map((p) => String((p.key as { value: unknown }).value));
  return depth > 20 ? own : [...own, ...mergeSources(doc, map).flatMap((m) => keysOf(doc, m, depth + 1))];
}

function resolve(doc: Document, node: unknown): Node | undefined {
  if (isAlias(node)) return node.resolve(doc) as Node | undefined;
  return node as Node | undefined;
}

/** Problems about a key itself (unknown, `__proto__`) point at the key, not its value. */
const aboutKey = (message: string) => message.startsWith("unknown key") || message.includes("__proto__");

/**
 * Where a path points: a scalar value's start; for a collection (or `onKey`), its key (the line the block starts
 * on); for a key the document does not have, the nearest node that exists.
 */
function offsetOf(doc: Document, path: readonly PropertyKey[], onKey = false): number {
  let node: unknown = doc.contents;
  let best = rangeStart(doc.contents) ?? 0;
  for (const key of path) {
    let pair: Pair | undefined;
    let value: unknown;
    if (isMap(node)) {
      pair = pairIn(doc, node, String(key));
      value = pair?.value;
    } else if (isSeq(node) && typeof key === "number") value = node.items[key];
    else break;
    if (!pair && value === undefined) break;
    const valueStart = rangeStart(value);
    const keyStart = pair ? rangeStart(pair.key) : undefined;
    best = ((isScalar(value) || isAlias(value)) && !onKey ? valueStart : (keyStart ?? valueStart)) ?? keyStart ?? best;
    node = resolve(doc, value);
    if (isPair(node)) break;
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === "object" && "range" in node && Array.isArray(node.range) ? (node.range[0] as number) : undefined;
}

/** File order; problems at one place keep the model's order. */
function byPosition<T extends FileLocation>(items: T[]): T[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.line - b.item.line || a.item.column - b.item.column || a.i - b.i).map(({ item }) => item);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
