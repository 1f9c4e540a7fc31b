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
      strict({ type: z.literal("local") }),
      strict({
        type: z.literal("s3"),
        bucket: bucketName,
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "expected an AWS region such as us-west-2" }),
        keyPrefix: pathPrefix.default("tierform"),
        kmsKeyId: z.string().regex(/^[A-Za-z0-9:/_-]+$/, { error: "expected a KMS key id, alias or ARN" }).optional(),
      }),
      strict({
        type: z.literal("gcs"),
        bucket: bucketName,
        prefix: pathPrefix.default("tierform"),
      }),
      strict({
        type: z.literal("azurerm"),
        resourceGroupName: plainName("resource group name"),
        storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: "expected 3–24 lower-case letters or digits" }),
        containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { error: "expected a container name (3–63 lower-case letters, digits or single hyphens)" }),
        keyPrefix: pathPrefix.default("tierform"),
      }),
    ],
    { error: 'expected backend.type "local" | "s3" | "gcs" | "azurerm"' },
  )
  .default({ type: "local" })
  .meta({ description: "Where Terraform state lives. Local (relative path) by default; remote backends lock and encrypt." });
export type BackendProps = z.input<typeof BackendSchema>;
export type BackendSpec = z.output<typeof BackendSchema>;
