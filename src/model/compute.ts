import { z } from "zod";
import { acceleratorNotOffered, acceleratorsOffered, catalogFor } from "../catalog";
import { GpuSchema, MachineTypeOverride, ShapeSchema, intRange, oneOf, recordKey, strict } from "./common";
import { ROLE_TAINTS } from "./defaults";
import { planPoolZones } from "../plan/zones";
import { cidrBlock, cidrBounds, rangesOverlap } from "./network";
import { finding, machineRules, under, type Finding, type RuleContext } from "./rules";

export const VM_EXPOSURES = ["public", "loadBalancer", "private"] as const;

export const AutoscalingSchema = strict({
  min: intRange(1, 100).meta({ description: "Fewest servers." }),
  max: intRange(1, 100).meta({ description: "Most servers." }),
  cpuTargetPercent: intRange(10, 95).default(70).meta({ description: "Average CPU the group scales to hold." }),
  cooldownSeconds: intRange(0, 3600).default(180).meta({ description: "Pause between scaling actions, where the cloud has one." }),
});

export const LoadBalancerSchema = strict({
  idleTimeoutSeconds: intRange(1, 4000).default(60).meta({ description: "Seconds a connection may stay idle. AWS: the ALB's idle timeout; GCP: the backend service's response timeout; Azure: the load-balancing rule's idle timeout, rounded up to whole minutes and kept within 4–30." }),
  drainSeconds: intRange(0, 3600).default(60).meta({ description: "Connection draining before a target is removed." }),
  healthCheckIntervalSeconds: intRange(5, 300).default(15).meta({ description: "Seconds between health checks of `app.healthCheckPath` on each target (AWS also uses it for the Route 53 health checks of multi-region origins: 10 or 30 s)." }),
  healthyThreshold: intRange(2, 10).default(2).meta({ description: "Consecutive passed checks before a target receives traffic again. AWS and GCP; Azure's load balancer has no such setting." }),
  unhealthyThreshold: intRange(2, 10).default(3).meta({ description: "Consecutive failed checks before a target is taken out of rotation (Azure: the probe count)." }),
  nodePort: intRange(30000, 32767)
    .default(30080)
    .meta({ description: "Kubernetes tiers on AWS and GCP: the NodePort of the exposed workload's Service; the load balancer sends traffic there." }),
});
export type LoadBalancerSpec = z.output<typeof LoadBalancerSchema>;

export const VmComputeSchema = strict({
  kind: z.literal("vm").meta({ description: "App servers running the app with Docker Compose: an autoscaling group (AWS), managed instance group (GCP) or VM scale set (Azure)." }),
  servers: intRange(1, 100).meta({ description: "App servers (the desired count when autoscaling)." }),
  shape: ShapeSchema,
  instanceType: MachineTypeOverride,
  diskGiB: intRange(20, 16384).meta({ description: "Data disk per server in GiB (SSD)." }),
  warmupSeconds: intRange(0, 3600)
    .default(300)
    .meta({ description: "Time a new server gets to boot and start the app before failing health checks replace it." }),
  rollingMaxUnavailablePercent: intRange(1, 100)
    .default(34)
    .meta({ description: "Share of servers a rolling update replaces at once." }),
  sshPublicKey: z
    .string()
    .regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256) [A-Za-z0-9+/=]+( .*)?$/, { error: "expected an OpenSSH public key (ssh-ed25519 … or ssh-rsa …)" })
    .optional()
    .meta({ description: "Public key for the servers' admin user. Required on azure (Azure needs a key; no password is ever set). AWS and GCP log in through SSM / OS Login instead. @default - none" }),
  exposure: oneOf(VM_EXPOSURES).meta({
    description:
      "How clients reach the servers: a public IP on the server, an internet-facing load balancer, or private only.",
  }),
  autoscaling: AutoscalingSchema.optional().meta({ description: "Autoscaling bounds; needs a load balancer. @default - a fixed count of `servers`" }),
}).superRefine((vm, ctx) => {
  if (vm.servers > 1 && vm.exposure !== "loadBalancer") {
    ctx.addIssue({
      code: "custom",
      path: ["exposure"],
      input: vm.exposure,
      message: `expected "loadBalancer" when servers > 1 (${vm.servers} servers need one entry point)`,
    });
  }
  if (vm.autoscaling) {
    const { min, max } = vm.autoscaling;
    if (min > max) {
      ctx.addIssue({ code: "custom", path: ["autoscaling", "min"], input: min, message: `expected ≤ autoscaling.max (${max})` });
    } else if (vm.servers < min || vm.servers > max) {
      ctx.addIssue({ code: "custom", path: ["servers"], input: vm.servers, message: `expected within autoscaling bounds ${min}–${max}` });
    }
    if (vm.exposure !== "loadBalancer") {
      ctx.addIssue({ code: "custom", path: ["autoscaling"], message: 'needs exposure "loadBalancer" (autoscaled servers sit behind a load balancer)' });
    }
  }
});
export type VmComputeProps = z.input<typeof VmComputeSchema>;
export type VmComputeSpec = z.output<typeof VmComputeSchema>;

export const NODE_POOL_ROLES = ["general", "gpu", "spot", "memory"] as const;
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

const labelPart = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelKey = z.string().regex(labelPart, { error: "expected a Kubernetes label key such as role or example.com/role" });
const labelValue = z
  .string()
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, { error: "expected a Kubernetes label value (≤63 chars)" });

export const TaintSchema = strict({
  key: labelKey.meta({ description: "Taint key, e.g. nvidia.com/gpu." }),
  value: labelValue.meta({ description: "Taint value (≤ 63 characters, may be empty)." }),
  effect: oneOf(TAINT_EFFECTS).meta({ description: "NoSchedule: only pods that tolerate it are scheduled; PreferNoSchedule: avoided if possible; NoExecute: also evicts running pods that do not tolerate it." }),
});
export type Taint = z.output<typeof TaintSchema>;

export const NodePoolSchema = strict({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,11}$/, { error: "expected 2–12 lower-case letters or digits, starting with a letter (AKS's rule, the tightest)" })
    .meta({ description: "Pool name: 2–12 lower-case letters or digits (AKS's limit, the tightest of the clouds)." }),
  role: oneOf(NODE_POOL_ROLES).meta({ description: "What the pool is for; spot pools run on spot capacity." }),
  shape: ShapeSchema,
  instanceType: MachineTypeOverride,
  gpu: GpuSchema.optional().meta({ description: "GPU per node; required for, and only for, gpu pools. @default - none" }),
  min: intRange(0, 1000).meta({ description: "Fewest nodes in the pool (across zones)." }),
  max: intRange(1, 1000).meta({ description: "Most nodes in the pool (across zones)." }),
  desired: intRange(0, 1000)
    .optional()
    .meta({ description: "Nodes to start with (across zones); the cluster autoscaler owns the count afterwards. @default - min" }),
  diskGiB: intRange(20, 16384).default(100).meta({ description: "Node disk in GiB." }),
  maxUnavailablePercent: intRange(1, 100).default(33).meta({ description: "Nodes replaced at once during upgrades." }),
  taints: z.array(TaintSchema).optional().meta({
    description: "Node taints. @default - gpu pools: nvidia.com/gpu=true:NoSchedule; spot pools: spot=true:NoSchedule; others none",
  }),
  labels: z.record(recordKey(labelKey), labelValue).default({}).meta({ description: "Kubernetes labels on the pool's nodes, beside the pool-name and role labels tierform sets." }),
}).superRefine((pool, ctx) => {
  if (pool.min > pool.max) {
    ctx.addIssue({ code: "custom", path: ["min"], input: pool.min, message: `expected ≤ max (${pool.max})` });
  }
  if (pool.desired !== undefined && (pool.desired < pool.min || pool.desired > pool.max)) {
    ctx.addIssue({ code: "custom", path: ["desired"], input: pool.desired, message: `expected within min–max (${pool.min}–${pool.max})` });
  }
  if (pool.role === "gpu" && !pool.gpu) {
    ctx.addIssue({ code: "custom", path: ["gpu"], message: "required for a gpu pool: { accelerator: t4 | l4 | a10g | a100 | h100, count }" });
  }
  if (pool.role !== "gpu" && pool.gpu) {
    ctx.addIssue({ code: "custom", path: ["gpu"], message: `only allowed on a gpu pool (this pool's role is "${pool.role}")` });
  }
})
  // A pool's role decides its taints unless written: replacing a tier's pools never drops the GPU or spot taint.
  .transform((pool) => ({ ...pool, desired: pool.desired ?? pool.min, taints: pool.taints ?? [...ROLE_TAINTS[pool.role]] }));
export type NodePoolProps = z.input<typeof NodePoolSchema>;
export type NodePoolSpec = z.output<typeof NodePoolSchema>;

export const KubernetesComputeSchema = strict({
  kind: z.literal("kubernetes").meta({ description: "A managed Kubernetes cluster: EKS (AWS), GKE (GCP) or AKS (Azure); the workloads run in its platform stack." }),
  version: z
    .string()
    .regex(/^1\.\d{2}$/, { error: "expected a Kubernetes minor version such as 1.33" })
    .meta({ description: "Kubernetes minor version; checked against the cloud's supported versions." }),
  nodePools: z.array(NodePoolSchema).min(1).max(20).meta({ description: "The cluster's node pools (1–20), each autoscaled between min and max; at least one general pool with min ≥ 1." }),
  systemPool: strict({
    shape: ShapeSchema.prefault({ vcpu: 2, memoryGiB: 8 }),
    count: intRange(1, 10).default(3).meta({ description: "Nodes in the AKS system pool." }),
  })
    .prefault({})
    .meta({ description: "AKS only: the system pool that runs critical add-ons (other clouds run them on the general pool)." }),
  podCidr: cidrBlock(8, 24)
    .default("100.64.0.0/16")
    .meta({ description: "Overlay pod range where the cloud uses one (AKS CNI overlay); must not overlap the network." }),
  serviceCidr: cidrBlock(8, 24)
    .default("100.65.0.0/16")
    .meta({ description: "Kubernetes service range where the cloud asks for one (AKS)." }),
  apiAccessCidrs: z
    .array(cidrBlock(0, 32))
    .default([])
    .meta({
      description:
        "CIDRs allowed to reach the public API endpoint. Empty (the default) keeps the endpoint private to the network.",
    }),
}).superRefine((k8s, ctx) => {
  const seen = new Map<string, number>();
  k8s.nodePools.forEach((pool, i) => {
    const first = seen.get(pool.name);
    if (first !== undefined) {
      ctx.addIssue({ code: "custom", path: ["nodePools", i, "name"], input: pool.name, message: `expected a unique pool name (also used by nodePools[${first}])` });
    } else seen.set(pool.name, i);
  });
  if (!k8s.nodePools.some((p) => p.role === "general" && p.min >= 1)) {
    ctx.addIssue({ code: "custom", path: ["nodePools"], message: 'expected at least one "general" pool with min ≥ 1 (system pods need a home)' });
  }
  k8s.apiAccessCidrs.forEach((cidr, i) => {
    const first = k8s.apiAccessCidrs.indexOf(cidr);
    if (first !== i) {
      // EKS, GKE and AKS keep these as sets: a repeat is refused or never settles in a plan.
      ctx.addIssue({ code: "custom", path: ["apiAccessCidrs", i], input: cidr, message: `expected each CIDR once (also apiAccessCidrs[${first}])` });
    }
    if (cidr === "0.0.0.0/0") {
      ctx.addIssue({ code: "custom", path: ["apiAccessCidrs", i], input: cidr, message: "expected a restricted CIDR; the API endpoint is never opened to the whole internet" });
    }
  });
});
export type KubernetesComputeProps = z.input<typeof KubernetesComputeSchema>;
export type KubernetesComputeSpec = z.output<typeof KubernetesComputeSchema>;

export const ContainersComputeSchema = strict({
  kind: z.literal("containers").meta({
    description:
      "Serverless containers: ECS on Fargate (AWS), Cloud Run (GCP), Azure Container Apps. Each of `workloads` runs as a service sized by its resources and scaled between its bounds; the exposed one serves the app behind its HTTPS load balancer. One region.",
  }),
  scaleInCooldownSeconds: intRange(0, 3600)
    .default(300)
    .meta({ description: "Seconds after a scale-in before the next one. AWS: Application Auto Scaling's scale-in cooldown; Azure: the Container App's cooldown period; GCP: Cloud Run decides (not configurable)." }),
  scaleOutCooldownSeconds: intRange(0, 3600)
    .default(60)
    .meta({ description: "Seconds after a scale-out before the next one. AWS: Application Auto Scaling's scale-out cooldown; Azure and GCP: the platform decides (not configurable)." }),
  minHealthyPercent: intRange(0, 100)
    .default(100)
    .meta({ description: "AWS: share of a service's desired tasks kept running during a deployment (ECS minimum healthy percent). GCP and Azure roll out new revisions side by side." }),
  maxPercent: intRange(100, 200)
    .default(200)
    .meta({ description: "AWS: most tasks during a deployment, as a share of the desired count (ECS maximum percent)." }),
}).superRefine((c, ctx) => {
  // ECS can then neither stop an old task nor start a new one: every deployment stalls.
  if (c.minHealthyPercent === 100 && c.maxPercent === 100) {
    ctx.addIssue({ code: "custom", path: ["maxPercent"], input: c.maxPercent, message: "expected more than 100 when minHealthyPercent is 100 (a deployment could neither stop an old task nor start a new one)" });
  }
});
export type ContainersComputeProps = z.input<typeof ContainersComputeSchema>;
export type ContainersComputeSpec = z.output<typeof ContainersComputeSchema>;

export const ComputeSchema = z.discriminatedUnion("kind", [VmComputeSchema, KubernetesComputeSchema, ContainersComputeSchema], {
  error: 'expected compute.kind "vm", "kubernetes" or "containers"',
});
export type ComputeProps = z.input<typeof ComputeSchema>;
export type ComputeSpec = z.output<typeof ComputeSchema>;

/** VM servers' rules on their cloud, paths relative to the compute spec (`compute.` in a topology; `VmFleet` flat). */
export function vmRules(rc: RuleContext, vm: VmComputeSpec): Finding[] {
  return [
    ...(rc.cloud === "azure" && !vm.sshPublicKey
      ? [finding(["sshPublicKey"], "required on azure: Azure needs an admin public key for Linux servers (no password is ever set)")]
      : []),
    ...machineRules(rc, "machines", { shape: vm.shape, override: vm.instanceType }, { shape: ["shape"], override: ["instanceType"] }),
  ];
}

/**
 * A node pool's rules on its cloud, paths relative to the pool (`compute.nodePools[i].` in a topology,
 * `nodePools[i].` in `KubernetesCluster`, flat in `NodePool`).
 */
export function nodePoolRules(rc: RuleContext, pool: NodePoolSpec, placements: readonly PoolPlacement[] = []): Finding[] {
  const offered = acceleratorsOffered(catalogFor(rc.cloud));
  if (pool.gpu && !offered.includes(pool.gpu.accelerator)) {
    return [finding(["gpu", "accelerator"], acceleratorNotOffered(pool.gpu.accelerator, offered, rc.cloud), pool.gpu.accelerator)];
  }
  const machine = machineRules(rc, "machines", { shape: pool.shape, override: pool.instanceType, gpu: pool.gpu }, { shape: ["shape"], override: ["instanceType"] });
  if (machine.length > 0) return machine;
  // A pool with an accelerator runs only in the zones that offer it: each region it is placed in needs one.
  return placements.flatMap(({ region, zones }) => {
    const placed = planPoolZones(rc.cloud, region, zones, pool);
    return placed.ok ? [] : [finding(["gpu", "accelerator"], placed.message, placed.accelerator)];
  });
}

/** A region a cluster's pools are placed in, and the network's zones there. */
export interface PoolPlacement {
  readonly region: string;
  readonly zones: readonly string[];
}

/** A cluster's rules on its cloud, paths relative to the compute spec (`compute.` in a topology; `KubernetesCluster` flat). */
export function kubernetesRules(rc: RuleContext, k8s: KubernetesComputeSpec, placements: readonly PoolPlacement[] = []): Finding[] {
  const versions = catalogFor(rc.cloud).kubernetesVersions;
  const found: Finding[] = [];
  if (!versions.includes(k8s.version)) found.push(finding(["version"], `expected a supported version: ${versions.join(", ")}`, k8s.version));
  k8s.nodePools.forEach((pool, i) => found.push(...under(["nodePools", i], nodePoolRules(rc, pool, placements))));
  return found;
}

/**
 * A cluster's pod and service ranges stay off the network's addresses and off each other. `networks`: the
 * ranges the cluster's network uses (one per region in a multi-region topology) and how to name them.
 */
export function clusterAddressRules(k8s: Pick<KubernetesComputeSpec, "podCidr" | "serviceCidr">, networks: { readonly cidrs: readonly string[]; readonly where: string }): Finding[] {
  const pods = cidrBounds(k8s.podCidr);
  const services = cidrBounds(k8s.serviceCidr);
  const blocks = networks.cidrs.map(cidrBounds);
  if (!pods || !services || blocks.some((b) => b === undefined)) return [];
  const found: Finding[] = [];
  if (blocks.some((n) => rangesOverlap(pods, n!))) found.push(finding(["podCidr"], `expected a range outside ${networks.where}`, k8s.podCidr));
  if (blocks.some((n) => rangesOverlap(services, n!))) found.push(finding(["serviceCidr"], `expected a range outside ${networks.where}`, k8s.serviceCidr));
  if (rangesOverlap(services, pods)) found.push(finding(["serviceCidr"], `expected a range outside the pod range podCidr (${k8s.podCidr})`, k8s.serviceCidr));
  return found;
}
