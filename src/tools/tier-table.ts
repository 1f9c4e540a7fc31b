import type { Cloud } from "../core/cloud";
import { MIN_REGIONS } from "../model/topology";
import { sizeCache, sizeDatabase, sizeMachine } from "../plan/sizing";
import { FILE_TIER_NAMES, presets, tierVariants, type TierPreset, type TierVariantName } from "../../tiers";
import type { TierName } from "../../tiers";
import { catalogFor } from "../catalog";
import { WorkloadSchema } from "../model/workload";
import { fitContainer, requestedSize } from "../plan/containers";

const USERS: Record<TierName, string> = { small: "1–1K", medium: "1K–10K", large: "10K–100K", enterprise: "100K+" };

/** A column of the table: a tier, or a variant of one (`medium-containers`). */
type Column = (typeof FILE_TIER_NAMES)[number];
const presetOf = (c: Column): TierPreset => (c in tierVariants ? tierVariants[c as TierVariantName].preset : presets[c as TierName]);
const tierOf = (c: Column): TierName => (c in tierVariants ? tierVariants[c as TierVariantName].tier : (c as TierName));

/** The README's tier table, computed from the presets and the catalog so it cannot drift. */
export function tierTable(clouds: readonly Cloud[]): string {
  const columns = FILE_TIER_NAMES;
  const rows: string[][] = [["", ...columns]];
  rows.push(["users", ...columns.map((t) => USERS[tierOf(t)])]);
  rows.push(["compute", ...columns.map((t) => describeCompute(t))]);
  rows.push(["PostgreSQL", ...columns.map((t) => describeDatabase(t))]);
  rows.push(["Redis", ...columns.map((t) => describeCache(t))]);
  rows.push(["CDN", ...columns.map((t) => (presetOf(t).cdn ? "static assets from a bucket origin, `/api/*` to the app uncached" : "—"))]);
  rows.push(["regions", ...columns.map((t) => describeRegions(t))]);
  rows.push(["compliance", ...columns.map((t) => describeCompliance(t))]);
  for (const cloud of clouds) {
    rows.push([`${cloud} machines`, ...columns.map((t) => machinesOn(t, cloud))]);
  }
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(rows[0]!), line(rows[0]!.map(() => "---")), ...rows.slice(1).map(line)].join("\n");
}

function describeRegions(tier: Column): string {
  const least = MIN_REGIONS[tierOf(tier)] ?? 1;
  if (least > 1) return `${least} or more: per-region clusters and replicas, global traffic`;
  // Several regions need a cluster per region: VM tiers stay in one.
  return presetOf(tier).compute.kind === "kubernetes" ? "1, or more with `regions`" : "1";
}

function describeCompliance(tier: Column): string {
  const c = (presetOf(tier) as { compliance?: Record<string, boolean> }).compliance ?? {};
  const on = [c["waf"] && "WAF", c["customerManagedKeys"] && "customer-managed keys", c["flowLogs"] && "flow logs", c["auditLogs"] && "data-store audit logs"].filter(Boolean);
  return on.length > 0 ? on.join(", ") : "secure baseline";
}

/** The services of a containers preset, parsed as the topology would parse them. */
const servicesOf = (tier: Column) => (presetOf(tier).workloads ?? []).map((w) => WorkloadSchema.parse(w));

function describeCompute(tier: Column): string {
  const c = presetOf(tier).compute;
  if (c.kind === "vm") {
    const lb = c.exposure === "loadBalancer" ? "load balancer + " : "";
    return `${lb}${c.servers} server${c.servers > 1 ? "s" : ""} (${c.shape.vcpu} vCPU / ${c.shape.memoryGiB} GiB, ${c.diskGiB} GiB SSD), Docker Compose`;
  }
  if (c.kind === "containers") {
    const services = servicesOf(tier).map((w) => {
      const size = requestedSize(w)!;
      const bounds = w.autoscaling ? `${w.autoscaling.min}–${w.autoscaling.max}` : `${w.replicas}`;
      return `${w.name} ${bounds} × ${size.vcpu} vCPU / ${size.memoryGiB} GiB${w.autoscaling?.queue ? " (on its queue)" : ""}`;
    });
    return `serverless containers behind a load balancer: ${services.join(", ")}`;
  }
  return `Kubernetes ${c.version}: ${c.nodePools.map((p) => `${p.name} ${p.min}–${p.max}${p.gpu ? ` (${p.gpu.count}× ${p.gpu.accelerator.toUpperCase()})` : ""}`).join(", ")}`;
}

function describeDatabase(tier: Column): string {
  const d = presetOf(tier).database;
  if (!d) return "—";
  return `${d.shape.vcpu} vCPU / ${d.shape.memoryGiB} GiB / ${d.storageGiB} GiB${d.ha ? ", HA" : ""}, ${d.readReplicas} read replica${d.readReplicas === 1 ? "" : "s"}`;
}

function describeCache(tier: Column): string {
  const c = presetOf(tier).cache;
  if (!c) return "—";
  if (c.mode === "single") return "single node";
  if (c.mode === "replicated") return `primary + ${c.replicasPerShard} replicas, failover`;
  return `cluster: ${c.shards} shards × (1 + ${c.replicasPerShard}), failover`;
}

function machinesOn(tier: Column, cloud: Cloud): string {
  const p = presetOf(tier);
  const c = p.compute;
  const compute =
    c.kind === "vm"
      ? sizeMachine(cloud, c.shape).type
      : c.kind === "containers"
        ? containerSizes(tier, cloud)
        : c.nodePools.map((pool) => sizeMachine(cloud, pool.shape, undefined, pool.gpu ? { accelerator: pool.gpu.accelerator, count: pool.gpu.count ?? 1 } : undefined).type).join(", ");
  const db = p.database ? sizeDatabase(cloud, p.database.shape).type : "";
  const cache = p.cache ? sizeCache(cloud, p.cache.memoryGiB, undefined, p.cache.mode).type : "";
  return [compute, db, cache].filter(Boolean).map((s) => `\`${s}\``).join(" · ").replace(/, /g, "`, `");
}

/** The platform and instance size of each service, e.g. "ECS on Fargate 1 vCPU / 2 GiB". */
function containerSizes(tier: Column, cloud: Cloud): string {
  const platform = catalogFor(cloud).containers;
  const sizes = [...new Set(servicesOf(tier).map((w) => {
    const s = fitContainer(platform, requestedSize(w)!)!;
    return `${s.vcpu} vCPU / ${s.memoryGiB} GiB`;
  }))];
  return `${platform.product} ${sizes.join(", ")}`;
}
