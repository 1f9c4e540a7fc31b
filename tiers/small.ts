import { PLACEHOLDER_APP, applyTier, type TierInput, type TierPreset } from "./preset";

/**
 * small (1–1K users, $200–500/month): one server running the app with Docker Compose, managed PostgreSQL, a
 * single-node Redis, a bucket for files.
 *
 * The guides' small tier is one 8 vCPU / 32 GiB server with a 1 TB SSD that also runs PostgreSQL (with a read
 * replica) and Redis. tierform keeps the data stores managed (backups, patching, encryption, failover later), so
 * the server only runs the app: 4 vCPU / 16 GiB and 100 GiB (images and logs; data lives in the database and the
 * bucket). The read replica is off: with it, every cloud starts above the guide's $500 (`tierform cost`: about
 * +$130); `database: { readReplicas: 1 }` turns it back on.
 */
export const smallPreset = {
  app: PLACEHOLDER_APP,
  // Two zones: managed databases need subnets in two zones even without a standby.
  network: { zones: 2, nat: "single" },
  compute: { kind: "vm", servers: 1, shape: { vcpu: 4, memoryGiB: 16 }, diskGiB: 100, exposure: "public" },
  database: { version: 16, shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, maxStorageGiB: 500, ha: false, readReplicas: 0, extensions: ["vector"] },
  cache: { mode: "single", memoryGiB: 4 },
  files: {},
  // One server and its managed data stores: looser thresholds (a small app tolerates spikes), no load balancer.
  monitoring: {
    alerts: { database: true, cache: true, compute: true },
    thresholds: { databaseCpuPercent: 90, databaseFreeStoragePercent: 15, replicaLagSeconds: 300, cacheMemoryPercent: 90, cacheCpuPercent: 90, cacheEvictionsPer5Minutes: 5000 },
  },
} satisfies TierPreset;

export function small(input: TierInput) {
  return applyTier("small", smallPreset, input);
}
