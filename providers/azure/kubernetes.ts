import type { Construct } from "constructs";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { KubernetesInput, NodePoolPlan, Raw, RenderContext, RenderedCluster } from "../../src/core/contracts";
import { Fn, type TerraformResource } from "../../src/core/tf";
import { sizeMachine } from "../../src/plan/sizing";
import { ROLES, azName, compactName, placed, MIN_WORKSPACE_RETENTION, optionalAzureNetworkAttribute } from "./common";
import { allowFrontDoor, originIp } from "./load-balancer";
import { clientConfig } from "./vault";
import { FRONT_DOOR_ORIGIN_PORT } from "./platform";

const POOL_LABEL = "tierform.dev/pool";
const ROLE_LABEL = "tierform.dev/role";
/** The label and taint AKS puts on spot nodes itself; declared so that Terraform does not fight them. */
const SPOT_KEY = "kubernetes.azure.com/scalesetpriority";
/** Fixed application id of the AKS Entra server (the same for every cluster), for kubelogin. */
const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** Pods per node: above the 50 the CIS benchmark asks for, the default for Azure CNI overlay. */
const MAX_PODS = 110;
/** Log Analytics keeps at least 30 days. */

function renderNodePool(scope: Construct, id: string, pool: NodePoolPlan, clusterId: string, subnetId: string): KubernetesClusterNodePool {
  const { spec, machine, zones } = pool;
  const spot = spec.role === "spot";
  const taints = spec.taints.map((t) => `${t.key}=${t.value}:${t.effect}`);
  return new KubernetesClusterNodePool(scope, id, {
    name: spec.name,
    kubernetesClusterId: clusterId,
    mode: "User",
    vmSize: machine.type,
    vnetSubnetId: subnetId,
    // GPU pools only in the zones that offer their VM size (see NodePoolPlan.zones).
    zones: [...zones],
    autoScalingEnabled: true,
    minCount: spec.min,
    maxCount: spec.max,
    nodeCount: spec.desired,
    maxPods: MAX_PODS,
    osDiskSizeGb: spec.diskGiB,
    osSku: "AzureLinux",
    nodeLabels: { ...spec.labels, [POOL_LABEL]: spec.name, [ROLE_LABEL]: spec.role, ...(spot ? { [SPOT_KEY]: "spot" } : {}) },
    nodeTaints: spot ? [...taints, `${SPOT_KEY}=spot:NoSchedule`] : taints,
    ...(spot ? { priority: "Spot", evictionPolicy: "Delete", spotMaxPrice: -1 } : { upgradeSettings: { maxSurge: `${spec.maxUnavailablePercent}%` } }),
    // AKS installs the NVIDIA driver; the platform layer adds the device plugin.
    ...(spec.gpu ? { gpuDriver: "Install" } : {}),
    temporaryNameForRotation: `${spec.name.slice(0, 9)}tmp`,
    lifecycle: { ignoreChanges: ["node_count"] },
  });
}

/**
 * AKS: a system pool that runs only critical add-ons, user pools per model pool (autoscaling; GPU pools
 * with the driver installed and the GPU taint; spot pools declaring the label and taint AKS adds), OIDC
 * issuer and workload identity, Azure CNI overlay with Cilium (network policy enforced), Entra ID RBAC with
 * local accounts disabled, automatic patch upgrades, Standard tier in production, Azure Policy, Key Vault
 * secrets provider with rotation, Container Insights, and with customer-managed keys KMS etcd encryption of
 * Secrets under a user-assigned cluster identity. The API server is private unless `apiAccessCidrs`
 * names who may reach it. The app's entry is a static public IP that the platform layer's Service binds
 * and Front Door reaches; only Front Door may connect.
 */
export function renderKubernetes(scope: Construct, input: KubernetesInput): RenderedCluster {
  const { ctx, network } = input;
  const subnetId = optionalAzureNetworkAttribute(network, "nodesSubnetId") ?? network.privateSubnetIds[0]!;
  const name = azName(ctx, "aks");
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  const logs = new LogAnalyticsWorkspace(scope, "logs", {
    ...placed(ctx),
    name: azName(ctx, "logs"),
    sku: "PerGB2018",
    retentionInDays: Math.max(MIN_WORKSPACE_RETENTION, ctx.logRetentionDays),
  });
  raw["logs"] = logs;
  const kms = ctx.compliance?.customerManagedKeys ? secretsEncryption(scope, ctx, subnetId) : undefined;
  if (kms) Object.assign(raw, { kmsVault: kms.vault, kmsVaultOfficer: kms.officer, kmsKey: kms.key, clusterIdentity: kms.identity, clusterIdentityKms: kms.keyAccess, clusterIdentitySubnet: kms.subnetAccess });
  const system = sizeMachine(ctx.cloud, input.systemPool.shape);
  const publicApi = input.apiAccessCidrs.length > 0;
  const cluster = new KubernetesCluster(scope, "aks", {
    ...placed(ctx),
    name,
    dnsPrefix: name,
    kubernetesVersion: input.version,
    skuTier: ctx.production ? "Standard" : "Free",
    automaticUpgradeChannel: "patch",
    nodeOsUpgradeChannel: "NodeImage",
    oidcIssuerEnabled: true,
    workloadIdentityEnabled: true,
    localAccountDisabled: true,
    roleBasedAccessControlEnabled: true,
    // azurerm requires a tenant or admin groups here: the tenant Terraform runs in.
    azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: clientConfig(scope).tenantId },
    azurePolicyEnabled: true,
    privateClusterEnabled: !publicApi,
    ...(publicApi ? { apiServerAccessProfile: { authorizedIpRanges: [...input.apiAccessCidrs] } } : {}),
    ...(kms
      ? {
          identity: { type: "UserAssigned", identityIds: [kms.identity.id] },
          keyManagementService: { keyVaultKeyId: kms.key.id, keyVaultNetworkAccess: "Public" },
          dependsOn: [kms.keyAccess, kms.subnetAccess],
        }
      : { identity: { type: "SystemAssigned" } }),
    defaultNodePool: {
      name: "system",
      vmSize: system.type,
      nodeCount: input.systemPool.count,
      zones: [...ctx.zones],
      vnetSubnetId: subnetId,
      onlyCriticalAddonsEnabled: true,
      maxPods: MAX_PODS,
      osSku: "AzureLinux",
      temporaryNameForRotation: "systemtmp",
      upgradeSettings: { maxSurge: "33%" },
    },
    networkProfile: {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkDataPlane: "cilium",
      networkPolicy: "cilium",
      podCidr: input.podCidr,
      serviceCidr: input.serviceCidr,
      dnsServiceIp: dnsServiceIp(input.serviceCidr),
      outboundType: "userAssignedNATGateway",
      loadBalancerSku: "standard",
    },
    keyVaultSecretsProvider: { secretRotationEnabled: true },
    // AKS's VPA add-on: on exactly when a workload has a VerticalPodAutoscaler (said either way, so removing the
    // last one turns it off).
    workloadAutoscalerProfile: { verticalPodAutoscalerEnabled: input.verticalPodAutoscaler },
    omsAgent: { logAnalyticsWorkspaceId: logs.id, msiAuthForMonitoringEnabled: true },
    lifecycle: { ignoreChanges: ["default_node_pool[0].node_count"], ...(ctx.production ? { preventDestroy: true } : {}) },
  });
  raw["cluster"] = cluster;
  const pools = input.pools.map((pool) => renderNodePool(scope, `pool-${pool.spec.name}`, pool, cluster.id, subnetId));
  raw["nodePools"] = pools;

  // Ingress: a static IP the platform's LoadBalancer Service binds (the cluster identity manages it).
  const ip = originIp(scope, ctx, "ingress");
  raw["ingressIp"] = ip;
  raw["ingressIpRole"] = new RoleAssignment(scope, "ingress-ip-role", {
    // On the IP itself: the cluster may read and join it, nothing else.
    scope: ip.id,
    roleDefinitionName: ROLES.networkContributor,
    principalId: kms ? kms.identity.principalId : cluster.identity.principalId,
  });
  // The platform's LoadBalancer Service listens on 80 on this IP; AKS load-balancer rules keep the
  // frontend address and port (floating IP), so that is what the nodes see.
  raw["frontDoorRule"] = allowFrontDoor(scope, ctx, network, FRONT_DOOR_ORIGIN_PORT, 210);

  return {
    outputs: {
      name: cluster.name,
      endpoint: publicApi ? `https://${cluster.fqdn}:443` : `https://${cluster.privateFqdn}:443`,
      // azurerm marks all of kube_config sensitive; its CA certificate is public (every client is sent it),
      // so the output says so instead of hiding it.
      caCertificate: Fn.nonsensitive(cluster.kubeConfig.get(0).clusterCaCertificate),
      access: { command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_APP_ID] },
      clientGroup: cluster.kubeletIdentity.objectId,
      oidcIssuer: cluster.oidcIssuerUrl,
      loadBalancer: { dnsName: ip.fqdn, host: ip.fqdn, target: ip.name },
    },
    raw,
    addNodePool(poolScope: Construct, id: string, pool: NodePoolPlan): Raw {
      return { nodePool: renderNodePool(poolScope, id, pool, cluster.id, subnetId) };
    },
  };
}

/**
 * KMS etcd encryption of Kubernetes Secrets, with customer-managed keys: a key in a vault of its own, which
 * the cluster's user-assigned identity may encrypt and decrypt with. AKS reaches that vault over its public
 * endpoint (`key_vault_network_access = "Public"` means the vault admits every network; "Private" needs
 * API server VNet integration and its own delegated subnet), so the key sits apart from the environment's
 * vault, whose firewall stays closed. The identity also needs Network Contributor on the nodes' subnet
 * (a user-assigned identity is checked before the cluster is created).
 */
function secretsEncryption(scope: Construct, ctx: RenderContext, subnetId: string) {
  const client = clientConfig(scope);
  const vault = new KeyVault(scope, "kms-vault", {
    ...placed(ctx),
    name: compactName(ctx, "kms"),
    tenantId: client.tenantId,
    skuName: "standard",
    rbacAuthorizationEnabled: true,
    softDeleteRetentionDays: 90,
    purgeProtectionEnabled: true,
    publicNetworkAccessEnabled: true,
    networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
  });
  const officer = new RoleAssignment(scope, "kms-vault-officer", { scope: vault.id, roleDefinitionName: ROLES.keyVaultCryptoOfficer, principalId: client.objectId });
  const key = new KeyVaultKey(scope, "kms-key", {
    name: azName(ctx, "aks-secrets"),
    keyVaultId: vault.id,
    keyType: "RSA",
    keySize: 2048,
    keyOpts: ["encrypt", "decrypt"],
    // AKS takes a versioned key id: a rotated version reaches the cluster with the next apply.
    rotationPolicy: { automatic: { timeAfterCreation: "P1Y" }, expireAfter: "P2Y", notifyBeforeExpiry: "P30D" },
    dependsOn: [officer],
  });
  const identity = new UserAssignedIdentity(scope, "aks-identity", { ...placed(ctx), name: azName(ctx, "aks") });
  const keyAccess = new RoleAssignment(scope, "aks-identity-kms", { scope: key.resourceVersionlessId, roleDefinitionName: ROLES.keyVaultCryptoOperator, principalId: identity.principalId });
  const subnetAccess = new RoleAssignment(scope, "aks-identity-subnet", { scope: subnetId, roleDefinitionName: ROLES.networkContributor, principalId: identity.principalId });
  return { vault, officer, key, identity, keyAccess, subnetAccess };
}

/** The 10th address of the service range: Kubernetes' conventional DNS service IP. */
function dnsServiceIp(serviceCidr: string): string {
  const [a, b, c] = serviceCidr.split("/")[0]!.split(".");
  return `${a}.${b}.${c}.10`;
}
