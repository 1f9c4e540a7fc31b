import type { Construct } from "constructs";
import { ElasticacheGlobalReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-global-replication-group";
import { dataKey } from "./keys";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import type { Rendered, RedisInput, RedisOutputs } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { allowFromCidr, allowFromGroups, named, securityGroup } from "./common";

const PORT = 6379;
/** ElastiCache engine version for each model major version. */
const ENGINE_VERSION = { "7": "7.1" } as const;

/**
 * ElastiCache for Redis OSS as a replication group:
 * - single: one node; replicated: primary + replicas with automatic failover across zones;
 *   cluster: `shards` node groups × (1 + replicas), cluster mode enabled.
 * Encrypted at rest and in transit. With auth "iam", clients authenticate as an IAM-enabled Redis user
 * (no static password anywhere); the user group also holds a disabled `default` user, which AWS requires.
 */
export function renderRedis(scope: Construct, { ctx, network, spec, machine, clients, replication }: RedisInput): Rendered<RedisOutputs> {
  const key = dataKey(scope, ctx);
  const name = physicalName(ctx.prefix, "redis", 40);
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  const subnets = new ElasticacheSubnetGroup(scope, "redis-subnets", { name, subnetIds: [...network.privateSubnetIds], tags: named(name) });
  const sg = securityGroup(scope, "redis-sg", network.id, name, "Redis: app tier only");
  raw["subnetGroup"] = subnets;
  raw["securityGroup"] = sg;
  raw["ingress"] = allowFromGroups(scope, "redis-from-app", sg.id, PORT, clients, "Redis from app tier");
  // Other regions' apps reach whichever member is primary over the region peering.
  const peers = replication?.peerCidrs ?? [];
  if (peers.length > 0) raw["peerIngress"] = peers.map((cidr, i) => allowFromCidr(scope, `redis-from-region-${i + 1}`, sg.id, PORT, cidr, "Redis from another region's apps (peering)"));

  let userGroupIds: string[] = [];
  let appUser: ElasticacheUser | undefined;
  if (spec.auth === "iam") {
    const disabledDefault = new ElasticacheUser(scope, "redis-default-user", {
      userId: physicalName(ctx.prefix, "redis-default", 40),
      userName: "default",
      engine: "redis",
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
      tags: named(name),
    });
    // IAM users must have user_id == user_name, lower case.
    const appUserName = physicalName(ctx.prefix, "app", 40);
    appUser = new ElasticacheUser(scope, "redis-app-user", {
      userId: appUserName,
      userName: appUserName,
      engine: "redis",
      accessString: "on ~* +@all",
      authenticationMode: { type: "iam" },
      tags: named(name),
    });
    const group = new ElasticacheUserGroup(scope, "redis-users", {
      userGroupId: physicalName(ctx.prefix, "redis-users", 40),
      engine: "redis",
      userIds: [disabledDefault.userId, appUser.userId],
      tags: named(name),
    });
    userGroupIds = [group.userGroupId];
    raw["users"] = [disabledDefault, appUser];
    raw["userGroup"] = group;
  }

  const slowLog = new CloudwatchLogGroup(scope, "redis-slow-log", {
    name: `/tierform/${ctx.prefix}/redis/slow-log`,
    retentionInDays: ctx.logRetentionDays,
    tags: named(name),
  });
  raw["slowLog"] = slowLog;
  const logs = [{ destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" }];
  if (ctx.compliance?.auditLogs) {
    // The engine log records failovers, restarts and authentication failures.
    const engineLog = new CloudwatchLogGroup(scope, "redis-engine-log", { name: `/tierform/${ctx.prefix}/redis/engine-log`, retentionInDays: ctx.logRetentionDays, tags: named(name) });
    raw["engineLog"] = engineLog;
    logs.push({ destination: engineLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" });
  }

  const cluster = spec.mode === "cluster";
  const failover = spec.mode !== "single";
  const topology = cluster
    ? { clusterMode: "enabled", numNodeGroups: spec.shards, replicasPerNodeGroup: spec.replicasPerShard }
    : { clusterMode: "disabled", numCacheClusters: 1 + spec.replicasPerShard };
  const shared = {
    replicationGroupId: name,
    description: `${ctx.prefix} Redis (${spec.mode})`,
    port: PORT,
    automaticFailoverEnabled: failover,
    multiAzEnabled: failover,
    ...(key ? { kmsKeyId: key.arn } : {}),
    ...(userGroupIds.length > 0 ? { userGroupIds } : {}),
    subnetGroupName: subnets.name,
    securityGroupIds: [sg.id],
    autoMinorVersionUpgrade: "true",
    snapshotRetentionLimit: spec.snapshotRetentionDays,
    logDeliveryConfiguration: logs,
    applyImmediately: !ctx.production,
    tags: named(name),
  };
  // A Global Datastore secondary takes engine, version, node type, shards and encryption in transit from
  // the global group; it only says how many replicas it keeps.
  const secondary = replication?.role === "secondary";
  const group = secondary
    ? new ElasticacheReplicationGroup(scope, "redis", {
        ...shared,
        globalReplicationGroupId: replication.source!,
        ...(cluster ? { replicasPerNodeGroup: spec.replicasPerShard } : { numCacheClusters: 1 + spec.replicasPerShard }),
      })
    : new ElasticacheReplicationGroup(scope, "redis", {
        ...shared,
        engine: "redis",
        engineVersion: ENGINE_VERSION[spec.version],
        nodeType: machine.type,
        parameterGroupName: cluster ? "default.redis7.cluster.on" : "default.redis7",
        ...topology,
        atRestEncryptionEnabled: "true",
        transitEncryptionEnabled: spec.tls,
        ...(spec.tls ? { transitEncryptionMode: "required" } : {}),
      });
  if (replication?.role === "primary") {
    raw["globalDatastore"] = new ElasticacheGlobalReplicationGroup(scope, "redis-global", {
      globalReplicationGroupIdSuffix: replication.group,
      globalReplicationGroupDescription: `${replication.group}: Redis replicated from ${replication.primaryRegion}`,
      primaryReplicationGroupId: group.id,
      // A failover makes another region's member the primary; this argument would otherwise recreate the group.
      lifecycle: { ignoreChanges: ["primary_replication_group_id"] },
    });
  }
  raw["replicationGroup"] = group;

  return {
    outputs: {
      endpoint: cluster ? group.configurationEndpointAddress : group.primaryEndpointAddress,
      ...(spec.mode === "replicated" ? { readerEndpoint: group.readerEndpointAddress } : {}),
      port: PORT,
      tls: spec.tls,
      auth: spec.auth,
      ...(appUser ? { username: appUser.userName } : {}),
      authResources: appUser ? [group.arn, appUser.arn] : [],
      ...(raw["globalDatastore"] ? { replicationSource: (raw["globalDatastore"] as ElasticacheGlobalReplicationGroup).globalReplicationGroupId } : {}),
      // A Global Datastore secondary is read-only: writes go to the primary's member (over the peering).
      ...(secondary && replication.sourceEndpoint ? { writerEndpoint: replication.sourceEndpoint } : {}),
    },
    raw,
  };
}
