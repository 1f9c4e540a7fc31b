import type { DatabaseSpec } from "../model/database";
import type { Thresholds } from "../model/monitoring";
import type { SizedMachine } from "./sizing";

/** Every alert tierform can raise on a managed service, in a stable order. */
export const ALERT_KINDS = [
  "database-cpu",
  "database-storage",
  "database-connections",
  "database-replica-lag",
  "database-errors",
  "cache-memory",
  "cache-cpu",
  "cache-evictions",
  "cache-replication-lag",
  "cache-replication-health",
  "lb-5xx",
  "lb-latency",
  "fleet-health",
  "services-health",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * The runbook line of each alert: what it means and what to check first. The same words on every cloud; the
 * renderers put them in the alarm's description (CloudWatch), documentation (Cloud Monitoring) or description
 * (Azure Monitor).
 */
export function runbook(kind: AlertKind, th: Thresholds, what: string): string {
  const text: Record<AlertKind, string> = {
    "database-cpu": `${what}: CPU above ${th.databaseCpuPercent} % for 10–15 minutes. Queries will slow down. Check first: the slowest and most frequent queries (pg_stat_statements), a missing index, a batch job; then scale the instance class.`,
    "database-storage": `${what}: free storage below ${th.databaseFreeStoragePercent} % of the allocated size. When it reaches zero the database stops accepting writes. Check first: table and index bloat (VACUUM), WAL or replication slots held back, old data to archive; then raise storageGiB/maxStorageGiB.`,
    "database-connections": `${what}: connections above ${th.databaseConnectionsPercent} % of max_connections for 10–15 minutes. New connections will soon be refused. Check first: connection leaks and idle-in-transaction sessions (pg_stat_activity), app replicas x pool size; then put a pooler (PgBouncer) in front.`,
    "database-replica-lag": `${what}: replication lag above ${th.replicaLagSeconds} s. Reads from the replica are stale and a failover would lose recent writes. Check first: long transactions or heavy writes on the primary, the replica's CPU and IO, the network between regions.`,
    "database-errors": `${what}: deadlocks or failed connections. Check first: the application logs at that time (which transactions lock the same rows in different orders; authentication or TLS errors for failed connections).`,
    "cache-memory": `${what}: memory use above ${th.cacheMemoryPercent} %. Redis will evict keys (or refuse writes) soon. Check first: keys without a TTL, unexpectedly large keys (redis-cli --bigkeys); then raise cache.memoryGiB or add shards.`,
    "cache-cpu": `${what}: engine CPU above ${th.cacheCpuPercent} % for 10–15 minutes. Redis is single-threaded: latency rises for every client. Check first: slow commands (SLOWLOG GET: KEYS, large SMEMBERS/HGETALL, Lua scripts), a hot key; then add shards.`,
    "cache-evictions": `${what}: more than ${th.cacheEvictionsPer5Minutes} keys evicted in 5 minutes. The working set no longer fits: hit rate and database load suffer. Check first: memory growth and TTLs; then raise cache.memoryGiB.`,
    "cache-replication-lag": `${what}: cross-region replication lag above ${th.replicaLagSeconds} s. The other region reads stale data and a failover would lose recent writes. Check first: write volume on the primary, the inter-region link.`,
    "cache-replication-health": `${what}: cross-region replication is broken (no replication link, or the service reports it unhealthy) for 5–15 minutes. The other region serves data that no longer changes, and a failover would lose every write since. Check first: the service's health page and the other region's cache, a scaling or maintenance operation in progress, the inter-region link.`,
    "lb-5xx": `${what}: more than ${th.loadBalancer5xxPercent} % of requests answered with 5xx for 5 minutes. Users see errors. Check first: the app's error logs and recent deploys, unhealthy targets, the data stores' alarms.`,
    "lb-latency": `${what}: response time above ${th.loadBalancerLatencySeconds} s for 5 minutes. Check first: the app's slowest endpoints, database and cache alarms, CPU of servers or pods (scaling at its maximum?).`,
    "services-health": `${what}: fewer instances running than the service's minimum for 10 minutes. New instances fail to start or keep crashing. Check first: the service's events and logs (image pull errors, a crash at start, a secret the service's identity cannot read, a failing health check), then the platform's quotas.`,
    "fleet-health": `${what}: an app server is unhealthy or missing for 5–15 minutes. Check first: the instance's system log and health-check path, a full disk, a failed deploy, the group's quota or capacity errors; the autoscaling group replaces a server whose check keeps failing.`,
  };
  return text[kind];
}

/** Bytes in a GiB. */
export const GIB = 1024 ** 3;

/**
 * max_connections of a database: the user's parameter when set, else what the managed services default to for
 * the instance's memory (RDS and Aurora: LEAST(memory / 9531392, 5000); Cloud SQL and Azure use comparable
 * memory-based tables, capped at 5000).
 */
export function maxConnections(spec: DatabaseSpec, machine?: SizedMachine): number {
  const set = Number(spec.parameters["max_connections"]);
  if (Number.isInteger(set) && set > 0) return set;
  const memoryGiB = machine?.info?.memoryGiB ?? spec.shape.memoryGiB;
  return Math.max(20, Math.min(5000, Math.floor((memoryGiB * GIB) / 9531392)));
}

/** A threshold share of a whole, rounded down to a whole number (at least 1). */
export const share = (percent: number, of: number): number => Math.max(1, Math.floor((percent / 100) * of));
