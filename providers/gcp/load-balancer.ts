import type { Construct } from "constructs";
import { ComputeBackendService, type ComputeBackendServiceBackend } from "@cdktf/provider-google/lib/compute-backend-service";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeSecurityPolicy } from "@cdktf/provider-google/lib/compute-security-policy";
import { ComputeGlobalForwardingRule } from "@cdktf/provider-google/lib/compute-global-forwarding-rule";
import { ComputeHealthCheck } from "@cdktf/provider-google/lib/compute-health-check";
import { ComputeManagedSslCertificate } from "@cdktf/provider-google/lib/compute-managed-ssl-certificate";
import { ComputeSslPolicy } from "@cdktf/provider-google/lib/compute-ssl-policy";
import { ComputeTargetHttpProxy } from "@cdktf/provider-google/lib/compute-target-http-proxy";
import { ComputeTargetHttpsProxy } from "@cdktf/provider-google/lib/compute-target-https-proxy";
import { ComputeUrlMap, type ComputeUrlMapPathMatcher } from "@cdktf/provider-google/lib/compute-url-map";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import type { IResolvable } from "cdktf";
import type { AppOrigin, GlobalOriginsInput, RenderContext, Rendered } from "../../src/core/contracts";
import type { AppSpec } from "../../src/model/app";
import type { LoadBalancerSpec } from "../../src/model/compute";
import { Fn, TerraformIterator } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { gcpName } from "./common";

/** The named port the app's instance groups expose to the load balancer. */
export const INGRESS_PORT_NAME = "http";

/**
 * The HTTPS front of a global external Application Load Balancer (EXTERNAL_MANAGED): static IP,
 * Google-managed certificate, TLS 1.2+ policy, HTTPS proxy and forwarding rule, and a second URL map that
 * redirects HTTP to HTTPS. `defaultService` and `pathMatcher` decide where requests go.
 */
export function httpsFrontEnd(
  scope: Construct,
  id: string,
  opts: { ctx: RenderContext; host: string; dnsZoneId?: string; defaultService: string; pathMatcher?: ComputeUrlMapPathMatcher[] },
): { address: ComputeGlobalAddress; resources: Record<string, TerraformResource> } {
  const { ctx } = opts;
  const address = new ComputeGlobalAddress(scope, `${id}-ip`, { name: gcpName(ctx, `${id}-ip`) });
  const cert = new ComputeManagedSslCertificate(scope, `${id}-cert`, {
    name: gcpName(ctx, `${id}-cert`),
    managed: { domains: [opts.host] },
    lifecycle: { createBeforeDestroy: true },
  });
  const tls = new ComputeSslPolicy(scope, `${id}-tls`, { name: gcpName(ctx, `${id}-tls`), profile: "MODERN", minTlsVersion: "TLS_1_2" });
  const urlMap = new ComputeUrlMap(scope, `${id}-urls`, {
    name: gcpName(ctx, `${id}-urls`),
    defaultService: opts.defaultService,
    ...(opts.pathMatcher ? { hostRule: [{ hosts: ["*"], pathMatcher: "paths" }], pathMatcher: opts.pathMatcher } : {}),
  });
  const httpsProxy = new ComputeTargetHttpsProxy(scope, `${id}-https`, {
    name: gcpName(ctx, `${id}-https`),
    urlMap: urlMap.id,
    sslCertificates: [cert.id],
    sslPolicy: tls.id,
  });
  const httpsRule = new ComputeGlobalForwardingRule(scope, `${id}-443`, {
    name: gcpName(ctx, `${id}-443`),
    target: httpsProxy.id,
    ipAddress: address.address,
    portRange: "443",
    loadBalancingScheme: "EXTERNAL_MANAGED",
  });
  const redirectMap = new ComputeUrlMap(scope, `${id}-redirect`, {
    name: gcpName(ctx, `${id}-redirect`),
    defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false },
  });
  const httpProxy = new ComputeTargetHttpProxy(scope, `${id}-http`, { name: gcpName(ctx, `${id}-http`), urlMap: redirectMap.id });
  const httpRule = new ComputeGlobalForwardingRule(scope, `${id}-80`, {
    name: gcpName(ctx, `${id}-80`),
    target: httpProxy.id,
    ipAddress: address.address,
    portRange: "80",
    loadBalancingScheme: "EXTERNAL_MANAGED",
  });
  const resources: Record<string, TerraformResource> = { address, cert, tls, urlMap, httpsProxy, httpsRule, redirectMap, httpProxy, httpRule };
  if (opts.dnsZoneId) {
    resources["dns"] = new DnsRecordSet(scope, `${id}-dns`, { managedZone: opts.dnsZoneId, name: `${opts.host}.`, type: "A", ttl: 300, rrdatas: [address.address] });
  }
  return { address, resources };
}

/** Google-managed certificates validate once the host resolves to the load balancer: the record to create. */
export function aRecord(host: string, ip: string): string {
  return Fn.jsonencode([{ name: host, type: "A", value: ip }]);
}

/** An EXTERNAL_MANAGED backend service for the app, with its HTTP health check and request logging. */
export function appBackendService(
  scope: Construct,
  opts: { ctx: RenderContext; app: AppSpec; lb: LoadBalancerSpec; port: number; portName: string; backends: ComputeBackendServiceBackend[] | IResolvable },
): { service: ComputeBackendService; healthCheck: ComputeHealthCheck; resources: Record<string, TerraformResource> } {
  const { ctx, app, lb } = opts;
  const armor = ctx.compliance?.waf ? cloudArmorPolicy(scope, ctx) : undefined;
  const healthCheck = new ComputeHealthCheck(scope, "app-health", {
    name: gcpName(ctx, "app-health"),
    checkIntervalSec: lb.healthCheckIntervalSeconds,
    healthyThreshold: lb.healthyThreshold,
    unhealthyThreshold: lb.unhealthyThreshold,
    httpHealthCheck: { port: opts.port, requestPath: app.healthCheckPath },
    logConfig: { enable: true },
  });
  const service = new ComputeBackendService(scope, "app-backend", {
    name: gcpName(ctx, "app-backend"),
    loadBalancingScheme: "EXTERNAL_MANAGED",
    protocol: "HTTP",
    portName: opts.portName,
    timeoutSec: lb.idleTimeoutSeconds,
    connectionDrainingTimeoutSec: lb.drainSeconds,
    healthChecks: [healthCheck.id],
    backend: opts.backends,
    logConfig: { enable: true, sampleRate: 1 },
    ...(armor ? { securityPolicy: armor.id } : {}),
    outlierDetection: OUTLIER_DETECTION,
  });
  return { service, healthCheck, resources: armor ? { securityPolicy: armor } : {} };
}

/**
 * An EXTERNAL_MANAGED backend service for a serverless backend (Cloud Run through a serverless NEG, added with
 * `putBackend` once the service exists), with request logging and Cloud Armor when the topology asks for a WAF.
 * No health check, port name, timeout, draining or outlier detection: GCP rejects or ignores them for serverless
 * NEGs (the platform routes around failed instances itself; the Cloud Run service's request timeout applies).
 */
export function serverlessBackendService(scope: Construct, ctx: RenderContext): { service: ComputeBackendService; resources: Record<string, TerraformResource> } {
  const armor = ctx.compliance?.waf ? cloudArmorPolicy(scope, ctx) : undefined;
  const service = new ComputeBackendService(scope, "app-backend", {
    name: gcpName(ctx, "app-backend"),
    loadBalancingScheme: "EXTERNAL_MANAGED",
    // The load balancer reaches Cloud Run over HTTPS on Google's network.
    protocol: "HTTPS",
    logConfig: { enable: true, sampleRate: 1 },
    ...(armor ? { securityPolicy: armor.id } : {}),
  });
  return { service, resources: armor ? { securityPolicy: armor } : {} };
}

/**
 * Stop sending to a backend (a zone's or region's nodes) after 5 consecutive errors, before its health check
 * fails; never eject more than half, so a bad deploy cannot empty the service.
 */
const OUTLIER_DETECTION = { consecutiveErrors: 5, interval: { seconds: 10 }, baseEjectionTime: { seconds: 30 }, maxEjectionPercent: 50 };

/** Preconfigured WAF rules (ModSecurity CRS 3.3, sensitivity 1) and the Log4Shell rule, in priority order. */
export const CLOUD_ARMOR_RULES = ["sqli-v33-stable", "xss-v33-stable", "lfi-v33-stable", "rfi-v33-stable", "rce-v33-stable", "scannerdetection-v33-stable", "protocolattack-v33-stable", "sessionfixation-v33-stable", "cve-canary"] as const;

/**
 * A Cloud Armor backend security policy for the app: OWASP preconfigured rules (deny 403), a per-IP
 * rate limit, adaptive protection against L7 DDoS, every verdict logged verbosely.
 */
export function cloudArmorPolicy(scope: Construct, ctx: RenderContext): ComputeSecurityPolicy {
  const waf = CLOUD_ARMOR_RULES.map((rule, i) => ({
    priority: 1000 + i,
    action: "deny(403)",
    description: `Preconfigured WAF rule ${rule}`,
    match: { expr: { expression: `evaluatePreconfiguredWaf('${rule}', {'sensitivity': 1})` } },
  }));
  const perMinute = ctx.compliance?.rateLimitPerMinute ?? 0;
  const rate = {
    priority: 2000,
    action: "throttle",
    description: `At most ${perMinute} requests per minute per client IP`,
    match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
    rateLimitOptions: { conformAction: "allow", exceedAction: "deny(429)", enforceOnKey: "IP", rateLimitThreshold: { count: perMinute, intervalSec: 60 } },
  };
  const allow = { priority: 2147483647, action: "allow", description: "Default: allow", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } };
  return new ComputeSecurityPolicy(scope, "app-armor", {
    name: gcpName(ctx, "app-armor"),
    description: `${ctx.prefix}: WAF and rate limit in front of the app`,
    type: "CLOUD_ARMOR",
    rule: [...waf, rate, allow],
    advancedOptionsConfig: { logLevel: "VERBOSE", jsonParsing: "STANDARD" },
    adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true } },
  });
}

/**
 * Global stack: one backend service over the ingress instance groups of every region, so the global
 * external Application Load Balancer sends each request to the closest region with healthy capacity and
 * spills over to the next when a region fails.
 */
export function globalOrigins(scope: Construct, input: GlobalOriginsInput): Rendered<readonly AppOrigin[]> {
  const groups = TerraformIterator.fromList(Fn.flatten(input.regions.map((r) => Fn.split(",", r.cluster.loadBalancer.target!))));
  const { service, healthCheck, resources } = appBackendService(scope, {
    ctx: input.ctx,
    app: input.app,
    lb: input.loadBalancer,
    port: input.loadBalancer.nodePort,
    portName: INGRESS_PORT_NAME,
    backends: groups.dynamic({ group: groups.value, balancing_mode: "UTILIZATION", capacity_scaler: 1 }),
  });
  return { outputs: [{ host: input.host, target: service.id, healthCheckPath: input.app.healthCheckPath }], raw: { backendService: service, healthCheck, ...resources } };
}

