import { isAbsolute, relative, resolve, sep } from "node:path";
import type { TerraformStack } from "../core/tf";
import { App, AzurermBackend, GcsBackend, LocalBackend, S3Backend } from "../core/tf";
import type { BackendSpec } from "../model/backend";

/**
 * Configures a stack's state backend. Local state uses a relative path, so the synthesized JSON is the
 * same on every machine. Remote backends encrypt state and lock it (S3 with a lock file, no DynamoDB).
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: BackendSpec): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(stack, stackName) });
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

/**
 * Where a stack's local state lives, relative to the directory Terraform runs in (`<outdir>/stacks/<stack id>`):
 * the project root (the directory the app runs in, where cdktf keeps local state by default) as
 * `terraform.<stack>.tfstate`, whatever the depth of the out directory (`cdktf synth -o build/deep/out` gives
 * `../../../../../terraform.<stack>.tfstate`). No absolute path, so the JSON is the same on every machine. All stack
 * directories are siblings, so every stack sees every other's state at the same relative path, which cross-stack
 * references rely on. An out directory outside the project (e.g. `Testing.app()`'s temporary one) gives the
 * conventional `../../../` (beside the out directory): a path up to the project from there would differ per machine.
 */
export function localStatePath(stack: TerraformStack, stackName: string, projectRoot: string = process.cwd()): string {
  const file = `terraform.${stackName}.tfstate`;
  const outdir = resolve(projectRoot, App.of(stack).outdir);
  const outdirFromRoot = relative(projectRoot, outdir);
  if (outdirFromRoot === ".." || outdirFromRoot.startsWith(`..${sep}`) || isAbsolute(outdirFromRoot)) return `../../../${file}`;
  const up = relative(resolve(outdir, "stacks", stack.node.id), projectRoot).split(/[\\/]/).join("/");
  return `${up}/${file}`;
}
