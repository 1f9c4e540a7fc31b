import type { Cloud } from "../src/core/cloud";
import { deepMerge, type Overrides } from "../src/core/merge";
import { TierformError, formatValue, type Problem } from "../src/core/errors";
import { parseOrThrow } from "../src/core/parse";
import { TopologySchema, type Topology, type TopologyProps } from "../src/model/topology";

export type TierName = "small" | "medium" | "large" | "enterprise";

/** A tier is data: everything of a topology but who and where. */
export type TierPreset = Omit<TopologyProps, "name" | "environment" | "cloud" | "regions" | "tier">;

/** What a user gives a tier function: who and where, plus any overrides (deep-merged; `null` removes). */
export type TierInput = Overrides<TierPreset> & {
  readonly name: string;
  readonly environment: string;
  readonly cloud: Cloud;
  /** Shorthand for `regions: [region]`. */
  readonly region?: string;
  /** Regions, primary first. */
  readonly regions?: readonly string[];
};

/** The app every preset runs until the user names theirs (defined with the model's defaults). */
export { PLACEHOLDER_APP } from "../src/model/defaults";

/** Merges a user's input over a preset and parses it: one error listing every problem, or a Topology. */
export function applyTier(tier: TierName, preset: TierPreset, input: TierInput): Topology {
  // Plain JavaScript callers can pass anything: say what a tier takes instead of failing inside.
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    const example = `${tier}({ name: "acme", environment: "prod", cloud: "aws", region: "us-west-2" })`;
    throw new TierformError(`Invalid ${tier} tier`, [{ path: "", message: `expected an object with name, environment and cloud, e.g. ${example}`, received: formatValue(input) }]);
  }
  const { region, regions, ...overrides } = input;
  const early: Problem[] = [];
  if (region !== undefined && regions !== undefined) {
    early.push({ path: "region", message: "expected region or regions, not both (region is shorthand for regions: [region])", received: formatValue(region) });
  }
  const oneRegion = typeof (regions as unknown) === "string";
  if (oneRegion) early.push({ path: "regions", message: `expected a list of regions, primary first (for one region: region: ${JSON.stringify(regions)})`, received: formatValue(regions) });
  const merged = deepMerge(preset, overrides) as Record<string, unknown>;
  // A lone string is still checked as the one region it names, so its other problems are reported too.
  const props = { ...merged, tier, regions: oneRegion ? [regions] : (regions ?? (region !== undefined ? [region] : undefined)) };
  const named = (v: unknown) => (typeof v === "string" && v !== "" ? v : "(unnamed)");
  const subject = `${tier} tier "${named(input.name)}-${named(input.environment)}"`;
  try {
    const topology = parseOrThrow(TopologySchema, props, subject);
    if (early.length) throw new TierformError(`Invalid ${subject}`, early);
    return topology;
  } catch (error) {
    if (!(error instanceof TierformError) || error.problems === early) throw error;
    // A value the user never wrote came from the preset: say so, and how to change it.
    const explained = error.problems.map((p) =>
      has(preset, p.path) && !wrote(overrides, p.path) ? { ...p, message: `${p.message} (the ${tier} preset's value: set ${p.path} yourself, or null to drop it)` } : p,
    );
    throw new TierformError(error.subject, [...early, ...explained]);
  }
}

/** The value at a problem path (`cache.shards`, `compute.nodePools[1].min`), or `absent` when no key leads there. */
function at(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return absent;
    current = (current as Record<string, unknown>)[key];
  }
  return path === "" ? absent : current;
}
const absent = Symbol("absent");
/** The preset holds a value there. */
const has = (data: unknown, path: string) => ![absent, undefined, null].includes(at(data, path) as never);
/** The user wrote something there (a null, which removes, included), or wrote the list it sits in (lists replace). */
function wrote(data: unknown, path: string): boolean {
  if (at(data, path) !== absent) return true;
  const list = /^(.*?)\[\d+\]/.exec(path);
  return list !== null && Array.isArray(at(data, list[1]!));
}

/** Input for `new Environment(...)` from a tier, without parsing twice. */
export type { TopologyProps };
