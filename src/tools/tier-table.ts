import type { Cloud } from "../core/cloud";
import { MIN_REGIONS } from "../model/topology";
import { sizeCache, sizeDatabase, sizeMachine } from "../plan/sizing";
import { TIER_NAMES, presets } from "../../tiers";
import type { TierName } from "../../tiers";

const USERS: Record<TierName, string> = { small: "1–1K", medium: "1K–10K", large: "10K–100K", enterprise: "100K+" };

/** The README's tier table, computed from the presets and the catalog so it cannot drift. */
export function tierTable(clouds: readonly Cloud[]): string {
  const rows: string[][] = [["", ...TIER_NAMES]];
  rows.push(["users", ...TIER_NAMES.map((t) => USERS[t])]);
  rows.push(["compute", ...TIER_NAMES.map((t) => describeCompute(t))]);
  rows.push(["PostgreSQL", ...TIER_NAMES.map((t) => describeDatabase(t))]);
  rows.push(["Redis", ...TIER_NAMES.map((t) => describeCache(t))]);
  rows.push(["CDN", ...TIER_NAMES.map((t) => (presets[t].cdn ? "static assets from a bucket origin, `/api/*` to the app uncached" : "—"))]);
  rows.push(["regions", ...TIER_NAMES.map((t) => describeRegions(t))]);
  rows.push(["compliance", ...TIER_NAMES.map((t) => describeCompliance(t))]);
  for (const cloud of clouds) {
    rows.push([`${cloud} machines`, ...TIER_NAMES.map((t) => machinesOn(t, cloud))]);
  }
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(rows[0]!), line(rows[0]!.map(() => "---")), ...rows.slice(1).map(line)].join("\n");
}

function describeRegions(tier: TierName): string {
  const least = MIN_REGIONS[tier] ?? 1;
  if (least > 1) return `${least} or more: per-region clusters and replicas, global traffic`;
  // Several regions need a cluster per region: VM tiers stay in one.
  return presets[tier].compute.kind === "kubernetes" ? "1, or more with `regions`" : "1";
}

function describeCompliance(tier: TierName): string {
  const c = (presets[tier] as { compliance?: Record<string, boolean> }).compliance ?? {};
  const on = [c["waf"] && "WAF", c["customerManagedKeys"] && "customer-managed keys", c["flowLogs"] && "flow logs", c["auditLogs"] && "data-store audit logs"].filter(Boolean);
  return on.length > 0 ? on.join(", ") : "secure baseline";
}

function describeCompute(tier: TierName): string {
  const c = presets[tier].compute;
  if (c.kind === "vm") {
    const lb = c.exposure === "loadBalancer" ? "load balancer + " : "";
    return `${lb}${c.servers} server${c.servers > 1 ? "s" : ""} (${c.shape.vcpu} vCPU / ${c.shape.memoryGiB} GiB, ${c.diskGiB} GiB SSD), Docker Compose`;
  }
  if (c.kind === "containers") return "serverless containers (ECS on Fargate, Cloud Run, Container Apps)";
  return `Kubernetes ${c.version}: ${c.nodePools.map((p) => `${p.name} ${p.min}–${p.max}${p.gpu ? ` (${p.gpu.count}× ${p.gpu.accelerator.toUpperCase()})` : ""}`).join(", ")}`;
}

function describeDatabase(tier: TierName): string {
  const d = presets[tier].database;
  if (!d) return "—";
  return `${d.shape.vcpu} vCPU / ${d.shape.memoryGiB} GiB / ${d.storageGiB} GiB${d.ha ? ", HA" : ""}, ${d.readReplicas} read replica${d.readReplicas === 1 ? "" : "s"}`;
}

function describeCache(tier: TierName): string {
  const c = presets[tier].cache;
  if (!c) return "—";
  if (c.mode === "single") return "single node";
  if (c.mode === "replicated") return `primary + ${c.replicasPerShard} replicas, failover`;
  return `cluster: ${c.shards} shards × (1 + ${c.replicasPerShard}), failover`;
}

function machinesOn(tier: TierName, cloud: Cloud): string {
  const p = presets[tier];
  const c = p.compute;
  const compute =
    c.kind === "vm"
      ? sizeMachine(cloud, c.shape).type
      : c.kind === "containers"
        ? ""
        : c.nodePools.map((pool) => sizeMachine(cloud, pool.shape, undefined, pool.gpu ? { accelerator: pool.gpu.accelerator, count: pool.gpu.count ?? 1 } : undefined).type).join(", ");
  const db = p.database ? sizeDatabase(cloud, p.database.shape).type : "";
  const cache = p.cache ? sizeCache(cloud, p.cache.memoryGiB, undefined, p.cache.mode).type : "";
  return [compute, db, cache].filter(Boolean).map((s) => `\`${s}\``).join(" · ").replace(/, /g, "`, `");
}
