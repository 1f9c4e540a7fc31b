import type { Construct } from "constructs";
import type { ComputeUrlMap } from "@cdktf/provider-google/lib/compute-url-map";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { RedisCluster } from "@cdktf/provider-google/lib/redis-cluster";
import type { RedisInstance } from "@cdktf/provider-google/lib/redis-instance";
import type { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import type { AlertDestination, MonitoringInput, Rendered } from "../../src/core/contracts";
import { alertsOn, hasDestination } from "../../src/model/monitoring";
import { maxConnections, runbook, share, type AlertKind } from "../../src/plan/alerts";
import { gcpName, labels, projectOf } from "./common";

/**
 * The region's notification channels (one email channel per address, a `webhook_tokenauth` channel for the
 * webhook) and one alert policy per watched metric. Conditions are PromQL (Cloud Monitoring evaluates it over
 * the services' own metrics): one language for ratios such as the load balancer's 5xx share, which the
 * filter-based conditions cannot express.
 */
export function renderMonitoring(scope: Construct, input: MonitoringInput): Rendered<AlertDestination> | undefined {
  const { ctx, spec } = input;
  if (!alertsOn(spec) || !hasDestination(spec)) return undefined;
  const th = spec.thresholds;
  const notify = spec.notify!;
  const project = projectOf(ctx);

  const channels = [
    ...notify.emails.map(
      (email, i) => new MonitoringNotificationChannel(scope, `alerts-email-${i + 1}`, { project, displayName: `${ctx.prefix} alerts: ${email}`, type: "email", labels: { email_address: email }, userLabels: labels(ctx) }),
    ),
    ...(notify.webhook
      ? [new MonitoringNotificationChannel(scope, "alerts-webhook", { project, displayName: `${ctx.prefix} alerts: webhook`, type: "webhook_tokenauth", labels: { url: notify.webhook }, userLabels: labels(ctx) })]
      : []),
  ];

  const policies: MonitoringAlertPolicy[] = [];
  const add = (id: string, kind: AlertKind, what: string, query: string, duration: string) =>
    policies.push(
      new MonitoringAlertPolicy(scope, id, {
        project,
        displayName: gcpName(ctx, id),
        combiner: "OR",
        severity: kind.endsWith("lag") || kind === "database-storage" || kind === "lb-5xx" ? "CRITICAL" : "WARNING",
        conditions: [{ displayName: `${what}: ${kind}`, conditionPrometheusQueryLanguage: { query, duration, evaluationInterval: "60s" } }],
        notificationChannels: channels.map((c) => c.id),
        documentation: { content: runbook(kind, th, what), mimeType: "text/markdown" },
        userLabels: labels(ctx),
      }),
    );

  if (spec.alerts.database) {
    for (const db of input.databases) {
      const primary = db.raw["instance"] as SqlDatabaseInstance;
      const sel = (instance: SqlDatabaseInstance) => `monitored_resource="cloudsql_database",database_id="${project}:${instance.name}"`;
      const what = `Cloud SQL ${db.label} (${ctx.region})`;
      const connections = share(th.databaseConnectionsPercent, maxConnections(db.spec, db.machine));
      add(`${db.label}-cpu`, "database-cpu", what, `cloudsql_googleapis_com:database_cpu_utilization{${sel(primary)}} > ${th.databaseCpuPercent / 100}`, "600s");
      add(`${db.label}-storage`, "database-storage", what, `cloudsql_googleapis_com:database_disk_utilization{${sel(primary)}} > ${1 - th.databaseFreeStoragePercent / 100}`, "300s");
      add(`${db.label}-connections`, "database-connections", what, `sum(cloudsql_googleapis_com:database_postgresql_num_backends{${sel(primary)}}) > ${connections}`, "600s");
      add(`${db.label}-deadlocks`, "database-errors", what, `sum(increase(cloudsql_googleapis_com:database_postgresql_deadlock_count{${sel(primary)}}[5m])) > 0`, "0s");
      ((db.raw["replicas"] ?? []) as SqlDatabaseInstance[]).forEach((replica, i) => {
        add(`${db.label}-replica-${i + 1}-lag`, "database-replica-lag", `Cloud SQL ${db.label} read replica ${i + 1} (${ctx.region})`, `cloudsql_googleapis_com:database_replication_replica_lag{${sel(replica)}} > ${th.replicaLagSeconds}`, "300s");
      });
      if (db.replication === "secondary") {
        add(`${db.label}-region-lag`, "database-replica-lag", `Cloud SQL ${db.label} cross-region replica (${ctx.region})`, `cloudsql_googleapis_com:database_replication_replica_lag{${sel(primary)}} > ${th.replicaLagSeconds}`, "300s");
      }
    }
  }

  if (spec.alerts.cache && input.cache) {
    const what = `Memorystore Redis (${ctx.region})`;
    const cluster = input.cache.raw["cluster"] as RedisCluster | undefined;
    if (cluster) {
      const sel = `monitored_resource="redis.googleapis.com/Cluster",cluster_id="${cluster.name}"`;
      add("redis-memory", "cache-memory", what, `redis_googleapis_com:cluster_memory_maximum_utilization{${sel}} > ${th.cacheMemoryPercent / 100}`, "300s");
      add("redis-cpu", "cache-cpu", what, `redis_googleapis_com:cluster_cpu_maximum_utilization{${sel}} > ${th.cacheCpuPercent / 100}`, "600s");
      add("redis-evictions", "cache-evictions", what, `sum(increase(redis_googleapis_com:cluster_stats_total_evicted_keys_count{${sel}}[5m])) > ${th.cacheEvictionsPer5Minutes}`, "0s");
    } else {
      const instance = input.cache.raw["instance"] as RedisInstance;
      const sel = `monitored_resource="redis_instance",instance_id=~".*/instances/${instance.name}"`;
      add("redis-memory", "cache-memory", what, `max(redis_googleapis_com:stats_memory_usage_ratio{${sel}}) > ${th.cacheMemoryPercent / 100}`, "300s");
      add("redis-cpu", "cache-cpu", what, `max(rate(redis_googleapis_com:stats_cpu_utilization_main_thread{${sel}}[5m])) > ${th.cacheCpuPercent / 100}`, "600s");
      add("redis-evictions", "cache-evictions", what, `sum(increase(redis_googleapis_com:stats_evicted_keys{${sel}}[5m])) > ${th.cacheEvictionsPer5Minutes}`, "0s");
    }
  }

  const urlMap = input.compute.raw["urlMap"] as ComputeUrlMap | undefined;
  if (spec.alerts.loadBalancer && urlMap) {
    const what = `Load balancer ${ctx.prefix}`;
    const sel = `monitored_resource="https_lb_rule",url_map_name="${urlMap.name}"`;
    add(
      "lb-5xx",
      "lb-5xx",
      what,
      `100 * sum(rate(loadbalancing_googleapis_com:https_request_count{${sel},response_code_class="500"}[5m])) / sum(rate(loadbalancing_googleapis_com:https_request_count{${sel}}[5m])) > ${th.loadBalancer5xxPercent}`,
      "0s",
    );
    add(
      "lb-latency",
      "lb-latency",
      what,
      `histogram_quantile(0.95, sum by (le) (rate(loadbalancing_googleapis_com:https_total_latencies_bucket{${sel}}[5m]))) > ${th.loadBalancerLatencySeconds * 1000}`,
      "300s",
    );
  }

  return { outputs: { ids: channels.map((c) => c.id), alerts: policies.length }, raw: { channels, policies } };
}
