import type { Construct } from "constructs";
import type { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import type { LinuxVirtualMachineScaleSet } from "@cdktf/provider-azurerm/lib/linux-virtual-machine-scale-set";
import type { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorMetricAlert, type MonitorMetricAlertCriteria } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { AlertDestination, MonitoringInput, Rendered } from "../../src/core/contracts";
import { alertsOn, hasDestination } from "../../src/model/monitoring";
import { maxConnections, runbook, share, type AlertKind } from "../../src/plan/alerts";
import { azName, resourceGroupOf } from "./common";

const POSTGRES = "Microsoft.DBforPostgreSQL/flexibleServers";
const REDIS = "Microsoft.Cache/redisEnterprise";

/**
 * The region's action group (an email receiver per address, a webhook receiver with the common alert schema)
 * and one metric alert per watched metric, each with a runbook description and the action group as its action.
 */
export function renderMonitoring(scope: Construct, input: MonitoringInput): Rendered<AlertDestination> | undefined {
  const { ctx, spec } = input;
  if (!alertsOn(spec) || !hasDestination(spec)) return undefined;
  const th = spec.thresholds;
  const notify = spec.notify!;
  const resourceGroupName = resourceGroupOf(ctx);
  const group = new MonitorActionGroup(scope, "alerts-action-group", {
    name: azName(ctx, "alerts"),
    resourceGroupName,
    // Shown as the sender of SMS and email: at most 12 characters.
    shortName: ctx.prefix.replace(/[^A-Za-z0-9]/g, "").slice(0, 12) || "tierform",
    emailReceiver: notify.emails.map((email, i) => ({ name: `email-${i + 1}`, emailAddress: email, useCommonAlertSchema: true })),
    ...(notify.webhook ? { webhookReceiver: [{ name: "webhook", serviceUri: notify.webhook, useCommonAlertSchema: true }] } : {}),
    tags: { ...ctx.tags },
  });

  const alerts: MonitorMetricAlert[] = [];
  const add = (id: string, kind: AlertKind, what: string, target: string, criteria: MonitorMetricAlertCriteria, windowSize = "PT5M") =>
    alerts.push(
      new MonitorMetricAlert(scope, id, {
        name: azName(ctx, id),
        resourceGroupName,
        scopes: [target],
        description: runbook(kind, th, what),
        severity: kind.endsWith("lag") || kind === "database-storage" || kind === "fleet-health" ? 1 : 2,
        frequency: "PT1M",
        windowSize,
        criteria: [criteria],
        action: [{ actionGroupId: group.id }],
        tags: { ...ctx.tags },
      }),
    );

  if (spec.alerts.database) {
    for (const db of input.databases) {
      const server = db.raw["server"] as PostgresqlFlexibleServer;
      const what = `PostgreSQL ${db.label} (${ctx.region})`;
      const c = (metricName: string, aggregation: string, operator: string, threshold: number): MonitorMetricAlertCriteria => ({ metricNamespace: POSTGRES, metricName, aggregation, operator, threshold });
      add(`${db.label}-cpu`, "database-cpu", what, server.id, c("cpu_percent", "Average", "GreaterThan", th.databaseCpuPercent), "PT15M");
      add(`${db.label}-storage`, "database-storage", what, server.id, c("storage_percent", "Maximum", "GreaterThan", 100 - th.databaseFreeStoragePercent));
      add(`${db.label}-connections`, "database-connections", what, server.id, c("active_connections", "Maximum", "GreaterThan", share(th.databaseConnectionsPercent, maxConnections(db.spec, db.machine))), "PT15M");
      add(`${db.label}-failed-connections`, "database-errors", what, server.id, c("connections_failed", "Total", "GreaterThan", 10));
      const replicas = (db.raw["replicas"] ?? []) as PostgresqlFlexibleServer[];
      // A secondary region's server is itself a replica of the primary region's.
      const lagging = db.replication === "secondary" ? [server, ...replicas] : replicas;
      lagging.forEach((replica, i) =>
        add(`${db.label}-replica-${i + 1}-lag`, "database-replica-lag", `PostgreSQL ${db.label} replica ${i + 1} (${ctx.region})`, replica.id, c("physical_replication_delay_in_seconds", "Maximum", "GreaterThan", th.replicaLagSeconds)),
      );
    }
  }

  if (spec.alerts.cache && input.cache) {
    const redis = input.cache.raw["redis"] as ManagedRedis;
    const what = `Azure Managed Redis (${ctx.region})`;
    const c = (metricName: string, aggregation: string, threshold: number): MonitorMetricAlertCriteria => ({ metricNamespace: REDIS, metricName, aggregation, operator: "GreaterThan", threshold });
    add("redis-memory", "cache-memory", what, redis.id, c("usedmemorypercentage", "Maximum", th.cacheMemoryPercent));
    add("redis-cpu", "cache-cpu", what, redis.id, c("serverLoad", "Maximum", th.cacheCpuPercent), "PT15M");
    add("redis-evictions", "cache-evictions", what, redis.id, c("evictedkeys", "Total", th.cacheEvictionsPer5Minutes));
  }

  if (spec.alerts.compute && input.kind === "vm") {
    const what = `App servers ${ctx.prefix} (${ctx.region})`;
    const scaleSet = input.compute.raw["scaleSet"] as LinuxVirtualMachineScaleSet | undefined;
    const vm = input.compute.raw["vm"] as LinuxVirtualMachine | undefined;
    const target = scaleSet ?? vm;
    if (target) {
      const namespace = scaleSet ? "Microsoft.Compute/virtualMachineScaleSets" : "Microsoft.Compute/virtualMachines";
      add("app-health", "fleet-health", what, target.id, { metricNamespace: namespace, metricName: "VmAvailabilityMetric", aggregation: "Minimum", operator: "LessThan", threshold: 1 });
    }
  }

  return { outputs: { ids: [group.id], alerts: alerts.length }, raw: { actionGroup: group, alerts } };
}
