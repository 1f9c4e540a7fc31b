import type { Construct } from "constructs";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { RenderContext } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";
import { ROLES, azName, placed } from "./common";
import { environmentVault } from "./vault";

const KEY_ID = "data-key";
/** Rotate yearly; Azure services pick the new version up through the versionless id. */
const ROTATE_AFTER = "P1Y";
const EXPIRE_AFTER = "P2Y";
const NOTIFY_BEFORE_EXPIRY = "P30D";

export interface DataKey {
  readonly key: KeyVaultKey;
  /** The identity services encrypt with (PostgreSQL Flexible Server, Managed Redis, storage). */
  readonly identity: UserAssignedIdentity;
  /** The identity's access to the key; encrypted resources depend on it. */
  readonly access: RoleAssignment;
}

/**
 * The stack's customer-managed key for data at rest, when the topology asks for one: an RSA 3072 key in
 * the environment's Key Vault (purge protection on, as CMK requires), rotated yearly, and a user-assigned
 * identity allowed to wrap and unwrap with it. Undefined otherwise (Microsoft-managed keys).
 */
export function dataKey(scope: Construct, ctx: RenderContext): DataKey | undefined {
  if (!ctx.compliance?.customerManagedKeys) return undefined;
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(KEY_ID);
  if (existing instanceof KeyVaultKey) {
    return { key: existing, identity: stack.node.findChild(`${KEY_ID}-identity`) as UserAssignedIdentity, access: stack.node.findChild(`${KEY_ID}-access`) as RoleAssignment };
  }
  const { vault, writer } = environmentVault(scope, ctx);
  const crypto = new RoleAssignment(stack, `${KEY_ID}-officer`, { scope: vault.id, roleDefinitionName: ROLES.keyVaultCryptoOfficer, principalId: writer.principalId });
  const key = new KeyVaultKey(stack, KEY_ID, {
    name: azName(ctx, "data"),
    keyVaultId: vault.id,
    keyType: "RSA",
    keySize: 3072,
    keyOpts: ["wrapKey", "unwrapKey"],
    rotationPolicy: { automatic: { timeAfterCreation: ROTATE_AFTER }, expireAfter: EXPIRE_AFTER, notifyBeforeExpiry: NOTIFY_BEFORE_EXPIRY },
    dependsOn: [crypto],
  });
  const identity = new UserAssignedIdentity(stack, `${KEY_ID}-identity`, { ...placed(ctx), name: azName(ctx, "data-key") });
  const access = new RoleAssignment(stack, `${KEY_ID}-access`, { scope: vault.id, roleDefinitionName: ROLES.keyVaultCryptoUser, principalId: identity.principalId });
  return { key, identity, access };
}
