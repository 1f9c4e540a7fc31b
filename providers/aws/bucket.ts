import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { dataKey } from "./keys";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { BucketInput, BucketOutputs, RenderContext, Rendered } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { named, policy, type Statement } from "./common";

export interface PrivateBucket {
  readonly bucket: S3Bucket;
  readonly resources: Record<string, TerraformResource | TerraformResource[]>;
}

/**
 * A private bucket: no public access at any level, owner-enforced objects (no ACLs), encrypted,
 * versioned, TLS-only. `statements` grant extra access (e.g. a CDN's read) in the one bucket policy.
 * Names get a provider-generated suffix because bucket names are global across all AWS accounts.
 */
export function privateBucket(
  scope: Construct,
  id: string,
  opts: {
    ctx: RenderContext;
    suffix: string;
    versioning: boolean;
    expireNoncurrentDays?: number;
    statements?: (bucketArn: string) => Statement[];
    forceDestroy: boolean;
    /** Another region's provider (replica buckets). */
    provider?: AwsProvider;
    /** Customer-managed key for SSE-KMS; S3-managed keys (SSE-S3) without. */
    kmsKey?: KmsKey;
  },
): PrivateBucket {
  const name = physicalName(opts.ctx.prefix, opts.suffix, 37);
  const provider = opts.provider ? { provider: opts.provider } : {};
  const bucket = new S3Bucket(scope, id, { bucketPrefix: `${name}-`, forceDestroy: opts.forceDestroy, tags: named(name), ...provider });
  const publicBlock = new S3BucketPublicAccessBlock(scope, `${id}-public-access`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
    ...provider,
  });
  const ownership = new S3BucketOwnershipControls(scope, `${id}-ownership`, {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
    ...provider,
  });
  const encryption = new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: opts.kmsKey ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: opts.kmsKey.arn } : { sseAlgorithm: "AES256" },
        bucketKeyEnabled: true,
      },
    ],
    ...provider,
  });
  const versioning = new S3BucketVersioningA(scope, `${id}-versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: opts.versioning ? "Enabled" : "Suspended" },
    ...provider,
  });
  const tlsOnly: Statement = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: "s3:*",
    Resource: [bucket.arn, `${bucket.arn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
  const bucketPolicy = new S3BucketPolicy(scope, `${id}-policy`, {
    bucket: bucket.id,
    policy: policy(tlsOnly, ...(opts.statements?.(bucket.arn) ?? [])),
    dependsOn: [publicBlock],
    ...provider,
  });
  const resources: Record<string, TerraformResource | TerraformResource[]> = {
    bucket,
    publicAccessBlock: publicBlock,
    ownership,
    encryption,
    versioning,
    policy: bucketPolicy,
  };
  resources["lifecycle"] = new S3BucketLifecycleConfiguration(scope, `${id}-lifecycle`, {
    bucket: bucket.id,
    rule: [
      {
        id: "abort-incomplete-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        ...(opts.versioning && opts.expireNoncurrentDays
          ? { noncurrentVersionExpiration: [{ noncurrentDays: opts.expireNoncurrentDays }] }
          : {}),
      },
    ],
    dependsOn: [versioning],
    ...provider,
  });
  return { bucket, resources };
}

/** The app's files bucket. */
export function renderBucket(scope: Construct, { ctx, spec, suffix }: BucketInput): Rendered<BucketOutputs> {
  const key = dataKey(scope, ctx);
  const { bucket, resources } = privateBucket(scope, suffix, {
    ...(key ? { kmsKey: key } : {}),
    ctx,
    suffix,
    versioning: spec.versioning,
    expireNoncurrentDays: spec.expireNoncurrentDays,
    forceDestroy: !ctx.production,
  });
  return { outputs: { bucketName: bucket.bucket, id: bucket.arn, ...(key ? { keyId: key.arn } : {}) }, raw: resources };
}
