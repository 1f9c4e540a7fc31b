import { Construct } from "constructs";
import { renderersFor } from "../../providers";
import { catalogFor, regionInfo } from "../catalog";
import type { AlertDestination, MonitoringInput, RenderContext, Rendered, Replication, SecretRef } from "../core/contracts";
import { TierformError, formatValue } from "../core/errors";
import { parseOrThrow } from "../core/parse";
import { withoutTokenStackTraces } from "../core/stack-traces";
import { Annotations, DISABLE_STACK_TRACE_IN_METADATA, TerraformStack } from "../core/tf";
import { TierformStack } from "./stack";
import { Cdn } from "../components/cdn";
import { KubernetesCluster, VmFleet } from "../components/compute";
import { ContainerServices, exposedApp } from "../components/containers";
import { contextProps } from "../components/context";
import { FilesBucket, PostgresHa, RedisCluster } from "../components/data-stores";
import { Network } from "../components/network";
import { TIERFORM_TAG_KEYS } from "../model/common";
import { TopologySchema, type Topology, type TopologyProps } from "../model/topology";
import { usesVerticalPodAutoscaler } from "../model/workload";
import { planContainerServices } from "../plan/containers";
import { planHosts, regionalHost } from "../plan/hosts";
import { prefixOf } from "../plan/naming";
import { planRegions, type RegionPlan } from "../plan/regions";
import { sizeCache, sizeDatabase } from "../plan/sizing";
import { alertsOn, hasDestination } from "../model/monitoring";
import { topologyWarnings, type Warning } from "../plan/warnings";
import { configureBackend } from "./backend";
import type { PlatformStack } from "./platform";
import { addGlobalOutputs, addRegionOutputs } from "./outputs";

/**
 * Stack names of an environment: stable, so `cdktf deploy '<name>-<environment>-*'` selects them.
 * One region: `<name>-<env>-infra` and `-platform`. Several: `<name>-<env>-<code>-infra` and `-platform`
 * per region (code from the catalog, e.g. usw2) plus `<name>-<env>-global`.
 */
export function stackNames(t: Pick<Topology, "name" | "environment">, code?: string): { infra: string; platform: string; global: string } {
  const regional = code ? `${prefixOf(t)}-${code}` : prefixOf(t);
  return { infra: `${regional}-infra`, platform: `${regional}-platform`, global: `${prefixOf(t)}-global` };
}

/**
 * On Kubernetes and containers the load balancer serves the exposed workload: its port and readiness path are the
 * app's. Serverless services take the path their platform checks (`exposedApp`: the readiness path, else `/`), so the
 * CDN's origin check asks the same.
 */
function ingressApp(t: Topology): Topology["app"] {
  if (t.compute.kind === "containers") return exposedApp(t.workloads) ?? t.app;
  const exposed = t.workloads.find((w) => w.expose && w.port !== undefined);
  if (!exposed) return t.app;
  return { ...t.app, port: exposed.port!, healthCheckPath: exposed.readiness?.path ?? t.app.healthCheckPath };
}

/** How each kind of compute's apps log in to PostgreSQL (`PostgresInput.appLogins`). */
const APP_LOGINS = { kubernetes: "iam", vm: "admin", containers: "admin-pooled" } as const;

/** Where the app runs: servers, a cluster, or serverless container services. */
export type Compute = VmFleet | KubernetesCluster | ContainerServices;

/** Everything one region of an environment runs. */
export interface RegionalInfra {
  readonly plan: RegionPlan;
  readonly ctx: RenderContext;
  /** `<name>-<env>-infra`, or `<name>-<env>-<code>-infra` with several regions. */
  readonly stack: TerraformStack;
  readonly network: Network;
  readonly compute: Compute;
  /** Shard 1 first; one entry unless `database.shards` > 1. */
  readonly databases: readonly PostgresHa[];
  readonly cache?: RedisCluster;
  /** Primary region only. */
  readonly files?: FilesBucket;
  /** Single region only; with several the CDN lives in the global stack. */
  readonly cdn?: Cdn;
  readonly platform?: PlatformStack;
  /** The region's alert destination and managed-service alarms (`monitoring`), when any alert is on and has somewhere to go. */
  readonly alerts?: Rendered<AlertDestination>;
}

/** `database`, `database-shard-2`, …: shard 1 keeps the unsharded names, so adding shards never moves it. */
function shardIds(count: number): { id: string; suffix: string }[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? { id: "database", suffix: "" } : { id: `database-shard-${i + 1}`, suffix: `-s${i + 1}` }));
}

/**
 * One environment of an application. Parses the topology (every problem reported before anything is
 * created), then builds its stacks.
 *
 * One region: `<name>-<env>-infra` with the network, compute, data stores and edge; for Kubernetes also
 * `<name>-<env>-platform` with the add-ons and workloads, fed from the infra stack's outputs.
 *
 * Several regions (primary first): per region `<name>-<env>-<code>-infra` (network, cluster, its members of
 * the global database and cache) and `-platform`; secondaries apply after the primary. Then
 * `<name>-<env>-global` with the CDN, WAF and global traffic in front of every region. A failing apply in
 * one region never touches another's state.
 */
/**
 * Stack names come from the topology's name and environment, and cdktf writes each stack to a folder of that
 * name: a second environment with the same name would overwrite the first one's output without a word.
 */
function refuseTakenStackNames(env: Construct, t: Topology, codes: readonly (string | undefined)[]): void {
  const mine = new Set(codes.flatMap((code) => Object.values(stackNames(t, code))));
  const taken = env.node.root.node
    .findAll()
    .filter((c) => TerraformStack.isStack(c) && mine.has(c.node.id))
    .map((c) => c.node.id);
  if (taken.length === 0) return;
  throw new TierformError(`Invalid topology "${env.node.id}"`, [
    {
      path: "name",
      message: `expected a name and environment no other environment in this app uses (stack ${taken[0]} already exists)`,
      received: formatValue(`${t.name}-${t.environment}`),
    },
  ]);
}

export class Environment extends Construct {
  readonly topology: Topology;
  /** Every region, primary first. */
  readonly regions: readonly RegionalInfra[];
  /** Several regions only: the CDN, WAF and global traffic. */
  readonly global?: TerraformStack;
  /** The primary region's infra stack. */
  readonly infra: TerraformStack;
  readonly network: Network;
  readonly compute: Compute;
  /** The primary region's database (shard 1). */
  readonly database?: PostgresHa;
  readonly cache?: RedisCluster;
  readonly cdn?: Cdn;
  readonly files?: FilesBucket;
  /** Kubernetes tiers only: the primary region's platform stack. */
  readonly platform?: PlatformStack;
  readonly warnings: readonly Warning[];

  constructor(scope: Construct, id: string, props: TopologyProps) {
    super(scope, id);
    // Warnings carry no stack trace into cdktf's manifest: it would hold this machine's paths, and the id and path say where.
    this.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
    const t = parseOrThrow(TopologySchema, props, `topology "${id}"`);
    this.topology = t;
    const plans = planRegions(t.cloud, t.network.cidr, t.regions);
    const multi = plans.length > 1;
    refuseTakenStackNames(this, t, plans.map((p) => (multi ? p.code : undefined)));

    const regions: RegionalInfra[] = [];
    withoutTokenStackTraces(() => {
      for (const plan of plans) regions.push(this.buildRegion(t, plan, plans, regions[0]));
    });
    this.regions = regions;
    const primary = regions[0]!;
    this.infra = primary.stack;
    this.network = primary.network;
    this.compute = primary.compute;
    if (primary.databases[0]) this.database = primary.databases[0];
    if (primary.cache) this.cache = primary.cache;
    if (primary.files) this.files = primary.files;
    if (primary.platform) this.platform = primary.platform;
    if (primary.cdn) this.cdn = primary.cdn;

    if (multi) {
      const global = withoutTokenStackTraces(() => this.buildGlobal(t, regions));
      this.global = global.stack;
      if (global.cdn) this.cdn = global.cdn;
    }

    this.warnings = topologyWarnings(t);
    for (const w of this.warnings) Annotations.of(primary.stack).addWarning(`[${w.id}] ${w.path}: ${w.message}`);
  }

  private renderContext(t: Topology, prefix: string, region: string): RenderContext {
    const zones = regionInfo(catalogFor(t.cloud), region)!.zones.slice(0, t.network.zones);
    const [app, environment, tier] = TIERFORM_TAG_KEYS;
    const tags = { ...t.tags, [app]: t.name, [environment]: t.environment, [tier]: t.tier };
    return {
      cloud: t.cloud,
      prefix,
      region,
      zones,
      tags,
      production: t.production,
      logRetentionDays: t.logs.retentionDays,
      compliance: t.compliance,
      catalog: t.catalog,
      ...(t.project ? { project: t.project } : {}),
    };
  }

  private buildRegion(t: Topology, plan: RegionPlan, plans: readonly RegionPlan[], primary: RegionalInfra | undefined): RegionalInfra {
    const multi = plans.length > 1;
    const names = stackNames(t, multi ? plan.code : undefined);
    const base = this.renderContext(t, multi ? `${prefixOf(t)}-${plan.code}` : prefixOf(t), plan.region);
    const hosts = planHosts(t);

    const stack = new TierformStack(this, names.infra);
    configureBackend(stack, names.infra, t.backend);
    if (primary) stack.addDependency(primary.stack);
    const stackContext = renderersFor(t.cloud).configureStack(stack, { ctx: base, backend: t.backend, stackName: names.infra, edge: !multi && t.cdn !== undefined });
    const ctx = { ...base, ...stackContext };
    const context = contextProps(ctx);

    const shared = primary && catalogFor(t.cloud).globalNetwork ? { shared: primary.network.ref } : {};
    const network = new Network(stack, "network", { ...context, ...t.network, cidr: plan.cidr, kubernetes: t.compute.kind === "kubernetes", containers: t.compute.kind === "containers", ...shared });
    const connect = renderersFor(t.cloud).connectRegions;
    if (primary && connect) connect(new Construct(stack, "region-link"), { ctx, local: network.ref, remote: primary.network.ref, remoteRegion: primary.plan.region });
    const tls = { ...(hosts.domain ? { domain: hosts.domain } : {}), ...(t.dnsZoneId ? { dnsZoneId: t.dnsZoneId } : {}), ...(hosts.loadBalancerHost ? { originHost: hosts.loadBalancerHost } : {}) };

    let compute: Compute;
    if (t.compute.kind === "vm") {
      const { kind: _kind, ...vm } = t.compute;
      compute = new VmFleet(stack, "app", { ...context, ...vm, network: network.ref, app: t.app, loadBalancer: t.loadBalancer, ...tls });
    } else if (t.compute.kind === "containers") {
      const { kind: _kind, ...containers } = t.compute;
      compute = new ContainerServices(stack, "services", { ...context, ...containers, network: network.ref, workloads: t.workloads, loadBalancer: t.loadBalancer, ...tls });
    } else {
      const { kind: _kind, ...k8s } = t.compute;
      const globalIngress = multi ? { globalIngress: { regionalHost: regionalHost(hosts.loadBalancerHost!, plan.code) } } : {};
      compute = new KubernetesCluster(stack, "cluster", { ...context, ...k8s, network: network.ref, app: ingressApp(t), loadBalancer: t.loadBalancer, domain: hosts.domain!, ...tls, ...globalIngress, verticalPodAutoscaler: usesVerticalPodAutoscaler(t.workloads) });
    }
    const wired = { network: network.ref, clients: [compute.outputs.clientGroup] };
    const replication = (group: string, from: { replicationSource?: string; credentials?: SecretRef; endpoint: string; attributes?: Readonly<Record<string, string>> } | undefined): { replication?: Replication } =>
      multi
        ? {
            replication: {
              role: primary ? "secondary" : "primary",
              group,
              primaryRegion: t.regions[0]!,
              peerCidrs: plans.filter((p) => p.region !== plan.region).map((p) => p.cidr),
              ...(from?.replicationSource ? { source: from.replicationSource } : {}),
              ...(from?.credentials ? { sourceCredentials: from.credentials } : {}),
              ...(from ? { sourceEndpoint: from.endpoint } : {}),
              ...(from?.attributes ? { sourceAttributes: from.attributes } : {}),
            },
          }
        : {};

    const databases = t.database
      ? shardIds(t.database.shards).map(({ id, suffix }, i) => {
          const { shards: _shards, ...db } = t.database!;
          return new PostgresHa(stack, id, { ...context, name: `${ctx.prefix}${suffix}`, ...db, ...wired, appLogins: APP_LOGINS[t.compute.kind], ...replication(`${prefixOf(t)}${suffix}-pg`, primary?.databases[i]?.outputs) });
        })
      : [];
    const cache = t.cache
      ? new RedisCluster(stack, "cache", { ...context, ...t.cache, ...wired, ...replication(`${prefixOf(t)}-redis`, primary?.cache?.outputs) })
      : undefined;
    const files = t.files && !primary ? new FilesBucket(stack, "files", { ...context, ...t.files }) : undefined;

    let cdn: Cdn | undefined;
    if (t.cdn && !multi) {
      const { appOrigin: routeApp, ...spec } = t.cdn;
      const origin = compute.outputs.loadBalancer;
      cdn = new Cdn(stack, "cdn", {
        ...context,
        ...spec,
        routeApp,
        domain: hosts.domain!,
        ...(t.dnsZoneId ? { dnsZoneId: t.dnsZoneId } : {}),
        ...(origin ? { appOrigin: { host: origin.host, healthCheckPath: ingressApp(t).healthCheckPath, ...(origin.target ? { target: origin.target } : {}) } } : {}),
      });
    }

    const connections = {
      ...(databases[0] ? { database: databases[0].outputs } : {}),
      ...(databases[0] && t.database?.pooling ? { pooling: t.database.pooling } : {}),
      ...(cache ? { cache: cache.outputs } : {}),
      ...(files ? { files: files.outputs } : primary?.files ? { files: primary.files.outputs } : {}),
    };
    if (compute instanceof VmFleet || compute instanceof ContainerServices) compute.connect(connections);
    // After connect: serverless services exist only then, and their alarms watch them.
    const alerts = this.buildAlerts(stack, ctx, t, { databases, ...(cache ? { cache } : {}), compute, ...(cdn && t.cdn?.appOrigin ? { edge: cdn } : {}) }, multi ? (primary ? "secondary" : "primary") : undefined);

    let platform: PlatformStack | undefined;
    if (compute instanceof KubernetesCluster) {
      // The Kubernetes and Helm bindings load with the first platform stack (src/core/lazy.ts).
      const { PlatformStack } = require("./platform") as typeof import("./platform");
      platform = new PlatformStack(this, names.platform, {
        topology: { ...t, network: { ...t.network, cidr: plan.cidr } },
        ctx,
        cluster: compute.outputs,
        connections,
        renderers: renderersFor(t.cloud).platform,
        infra: stack,
        // Extensions replicate from the primary; a replica is read-only.
        ...(primary ? { secondaryRegion: true } : {}),
        network: network.ref,
        ...(multi ? { peerCidrs: plans.filter((p) => p.region !== plan.region).map((p) => p.cidr) } : {}),
      });
    }
    const region: RegionalInfra = {
      plan,
      ctx,
      stack,
      network,
      compute,
      databases,
      ...(cache ? { cache } : {}),
      ...(files ? { files } : {}),
      ...(cdn ? { cdn } : {}),
      ...(platform ? { platform } : {}),
      ...(alerts ? { alerts } : {}),
    };
    addRegionOutputs(stack, region, { multi, dnsZoneManaged: t.dnsZoneId !== undefined });
    return region;
  }

  /** The region's alert destination and the alarms on what it runs (every region has its own: alarms are regional). */
  private buildAlerts(
    stack: TerraformStack,
    ctx: RenderContext,
    t: Topology,
    built: { databases: readonly PostgresHa[]; cache?: RedisCluster; compute: Compute; edge?: Cdn },
    role: "primary" | "secondary" | undefined,
  ): Rendered<AlertDestination> | undefined {
    if (!alertsOn(t.monitoring) || !hasDestination(t.monitoring)) return undefined;
    const replication = role ? { replication: role } : {};
    const db = t.database;
    const databases = db
      ? built.databases.map((d, i) => ({ label: i === 0 ? "pg" : `pg-s${i + 1}`, spec: db, raw: d.raw, machine: sizeDatabase(t.cloud, db.shape, db.instanceClass), ...replication }))
      : [];
    const c = t.cache;
    const cache = c && built.cache ? { label: "redis", spec: c, raw: built.cache.raw, machine: sizeCache(t.cloud, c.memoryGiB, c.nodeType, c.mode), ...replication } : undefined;
    const labels = { vm: "app", kubernetes: "cluster", containers: "services" } as const;
    const compute = { label: labels[t.compute.kind], spec: t.compute, raw: built.compute.raw } as MonitoringInput["compute"];
    return renderersFor(t.cloud).monitoring(new Construct(stack, "alerts"), {
      ctx,
      spec: t.monitoring,
      databases,
      ...(cache ? { cache } : {}),
      compute,
      kind: t.compute.kind,
      ...(built.edge ? { edge: built.edge.raw } : {}),
      ...(t.compute.kind === "containers" ? { services: planContainerServices(t.cloud, t.workloads) } : {}),
    });
  }

  private buildGlobal(t: Topology, regions: readonly RegionalInfra[]): { stack: TerraformStack; cdn?: Cdn } {
    const name = stackNames(t).global;
    const primaryRegion = regions[0]!.plan.region;
    const base = this.renderContext(t, prefixOf(t), primaryRegion);
    const hosts = planHosts(t);
    const stack = new TierformStack(this, name);
    configureBackend(stack, name, t.backend);
    for (const r of regions) stack.addDependency(r.stack);
    const renderers = renderersFor(t.cloud);
    const stackContext = renderers.configureStack(stack, { ctx: base, backend: t.backend, stackName: name, edge: true });
    const ctx = { ...base, ...stackContext };
    const context = contextProps(ctx);

    const app = ingressApp(t);
    const origins = renderers.globalOrigins(new Construct(stack, "traffic"), {
      ctx,
      app,
      loadBalancer: t.loadBalancer,
      host: hosts.loadBalancerHost!,
      regions: regions.map((r) => ({ region: r.plan.region, cluster: (r.compute as KubernetesCluster).outputs })),
    });
    const { appOrigin: routeApp, ...spec } = t.cdn!;
    const cdn = new Cdn(stack, "cdn", {
      ...context,
      ...spec,
      routeApp,
      domain: hosts.domain!,
      ...(t.dnsZoneId ? { dnsZoneId: t.dnsZoneId } : {}),
      appOrigins: origins.outputs,
      failoverRegion: regions[1]!.plan.region,
    });
    const [first, ...rest] = regions;
    if (t.cache && renderers.globalCacheLinks && first?.cache) {
      renderers.globalCacheLinks(new Construct(stack, "cache-replication"), {
        ctx,
        primary: first.cache.outputs,
        secondaries: rest.map((r) => r.cache!.outputs),
        group: `${prefixOf(t)}-redis`,
      });
    }
    // The CDN carries every region's traffic: its alerts go where the primary region's go.
    const destination = regions[0]!.alerts?.outputs.ids;
    if (destination && renderers.edgeMonitoring) renderers.edgeMonitoring(new Construct(stack, "alerts"), { ctx, spec: t.monitoring, edge: cdn.raw, destination });
    addGlobalOutputs(stack, cdn, regions, t.dnsZoneId !== undefined);
    return { stack, cdn };
  }
}
