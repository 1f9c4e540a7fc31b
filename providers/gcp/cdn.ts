import type { Construct } from "constructs";
import { ComputeBackendBucket } from "@cdktf/provider-google/lib/compute-backend-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { CdnInput, CdnOutputs, CertificateValidation, Rendered } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { gcpName } from "./common";
import { gcsBucket } from "./bucket";
import { aRecord, httpsFrontEnd } from "./load-balancer";

const SECURITY_HEADERS = ["Strict-Transport-Security: max-age=31536000; includeSubDomains", "X-Content-Type-Options: nosniff"];

/**
 * Cloud CDN on a global external Application Load Balancer: the static-asset bucket behind a backend
 * bucket with CDN on (static content cached), the app's backend service — without CDN — for
 * `noCachePaths`, a managed certificate, TLS 1.2+, HTTP redirected to HTTPS.
 *
 * Cloud CDN fills unsigned requests from a backend bucket only when objects are publicly readable, so the
 * static-asset bucket grants `allUsers` read (and public access prevention is "inherited"). Keep private
 * files in the files bucket, which enforces prevention.
 */
export function renderCdn(scope: Construct, { ctx, spec, tls, appOrigins }: CdnInput): Rendered<CdnOutputs> & { certificate: CertificateValidation } {
  // One backend service serves every region (see globalOrigins): a single origin either way.
  const appOrigin = appOrigins[0];
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  let defaultService = appOrigin?.target;
  let bucketName: string | undefined;
  if (spec.staticAssets) {
    const bucket = gcsBucket(scope, "static", { ctx, suffix: "static", versioning: true, publicRead: true });
    raw["bucket"] = bucket;
    raw["publicRead"] = new StorageBucketIamMember(scope, "static-public-read", { bucket: bucket.name, role: "roles/storage.objectViewer", member: "allUsers" });
    const backendBucket = new ComputeBackendBucket(scope, "static-backend", {
      name: gcpName(ctx, "static"),
      bucketName: bucket.name,
      enableCdn: true,
      compressionMode: "AUTOMATIC",
      customResponseHeaders: SECURITY_HEADERS,
      cdnPolicy: { cacheMode: "CACHE_ALL_STATIC", clientTtl: 3600, defaultTtl: 3600, maxTtl: 86400, negativeCaching: true, serveWhileStale: 86400, requestCoalescing: true },
    });
    raw["backendBucket"] = backendBucket;
    defaultService = backendBucket.id;
    bucketName = bucket.name;
  }
  if (!defaultService) throw new Error("tierform: a CDN with neither static assets nor an app origin (a bug: the model prevents it)");
  const routeApp = spec.appOrigin && spec.staticAssets && appOrigin?.target;
  const front = httpsFrontEnd(scope, "cdn", {
    ctx,
    host: tls.domain,
    defaultService,
    ...(tls.dnsZoneId ? { dnsZoneId: tls.dnsZoneId } : {}),
    ...(routeApp ? { pathMatcher: [{ name: "paths", defaultService, pathRule: [{ paths: [...spec.noCachePaths], service: appOrigin!.target! }] }] } : {}),
  });
  Object.assign(raw, front.resources);
  return {
    outputs: { domainName: front.address.address, distributionId: (front.resources["urlMap"] as TerraformResource & { id: string }).id, ...(bucketName ? { bucketName } : {}) },
    raw,
    // Google-managed certificates validate once the domain resolves to the load balancer.
    certificate: { records: aRecord(tls.domain, front.address.address) },
  };
}
