import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import type { Rendered, RedisInput, RedisOutputs } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { allowFromGroups, named, securityGroup } from "./common";

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
export function renderRedis(scope: Construct, { ctx, network, spec, machine, clients }: RedisInput): Rendered<RedisOutputs> {
  const name = physicalName(ctx.prefix, "redis", 40);
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  const subnets = new ElasticacheSubnetGroup(scope, "redis-subnets", { name, subnetIds: [...network.privateSubnetIds], tags: named(name) });
  const sg = securityGroup(scope, "redis-sg", network.id, name, "Redis: app tier only");
  raw["subnetGroup"] = subnets;
  raw["securityGroup"] = sg;
  raw["ingress"] = allowFromGroups(scope, "redis-from-app", sg.id, PORT, clients, "Redis");

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

  const cluster = spec.mode === "cluster";
  const failover = spec.mode !== "single";
  const topology = cluster
    ? { clusterMode: "enabled", numNodeGroups: spec.shards, replicasPerNodeGroup: spec.replicasPerShard }
    : { clusterMode: "disabled", numCacheClusters: 1 + spec.replicasPerShard };
  const group = new ElasticacheReplicationGroup(scope, "redis", {
    replicationGroupId: name,
    description: `${ctx.prefix} Redis (${spec.mode})`,
    engine: "redis",
    engineVersion: ENGINE_VERSION[spec.version],
    nodeType: machine.type,
    port: PORT,
    parameterGroupName: cluster ? "default.redis7.cluster.on" : "default.redis7",
    ...topology,
    automaticFailoverEnabled: failover,
    multiAzEnabled: failover,
    atRestEncryptionEnabled: "true",
    transitEncryptionEnabled: spec.tls,
    ...(spec.tls ? { transitEncryptionMode: "required" } : {}),
    ...(userGroupIds.length > 0 ? { userGroupIds } : {}),
    subnetGroupName: subnets.name,
    securityGroupIds: [sg.id],
    autoMinorVersionUpgrade: "true",
    snapshotRetentionLimit: spec.snapshotRetentionDays,
    logDeliveryConfiguration: [{ destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" }],
    applyImmediately: !ctx.production,
    tags: named(name),
  });
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
    },
    raw,
  };
}
