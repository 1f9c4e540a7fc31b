import type { Construct } from "constructs";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { AppConnections, RenderContext } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { projectOf, serviceAccountId } from "./common";

/** A dedicated service account with project roles; never the default compute account. */
export function serviceAccount(scope: Construct, id: string, ctx: RenderContext, suffix: string, description: string, roles: readonly string[]) {
  const account = new ServiceAccount(scope, id, { accountId: serviceAccountId(ctx, suffix), displayName: `${ctx.prefix} ${suffix}`, description });
  const member = `serviceAccount:${account.email}`;
  const grants = roles.map((role) => new ProjectIamMember(scope, `${id}-${role.split("/")[1]}`, { project: projectOf(ctx), role, member }));
  return { account, member, grants };
}

/** Roles every node or server needs to write its logs and metrics. */
export const TELEMETRY_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer"];

/**
 * Grants an identity what it needs to use the app's data stores: IAM database login (or, on a VM tier, the admin
 * secret instead: see `database`), the cache's AUTH secret or IAM login, files.
 */
export function grantDataAccess(
  scope: Construct,
  ctx: RenderContext,
  member: string,
  c: AppConnections,
  idPrefix = "app",
  database: "iam" | "admin-secret" = "iam",
): TerraformResource[] {
  const out: TerraformResource[] = [];
  const secrets = [database === "admin-secret" ? c.database?.credentials : undefined, c.cache?.credentials].filter((s) => s !== undefined);
  secrets.forEach((secret, i) => {
    out.push(new SecretManagerSecretIamMember(scope, `${idPrefix}-secret-${i}`, { secretId: secret.id, role: "roles/secretmanager.secretAccessor", member }));
  });
  // IAM database login only where the identity logs in with IAM (an admin-secret reader connects by private IP with a password).
  if (c.database && database === "iam") {
    for (const role of ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]) {
      out.push(new ProjectIamMember(scope, `${idPrefix}-${role.split("/")[1]}`, { project: projectOf(ctx), role, member }));
    }
  }
  if (c.cache && c.cache.auth === "iam" && c.cache.authResources.length > 0) {
    out.push(new ProjectIamMember(scope, `${idPrefix}-redis-connect`, { project: projectOf(ctx), role: "roles/redis.dbConnectionUser", member }));
  }
  if (c.files) {
    out.push(new StorageBucketIamMember(scope, `${idPrefix}-files`, { bucket: c.files.bucketName, role: "roles/storage.objectUser", member }));
  }
  return out;
}
