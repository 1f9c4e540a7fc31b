import type { Construct } from "constructs";
import { Lb } from "@cdktf/provider-azurerm/lib/lb";
import { LbBackendAddressPool } from "@cdktf/provider-azurerm/lib/lb-backend-address-pool";
import { LbProbe } from "@cdktf/provider-azurerm/lib/lb-probe";
import { LbRule } from "@cdktf/provider-azurerm/lib/lb-rule";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import type { NetworkRef, RenderContext } from "../../src/core/contracts";
import type { AppSpec } from "../../src/model/app";
import type { LoadBalancerSpec } from "../../src/model/compute";
import type { TerraformResource } from "../../src/core/tf";
import { azName, placed, resourceGroupOf, azureNetworkAttribute } from "./common";

/** A zone-redundant static public IP whose DNS label gives Front Door a stable origin hostname. */
export function originIp(scope: Construct, ctx: RenderContext, suffix: string): PublicIp {
  return new PublicIp(scope, `${suffix}-ip`, {
    ...placed(ctx),
    name: azName(ctx, `${suffix}-ip`),
    sku: "Standard",
    allocationMethod: "Static",
    zones: [...ctx.zones],
    domainNameLabel: azName(ctx, suffix),
  });
}

/** Admits Front Door (and only Front Door) to `port` on the nodes subnet. */
export function allowFrontDoor(scope: Construct, ctx: RenderContext, network: NetworkRef, port: number, priority: number): NetworkSecurityRule {
  return new NetworkSecurityRule(scope, "allow-front-door", {
    name: "allow-front-door",
    resourceGroupName: resourceGroupOf(ctx),
    networkSecurityGroupName: azureNetworkAttribute(network, "nodesSecurityGroup"),
    priority,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourceAddressPrefix: "AzureFrontDoor.Backend",
    sourcePortRange: "*",
    // Any destination: with floating IP (AKS) packets keep the public frontend address.
    destinationAddressPrefix: "*",
    destinationPortRange: String(port),
  });
}

/**
 * Standard Load Balancer (layer 4, zone-redundant frontend) in front of the app servers: HTTP probe on the
 * health path, one rule from port 80 to the app port. TLS is terminated by Front Door in front of it,
 * which is the only source the network security group admits.
 */
export function appLoadBalancer(scope: Construct, opts: { ctx: RenderContext; network: NetworkRef; app: AppSpec; lb: LoadBalancerSpec }) {
  const { ctx, app, lb: spec } = opts;
  const ip = originIp(scope, ctx, "app");
  const lb = new Lb(scope, "lb", { ...placed(ctx), name: azName(ctx, "lb"), sku: "Standard", frontendIpConfiguration: [{ name: "public", publicIpAddressId: ip.id }] });
  const pool = new LbBackendAddressPool(scope, "lb-pool", { name: "app", loadbalancerId: lb.id });
  const probe = new LbProbe(scope, "lb-probe", {
    name: "app-health",
    loadbalancerId: lb.id,
    protocol: "Http",
    port: app.port,
    requestPath: app.healthCheckPath,
    intervalInSeconds: spec.healthCheckIntervalSeconds,
    numberOfProbes: spec.unhealthyThreshold,
  });
  const rule = new LbRule(scope, "lb-rule", {
    name: "http",
    loadbalancerId: lb.id,
    frontendIpConfigurationName: "public",
    protocol: "Tcp",
    frontendPort: 80,
    backendPort: app.port,
    backendAddressPoolIds: [pool.id],
    probeId: probe.id,
    idleTimeoutInMinutes: Math.max(4, Math.min(30, Math.ceil(spec.idleTimeoutSeconds / 60))),
    disableOutboundSnat: true,
    tcpResetEnabled: true,
  });
  const nsg = allowFrontDoor(scope, ctx, opts.network, app.port, 200);
  const resources: Record<string, TerraformResource> = { publicIp: ip, loadBalancer: lb, backendPool: pool, probe, rule, frontDoorRule: nsg };
  return { ip, lb, pool, probe, resources };
}
