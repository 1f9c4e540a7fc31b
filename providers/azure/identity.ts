import type { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { AppConnections } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { ROLES } from "./common";

/** Grants an identity read access to the data stores' secrets and write access to the files account. */
export function grantDataAccess(scope: Construct, principalId: string, c: AppConnections, idPrefix = "app"): TerraformResource[] {
  const out: TerraformResource[] = [];
  const secrets = [...(c.database?.authResources ?? []), ...(c.cache?.authResources ?? [])];
  secrets.forEach((secret, i) => {
    out.push(new RoleAssignment(scope, `${idPrefix}-secret-${i}`, { scope: secret, roleDefinitionName: ROLES.keyVaultSecretsUser, principalId }));
  });
  if (c.files) out.push(new RoleAssignment(scope, `${idPrefix}-files`, { scope: c.files.id, roleDefinitionName: ROLES.storageBlobDataContributor, principalId }));
  return out;
}
