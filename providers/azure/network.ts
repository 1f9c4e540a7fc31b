import type { Construct } from "constructs";
import { NetworkWatcherFlowLog } from "@cdktf/provider-azurerm/lib/network-watcher-flow-log";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import { storage } from "./bucket";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import type { NetworkInput, NetworkRef, Raw, RenderContext, Rendered } from "../../src/core/contracts";
import { Fn, type TerraformResource } from "../../src/core/tf";
import { azName, placed, resourceGroupOf, azureNetworkAttribute } from "./common";
import { admitSubnets } from "./vault";

const WORKLOAD_SERVICE_ENDPOINTS = ["Microsoft.KeyVault", "Microsoft.Storage"] as const;

/**
 * VNet with a subnet for VMs and AKS nodes (with Key Vault and storage service endpoints, admitted through
 * those firewalls), a subnet delegated to PostgreSQL Flexible Server, and one for
 * private endpoints; none has default outbound access. Egress goes through a NAT gateway with a static
 * public IP (Standard NAT is zonal: it lives in the first zone). One network security group per
 * workload subnet; components add the few rules they need on top of Azure's default deny.
 */
export function renderNetwork(scope: Construct, { ctx, spec, regional, containers }: NetworkInput): Rendered<NetworkRef> {
  const rg = resourceGroupOf(ctx);
  const vnet = new VirtualNetwork(scope, "vnet", { ...placed(ctx), name: azName(ctx, "vnet"), addressSpace: [spec.cidr] });
  const subnet = (id: string, name: string, prefix: string, extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {}) =>
    new Subnet(scope, id, {
      name: azName(ctx, name),
      resourceGroupName: rg,
      virtualNetworkName: vnet.name,
      addressPrefixes: [prefix],
      defaultOutboundAccessEnabled: false,
      ...extra,
    });
  // Service endpoints: workloads reach Key Vault and storage through the firewalls that admit this subnet.
  const nodes = subnet("nodes", "nodes", regional.primary, { serviceEndpoints: [...WORKLOAD_SERVICE_ENDPOINTS] });
  admitSubnets(scope, [nodes.id]);
  const database = subnet("database", "database", regional.delegated, {
    delegation: [
      {
        name: "postgres",
        serviceDelegation: { name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
      },
    ],
  });
  const endpoints = subnet("endpoints", "endpoints", regional.endpoints, { privateEndpointNetworkPolicies: "Enabled" });
  const nsg = new NetworkSecurityGroup(scope, "nodes-nsg", { ...placed(ctx), name: azName(ctx, "nodes-nsg") });
  const raw: Record<string, TerraformResource | TerraformResource[]> = { vnet, nodes, database, endpoints, nsg };
  raw["nsgAssociation"] = new SubnetNetworkSecurityGroupAssociation(scope, "nodes-nsg-association", { subnetId: nodes.id, networkSecurityGroupId: nsg.id });
  if (spec.nat !== "none") {
    const zone = ctx.zones[0]!;
    const ip = new PublicIp(scope, "nat-ip", { ...placed(ctx), name: azName(ctx, "nat-ip"), sku: "Standard", allocationMethod: "Static", zones: [zone] });
    const nat = new NatGateway(scope, "nat", { ...placed(ctx), name: azName(ctx, "nat"), skuName: "Standard", zones: [zone], idleTimeoutInMinutes: 10 });
    raw["natIp"] = ip;
    raw["nat"] = nat;
    raw["natIpAssociation"] = new NatGatewayPublicIpAssociation(scope, "nat-ip-association", { natGatewayId: nat.id, publicIpAddressId: ip.id });
    raw["natAssociation"] = new SubnetNatGatewayAssociation(scope, "nodes-nat", { subnetId: nodes.id, natGatewayId: nat.id });
  }
  const apps = containers ? containersSubnet(scope, ctx, subnet, regional.containers, raw) : undefined;
  if (ctx.compliance?.flowLogs) Object.assign(raw, vnetFlowLogs(scope, ctx, vnet.id));
  return {
    outputs: {
      cloud: "azure",
      id: vnet.id,
      cidr: spec.cidr,
      zones: [...ctx.zones],
      privateSubnetIds: [nodes.id],
      publicSubnetIds: [],
      attributes: {
        vnetName: vnet.name,
        nodesSubnetId: nodes.id,
        databaseSubnetId: database.id,
        endpointsSubnetId: endpoints.id,
        nodesSecurityGroup: nsg.name,
        ...(apps ? { containersSubnetId: apps.subnet.id, containersCidr: regional.containers, containersSecurityGroup: apps.nsg.name } : {}),
      },
    },
    raw,
  };
}

/**
 * The Container Apps environment's subnet (workload profiles: delegated to Microsoft.App/environments, at least a
 * /27; see `RegionalRanges.containers` for its size), with the nodes' service endpoints (the platform fetches the
 * apps' Key Vault secrets from inside this subnet, so the vault's firewall admits it) and the NAT gateway for
 * egress (workload-profiles environments support it). Its own network security group: Azure's default rules
 * already admit what the platform needs (AllowVnetInBound for traffic inside the subnet, AllowAzureLoadBalancerInBound
 * for the environment's load balancer probes) and deny the internet; the containers renderer adds Front Door.
 */
function containersSubnet(
  scope: Construct,
  ctx: RenderContext,
  subnet: (id: string, name: string, prefix: string, extra?: Partial<ConstructorParameters<typeof Subnet>[2]>) => Subnet,
  prefix: string,
  raw: Record<string, TerraformResource | TerraformResource[]>,
): { subnet: Subnet; nsg: NetworkSecurityGroup } {
  const apps = subnet("containers", "containers", prefix, {
    serviceEndpoints: [...WORKLOAD_SERVICE_ENDPOINTS],
    delegation: [
      {
        name: "container-apps",
        serviceDelegation: { name: "Microsoft.App/environments", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
      },
    ],
  });
  admitSubnets(scope, [apps.id]);
  const nsg = new NetworkSecurityGroup(scope, "containers-nsg", { ...placed(ctx), name: azName(ctx, "containers-nsg") });
  raw["containersSubnet"] = apps;
  raw["containersNsg"] = nsg;
  raw["containersNsgAssociation"] = new SubnetNetworkSecurityGroupAssociation(scope, "containers-nsg-association", { subnetId: apps.id, networkSecurityGroupId: nsg.id });
  const nat = raw["nat"] as NatGateway | undefined;
  if (nat) raw["containersNat"] = new SubnetNatGatewayAssociation(scope, "containers-nat", { subnetId: apps.id, natGatewayId: nat.id });
  return { subnet: apps, nsg };
}

/**
 * Network Watcher exists once per subscription and region, created by Azure with the first VNet (the
 * default since 2024): its name and group are fixed. Flow logs attach to it.
 */
const NETWORK_WATCHER_GROUP = "NetworkWatcherRG";

/** VNet flow logs (version 2, all traffic of every subnet) into a private storage account, kept for the log retention. */
function vnetFlowLogs(scope: Construct, ctx: RenderContext, vnetId: string): Record<string, TerraformResource> {
  const { account } = storage(scope, "flow-logs", { ctx, suffix: "flow", versioning: false, publicRead: false });
  const log = new NetworkWatcherFlowLog(scope, "vnet-flow-log", {
    name: azName(ctx, "vnet-flow"),
    location: ctx.region,
    networkWatcherName: `NetworkWatcher_${ctx.region}`,
    resourceGroupName: NETWORK_WATCHER_GROUP,
    targetResourceId: vnetId,
    storageAccountId: account.id,
    enabled: true,
    version: 2,
    retentionPolicy: { enabled: true, days: ctx.logRetentionDays },
    tags: { ...ctx.tags },
  });
  return { flowLogStorage: account, flowLog: log };
}

/**
 * Global VNet peering between a secondary region's VNet and the primary's, both directions, so apps in
 * the secondary reach the primary's PostgreSQL writer (the virtual endpoint) privately. The address plan
 * keeps the regions' ranges apart, which peering requires. NSGs admit peered traffic through the
 * VirtualNetwork tag.
 */
export function connectRegions(scope: Construct, { ctx, local, remote }: { ctx: RenderContext; local: NetworkRef; remote: NetworkRef }): Raw {
  const remoteGroup = Fn.element(Fn.split("/", remote.id), 4);
  const toPrimary = new VirtualNetworkPeering(scope, "to-primary", {
    name: azName(ctx, "to-primary"),
    resourceGroupName: resourceGroupOf(ctx),
    virtualNetworkName: azureNetworkAttribute(local, "vnetName"),
    remoteVirtualNetworkId: remote.id,
    allowVirtualNetworkAccess: true,
    allowForwardedTraffic: false,
  });
  const fromPrimary = new VirtualNetworkPeering(scope, "from-primary", {
    name: azName(ctx, "from-secondary"),
    resourceGroupName: remoteGroup,
    virtualNetworkName: azureNetworkAttribute(remote, "vnetName"),
    remoteVirtualNetworkId: local.id,
    allowVirtualNetworkAccess: true,
    allowForwardedTraffic: false,
  });
  return { toPrimary, fromPrimary };
}
