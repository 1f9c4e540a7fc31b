import { dependable } from "../../src/core/tf";
import type { Construct } from "constructs";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import type { BucketInput, BucketOutputs, RenderContext, Rendered } from "../../src/core/contracts";
import { dataKey } from "./keys";
import { labels, projectOf } from "./common";

/** Bucket names are global: the project id makes them unique and predictable. */
export function bucketName(ctx: RenderContext, suffix: string): string {
  const name = `${projectOf(ctx)}-${ctx.prefix}-${suffix}`;
  if (name.length > 63) throw new Error(`tierform: bucket name "${name}" is longer than 63 characters`);
  return name;
}

/**
 * A regional bucket with uniform (IAM-only) access, versioning, old versions expired, incomplete uploads
 * aborted. `publicRead` leaves public access prevention to the bucket's IAM (for a CDN origin);
 * otherwise it is enforced.
 */
export function gcsBucket(scope: Construct, id: string, opts: { ctx: RenderContext; suffix: string; versioning: boolean; expireNoncurrentDays?: number; publicRead: boolean }): StorageBucket {
  const { ctx } = opts;
  return new StorageBucket(scope, id, {
    name: bucketName(ctx, opts.suffix),
    location: ctx.region.toUpperCase(),
    storageClass: "STANDARD",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: opts.publicRead ? "inherited" : "enforced",
    versioning: { enabled: opts.versioning },
    forceDestroy: !ctx.production,
    labels: labels(ctx),
    lifecycleRule: [
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
      ...(opts.versioning && opts.expireNoncurrentDays
        ? [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: opts.expireNoncurrentDays, withState: "ARCHIVED" } }]
        : []),
    ],
  });
}

export function renderBucket(scope: Construct, { ctx, spec, suffix }: BucketInput): Rendered<BucketOutputs> {
  const bucket = gcsBucket(scope, suffix, { ctx, suffix, versioning: spec.versioning, expireNoncurrentDays: spec.expireNoncurrentDays, publicRead: false });
  const cmek = dataKey(scope, ctx);
  if (cmek) {
    // Cloud Storage's service agent encrypts objects with the key; the grant must exist first.
    const grant = cmek.grant("storage");
    bucket.putEncryption({ defaultKmsKeyName: cmek.key.id });
    bucket.dependsOn = [dependable(grant)];
    return { outputs: { bucketName: bucket.name, id: bucket.id }, raw: { bucket, keyGrant: grant } };
  }
  return { outputs: { bucketName: bucket.name, id: bucket.id }, raw: { bucket } };
}
