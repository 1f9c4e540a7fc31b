import type { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { NetworkConnectivityServiceConnectionPolicy } from "@cdktf/provider-google/lib/network-connectivity-service-connection-policy";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import type { NetworkInput, NetworkRef, RenderContext, Rendered } from "../../src/core/contracts";
import { networkAttribute } from "../../src/core/network-ref";
import type { TerraformResource } from "../../src/core/tf";
import { gcpName } from "./common";

/** Prefix length of the range reserved for private services access (Cloud SQL, Memorystore). */
const PRIVATE_SERVICES_PREFIX = 20;

/**
 * Custom-mode VPC with one regional subnet (nodes; pod and service secondary ranges), Cloud Router and
 * Cloud NAT for egress, private services access for Cloud SQL and Memorystore (peering range + connection,
 * abandoned on destroy so that destroy succeeds), a service-connect subnet and policy for Memorystore
 * Cluster, and an explicit deny-all ingress rule under the rules components add.
 */
export function renderNetwork(scope: Construct, { ctx, spec, regional, shared }: NetworkInput): Rendered<NetworkRef> {
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  // The VPC, private services access and the deny-all rule are global: only the first region creates them.
  const networkId = shared ? shared.id : globalNetwork(scope, ctx, raw);
  const subnet = new ComputeSubnetwork(scope, "subnet", {
    name: gcpName(ctx, "nodes"),
    network: networkId,
    ...(ctx.compliance?.flowLogs ? { logConfig: FLOW_LOGS } : {}),
    region: ctx.region,
    ipCidrRange: regional.primary,
    privateIpGoogleAccess: true,
    secondaryIpRange: [
      { rangeName: "pods", ipCidrRange: regional.pods },
      { rangeName: "services", ipCidrRange: regional.services },
    ],
  });
  const pscSubnet = new ComputeSubnetwork(scope, "psc-subnet", {
    name: gcpName(ctx, "psc"),
    network: networkId,
    region: ctx.region,
    ipCidrRange: regional.serviceConnect,
    privateIpGoogleAccess: true,
    ...(ctx.compliance?.flowLogs ? { logConfig: FLOW_LOGS } : {}),
  });
  const router = new ComputeRouter(scope, "router", { name: gcpName(ctx, "router"), network: networkId, region: ctx.region });
  Object.assign(raw, { subnet, pscSubnet, router });
  if (spec.nat !== "none") {
    // Cloud NAT is regional and spans zones: "single" and "perZone" are the same thing on GCP.
    raw["nat"] = new ComputeRouterNat(scope, "nat", {
      name: gcpName(ctx, "nat"),
      router: router.name,
      region: ctx.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
  }
  const policy = new NetworkConnectivityServiceConnectionPolicy(scope, "redis-psc-policy", {
    name: gcpName(ctx, "redis-psc"),
    location: ctx.region,
    serviceClass: "gcp-memorystore-redis",
    network: networkId,
    pscConfig: { subnetworks: [pscSubnet.id] },
  });
  raw["serviceConnectionPolicy"] = policy;
  const psaRange = raw["privateServicesRange"] as ComputeGlobalAddress | undefined;
  const privateServicesCidr = psaRange ? `${psaRange.address}/${PRIVATE_SERVICES_PREFIX}` : (shared ? networkAttribute(shared, "gcp", "privateServicesCidr") : undefined);
  return {
    outputs: {
      cloud: "gcp",
      id: networkId,
      cidr: spec.cidr,
      zones: [...ctx.zones],
      privateSubnetIds: [subnet.id],
      publicSubnetIds: [],
      attributes: {
        subnetwork: subnet.id,
        podsRange: "pods",
        servicesRange: "services",
        controlPlaneRange: regional.controlPlane,
        // Referencing the network through these resources makes data stores wait for them.
        privateServiceNetwork: (raw["privateServicesConnection"] as ServiceNetworkingConnection | undefined)?.network ?? networkId,
        pscNetwork: policy.network,
        // Where Cloud SQL and Memorystore take addresses (NetworkPolicy egress): the range Google allocates.
        ...(privateServicesCidr ? { privateServicesCidr } : {}),
      },
    },
    raw,
  };
}

/** Flow logs of every subnet connection, aggregated per 5 s, half of the flows sampled, with metadata. */
const FLOW_LOGS = { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" };

/** The global VPC with private services access (Cloud SQL, Memorystore) and the deny-all ingress rule. */
function globalNetwork(scope: Construct, ctx: RenderContext, raw: Record<string, TerraformResource | TerraformResource[]>): string {
  const network = new ComputeNetwork(scope, "vpc", {
    name: gcpName(ctx, "vpc"),
    autoCreateSubnetworks: false,
    // Subnet routes are global in any mode; REGIONAL only scopes routes learned by Cloud Routers (VPN).
    routingMode: "REGIONAL",
    deleteDefaultRoutesOnCreate: false,
  });
  const psaRange = new ComputeGlobalAddress(scope, "psa-range", {
    name: gcpName(ctx, "psa"),
    purpose: "VPC_PEERING",
    addressType: "INTERNAL",
    prefixLength: PRIVATE_SERVICES_PREFIX,
    network: network.id,
  });
  const psa = new ServiceNetworkingConnection(scope, "psa", {
    network: network.id,
    service: "servicenetworking.googleapis.com",
    reservedPeeringRanges: [psaRange.name],
    deletionPolicy: "ABANDON",
  });
  const deny = new ComputeFirewall(scope, "deny-ingress", {
    name: gcpName(ctx, "deny-all-ingress"),
    network: network.id,
    direction: "INGRESS",
    priority: 65534,
    sourceRanges: ["0.0.0.0/0"],
    deny: [{ protocol: "all" }],
    logConfig: { metadata: "INCLUDE_ALL_METADATA" },
  });
  Object.assign(raw, { network, privateServicesRange: psaRange, privateServicesConnection: psa, denyIngress: deny });
  return network.id;
}
