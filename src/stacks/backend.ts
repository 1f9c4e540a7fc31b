import type { TerraformStack } from "../core/tf";
import { AzurermBackend, GcsBackend, LocalBackend, S3Backend } from "../core/tf";
import type { BackendSpec } from "../model/backend";

/**
 * Configures a stack's state backend. Local state uses a relative path, so the synthesized JSON is the
 * same on every machine. Remote backends encrypt state and lock it (S3 with a lock file, no DynamoDB).
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: BackendSpec): void {
  switch (backend.type) {
    case "local":
      // Relative to the stack's working directory (cdktf.out/stacks/<stack>): the project root, where
      // cdktf keeps local state by default, without an absolute path. Every stack sees every other's state
      // at the same relative path, which cross-stack references rely on.
      new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
      return;
    case "s3": {
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
        region: backend.region,
        encrypt: true,
        ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
      });
      // Terraform ≥ 1.10 locks S3 state with a lock object; cdktf 0.21 has no typed property for it.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    }
    case "gcs":
      new GcsBackend(stack, { bucket: backend.bucket, prefix: `${backend.prefix}/${stackName}` });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
        useAzureadAuth: true,
      });
      return;
  }
}
