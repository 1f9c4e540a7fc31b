import { createHash } from "node:crypto";
import type { Construct } from "constructs";
import { DeploymentV1, NamespaceV1, NetworkPolicyV1, PodDisruptionBudgetV1, SecretV1, ServiceAccountV1, ServiceV1 } from "./objects";
import type { PoolerSidecar, WorkloadIdentity } from "../core/contracts";
import type { TerraformResource } from "../core/tf";
import type { PoolingSpec } from "../model/database";
import type { Taint } from "../model/compute";
import { POOLER_WORKLOAD } from "../model/workload";
import { RESTRICTED_CONTAINER } from "./security";
import { egressRules, POOL_ROLE_LABEL, type EgressPlan } from "./workload";

/** The platform's pooler: its workload, namespace suffix and Kubernetes names (a workload may not take them). */
export const PGBOUNCER_WORKLOAD = POOLER_WORKLOAD;
/** PgBouncer's customary port: apps connect here, through the Service. */
export const PGBOUNCER_PORT = 6432;
/** PgBouncer, an exact release (CloudNativePG's image, which runs it unprivileged). */
export const PGBOUNCER_IMAGE = "ghcr.io/cloudnative-pg/pgbouncer:1.24.1";
/** Two pods in different zones where the pool allows, one evictable at a time: a drain never cuts every app off. */
export const PGBOUNCER_REPLICAS = 2;
const CONFIG_PATH = "/etc/pgbouncer";

export interface PgBouncerInput {
  readonly namespace: string;
  readonly identity: WorkloadIdentity;
  /** The PostgreSQL user every server connection logs in as: the pooler's own IAM login, a member of the app role. */
  readonly user: string;
  readonly databaseName: string;
  readonly pooling: PoolingSpec;
  readonly upstream: PoolerSidecar;
  /** The apps' namespaces: the only sources admitted on 6432. */
  readonly clientNamespaces: readonly string[];
  /** DNS, the database's ranges on the upstream's port, HTTPS and the identity endpoints. */
  readonly egress: EgressPlan;
  /** Taints of the general pool, where the pooler runs. */
  readonly taints: readonly Taint[];
}

/**
 * pgbouncer.ini. Every server connection goes to the sidecar on 127.0.0.1 as the pooler's login (`user=` forces it),
 * so there is one pool; the database's cap is split between the replicas so that together they stay under it, and
 * each replica accepts `max_client_conn` clients (during a drain one replica takes them all). `auth_type = any`:
 * PgBouncer does not check who the client is (apps' IAM tokens cannot be verified by it); the NetworkPolicy admitting
 * only the apps' namespaces is the boundary.
 */
export function pgbouncerIni(o: { databaseName: string; user: string; upstreamPort: number; pooling: PoolingSpec; replicas: number }): string {
  const maxDb = Math.max(1, Math.floor(o.pooling.maxDatabaseConnections / o.replicas));
  return [
    "[databases]",
    `${o.databaseName} = host=127.0.0.1 port=${o.upstreamPort} dbname=${o.databaseName} user=${o.user}`,
    "",
    "[pgbouncer]",
    "listen_addr = 0.0.0.0",
    `listen_port = ${PGBOUNCER_PORT}`,
    // No Unix socket and no pid file: the root filesystem is read-only.
    "unix_socket_dir =",
    "auth_type = any",
    `pool_mode = ${o.pooling.mode}`,
    `max_client_conn = ${o.pooling.maxClientConnections}`,
    `default_pool_size = ${Math.min(o.pooling.defaultPoolSize, maxDb)}`,
    `max_db_connections = ${maxDb}`,
    // The proxy encrypts to Cloud SQL; the hop to it is loopback.
    "server_tls_sslmode = disable",
    "ignore_startup_parameters = extra_float_digits,options",
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
}

/**
 * The PgBouncer Deployment on the platform stack: its namespace, service account (the pooler's cloud identity),
 * config, Deployment (two replicas, restricted and read-only, PgBouncer plus the upstream sidecar), ClusterIP Service,
 * PodDisruptionBudget and NetworkPolicy (6432 only from the apps' namespaces; egress to DNS, the database's upstream
 * port, HTTPS and the identity endpoints).
 */
export function renderPgBouncer(scope: Construct, input: PgBouncerInput): Record<string, TerraformResource> {
  const name = PGBOUNCER_WORKLOAD;
  const selector = { "app.kubernetes.io/name": name };
  const labels = { ...selector, "app.kubernetes.io/managed-by": "tierform" };
  const ns = new NamespaceV1(scope, "namespace", { metadata: { name: input.namespace, labels: { "tierform.dev/workload": name } } });
  const meta = (n: string) => ({ name: n, namespace: ns.metadata.name, labels });
  const account = new ServiceAccountV1(scope, "service-account", { metadata: { ...meta(name), annotations: { ...input.identity.annotations } } });
  const ini = pgbouncerIni({ databaseName: input.databaseName, user: input.user, upstreamPort: input.upstream.port, pooling: input.pooling, replicas: PGBOUNCER_REPLICAS });
  // A Secret, not a ConfigMap, though it holds no secret (no passwords: the proxy logs in with IAM): the lint's rule
  // set covers Secrets, and the config names the pooler's login.
  const config = new SecretV1(scope, "config", { metadata: meta(`${name}-config`), data: { "pgbouncer.ini": ini } });
  const sidecar = input.upstream;
  const deployment = new DeploymentV1(scope, "deployment", {
    metadata: meta(name),
    spec: {
      replicas: String(PGBOUNCER_REPLICAS),
      selector: { matchLabels: selector },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "0", maxSurge: "1" } },
      template: {
        // A changed config rolls the pods.
        metadata: { labels: { ...labels, ...input.identity.podLabels }, annotations: { "tierform.dev/config-hash": createHash("sha256").update(ini).digest("hex").slice(0, 16) } },
        spec: {
          serviceAccountName: account.metadata.name,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: "70", runAsGroup: "70", seccompProfile: { type: "RuntimeDefault" } },
          nodeSelector: { [POOL_ROLE_LABEL]: "general" },
          toleration: input.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })),
          topologySpreadConstraint: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: [{ matchLabels: selector }] },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: [{ matchLabels: selector }] },
          ],
          // The proxy waits up to 30 s for open connections on SIGTERM.
          terminationGracePeriodSeconds: 45,
          volume: [
            { name: "config", secret: { secretName: config.metadata.name, defaultMode: "0444" } },
            { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
          ],
          container: [
            {
              name,
              image: PGBOUNCER_IMAGE,
              imagePullPolicy: "IfNotPresent",
              command: ["pgbouncer", `${CONFIG_PATH}/pgbouncer.ini`],
              port: [{ containerPort: PGBOUNCER_PORT, name: "postgres" }],
              resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "256Mi" } },
              securityContext: RESTRICTED_CONTAINER,
              volumeMount: [
                { name: "config", mountPath: CONFIG_PATH, readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
              readinessProbe: { tcpSocket: [{ port: String(PGBOUNCER_PORT) }], periodSeconds: 10 },
              livenessProbe: { tcpSocket: [{ port: String(PGBOUNCER_PORT) }], periodSeconds: 20, initialDelaySeconds: 10 },
            },
            {
              name: sidecar.name,
              image: sidecar.image,
              imagePullPolicy: "IfNotPresent",
              args: [...sidecar.args],
              resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
              securityContext: { ...RESTRICTED_CONTAINER, runAsUser: String(sidecar.runAsUser), runAsGroup: String(sidecar.runAsUser) },
              ...(sidecar.healthPort !== undefined
                ? {
                    port: [{ containerPort: sidecar.healthPort, name: "health" }],
                    readinessProbe: { httpGet: { path: "/readiness", port: String(sidecar.healthPort) }, periodSeconds: 10 },
                    livenessProbe: { httpGet: { path: "/liveness", port: String(sidecar.healthPort) }, periodSeconds: 20, initialDelaySeconds: 10 },
                  }
                : {}),
            },
          ],
        },
      },
    },
    waitForRollout: false,
  });
  const service = new ServiceV1(scope, "service", {
    metadata: meta(name),
    spec: { selector, type: "ClusterIP", port: [{ name: "postgres", port: PGBOUNCER_PORT, targetPort: String(PGBOUNCER_PORT) }] },
  });
  const disruptionBudget = new PodDisruptionBudgetV1(scope, "disruption-budget", {
    metadata: meta(name),
    spec: { maxUnavailable: "1", selector: { matchLabels: selector } },
  });
  const networkPolicy = new NetworkPolicyV1(scope, "network-policy", {
    metadata: { name, namespace: ns.metadata.name },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...input.clientNamespaces].sort() }] } }],
          ports: [{ port: String(PGBOUNCER_PORT), protocol: "TCP" }],
        },
      ],
      egress: egressRules(input.egress),
    },
  });
  return { namespace: ns, serviceAccount: account, config, deployment, service, disruptionBudget, networkPolicy };
}

/** The pooler's address inside the cluster. */
export const pgbouncerHost = (namespace: string) => `${PGBOUNCER_WORKLOAD}.${namespace}.svc.cluster.local`;
