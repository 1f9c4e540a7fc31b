import type { Cloud } from "../core/cloud";
import type { TerraformJson } from "../testing/synth";
import type { ResolvedUsage } from "./usage";

/** Hours in a month, as the clouds' calculators count them. */
export const HOURS_PER_MONTH = 730;

/** Monthly USD at the autoscaling minimum, at the starting size (desired) and at the maximum. */
export interface Range {
  readonly min: number;
  readonly start: number;
  readonly max: number;
}

/** One priced resource. */
export interface CostItem extends Range {
  /** `<type>.<name>` in its stack. */
  readonly address: string;
  readonly type: string;
  /** What it belongs to (network, compute, database, cache, cdn, files, platform, …), from its construct path. */
  readonly component: string;
  /** How the figure was reached: count × unit price, the usage assumed. */
  readonly basis: string;
}

export interface StackCost extends Range {
  readonly environment: string;
  readonly items: CostItem[];
}

export interface EnvironmentCost extends Range {
  readonly cloud: Cloud | "unknown";
  /** The tier the stacks' `tierform:tier` tag names, when they carry one. */
  readonly tier?: string;
  readonly stacks: string[];
  /** Monthly USD per component, summed over the environment's stacks. */
  readonly components: Record<string, Range>;
  readonly usage: ResolvedUsage;
}

export interface CostEstimate {
  readonly currency: "USD";
  readonly period: "month";
  readonly hoursPerMonth: number;
  /** Where each cloud's prices come from (region, date, pages). */
  readonly prices: Record<string, { region: string; asOf: string; source: string }>;
  readonly stacks: Record<string, StackCost>;
  readonly environments: Record<string, EnvironmentCost>;
  /** Resource types found that are neither priced nor declared free (empty when coverage is 100 %). */
  readonly unpriced: string[];
}

/** A resource as a pricer sees it. */
export interface Resource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly component: string;
  readonly body: Record<string, any>;
  readonly json: TerraformJson;
}

/** A pricer's answer for one resource. */
export interface Priced extends Range {
  readonly basis: string;
  /** Machines this resource runs at each point (Cloud NAT bills per VM). */
  readonly nodes?: Range;
}

/** What a pricer may know besides the resource: its environment, usage, and other resources. */
export interface PriceContext {
  readonly cloud: Cloud;
  readonly usage: ResolvedUsage;
  /** Every resource of the environment. */
  readonly resources: readonly Resource[];
  /** The resource a `${type.name.attr}` reference in the same stack names. */
  ref(from: Resource, value: unknown): Resource | undefined;
  /** Resources of the environment of one type (sorted by stack, then name). */
  all(type: string): Resource[];
  /** Machines the stack runs at each point (filled in before pricers that declare `afterNodes`). */
  nodesIn(stack: string): Range;
}

export interface Pricer {
  (r: Resource, ctx: PriceContext): Priced;
}

export const flat = (monthly: number, basis: string): Priced => ({ min: monthly, start: monthly, max: monthly, basis });
export const scaled = (per: number, counts: Range, basis: string): Priced => ({ min: per * counts.min, start: per * counts.start, max: per * counts.max, basis, nodes: counts });
export const fixed = (n: number): Range => ({ min: n, start: n, max: n });
export const usd = (n: number) => `$${n < 10 ? n.toFixed(n < 1 ? 4 : 3).replace(/0+$/, "").replace(/\.$/, "") : n.toFixed(2)}`;
export const money = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
