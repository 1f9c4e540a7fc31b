import { Construct } from "constructs";
import { z } from "zod";
import { renderersFor } from "../../providers";
import type { AppConnections, ClusterOutputs, GlobalIngress, NetworkRef, NodePoolPlan, Raw, RenderContext, VmFleetOutputs } from "../core/contracts";
import { AppSchema, type AppProps } from "../model/app";
import { strict } from "../model/common";
import {
  KubernetesComputeSchema,
  LoadBalancerSchema,
  NodePoolSchema,
  VmComputeSchema,
  clusterAddressRules,
  kubernetesRules,
  nodePoolRules,
  vmRules,
  type PoolPlacement,
  type KubernetesComputeProps,
  type NodePoolProps,
  type VmComputeProps,
} from "../model/compute";
import { GPU_TAINT } from "../model/defaults";
import { dnsZoneRules, domainRules, toProblems } from "../model/rules";
import { sizeMachine } from "../plan/sizing";
import { planPoolZones } from "../plan/zones";
import { networkCidr, networkProblems } from "./checks";
import { type ComponentContextProps, contextProps, parseComponent, splitContext } from "./context";

const TlsSchema = {
  domain: z.string().optional(),
  dnsZoneId: z.string().optional(),
};

const VmFleetSpecSchema = strict({
  ...TlsSchema,
  originHost: z.string().optional(),
  app: AppSchema,
  loadBalancer: LoadBalancerSchema.prefault({}),
  compute: VmComputeSchema,
});

export interface VmFleetProps extends ComponentContextProps, Omit<VmComputeProps, "kind"> {
  readonly network: NetworkRef;
  readonly app: AppProps;
  /** Hostname the load balancer serves (required when exposure is "loadBalancer"). */
  readonly domain?: string;
  readonly dnsZoneId?: string;
  /** Hostname the load balancer answers on when a CDN sits in front (e.g. origin.app.example.com). */
  readonly originHost?: string;
  readonly loadBalancer?: z.input<typeof LoadBalancerSchema>;
}

/** App servers running the app with Docker Compose: one server, or a group behind a load balancer. */
export class VmFleet extends Construct {
  readonly outputs: VmFleetOutputs;
  readonly raw: Raw;
  private readonly rendered: ReturnType<ReturnType<typeof renderersFor>["vmFleet"]>;

  constructor(scope: Construct, id: string, props: VmFleetProps) {
    super(scope, id);
    const [context, { network, app, domain, dnsZoneId, originHost, loadBalancer, ...vm }] = splitContext(props);
    const input = { app, domain, dnsZoneId, originHost, loadBalancer, compute: { kind: "vm", ...vm } };
    const { ctx, spec } = parseComponent(`VmFleet "${id}"`, context, VmFleetSpecSchema, input, (c, s) => [
      // The servers' own rules, as the topology applies them under `compute.` (the props are flat here).
      ...toProblems(vmRules({ cloud: c.cloud, catalog: c.catalog }, s.compute)),
      ...toProblems(domainRules({ loadBalancer: s.compute.exposure === "loadBalancer", cdn: false }, s.domain)),
      ...toProblems(dnsZoneRules(c.cloud, s)),
      ...networkProblems(c.cloud, network, renderersFor(c.cloud).networkNeeds.vmFleet),
    ], "compute");
    this.rendered = renderersFor(ctx.cloud).vmFleet(this, {
      ctx,
      network,
      spec: spec.compute,
      machine: sizeMachine(ctx.cloud, spec.compute.shape, spec.compute.instanceType),
      app: spec.app,
      loadBalancer: spec.loadBalancer,
      ...(spec.domain ? { tls: { domain: spec.domain, host: spec.originHost ?? spec.domain, ...(spec.dnsZoneId ? { dnsZoneId: spec.dnsZoneId } : {}) } } : {}),
    });
    this.outputs = this.rendered.outputs;
    this.raw = this.rendered.raw;
  }

  /** Gives the servers the data stores' addresses (as environment variables) and access to their credentials. */
  connect(connections: AppConnections): void {
    this.rendered.connect(connections);
  }

}

/** Where a standalone cluster's pools are placed: its region, in the network's zones (none when the network is malformed). */
function placementsOf(ctx: { region: string }, zones: readonly string[] | undefined): PoolPlacement[] {
  return zones ? [{ region: ctx.region, zones }] : [];
}

/** The network's zones as the pool check sees them; a malformed network is reported by `networkProblems`. */
function zonesOf(network: unknown): readonly string[] | undefined {
  const zones = (network as Partial<NetworkRef> | null | undefined)?.zones;
  return Array.isArray(zones) && zones.length > 0 ? zones : undefined;
}

function planPool(ctx: RenderContext, network: NetworkRef, spec: z.output<typeof NodePoolSchema>): NodePoolPlan {
  const placed = planPoolZones(ctx.cloud, ctx.region, network.zones, spec);
  if (!placed.ok) throw new Error(`tierform: ${placed.message} (a bug: the pool check should have rejected this)`);
  return { spec, machine: sizeMachine(ctx.cloud, spec.shape, spec.instanceType, spec.gpu), zones: placed.zones };
}

const ClusterSpecSchema = strict({
  domain: z.string().min(1, { error: "required: the app's hostname for the ingress load balancer's certificate" }),
  dnsZoneId: z.string().optional(),
  originHost: z.string().optional(),
  app: AppSchema,
  loadBalancer: LoadBalancerSchema.prefault({}),
  compute: KubernetesComputeSchema,
  verticalPodAutoscaler: z
    .boolean()
    .default(false)
    .meta({ description: "Turn on the cloud's managed Vertical Pod Autoscaler (GKE, AKS); EKS gets the VPA chart in the platform stack." }),
});

export interface KubernetesClusterProps extends ComponentContextProps, Omit<KubernetesComputeProps, "kind"> {
  readonly network: NetworkRef;
  readonly app: AppProps;
  /** Hostname of the app; the ingress load balancer's certificate covers it (or `originHost`). */
  readonly domain: string;
  readonly dnsZoneId?: string;
  /** Hostname the load balancer answers on when a CDN sits in front (e.g. origin.app.example.com). */
  readonly originHost?: string;
  readonly loadBalancer?: z.input<typeof LoadBalancerSchema>;
  /** One region of several behind global traffic (see `Environment`). */
  readonly globalIngress?: GlobalIngress;
  /**
   * Turn on the cloud's managed Vertical Pod Autoscaler (GKE, AKS) for workloads' VerticalPodAutoscaler objects.
   * `Environment` sets it when a workload has `vpa`. EKS has none: the platform stack installs the VPA chart.
   */
  readonly verticalPodAutoscaler?: boolean;
}

/** A managed Kubernetes cluster with its node pools, workload identity and an ingress load balancer. */
export class KubernetesCluster extends Construct {
  readonly outputs: ClusterOutputs;
  readonly raw: Raw;
  /** @internal */
  readonly rendered: ReturnType<ReturnType<typeof renderersFor>["kubernetes"]>;
  /** @internal */
  readonly ctx: RenderContext;
  /** @internal The network the cluster's pools are placed in. */
  readonly network: NetworkRef;
  /** @internal Names of the cluster's pools, the ones it was made with and the ones added since. */
  readonly poolNames: Set<string>;

  constructor(scope: Construct, id: string, props: KubernetesClusterProps) {
    super(scope, id);
    const [context, { network, app, domain, dnsZoneId, originHost, loadBalancer, globalIngress, verticalPodAutoscaler, ...k8s }] = splitContext(props);
    const input = { app, domain, dnsZoneId, originHost, loadBalancer, verticalPodAutoscaler, compute: { kind: "kubernetes", ...k8s } };
    const { ctx, spec } = parseComponent(`KubernetesCluster "${id}"`, context, ClusterSpecSchema, input, (c, s) => {
      const cidr = networkCidr(network);
      return [
        // The cluster's own rules, as the topology applies them under `compute.` (the props are flat here).
        ...toProblems(kubernetesRules({ cloud: c.cloud, catalog: c.catalog }, s.compute, placementsOf(c, zonesOf(network)))),
        ...(cidr ? toProblems(clusterAddressRules(s.compute, { cidrs: [cidr], where: `network.cidr (${cidr})` })) : []),
        ...toProblems(dnsZoneRules(c.cloud, s)),
        ...networkProblems(c.cloud, network, renderersFor(c.cloud).networkNeeds.kubernetes),
      ];
    }, "compute");
    this.poolNames = new Set(spec.compute.nodePools.map((p) => p.name));
    this.ctx = ctx;
    this.network = network;
    this.rendered = renderersFor(ctx.cloud).kubernetes(this, {
      ctx,
      network,
      version: spec.compute.version,
      systemPool: spec.compute.systemPool,
      podCidr: spec.compute.podCidr,
      serviceCidr: spec.compute.serviceCidr,
      pools: spec.compute.nodePools.map((p) => planPool(ctx, network, p)),
      apiAccessCidrs: spec.compute.apiAccessCidrs,
      app: spec.app,
      loadBalancer: spec.loadBalancer,
      tls: { domain: spec.domain, host: spec.originHost ?? spec.domain, ...(spec.dnsZoneId ? { dnsZoneId: spec.dnsZoneId } : {}) },
      ...(globalIngress ? { globalIngress } : {}),
      verticalPodAutoscaler: spec.verticalPodAutoscaler,
    });
    this.outputs = this.rendered.outputs;
    this.raw = this.rendered.raw;
  }

  /** Adds a node pool after creation; see also `NodePool` and `GpuNodePool`. */
  addNodePool(id: string, props: Omit<NodePoolProps, "name"> & { name?: string }): NodePool {
    return new NodePool(this, id, { cluster: this, name: props.name ?? id, ...props });
  }
}

export interface NodePoolConstructProps extends NodePoolProps {
  readonly cluster: KubernetesCluster;
}

/** A node pool of an existing `KubernetesCluster`. */
export class NodePool extends Construct {
  readonly raw: Raw;

  constructor(scope: Construct, id: string, props: NodePoolConstructProps) {
    super(scope, id);
    const { cluster, ...pool } = props;
    const { spec } = parseComponent(`NodePool "${id}"`, contextProps(cluster.ctx), NodePoolSchema, pool, (c, s) => [
      // The pool's own rules, as the topology applies them under `compute.nodePools[i].`.
      ...toProblems(nodePoolRules({ cloud: c.cloud, catalog: c.catalog }, s, placementsOf(c, cluster.network.zones))),
      // Pool names are unique in a cluster (the schema checks the pools a cluster is made with).
      ...(cluster.poolNames.has(s.name) ? [{ path: "name", message: `expected a pool name the cluster does not use yet (${[...cluster.poolNames].join(", ")})`, received: JSON.stringify(s.name) }] : []),
    ]);
    cluster.poolNames.add(spec.name);
    this.raw = cluster.rendered.addNodePool(this, "pool", planPool(cluster.ctx, cluster.network, spec));
  }
}

export interface GpuNodePoolProps extends Omit<NodePoolConstructProps, "role" | "gpu"> {
  readonly gpu: NonNullable<NodePoolProps["gpu"]>;
}

/**
 * A GPU node pool: the accelerator's machine type, the cloud's GPU image and drivers, and the
 * `nvidia.com/gpu` NoSchedule taint so that only pods that tolerate it (and request GPUs) land there.
 */
export class GpuNodePool extends NodePool {
  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    super(scope, id, { ...props, role: "gpu", taints: props.taints ?? [GPU_TAINT] });
  }
}

