import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { Construct } from "constructs";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import type { ClusterOutputs, PlatformRenderers, RenderContext } from "../../src/core/contracts";
import { sqlIdentifier, sqlLiteral } from "../../src/kubernetes/sql";
import { EXTENSIONS_WORKLOAD } from "../../src/model/workload";
import { azName, placed, resourceGroupOf } from "./common";
import { grantDataAccess } from "./identity";

const AZURE_CLI_IMAGE = "mcr.microsoft.com/azure-cli:2.75.0";
export const FRONT_DOOR_ORIGIN_PORT = 80;

/**
 * AKS ships metrics-server and node autoscaling and installs the NVIDIA driver, but not the device plugin:
 * the platform adds that. Workloads use workload identity (a user-assigned identity federated with the
 * service account); the exposed workload is a LoadBalancer Service on the infra stack's static IP, open to
 * Front Door only.
 */
/** A user-assigned identity federated with a Kubernetes service account (workload identity). */
function managedIdentity(scope: Construct, ctx: RenderContext, cluster: ClusterOutputs, name: string, namespace: string, serviceAccount: string) {
  const identity = new UserAssignedIdentity(scope, `wl-${name}-identity`, { ...placed(ctx), name: azName(ctx, name) });
  const credential = new FederatedIdentityCredential(scope, `wl-${name}-federation`, {
    name: `${namespace}-${serviceAccount}`,
    resourceGroupName: resourceGroupOf(ctx),
    parentId: identity.id,
    audience: ["api://AzureADTokenExchange"],
    issuer: cluster.oidcIssuer,
    subject: `system:serviceaccount:${namespace}:${serviceAccount}`,
  });
  const workload = { annotations: { "azure.workload.identity/client-id": identity.clientId }, podLabels: { "azure.workload.identity/use": "true" } };
  return { identity, credential, workload };
}

export const azurePlatform: PlatformRenderers = {
  addons: { metricsServer: false, clusterAutoscaler: false, gpuDevicePlugin: true, verticalPodAutoscaler: false },
  workloadIdentity(scope, { ctx, cluster, name, namespace, serviceAccount, connections }) {
    const { identity, credential, workload } = managedIdentity(scope, ctx, cluster, name, namespace, serviceAccount);
    const grants = grantDataAccess(scope, identity.principalId, connections, `wl-${name}`);
    // Entra authentication: the setup Job registers the identity as a database principal (by object id).
    const databaseLogin = connections.database ? { databaseLogin: { user: azName(ctx, name), objectId: identity.principalId } } : {};
    return { ...workload, ...databaseLogin, raw: { identity, credential, grants } };
  },
  clusterAutoscalerIdentity() {
    throw new Error("tierform: AKS scales nodes itself; no cluster-autoscaler identity (a bug: addons.clusterAutoscaler is false)");
  },
  exposedService({ ctx, cluster, networkCidr }) {
    return {
      type: "LoadBalancer",
      // Front Door reaches the static IP on HTTP port 80 (TLS ends at Front Door); the infra NSG admits only it.
      port: FRONT_DOOR_ORIGIN_PORT,
      annotations: {
        "service.beta.kubernetes.io/azure-pip-name": cluster.loadBalancer.target ?? "",
        "service.beta.kubernetes.io/azure-load-balancer-resource-group": resourceGroupOf(ctx),
        "service.beta.kubernetes.io/azure-allowed-service-tags": "AzureFrontDoor.Backend",
      },
      // Traffic reaches pods from the nodes (the load balancer's source is translated): the network's range.
      sourceCidrs: [networkCidr],
    };
  },
  database: {
    admin(scope, { ctx, cluster, namespace, serviceAccount, database }) {
      const { identity, credential, workload } = managedIdentity(scope, ctx, cluster, EXTENSIONS_WORKLOAD, namespace, serviceAccount);
      // The Job's identity is the writable server's Entra administrator (several may be): it logs in with a token,
      // so no identity reads the admin password.
      const administrator = new PostgresqlFlexibleServerActiveDirectoryAdministrator(scope, `wl-${EXTENSIONS_WORKLOAD}-db-admin`, {
        serverName: database.attributes?.["serverName"] ?? "",
        resourceGroupName: database.attributes?.["serverResourceGroup"] ?? "",
        tenantId: identity.tenantId,
        objectId: identity.principalId,
        principalName: identity.name,
        principalType: "ServicePrincipal",
      });
      return {
        identity: { ...workload, raw: { identity, credential, administrator } },
        user: azName(ctx, EXTENSIONS_WORKLOAD),
        fetcher: {
          image: AZURE_CLI_IMAGE,
          command: [
            "sh",
            "-c",
            'set -eu; umask 077; az login --service-principal -u "$AZURE_CLIENT_ID" -t "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions >/dev/null; az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv > /secrets/password',
          ],
          env: { AZURE_CONFIG_DIR: "/tmp/azure" },
          format: "plain",
          // Flexible Server's certificates chain to public roots (DigiCert Global Root G2, Microsoft RSA Root 2017).
          ca: "system",
        },
      };
    },
    loginSql: (appRole, logins) =>
      logins.flatMap((l) => [
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${sqlLiteral(l.user)}) THEN PERFORM pgaadauth_create_principal_with_oid(${sqlLiteral(l.user)}, ${sqlLiteral(l.objectId ?? "")}, 'service', false, false); END IF; END $$;`,
        `GRANT ${sqlIdentifier(appRole)} TO ${sqlIdentifier(l.user)};`,
      ]),
    regionalLogins: true,
    sslMode: "verify-full",
  },
  spotTolerations: [{ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }],
  // AKS workload identity: a projected service-account token exchanged with Entra ID over HTTPS; nothing
  // node-local, so pods reach no link-local address (not IMDS at 169.254.169.254, not the node's identity).
  identityEndpoints: [],
  dataStoreRanges({ local, peers }) {
    return {
      // PostgreSQL Flexible Server lives in the delegated subnet; a secondary region writes through the read-write
      // virtual endpoint, which names the current primary in whichever region it is.
      database: [local.regional.delegated, ...peers.map((p) => p.regional.delegated)],
      // Managed Redis: a private endpoint in the endpoints subnet; active geo-replication writes locally.
      cache: [local.regional.endpoints],
    };
  },
};
