import type { Construct } from "constructs";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import type { PostgresInput, PostgresOutputs, Rendered } from "../../src/core/contracts";
import { Fn } from "../../src/core/tf";
import { WEEKDAY, gcpName, labels } from "./common";
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
export function renderPostgres(scope: Construct, { ctx, network, spec, machine, clients }: PostgresInput): Rendered<PostgresOutputs> {
  const name = gcpName(ctx, "pg");
  const privateNetwork = network.attributes?.["privateServiceNetwork"] ?? network.id;
  const flags = { ...BASELINE_FLAGS, ...spec.parameters };
  const databaseFlags = Object.keys(flags)
    .sort()
    .map((key) => ({ name: key, value: flags[key]! }));
  const [day, time] = spec.maintenanceWindow.split("-")[0]!.split(/:(.*)/s) as [keyof typeof WEEKDAY, string];
  const ipConfiguration = { ipv4Enabled: false, privateNetwork, sslMode: "ENCRYPTED_ONLY", enablePrivatePathForGoogleCloudServices: false };

  const primary = new SqlDatabaseInstance(scope, "pg", {
    name,
    region: ctx.region,
    databaseVersion: `POSTGRES_${spec.version}`,
    deletionProtection: spec.deletionProtection,
    settings: {
      tier: machine.type,
      edition: "ENTERPRISE",
      availabilityType: spec.ha ? "REGIONAL" : "ZONAL",
      diskType: "PD_SSD",
      diskSize: spec.storageGiB,
      diskAutoresize: spec.maxStorageGiB !== undefined,
      diskAutoresizeLimit: spec.maxStorageGiB ?? 0,
      deletionProtectionEnabled: spec.deletionProtection,
      ipConfiguration,
      backupConfiguration: {
        enabled: true,
        pointInTimeRecoveryEnabled: true,
        startTime: spec.backupWindow.split("-")[0]!,
        transactionLogRetentionDays: Math.min(spec.backupRetentionDays, MAX_LOG_RETENTION_DAYS),
        backupRetentionSettings: { retainedBackups: spec.backupRetentionDays, retentionUnit: "COUNT" },
      },
      databaseFlags,
      insightsConfig: { queryInsightsEnabled: true, recordClientAddress: false },
      maintenanceWindow: { day: WEEKDAY[day], hour: Number(time.split(":")[0]), updateTrack: "stable" },
      userLabels: labels(ctx),
    },
  });
  const replicas = Array.from(
    { length: spec.readReplicas },
    (_, i) =>
      new SqlDatabaseInstance(scope, `pg-replica-${i + 1}`, {
        name: gcpName(ctx, `pg-replica-${i + 1}`),
        region: ctx.region,
        databaseVersion: `POSTGRES_${spec.version}`,
        masterInstanceName: primary.name,
        deletionProtection: spec.deletionProtection,
        replicaConfiguration: { failoverTarget: false },
        settings: {
          tier: machine.type,
          edition: "ENTERPRISE",
          availabilityType: "ZONAL",
          diskType: "PD_SSD",
          diskSize: spec.storageGiB,
          diskAutoresize: spec.maxStorageGiB !== undefined,
          deletionProtectionEnabled: spec.deletionProtection,
          ipConfiguration,
          databaseFlags,
          userLabels: labels(ctx),
        },
      }),
  );
  const database = new SqlDatabase(scope, "pg-database", { name: spec.databaseName, instance: primary.name, deletionPolicy: "ABANDON" });
  const admin = writeOnlyPassword(scope, ctx, "db-admin");
  const adminUser = new SqlUser(scope, "pg-admin", {
    name: spec.username,
    instance: primary.name,
    type: "BUILT_IN",
    passwordWo: admin.value,
    passwordWoVersion: 1,
    deletionPolicy: "ABANDON",
  });
  // Each client (a service account email) logs in with IAM, no password.
  const iamUsers = clients.map(
    (email, i) =>
      new SqlUser(scope, `pg-iam-user-${i}`, {
        name: Fn.trimsuffix(email, ".gserviceaccount.com"),
        instance: primary.name,
        type: "CLOUD_IAM_SERVICE_ACCOUNT",
        deletionPolicy: "ABANDON",
      }),
  );

  return {
    outputs: {
      endpoint: primary.privateIpAddress,
      port: PORT,
      readerEndpoints: replicas.map((r) => r.privateIpAddress),
      database: spec.databaseName,
      username: spec.username,
      credentials: { store: "gcp-secret-manager", id: admin.secret.id },
      authResources: [primary.connectionName],
    },
    raw: { instance: primary, replicas, database, adminUser, iamUsers, adminSecret: admin.secret, adminSecretVersion: admin.version },
  };
}
