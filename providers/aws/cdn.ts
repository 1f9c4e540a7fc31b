import type { Construct } from "constructs";
import { CloudfrontDistribution, type CloudfrontDistributionOriginGroup } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { CdnInput, CdnOutputs, CertificateValidation, RenderContext, Rendered } from "../../src/core/contracts";
import { onFirstCall } from "../../src/core/lazy";
import { Lazy } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { privateBucket, type PrivateBucket } from "./bucket";
import { dnsValidatedCertificate } from "./certificate";
import { named, policy, serviceRole, type Statement } from "./common";
import { edgeProvider, regionProvider } from "./stack";

// The WAF (its bindings are large) loads only where compliance asks for it (src/core/lazy.ts).
const cloudFrontWebAcl = onFirstCall(() => require("./waf") as typeof import("./waf"), "cloudFrontWebAcl");

// AWS-managed CloudFront policies, by id (looking them up by name would need an API call at plan time).
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
const SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"; // HSTS, nosniff, frame options, XSS, referrer policy
const PRICE_CLASS = { all: "PriceClass_All", "200": "PriceClass_200", "100": "PriceClass_100" } as const;
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
/** Origin group of the static bucket and its replica: CloudFront retries the replica on these. */
const STATIC_GROUP = "static-failover";
const FAILOVER_STATUS_CODES = [500, 502, 503, 504];

function prefixed(prefix: string, resources: Record<string, TerraformResource | TerraformResource[]>): Record<string, TerraformResource | TerraformResource[]> {
  return Object.fromEntries(Object.entries(resources).map(([k, v]) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, v]));
}

/**
 * A replica of the static-assets bucket in the failover region, kept in sync by S3 replication (new
 * objects and deletes), for CloudFront's origin-group failover. The replica is served, never written.
 */
function replicatedBucket(
  scope: Construct,
  ctx: RenderContext,
  source: PrivateBucket,
  region: string,
  statements: (bucketArn: string) => Statement[],
): { bucket: S3Bucket; resources: Record<string, TerraformResource | TerraformResource[]> } {
  const replica = privateBucket(scope, "static-dr", { ctx, suffix: "static-dr", versioning: true, forceDestroy: !ctx.production, statements, provider: regionProvider(scope, ctx, region) });
  const role = serviceRole(scope, "static-replication-role", physicalName(ctx.prefix, "static-replication"), "s3.amazonaws.com", []);
  const permissions = new IamRolePolicy(scope, "static-replication-policy", {
    role: role.id,
    policy: policy(
      { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source.bucket.arn },
      { Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: `${source.bucket.arn}/*` },
      { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${replica.bucket.arn}/*` },
    ),
  });
  const replication = new S3BucketReplicationConfigurationA(scope, "static-replication", {
    bucket: source.bucket.id,
    role: role.arn,
    rule: [{ id: "everything", status: "Enabled", filter: { prefix: "" }, deleteMarkerReplication: { status: "Enabled" }, destination: { bucket: replica.bucket.arn, storageClass: "STANDARD" } }],
    // Replication needs versioning on both sides first.
    dependsOn: [source.resources["versioning"] as TerraformResource, replica.resources["versioning"] as TerraformResource],
  });
  return { bucket: replica.bucket, resources: { ...prefixed("staticDr", replica.resources), staticReplicationRole: role, staticReplicationPolicy: permissions, staticReplication: replication } };
}

/**
 * CloudFront in front of a private S3 bucket (Origin Access Control + a bucket policy scoped to this
 * distribution) and the app's load balancer (HTTPS only, TLS 1.2, `noCachePaths` uncached).
 * Viewers: HTTPS only (HTTP redirected), TLS 1.2+ via an ACM certificate for `domain` in us-east-1.
 */
export function renderCdn(scope: Construct, { ctx, spec, tls, appOrigins, failoverRegion }: CdnInput): Rendered<CdnOutputs> & { certificate: CertificateValidation } {
  // With several regions every origin is the same latency-routed hostname (see globalOrigins).
  const appOrigin = appOrigins[0];
  const name = physicalName(ctx.prefix, "cdn");
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  const cert = dnsValidatedCertificate(scope, "cdn-cert", {
    domains: [tls.domain],
    provider: edgeProvider(scope, ctx),
    name,
    ...(tls.dnsZoneId ? { dnsZoneId: tls.dnsZoneId } : {}),
  });
  raw["certificate"] = cert.resources;

  const origins: NonNullable<ConstructorParameters<typeof CloudfrontDistribution>[2]["origin"]> = [];
  let distributionArn = "";
  let bucketName: string | undefined;
  const originGroups: CloudfrontDistributionOriginGroup[] = [];
  if (spec.staticAssets) {
    const oac = new CloudfrontOriginAccessControl(scope, "cdn-oac", {
      name,
      description: `${name}: signed requests to the static-assets bucket`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    raw["originAccessControl"] = oac;
    // Read access for this distribution only (the ARN is resolved lazily at synth).
    const cloudFrontRead = (bucketArn: string): Statement[] => [
      {
        Sid: "CloudFrontRead",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${bucketArn}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": Lazy.stringValue({ produce: () => distributionArn }) } },
      },
    ];
    const assets = privateBucket(scope, "static", { ctx, suffix: "static", versioning: true, forceDestroy: !ctx.production, statements: cloudFrontRead });
    Object.assign(raw, prefixed("static", assets.resources));
    bucketName = assets.bucket.bucket;
    origins.push({ originId: "static", domainName: assets.bucket.bucketRegionalDomainName, originAccessControlId: oac.id });
    if (failoverRegion) {
      const replica = replicatedBucket(scope, ctx, assets, failoverRegion, cloudFrontRead);
      Object.assign(raw, replica.resources);
      origins.push({ originId: "static-dr", domainName: replica.bucket.bucketRegionalDomainName, originAccessControlId: oac.id });
      originGroups.push({ originId: STATIC_GROUP, failoverCriteria: { statusCodes: FAILOVER_STATUS_CODES }, member: [{ originId: "static" }, { originId: "static-dr" }] });
    }
  }
  if (spec.appOrigin && appOrigin) {
    origins.push({
      originId: "app",
      domainName: appOrigin.host,
      customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
    });
  }
  const hasStatic = spec.staticAssets;
  const waf = ctx.compliance?.waf ? cloudFrontWebAcl(scope, ctx, edgeProvider(scope, ctx)) : undefined;
  if (waf) Object.assign(raw, waf.resources);
  const hasApp = spec.appOrigin && appOrigin !== undefined;
  const appBehavior = {
    targetOriginId: "app",
    viewerProtocolPolicy: "redirect-to-https",
    allowedMethods: ALL_METHODS,
    cachedMethods: ["GET", "HEAD"],
    cachePolicyId: CACHING_DISABLED,
    originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicyId: SECURITY_HEADERS,
    compress: true,
  };
  const staticBehavior = {
    targetOriginId: originGroups.length > 0 ? STATIC_GROUP : "static",
    viewerProtocolPolicy: "redirect-to-https",
    allowedMethods: ["GET", "HEAD", "OPTIONS"],
    cachedMethods: ["GET", "HEAD"],
    cachePolicyId: CACHING_OPTIMIZED,
    responseHeadersPolicyId: SECURITY_HEADERS,
    compress: true,
  };
  const distribution = new CloudfrontDistribution(scope, "cdn", {
    enabled: true,
    comment: name,
    aliases: [tls.domain],
    defaultRootObject: hasStatic ? "index.html" : "",
    httpVersion: "http2and3",
    isIpv6Enabled: true,
    priceClass: PRICE_CLASS[spec.priceClass],
    origin: origins,
    ...(originGroups.length > 0 ? { originGroup: originGroups } : {}),
    ...(waf ? { webAclId: waf.acl.arn } : {}),
    // Static assets are the default; the app's dynamic paths go to the load balancer uncached.
    defaultCacheBehavior: hasStatic ? staticBehavior : appBehavior,
    orderedCacheBehavior: hasApp && hasStatic ? spec.noCachePaths.map((pathPattern) => ({ ...appBehavior, pathPattern })) : [],
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: cert.arn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    tags: named(name),
  });
  distributionArn = distribution.arn;
  raw["distribution"] = distribution;

  if (tls.dnsZoneId) {
    raw["dnsRecords"] = ["A", "AAAA"].map(
      (type) =>
        new Route53Record(scope, `cdn-dns-${type.toLowerCase()}`, {
          zoneId: tls.dnsZoneId!,
          name: tls.domain,
          type,
          alias: { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
        }),
    );
  }
  return {
    outputs: { domainName: distribution.domainName, distributionId: distribution.id, ...(bucketName ? { bucketName } : {}) },
    raw,
    certificate: { records: cert.validationRecords },
  };
}
