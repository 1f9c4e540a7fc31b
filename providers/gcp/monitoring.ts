import type { Construct } from "constructs";
import type { CloudRunV2Service } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import type { ComputeInstance } from "@cdktf/provider-google/lib/compute-instance";
import type { ComputeRegionInstanceGroupManager } from "@cdktf/provider-google/lib/compute-region-instance-group-manager";
import type { ComputeUrlMap } from "@cdktf/provider-google/lib/compute-url-map";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { RedisCluster } from "@cdktf/provider-google/lib/redis-cluster";
import type { RedisInstance } from "@cdktf/provider-google/lib/redis-instance";
import type { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import type { AlertDestination, EdgeMonitoringInput, MonitoringInput, Raw, RenderContext, Rendered } from "../../src/core/contracts";
import type { VmComputeSpec } from "../../src/model/compute";
import { alertsOn, hasDestination, type Thresholds } from "../../src/model/monitoring";
import { maxConnections, runbook, share, type AlertKind } from "../../src/plan/alerts";
import { gcpName, labels, portServices, projectOf } from "./common";

/** One alert policy: a PromQL condition, the runbook as documentation, the given channels. */
function alertPolicy(scope: Construct, ctx: RenderContext, th: Thresholds, channels: readonly string[], id: string, kind: AlertKind, what: string, query: string, duration: string): MonitoringAlertPolicy {
  return new MonitoringAlertPolicy(scope, id, {
    project: projectOf(ctx),
    displayName: gcpName(ctx, id),
    combiner: "OR",
    severity: kind.endsWith("lag") || kind.endsWith("health") || kind === "database-storage" || kind === "lb-5xx" ? "CRITICAL" : "WARNING",
    conditions: [{ displayName: `${what}: ${kind}`, conditionPrometheusQueryLanguage: { query, duration, evaluationInterval: "60s" } }],
    notificationChannels: [...channels],
    documentation: { content: runbook(kind, th, what), mimeType: "text/markdown" },
    userLabels: labels(ctx),
  });
}

/** The 5xx share and p95 latency of the requests an external Application Load Balancer's URL map serves. */
function loadBalancerPolicies(scope: Construct, ctx: RenderContext, th: Thresholds, channels: readonly string[], urlMap: ComputeUrlMap, what: string): MonitoringAlertPolicy[] {
  const sel = `monitored_resource="https_lb_rule",url_map_name="${urlMap.name}"`;
  return [
    alertPolicy(
      scope,
      ctx,
      th,
      channels,
      "lb-5xx",
      "lb-5xx",
      what,
      `100 * sum(rate(loadbalancing_googleapis_com:https_request_count{${sel},response_code_class="500"}[5m])) / sum(rate(loadbalancing_googleapis_com:https_request_count{${sel}}[5m])) > ${th.loadBalancer5xxPercent}`,
      "0s",
    ),
    alertPolicy(
      scope,
      ctx,
      th,
      channels,
      "lb-latency",
      "lb-latency",
      what,
      `histogram_quantile(0.95, sum by (le) (rate(loadbalancing_googleapis_com:https_total_latencies_bucket{${sel}}[5m]))) > ${th.loadBalancerLatencySeconds * 1000}`,
      "300s",
    ),
  ];
}

/**
 * Global stack: the CDN's global load balancer carries every region's traffic (the regions have no load balancer
 * of their own), so its 5xx share and latency are watched there, sent to the primary region's channels.
 */
export function renderEdgeMonitoring(scope: Construct, input: EdgeMonitoringInput): Raw {
  const urlMap = input.edge["urlMap"] as ComputeUrlMap | undefined;
  if (!input.spec.alerts.loadBalancer || !urlMap) return {};
  return { policies: loadBalancerPolicies(scope, input.ctx, input.spec.thresholds, input.destination, urlMap, `Global load balancer ${input.ctx.prefix}`) };
}

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
    policies.push(alertPolicy(scope, ctx, th, channels.map((c) => c.id), id, kind, what, query, duration));

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
      // Cross-region replication is reported by the primary cluster, per secondary: replication links, and how far
      // behind each secondary is in bytes (no seconds: replicaLagSeconds has nothing to compare with). A secondary
      // with no link left no longer receives writes.
      if (input.cache.replication === "primary") {
        add(
          "redis-replication",
          "cache-replication-health",
          what,
          `sum by (secondary_cluster_id) (redis_googleapis_com:cluster_cross_cluster_replication_secondary_replication_links{${sel}}) < 1`,
          "300s",
        );
      }
    } else {
      const instance = input.cache.raw["instance"] as RedisInstance;
      const sel = `monitored_resource="redis_instance",instance_id=~".*/instances/${instance.name}"`;
      add("redis-memory", "cache-memory", what, `max(redis_googleapis_com:stats_memory_usage_ratio{${sel}}) > ${th.cacheMemoryPercent / 100}`, "300s");
      add("redis-cpu", "cache-cpu", what, `max(rate(redis_googleapis_com:stats_cpu_utilization_main_thread{${sel}}[5m])) > ${th.cacheCpuPercent / 100}`, "600s");
      add("redis-evictions", "cache-evictions", what, `sum(increase(redis_googleapis_com:stats_evicted_keys{${sel}}[5m])) > ${th.cacheEvictionsPer5Minutes}`, "0s");
    }
  }

  const urlMap = input.compute.raw["urlMap"] as ComputeUrlMap | undefined;
  if (spec.alerts.loadBalancer && urlMap) policies.push(...loadBalancerPolicies(scope, ctx, th, channels.map((c) => c.id), urlMap, `Load balancer ${ctx.prefix}`));

  if (spec.alerts.compute && input.kind === "vm") {
    // GCP publishes no per-backend health for an external Application Load Balancer (health check results are
    // logs only), and the managed instance group's autohealing replaces a server that fails the app's health
    // check. What is left to watch is what nothing repairs: a single server that stops reporting (stopped,
    // crashed, its host lost: `uptime_total` is published every minute while the VM runs), and a group that
    // holds fewer servers than its minimum (quota, zone capacity, a template that cannot start).
    const what = `App servers ${ctx.prefix} (${ctx.region})`;
    const instance = input.compute.raw["instance"] as ComputeInstance | undefined;
    const group = input.compute.raw["group"] as ComputeRegionInstanceGroupManager | undefined;
    if (instance) {
      add("app-health", "fleet-health", what, `absent_over_time(compute_googleapis_com:instance_uptime_total{monitored_resource="gce_instance",instance_name="${instance.name}"}[5m])`, "0s");
    } else if (group) {
      const fleet = input.compute.spec as VmComputeSpec;
      const minimum = fleet.autoscaling?.min ?? fleet.servers;
      add(
        "app-health",
        "fleet-health",
        what,
        `max_over_time(compute_googleapis_com:instance_group_size{monitored_resource="instance_group",instance_group_name="${group.name}"}[5m]) < ${minimum}`,
        "300s",
      );
    }
  }

  if (spec.alerts.compute && input.kind === "containers") {
    // Each Cloud Run service's instances (idle ones count: they are the kept minimum) below its minimum; `or
    // vector(0)` so a service with no instance at all fires too. Worker pools are not watched: their instance
    // metric's resource type is not documented where this was written.
    // raw.services holds the Cloud Run services in portServices' order.
    const run = (input.compute.raw["services"] ?? []) as CloudRunV2Service[];
    portServices(input.services ?? []).forEach((s, i) => {
      if (s.min === 0 || !run[i]) return;
      const sel = `monitored_resource="cloud_run_revision",service_name="${run[i].name}"`;
      add(`${s.workload.name}-instances`, "services-health", `Cloud Run service ${s.workload.name} (${ctx.region})`, `(sum(run_googleapis_com:container_instance_count{${sel}}) or vector(0)) < ${s.min}`, "600s");
    });
  }

  return { outputs: { ids: channels.map((c) => c.id), alerts: policies.length }, raw: { channels, policies } };
}
