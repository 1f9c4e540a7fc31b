import type { Construct } from "constructs";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { RenderContext } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";
import { ROLES, compactName, placed } from "./common";

const VAULT_ID = "key-vault";
const CLIENT_ID = "client";

/** Who runs Terraform (tenant, object id): one data source per stack, read by whatever needs it. */
export function clientConfig(scope: Construct): DataAzurermClientConfig {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CLIENT_ID);
  return existing instanceof DataAzurermClientConfig ? existing : new DataAzurermClientConfig(stack, CLIENT_ID, {});
}

/**
 * The environment's Key Vault (one per stack, created on first use): RBAC authorization only, soft delete,
 * purge protection in production. The identity running Terraform gets Secrets Officer so it can write.
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
  });
  const writer = new RoleAssignment(stack, `${VAULT_ID}-writer`, { scope: vault.id, roleDefinitionName: ROLES.keyVaultSecretsOfficer, principalId: client.objectId });
  return { vault, writer };
}

/**
 * A Key Vault secret written through the write-only `value_wo` (never in this resource's state): a password
 * from an ephemeral variable, or a key the service generated. Terraform writes it again only when `version`
 * is raised (write-only values are not compared).
 */
export function vaultSecret(scope: Construct, id: string, ctx: RenderContext, name: string, value: { writeOnly: string; version: number }): KeyVaultSecret {
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
