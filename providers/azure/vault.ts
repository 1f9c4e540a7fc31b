import type { Construct } from "constructs";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { RenderContext } from "../../src/core/contracts";
import { Lazy, TerraformStack } from "../../src/core/tf";
import { ROLES, compactName, placed } from "./common";

const VAULT_ID = "key-vault";
const CLIENT_ID = "client";

/** Who runs Terraform (tenant, object id): one data source per stack, read by whatever needs it. */
export function clientConfig(scope: Construct): DataAzurermClientConfig {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CLIENT_ID);
  return existing instanceof DataAzurermClientConfig ? existing : new DataAzurermClientConfig(stack, CLIENT_ID, {});
}

/** Per stack: the workload subnets admitted through the Key Vault and storage firewalls (service endpoints on). */
const admitted = new WeakMap<TerraformStack, string[]>();

/**
 * Admits a network's workload subnets through the stack's Key Vault and private storage firewalls. Only for
 * subnets with the Microsoft.KeyVault and Microsoft.Storage service endpoints (Key Vault rejects a rule for a
 * subnet without one): tierform's own network registers its nodes subnet.
 */
export function admitSubnets(scope: Construct, subnetIds: readonly string[]): void {
  const stack = TerraformStack.of(scope);
  const list = admitted.get(stack) ?? [];
  for (const id of subnetIds) if (!list.includes(id)) list.push(id);
  admitted.set(stack, list);
}

/** The admitted subnets, resolved at synthesis (components register in any order). */
export function admittedSubnets(scope: Construct): string[] {
  const stack = TerraformStack.of(scope);
  return Lazy.listValue({ produce: () => [...(admitted.get(stack) ?? [])] });
}

/**
 * Where Terraform runs from, as firewall IP rules: `compliance.deployerCidrs`, a /32 written as the address
 * (storage firewalls take no /31 or /32 prefix).
 */
export function deployerIpRules(ctx: RenderContext): string[] {
  return (ctx.compliance?.deployerCidrs ?? []).map((cidr) => (cidr.endsWith("/32") ? cidr.slice(0, -3) : cidr));
}

/**
 * The environment's Key Vault (one per stack, created on first use): RBAC authorization only, soft delete,
 * purge protection in production. The identity running Terraform gets Secrets Officer so it can write.
 * Its firewall denies every network except trusted Azure services (customer-managed-key encryption by
 * storage, PostgreSQL, Managed Redis), the admitted workload subnets and `compliance.deployerCidrs` (Terraform
 * writes secrets and keys over the data plane). No other region reads it: apps log in to PostgreSQL with Entra
 * tokens, and the setup Job is the server's Entra administrator.
 */
export function environmentVault(scope: Construct, ctx: RenderContext): { vault: KeyVault; writer: RoleAssignment } {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(VAULT_ID);
  if (existing instanceof KeyVault) return { vault: existing, writer: stack.node.findChild(`${VAULT_ID}-writer`) as RoleAssignment };
  const client = clientConfig(stack);
  const vault = new KeyVault(stack, VAULT_ID, {
    ...placed(ctx),
    name: compactName(ctx, "kv"),
    tenantId: client.tenantId,
    skuName: "standard",
    rbacAuthorizationEnabled: true,
    softDeleteRetentionDays: 90,
    // Customer-managed keys require purge protection.
    purgeProtectionEnabled: ctx.production || (ctx.compliance?.customerManagedKeys ?? false),
    networkAcls: {
      defaultAction: "Deny",
      bypass: "AzureServices",
      ipRules: deployerIpRules(ctx),
      virtualNetworkSubnetIds: admittedSubnets(stack),
    },
  });
  const writer = new RoleAssignment(stack, `${VAULT_ID}-writer`, { scope: vault.id, roleDefinitionName: ROLES.keyVaultSecretsOfficer, principalId: client.objectId });
  return { vault, writer };
}

/**
 * A Key Vault secret written through the write-only `value_wo` (never in this resource's state): a password
 * from an ephemeral variable, or a key the service generated. Terraform writes it again only when `version`
 * is raised (write-only values are not compared).
 */
export function vaultSecret(
  scope: Construct,
  id: string,
  ctx: RenderContext,
  name: string,
  value: { writeOnly: string; version: number },
): KeyVaultSecret {
  const { vault, writer } = environmentVault(scope, ctx);
  return new KeyVaultSecret(scope, id, {
    name,
    keyVaultId: vault.id,
    contentType: "password",
    valueWo: value.writeOnly,
    valueWoVersion: value.version,
    dependsOn: [writer],
  });
}
