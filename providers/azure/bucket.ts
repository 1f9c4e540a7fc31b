import type { Construct } from "constructs";
import { dataKey, type DataKey } from "./keys";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import type { BucketInput, BucketOutputs, RenderContext, Rendered } from "../../src/core/contracts";
import { compactName, placed } from "./common";
import { admittedSubnets, deployerIpRules } from "./vault";

/**
 * A storage account with one blob container: HTTPS only, TLS 1.2 minimum, Entra authorization only
 * (shared keys off), versioning and soft delete. `publicRead` allows anonymous read of the container's
 * blobs, which a Standard Front Door origin needs, and leaves the account open to every network (Standard
 * Front Door reaches origins publicly). Every other account's firewall denies all networks but trusted Azure
 * services (Network Watcher writing flow logs, customer-managed-key encryption), the admitted workload
 * subnets and `compliance.deployerCidrs` (azurerm reads the account's data plane on every refresh).
 */
export function storage(
  scope: Construct,
  id: string,
  opts: { ctx: RenderContext; suffix: string; versioning: boolean; retentionDays?: number; publicRead: boolean; key?: DataKey },
) {
  const { ctx, key } = opts;
  const account = new StorageAccount(scope, id, {
    ...placed(ctx),
    ...(key
      ? {
          identity: { type: "UserAssigned", identityIds: [key.identity.id] },
          customerManagedKey: { keyVaultKeyId: key.key.versionlessId, userAssignedIdentityId: key.identity.id },
          dependsOn: [key.access],
        }
      : {}),
    name: compactName(ctx, opts.suffix),
    accountKind: "StorageV2",
    accountTier: "Standard",
    accountReplicationType: ctx.production ? "ZRS" : "LRS",
    minTlsVersion: "TLS1_2",
    httpsTrafficOnlyEnabled: true,
    sharedAccessKeyEnabled: false,
    defaultToOauthAuthentication: true,
    allowNestedItemsToBePublic: opts.publicRead,
    ...(opts.publicRead
      ? {}
      : { networkRules: { defaultAction: "Deny", bypass: ["AzureServices"], ipRules: deployerIpRules(ctx), virtualNetworkSubnetIds: admittedSubnets(scope) } }),
    infrastructureEncryptionEnabled: true,
    blobProperties: {
      versioningEnabled: opts.versioning,
      deleteRetentionPolicy: { days: opts.retentionDays ?? 7 },
      containerDeleteRetentionPolicy: { days: opts.retentionDays ?? 7 },
    },
  });
  const container = new StorageContainer(scope, `${id}-container`, {
    name: opts.suffix,
    storageAccountId: account.id,
    containerAccessType: opts.publicRead ? "blob" : "private",
  });
  return { account, container };
}

export function renderBucket(scope: Construct, { ctx, spec, suffix }: BucketInput): Rendered<BucketOutputs> {
  const key = dataKey(scope, ctx);
  const { account, container } = storage(scope, suffix, { ctx, suffix, versioning: spec.versioning, retentionDays: spec.expireNoncurrentDays, publicRead: false, ...(key ? { key } : {}) });
  return { outputs: { bucketName: `${account.name}/${container.name}`, id: account.id }, raw: { account, container } };
}
