import type { Construct } from "constructs";
import { ManagedRedisGeoReplication } from "@cdktf/provider-azurerm/lib/managed-redis-geo-replication";
import { dataKey } from "./keys";
import { auditLogs } from "./monitoring";
import { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { Raw, RedisInput, RedisOutputs, RenderContext, Rendered } from "../../src/core/contracts";
import { azName, placed, resourceGroupOf, azureNetworkAttribute } from "./common";
import { vaultSecret } from "./vault";

const CLUSTERING = { single: "EnterpriseCluster", replicated: "EnterpriseCluster", cluster: "OSSCluster" } as const;
const PRIVATE_DNS_ZONE = "privatelink.redis.azure.net";
/**
 * The access key goes write-only into Key Vault, written once; after regenerating the key in Azure, write it
 * again with `terraform apply -replace` on the secret.
 */
const ACCESS_KEY_SECRET_VERSION = 1;

/**
 * Azure Managed Redis (the successor of every Azure Cache for Redis SKU): high availability for the
 * replicated and cluster modes, clustering policy from the mode (EnterpriseCluster gives non-cluster
 * clients one endpoint; OSSCluster is for cluster-aware clients), public network access off, a private
 * endpoint with its private DNS zone, TLS only. Entra access policies cannot be assigned with azurerm 4.55,
 * so clients use the access key, which tierform keeps in Key Vault.
 */
export function renderRedis(scope: Construct, { ctx, network, spec, machine, replication }: RedisInput): Rendered<RedisOutputs> {
  const rg = resourceGroupOf(ctx);
  const name = azName(ctx, "redis");
  const cmek = dataKey(scope, ctx);
  // Active geo-replication: every region's cache joins the same group and takes writes (active-active);
  // the global stack links them. Geo-replicated databases cannot persist to disk.
  const geo = replication ? { geoReplicationGroupName: replication.group } : {};
  const persistence = spec.snapshotRetentionDays > 0 && !replication;
  const redis = new ManagedRedis(scope, "redis", {
    ...placed(ctx),
    ...(cmek
      ? {
          identity: { type: "UserAssigned", identityIds: [cmek.identity.id] },
          customerManagedKey: { keyVaultKeyId: cmek.key.versionlessId, userAssignedIdentityId: cmek.identity.id },
          dependsOn: [cmek.access],
        }
      : {}),
    name,
    skuName: machine.type,
    highAvailabilityEnabled: spec.mode !== "single",
    publicNetworkAccess: "Disabled",
    defaultDatabase: {
      clusteringPolicy: CLUSTERING[spec.mode],
      clientProtocol: spec.tls ? "Encrypted" : "Plaintext",
      evictionPolicy: "VolatileLRU",
      accessKeysAuthenticationEnabled: spec.auth !== "none",
      ...geo,
      ...(persistence ? { persistenceRedisDatabaseBackupFrequency: "12h" } : {}),
    },
    lifecycle: ctx.production ? { preventDestroy: true } : {},
  });
  const dns = new PrivateDnsZone(scope, "redis-dns", { name: PRIVATE_DNS_ZONE, resourceGroupName: rg, tags: { ...ctx.tags } });
  const link = new PrivateDnsZoneVirtualNetworkLink(scope, "redis-dns-link", {
    name: azName(ctx, "redis-dns"),
    resourceGroupName: rg,
    privateDnsZoneName: dns.name,
    virtualNetworkId: network.id,
    registrationEnabled: false,
  });
  const endpoint = new PrivateEndpoint(scope, "redis-endpoint", {
    ...placed(ctx),
    name: azName(ctx, "redis-pe"),
    subnetId: azureNetworkAttribute(network, "endpointsSubnetId"),
    privateServiceConnection: { name: azName(ctx, "redis"), privateConnectionResourceId: redis.id, subresourceNames: ["redisEnterprise"], isManualConnection: false },
    privateDnsZoneGroup: { name: "redis", privateDnsZoneIds: [dns.id] },
  });
  const database = redis.defaultDatabase;
  const diagnostics = auditLogs(scope, "redis-audit", ctx, redis.id);
  const secret = spec.auth !== "none" ? vaultSecret(scope, "redis-key-secret", ctx, `${name}-key`, { writeOnly: database.primaryAccessKey, version: ACCESS_KEY_SECRET_VERSION }) : undefined;
  return {
    outputs: {
      endpoint: redis.hostname,
      port: database.port,
      tls: spec.tls,
      auth: spec.auth === "none" ? "none" : "token",
      authResources: secret ? [secret.resourceVersionlessId] : [],
      ...(secret ? { credentials: { store: "azure-key-vault", id: secret.versionlessId } } : {}),
      ...(replication ? { replicationSource: redis.id } : {}),
      ...(CLUSTERING[spec.mode] === "OSSCluster" ? { clusterProtocol: true } : {}),
    },
    raw: { redis, privateDnsZone: dns, privateDnsLink: link, privateEndpoint: endpoint, ...(secret ? { accessKeySecret: secret } : {}), ...(diagnostics ? { auditLogs: diagnostics } : {}) },
  };
}

/**
 * Global stack: links every region's Managed Redis into one active geo-replication group (the caches
 * already name the group; this resource makes them replicate). Adding a region re-links all of them.
 */
export function linkGeoReplication(scope: Construct, input: { ctx: RenderContext; primary: RedisOutputs; secondaries: readonly RedisOutputs[] }): Raw {
  return {
    geoReplication: new ManagedRedisGeoReplication(scope, "redis-geo", {
      managedRedisId: input.primary.replicationSource!,
      linkedManagedRedisIds: input.secondaries.map((s) => s.replicationSource!),
    }),
  };
}
