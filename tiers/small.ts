import { PLACEHOLDER_APP, applyTier, type TierInput, type TierPreset } from "./preset";

/**
 * small (1–1K users, ~$200–500/month): one server (8 vCPU / 32 GiB / 1 TB SSD) running the app with
 * Docker Compose, managed PostgreSQL with a read replica, a single-node Redis, a bucket for files.
 */
export const smallPreset = {
  app: PLACEHOLDER_APP,
  // Two zones: managed databases need subnets in two zones even without a standby.
  network: { zones: 2, nat: "single" },
  compute: { kind: "vm", servers: 1, shape: { vcpu: 8, memoryGiB: 32 }, diskGiB: 1000, exposure: "public" },
  database: { version: 16, shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, maxStorageGiB: 500, ha: false, readReplicas: 1, extensions: ["vector"] },
  cache: { mode: "single", memoryGiB: 4 },
  files: {},
} satisfies TierPreset;

export function small(input: TierInput) {
  return applyTier("small", smallPreset, input);
}
