import { createHash } from "node:crypto";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import type { Construct } from "constructs";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import type { ClusterOutputs, PlatformRenderers, RenderContext, WorkloadIdentity } from "../../src/core/contracts";
import { networkAttribute } from "../../src/core/network-ref";
import { Fn } from "../../src/core/tf";
import { sqlIdentifier } from "../../src/kubernetes/sql";
import { EXTENSIONS_WORKLOAD } from "../../src/model/workload";
import { GOOGLE_LB_RANGES, projectOf } from "./common";
import { grantDataAccess } from "./identity";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";

const CLOUD_SDK_IMAGE = "gcr.io/google.com/cloudsdktool/google-cloud-cli:535.0.0-stable";
/** The Cloud SQL Auth Proxy v2, an exact release (distroless, runs as `nonroot`). */
export const CLOUD_SQL_PROXY_IMAGE = "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.17.1";
/** Where the proxy listens for PgBouncer (loopback only) and serves `/liveness` and `/readiness`. */
const PROXY_PORT = 5432;
const PROXY_HEALTH_PORT = 9090;

/** Service account ids are 6–30 characters: the workload's name and a short hash of the environment. */
function accountId(prefix: string, name: string): string {
  const hash = createHash("sha256").update(prefix).digest("hex").slice(0, 6);
  return `${name.slice(0, 22)}-${hash}`;
}

/**
 * GKE brings metrics-server, its own node autoscaling and the NVIDIA drivers and device plugin, so the
 * platform adds none of them. Workloads use Workload Identity: a Google service account per workload,
 * impersonated by the Kubernetes service account; the exposed workload is a NodePort behind the infra
 * stack's global load balancer.
 */
/** The IAM database user of a workload's service account: its email without `.gserviceaccount.com`. */
function iamDatabaseUser(ctx: RenderContext, name: string): string {
  return `${accountId(ctx.prefix, name)}@${projectOf(ctx)}.iam`;
}

/** A Google service account per workload, impersonated by its Kubernetes service account (Workload Identity). */
function googleServiceAccount(scope: Construct, ctx: RenderContext, cluster: ClusterOutputs, name: string, namespace: string, serviceAccount: string) {
  // Through the cluster's attribute: the binding waits for the cluster, whose creation creates the pool.
  const pool = cluster.workloadIdentityPool ?? `${projectOf(ctx)}.svc.id.goog`;
  const account = new ServiceAccount(scope, `wl-${name}-sa`, { accountId: accountId(ctx.prefix, name), displayName: `${ctx.prefix} ${name}`, description: `Workload ${namespace}/${serviceAccount}` });
  const member = `serviceAccount:${account.email}`;
  const binding = new ServiceAccountIamMember(scope, `wl-${name}-binding`, {
    serviceAccountId: account.name,
    role: "roles/iam.workloadIdentityUser",
    member: `serviceAccount:${pool}[${namespace}/${serviceAccount}]`,
  });
  return { account, member, binding, annotations: { "iam.gke.io/gcp-service-account": account.email } };
}

export const gcpPlatform: PlatformRenderers = {
  addons: { metricsServer: false, clusterAutoscaler: false, gpuDevicePlugin: false, verticalPodAutoscaler: false },
  workloadIdentity(scope, { ctx, cluster, name, namespace, serviceAccount, connections }): WorkloadIdentity {
    const { account, member, binding, annotations } = googleServiceAccount(scope, ctx, cluster, name, namespace, serviceAccount);
    const grants = grantDataAccess(scope, ctx, member, connections, `wl-${name}`);
    const db = connections.database;
    if (!db) return { annotations, podLabels: {}, raw: { account, binding, grants } };
    // IAM database authentication: a Cloud SQL user for the account on the writable instance (users replicate).
    const login = new SqlUser(scope, `wl-${name}-db-login`, {
      name: Fn.trimsuffix(account.email, ".gserviceaccount.com"),
      instance: db.attributes?.["instance"] ?? "",
      type: "CLOUD_IAM_SERVICE_ACCOUNT",
      deletionPolicy: "ABANDON",
    });
    return { annotations, podLabels: {}, databaseLogin: { user: iamDatabaseUser(ctx, name) }, raw: { account, binding, grants, login } };
  },
  clusterAutoscalerIdentity() {
    throw new Error("tierform: GKE scales nodes itself; no cluster-autoscaler identity (a bug: addons.clusterAutoscaler is false)");
  },
  exposedService({ port, nodePort, networkCidr }) {
    return { type: "NodePort", port, nodePort, annotations: {}, sourceCidrs: [networkCidr, ...GOOGLE_LB_RANGES] };
  },
  database: {
    admin(scope, { ctx, cluster, namespace, serviceAccount, database }) {
      const { account, member, binding, annotations } = googleServiceAccount(scope, ctx, cluster, EXTENSIONS_WORKLOAD, namespace, serviceAccount);
      const secret = new SecretManagerSecretIamMember(scope, `wl-${EXTENSIONS_WORKLOAD}-admin-secret`, { secretId: database.credentials.id, role: "roles/secretmanager.secretAccessor", member });
      return {
        identity: { annotations, podLabels: {}, raw: { account, binding, secret } },
        user: database.username,
        fetcher: {
          image: CLOUD_SDK_IMAGE,
          command: ["sh", "-c", 'set -eu; umask 077; gcloud secrets versions access "$SECRET_ID/versions/latest" > /secrets/password; printf "%s\n" "$SERVER_CA" > /secrets/ca.pem'],
          env: { SECRET_ID: database.credentials.id, SERVER_CA: database.attributes?.["caCertificate"] ?? "", CLOUDSDK_CONFIG: "/tmp/gcloud" },
          format: "plain",
        },
      };
    },
    // Each app's IAM user joins the app role (Cloud SQL creates IAM users without privileges).
    loginSql: (appRole, logins) => logins.map((l) => `GRANT ${sqlIdentifier(appRole)} TO ${sqlIdentifier(l.user)};`),
    regionalLogins: true,
    // Cloud SQL's server certificates name the instance, not its private IP: the CA is verified, not the hostname.
    sslMode: "verify-ca",
  },
  // GKE Workload Identity: the GKE metadata server answers pods at 169.254.169.254:80, serving only the workload's
  // own identity, never the node's. GKE documents exactly this allowance for network policy on Dataplane V2, which
  // every tierform cluster runs (169.254.169.252/32:988 is for clusters without it).
  identityEndpoints: [{ cidr: "169.254.169.254/32", port: 80 }],
  dataStoreRanges({ local, peers, network, cacheMode }) {
    // Cloud SQL and Memorystore for Redis take addresses from the private services access range, one for the
    // whole (global) network, so it covers every region's instances.
    const privateServices = networkAttribute(network, "gcp", "privateServicesCidr");
    if (!privateServices) throw new Error("tierform: the GKE platform needs the network's privateServicesCidr (a bug: the network renderer sets it)");
    return {
      database: [privateServices],
      // Memorystore Cluster: Private Service Connect endpoints in each region's service-connect subnet; a
      // cross-region secondary is read-only, so writes go to the primary region's.
      cache: cacheMode === "cluster" ? [local.regional.serviceConnect, ...peers.map((p) => p.regional.serviceConnect)] : [privateServices],
    };
  },
  spotTolerations: [],
  // Cloud SQL Enterprise edition has no managed pooling: a PgBouncer Deployment in front of the Cloud SQL Auth
  // Proxy, which logs in as the pooler's own service account (automatic IAM database authentication) over the
  // private IP, TLS to the instance's server-side proxy on 3307.
  pgbouncer: {
    databasePort: 3307,
    sidecar(database) {
      const connectionName = database.attributes?.["connectionName"];
      if (!connectionName) throw new Error("tierform: the GKE pooler needs the Cloud SQL connectionName (a bug: the postgres renderer sets it)");
      return {
        name: "cloud-sql-proxy",
        image: CLOUD_SQL_PROXY_IMAGE,
        args: [
          "--auto-iam-authn",
          "--private-ip",
          "--structured-logs",
          `--address=127.0.0.1`,
          `--port=${PROXY_PORT}`,
          "--health-check",
          "--http-address=0.0.0.0",
          `--http-port=${PROXY_HEALTH_PORT}`,
          // On shutdown, let PgBouncer's open server connections finish before the proxy exits.
          "--max-sigterm-delay=30s",
          connectionName,
        ],
        port: PROXY_PORT,
        healthPort: PROXY_HEALTH_PORT,
        runAsUser: 65532,
      };
    },
  },
};
