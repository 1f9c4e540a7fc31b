import type { Construct } from "constructs";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerCertificate } from "@cdktf/provider-aws/lib/lb-listener-certificate";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { GlobalIngress, LoadBalancerOutputs, NetworkRef, RenderContext, TlsInput } from "../../src/core/contracts";
import type { AppSpec } from "../../src/model/app";
import type { LoadBalancerSpec } from "../../src/model/compute";
import { physicalName } from "../../src/plan/naming";
import type { TerraformResource } from "../../src/core/tf";
import { dnsValidatedCertificate } from "./certificate";
import { allowAllEgress, allowFromCidr, named, securityGroup } from "./common";

/** TLS 1.2 minimum with TLS 1.3 preferred: AWS's recommended ALB policy. */
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface AppLoadBalancer {
  readonly securityGroup: SecurityGroup;
  readonly targetGroup: LbTargetGroup;
  readonly outputs: LoadBalancerOutputs;
  readonly resources: Record<string, TerraformResource | TerraformResource[]>;
}

/**
 * Internet-facing ALB in the public subnets: HTTPS with an ACM certificate for `tls.host`,
 * HTTP redirected to HTTPS, one target group on the app port.
 */
export function appLoadBalancer(
  scope: Construct,
  opts: {
    ctx: RenderContext;
    network: NetworkRef;
    app: AppSpec;
    lb: LoadBalancerSpec;
    tls: TlsInput & { host: string };
    targetType: "instance" | "ip";
    /** Port the targets listen on. @default - the app's port */
    targetPort?: number;
    /** One region of several: latency-routed `tls.host` with a health check on the regional hostname. */
    globalIngress?: GlobalIngress;
  },
): AppLoadBalancer {
  const { ctx, network, app, lb: spec, tls } = opts;
  const name = physicalName(ctx.prefix, "alb", 32);
  const sg = securityGroup(scope, "alb-sg", network.id, physicalName(ctx.prefix, "alb"), "Internet-facing load balancer: HTTPS and HTTP redirect");
  const https = allowFromCidr(scope, "alb-https", sg.id, 443, "0.0.0.0/0", "HTTPS from the internet");
  const http = allowFromCidr(scope, "alb-http", sg.id, 80, "0.0.0.0/0", "HTTP from the internet (redirected to HTTPS)");
  const egress = allowAllEgress(scope, "alb-egress", sg.id, "To targets and health checks");

  const lb = new Lb(scope, "alb", {
    name,
    internal: false,
    loadBalancerType: "application",
    securityGroups: [sg.id],
    subnets: [...network.publicSubnetIds],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: ctx.production,
    idleTimeout: spec.idleTimeoutSeconds,
    tags: named(name),
  });
  const tg = new LbTargetGroup(scope, "app-tg", {
    name: physicalName(ctx.prefix, "app", 32),
    port: opts.targetPort ?? app.port,
    protocol: "HTTP",
    targetType: opts.targetType,
    vpcId: network.id,
    deregistrationDelay: String(spec.drainSeconds),
    healthCheck: {
      enabled: true,
      path: app.healthCheckPath,
      matcher: "200-399",
      interval: spec.healthCheckIntervalSeconds,
      healthyThreshold: spec.healthyThreshold,
      unhealthyThreshold: spec.unhealthyThreshold,
    },
    tags: named(physicalName(ctx.prefix, "app")),
  });
  const cert = dnsValidatedCertificate(scope, "alb-cert", {
    domains: [tls.host],
    name: physicalName(ctx.prefix, "alb"),
    ...(tls.dnsZoneId ? { dnsZoneId: tls.dnsZoneId } : {}),
  });
  const httpsListener = new LbListener(scope, "https", {
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: TLS_POLICY,
    certificateArn: cert.arn,
    defaultAction: [{ type: "forward", targetGroupArn: tg.arn }],
  });
  const redirect = new LbListener(scope, "http-redirect", {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
  });
  const resources: Record<string, TerraformResource | TerraformResource[]> = {
    loadBalancer: lb,
    securityGroup: sg,
    securityGroupRules: [https, http, egress],
    targetGroup: tg,
    httpsListener,
    redirectListener: redirect,
    certificate: cert.resources,
  };
  if (opts.globalIngress) {
    // A certificate of its own (served by SNI): one domain per certificate keeps the validation records'
    // for_each keyed on values Terraform knows at plan time.
    const regional = dnsValidatedCertificate(scope, "alb-regional-cert", {
      domains: [opts.globalIngress.regionalHost],
      name: physicalName(ctx.prefix, "alb-regional"),
      ...(tls.dnsZoneId ? { dnsZoneId: tls.dnsZoneId } : {}),
    });
    resources["regionalCertificate"] = regional.resources;
    resources["regionalListenerCertificate"] = new LbListenerCertificate(scope, "https-regional", { listenerArn: httpsListener.arn, certificateArn: regional.arn });
  }
  if (tls.dnsZoneId && opts.globalIngress) {
    Object.assign(resources, latencyRecords(scope, { ctx, app, spec, zoneId: tls.dnsZoneId, host: tls.host, regionalHost: opts.globalIngress.regionalHost, lb }));
  } else if (tls.dnsZoneId) {
    resources["dnsRecord"] = new Route53Record(scope, "alb-dns", {
      zoneId: tls.dnsZoneId,
      name: tls.host,
      type: "A",
      alias: { name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true },
    });
  }
  return {
    securityGroup: sg,
    targetGroup: tg,
    outputs: { dnsName: lb.dnsName, host: tls.host, target: tg.arn, certificateValidation: cert.validationRecords },
    resources,
  };
}

/** Route 53 checks every 10 or 30 seconds: the load balancer's interval, rounded to the nearer of the two. */
function route53Interval(seconds: number): 10 | 30 {
  return seconds <= 20 ? 10 : 30;
}

/**
 * This region's share of the global origin hostname: a latency record (one per region, same name) that
 * Route 53 answers only while the region's health check passes, plus a plain record for the regional
 * hostname the health check probes over HTTPS.
 */
function latencyRecords(
  scope: Construct,
  o: { ctx: RenderContext; app: AppSpec; spec: LoadBalancerSpec; zoneId: string; host: string; regionalHost: string; lb: Lb },
): Record<string, TerraformResource> {
  const alias = { name: o.lb.dnsName, zoneId: o.lb.zoneId, evaluateTargetHealth: true };
  const regional = new Route53Record(scope, "alb-dns-regional", { zoneId: o.zoneId, name: o.regionalHost, type: "A", alias });
  const health = new Route53HealthCheck(scope, "alb-health", {
    type: "HTTPS",
    fqdn: o.regionalHost,
    port: 443,
    resourcePath: o.app.healthCheckPath,
    requestInterval: route53Interval(o.spec.healthCheckIntervalSeconds),
    failureThreshold: o.spec.unhealthyThreshold,
    measureLatency: true,
    tags: named(physicalName(o.ctx.prefix, "origin-health")),
  });
  const latency = new Route53Record(scope, "alb-dns-latency", {
    zoneId: o.zoneId,
    name: o.host,
    type: "A",
    setIdentifier: o.ctx.region,
    latencyRoutingPolicy: { region: o.ctx.region },
    healthCheckId: health.id,
    alias,
  });
  return { dnsRecordRegional: regional, healthCheck: health, dnsRecordLatency: latency };
}
