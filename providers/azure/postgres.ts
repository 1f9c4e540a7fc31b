import type { Construct } from "constructs";
import { PostgresqlFlexibleServerVirtualEndpoint } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-virtual-endpoint";
import { dataKey } from "./keys";
import { auditLogs } from "./monitoring";
import { PostgresqlFlexibleServer, type PostgresqlFlexibleServerConfig } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import type { PostgresInput, PostgresOutputs, Rendered, SecretRef } from "../../src/core/contracts";
import { Fn, type TerraformResource } from "../../src/core/tf";
import { ephemeralSecretVariable, variableName } from "../../src/core/variables";
import { WEEKDAY_INDEX, azName, placed, resourceGroupOf, azureNetworkAttribute } from "./common";
import { vaultSecret } from "./vault";

const PORT = 5432;
/** The built-in PgBouncer's port on the server. */
const PGBOUNCER_PORT = 6432;
/** Storage sizes Flexible Server offers, in MiB (it only grows). */
const STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 8388608, 16777216, 33553408];
/** Server parameters under the user's: TLS required, connection and checkpoint logging. */
/** pgAudit (compliance.auditLogs): DDL, role changes and writes, into the server log and the audit workspace. */
const AUDIT_PARAMETERS: Record<string, string> = {
  shared_preload_libraries: "pg_stat_statements,pgaudit",
  "pgaudit.log": "DDL,ROLE,WRITE",
  "pgaudit.log_parameter": "OFF",
};
const BASELINE_PARAMETERS: Record<string, string> = {
  require_secure_transport: "ON",
  log_connections: "ON",
  log_disconnections: "ON",
  log_checkpoints: "ON",
};

/**
 * Azure Database for PostgreSQL Flexible Server: VNet-integrated (delegated subnet + private DNS zone,
 * public access off), zone-redundant HA when HA (General Purpose or Memory Optimized only), extensions
 * allow-listed in `azure.extensions` (one value for all), geo-redundant backups in production, read
 * replicas, Entra ID authentication beside a password that is write-only (ephemeral variable → server and
 * Key Vault), and the zone left alone after a failover.
 */
export function renderPostgres(scope: Construct, { ctx, network, spec, machine, replication }: PostgresInput): Rendered<PostgresOutputs> {
  const rg = resourceGroupOf(ctx);
  const cmek = dataKey(scope, ctx);
  const encryption = cmek
    ? {
        identity: { type: "UserAssigned", identityIds: [cmek.identity.id] },
        customerManagedKey: { keyVaultKeyId: cmek.key.versionlessId, primaryUserAssignedIdentityId: cmek.identity.id },
      }
    : {};
  const name = azName(ctx, "pg");
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  const dns = new PrivateDnsZone(scope, "pg-dns", { name: `${name}.private.postgres.database.azure.com`, resourceGroupName: rg, tags: { ...ctx.tags } });
  const link = new PrivateDnsZoneVirtualNetworkLink(scope, "pg-dns-link", {
    name: azName(ctx, "pg-dns"),
    resourceGroupName: rg,
    privateDnsZoneName: dns.name,
    virtualNetworkId: network.id,
    registrationEnabled: false,
  });
  const password = variableName(ctx.prefix, "db-admin");
  const admin = ephemeralSecretVariable(scope, password, `Admin password of ${name}; set TF_VAR_${password}. Write-only: never stored in state.`);
  const storageMb = STORAGE_MB.find((mb) => mb >= spec.storageGiB * 1024) ?? STORAGE_MB[STORAGE_MB.length - 1]!;
  const [day, time] = spec.maintenanceWindow.split("-")[0]!.split(/:(.*)/s) as [keyof typeof WEEKDAY_INDEX, string];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const common = {
    ...placed(ctx),
    version: String(spec.version),
    skuName: machine.type,
    delegatedSubnetId: azureNetworkAttribute(network, "databaseSubnetId"),
    privateDnsZoneId: dns.id,
    publicNetworkAccessEnabled: false,
    storageMb,
    autoGrowEnabled: spec.maxStorageGiB !== undefined,
    ...encryption,
    dependsOn: [link, ...(cmek ? [cmek.access] : [])],
  };
  if (replication?.role === "secondary") {
    return geoReplica(scope, { ctx, spec, common, name, source: replication.source!, group: replication.group, credentials: replication.sourceCredentials!, raw, dns, link });
  }
  const primary = new PostgresqlFlexibleServer(scope, "pg", {
    ...common,
    name,
    zone: ctx.zones[0]!,
    administratorLogin: spec.username,
    administratorPasswordWo: admin.stringValue,
    administratorPasswordWoVersion: spec.passwordVersion,
    authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: true },
    backupRetentionDays: spec.backupRetentionDays,
    // With a customer-managed key, geo-redundant backups need a second key in the paired region; the geo
    // replicas of a multi-region topology are the off-region copy instead (see the README).
    geoRedundantBackupEnabled: ctx.production && !cmek,
    ...(spec.ha ? { highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: ctx.zones[1]! } } : {}),
    maintenanceWindow: { dayOfWeek: WEEKDAY_INDEX[day], startHour: hour, startMinute: minute },
    // After a failover the zones swap; Terraform must not move them back.
    lifecycle: { ignoreChanges: ["zone", "high_availability[0].standby_availability_zone"], ...(spec.deletionProtection ? { preventDestroy: true } : {}) },
  });
  raw["server"] = primary;
  const extensions = spec.extensions.map((e) => e.toUpperCase()).join(",");
  const audit = ctx.compliance?.auditLogs ?? false;
  const allowed = [extensions, ...(audit ? ["PGAUDIT"] : [])].filter(Boolean).join(",");
  const parameters: Record<string, string> = {
    ...BASELINE_PARAMETERS,
    ...(audit ? AUDIT_PARAMETERS : {}),
    ...(allowed ? { "azure.extensions": allowed } : {}),
    // The built-in PgBouncer (General Purpose and Memory Optimized only), on port 6432 of the same host; it takes
    // the same logins, Entra tokens included. It has no total cap: max_connections bounds the server.
    ...(spec.pooling
      ? {
          "pgbouncer.enabled": "true",
          "pgbouncer.pool_mode": spec.pooling.mode,
          "pgbouncer.default_pool_size": String(spec.pooling.defaultPoolSize),
          "pgbouncer.max_client_conn": String(spec.pooling.maxClientConnections),
        }
      : {}),
    ...spec.parameters,
  };
  // One resource per parameter, applied one after another (the server rejects concurrent changes).
  let previous: TerraformResource | undefined;
  raw["parameters"] = Object.keys(parameters)
    .sort()
    .map((key) => {
      const config: PostgresqlFlexibleServerConfiguration = new PostgresqlFlexibleServerConfiguration(scope, `pg-param-${key.replace(/[^a-z0-9_]/gi, "-")}`, {
        name: key,
        serverId: primary.id,
        value: parameters[key]!,
        ...(previous ? { dependsOn: [previous] } : {}),
      });
      previous = config;
      return config;
    });
  raw["database"] = new PostgresqlFlexibleServerDatabase(scope, "pg-database", { name: spec.databaseName, serverId: primary.id, charset: "UTF8", collation: "en_US.utf8" });
  const replicas = Array.from(
    { length: spec.readReplicas },
    (_, i) =>
      new PostgresqlFlexibleServer(scope, `pg-replica-${i + 1}`, {
        ...common,
        name: azName(ctx, `pg-replica-${i + 1}`),
        zone: ctx.zones[(i + 1) % ctx.zones.length]!,
        createMode: "Replica",
        sourceServerId: primary.id,
        lifecycle: { ignoreChanges: ["zone"] },
      }),
  );
  raw["replicas"] = replicas;
  // Other regions' workloads read the primary's admin secret: its vault cannot name their subnets.
  const secret = vaultSecret(scope, "pg-admin-secret", ctx, `${name}-admin`, { writeOnly: admin.stringValue, version: spec.passwordVersion });
  raw["adminSecret"] = secret;
  const diagnostics = auditLogs(scope, "pg-audit", ctx, primary.id);
  if (diagnostics) raw["auditLogs"] = diagnostics;
  return {
    outputs: {
      endpoint: primary.fqdn,
      port: PORT,
      readerEndpoints: replicas.map((r) => r.fqdn),
      database: spec.databaseName,
      username: spec.username,
      credentials: { store: "azure-key-vault", id: secret.versionlessId },
      authResources: [],
      appRole: spec.appRole,
      attributes: { serverName: primary.name, serverResourceGroup: primary.resourceGroupName, adminSecretResourceId: secret.resourceVersionlessId },
      replicationSource: primary.id,
      ...(spec.pooling ? { pooler: { endpoint: primary.fqdn, port: PGBOUNCER_PORT } } : {}),
    },
    raw,
  };
}

/**
 * A secondary region's geo replica of the primary server, and a virtual endpoint pair: the read-write
 * endpoint always names the current primary (so apps keep one writer hostname through a failover), the
 * read-only endpoint this replica. Promote with "switchover" (planned) or "promote" (region lost): see
 * the README. Replicas cannot run zone-redundant HA; the promoted server gets it back when re-enabled.
 */
function geoReplica(
  scope: Construct,
  o: {
    ctx: PostgresInput["ctx"];
    spec: PostgresInput["spec"];
    common: Omit<PostgresqlFlexibleServerConfig, "name">;
    name: string;
    source: string;
    group: string;
    credentials: SecretRef;
    raw: Record<string, TerraformResource | TerraformResource[]>;
    dns: PrivateDnsZone;
    link: PrivateDnsZoneVirtualNetworkLink;
  },
): Rendered<PostgresOutputs> {
  const { ctx, spec, raw } = o;
  const replica = new PostgresqlFlexibleServer(scope, "pg", {
    ...o.common,
    name: o.name,
    zone: ctx.zones[0]!,
    createMode: "Replica",
    sourceServerId: o.source,
    // Promotion turns the replica into a standalone server: Terraform must not recreate it as a replica.
    lifecycle: { ignoreChanges: ["zone", "create_mode", "source_server_id", "replication_role"], ...(spec.deletionProtection ? { preventDestroy: true } : {}) },
  });
  const endpoint = new PostgresqlFlexibleServerVirtualEndpoint(scope, "pg-endpoint", {
    name: o.group,
    sourceServerId: o.source,
    replicaServerId: replica.id,
    type: "ReadWrite",
  });
  Object.assign(raw, { dns: o.dns, dnsLink: o.link, server: replica, virtualEndpoint: endpoint });
  const diagnostics = auditLogs(scope, "pg-audit", ctx, replica.id);
  if (diagnostics) raw["auditLogs"] = diagnostics;
  return {
    outputs: {
      // The virtual endpoints' names (Azure docs: <endpoint>.writer / <endpoint>.reader.postgres.database.azure.com).
      endpoint: `${o.group}.writer.postgres.database.azure.com`,
      port: PORT,
      readerEndpoints: [`${o.group}.reader.postgres.database.azure.com`, replica.fqdn],
      database: spec.databaseName,
      username: spec.username,
      // The admin is the primary's (replicas copy users); its secret lives in the primary region's Key Vault.
      credentials: o.credentials,
      authResources: [],
      appRole: spec.appRole,
      // The writable server is the primary (its id is `/subscriptions/…/resourceGroups/<rg>/providers/…/flexibleServers/<name>`).
      attributes: { serverName: Fn.element(Fn.split("/", o.source), 8), serverResourceGroup: Fn.element(Fn.split("/", o.source), 4) },
    },
    raw,
  };
}
