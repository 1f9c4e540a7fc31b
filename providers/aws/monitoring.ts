import type { Construct } from "constructs";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig, type CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import type { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import type { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { Lb } from "@cdktf/provider-aws/lib/lb";
import type { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import type { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { AlertDestination, MonitoringInput, Rendered } from "../../src/core/contracts";
import { Fn } from "../../src/core/tf";
import { alertsOn, hasDestination } from "../../src/model/monitoring";
import { GIB, maxConnections, runbook, share, type AlertKind } from "../../src/plan/alerts";
import { physicalName } from "../../src/plan/naming";
import { named, policy } from "./common";

type Alarm = Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmDescription" | "alarmActions" | "okActions">;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * The region's SNS topic, encrypted with a key of its own whose policy lets CloudWatch publish (an AWS-managed
 * SNS key does not), with one subscription per email and the webhook; then a CloudWatch alarm per watched
 * metric, each with a runbook description and the topic as alarm and OK action.
 */
export function renderMonitoring(scope: Construct, input: MonitoringInput): Rendered<AlertDestination> | undefined {
  const { ctx, spec } = input;
  if (!alertsOn(spec) || !hasDestination(spec)) return undefined;
  const th = spec.thresholds;
  const notify = spec.notify!;
  const name = physicalName(ctx.prefix, "alerts");

  // The account, from a role (or, for ECS services, the cluster) created in this stack (offline plans cannot call STS).
  const owner = (input.compute.raw["role"] ?? input.compute.raw["clusterRole"] ?? input.compute.raw["cluster"]) as IamRole | EcsCluster;
  const account = Fn.element(Fn.split(":", owner.arn), 4);
  const key = new KmsKey(scope, "alerts-key", {
    description: `${ctx.prefix}: alert topic (CloudWatch alarms publish with it)`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policy(
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "CloudWatchPublishes", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
    ),
    tags: named(name),
  });
  const alias = new KmsAlias(scope, "alerts-key-alias", { name: `alias/${name}`, targetKeyId: key.keyId });
  const topic = new SnsTopic(scope, "alerts-topic", { name, kmsMasterKeyId: key.arn, tags: named(name) });
  const subscriptions = [
    ...notify.emails.map((email, i) => new SnsTopicSubscription(scope, `alerts-email-${i + 1}`, { topicArn: topic.arn, protocol: "email", endpoint: email })),
    ...(notify.webhook ? [new SnsTopicSubscription(scope, "alerts-webhook", { topicArn: topic.arn, protocol: "https", endpoint: notify.webhook, endpointAutoConfirms: false })] : []),
  ];

  const alarms: CloudwatchMetricAlarm[] = [];
  const add = (id: string, kind: AlertKind, what: string, alarm: Alarm) =>
    alarms.push(
      new CloudwatchMetricAlarm(scope, id, {
        alarmName: `${ctx.prefix}-${id}`,
        alarmDescription: runbook(kind, th, what),
        alarmActions: [topic.arn],
        okActions: [topic.arn],
        treatMissingData: "notBreaching",
        tags: named(`${ctx.prefix}-${id}`),
        ...alarm,
      }),
    );
  const metric = (namespace: string, metricName: string, dimensions: Record<string, string>, statistic: string, period: number) => ({ namespace, metricName, dimensions, statistic, period });

  if (spec.alerts.database) {
    for (const db of input.databases) {
      const connections = share(th.databaseConnectionsPercent, maxConnections(db.spec, db.machine));
      const cluster = db.raw["cluster"] as RdsCluster | undefined;
      if (cluster) {
        // Aurora (global database): storage grows by itself; deadlocks are published.
        const dims = { DBClusterIdentifier: cluster.clusterIdentifier };
        const what = `Aurora PostgreSQL ${db.label} (${ctx.region})`;
        add(`${db.label}-cpu`, "database-cpu", what, { ...metric("AWS/RDS", "CPUUtilization", dims, "Average", 300), evaluationPeriods: 2, comparisonOperator: "GreaterThanThreshold", threshold: th.databaseCpuPercent });
        add(`${db.label}-connections`, "database-connections", what, { ...metric("AWS/RDS", "DatabaseConnections", dims, "Maximum", 300), evaluationPeriods: 2, comparisonOperator: "GreaterThanThreshold", threshold: connections });
        add(`${db.label}-deadlocks`, "database-errors", what, { ...metric("AWS/RDS", "Deadlocks", dims, "Sum", 300), evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", threshold: 0 });
        const lag = db.replication === "secondary" ? "AuroraGlobalDBReplicationLag" : "AuroraReplicaLagMaximum";
        add(`${db.label}-replica-lag`, "database-replica-lag", what, { ...metric("AWS/RDS", lag, dims, "Maximum", 60), evaluationPeriods: 5, comparisonOperator: "GreaterThanThreshold", threshold: th.replicaLagSeconds * 1000 });
        continue;
      }
      const primary = db.raw["instance"] as DbInstance;
      const dims = { DBInstanceIdentifier: primary.identifier };
      const what = `PostgreSQL ${db.label} (${ctx.region})`;
      add(`${db.label}-cpu`, "database-cpu", what, { ...metric("AWS/RDS", "CPUUtilization", dims, "Average", 300), evaluationPeriods: 2, comparisonOperator: "GreaterThanThreshold", threshold: th.databaseCpuPercent });
      add(`${db.label}-storage`, "database-storage", what, {
        ...metric("AWS/RDS", "FreeStorageSpace", dims, "Minimum", 300),
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: Math.floor((th.databaseFreeStoragePercent / 100) * db.spec.storageGiB * GIB),
      });
      add(`${db.label}-connections`, "database-connections", what, { ...metric("AWS/RDS", "DatabaseConnections", dims, "Maximum", 300), evaluationPeriods: 2, comparisonOperator: "GreaterThanThreshold", threshold: connections });
      ((db.raw["replicas"] ?? []) as DbInstance[]).forEach((replica, i) => {
        add(`${db.label}-replica-${i + 1}-lag`, "database-replica-lag", `PostgreSQL ${db.label} read replica ${i + 1} (${ctx.region})`, {
          ...metric("AWS/RDS", "ReplicaLag", { DBInstanceIdentifier: replica.identifier }, "Maximum", 60),
          evaluationPeriods: 5,
          comparisonOperator: "GreaterThanThreshold",
          threshold: th.replicaLagSeconds,
        });
      });
    }
  }

  if (spec.alerts.cache && input.cache) {
    const { spec: cache, raw } = input.cache;
    const group = raw["replicationGroup"] as ElasticacheReplicationGroup;
    const shards = cache.mode === "cluster" ? cache.shards : 1;
    // Member clusters are named after the group: <group>-<shard:4>-<node:3> in cluster mode, else <group>-<node:3>.
    for (let s = 1; s <= shards; s++) {
      const nodes = Array.from({ length: 1 + cache.replicasPerShard }, (_, n) =>
        cache.mode === "cluster" ? `${group.replicationGroupId}-${pad(s, 4)}-${pad(n + 1, 3)}` : `${group.replicationGroupId}-${pad(n + 1, 3)}`,
      );
      const label = shards > 1 ? `redis-shard-${s}` : "redis";
      const what = `Redis ${shards > 1 ? `shard ${s}` : ""} (${ctx.region})`.replace("  ", " ");
      // One alarm per shard and metric over its nodes (a failover moves the primary between them).
      const over = (metricName: string, stat: string, fn: "MAX" | "SUM", period: number): CloudwatchMetricAlarmMetricQuery[] => [
        ...nodes.map((node, i) => ({ id: `m${i}`, returnData: false, metric: { namespace: "AWS/ElastiCache", metricName, stat, period, dimensions: { CacheClusterId: node } } })),
        { id: "e", expression: `${fn}([${nodes.map((_, i) => `m${i}`).join(",")}])`, label: `${metricName} (${fn.toLowerCase()} over the shard's nodes)`, returnData: true },
      ];
      add(`${label}-memory`, "cache-memory", what, { metricQuery: over("DatabaseMemoryUsagePercentage", "Maximum", "MAX", 300), evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", threshold: th.cacheMemoryPercent });
      add(`${label}-cpu`, "cache-cpu", what, { metricQuery: over("EngineCPUUtilization", "Maximum", "MAX", 300), evaluationPeriods: 2, comparisonOperator: "GreaterThanThreshold", threshold: th.cacheCpuPercent });
      add(`${label}-evictions`, "cache-evictions", what, { metricQuery: over("Evictions", "Sum", "SUM", 300), evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", threshold: th.cacheEvictionsPer5Minutes });
      if (input.cache.replication === "secondary") {
        add(`${label}-replication-lag`, "cache-replication-lag", what, { metricQuery: over("GlobalDatastoreReplicationLag", "Maximum", "MAX", 60), evaluationPeriods: 5, comparisonOperator: "GreaterThanThreshold", threshold: th.replicaLagSeconds });
      }
    }
  }

  const compute = input.compute.raw;
  const lb = compute["loadBalancer"] as Lb | undefined;
  const tg = compute["targetGroup"] as LbTargetGroup | undefined;
  if (spec.alerts.loadBalancer && lb) {
    const what = `Load balancer ${ctx.prefix} (${ctx.region})`;
    const m = (id: string, metricName: string): CloudwatchMetricAlarmMetricQuery => ({ id, returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName, stat: "Sum", period: 300, dimensions: { LoadBalancer: lb.arnSuffix } } });
    add("lb-5xx", "lb-5xx", what, {
      metricQuery: [
        m("elb", "HTTPCode_ELB_5XX_Count"),
        m("target", "HTTPCode_Target_5XX_Count"),
        m("requests", "RequestCount"),
        { id: "e", expression: "100 * (FILL(elb, 0) + FILL(target, 0)) / requests", label: "5xx share of requests (%)", returnData: true },
      ],
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: th.loadBalancer5xxPercent,
    });
    add("lb-latency", "lb-latency", what, {
      ...metric("AWS/ApplicationELB", "TargetResponseTime", { LoadBalancer: lb.arnSuffix }, "Average", 60),
      evaluationPeriods: 5,
      comparisonOperator: "GreaterThanThreshold",
      threshold: th.loadBalancerLatencySeconds,
    });
  }
  if (spec.alerts.compute && input.kind === "vm") {
    const what = `App servers ${ctx.prefix} (${ctx.region})`;
    const instance = compute["instance"] as Instance | undefined;
    if (instance) {
      add("app-health", "fleet-health", what, { ...metric("AWS/EC2", "StatusCheckFailed", { InstanceId: instance.id }, "Maximum", 60), evaluationPeriods: 5, comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1 });
    } else if (lb && tg) {
      add("app-health", "fleet-health", what, {
        ...metric("AWS/ApplicationELB", "UnHealthyHostCount", { LoadBalancer: lb.arnSuffix, TargetGroup: tg.arnSuffix }, "Maximum", 60),
        evaluationPeriods: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
      });
    }
  }

  const cluster = compute["cluster"] as EcsCluster | undefined;
  if (spec.alerts.compute && input.kind === "containers" && cluster) {
    // Container Insights' running task count per service (the cluster turns it on): below the minimum means tasks
    // fail to start or keep crashing (the circuit breaker only guards deployments).
    for (const s of (input.services ?? []).filter((x) => x.min > 0)) {
      add(`${s.workload.name}-running`, "services-health", `ECS service ${s.workload.name} (${ctx.region})`, {
        ...metric("ECS/ContainerInsights", "RunningTaskCount", { ClusterName: cluster.name, ServiceName: s.workload.name }, "Minimum", 300),
        evaluationPeriods: 2,
        comparisonOperator: "LessThanThreshold",
        threshold: s.min,
        // No data: the service is gone or Container Insights is off; either is worth a look.
        treatMissingData: "breaching",
      });
    }
  }

  return { outputs: { ids: [topic.arn], alerts: alarms.length }, raw: { key, alias, topic, subscriptions, alarms } };
}
