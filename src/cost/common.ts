import { tieredCost } from "../catalog/rates";
import type { MachineType, Rate } from "../catalog/types";
import { HOURS_PER_MONTH, type PriceContext, type Range, type Resource } from "./model";

/** A number from a literal (Terraform JSON may carry "3" for 3); undefined for references and absent values. */
export function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

/** The first element of a block that Terraform JSON may write as an object or a one-element list. */
export function block(v: unknown): Record<string, any> | undefined {
  if (Array.isArray(v)) return v[0] as Record<string, any> | undefined;
  return v && typeof v === "object" ? (v as Record<string, any>) : undefined;
}

export function blocks(v: unknown): Record<string, any>[] {
  if (Array.isArray(v)) return v as Record<string, any>[];
  return v && typeof v === "object" ? [v as Record<string, any>] : [];
}

/** Monthly USD of an hourly price. */
export const monthly = (usdPerHour: number) => usdPerHour * HOURS_PER_MONTH;

export function machine(table: readonly MachineType[], name: unknown): MachineType | undefined {
  return typeof name === "string" ? table.find((m) => m.name === name) : undefined;
}

/** The count a resource's `count` meta-argument gives (1 without one; 1 when it is an expression). */
export function countOf(r: Resource): number {
  return num(r.body["count"]) ?? 1;
}

/** This resource's even share of an environment-wide quantity among the resources `peers` selects. */
export function shareOf(r: Resource, ctx: PriceContext, peers: (p: Resource) => boolean): { fraction: number; of: number } {
  const n = ctx.resources.filter(peers).length;
  return { fraction: n > 0 && peers(r) ? 1 / n : 0, of: n };
}

export const sharedNote = (of: number) => (of > 1 ? ` (1/${of} of the environment's)` : "");

/** Min ≤ start ≤ max counts, clamped. */
export function counts(min: number | undefined, start: number | undefined, max: number | undefined): Range {
  const lo = min ?? start ?? max ?? 1;
  const hi = Math.max(lo, max ?? start ?? lo);
  const mid = Math.min(hi, Math.max(lo, start ?? lo));
  return { min: lo, start: mid, max: hi };
}

export const rangeText = (c: Range) => (c.min === c.max ? `${c.min}` : `${c.min}/${c.start}/${c.max}`);

/** USD for a usage quantity at a (possibly tiered) rate. */
export const usage = (rate: Rate, quantity: number) => tieredCost(rate, quantity);

/** True when a resource is in the primary stack only by reference to another stack (cross-stack input). */
export const remote = (v: unknown) => typeof v === "string" && v.includes("terraform_remote_state");
