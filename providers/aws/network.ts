import type { Construct } from "constructs";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { NetworkInput, NetworkRef, Rendered } from "../../src/core/contracts";
import { physicalName } from "../../src/plan/naming";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { RenderContext } from "../../src/core/contracts";
import { Fn, type TerraformResource } from "../../src/core/tf";
import { named, policy, serviceRole } from "./common";

/** Aggregate flows per minute (the finest AWS offers), so investigations see short-lived connections. */
const FLOW_AGGREGATION_SECONDS = 60;

/** VPC flow logs of all traffic (accepted and rejected) into a CloudWatch log group with the topology's retention. */
function flowLogs(scope: Construct, ctx: RenderContext, vpcId: string): Record<string, TerraformResource> {
  const name = physicalName(ctx.prefix, "flow-logs");
  const group = new CloudwatchLogGroup(scope, "flow-log-group", { name: `/tierform/${ctx.prefix}/vpc-flow-logs`, retentionInDays: ctx.logRetentionDays, tags: named(name) });
  const role = serviceRole(scope, "flow-log-role", name, "vpc-flow-logs.amazonaws.com", []);
  const write = new IamRolePolicy(scope, "flow-log-write", {
    role: role.id,
    policy: policy({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: `${group.arn}:*` }),
  });
  const log = new FlowLog(scope, "flow-log", {
    vpcId,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: group.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: FLOW_AGGREGATION_SECONDS,
    tags: named(name),
  });
  return { flowLogGroup: group, flowLogRole: role, flowLogPolicy: write, flowLog: log };
}

/**
 * VPC with one public and one private subnet per zone. Private subnets egress through NAT:
 * one gateway for all zones ("single") or one per zone ("perZone", no cross-zone dependency).
 */
export function renderNetwork(scope: Construct, { ctx, spec, subnets, kubernetes }: NetworkInput): Rendered<NetworkRef> {
  const vpcName = physicalName(ctx.prefix, "vpc");
  const vpc = new Vpc(scope, "vpc", {
    cidrBlock: spec.cidr,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: named(vpcName),
  });
  // The default security group of a new VPC allows all traffic between its members: strip it.
  const defaultSg = new DefaultSecurityGroup(scope, "default-sg", { vpcId: vpc.id, tags: named(`${vpcName}-default`) });
  const igw = new InternetGateway(scope, "igw", { vpcId: vpc.id, tags: named(physicalName(ctx.prefix, "igw")) });

  const publicRt = new RouteTable(scope, "public-rt", { vpcId: vpc.id, tags: named(physicalName(ctx.prefix, "public")) });
  const publicDefault = new Route(scope, "public-default", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

  const elbTags = (role: string): Record<string, string> => (kubernetes ? { [role]: "1" } : {});
  const publicSubnets = subnets.map((s, i) => {
    const subnet = new Subnet(scope, `public-${i}`, {
      vpcId: vpc.id,
      availabilityZone: s.zone,
      cidrBlock: s.publicCidr,
      mapPublicIpOnLaunch: false,
      tags: { ...named(physicalName(ctx.prefix, `public-${s.zone}`)), tier: "public", ...elbTags("kubernetes.io/role/elb") },
    });
    new RouteTableAssociation(scope, `public-${i}-rt`, { subnetId: subnet.id, routeTableId: publicRt.id });
    return subnet;
  });

  const natCount = spec.nat === "none" ? 0 : spec.nat === "single" ? 1 : subnets.length;
  const nats = Array.from({ length: natCount }, (_, i) => {
    const zone = subnets[i]!.zone;
    const eip = new Eip(scope, `nat-${i}-eip`, { domain: "vpc", tags: named(physicalName(ctx.prefix, `nat-${zone}`)) });
    return new NatGateway(scope, `nat-${i}`, {
      allocationId: eip.id,
      subnetId: publicSubnets[i]!.id,
      connectivityType: "public",
      tags: named(physicalName(ctx.prefix, `nat-${zone}`)),
      dependsOn: [igw],
    });
  });

  const privateRouteTables: RouteTable[] = [];
  const privateSubnets = subnets.map((s, i) => {
    const subnet = new Subnet(scope, `private-${i}`, {
      vpcId: vpc.id,
      availabilityZone: s.zone,
      cidrBlock: s.privateCidr,
      tags: { ...named(physicalName(ctx.prefix, `private-${s.zone}`)), tier: "private", ...elbTags("kubernetes.io/role/internal-elb") },
    });
    const rt = new RouteTable(scope, `private-${i}-rt`, { vpcId: vpc.id, tags: named(physicalName(ctx.prefix, `private-${s.zone}`)) });
    privateRouteTables.push(rt);
    const nat = nats[spec.nat === "perZone" ? i : 0];
    if (nat) new Route(scope, `private-${i}-default`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    new RouteTableAssociation(scope, `private-${i}-rta`, { subnetId: subnet.id, routeTableId: rt.id });
    return subnet;
  });

  return {
    outputs: {
      cloud: "aws",
      id: vpc.id,
      cidr: spec.cidr,
      zones: subnets.map((s) => s.zone),
      privateSubnetIds: privateSubnets.map((s) => s.id),
      publicSubnetIds: publicSubnets.map((s) => s.id),
      // Comma-separated, one per zone in zone order: peering routes are added to them.
      attributes: { privateRouteTableIds: Fn.join(",", privateRouteTables.map((rt) => rt.id)) },
    },
    raw: {
      vpc,
      defaultSecurityGroup: defaultSg,
      internetGateway: igw,
      publicRoute: publicDefault,
      natGateways: nats,
      publicSubnets,
      privateSubnets,
      ...(ctx.compliance?.flowLogs ? flowLogs(scope, ctx, vpc.id) : {}),
    },
  };
}
