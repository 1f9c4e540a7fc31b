import type { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeInstanceGroupNamedPortA } from "@cdktf/provider-google/lib/compute-instance-group-named-port";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { catalogFor } from "../../src/catalog";
import type { KubernetesInput, LoadBalancerOutputs, NodePoolPlan, Raw, RenderContext, RenderedCluster } from "../../src/core/contracts";
import { Fn, TerraformIterator, dependable } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { GOOGLE_LB_RANGES, gcpName, labels, projectOf, gcpNetworkAttribute } from "./common";
import { TELEMETRY_ROLES, serviceAccount } from "./identity";
import { dataKey } from "./keys";
import { INGRESS_PORT_NAME, aRecord, appBackendService, httpsFrontEnd } from "./load-balancer";

const TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;
const POOL_LABEL = "tierform.dev/pool";
const ROLE_LABEL = "tierform.dev/role";
/** GKE taints GPU nodes with this key itself (and adds the toleration to pods that request GPUs). */
const GKE_GPU_TAINT_KEY = "nvidia.com/gpu";

function renderNodePool(scope: Construct, id: string, ctx: RenderContext, pool: NodePoolPlan, cluster: ContainerCluster, nodeAccount: string): ContainerNodePool {
  const { spec, machine, zones } = pool;
  const gpuName = spec.gpu ? catalogFor("gcp").acceleratorNames[spec.gpu.accelerator] : undefined;
  const taints = spec.taints.filter((t) => !(spec.gpu && t.key === GKE_GPU_TAINT_KEY));
  return new ContainerNodePool(scope, id, {
    name: spec.name,
    cluster: cluster.id,
    location: ctx.region,
    // GPU pools only in the zones that offer their accelerator (see NodePoolPlan.zones).
    nodeLocations: [...zones],
    // Totals across zones: per-zone limits would multiply by the number of zones.
    autoscaling: { totalMinNodeCount: spec.min, totalMaxNodeCount: spec.max, locationPolicy: "BALANCED" },
    // GKE counts the starting nodes per zone; never more than max across the zones (the autoscaler fills to min).
    initialNodeCount: Math.min(Math.ceil(spec.desired / zones.length), Math.floor(spec.max / zones.length)),
    management: { autoRepair: true, autoUpgrade: true },
    upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
    nodeConfig: {
      machineType: machine.type,
      diskSizeGb: spec.diskGiB,
      diskType: "pd-balanced",
      imageType: "COS_CONTAINERD",
      serviceAccount: nodeAccount,
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      labels: { ...spec.labels, [POOL_LABEL]: spec.name, [ROLE_LABEL]: spec.role },
      resourceLabels: labels(ctx),
      taint: taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECT[t.effect] })),
      spot: spec.role === "spot",
      workloadMetadataConfig: { mode: "GKE_METADATA" },
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      metadata: { "disable-legacy-endpoints": "true" },
      ...(spec.gpu && gpuName
        ? { guestAccelerator: [{ type: gpuName, count: spec.gpu.count, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }] }
        : {}),
    },
    // The starting count replaces the pool when changed (ForceNew): it only matters at creation.
    lifecycle: { ignoreChanges: ["initial_node_count"] },
  });
}

/**
 * GKE Standard, regional: private nodes, Workload Identity, Dataplane V2 (network policy enforced),
 * release channel, shielded nodes, no client certificates, default pool removed, Secrets encrypted in etcd
 * with the environment's Cloud KMS key when the topology asks for customer-managed keys; one node pool per
 * model pool with total autoscaling bounds (GPU pools get the accelerator and driver installation; spot
 * pools run on Spot VMs); deletion protection in production. The app is reached through a global
 * external Application Load Balancer whose backends are the general pool's instance groups on the
 * app's NodePort.
 */
export function renderKubernetes(scope: Construct, input: KubernetesInput): RenderedCluster {
  const { ctx, network } = input;
  const project = projectOf(ctx);
  const name = gcpName(ctx, "gke");
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};
  const nodes = serviceAccount(scope, "node-sa", ctx, "nodes", "GKE nodes", [...TELEMETRY_ROLES, "roles/stackdriver.resourceMetadata.writer", "roles/artifactregistry.reader"]);
  Object.assign(raw, { nodeServiceAccount: nodes.account, nodeServiceAccountRoles: nodes.grants });

  // Application-layer secrets encryption with customer-managed keys: Kubernetes Secrets are enveloped in
  // etcd with the environment's Cloud KMS key (same region as the cluster), which GKE's service agent may use.
  const cmek = dataKey(scope, ctx);
  const secretsKeyGrant = cmek?.grant("container");
  if (secretsKeyGrant) raw["secretsKeyGrant"] = secretsKeyGrant;

  const publicEndpoint = input.apiAccessCidrs.length > 0;
  const cluster = new ContainerCluster(scope, "gke", {
    ...(cmek ? { databaseEncryption: { state: "ENCRYPTED", keyName: cmek.key.id }, dependsOn: [secretsKeyGrant!] } : {}),
    name,
    location: ctx.region,
    network: network.id,
    subnetwork: gcpNetworkAttribute(network, "subnetwork") ?? network.privateSubnetIds[0]!,
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    deletionProtection: ctx.production,
    minMasterVersion: input.version,
    releaseChannel: { channel: "REGULAR" },
    networkingMode: "VPC_NATIVE",
    ipAllocationPolicy: { clusterSecondaryRangeName: gcpNetworkAttribute(network, "podsRange") ?? "pods", servicesSecondaryRangeName: gcpNetworkAttribute(network, "servicesRange") ?? "services" },
    privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: !publicEndpoint, masterIpv4CidrBlock: gcpNetworkAttribute(network, "controlPlaneRange") ?? "172.16.0.0/28" },
    masterAuthorizedNetworksConfig: {
      cidrBlocks: [{ cidrBlock: network.cidr, displayName: "network" }, ...input.apiAccessCidrs.map((cidr) => ({ cidrBlock: cidr, displayName: "operators" }))],
    },
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
    datapathProvider: "ADVANCED_DATAPATH",
    enableShieldedNodes: true,
    enableLegacyAbac: false,
    // GKE's managed VPA: on when a workload has a VerticalPodAutoscaler.
    verticalPodAutoscaling: { enabled: input.verticalPodAutoscaler },
    // Control-plane logs too (API server, scheduler, controller manager), as EKS and AKS send theirs.
    loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER"] },
    monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
    resourceLabels: labels(ctx),
    // The default pool is removed right away; its settings only need to be safe while it exists.
    nodeConfig: { serviceAccount: nodes.account.email, oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"], shieldedInstanceConfig: { enableSecureBoot: true } },
    lifecycle: { ignoreChanges: ["node_config"] },
  });
  raw["cluster"] = cluster;

  const pools = input.pools.map((pool) => renderNodePool(scope, `pool-${pool.spec.name}`, ctx, pool, cluster, nodes.account.email));
  raw["nodePools"] = pools;

  // Ingress: the general pool's instance groups, one per zone, serve the app's NodePort.
  const ingressIndex = input.pools.findIndex((p) => p.spec.role === "general");
  const ingressPool = pools[ingressIndex]!;
  const namedPorts = input.pools[ingressIndex]!.zones.map(
    (_zone, i) =>
      new ComputeInstanceGroupNamedPortA(scope, `ingress-port-${i}`, {
        group: Fn.element(Fn.split("/", Fn.element(ingressPool.managedInstanceGroupUrls, i)), 10),
        zone: Fn.element(Fn.split("/", Fn.element(ingressPool.managedInstanceGroupUrls, i)), 8),
        name: INGRESS_PORT_NAME,
        port: input.loadBalancer.nodePort,
      }),
  );
  const firewall = new ComputeFirewall(scope, "ingress-from-lb", {
    name: gcpName(ctx, "ingress-from-lb"),
    network: network.id,
    direction: "INGRESS",
    sourceRanges: GOOGLE_LB_RANGES,
    targetServiceAccounts: [nodes.account.email],
    allow: [{ protocol: "tcp", ports: [String(input.loadBalancer.nodePort)] }],
  });
  Object.assign(raw, { ingressNamedPorts: namedPorts, ingressFirewall: firewall });
  let loadBalancer: LoadBalancerOutputs;
  if (input.globalIngress) {
    // One region of several: the global stack puts every region's instance groups (their URLs, comma
    // separated) behind one backend service. It applies after this stack, so the named ports exist by then.
    loadBalancer = { host: input.tls.host, target: Fn.join(",", ingressPool.managedInstanceGroupUrls) };
  } else {
    const groups = TerraformIterator.fromList(ingressPool.managedInstanceGroupUrls);
    const { service, healthCheck, resources } = appBackendService(scope, {
      ctx,
      app: input.app,
      lb: input.loadBalancer,
      port: input.loadBalancer.nodePort,
      portName: INGRESS_PORT_NAME,
      backends: groups.dynamic({ group: groups.value, balancing_mode: "UTILIZATION", capacity_scaler: 1 }),
    });
    service.dependsOn = namedPorts.map((p) => dependable(p));
    const front = httpsFrontEnd(scope, "app-lb", { ctx, host: input.tls.host, defaultService: service.id, ...(input.tls.dnsZoneId ? { dnsZoneId: input.tls.dnsZoneId } : {}) });
    Object.assign(raw, { backendService: service, healthCheck }, resources, front.resources);
    loadBalancer = { dnsName: front.address.address, host: input.tls.host, target: service.id, certificateValidation: aRecord(input.tls.host, front.address.address) };
  }

  return {
    outputs: {
      name: cluster.name,
      endpoint: `https://${publicEndpoint ? cluster.endpoint : cluster.privateClusterConfig.privateEndpoint}`,
      caCertificate: cluster.masterAuth.clusterCaCertificate,
      access: { command: "gke-gcloud-auth-plugin", args: [] },
      clientGroup: nodes.account.email,
      oidcIssuer: `https://container.googleapis.com/v1/projects/${project}/locations/${ctx.region}/clusters/${name}`,
      workloadIdentityPool: cluster.workloadIdentityConfig.workloadPool,
      loadBalancer,
    },
    raw,
    addNodePool(poolScope: Construct, id: string, pool: NodePoolPlan): Raw {
      return { nodePool: renderNodePool(poolScope, id, ctx, pool, cluster, nodes.account.email) };
    },
  };
}
