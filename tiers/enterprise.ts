import { largePreset } from "./large";
import { applyTier, type TierInput, type TierPreset } from "./preset";

/**
 * enterprise (100K+ users, $15,000+/month): the large tier scaled up — general pool to 50 nodes, GPU pool
 * to 10, a memory-optimised pool, PostgreSQL HA (16 vCPU / 128 GiB) with three replicas, a 6-shard Redis
 * cluster, CDN on every edge location, 30-day backups — in at least two regions: each region runs its
 * own network, cluster and data-store replicas, and a global stack routes traffic (see `Environment`).
 * WAF, customer-managed keys, flow logs and data-store audit logs are on.
 */
export const enterprisePreset = {
  ...largePreset,
  compute: {
    kind: "kubernetes",
    version: "1.33",
    nodePools: [
      { name: "general", role: "general", shape: { vcpu: 8, memoryGiB: 32 }, min: 6, max: 50, labels: { role: "api" } },
      { name: "memory", role: "memory", shape: { vcpu: 8, memoryGiB: 64 }, min: 0, max: 10, labels: { role: "memory" } },
      {
        name: "gpu",
        role: "gpu",
        // 15 GiB: the T4 machines differ by cloud (AWS g4dn.xlarge 16 GiB, GCP n1-standard-4 15 GiB).
        shape: { vcpu: 4, memoryGiB: 15 },
        gpu: { accelerator: "t4", count: 1 },
        min: 2,
        max: 10,
        labels: { role: "ml-inference" },
      },
      { name: "spot", role: "spot", shape: { vcpu: 8, memoryGiB: 32 }, min: 0, max: 30, labels: { role: "batch" } },
    ],
  },
  database: { version: 16, shape: { vcpu: 16, memoryGiB: 128 }, storageGiB: 2000, maxStorageGiB: 8000, ha: true, readReplicas: 3, extensions: ["vector"], pooling: {}, backupRetentionDays: 30 },
  cache: { mode: "cluster", memoryGiB: 26, shards: 6, replicasPerShard: 2 },
  cdn: { staticAssets: true, appOrigin: true, noCachePaths: ["/api/*"], priceClass: "all" },
  logs: { retentionDays: 365 },
  // Tighter than large: more users behind every minute of degradation, and cross-region lag means lost writes on failover.
  monitoring: {
    ...largePreset.monitoring,
    thresholds: { ...largePreset.monitoring.thresholds, databaseCpuPercent: 75, replicaLagSeconds: 30, cacheCpuPercent: 75, loadBalancer5xxPercent: 1 },
  },
  compliance: { waf: true, customerManagedKeys: true, flowLogs: true, auditLogs: true },
} satisfies TierPreset;

export function enterprise(input: TierInput) {
  return applyTier("enterprise", enterprisePreset, input);
}
