import { Construct } from "constructs";
import type { AppConnections, ClusterOutputs, DatabaseLogin, PoolerOutputs, NetworkRef, PlatformRenderers, RenderContext, RegionLayout, WorkloadIdentity } from "../core/contracts";
import { TerraformStack } from "../core/tf";
import { TierformStack } from "./stack";
import type { TerraformResource } from "../core/tf";
import { NamespaceV1, NetworkPolicyV1, ServiceAccountV1 } from "../kubernetes/objects";
import { renderAddons, metricsOf } from "../kubernetes/addons";
import { workloadRules } from "../kubernetes/alerts";
import { POOL_ROLE_LABEL } from "../kubernetes/workload";
import { connectionData } from "../kubernetes/connection";
import { renderExtensionsJob, setupSql } from "../kubernetes/extensions-job";
import { PGBOUNCER_PORT, PGBOUNCER_WORKLOAD, pgbouncerHost, renderPgBouncer } from "../kubernetes/pgbouncer";
import { configureClusterProviders } from "../kubernetes/providers";
import { egressRules, renderWorkload, type EgressPlan } from "../kubernetes/workload";
import { planRegionalRanges, planSubnets } from "../plan/subnets";
import type { Topology } from "../model/topology";
import { EXTENSIONS_NAMESPACE_SUFFIX, EXTENSIONS_WORKLOAD, usesVerticalPodAutoscaler, workloadNamespace, type WorkloadSpec } from "../model/workload";
import { configureBackend } from "./backend";

export interface PlatformInput {
  readonly topology: Topology;
  readonly ctx: RenderContext;
  readonly cluster: ClusterOutputs;
  readonly connections: AppConnections;
  readonly renderers: PlatformRenderers;
  /** The infra stack: cloud identities for the workloads are cloud resources and live there. */
  readonly infra: TerraformStack;
  /** A secondary region: its database is a read-only replica, so extensions are created in the primary only. */
  readonly secondaryRegion?: boolean;
  /** This region's network: where its data stores take their addresses (NetworkPolicy egress). */
  readonly network: NetworkRef;
  /** The other regions' blocks (multi-region): a secondary may write to a store there. */
  readonly peerCidrs?: readonly string[];
}

const CLUSTER_AUTOSCALER_SA = "cluster-autoscaler";
/** From the origin documents: scale a node pool down after 10 minutes under 50 % utilisation. */
const SCALE_DOWN = { unneededTime: "10m", utilizationThreshold: "0.5" };

/**
 * The platform stack of a Kubernetes environment: everything that talks to the Kubernetes API, with the
 * kubernetes and helm providers fed from the infra stack's outputs (cross-stack references, so
 * `cdktf deploy '<env>-*'` applies infra first). Workload identities are cloud resources: they are added
 * to the infra stack.
 */
export class PlatformStack extends TierformStack {
  readonly workloads: Record<string, Record<string, TerraformResource>> = {};
  readonly addons: Record<string, TerraformResource>;

  constructor(scope: Construct, id: string, input: PlatformInput) {
    super(scope, id);
    const { topology: t, ctx, cluster, connections, renderers } = input;
    if (t.compute.kind !== "kubernetes") throw new Error("tierform: a platform stack needs a Kubernetes topology (a bug)");
    const compute = t.compute;
    configureBackend(this, id, t.backend);
    this.addDependency(input.infra);
    configureClusterProviders(this, cluster);

    const identity = (name: string, namespace: string, serviceAccount: string, c: AppConnections): WorkloadIdentity =>
      renderers.workloadIdentity(new Construct(input.infra, `workload-${name}`), { ctx, cluster, name, namespace, serviceAccount, connections: c });

    const caIdentity = renderers.addons.clusterAutoscaler
      ? renderers.clusterAutoscalerIdentity(new Construct(input.infra, "cluster-autoscaler"), { ctx, cluster, namespace: "kube-system", serviceAccount: CLUSTER_AUTOSCALER_SA })
      : undefined;
    const metrics = metricsOf(t.workloads);
    this.addons = renderAddons(new Construct(this, "addons"), {
      metricsServer: renderers.addons.metricsServer,
      ...(caIdentity ? { clusterAutoscaler: { clusterName: cluster.name, region: ctx.region, kubernetesVersion: compute.version, serviceAccount: CLUSTER_AUTOSCALER_SA } } : {}),
      gpuDevicePlugin: renderers.addons.gpuDevicePlugin && compute.nodePools.some((p) => p.role === "gpu"),
      // GKE and AKS run their own VPA, turned on in the infra stack when a workload has one.
      verticalPodAutoscaler: renderers.addons.verticalPodAutoscaler && usesVerticalPodAutoscaler(t.workloads),
      podsMetrics: metrics.pods,
      externalMetrics: metrics.external,
      scaleDown: SCALE_DOWN,
      ...(t.monitoring.alerts.workloads || t.monitoring.alerts.compute
        ? {
            alerts: {
              rules: workloadRules(t.monitoring.thresholds, t.monitoring.alerts.workloads, t.monitoring.alerts.compute ? compute.nodePools : []),
              ...(t.monitoring.notify?.webhook ? { webhook: t.monitoring.notify.webhook } : {}),
              nodeLabel: POOL_ROLE_LABEL,
            },
          }
        : {}),
      ...(t.monitoring.grafana ? { grafana: true } : {}),
    });

    const { egress: storeEgress, databaseEgress, databaseRanges } = egressOf(t, ctx, input);
    const pooler = this.renderPooler(t, input, identity, databaseRanges);
    // With the platform's own pooler, apps connect to its Service (and may reach its pods); the rest is as before.
    const appConnections: AppConnections = pooler ? { ...connections, database: { ...connections.database!, pooler: pooler.outputs } } : connections;
    const egress: EgressPlan = pooler ? { ...storeEgress, pods: [pooler.peer] } : storeEgress;
    const connection = connectionData(appConnections, { writers: true });
    const logins: DatabaseLogin[] = [];
    for (const w of t.workloads) {
      const namespace = workloadNamespace(t.platform, w.name);
      const id = identity(w.name, namespace, w.name, connections);
      if (id.databaseLogin) logins.push(id.databaseLogin);
      this.workloads[w.name] = renderWorkload(new Construct(this, `workload-${w.name}`), {
        spec: w,
        namespace,
        identity: id,
        connection: id.databaseLogin ? withDatabaseLogin(connection, id.databaseLogin, appConnections.database?.pooler) : connection,
        placement: placementOf(w, compute.nodePools, renderers),
        ...(w.expose && w.port !== undefined
          ? { exposed: renderers.exposedService({ ctx, cluster, port: w.port, nodePort: t.loadBalancer.nodePort, networkCidr: t.network.cidr }) }
          : {}),
        egress,
        ...(this.addons["verticalPodAutoscaler"] ? { vpaDependsOn: [this.addons["verticalPodAutoscaler"]] } : {}),
      });
    }

    // The pooler's login joins the app role with the apps' (every pooled connection acts as it).
    if (pooler) logins.push(pooler.login);
    const db = connections.database;
    const access = renderers.database;
    if (db && t.database && t.platform.pgvectorJob && (!input.secondaryRegion || (access.regionalLogins && logins.length > 0))) {
      const scope = new Construct(this, EXTENSIONS_WORKLOAD);
      const namespace = workloadNamespace(t.platform, EXTENSIONS_NAMESPACE_SUFFIX);
      const admin = access.admin(new Construct(input.infra, `workload-${EXTENSIONS_WORKLOAD}`), { ctx, cluster, namespace, serviceAccount: EXTENSIONS_WORKLOAD, database: db });
      const ns = new NamespaceV1(scope, "namespace", { metadata: { name: namespace } });
      const account = new ServiceAccountV1(scope, "service-account", { metadata: { name: EXTENSIONS_WORKLOAD, namespace: ns.metadata.name, annotations: { ...admin.identity.annotations } } });
      new NetworkPolicyV1(scope, "network-policy", {
        metadata: { name: EXTENSIONS_WORKLOAD, namespace: ns.metadata.name },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: egressRules(databaseEgress) },
      });
      const loginSql = access.loginSql(db.appRole, logins);
      // A pooler with a login role of its own (RDS Proxy): the Job creates the role and sets its password.
      const poolerUser = db.pooler?.loginSecret ? db.pooler.user : undefined;
      renderExtensionsJob(scope, {
        namespace: ns.metadata.name,
        serviceAccount: account.metadata.name,
        admin,
        // A secondary region's own logins go to the writer; extensions and grants there are no-ops.
        sql: setupSql({ databaseName: db.database, appRole: db.appRole, extensions: t.database.extensions, loginSql, ...(poolerUser ? { poolerUser } : {}) }),
        key: JSON.stringify({ extensions: t.database.extensions, appRole: db.appRole, logins: logins.map((l) => l.user), ...(poolerUser ? { poolerUser } : {}) }),
        connection: { host: db.writerEndpoint ?? db.endpoint, port: db.port, database: db.database },
        sslMode: access.sslMode,
        ...(poolerUser ? { poolerUser } : {}),
      });
    }
  }

  /**
   * The platform's own PgBouncer, where the cloud has no managed pooler for Kubernetes tiers (GCP): with
   * `database.pooling` and workloads to serve, in every region. Its cloud identity logs in to the database through the
   * upstream sidecar; the setup Job lets that login into the app role. In a secondary region the upstream is the
   * writable primary (the database's `attributes` name it), so writes through the pooler reach it.
   */
  private renderPooler(
    t: Topology,
    input: PlatformInput,
    identity: (name: string, namespace: string, serviceAccount: string, c: AppConnections) => WorkloadIdentity,
    databaseRanges: readonly string[],
  ) {
    const upstream = input.renderers.pgbouncer;
    const db = input.connections.database;
    const pooling = t.database?.pooling;
    if (!upstream || !db || !pooling || db.pooler || t.workloads.length === 0) return undefined;
    if (t.compute.kind !== "kubernetes") return undefined;
    const namespace = workloadNamespace(t.platform, PGBOUNCER_WORKLOAD);
    const id = identity(PGBOUNCER_WORKLOAD, namespace, PGBOUNCER_WORKLOAD, { database: db });
    if (!id.databaseLogin) throw new Error("tierform: the pooler's identity has no database login (a bug)");
    const general = t.compute.nodePools.find((p) => p.role === "general");
    const resources = renderPgBouncer(new Construct(this, PGBOUNCER_WORKLOAD), {
      namespace,
      identity: id,
      user: id.databaseLogin.user,
      databaseName: db.database,
      pooling,
      upstream: upstream.sidecar(db),
      clientNamespaces: t.workloads.map((w) => workloadNamespace(t.platform, w.name)),
      // Upstream: the database's ranges on the sidecar's port; HTTPS (token exchange, the SQL Admin API) and the
      // identity endpoints (GKE metadata server) as every workload has them.
      egress: { dataStores: [{ port: String(upstream.databasePort), cidrs: databaseRanges }], identityEndpoints: input.renderers.identityEndpoints },
      taints: general?.taints ?? [],
    });
    this.workloads[PGBOUNCER_WORKLOAD] = resources;
    return {
      login: id.databaseLogin,
      outputs: { endpoint: pgbouncerHost(namespace), port: PGBOUNCER_PORT } satisfies PoolerOutputs,
      peer: { namespace, selector: { "app.kubernetes.io/name": PGBOUNCER_WORKLOAD }, port: String(PGBOUNCER_PORT) },
    };
  }
}

/**
 * A workload's connection data when it logs in with IAM authentication: its own user, and no reference to the
 * admin secret (only the setup Job can read it).
 */
function withDatabaseLogin(connection: Record<string, string>, login: DatabaseLogin, pooler?: PoolerOutputs): Record<string, string> {
  const { DATABASE_SECRET_STORE: _store, DATABASE_SECRET_REF: _ref, ...rest } = connection;
  // Through RDS Proxy apps log in as its login role (their IAM grant names it); directly, as themselves.
  return { ...rest, DATABASE_USER: pooler?.user ?? login.user, DATABASE_DIRECT_USER: login.user, DATABASE_AUTH: "iam" };
}

/**
 * Where pods may connect: each data store's port only to the ranges the cloud puts it in (this region's and,
 * where writes may cross regions, the peers'), and the cloud's identity endpoints. The Job that creates the
 * database's extensions reaches the database only.
 */
function egressOf(t: Topology, ctx: RenderContext, input: PlatformInput): { egress: EgressPlan; databaseEgress: EgressPlan; databaseRanges: readonly string[] } {
  const { connections, renderers } = input;
  // Every region is laid out alike, with as many zones (only their count matters to the address plan).
  const layout = (cidr: string): RegionLayout => ({ cidr, subnets: planSubnets(cidr, ctx.zones), regional: planRegionalRanges(cidr) });
  const ranges = renderers.dataStoreRanges({
    local: layout(t.network.cidr),
    peers: (input.peerCidrs ?? []).map(layout),
    network: input.network,
    connections,
    ...(t.cache ? { cacheMode: t.cache.mode } : {}),
  });
  const db = connections.database;
  // The pooler's port where it differs (Azure's PgBouncer listens on 6432 on the server itself).
  const ports = db ? [...new Set([db.port, ...(db.pooler ? [db.pooler.port] : [])])] : [];
  const database = ports.map((port) => ({ port: String(port), cidrs: ranges.database }));
  const cache = connections.cache ? [{ port: String(connections.cache.port), cidrs: ranges.cache }] : [];
  const identityEndpoints = renderers.identityEndpoints;
  // The setup Job connects to the database itself, never through the pooler.
  const direct = db ? [{ port: String(db.port), cidrs: ranges.database }] : [];
  return { egress: { dataStores: [...database, ...cache], identityEndpoints }, databaseEgress: { dataStores: direct, identityEndpoints }, databaseRanges: ranges.database };
}

/** The taints of the pool a workload runs on, and the cloud's extra tolerations for spot capacity. */
function placementOf(w: WorkloadSpec, pools: Extract<Topology["compute"], { kind: "kubernetes" }>["nodePools"], renderers: PlatformRenderers) {
  const pool = pools.find((p) => p.role === w.pool);
  return { taints: pool?.taints ?? [], cloudTolerations: w.pool === "spot" ? renderers.spotTolerations : [] };
}
