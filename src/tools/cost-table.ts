import { defaultApp } from "../../examples/default-app";
import { CLOUDS } from "../core/cloud";
import { Testing } from "../core/tf";
import { estimateCost } from "../cost/estimate";
import type { CostEstimate, EnvironmentCost } from "../cost/model";
import { TIER_USAGE } from "../cost/usage";
import { synthesize } from "../testing/synth";
import { FILE_TIER_NAMES, TIER_NAMES, tierVariants, type TierName, type TierVariantName } from "../../tiers";

/** A row of the cost table: a tier, or a variant of one (`medium-containers`, priced against its tier's budget). */
export type CostColumn = (typeof FILE_TIER_NAMES)[number];
const tierOf = (c: CostColumn): TierName => (c in tierVariants ? tierVariants[c as TierVariantName].tier : (c as TierName));

/** The guides' monthly budgets (tiers.md); enterprise has no upper bound. */
export const BUDGETS: Readonly<Record<TierName, { min: number; max?: number }>> = {
  small: { min: 200, max: 500 },
  medium: { min: 1_500, max: 3_000 },
  large: { min: 5_000, max: 15_000 },
  enterprise: { min: 15_000 },
};

const money = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
export const budgetText = (b: { min: number; max?: number }) => (b.max === undefined ? `${money(b.min)}+` : `${money(b.min)}–${money(b.max)}`);

/** The default app's estimate (every tier on every cloud, each tier at its own usage assumptions). */
export function defaultAppEstimate(): CostEstimate {
  const app = Testing.app();
  defaultApp(app);
  return estimateCost(synthesize(app));
}

/**
 * The default app's environment of a tier (or variant) on a cloud: found by its tier tag and cloud; a variant's
 * environment is the one whose stacks are named after it in the default app (`svc-<cloud>-…` for medium-containers).
 */
export function environmentOf(estimate: CostEstimate, column: CostColumn, cloud: string): [string, EnvironmentCost] {
  const variant = column in tierVariants;
  const found = Object.entries(estimate.environments).filter(
    ([, e]) => e.tier === tierOf(column) && e.cloud === cloud && e.stacks.every((s) => s.startsWith("svc-")) === variant,
  );
  if (found.length !== 1) throw new Error(`expected one ${column} environment on ${cloud}, found ${found.length}`);
  return found[0]!;
}

/** README: tier × cloud → monthly min / start / max next to the guide's budget. */
export function costTable(estimate: CostEstimate): string {
  const rows = [
    "| tier | cloud | min | start | max | guide budget | start within |",
    "|---|---|---:|---:|---:|---|---|",
  ];
  for (const tier of FILE_TIER_NAMES) {
    for (const cloud of CLOUDS) {
      const [, env] = environmentOf(estimate, tier, cloud);
      const b = BUDGETS[tierOf(tier)];
      const inside = env.start >= b.min && (b.max === undefined || env.start <= b.max);
      rows.push(`| ${tier} | ${cloud} | ${money(env.min)} | ${money(env.start)} | ${money(env.max)} | ${budgetText(b)} | ${inside ? "yes" : `no (${env.start > (b.max ?? Infinity) ? "+" : ""}${Math.round(((env.start - (env.start > (b.max ?? Infinity) ? b.max! : b.min)) / (env.start > (b.max ?? Infinity) ? b.max! : b.min)) * 100)} %)`} |`);
    }
  }
  return rows.join("\n");
}

/** README: the usage each tier is priced at. */
export function usageTable(): string {
  const fields = [
    ["users", "monthly active users"],
    ["requestsMillions", "requests (millions)"],
    ["egressGB", "egress to users (GB)"],
    ["natGB", "through NAT (GB)"],
    ["logGB", "logs ingested (GB)"],
    ["flowLogGB", "flow logs (GB)"],
    ["objectStorageGB", "files stored (GB)"],
    ["staticAssetsGB", "static assets (GB)"],
    ["crossRegionGB", "cross-region (GB, multi-region only)"],
    ["databaseGB", "data in Aurora (GB)"],
    ["lbCapacityUnits", "load balancer capacity units"],
  ] as const;
  const rows = [`| per month | ${TIER_NAMES.join(" | ")} |`, `|---|${TIER_NAMES.map(() => "---:").join("|")}|`];
  for (const [key, label] of fields) rows.push(`| ${label} | ${TIER_NAMES.map((t) => TIER_USAGE[t][key].toLocaleString("en-US")).join(" | ")} |`);
  return rows.join("\n");
}
