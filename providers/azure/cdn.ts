import type { Construct } from "constructs";
import { CdnFrontdoorFirewallPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy";
import { CdnFrontdoorSecurityPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-security-policy";
import { CdnFrontdoorCustomDomain } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain";
import { CdnFrontdoorCustomDomainAssociation } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain-association";
import { CdnFrontdoorEndpoint } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-endpoint";
import { CdnFrontdoorOrigin } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin";
import { CdnFrontdoorOriginGroup } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin-group";
import { CdnFrontdoorProfile } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-profile";
import { CdnFrontdoorRoute } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-route";
import { DnsCnameRecord } from "@cdktf/provider-azurerm/lib/dns-cname-record";
import { DnsTxtRecord } from "@cdktf/provider-azurerm/lib/dns-txt-record";
import type { CdnInput, CdnOutputs, CertificateValidation, Rendered } from "../../src/core/contracts";
import { Fn } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { azName, compactName, resourceGroupOf } from "./common";
import { storage } from "./bucket";
import { containerAppOrigin, frontDoorSku } from "./origins";

const COMPRESSIBLE = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml"];
/** How often and how Front Door probes origins; a failing origin leaves rotation after 3 of 4 samples fail. */
const PROBE = { intervalInSeconds: 30, requestType: "HEAD" };
const LOAD_BALANCING = { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 };

/**
 * Azure Front Door Standard: one endpoint, a static-asset origin (a storage container; Standard origins
 * are reached publicly, so that container alone allows anonymous blob reads) and the app origin (its load
 * balancer, reachable only from Front Door), `noCachePaths` routed to the app uncached, everything else
 * cached from storage, HTTP redirected to HTTPS, a managed certificate for `domain` with TLS 1.2 minimum.
 */
export function renderCdn(scope: Construct, { ctx, spec, tls, appOrigins }: CdnInput): Rendered<CdnOutputs> & { certificate: CertificateValidation } {
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  const waf = ctx.compliance?.waf ?? false;
  // Managed WAF rule sets need Premium.
  const sku = frontDoorSku(ctx);
  const profile = new CdnFrontdoorProfile(scope, "cdn", { name: azName(ctx, "cdn"), resourceGroupName: resourceGroupOf(ctx), skuName: sku, responseTimeoutSeconds: 60, tags: { ...ctx.tags } });
  const endpoint = new CdnFrontdoorEndpoint(scope, "cdn-endpoint", { name: azName(ctx, "cdn"), cdnFrontdoorProfileId: profile.id, tags: { ...ctx.tags } });
  const domain = new CdnFrontdoorCustomDomain(scope, "cdn-domain", {
    name: azName(ctx, "domain"),
    cdnFrontdoorProfileId: profile.id,
    hostName: tls.domain,
    ...(tls.dnsZoneId ? { dnsZoneId: tls.dnsZoneId } : {}),
    tls: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
  });
  Object.assign(raw, { profile, endpoint, customDomain: domain });

  const routes: CdnFrontdoorRoute[] = [];
  let bucketName: string | undefined;
  if (spec.staticAssets) {
    const { account, container } = storage(scope, "static", { ctx, suffix: "static", versioning: true, publicRead: true });
    bucketName = `${account.name}/${container.name}`;
    const group = new CdnFrontdoorOriginGroup(scope, "cdn-static-group", { name: "static", cdnFrontdoorProfileId: profile.id, loadBalancing: LOAD_BALANCING });
    const origin = new CdnFrontdoorOrigin(scope, "cdn-static-origin", {
      name: "static",
      cdnFrontdoorOriginGroupId: group.id,
      hostName: account.primaryBlobHost,
      originHostHeader: account.primaryBlobHost,
      certificateNameCheckEnabled: true,
      enabled: true,
    });
    routes.push(
      new CdnFrontdoorRoute(scope, "cdn-static-route", {
        name: "static",
        cdnFrontdoorEndpointId: endpoint.id,
        cdnFrontdoorOriginGroupId: group.id,
        cdnFrontdoorOriginIds: [origin.id],
        cdnFrontdoorOriginPath: `/${container.name}`,
        cdnFrontdoorCustomDomainIds: [domain.id],
        patternsToMatch: ["/*"],
        supportedProtocols: ["Http", "Https"],
        httpsRedirectEnabled: true,
        forwardingProtocol: "HttpsOnly",
        linkToDefaultDomain: true,
        cache: { queryStringCachingBehavior: "IgnoreQueryString", compressionEnabled: true, contentTypesToCompress: COMPRESSIBLE },
      }),
    );
    Object.assign(raw, { staticAccount: account, staticContainer: container, staticOriginGroup: group, staticOrigin: origin });
  }
  if (spec.appOrigin && appOrigins.length > 0) {
    // A Container App terminates TLS and routes by host: Front Door probes and forwards over HTTPS with the app's
    // FQDN (its certificate covers it), on Premium over Private Link to its internal environment.
    const apps = appOrigins.map((o) => containerAppOrigin(scope, o.host));
    const https = apps.every((a) => a !== undefined);
    const group = new CdnFrontdoorOriginGroup(scope, "cdn-app-group", {
      name: "app",
      cdnFrontdoorProfileId: profile.id,
      loadBalancing: LOAD_BALANCING,
      healthProbe: { ...PROBE, protocol: https ? "Https" : "Http", path: appOrigins[0]!.healthCheckPath ?? "/" },
    });
    // One origin per region, equal priority and weight: Front Door sends each request to the fastest
    // healthy region and stops using a region whose probes fail.
    const origins = appOrigins.map(
      (appOrigin, i) =>
        new CdnFrontdoorOrigin(scope, i === 0 ? "cdn-app-origin" : `cdn-app-origin-${i + 1}`, {
          name: appOrigin.region ? `app-${appOrigin.region}` : i === 0 ? "app" : `app-${i + 1}`,
          cdnFrontdoorOriginGroupId: group.id,
          hostName: appOrigin.host,
          originHostHeader: appOrigin.host,
          certificateNameCheckEnabled: true,
          enabled: true,
          ...(appOrigins.length > 1 ? { priority: 1, weight: 500 } : {}),
          ...privateLink(apps[i]?.privateLink),
        }),
    );
    const origin = origins[0]!;
    routes.push(
      new CdnFrontdoorRoute(scope, "cdn-app-route", {
        name: "app",
        cdnFrontdoorEndpointId: endpoint.id,
        cdnFrontdoorOriginGroupId: group.id,
        cdnFrontdoorOriginIds: origins.map((o) => o.id),
        cdnFrontdoorCustomDomainIds: [domain.id],
        patternsToMatch: spec.staticAssets ? [...spec.noCachePaths] : ["/*"],
        supportedProtocols: ["Http", "Https"],
        httpsRedirectEnabled: true,
        // A layer-4 load balancer: TLS ends at Front Door, which alone may reach it. A Container App: HTTPS to it too.
        forwardingProtocol: https ? "HttpsOnly" : "HttpOnly",
        linkToDefaultDomain: true,
      }),
    );
    Object.assign(raw, { appOriginGroup: group, appOrigin: origin, appOrigins: origins });
  }
  raw["routes"] = routes;
  if (waf) Object.assign(raw, frontDoorWaf(scope, ctx, profile.id, domain.id));
  raw["domainAssociation"] = new CdnFrontdoorCustomDomainAssociation(scope, "cdn-domain-association", {
    cdnFrontdoorCustomDomainId: domain.id,
    cdnFrontdoorRouteIds: routes.map((r) => r.id),
  });
  if (tls.dnsZoneId) {
    const zoneName = Fn.element(Fn.split("/", tls.dnsZoneId), 8);
    const zoneGroup = Fn.element(Fn.split("/", tls.dnsZoneId), 4);
    const relative = Fn.trimsuffix(tls.domain, Fn.join("", [".", zoneName]));
    raw["dnsValidation"] = new DnsTxtRecord(scope, "cdn-dns-validation", {
      name: Fn.join("", ["_dnsauth.", relative]),
      zoneName,
      resourceGroupName: zoneGroup,
      ttl: 3600,
      record: [{ value: domain.validationToken }],
    });
    raw["dnsRecord"] = new DnsCnameRecord(scope, "cdn-dns", { name: relative, zoneName, resourceGroupName: zoneGroup, ttl: 3600, record: endpoint.hostName });
  }
  return {
    outputs: { domainName: endpoint.hostName, distributionId: profile.resourceGuid, ...(bucketName ? { bucketName } : {}) },
    raw,
    certificate: {
      records: Fn.jsonencode([
        { name: `_dnsauth.${tls.domain}`, type: "TXT", value: domain.validationToken },
        { name: tls.domain, type: "CNAME", value: endpoint.hostName },
      ]),
    },
  };
}

/**
 * Front Door Premium's Private Link to a Container Apps environment. Azure asks the environment's owner to approve
 * the connection (azurerm has no resource for it): `az network private-endpoint-connection approve --type
 * Microsoft.App/managedEnvironments …` once after the first apply (README).
 */
function privateLink(link: { environmentId: string; location: string } | undefined) {
  return link
    ? { privateLink: { privateLinkTargetId: link.environmentId, location: link.location, targetType: "managedEnvironments", requestMessage: "Front Door origin (tierform)" } }
    : {};
}

/** Managed rule sets: Microsoft's default (OWASP, with Log4Shell rules) and bot protection. */
export const FRONT_DOOR_MANAGED_RULES = [
  { type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" },
  { type: "Microsoft_BotManagerRuleSet", version: "1.1", action: "Block" },
] as const;

/** A Front Door Premium WAF policy in Prevention mode, associated with the app's custom domain. */
function frontDoorWaf(scope: Construct, ctx: CdnInput["ctx"], profileId: string, domainId: string): Record<string, TerraformResource> {
  const policy = new CdnFrontdoorFirewallPolicy(scope, "cdn-waf", {
    name: compactName(ctx, "waf", 128),
    resourceGroupName: resourceGroupOf(ctx),
    skuName: "Premium_AzureFrontDoor",
    mode: "Prevention",
    enabled: true,
    managedRule: FRONT_DOOR_MANAGED_RULES.map((r) => ({ ...r })),
    customRule: [
      {
        name: "ratelimitperip",
        type: "RateLimitRule",
        action: "Block",
        priority: 1,
        rateLimitDurationInMinutes: 1,
        rateLimitThreshold: ctx.compliance?.rateLimitPerMinute ?? 0,
        // A rate rule needs a match: every address outside a range no client has.
        matchCondition: [{ matchVariable: "RemoteAddr", operator: "IPMatch", negationCondition: true, matchValues: ["255.255.255.255/32"] }],
      },
    ],
    tags: { ...ctx.tags },
  });
  const association = new CdnFrontdoorSecurityPolicy(scope, "cdn-waf-association", {
    name: azName(ctx, "waf"),
    cdnFrontdoorProfileId: profileId,
    securityPolicies: { firewall: { cdnFrontdoorFirewallPolicyId: policy.id, association: { domain: [{ cdnFrontdoorDomainId: domainId }], patternsToMatch: ["/*"] } } },
  });
  return { firewallPolicy: policy, securityPolicy: association };
}
