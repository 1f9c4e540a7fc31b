import { shortHash } from "../../src/plan/naming";
import type { RenderContext } from "../../src/core/contracts";
import type { NetworkAttribute, NetworkRef } from "../../src/core/contracts";
import { networkAttribute, requireNetworkAttribute } from "../../src/core/network-ref";

/** A handle of an Azure network (`NetworkAttributes["azure"]`) a renderer cannot do without; a clear error when missing. */
export function azureNetworkAttribute(network: NetworkRef, name: NetworkAttribute<"azure">): string {
  return requireNetworkAttribute(network, "azure", name);
}

/** An Azure handle with a fallback, or undefined when the network leaves it out. */
export function optionalAzureNetworkAttribute(network: NetworkRef, name: NetworkAttribute<"azure">): string | undefined {
  return networkAttribute(network, "azure", name);
}

export function resourceGroupOf(ctx: RenderContext): string {
  if (!ctx.resourceGroup) throw new Error("tierform: Azure rendering without a resource group (a bug: the context requires it)");
  return ctx.resourceGroup;
}

/** Resource names: `<prefix>-<suffix>`. */
export function azName(ctx: RenderContext, suffix: string): string {
  return `${ctx.prefix}-${suffix}`;
}

/**
 * Storage account and Key Vault names: lower-case letters and digits only, at most `max` characters.
 * A prefix that does not fit is cut and ends in a short hash of the whole, so regions never collide.
 */
export function compactName(ctx: RenderContext, suffix: string, max = 24): string {
  const base = ctx.prefix.replace(/[^a-z0-9]/g, "");
  const room = max - suffix.length;
  if (base.length <= room) return `${base}${suffix}`;
  const hash = shortHash(base);
  return `${base.slice(0, room - hash.length)}${hash}${suffix}`;
}

/** Common arguments: location, resource group, tags. */
export function placed(ctx: RenderContext) {
  return { location: ctx.region, resourceGroupName: resourceGroupOf(ctx), tags: { ...ctx.tags } };
}

export const WEEKDAY_INDEX = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const;

/** Role definition names used for least-privilege grants. */
export const ROLES = {
  networkContributor: "Network Contributor",
  keyVaultSecretsOfficer: "Key Vault Secrets Officer",
  keyVaultSecretsUser: "Key Vault Secrets User",
  keyVaultCryptoOfficer: "Key Vault Crypto Officer",
  keyVaultCryptoUser: "Key Vault Crypto Service Encryption User",
  /** Encrypt and decrypt with a key (what the AKS KMS plugin does), not only wrap and unwrap. */
  keyVaultCryptoOperator: "Key Vault Crypto User",
  storageBlobDataContributor: "Storage Blob Data Contributor",
} as const;

/** Log Analytics keeps logs at least 30 days. */
export const MIN_WORKSPACE_RETENTION = 30;
