import { z } from "zod";
import { strict } from "./common";

/** A state-path prefix: path characters only (backend blocks take no expressions, so nothing else belongs there). */
const pathPrefix = z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { error: "expected a path prefix of letters, digits, . _ - and /" });
const plainName = (what: string) => z.string().regex(/^[A-Za-z0-9._()-]{1,90}$/, { error: `expected a ${what}: letters, digits, . _ ( ) -` });

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected a bucket name (3–63 lower-case letters, digits, . or -)" });

export const BackendSchema = z
  .discriminatedUnion(
    "type",
    [
      strict({ type: z.literal("local").meta({ description: "State in local files: terraform.<stack>.tfstate in the project root." }) }),
      strict({
        type: z.literal("s3").meta({ description: "State in an S3 bucket, encrypted and locked with a lock file (Terraform ≥ 1.10, no DynamoDB table)." }),
        bucket: bucketName.meta({ description: "Existing S3 bucket that holds the state." }),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "expected an AWS region such as us-west-2" }).meta({ description: "AWS region of the bucket." }),
        keyPrefix: pathPrefix.default("tierform").meta({ description: "Key prefix: each stack's state is <keyPrefix>/<stack>.tfstate." }),
        kmsKeyId: z.string().regex(/^[A-Za-z0-9:/_-]+$/, { error: "expected a KMS key id, alias or ARN" }).optional().meta({ description: "KMS key (id, alias or ARN) that encrypts the state objects. @default - the bucket's S3-managed encryption" }),
      }),
      strict({
        type: z.literal("gcs").meta({ description: "State in a Cloud Storage bucket (GCS locks state itself)." }),
        bucket: bucketName.meta({ description: "Existing Cloud Storage bucket that holds the state." }),
        prefix: pathPrefix.default("tierform").meta({ description: "Object prefix: each stack's state is under <prefix>/<stack>." }),
      }),
      strict({
        type: z.literal("azurerm").meta({ description: "State in an Azure Storage blob container, locked by blob lease, reached with Microsoft Entra ID (Azure AD) authentication." }),
        resourceGroupName: plainName("resource group name").meta({ description: "Resource group of the storage account." }),
        storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: "expected 3–24 lower-case letters or digits" }).meta({ description: "Existing storage account that holds the state." }),
        containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { error: "expected a container name (3–63 lower-case letters, digits or single hyphens)" }).meta({ description: "Blob container in the storage account." }),
        keyPrefix: pathPrefix.default("tierform").meta({ description: "Blob name prefix: each stack's state is <keyPrefix>/<stack>.tfstate." }),
      }),
    ],
    { error: 'expected backend.type "local" | "s3" | "gcs" | "azurerm"' },
  )
  .default({ type: "local" })
  .meta({ description: "Where Terraform state lives. Local (relative path) by default; remote backends lock and encrypt." });
export type BackendProps = z.input<typeof BackendSchema>;
export type BackendSpec = z.output<typeof BackendSchema>;
