import type { Construct } from "constructs";
import type { TerraformResource } from "../../src/core/tf";
import { dataKey } from "./keys";
import { dataAccessAudit } from "./postgres";
import { RedisCluster } from "@cdktf/provider-google/lib/redis-cluster";
import { RedisInstance } from "@cdktf/provider-google/lib/redis-instance";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";
import type { RedisInput, RedisOutputs, Rendered } from "../../src/core/contracts";
import { gcpName, labels, gcpNetworkAttribute } from "./common";

/** Memorystore version for each model major version. */
const REDIS_VERSION = { "7": "REDIS_7_2" } as const;
const PORT = 6379;
/** Memorystore for Redis instances serve TLS on 6378, never on 6379 (Google: "Enabling in-transit encryption"). */
const TLS_INSTANCE_PORT = 6378;
/**
 * The AUTH string goes write-only into Secret Manager, written once; after rotating it in Memorystore, write it
 * again with `terraform apply -replace` on the secret version.
 */
const AUTH_SECRET_VERSION = 1;

/**
 * Memorystore. single → Memorystore for Redis BASIC; replicated → STANDARD_HA with read replicas
 * (automatic failover); both over private services access, AUTH on (the generated AUTH string is kept in
 * Secret Manager) and TLS. cluster → Memorystore for Redis Cluster over Private Service Connect (after its
 * service connection policy), shards × replicas across zones, IAM authentication and TLS.
 */
export function renderRedis(scope: Construct, { ctx, network, spec, machine, replication }: RedisInput): Rendered<RedisOutputs> {
  const name = gcpName(ctx, "redis");
  const persistence = spec.snapshotRetentionDays > 0;
  const cmek = dataKey(scope, ctx);
  const keyGrant = cmek?.grant("redis");
  const extras: Record<string, TerraformResource> = {};
  if (keyGrant) extras["keyGrant"] = keyGrant;
  if (ctx.compliance?.auditLogs && replication?.role !== "secondary") extras["dataAccessAudit"] = dataAccessAudit(scope, ctx, "redis.googleapis.com");
  if (spec.mode === "cluster") {
    // Cross-region replication: a secondary follows the primary cluster (same shards and node type) and
    // is promoted by switchover on failover. The primary's role is set by the service once a secondary joins.
    const crossRegion =
      replication?.role === "secondary"
        ? { crossClusterReplicationConfig: { clusterRole: "SECONDARY", primaryCluster: { cluster: replication.source! } } }
        : {};
    const cluster = new RedisCluster(scope, "redis", {
      ...crossRegion,
      ...(cmek ? { kmsKey: cmek.key.id, dependsOn: [keyGrant!] } : {}),
      // Roles swap on switchover (and the primary's is set by the service): Terraform leaves them alone.
      ...(replication ? { lifecycle: { ignoreChanges: ["cross_cluster_replication_config"] } } : {}),
      name,
      region: ctx.region,
      shardCount: spec.shards,
      replicaCount: spec.replicasPerShard,
      nodeType: machine.type,
      // Referencing the network through the service connection policy orders the cluster after it.
      pscConfigs: [{ network: gcpNetworkAttribute(network, "pscNetwork") ?? network.id }],
      authorizationMode: spec.auth === "iam" ? "AUTH_MODE_IAM_AUTH" : "AUTH_MODE_DISABLED",
      transitEncryptionMode: spec.tls ? "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION" : "TRANSIT_ENCRYPTION_MODE_DISABLED",
      zoneDistributionConfig: { mode: "MULTI_ZONE" },
      deletionProtectionEnabled: ctx.production,
      ...(persistence ? { persistenceConfig: { mode: "RDB", rdbConfig: { rdbSnapshotPeriod: "TWENTY_FOUR_HOURS" } } } : {}),
    });
    const endpoint = cluster.discoveryEndpoints.get(0);
    return {
      outputs: {
        endpoint: endpoint.address,
        port: PORT,
        tls: spec.tls,
        auth: spec.auth,
        authResources: spec.auth === "iam" ? [cluster.id] : [],
        ...(replication?.role === "primary" ? { replicationSource: cluster.id } : {}),
        // A cross-region secondary is read-only until switchover.
        ...(replication?.role === "secondary" && replication.sourceEndpoint ? { writerEndpoint: replication.sourceEndpoint } : {}),
      },
      raw: { cluster, ...extras },
    };
  }

  const instance = new RedisInstance(scope, "redis", {
    name,
    region: ctx.region,
    tier: spec.mode === "single" ? "BASIC" : "STANDARD_HA",
    memorySizeGb: machine.info?.memoryGiB ?? Math.ceil(spec.memoryGiB),
    redisVersion: REDIS_VERSION[spec.version],
    connectMode: "PRIVATE_SERVICE_ACCESS",
    authorizedNetwork: gcpNetworkAttribute(network, "privateServiceNetwork") ?? network.id,
    // Memorystore for Redis has no IAM login: "iam" means AUTH with a generated string kept in Secret Manager.
    authEnabled: spec.auth !== "none",
    transitEncryptionMode: spec.tls ? "SERVER_AUTHENTICATION" : "DISABLED",
    ...(spec.mode === "replicated" ? { replicaCount: spec.replicasPerShard, readReplicasMode: "READ_REPLICAS_ENABLED" } : {}),
    ...(persistence ? { persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: "TWENTY_FOUR_HOURS" } } : {}),
    labels: labels(ctx),
    ...(cmek ? { customerManagedKey: cmek.key.id, dependsOn: [keyGrant!] } : {}),
  });
  const raw: Record<string, TerraformResource> = { instance, ...extras };
  let credentials: RedisOutputs["credentials"];
  if (spec.auth !== "none") {
    const secret = new SecretManagerSecret(scope, "redis-auth", { secretId: gcpName(ctx, "redis-auth"), replication: { auto: {} }, labels: labels(ctx) });
    raw["authSecret"] = secret;
    raw["authSecretVersion"] = new SecretManagerSecretVersion(scope, "redis-auth-version", {
      secret: secret.id,
      // Write-only: the secret version's state never holds the AUTH string.
      secretDataWo: instance.authString,
      secretDataWoVersion: AUTH_SECRET_VERSION,
    });
    credentials = { store: "gcp-secret-manager", id: secret.id };
  }
  return {
    outputs: {
      endpoint: instance.host,
      ...(spec.mode === "replicated" ? { readerEndpoint: instance.readEndpoint } : {}),
      port: spec.tls ? TLS_INSTANCE_PORT : PORT,
      tls: spec.tls,
      auth: spec.auth === "none" ? "none" : "token",
      authResources: [],
      ...(credentials ? { credentials } : {}),
    },
    raw,
  };
}
