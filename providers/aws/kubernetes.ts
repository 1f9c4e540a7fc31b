import type { Construct } from "constructs";
import { AutoscalingAttachment } from "@cdktf/provider-aws/lib/autoscaling-attachment";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { KubernetesInput, NetworkRef, NodePoolPlan, Raw, RenderedCluster } from "../../src/core/contracts";
import { Fn, Token, type TerraformResource } from "../../src/core/tf";
import { physicalName } from "../../src/plan/naming";
import { allowFromGroups, named, policy, serviceRole } from "./common";
import { dataKey } from "./keys";
import { appLoadBalancer } from "./load-balancer";

const CONTROL_PLANE_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;
const POD_IDENTITY_TRUST = ["sts:TagSession"];
/** Labels every node carries, so workloads can select pools by name and role on every cloud. */
export const POOL_LABEL = "tierform.dev/pool";
export const ROLE_LABEL = "tierform.dev/role";

/** AMI family from what the pool needs: the NVIDIA variant ships the driver and container toolkit. */
function amiType(pool: NodePoolPlan): string {
  return pool.spec.gpu ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD";
}

/**
 * The private subnets in the pool's zones (one subnet per zone, in the network's zone order). A network whose
 * subnets do not line up with its zones one to one cannot be narrowed down: the pool gets all of them.
 */
function poolSubnets(network: NetworkRef, pool: NodePoolPlan): string[] {
  const { zones, privateSubnetIds } = network;
  if (zones.length !== privateSubnetIds.length) return [...privateSubnetIds];
  return privateSubnetIds.filter((_, i) => pool.zones.includes(zones[i]!));
}

/** The root device of the EKS-optimized Amazon Linux 2023 images (standard and NVIDIA). */
const AL2023_ROOT_DEVICE = "/dev/xvda";
/** What Auto Scaling needs on a customer-managed key to launch instances with volumes encrypted under it. */
const VOLUME_KEY_OPERATIONS = ["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "CreateGrant"];

interface NodeVolumes {
  /** The customer-managed key node root volumes are encrypted with (else the account's EBS key). */
  readonly keyArn?: string;
  /** Resources the node groups wait for (the key grant Auto Scaling launches with). */
  readonly dependsOn: TerraformResource[];
}

/**
 * The node group's launch template: IMDSv2 only, with a hop limit of 1 so that pods on the pod network
 * cannot reach the instance's credentials (workloads, the cluster autoscaler and the EBS CSI controller
 * get theirs from EKS Pod Identity; host-network add-ons still reach IMDS), an encrypted gp3 root volume
 * of the pool's disk size, and the pool's name on instances, volumes and network interfaces. EKS adds the
 * image and its bootstrap user data (the node group names the AMI type).
 */
function nodeLaunchTemplate(scope: Construct, id: string, name: string, pool: NodePoolPlan, volumes: NodeVolumes): LaunchTemplate {
  const tags = named(name);
  return new LaunchTemplate(scope, id, {
    name,
    updateDefaultVersion: true,
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
    blockDeviceMappings: [
      {
        deviceName: AL2023_ROOT_DEVICE,
        ebs: {
          volumeSize: pool.spec.diskGiB,
          volumeType: "gp3",
          encrypted: "true",
          deleteOnTermination: "true",
          ...(volumes.keyArn ? { kmsKeyId: volumes.keyArn } : {}),
        },
      },
    ],
    tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
    tags,
  });
}

function renderNodePool(
  scope: Construct,
  id: string,
  pool: NodePoolPlan,
  cluster: EksCluster,
  clusterName: string,
  nodeRole: IamRole,
  network: NetworkRef,
  volumes: NodeVolumes,
  dependsOn: TerraformResource[],
): { group: EksNodeGroup; launchTemplate: LaunchTemplate } {
  const { spec, machine } = pool;
  const spot = spec.role === "spot";
  const launchTemplate = nodeLaunchTemplate(scope, `${id}-lt`, `${clusterName}-${spec.name}`, pool, volumes);
  const group = new EksNodeGroup(scope, id, {
    clusterName: cluster.name,
    nodeGroupName: spec.name,
    nodeRoleArn: nodeRole.arn,
    // GPU pools only where their instance type is offered (see NodePoolPlan.zones).
    subnetIds: poolSubnets(network, pool),
    amiType: amiType(pool),
    capacityType: spot ? "SPOT" : "ON_DEMAND",
    // Spot pools spread over interchangeable types to survive capacity reclaims.
    instanceTypes: spot ? [...machine.alternatives] : [machine.type],
    // The disk size is the launch template's (EKS rejects disk_size with a launch template).
    launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
    scalingConfig: { minSize: spec.min, maxSize: spec.max, desiredSize: spec.desired },
    labels: { ...spec.labels, [POOL_LABEL]: spec.name, [ROLE_LABEL]: spec.role },
    taint: spec.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECT[t.effect] })),
    updateConfig: { maxUnavailablePercentage: spec.maxUnavailablePercent },
    nodeRepairConfig: { enabled: true },
    tags: named(`${cluster.name}-${spec.name}`),
    // The cluster autoscaler owns the node count after creation.
    lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    dependsOn: [...dependsOn, ...volumes.dependsOn],
  });
  return { group, launchTemplate };
}

/**
 * With customer-managed keys, node root volumes use the environment's key. EC2 Auto Scaling launches the
 * nodes under its service-linked role, whose own policy grants no KMS access, so the key must grant it the
 * use (AWS creates the role with the account's first Auto Scaling group). The account and partition come
 * from a role ARN of this stack: no API read at plan time.
 */
function nodeVolumes(scope: Construct, ctx: KubernetesInput["ctx"], roleArn: string): NodeVolumes {
  const key = dataKey(scope, ctx);
  if (!key) return { dependsOn: [] };
  const partition = Fn.element(Fn.split(":", roleArn), 1);
  const account = Fn.element(Fn.split(":", roleArn), 4);
  const grant = new KmsGrant(scope, "node-volumes-key-grant", {
    name: physicalName(ctx.prefix, "eks-node-volumes"),
    keyId: key.arn,
    granteePrincipal: `arn:${partition}:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    operations: VOLUME_KEY_OPERATIONS,
  });
  return { keyArn: key.arn, dependsOn: [grant] };
}

/**
 * EKS: API authentication mode (access entries), standard support, secrets encrypted with a
 * customer-managed KMS key, all control-plane logs, private endpoint plus a public one restricted to
 * `apiAccessCidrs` (none: private only), managed add-ons (VPC CNI with network policy enforcement,
 * CoreDNS, kube-proxy, Pod Identity agent, EBS CSI with its own Pod Identity role) and managed node
 * groups per pool, each from its own launch template (IMDSv2 with hop limit 1, encrypted root volume). An ALB with a target group of type `ip` is the app's entry point.
 */
export function renderKubernetes(scope: Construct, input: KubernetesInput): RenderedCluster {
  const { ctx, network } = input;
  const clusterName = physicalName(ctx.prefix, "eks");
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};

  const key = new KmsKey(scope, "eks-secrets-key", {
    description: `${clusterName}: Kubernetes secrets envelope encryption`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    tags: named(clusterName),
  });
  raw["secretsKey"] = key;
  raw["secretsKeyAlias"] = new KmsAlias(scope, "eks-secrets-key-alias", { name: `alias/${clusterName}-secrets`, targetKeyId: key.keyId });

  const clusterRole = serviceRole(scope, "eks-cluster-role", physicalName(ctx.prefix, "eks-cluster"), "eks.amazonaws.com", ["AmazonEKSClusterPolicy"]);
  raw["clusterRole"] = clusterRole;
  raw["clusterKeyAccess"] = new IamRolePolicy(scope, "eks-cluster-kms", {
    name: "secrets-encryption",
    role: clusterRole.id,
    policy: policy({ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: key.arn }),
  });
  // Created here so its retention is ours; EKS would otherwise create it with no expiry.
  const logGroup = new CloudwatchLogGroup(scope, "eks-logs", {
    name: `/aws/eks/${clusterName}/cluster`,
    retentionInDays: ctx.logRetentionDays,
    tags: named(clusterName),
  });
  raw["controlPlaneLogs"] = logGroup;

  const publicEndpoint = input.apiAccessCidrs.length > 0;
  const cluster = new EksCluster(scope, "eks", {
    name: clusterName,
    version: input.version,
    roleArn: clusterRole.arn,
    vpcConfig: {
      subnetIds: [...network.privateSubnetIds],
      endpointPrivateAccess: true,
      endpointPublicAccess: publicEndpoint,
      ...(publicEndpoint ? { publicAccessCidrs: [...input.apiAccessCidrs] } : {}),
    },
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
    upgradePolicy: { supportType: "STANDARD" },
    bootstrapSelfManagedAddons: false,
    encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
    enabledClusterLogTypes: CONTROL_PLANE_LOGS,
    kubernetesNetworkConfig: { ipFamily: "ipv4" },
    tags: named(clusterName),
    dependsOn: [logGroup, raw["clusterKeyAccess"] as TerraformResource],
    // EKS deletion protection is a provider 6.x argument; Terraform's guard works everywhere.
    ...(ctx.production ? { lifecycle: { preventDestroy: true } } : {}),
  });
  raw["cluster"] = cluster;

  const nodeRole = serviceRole(scope, "eks-node-role", physicalName(ctx.prefix, "eks-node"), "ec2.amazonaws.com", [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonEKS_CNI_Policy",
    "AmazonSSMManagedInstanceCore",
  ]);
  raw["nodeRole"] = nodeRole;

  // Networking add-ons come first: nodes only become Ready once the CNI runs.
  const addon = (id: string, name: string, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) =>
    new EksAddon(scope, id, { clusterName: cluster.name, addonName: name, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE", ...extra });
  const vpcCni = addon("addon-vpc-cni", "vpc-cni", { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) });
  const kubeProxy = addon("addon-kube-proxy", "kube-proxy");
  const podIdentity = addon("addon-pod-identity", "eks-pod-identity-agent");
  const baseAddons = [vpcCni, kubeProxy, podIdentity];

  const volumes = nodeVolumes(scope, ctx, nodeRole.arn);
  if (volumes.dependsOn.length > 0) raw["nodeVolumesKeyGrant"] = volumes.dependsOn;
  const rendered = input.pools.map((pool) => renderNodePool(scope, `pool-${pool.spec.name}`, pool, cluster, clusterName, nodeRole, network, volumes, baseAddons));
  const pools = rendered.map((r) => r.group);
  raw["nodePools"] = pools;
  raw["nodeLaunchTemplates"] = rendered.map((r) => r.launchTemplate);

  const ebsRole = serviceRole(scope, "ebs-csi-role", physicalName(ctx.prefix, "ebs-csi"), "pods.eks.amazonaws.com", ["service-role/AmazonEBSCSIDriverPolicy"], POD_IDENTITY_TRUST);
  const coreDns = addon("addon-coredns", "coredns", { dependsOn: pools });
  const ebsCsi = addon("addon-ebs-csi", "aws-ebs-csi-driver", {
    podIdentityAssociation: [{ roleArn: ebsRole.arn, serviceAccount: "ebs-csi-controller-sa" }],
    dependsOn: [...pools, podIdentity],
  });
  raw["addons"] = [...baseAddons, coreDns, ebsCsi];
  raw["ebsCsiRole"] = ebsRole;

  // Ingress: the ALB's targets are the general pool's nodes on the app's NodePort (the platform layer's
  // Service binds it), so no in-cluster controller or CRD is needed before the first plan.
  const nodePort = input.loadBalancer.nodePort;
  const alb = appLoadBalancer(scope, { ctx, network, app: input.app, lb: input.loadBalancer, tls: input.tls, targetType: "instance", targetPort: nodePort, ...(input.globalIngress ? { globalIngress: input.globalIngress } : {}) });
  Object.assign(raw, alb.resources);
  raw["nodesFromAlb"] = allowFromGroups(scope, "nodes-from-alb", cluster.vpcConfig.clusterSecurityGroupId, nodePort, [alb.securityGroup.id], "App NodePort from the load balancer");
  const ingressPool = pools[input.pools.findIndex((p) => p.spec.role === "general")]!;
  raw["ingressAttachment"] = new AutoscalingAttachment(scope, "ingress-nodes", {
    autoscalingGroupName: ingressPool.resources.get(0).autoscalingGroups.get(0).name,
    lbTargetGroupArn: alb.targetGroup.arn,
  });

  const extraPoolDeps: TerraformResource[] = baseAddons;
  return {
    outputs: {
      name: cluster.name,
      endpoint: cluster.endpoint,
      caCertificate: cluster.certificateAuthority.get(0).data,
      access: { command: "aws", args: ["eks", "get-token", "--cluster-name", clusterName, "--region", ctx.region] },
      clientGroup: cluster.vpcConfig.clusterSecurityGroupId,
      oidcIssuer: cluster.identity.get(0).oidc.get(0).issuer,
      loadBalancer: alb.outputs,
    },
    raw,
    addNodePool(poolScope: Construct, id: string, pool: NodePoolPlan): Raw {
      const { group, launchTemplate } = renderNodePool(poolScope, id, pool, cluster, clusterName, nodeRole, network, volumes, extraPoolDeps);
      return { nodeGroup: group, launchTemplate };
    },
  };
}
