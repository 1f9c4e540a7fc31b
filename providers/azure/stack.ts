import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { ProviderInput, StackContext } from "../../src/core/contracts";

/**
 * The azurerm provider (subscription and tenant come from the environment: ARM_SUBSCRIPTION_ID,
 * ARM_TENANT_ID, or the Azure CLI login — never hard-coded), Entra-authenticated storage data plane,
 * and the environment's resource group.
 */
export function configureStack(scope: Construct, { ctx }: ProviderInput): StackContext {
  new AzurermProvider(scope, "azurerm", {
    features: [{ keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }] }],
    storageUseAzuread: true,
  });
  const group = new ResourceGroup(scope, "resource-group", { name: `${ctx.prefix}-rg`, location: ctx.region, tags: { ...ctx.tags } });
  return { resourceGroup: group.name };
}
