import type { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { AppConnections } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { ROLES } from "./common";

/**
 * Grants an identity read access to the cache's secret (and, on a VM tier, the database admin's: see
 * `database`; apps on Kubernetes log in to PostgreSQL with Entra tokens) and write access to the files account.
 */
export function grantDataAccess(scope: Construct, principalId: string, c: AppConnections, idPrefix = "app", database: "entra" | "admin-secret" = "entra"): TerraformResource[] {
  const out: TerraformResource[] = [];
  const adminSecret = database === "admin-secret" ? c.database?.attributes?.["adminSecretResourceId"] : undefined;
  const secrets = [...(adminSecret ? [adminSecret] : []), ...(c.cache?.authResources ?? [])];
  secrets.forEach((secret, i) => {
    out.push(new RoleAssignment(scope, `${idPrefix}-secret-${i}`, { scope: secret, roleDefinitionName: ROLES.keyVaultSecretsUser, principalId }));
  });
  if (c.files) out.push(new RoleAssignment(scope, `${idPrefix}-files`, { scope: c.files.id, roleDefinitionName: ROLES.storageBlobDataContributor, principalId }));
  return out;
}
