import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import type { NetworkRef, Raw, RenderContext } from "../../src/core/contracts";
import { Fn } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { awsNetworkAttribute, named } from "./common";
import { regionProvider } from "./stack";

/**
 * Cross-region VPC peering from a secondary region's VPC to the primary's, accepted in the primary's region,
 * with routes both ways on the private route tables, so apps in the secondary reach the primary's cache (a
 * Global Datastore secondary is read-only). The address plan keeps the blocks apart, as peering requires.
 */
export function connectRegions(scope: Construct, { ctx, local, remote, remoteRegion }: { ctx: RenderContext; local: NetworkRef; remote: NetworkRef; remoteRegion: string }): Raw {
  const name = physicalName(ctx.prefix, "to-primary");
  const primaryProvider = regionProvider(scope, ctx, remoteRegion);
  const peering = new VpcPeeringConnection(scope, "peering", { vpcId: local.id, peerVpcId: remote.id, peerRegion: remoteRegion, autoAccept: false, tags: named(name) });
  const accepter = new VpcPeeringConnectionAccepterA(scope, "peering-accepter", { provider: primaryProvider, vpcPeeringConnectionId: peering.id, autoAccept: true, tags: named(name) });
  const routes = (ref: NetworkRef, to: string, provider?: AwsProvider) =>
    ref.zones.map(
      (_zone, i) =>
        new Route(scope, `${provider ? "primary" : "local"}-${i}-to-peer`, {
          routeTableId: Fn.element(Fn.split(",", awsNetworkAttribute(ref, "privateRouteTableIds")), i),
          destinationCidrBlock: to,
          vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
          ...(provider ? { provider } : {}),
        }),
    );
  return { peering, accepter, localRoutes: routes(local, remote.cidr), primaryRoutes: routes(remote, local.cidr, primaryProvider) };
}
