import { PLACEHOLDER_APP, applyTier, type TierInput, type TierPreset } from "./preset";

/**
 * medium (1K–10K users, $1,500–3,000/month): a load balancer in front of 3 app servers (8 vCPU / 32 GiB)
 * in an autoscaling group, a dedicated PostgreSQL server (16 vCPU / 64 GiB / 2 TB), a 3-node Redis (primary +
 * 2 replicas, automatic failover), a CDN for static assets. As in the guides, no read replica: an identical one
 * would add about $1,150 a month and put every cloud above the guide's $3,000 (`tierform cost`);
 * `database: { readReplicas: 1 }` adds it.
 */
export const mediumPreset = {
  app: PLACEHOLDER_APP,
  network: { zones: 3, nat: "single" },
  compute: {
    kind: "vm",
    servers: 3,
    shape: { vcpu: 8, memoryGiB: 32 },
    diskGiB: 100,
    exposure: "loadBalancer",
    autoscaling: { min: 3, max: 6, cpuTargetPercent: 70, cooldownSeconds: 180 },
  },
  database: { version: 16, shape: { vcpu: 16, memoryGiB: 64 }, storageGiB: 2000, maxStorageGiB: 4000, ha: false, readReplicas: 0, extensions: ["vector"], pooling: {} },
  cache: { mode: "replicated", memoryGiB: 12, replicasPerShard: 2 },
  cdn: { staticAssets: true, appOrigin: true, noCachePaths: ["/api/*"] },
  files: {},
  monitoring: {
    alerts: { database: true, cache: true, loadBalancer: true, compute: true },
    thresholds: {
      databaseCpuPercent: 85,
      replicaLagSeconds: 120,
      cacheMemoryPercent: 85,
      cacheCpuPercent: 85,
      cacheEvictionsPer5Minutes: 2000,
      loadBalancer5xxPercent: 5,
      loadBalancerLatencySeconds: 1.5,
    },
  },
} satisfies TierPreset;

export function medium(input: TierInput) {
  return applyTier("medium", mediumPreset, input);
}
