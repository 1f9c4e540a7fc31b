import type { Construct } from "constructs";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { dataKey } from "./keys";
import { TerraformStack } from "../../src/core/tf";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance, type SqlDatabaseInstanceConfig } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import type { PostgresInput, PostgresOutputs, Rendered, SecretRef } from "../../src/core/contracts";
import { Fn } from "../../src/core/tf";
import { WEEKDAY, gcpName, labels, gcpNetworkAttribute } from "./common";
import { writeOnlyPassword } from "./secrets";

const PORT = 5432;
/** Enterprise edition allows at most 7 days of transaction logs. */
const MAX_LOG_RETENTION_DAYS = 7;

/**
 * Security baseline (database flags) under the user's parameters: IAM database authentication, and the
 * logging the CIS benchmark asks for (connections, checkpoints, lock waits, temp files, DDL, errors),
 * without statement durations (they can leak data).
 */
const BASELINE_FLAGS: Record<string, string> = {
  "cloudsql.iam_authentication": "on",
  "cloudsql.enable_pgaudit": "on",
  log_checkpoints: "on",
  log_connections: "on",
  log_disconnections: "on",
  log_hostname: "on",
  log_lock_waits: "on",
  log_min_duration_statement: "-1",
  log_min_error_statement: "error",
  log_min_messages: "error",
  log_statement: "ddl",
  log_temp_files: "0",
};

/**
 * Cloud SQL for PostgreSQL, Enterprise edition (custom tier): REGIONAL (synchronous standby) when HA,
 * backups and point-in-time recovery on, private IP only (through private services access), TLS required,
 * IAM database authentication for the app's service accounts, the admin password write-only into Secret
 * Manager, deletion protection (Terraform and API) when protected, read replicas.
 */
export function renderPostgres(scope: Construct, { ctx, network, spec, machine, clients: allClients, replication, appLogins = "iam" }: PostgresInput): Rendered<PostgresOutputs> {
  const name = gcpName(ctx, "pg");
  // IAM database users only for clients that log in with IAM: VM and serverless apps use the admin login.
  const clients = appLogins === "iam" ? allClients : [];
  const cmek = dataKey(scope, ctx);
  const keyGrant = cmek?.grant("sql");
  const encryption = cmek ? { encryptionKeyName: cmek.key.id, dependsOn: [keyGrant!] } : {};
  const privateNetwork = gcpNetworkAttribute(network, "privateServiceNetwork") ?? network.id;
  const flags = { ...BASELINE_FLAGS, ...spec.parameters };
  const databaseFlags = Object.keys(flags)
    .sort()
    .map((key) => ({ name: key, value: flags[key]! }));
  const [day, time] = spec.maintenanceWindow.split("-")[0]!.split(/:(.*)/s) as [keyof typeof WEEKDAY, string];
  const ipConfiguration = { ipv4Enabled: false, privateNetwork, sslMode: "ENCRYPTED_ONLY", enablePrivatePathForGoogleCloudServices: false };

  const shared = instances(scope, { ctx, spec, machine, ipConfiguration, databaseFlags, encryption });
  if (replication?.role === "secondary") {
    return crossRegionReplica(scope, {
      spec,
      clients,
      name,
      shared,
      source: replication.source!,
      credentials: replication.sourceCredentials!,
      writer: replication.sourceEndpoint!,
      ...(replication.sourceAttributes?.["caCertificate"] ? { sourceCa: replication.sourceAttributes["caCertificate"] } : {}),
      ...(replication.sourceAttributes?.["connectionName"] ? { sourceConnectionName: replication.sourceAttributes["connectionName"] } : {}),
    });
  }
  const primary = new SqlDatabaseInstance(scope, "pg", {
    ...encryption,
    name,
    region: ctx.region,
    databaseVersion: `POSTGRES_${spec.version}`,
    deletionProtection: spec.deletionProtection,
    settings: {
      ...shared.settings(spec.ha ? "REGIONAL" : "ZONAL"),
      diskAutoresizeLimit: spec.maxStorageGiB ?? 0,
      backupConfiguration: {
        enabled: true,
        pointInTimeRecoveryEnabled: true,
        startTime: spec.backupWindow.split("-")[0]!,
        transactionLogRetentionDays: Math.min(spec.backupRetentionDays, MAX_LOG_RETENTION_DAYS),
        backupRetentionSettings: { retainedBackups: spec.backupRetentionDays, retentionUnit: "COUNT" },
      },
      insightsConfig: INSIGHTS,
      maintenanceWindow: { day: WEEKDAY[day], hour: Number(time.split(":")[0]), updateTrack: "stable" },
    },
  });
  const replicas = shared.readReplicas(primary.name);
  const database = new SqlDatabase(scope, "pg-database", { name: spec.databaseName, instance: primary.name, deletionPolicy: "ABANDON" });
  const admin = writeOnlyPassword(scope, ctx, "db-admin", spec.passwordVersion);
  const adminUser = new SqlUser(scope, "pg-admin", {
    name: spec.username,
    instance: primary.name,
    type: "BUILT_IN",
    passwordWo: admin.value,
    passwordWoVersion: spec.passwordVersion,
    deletionPolicy: "ABANDON",
  });
  const iamUsers = iamLogins(scope, clients, primary.name);

  return {
    outputs: {
      endpoint: primary.privateIpAddress,
      port: PORT,
      readerEndpoints: replicas.map((r) => r.privateIpAddress),
      database: spec.databaseName,
      username: spec.username,
      credentials: { store: "gcp-secret-manager", id: admin.secret.id },
      authResources: [],
      appRole: spec.appRole,
      attributes: { instance: primary.name, caCertificate: primary.serverCaCert.get(0).cert, connectionName: primary.connectionName },
      // Secondary regions replicate from the instance by name.
      replicationSource: primary.name,
    },
    raw: {
      instance: primary,
      replicas,
      database,
      adminUser,
      iamUsers,
      adminSecret: admin.secret,
      adminSecretVersion: admin.version,
      ...(keyGrant ? { keyGrant } : {}),
      ...(ctx.compliance?.auditLogs ? { dataAccessAudit: dataAccessAudit(scope, ctx, "cloudsql.googleapis.com") } : {}),
    },
  };
}

const INSIGHTS = { queryInsightsEnabled: true, recordClientAddress: false };

/** What every instance of one cluster shares: its settings, and how its read replicas are made. */
interface Instances {
  settings(availabilityType: string): Record<string, unknown> & { tier: string };
  /** Arguments of a replica of `master` (the instance's settings are the caller's). */
  instance(name: string, master: string): Omit<SqlDatabaseInstanceConfig, "settings">;
  /** The topology's read replicas of `master`: zonal, same tier and flags. */
  readReplicas(master: string): SqlDatabaseInstance[];
}

function instances(
  scope: Construct,
  o: {
    ctx: PostgresInput["ctx"];
    spec: PostgresInput["spec"];
    machine: PostgresInput["machine"];
    ipConfiguration: Record<string, unknown>;
    databaseFlags: { name: string; value: string }[];
    encryption: Record<string, unknown>;
  },
): Instances {
  const { ctx, spec } = o;
  const settings = (availabilityType: string) => ({
    tier: o.machine.type,
    edition: "ENTERPRISE",
    availabilityType,
    diskType: "PD_SSD",
    diskSize: spec.storageGiB,
    diskAutoresize: spec.maxStorageGiB !== undefined,
    deletionProtectionEnabled: spec.deletionProtection,
    ipConfiguration: o.ipConfiguration,
    databaseFlags: o.databaseFlags,
    userLabels: labels(ctx),
  });
  const instance = (name: string, master: string) => ({
    ...o.encryption,
    name,
    region: ctx.region,
    databaseVersion: `POSTGRES_${spec.version}`,
    masterInstanceName: master,
    deletionProtection: spec.deletionProtection,
    replicaConfiguration: { failoverTarget: false },
  });
  return {
    settings,
    instance,
    readReplicas: (master) =>
      Array.from(
        { length: spec.readReplicas },
        (_, i) => new SqlDatabaseInstance(scope, `pg-replica-${i + 1}`, { ...instance(gcpName(ctx, `pg-replica-${i + 1}`), master), settings: settings("ZONAL") }),
      ),
  };
}

/** Each client (a service account email) logs in with IAM, no password: a user on the writable instance. */
function iamLogins(scope: Construct, clients: readonly string[], instance: string): SqlUser[] {
  return clients.map(
    (email, i) =>
      new SqlUser(scope, `pg-iam-user-${i}`, {
        name: Fn.trimsuffix(email, ".gserviceaccount.com"),
        instance,
        type: "CLOUD_IAM_SERVICE_ACCOUNT",
        deletionPolicy: "ABANDON",
      }),
  );
}

/**
 * A secondary region's cross-region read replica of the primary: the disaster-recovery copy, promoted to
 * a standalone primary on failover (see the README). REGIONAL when the topology asks for HA, so the
 * promoted instance is highly available at once. Its own read replicas cascade from it. The admin user
 * and the database come with the replica; this region's app identities get IAM users on the primary
 * (users are created there and replicate).
 */
function crossRegionReplica(
  scope: Construct,
  o: {
    spec: PostgresInput["spec"];
    clients: readonly string[];
    name: string;
    shared: Instances;
    source: string;
    credentials: SecretRef;
    /** The primary instance's address: the replica is read-only until promoted. */
    writer: string;
    /** The primary's server CA (PEM): the setup Job verifies the writer with it. */
    sourceCa?: string;
    /** The primary's connection name: this region's pooler (Cloud SQL Auth Proxy) writes there. */
    sourceConnectionName?: string;
  },
): Rendered<PostgresOutputs> {
  const { spec } = o;
  const dr = new SqlDatabaseInstance(scope, "pg", {
    ...o.shared.instance(o.name, o.source),
    // Promotion clears the master: Terraform must not recreate the promoted instance as a replica.
    lifecycle: { ignoreChanges: ["master_instance_name", "replica_configuration"] },
    settings: { ...o.shared.settings(spec.ha ? "REGIONAL" : "ZONAL"), diskAutoresizeLimit: spec.maxStorageGiB ?? 0, insightsConfig: INSIGHTS },
  });
  const replicas = o.shared.readReplicas(dr.name);
  const iamUsers = iamLogins(scope, o.clients, o.source);
  return {
    outputs: {
      endpoint: dr.privateIpAddress,
      port: PORT,
      readerEndpoints: [dr.privateIpAddress, ...replicas.map((r) => r.privateIpAddress)],
      database: spec.databaseName,
      username: spec.username,
      // Secret Manager is global: the primary's secret serves every region.
      credentials: o.credentials,
      authResources: [],
      appRole: spec.appRole,
      // Logins, the setup Job and the pooler's Cloud SQL Auth Proxy go to the writable primary, with its CA.
      attributes: { instance: o.source, ...(o.sourceCa ? { caCertificate: o.sourceCa } : {}), ...(o.sourceConnectionName ? { connectionName: o.sourceConnectionName } : {}) },
      writerEndpoint: o.writer,
    },
    raw: { instance: dr, replicas, iamUsers },
  };
}

/** Data Access audit logs (admin reads, data reads and writes) of a service, project-wide: one per stack and service. */
export function dataAccessAudit(scope: Construct, ctx: PostgresInput["ctx"], service: string): ProjectIamAuditConfig {
  const stack = TerraformStack.of(scope);
  const id = `audit-${service.split(".")[0]}`;
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as ProjectIamAuditConfig;
  return new ProjectIamAuditConfig(stack, id, {
    project: ctx.project!,
    service,
    auditLogConfig: [{ logType: "ADMIN_READ" }, { logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
  });
}
