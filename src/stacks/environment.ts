import { Construct } from "constructs";
import { renderersFor } from "../../providers";
import { catalogFor } from "../catalog";
import type { RenderContext } from "../core/contracts";
import { parseOrThrow } from "../core/parse";
import { Annotations, TerraformStack } from "../core/tf";
import { Cdn } from "../components/cdn";
import { KubernetesCluster, VmFleet } from "../components/compute";
import type { ComponentContextProps } from "../components/context";
import { FilesBucket, PostgresHa, RedisCluster } from "../components/data-stores";
import { Network } from "../components/network";
import { TopologySchema, type Topology, type TopologyProps } from "../model/topology";
import { planHosts } from "../plan/hosts";
import { prefixOf } from "../plan/naming";
import { topologyWarnings, type Warning } from "../plan/warnings";
import { configureBackend } from "./backend";
import { PlatformStack } from "./platform";
import { output } from "./outputs";

/** Stack names of an environment: stable, so `cdktf deploy '<name>-<environment>-*'` selects them. */
export function stackNames(t: Pick<Topology, "name" | "environment">): { infra: string; platform: string } {
  return { infra: `${prefixOf(t)}-infra`, platform: `${prefixOf(t)}-platform` };
}

/** On Kubernetes the load balancer serves the exposed workload: its port and readiness path are the app's. */
function ingressApp(t: Topology): Topology["app"] {
  const exposed = t.workloads.find((w) => w.expose && w.port !== undefined);
  if (!exposed) return t.app;
  return { ...t.app, port: exposed.port!, healthCheckPath: exposed.readiness?.path ?? t.app.healthCheckPath };
}

/**
 * One environment of an application: parses the topology (every problem reported before anything is
 * created), then builds its stacks: `<name>-<environment>-infra` with the network, compute, data stores and
 * edge, its backend and provider, and neutral outputs; for Kubernetes tiers also `<name>-<environment>-platform`
 * with the add-ons and workloads, fed from the infra stack's outputs.
 */
export class Environment extends Construct {
  readonly topology: Topology;
  readonly infra: TerraformStack;
  readonly network: Network;
  readonly compute: VmFleet | KubernetesCluster;
  readonly database?: PostgresHa;
  readonly cache?: RedisCluster;
  readonly cdn?: Cdn;
  readonly files?: FilesBucket;
  /** Kubernetes tiers only: the stack that talks to the Kubernetes API. */
  readonly platform?: PlatformStack;
  readonly warnings: readonly Warning[];

  constructor(scope: Construct, id: string, props: TopologyProps) {
    super(scope, id);
    const t = parseOrThrow(TopologySchema, props, `topology "${id}"`);
    this.topology = t;
    const names = stackNames(t);
    const region = t.regions[0]!;
    const zones = catalogFor(t.cloud).regions[region]!.zones.slice(0, t.network.zones);
    const prefix = prefixOf(t);
    const tags = { ...t.tags, "tierform:app": t.name, "tierform:environment": t.environment, "tierform:tier": t.tier };
    const project = t.project ? { project: t.project } : {};
    const base: RenderContext = { cloud: t.cloud, prefix, region, zones, tags, production: t.production, logRetentionDays: t.logs.retentionDays, ...project };
    const hosts = planHosts(t);

    const stack = new TerraformStack(this, names.infra);
    this.infra = stack;
    configureBackend(stack, names.infra, t.backend);
    const stackContext = renderersFor(t.cloud).configureStack(stack, { ctx: base, backend: t.backend, stackName: names.infra, edge: t.cdn !== undefined });
    const context: ComponentContextProps = { cloud: t.cloud, name: prefix, region, production: t.production, tags, logRetentionDays: t.logs.retentionDays, ...project, ...stackContext };

    this.network = new Network(stack, "network", { ...context, ...t.network, kubernetes: t.compute.kind === "kubernetes" });
    const network = this.network.ref;
    const tls = { ...(hosts.domain ? { domain: hosts.domain } : {}), ...(t.dnsZoneId ? { dnsZoneId: t.dnsZoneId } : {}), ...(hosts.loadBalancerHost ? { originHost: hosts.loadBalancerHost } : {}) };

    if (t.compute.kind === "vm") {
      const { kind: _kind, ...vm } = t.compute;
      this.compute = new VmFleet(stack, "app", { ...context, ...vm, network, app: t.app, loadBalancer: t.loadBalancer, ...tls });
    } else {
      const { kind: _kind, ...k8s } = t.compute;
      this.compute = new KubernetesCluster(stack, "cluster", { ...context, ...k8s, network, app: ingressApp(t), loadBalancer: t.loadBalancer, domain: hosts.domain!, ...tls });
    }
    const clients = [this.compute.outputs.clientGroup];

    if (t.database) this.database = new PostgresHa(stack, "database", { ...context, ...t.database, network, clients });
    if (t.cache) this.cache = new RedisCluster(stack, "cache", { ...context, ...t.cache, network, clients });
    if (t.files) this.files = new FilesBucket(stack, "files", { ...context, ...t.files });
    if (t.cdn) {
      const { appOrigin: routeApp, ...cdn } = t.cdn;
      const origin = this.compute.outputs.loadBalancer;
      this.cdn = new Cdn(stack, "cdn", {
        ...context,
        ...cdn,
        routeApp,
        domain: hosts.domain!,
        ...(t.dnsZoneId ? { dnsZoneId: t.dnsZoneId } : {}),
        ...(origin ? { appOrigin: { host: origin.host, healthCheckPath: ingressApp(t).healthCheckPath, ...(origin.target ? { target: origin.target } : {}) } } : {}),
      });
    }
    if (this.compute instanceof VmFleet) {
      this.compute.connect({
        ...(this.database ? { database: this.database.outputs } : {}),
        ...(this.cache ? { cache: this.cache.outputs } : {}),
        ...(this.files ? { files: this.files.outputs } : {}),
      });
    }

    if (this.compute instanceof KubernetesCluster) {
      this.platform = new PlatformStack(this, names.platform, {
        topology: t,
        ctx: { ...base, ...stackContext },
        cluster: this.compute.outputs,
        connections: {
          ...(this.database ? { database: this.database.outputs } : {}),
          ...(this.cache ? { cache: this.cache.outputs } : {}),
          ...(this.files ? { files: this.files.outputs } : {}),
        },
        renderers: renderersFor(t.cloud).platform,
        infra: stack,
      });
    }

    this.warnings = topologyWarnings(t);
    for (const w of this.warnings) Annotations.of(stack).addWarning(`[${w.id}] ${w.path}: ${w.message}`);
    this.addOutputs(stack);
  }

  private addOutputs(stack: TerraformStack): void {
    const n = this.network.ref;
    output(stack, "network_id", n.id, "VPC/VNet id");
    output(stack, "private_subnet_ids", n.privateSubnetIds, "Private subnets, one per zone");
    const c = this.compute.outputs;
    output(stack, "app_client_group", c.clientGroup, "Security principal of the app tier (data stores admit it)");
    if (c.loadBalancer) {
      output(stack, "load_balancer_dns_name", c.loadBalancer.dnsName, "The load balancer's DNS name (point load_balancer_host at it without a managed zone)");
      output(stack, "load_balancer_host", c.loadBalancer.host, "Hostname the load balancer's certificate covers");
      if (c.loadBalancer.target) output(stack, "app_target", c.loadBalancer.target, "Target the platform binds app pods or servers to");
      if (c.loadBalancer.certificateValidation && !this.topology.dnsZoneId) {
        output(stack, "load_balancer_certificate_validation", c.loadBalancer.certificateValidation, "DNS records that validate the load balancer's certificate");
      }
    }
    if (this.compute instanceof VmFleet && this.compute.outputs.publicIp) {
      output(stack, "app_public_ip", this.compute.outputs.publicIp, "Public IP of the app server");
    }
    if (this.compute instanceof KubernetesCluster) {
      const k = this.compute.outputs;
      output(stack, "cluster_name", k.name, "Kubernetes cluster name");
      output(stack, "cluster_endpoint", k.endpoint, "Kubernetes API endpoint");
      output(stack, "cluster_ca_certificate", k.caCertificate, "Cluster CA certificate (base64)");
      output(stack, "cluster_oidc_issuer", k.oidcIssuer, "OIDC issuer for workload identity");
      output(stack, "cluster_access", { command: k.access.command, args: k.access.args }, "Exec credential plugin for kubeconfig");
    }
    if (this.database) {
      const d = this.database.outputs;
      output(stack, "database_endpoint", d.endpoint, "PostgreSQL writer endpoint");
      output(stack, "database_port", d.port, "PostgreSQL port");
      output(stack, "database_reader_endpoints", d.readerEndpoints, "PostgreSQL read replica endpoints");
      output(stack, "database_name", d.database, "Database name");
      output(stack, "database_username", d.username, "Admin user name");
      output(stack, "database_secret_ref", { store: d.credentials.store, id: d.credentials.id }, "Where the admin credentials live: a reference, never the secret itself", true);
    }
    if (this.cache) {
      const r = this.cache.outputs;
      output(stack, "cache_endpoint", r.endpoint, "Redis endpoint (configuration endpoint in cluster mode)");
      if (r.readerEndpoint) output(stack, "cache_reader_endpoint", r.readerEndpoint, "Redis reader endpoint");
      output(stack, "cache_port", r.port, "Redis port");
      output(stack, "cache_tls", r.tls, "Redis requires TLS");
      output(stack, "cache_auth", r.auth, "Redis authentication mode");
      if (r.username) output(stack, "cache_username", r.username, "Redis user (IAM authentication)");
      if (r.credentials) output(stack, "cache_secret_ref", { store: r.credentials.store, id: r.credentials.id }, "Where the Redis AUTH secret lives: a reference, never the secret itself", true);
    }
    if (this.files) output(stack, "files_bucket", this.files.outputs.bucketName, "Bucket for the app's files");
    if (this.cdn) {
      output(stack, "cdn_domain_name", this.cdn.outputs.domainName, "The CDN's own hostname (point the app's domain at it without a managed zone)");
      output(stack, "cdn_distribution_id", this.cdn.outputs.distributionId, "CDN distribution id (for cache invalidations)");
      if (this.cdn.outputs.bucketName) output(stack, "static_bucket", this.cdn.outputs.bucketName, "Bucket for static assets (served by the CDN)");
      if (this.cdn.certificate && !this.topology.dnsZoneId) output(stack, "cdn_certificate_validation", this.cdn.certificate.records, "DNS records that validate the CDN certificate");
    }
  }
}
