import type { Construct } from "constructs";
import type { CdnFrontdoorProfile } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-profile";
import type { Lb } from "@cdktf/provider-azurerm/lib/lb";
import type { ContainerApp } from "@cdktf/provider-azurerm/lib/container-app";
import type { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import type { LinuxVirtualMachineScaleSet } from "@cdktf/provider-azurerm/lib/linux-virtual-machine-scale-set";
import type { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorMetricAlert, type MonitorMetricAlertCriteria } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { AlertDestination, EdgeMonitoringInput, MonitoringInput, Raw, RenderContext, Rendered } from "../../src/core/contracts";
import { alertsOn, hasDestination, type Thresholds } from "../../src/model/monitoring";
import { maxConnections, runbook, share, type AlertKind } from "../../src/plan/alerts";
import { azName, resourceGroupOf } from "./common";

const POSTGRES = "Microsoft.DBforPostgreSQL/flexibleServers";
const REDIS = "Microsoft.Cache/redisEnterprise";
const FRONT_DOOR = "Microsoft.Cdn/profiles";
const LOAD_BALANCER = "Microsoft.Network/loadBalancers";

interface AlertSpec {
  readonly kind: AlertKind;
  readonly what: string;
  readonly target: string;
  readonly criteria: MonitorMetricAlertCriteria;
  /** How much data each evaluation looks at. */
  readonly windowSize?: string;
  /** How often it is evaluated: at least the metric's time grain (Azure Managed Redis publishes every 5 minutes). */
  readonly frequency?: string;
}

/** One metric alert with its runbook as description and the action group as its action. */
function metricAlert(scope: Construct, ctx: RenderContext, th: Thresholds, actionGroupId: string, id: string, a: AlertSpec): MonitorMetricAlert {
  return new MonitorMetricAlert(scope, id, {
    name: azName(ctx, id),
    resourceGroupName: resourceGroupOf(ctx),
    scopes: [a.target],
    description: runbook(a.kind, th, a.what),
    severity: a.kind.startsWith("cache-replication") || a.kind.endsWith("lag") || a.kind === "database-storage" || a.kind === "fleet-health" || a.kind === "lb-5xx" ? 1 : 2,
    frequency: a.frequency ?? "PT1M",
    windowSize: a.windowSize ?? "PT5M",
    criteria: [a.criteria],
    action: [{ actionGroupId }],
    tags: { ...ctx.tags },
  });
}

/**
 * The app's 5xx share and latency, measured where Azure sees HTTP: at Front Door. The regional Standard Load
 * Balancer is layer 4 (it sees TCP flows, never a status code or a response time), and AKS's load balancer is
 * not ours either; every request to the app passes Front Door, which publishes `Percentage5XX` (of all its
 * client requests) and `OriginLatency` (from the edge sending a request to the origin until the last response
 * byte: the app's response time, without the client's network, like the ALB's TargetResponseTime). Static
 * assets served from storage count too: a failing storage origin is an outage users see as well.
 */
function edgeAlerts(scope: Construct, ctx: RenderContext, th: Thresholds, actionGroupId: string, edge: Raw): MonitorMetricAlert[] {
  const profile = edge["profile"] as CdnFrontdoorProfile | undefined;
  if (!profile || !edge["appOriginGroup"]) return [];
  const what = `Front Door ${ctx.prefix} (the app's traffic)`;
  const c = (metricName: string, aggregation: string, threshold: number): MonitorMetricAlertCriteria => ({ metricNamespace: FRONT_DOOR, metricName, aggregation, operator: "GreaterThan", threshold });
  return [
    metricAlert(scope, ctx, th, actionGroupId, "lb-5xx", { kind: "lb-5xx", what, target: profile.id, criteria: c("Percentage5XX", "Average", th.loadBalancer5xxPercent) }),
    metricAlert(scope, ctx, th, actionGroupId, "lb-latency", { kind: "lb-latency", what, target: profile.id, criteria: c("OriginLatency", "Average", Math.round(th.loadBalancerLatencySeconds * 1000)) }),
  ];
}

/** Global stack: Front Door's alerts, sent to the primary region's action group. */
export function renderEdgeMonitoring(scope: Construct, input: EdgeMonitoringInput): Raw {
  const { ctx, spec } = input;
  if (!spec.alerts.loadBalancer || !input.destination[0]) return {};
  return { alerts: edgeAlerts(scope, ctx, spec.thresholds, input.destination[0], input.edge) };
}

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
  const add = (id: string, kind: AlertKind, what: string, target: string, criteria: MonitorMetricAlertCriteria, windowSize = "PT5M", frequency = "PT1M") =>
    alerts.push(metricAlert(scope, ctx, th, group.id, id, { kind, what, target, criteria, windowSize, frequency }));

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
    // Azure Managed Redis publishes every 5 minutes (time grain PT5M): evaluated as often, not every minute.
    add("redis-memory", "cache-memory", what, redis.id, c("usedmemorypercentage", "Maximum", th.cacheMemoryPercent), "PT5M", "PT5M");
    add("redis-cpu", "cache-cpu", what, redis.id, c("serverLoad", "Maximum", th.cacheCpuPercent), "PT15M", "PT5M");
    add("redis-evictions", "cache-evictions", what, redis.id, c("evictedkeys", "Total", th.cacheEvictionsPer5Minutes), "PT5M", "PT5M");
    // Active geo-replication has no lag metric in seconds: `geoReplicationHealthy` (1 healthy, 0 unhealthy) is what
    // the service exports. Every member takes writes (active-active), so every region watches its own link.
    if (input.cache.replication) {
      add("redis-geo-replication", "cache-replication-health", what, redis.id, { metricNamespace: REDIS, metricName: "geoReplicationHealthy", aggregation: "Maximum", operator: "LessThan", threshold: 1 }, "PT15M", "PT5M");
    }
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
    // VmAvailabilityMetric says the VM runs, not that the app answers: the Standard Load Balancer's health probe
    // (`DipAvailability`, the share of backends answering the app's health path) does. Maximum below 100 over
    // 15 minutes: no minute had every backend healthy, which a server still booting does not trip.
    const lb = input.compute.raw["loadBalancer"] as Lb | undefined;
    if (lb) {
      add("app-probe", "fleet-health", `${what}: load balancer health probe`, lb.id, { metricNamespace: LOAD_BALANCER, metricName: "DipAvailability", aggregation: "Maximum", operator: "LessThan", threshold: 100 }, "PT15M");
    }
  }

  if (spec.alerts.loadBalancer && input.edge) alerts.push(...edgeAlerts(scope, ctx, th, group.id, input.edge));

  const apps = (input.compute.raw["apps"] ?? []) as ContainerApp[];
  if (spec.alerts.compute && input.kind === "containers" && apps.length === input.services?.length) {
    // Each app's replica count below its minimum: revisions fail to start or keep crashing. Apps are made in the
    // services' order.
    input.services.forEach((s, i) => {
      if (s.min === 0) return;
      add(`${s.workload.name}-replicas`, "services-health", `Container App ${s.workload.name} (${ctx.region})`, apps[i]!.id, { metricNamespace: "Microsoft.App/containerApps", metricName: "Replicas", aggregation: "Minimum", operator: "LessThan", threshold: s.min }, "PT15M", "PT5M");
    });
  }

  return { outputs: { ids: [group.id], alerts: alerts.length }, raw: { actionGroup: group, alerts } };
}
