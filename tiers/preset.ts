import type { Cloud } from "../src/core/cloud";
import { deepMerge, type Overrides } from "../src/core/merge";
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

/** The app every preset runs until the user names theirs: an unprivileged nginx on 8080. */
export const PLACEHOLDER_APP = {
  image: "nginxinc/nginx-unprivileged:1.27-alpine",
  port: 8080,
  healthCheckPath: "/",
} as const;

/** Merges a user's input over a preset and parses it: one error listing every problem, or a Topology. */
export function applyTier(tier: TierName, preset: TierPreset, input: TierInput): Topology {
  const { region, regions, ...overrides } = input;
  const merged = deepMerge(preset, overrides) as Record<string, unknown>;
  const props = { ...merged, tier, regions: regions ?? (region !== undefined ? [region] : undefined) };
  return parseOrThrow(TopologySchema, props, `${tier} tier "${input.name}-${input.environment}"`);
}

/** Input for `new Environment(...)` from a tier, without parsing twice. */
export type { TopologyProps };
