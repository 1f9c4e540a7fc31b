import type { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import type { PostgresInput, PostgresOutputs, Rendered } from "../../src/core/contracts";
import { onFirstCall } from "../../src/core/lazy";
import { Fn } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { allowFromGroups, named, securityGroup, serviceRole } from "./common";
import { dataKey } from "./keys";
import { CA_CERT, ENHANCED_MONITORING_SECONDS, PERFORMANCE_INSIGHTS_DAYS, PORT, postgresParameters } from "./postgres-common";

// Aurora (several regions) and RDS Proxy (pooling) load only for a database that uses them (src/core/lazy.ts).
const aurora = () => require("./aurora") as typeof import("./aurora");
const proxyModule = () => require("./proxy") as typeof import("./proxy");
const renderAuroraMember = onFirstCall(aurora, "renderAuroraMember");
const renderProxy = onFirstCall(proxyModule, "renderProxy");
const rdsMaxConnections = onFirstCall(proxyModule, "rdsMaxConnections");
const proxyLogin = onFirstCall(proxyModule, "proxyLogin");

/**
 * RDS for PostgreSQL: Multi-AZ when HA, read replicas, storage encrypted, Secrets Manager-managed
 * master password (never in state or outputs), IAM authentication, private subnets, reachable only
 * from the app tier's security groups, deletion protection and a final snapshot when protected.
 */
export function renderPostgres(scope: Construct, input: PostgresInput): Rendered<PostgresOutputs> {
  // Several regions: an Aurora global database (RDS for PostgreSQL has no cross-region failover group).
  if (input.replication) return renderAuroraMember(scope, { ...input, replication: input.replication });
  const { ctx, network, spec, machine, clients } = input;
  const key = dataKey(scope, ctx);
  const name = physicalName(ctx.prefix, "pg");
  const subnets = new DbSubnetGroup(scope, "pg-subnets", { name, subnetIds: [...network.privateSubnetIds], tags: named(name) });
  const sg = securityGroup(scope, "pg-sg", network.id, name, "PostgreSQL: app tier only");
  const ingress = allowFromGroups(scope, "pg-from-app", sg.id, PORT, clients, "PostgreSQL from app tier");

  const params = new DbParameterGroup(scope, "pg-params", {
    name: `${name}${spec.version}`,
    family: `postgres${spec.version}`,
    description: `${name}: PostgreSQL ${spec.version} parameters`,
    parameter: postgresParameters(spec.parameters, ctx.compliance?.auditLogs ?? false),
    lifecycle: { createBeforeDestroy: true },
    tags: named(name),
  });
  const monitoring = serviceRole(scope, "pg-monitoring", physicalName(ctx.prefix, "pg-monitoring"), "monitoring.rds.amazonaws.com", [
    "service-role/AmazonRDSEnhancedMonitoringRole",
  ]);

  const common = {
    instanceClass: machine.type,
    storageType: "gp3",
    publiclyAccessible: false,
    vpcSecurityGroupIds: [sg.id],
    parameterGroupName: params.name,
    iamDatabaseAuthenticationEnabled: true,
    autoMinorVersionUpgrade: true,
    caCertIdentifier: CA_CERT,
    performanceInsightsEnabled: true,
    performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_DAYS,
    ...(key ? { performanceInsightsKmsKeyId: key.arn } : {}),
    databaseInsightsMode: "standard",
    monitoringInterval: ENHANCED_MONITORING_SECONDS,
    monitoringRoleArn: monitoring.arn,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    copyTagsToSnapshot: true,
    deletionProtection: spec.deletionProtection,
  };

  const primary = new DbInstance(scope, "pg", {
    ...common,
    identifier: name,
    engine: "postgres",
    // Major version only: RDS applies minor upgrades without a diff.
    engineVersion: String(spec.version),
    allocatedStorage: spec.storageGiB,
    ...(spec.maxStorageGiB ? { maxAllocatedStorage: spec.maxStorageGiB } : {}),
    storageEncrypted: true,
    ...(key ? { kmsKeyId: key.arn } : {}),
    multiAz: spec.ha,
    dbName: spec.databaseName,
    username: spec.username,
    manageMasterUserPassword: true,
    port: PORT,
    dbSubnetGroupName: subnets.name,
    backupRetentionPeriod: spec.backupRetentionDays,
    backupWindow: spec.backupWindow,
    maintenanceWindow: spec.maintenanceWindow,
    skipFinalSnapshot: !spec.deletionProtection,
    ...(spec.deletionProtection ? { finalSnapshotIdentifier: `${name}-final` } : {}),
    tags: named(name),
  });

  // Replicas inherit engine, storage encryption and credentials from the primary; they need no final snapshot.
  const replicas = Array.from({ length: spec.readReplicas }, (_, i) => {
    const replicaName = physicalName(ctx.prefix, `pg-replica-${i + 1}`);
    return new DbInstance(scope, `pg-replica-${i + 1}`, {
      ...common,
      identifier: replicaName,
      replicateSourceDb: primary.identifier,
      availabilityZone: network.zones[(i + 1) % network.zones.length],
      skipFinalSnapshot: true,
      tags: named(replicaName),
    });
  });

  const account = Fn.element(Fn.split(":", primary.arn), 4);
  // RDS Proxy where apps log in with IAM (Kubernetes tiers) or with the admin secret through it (serverless
  // containers); VM tiers pool beside the app. Its readers are Aurora's only, so replicas stay direct.
  const proxy =
    spec.pooling && (input.appLogins ?? "iam") !== "admin"
      ? renderProxy(scope, {
          ctx,
          network,
          pooling: spec.pooling,
          login: proxyLogin(input.appLogins, spec, primary.masterUserSecret.get(0).secretArn),
          databaseGroup: sg.id,
          clients,
          target: { instance: primary.identifier },
          maxConnections: rdsMaxConnections(machine.info?.memoryGiB ?? spec.shape.memoryGiB, spec.parameters),
          readers: false,
        })
      : undefined;
  return {
    outputs: {
      endpoint: primary.address,
      port: PORT,
      readerEndpoints: replicas.map((r) => r.address),
      database: spec.databaseName,
      username: spec.username,
      credentials: { store: "aws-secrets-manager", id: primary.masterUserSecret.get(0).secretArn },
      authResources: [`arn:aws:rds-db:${ctx.region}:${account}:dbuser:${primary.resourceId}/${spec.appRole}`, ...(proxy?.authResource ? [proxy.authResource] : [])],
      appRole: spec.appRole,
      ...(proxy ? { pooler: proxy.outputs } : {}),
    },
    raw: { instance: primary, replicas, subnetGroup: subnets, securityGroup: sg, ingress, parameterGroup: params, monitoringRole: monitoring, ...(proxy?.raw ?? {}) },
  };
}
