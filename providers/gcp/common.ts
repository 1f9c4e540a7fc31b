import { physicalName } from "../../src/plan/naming";
import type { RenderContext } from "../../src/core/contracts";
import type { ContainerServicePlan } from "../../src/plan/containers";
import type { NetworkAttribute, NetworkRef } from "../../src/core/contracts";
import { networkAttribute } from "../../src/core/network-ref";

/**
 * A handle of a GCP network (`NetworkAttributes["gcp"]`), by its typed name, or undefined for a network of
 * your own that leaves it out: every GCP handle has a fallback (the network id, the first private subnet,
 * tierform's own range names).
 */
export function gcpNetworkAttribute(network: NetworkRef, name: NetworkAttribute<"gcp">): string | undefined {
  return networkAttribute(network, "gcp", name);
}

/**
 * GCP labels: lower-case keys and values of letters, digits, `_` and `-` (≤63). Tags such as
 * `tierform:tier` become `tierform_tier`; values are lower-cased the same way.
 */
export function labels(ctx: RenderContext, extra: Record<string, string> = {}): Record<string, string> {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63);
  return Object.fromEntries(
    Object.entries({ ...ctx.tags, ...extra })
      .map(([k, v]) => [clean(k), clean(v)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function projectOf(ctx: RenderContext): string {
  if (!ctx.project) throw new Error("tierform: GCP rendering without a project (a bug: the model requires it)");
  return ctx.project;
}

/** GCP resource names: lower-case letters, digits and hyphens, ≤63, starting with a letter. */
export function gcpName(ctx: RenderContext, suffix: string): string {
  const name = `${ctx.prefix}-${suffix}`;
  if (name.length > 63) throw new Error(`tierform: GCP name "${name}" is longer than 63 characters (a bug)`);
  return name;
}

const SERVICE_ACCOUNT_ID_MAX = 30;

/**
 * Service account ids: 6–30 characters. Long prefixes (long names in a multi-region topology) are cut
 * and get a short hash of the full id, so ids stay unique and stable.
 */
export function serviceAccountId(ctx: RenderContext, suffix: string): string {
  return physicalName(ctx.prefix, suffix, SERVICE_ACCOUNT_ID_MAX);
}

/** Google's health-check and front-end ranges, which must reach load-balanced backends. */
export const GOOGLE_LB_RANGES = ["130.211.0.0/22", "35.191.0.0/16"];

/** Day numbers Cloud SQL and Memorystore use, from the model's `ddd` window prefix. */
export const WEEKDAY = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
export const WEEKDAY_NAME = { mon: "MONDAY", tue: "TUESDAY", wed: "WEDNESDAY", thu: "THURSDAY", fri: "FRIDAY", sat: "SATURDAY", sun: "SUNDAY" } as const;

/**
 * The services with a port, in the topology's order: the ones rendered as Cloud Run services (the rest are worker
 * pools). The containers renderer's `raw.services` follows this order, and the alarms pair them by it.
 */
export function portServices(services: readonly ContainerServicePlan[]): ContainerServicePlan[] {
  return services.filter((s) => s.workload.port !== undefined);
}
