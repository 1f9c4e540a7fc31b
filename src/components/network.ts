import { Construct } from "constructs";
import { renderersFor } from "../../providers";
import type { NetworkRef, Raw } from "../core/contracts";
import { NetworkSchema, networkRules, type NetworkProps as NetworkSpecProps } from "../model/network";
import { toProblems } from "../model/rules";
import { planRegionalRanges, planSubnets } from "../plan/subnets";
import { type ComponentContextProps, parseComponent, splitContext } from "./context";

export interface NetworkProps extends ComponentContextProps, NetworkSpecProps {
  /** Tag subnets for Kubernetes load balancers. @default false */
  readonly kubernetes?: boolean;
  /** Serverless containers run here (Azure: adds a subnet delegated to the Container Apps environment). @default false */
  readonly containers?: boolean;
  /** GCP: join this global network (another region's) instead of creating one. */
  readonly shared?: NetworkRef;
}

/** A VPC/VNet with private and public subnets per zone and NAT egress, laid out by the planner. */
export class Network extends Construct {
  /** Pass this to other components (`network: net.ref`). */
  readonly ref: NetworkRef;
  readonly raw: Raw;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const [context, { kubernetes, containers, shared, ...rest }] = splitContext(props);
    const { ctx, spec } = parseComponent(`Network "${id}"`, context, NetworkSchema, rest, (c, s) => toProblems(networkRules(s, { name: c.region, zones: c.zones.length })));
    const zones = ctx.zones.slice(0, spec.zones);
    const rendered = renderersFor(ctx.cloud).network(this, { ctx: { ...ctx, zones }, spec, subnets: planSubnets(spec.cidr, zones), regional: planRegionalRanges(spec.cidr), kubernetes: kubernetes ?? false, ...(containers ? { containers } : {}), ...(shared ? { shared } : {}) });
    this.ref = rendered.outputs;
    this.raw = rendered.raw;
  }
}
