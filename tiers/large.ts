import { PLACEHOLDER_APP, applyTier, type TierInput, type TierPreset } from "./preset";

/**
 * large (10K–100K users, ~$5,000–15,000/month): Kubernetes with a general pool that grows to 24 nodes,
 * a GPU inference pool (1–5 nodes, one T4 each), an optional spot pool (0–10), PostgreSQL HA with two
 * read replicas, a Redis cluster (3 shards × 1 replica) with failover, a CDN; one NAT per zone.
 */
export const largePreset = {
  app: PLACEHOLDER_APP,
  network: { zones: 3, nat: "perZone" },
  compute: {
    kind: "kubernetes",
    version: "1.33",
    nodePools: [
      { name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 3, max: 24, labels: { role: "api" } },
      {
        name: "gpu",
        role: "gpu",
        // 15 GiB: the T4 machines differ by cloud (AWS g4dn.xlarge 16 GiB, GCP n1-standard-4 15 GiB).
        shape: { vcpu: 4, memoryGiB: 15 },
        gpu: { accelerator: "t4", count: 1 },
        min: 1,
        max: 5,
        labels: { role: "ml-inference" },
      },
      { name: "spot", role: "spot", shape: { vcpu: 4, memoryGiB: 16 }, min: 0, max: 10, labels: { role: "batch" } },
    ],
  },
  database: { version: 16, shape: { vcpu: 8, memoryGiB: 64 }, storageGiB: 1000, maxStorageGiB: 4000, ha: true, readReplicas: 2, extensions: ["vector"], pooling: {}, backupRetentionDays: 14 },
  cache: { mode: "cluster", memoryGiB: 26, shards: 3, replicasPerShard: 1 },
  cdn: { staticAssets: true, appOrigin: true, noCachePaths: ["/api/*"], priceClass: "200" },
  files: {},
  // The guides' numbers: CPU > 80 %, connections > 80 % of the pool, p95 > 1 s; Artisan's workload rules.
  monitoring: {
    alerts: { database: true, cache: true, loadBalancer: true, compute: true, workloads: true },
    thresholds: {
      databaseCpuPercent: 80,
      databaseFreeStoragePercent: 10,
      databaseConnectionsPercent: 80,
      replicaLagSeconds: 60,
      cacheMemoryPercent: 80,
      cacheCpuPercent: 80,
      cacheEvictionsPer5Minutes: 1000,
      loadBalancer5xxPercent: 2,
      loadBalancerLatencySeconds: 1,
      podCpuPercent: 80,
      scalingEventsPer10Minutes: 5,
      maxReplicasPercent: 90,
    },
  },
} satisfies TierPreset;

export function large(input: TierInput) {
  return applyTier("large", largePreset, input);
}
