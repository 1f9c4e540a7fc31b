import type { Construct } from "constructs";
import { ComputeBackendService, type ComputeBackendServiceBackend } from "@cdktf/provider-google/lib/compute-backend-service";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeGlobalForwardingRule } from "@cdktf/provider-google/lib/compute-global-forwarding-rule";
import { ComputeHealthCheck } from "@cdktf/provider-google/lib/compute-health-check";
import { ComputeManagedSslCertificate } from "@cdktf/provider-google/lib/compute-managed-ssl-certificate";
import { ComputeSslPolicy } from "@cdktf/provider-google/lib/compute-ssl-policy";
import { ComputeTargetHttpProxy } from "@cdktf/provider-google/lib/compute-target-http-proxy";
import { ComputeTargetHttpsProxy } from "@cdktf/provider-google/lib/compute-target-https-proxy";
import { ComputeUrlMap, type ComputeUrlMapPathMatcher } from "@cdktf/provider-google/lib/compute-url-map";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import type { IResolvable } from "cdktf";
import type { RenderContext } from "../../src/core/contracts";
import type { AppSpec } from "../../src/model/app";
import type { LoadBalancerSpec } from "../../src/model/compute";
import { Fn } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { gcpName } from "./common";

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
): { service: ComputeBackendService; healthCheck: ComputeHealthCheck } {
  const { ctx, app, lb } = opts;
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
  });
  return { service, healthCheck };
}
