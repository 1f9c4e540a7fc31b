import type { Construct } from "constructs";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { RdsGlobalCluster } from "@cdktf/provider-aws/lib/rds-global-cluster";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import type { PostgresInput, PostgresOutputs, Rendered, Replication } from "../../src/core/contracts";
import { Fn } from "../../src/core/tf";
import { ephemeralSecretVariable, variableName } from "../../src/core/variables";
import { physicalName } from "../../src/plan/naming";
import { allowFromGroups, named, securityGroup, serviceRole } from "./common";
import { dataKey } from "./keys";
import { CA_CERT, ENHANCED_MONITORING_SECONDS, PERFORMANCE_INSIGHTS_DAYS, PORT, postgresParameters } from "./postgres-common";
import { proxyLogin, rdsMaxConnections, renderProxy } from "./proxy";

/**
 * The share of the primary's connections Aurora keeps for writes forwarded from secondary regions
 * (`aurora_fwd_writer_max_connections_pct`, 10 by default): AWS asks a proxy on the primary to leave it free.
 */
const WRITE_FORWARDING_PERCENT = 10;

/**
 * Aurora PostgreSQL minor versions, per major (current in 2026). Aurora needs a full version; automatic
 * minor upgrades then move past it, so `engine_version` is ignored after creation.
 */
const AURORA_VERSIONS: Readonly<Record<number, string>> = { 13: "13.20", 14: "14.17", 15: "15.12", 16: "16.8", 17: "17.4" };

/** Bumped by hand when the admin password is rotated through `TF_VAR_<group>_admin_password`. */

/**
 * One region's member of an Aurora PostgreSQL Global Database. The primary region creates the global
 * cluster and the writable cluster; each secondary region adds a cluster that joins it, serves local reads,
 * forwards writes to the primary (global write forwarding, so apps in every region use their local
 * endpoint), and is promoted on failover (see the README's failover procedure).
 *
 * Global clusters cannot use Secrets Manager-managed passwords, so the admin password comes from an
 * ephemeral variable shared by every region (`TF_VAR_<group>_admin_password`) into write-only arguments:
 * the cluster's `master_password_wo` in the primary and a Secrets Manager secret in every region, where
 * the region's apps read it. It never reaches state, plans or outputs.
 */
export function renderAuroraMember(scope: Construct, input: PostgresInput & { replication: Replication }): Rendered<PostgresOutputs> {
  const { ctx, network, spec, machine, clients, replication } = input;
  const primary = replication.role === "primary";
  const name = physicalName(ctx.prefix, "pg");
  const version = AURORA_VERSIONS[spec.version];
  if (!version) throw new Error(`tierform: no Aurora PostgreSQL ${spec.version} (a bug: the model's versions and the renderer disagree)`);
  const key = dataKey(scope, ctx);
  const subnets = new DbSubnetGroup(scope, "pg-subnets", { name, subnetIds: [...network.privateSubnetIds], tags: named(name) });
  const sg = securityGroup(scope, "pg-sg", network.id, name, "PostgreSQL: app tier only");
  const ingress = allowFromGroups(scope, "pg-from-app", sg.id, PORT, clients, "PostgreSQL from app tier");
  const params = new RdsClusterParameterGroup(scope, "pg-params", {
    name: `${name}${spec.version}`,
    family: `aurora-postgresql${spec.version}`,
    description: `${name}: Aurora PostgreSQL ${spec.version} parameters`,
    parameter: postgresParameters(spec.parameters, ctx.compliance?.auditLogs ?? false),
    lifecycle: { createBeforeDestroy: true },
    tags: named(name),
  });
  const monitoring = serviceRole(scope, "pg-monitoring", physicalName(ctx.prefix, "pg-monitoring"), "monitoring.rds.amazonaws.com", [
    "service-role/AmazonRDSEnhancedMonitoringRole",
  ]);

  const password = ephemeralSecretVariable(
    scope,
    variableName(replication.group, "admin_password"),
    `Admin password of the ${replication.group} global database, the same in every region; set TF_VAR_${variableName(replication.group, "admin_password")}. Write-only: never stored in state.`,
  );
  const global = primary
    ? new RdsGlobalCluster(scope, "pg-global", {
        globalClusterIdentifier: replication.group,
        engine: "aurora-postgresql",
        engineVersion: version,
        databaseName: spec.databaseName,
        storageEncrypted: true,
        deletionProtection: spec.deletionProtection,
        lifecycle: { ignoreChanges: ["engine_version"] },
      })
    : undefined;

  const cluster = new RdsCluster(scope, "pg", {
    clusterIdentifier: name,
    globalClusterIdentifier: global ? global.id : replication.group,
    engine: "aurora-postgresql",
    engineVersion: version,
    port: PORT,
    dbSubnetGroupName: subnets.name,
    vpcSecurityGroupIds: [sg.id],
    dbClusterParameterGroupName: params.name,
    storageEncrypted: true,
    ...(key ? { kmsKeyId: key.arn } : {}),
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: ["postgresql"],
    backupRetentionPeriod: spec.backupRetentionDays,
    preferredBackupWindow: spec.backupWindow,
    preferredMaintenanceWindow: spec.maintenanceWindow,
    copyTagsToSnapshot: true,
    deletionProtection: spec.deletionProtection,
    ...(primary
      ? {
          databaseName: spec.databaseName,
          masterUsername: spec.username,
          masterPasswordWo: password.stringValue,
          masterPasswordWoVersion: spec.passwordVersion,
          // A secondary cannot take a final snapshot; the primary's covers the data.
          skipFinalSnapshot: !spec.deletionProtection,
          ...(spec.deletionProtection ? { finalSnapshotIdentifier: `${name}-final` } : {}),
          // After a failover this cluster replicates from the new primary: Terraform must not undo that.
          lifecycle: { ignoreChanges: ["engine_version", "replication_source_identifier"] },
        }
      : {
          skipFinalSnapshot: true,
          // Apps in this region connect locally; Aurora forwards their writes to the primary region.
          enableGlobalWriteForwarding: true,
          lifecycle: { ignoreChanges: ["engine_version", "replication_source_identifier", "global_cluster_identifier"] },
        }),
    tags: named(name),
  });

  // Writer (or the secondary's first reader), the HA standby, then the read replicas: Aurora promotes by tier.
  const count = 1 + (spec.ha ? 1 : 0) + spec.readReplicas;
  const instances = Array.from({ length: count }, (_, i) => {
    const id = physicalName(ctx.prefix, `pg-${i + 1}`);
    return new RdsClusterInstance(scope, `pg-${i + 1}`, {
      identifier: id,
      clusterIdentifier: cluster.id,
      engine: cluster.engine,
      engineVersion: cluster.engineVersion,
      instanceClass: machine.type,
      availabilityZone: network.zones[i % network.zones.length],
      promotionTier: Math.min(i, 15),
      publiclyAccessible: false,
      caCertIdentifier: CA_CERT,
      autoMinorVersionUpgrade: true,
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_DAYS,
      ...(key ? { performanceInsightsKmsKeyId: key.arn } : {}),
      monitoringInterval: ENHANCED_MONITORING_SECONDS,
      monitoringRoleArn: monitoring.arn,
      copyTagsToSnapshot: true,
      lifecycle: { ignoreChanges: ["engine_version"] },
      tags: named(id),
    });
  });

  // Every region keeps its own copy of the admin credentials, so a region never depends on another to start.
  const secret = new SecretsmanagerSecret(scope, "pg-admin-secret", {
    name: `tierform/${replication.group}/${ctx.region}/admin`,
    description: `Admin credentials of ${replication.group} (Aurora global database), for ${ctx.region}`,
    recoveryWindowInDays: ctx.production ? 30 : 0,
    tags: named(name),
  });
  const secretVersion = new SecretsmanagerSecretVersion(scope, "pg-admin-secret-value", {
    secretId: secret.id,
    secretStringWo: Fn.jsonencode({ username: spec.username, password: password.stringValue, engine: "postgres", port: PORT }),
    secretStringWoVersion: spec.passwordVersion,
  });

  // RDS Proxy in the primary region, where apps log in with IAM. A proxy on a secondary cluster would serve reads
  // only: its read/write endpoint fails while the cluster has no writer (AWS: "Using RDS Proxy with Aurora global
  // databases"), and its login password, which the primary's setup Job sets, would need a secret in that region.
  // A secondary region's apps keep the cluster's endpoints (writes forwarded to the primary).
  const proxy =
    primary && spec.pooling && (input.appLogins ?? "iam") !== "admin"
      ? renderProxy(scope, {
          ctx,
          network,
          pooling: spec.pooling,
          login: proxyLogin(input.appLogins, spec, secret.arn),
          databaseGroup: sg.id,
          clients,
          target: { cluster: cluster.clusterIdentifier },
          maxConnections: rdsMaxConnections(machine.info?.memoryGiB ?? spec.shape.memoryGiB, spec.parameters),
          // Writes forwarded from the secondaries keep their share of the writer's connections.
          maxPercent: 100 - WRITE_FORWARDING_PERCENT,
          readers: instances.length > 1,
        })
      : undefined;

  const account = Fn.element(Fn.split(":", cluster.arn), 4);
  return {
    outputs: {
      endpoint: cluster.endpoint,
      port: PORT,
      readerEndpoints: [cluster.readerEndpoint],
      database: spec.databaseName,
      username: spec.username,
      credentials: { store: "aws-secrets-manager", id: secret.arn },
      authResources: [`arn:aws:rds-db:${ctx.region}:${account}:dbuser:${cluster.clusterResourceId}/${spec.appRole}`, ...(proxy?.authResource ? [proxy.authResource] : [])],
      appRole: spec.appRole,
      replicationSource: global ? global.id : replication.group,
      ...(proxy ? { pooler: proxy.outputs } : {}),
    },
    raw: {
      ...(global ? { globalCluster: global } : {}),
      cluster,
      instances,
      subnetGroup: subnets,
      securityGroup: sg,
      ingress,
      parameterGroup: params,
      monitoringRole: monitoring,
      adminSecret: secret,
      adminSecretValue: secretVersion,
      ...(proxy?.raw ?? {}),
    },
  };
}
