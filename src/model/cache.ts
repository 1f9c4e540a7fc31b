import { z } from "zod";
import { catalogFor } from "../catalog";
import { MachineTypeOverride, intRange, numRange, oneOf, strict } from "./common";
import { finding, machineRules, type Finding, type RuleContext } from "./rules";

export const CACHE_MODES = ["single", "replicated", "cluster"] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

export const CacheSchema = strict({
  mode: oneOf(CACHE_MODES).meta({
    description:
      "single: one node. replicated: a primary with replicas and automatic failover. cluster: sharded, each shard with replicas.",
  }),
  memoryGiB: numRange(0.5, 1024).meta({ description: "Cache memory per node in GiB; the catalog picks the node type." }),
  nodeType: MachineTypeOverride,
  shards: intRange(1, 90).default(1).meta({ description: "Shards (cluster mode only)." }),
  replicasPerShard: intRange(0, 5).default(0).meta({ description: "Replicas of each primary." }),
  version: oneOf(["7"]).default("7").meta({ description: "Redis major version; each cloud runs its current 7.x." }),
  tls: z.boolean().default(true).meta({ description: "Encrypt client traffic in transit." }),
  auth: oneOf(["iam", "none"]).default("iam").meta({
    description: "Client authentication: the cloud's IAM-backed Redis users (no static password), or none.",
  }),
  snapshotRetentionDays: intRange(0, 35).default(1).meta({ description: "Days of snapshots to keep; 0 turns persistence off. AWS: daily snapshots kept this many days; GCP: RDB snapshots every 24 h; Azure: RDB backups every 12 h (not with geo-replication)." }),
}).superRefine((c, ctx) => {
  if (c.mode !== "cluster" && c.shards !== 1) {
    ctx.addIssue({ code: "custom", path: ["shards"], input: c.shards, message: `expected 1 unless mode is "cluster"` });
  }
  if (c.mode === "single" && c.replicasPerShard !== 0) {
    ctx.addIssue({ code: "custom", path: ["replicasPerShard"], input: c.replicasPerShard, message: 'expected 0 in mode "single" (use "replicated" for replicas)' });
  }
  if (c.mode === "replicated" && c.replicasPerShard < 1) {
    ctx.addIssue({ code: "custom", path: ["replicasPerShard"], input: c.replicasPerShard, message: 'expected ≥ 1 in mode "replicated" (failover needs a replica)' });
  }
  if (c.mode === "cluster" && c.replicasPerShard < 1) {
    ctx.addIssue({ code: "custom", path: ["replicasPerShard"], input: c.replicasPerShard, message: 'expected ≥ 1 in mode "cluster" (each shard needs a replica for failover)' });
  }
  if (c.auth === "iam" && !c.tls) {
    ctx.addIssue({ code: "custom", path: ["tls"], input: c.tls, message: 'expected true with auth "iam" (IAM authentication requires TLS)' });
  }
});
export type CacheProps = z.input<typeof CacheSchema>;
export type CacheSpec = z.output<typeof CacheSchema>;

/**
 * A cache's rules on its cloud, paths relative to the cache: the topology reports them under `cache.`,
 * `RedisCluster` as they are. `zones`: how many zones the network spans (unknown when the network is wrong).
 */
export function cacheRules(rc: RuleContext & { readonly zones?: number | undefined }, cache: CacheSpec): Finding[] {
  const catalog = catalogFor(rc.cloud);
  const found: Finding[] = [];
  if (cache.mode !== "single" && rc.zones !== undefined && rc.zones < 2) {
    found.push(finding(["mode"], 'needs a network with ≥ 2 zones for failover (modes "replicated" and "cluster")', cache.mode));
  }
  found.push(...machineRules(rc, "caches", { shape: { vcpu: 1, memoryGiB: cache.memoryGiB }, override: cache.nodeType }, { shape: ["memoryGiB"], override: ["nodeType"] }));
  if (cache.mode === "cluster" && cache.replicasPerShard > catalog.cacheMaxReplicasPerShard && !catalog.cacheReplicasFixed) {
    found.push(finding(["replicasPerShard"], `expected ≤ ${catalog.cacheMaxReplicasPerShard} on ${rc.cloud} in mode "cluster"`, cache.replicasPerShard));
  }
  return found;
}
