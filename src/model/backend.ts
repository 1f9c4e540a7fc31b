import { z } from "zod";
import { strict } from "./common";

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected a bucket name (3–63 lower-case letters, digits, . or -)" });

export const BackendSchema = z
  .discriminatedUnion(
    "type",
    [
      strict({ type: z.literal("local") }),
      strict({
        type: z.literal("s3"),
        bucket: bucketName,
        region: z.string().min(1),
        keyPrefix: z.string().default("tierform"),
        kmsKeyId: z.string().optional(),
      }),
      strict({
        type: z.literal("gcs"),
        bucket: bucketName,
        prefix: z.string().default("tierform"),
      }),
      strict({
        type: z.literal("azurerm"),
        resourceGroupName: z.string().min(1),
        storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: "expected 3–24 lower-case letters or digits" }),
        containerName: z.string().min(3),
        keyPrefix: z.string().default("tierform"),
      }),
    ],
    { error: 'expected backend.type "local" | "s3" | "gcs" | "azurerm"' },
  )
  .default({ type: "local" })
  .meta({ description: "Where Terraform state lives. Local (relative path) by default; remote backends lock and encrypt." });
export type BackendProps = z.input<typeof BackendSchema>;
export type BackendSpec = z.output<typeof BackendSchema>;
