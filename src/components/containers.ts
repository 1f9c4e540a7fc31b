import { Construct } from "constructs";
import { z } from "zod";
import { renderersFor } from "../../providers";
import type { AppConnections, ContainersOutputs, NetworkRef, Raw, RenderedContainers } from "../core/contracts";
import { TierformError } from "../core/errors";
import type { AppSpec } from "../model/app";
import { strict } from "../model/common";
import { ContainersComputeSchema, LoadBalancerSchema, type ContainersComputeProps } from "../model/compute";
import { containerWorkloadRules } from "../model/containers";
import { dnsZoneRules, domainRules, toProblems } from "../model/rules";
import { WorkloadSchema, type WorkloadProps, type WorkloadSpec } from "../model/workload";
import { planContainerServices } from "../plan/containers";
import { networkProblems } from "./checks";
import { type ComponentContextProps, parseComponent, splitContext } from "./context";

const ContainersSpecSchema = strict({
  domain: z.string().optional(),
  dnsZoneId: z.string().optional(),
  originHost: z.string().optional(),
  loadBalancer: LoadBalancerSchema.prefault({}),
  compute: ContainersComputeSchema,
  workloads: z.array(WorkloadSchema).max(50),
});

export interface ContainerServicesProps extends ComponentContextProps, Omit<ContainersComputeProps, "kind"> {
  readonly network: NetworkRef;
  /** The services, as in a topology's `workloads`: at most one exposed behind the load balancer. */
  readonly workloads: readonly WorkloadProps[];
  /** Hostname of the app; required when a workload is exposed (the load balancer's certificate covers it, or `originHost`). */
  readonly domain?: string;
  readonly dnsZoneId?: string;
  /** Hostname the load balancer answers on when a CDN sits in front (e.g. origin.app.example.com). */
  readonly originHost?: string;
  readonly loadBalancer?: z.input<typeof LoadBalancerSchema>;
}

/** The load balancer's view of the exposed workload: its port and readiness path (or `/`). */
export function exposedApp(workloads: readonly WorkloadSpec[]): AppSpec | undefined {
  const w = workloads.find((x) => x.expose && x.port !== undefined);
  return w && { image: w.image, port: w.port!, healthCheckPath: w.readiness?.path ?? "/", environment: {} };
}

/**
 * Serverless containers: each workload as a service on ECS on Fargate (AWS), Cloud Run (GCP) or Azure Container
 * Apps, sized from its resources and scaled between its bounds; the exposed one behind an HTTPS load balancer.
 * Call `connect` once the data stores exist: the services are created with their addresses then.
 */
export class ContainerServices extends Construct {
  readonly outputs: ContainersOutputs;
  readonly raw: Raw;
  private readonly rendered: RenderedContainers;
  private readonly queued: readonly string[];

  constructor(scope: Construct, id: string, props: ContainerServicesProps) {
    super(scope, id);
    const [context, { network, workloads, domain, dnsZoneId, originHost, loadBalancer, ...compute }] = splitContext(props);
    const input = { domain, dnsZoneId, originHost, loadBalancer, workloads, compute: { kind: "containers", ...compute } };
    const { ctx, spec } = parseComponent(`ContainerServices "${id}"`, context, ContainersSpecSchema, input, (c, s) => [
      // A queue's cache is checked at connect (the component does not know its data stores yet).
      ...toProblems(containerWorkloadRules({ cloud: c.cloud, catalog: c.catalog }, s.workloads, { cache: true })),
      ...toProblems(domainRules({ loadBalancer: s.workloads.some((w) => w.expose), cdn: false }, s.domain)),
      ...toProblems(dnsZoneRules(c.cloud, s)),
      ...networkProblems(c.cloud, network, renderersFor(c.cloud).networkNeeds.containers),
    ], "compute");
    const app = exposedApp(spec.workloads);
    this.queued = spec.workloads.filter((w) => w.autoscaling?.queue).map((w) => w.name);
    this.rendered = renderersFor(ctx.cloud).containers(this, {
      ctx,
      network,
      spec: spec.compute,
      services: planContainerServices(ctx.cloud, spec.workloads),
      ...(app ? { app } : {}),
      loadBalancer: spec.loadBalancer,
      ...(app && spec.domain ? { tls: { domain: spec.domain, host: spec.originHost ?? spec.domain, ...(spec.dnsZoneId ? { dnsZoneId: spec.dnsZoneId } : {}) } } : {}),
    });
    this.outputs = this.rendered.outputs;
    this.raw = this.rendered.raw;
    // The services themselves are made by connect(): a stack that never calls it would deploy none, silently.
    this.node.addValidation({
      validate: () => (this.connected ? [] : [`ContainerServices "${id}": call connect({ database, cache, files }) (or connect({})) to create its services`]),
    });
  }

  private connected = false;

  /** Creates the services with the data stores' addresses, and their identities' access to the secrets they use. */
  connect(connections: AppConnections): void {
    if (this.queued.length > 0 && !connections.cache) {
      throw new TierformError(`Invalid ContainerServices "${this.node.id}"`, [{ path: "connect.cache", message: `required: ${this.queued.join(", ")} scale on a Redis list (autoscaling.queue)` }]);
    }
    this.rendered.connect(connections);
    this.connected = true;
  }
}
