import { z } from "zod";
import { dnsLabel, intRange, literalText, oneOf, recordKey, strict } from "./common";

/** Kubernetes quantities: CPU like `500m` or `2`, memory like `512Mi` or `4Gi`. */
const cpuQuantity = z.string().regex(/^(\d+m|\d+(\.\d+)?)$/, { error: "expected a CPU quantity such as 500m or 2" });
const memoryQuantity = z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, { error: "expected a memory quantity such as 512Mi or 4Gi" });
const metricQuantity = z.string().regex(/^\d+(\.\d+)?[munkMGT]?$/, { error: "expected a quantity such as 100, 500m or 10k" });
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: "expected a metric name such as http_requests_per_second" });
const percent = intRange(1, 100);

export const ResourcesSchema = strict({
  requests: strict({
    cpu: cpuQuantity.optional().meta({ description: "CPU the scheduler reserves per pod: cores (\"2\", \"0.5\") or millicores (\"500m\"). Needed for autoscaling.cpuPercent. @default - none" }),
    memory: memoryQuantity.optional().meta({ description: "Memory the scheduler reserves per pod (\"512Mi\", \"4Gi\"). Needed for autoscaling.memoryPercent. @default - none" }),
  })
    .prefault({})
    .meta({ description: "What the scheduler reserves for each pod; unset means none." }),
  limits: strict({
    cpu: cpuQuantity.optional().meta({ description: "Most CPU a container may use before it is throttled (\"1\", \"500m\"). @default - unlimited" }),
    memory: memoryQuantity.optional().meta({ description: "Most memory a container may use before it is OOM-killed (\"1Gi\"); a memory-backed scratch counts against it. @default - unlimited" }),
  })
    .prefault({})
    .meta({ description: "Ceilings for each container; unset means none (GPU pods also get nvidia.com/gpu = gpus)." }),
});

const ScalingPolicySchema = strict({
  type: oneOf(["Percent", "Pods"]).meta({ description: "Whether value counts pods or a percentage of the current replicas." }),
  value: intRange(1, 1000).meta({ description: "Pods, or percent of current replicas, that may be added (scaleUp) or removed (scaleDown) per period." }),
  periodSeconds: intRange(1, 1800).meta({ description: "Window in seconds the policy's value applies to." }),
});

/** One direction of HPA `behavior`, as in autoscaling/v2. */
export const ScalingRulesSchema = strict({
  stabilizationWindowSeconds: intRange(0, 3600)
    .optional()
    .meta({ description: "Seconds of past recommendations the HPA considers before changing replicas. @default - Kubernetes: 0 for scaleUp, 300 for scaleDown" }),
  selectPolicy: oneOf(["Max", "Min", "Disabled"])
    .optional()
    .meta({ description: "Which policy wins when several apply: Max (largest change), Min (smallest), or Disabled (no scaling in this direction). @default - Max" }),
  policies: z.array(ScalingPolicySchema).min(1).max(10).meta({ description: "How fast replicas may change (1–10 policies)." }),
});

export const WorkloadAutoscalingSchema = strict({
  min: intRange(1, 1000).meta({ description: "Fewest replicas the HPA keeps (≤ max)." }),
  max: intRange(1, 1000).meta({ description: "Most replicas the HPA scales to." }),
  cpuPercent: percent.optional().meta({ description: "Average CPU utilisation target (needs resources.requests.cpu, on containers too, so a workload means the same on both). Percent of the request (on containers: of the instance's CPU), 1–100. @default - not scaled on CPU" }),
  memoryPercent: percent.optional().meta({ description: "Average memory utilisation target (needs resources.requests.memory, on containers too). Percent of the request (on containers: of the instance's memory), 1–100. @default - not scaled on memory" }),
  pods: z
    .array(
      strict({
        metric: metricName.meta({ description: "Metric name served by the custom metrics API (e.g. through prometheus-adapter)." }),
        averageValue: metricQuantity.meta({ description: "Target average per pod, a Kubernetes quantity (\"100\", \"500m\", \"10k\")." }),
      }),
    )
    .default([])
    .meta({ description: "Pods metrics (custom.metrics.k8s.io), e.g. http_requests_per_second averaging 100." }),
  external: z
    .array(
      strict({
        metric: metricName.meta({ description: "Metric name served by the external metrics API." }),
        selector: z.record(recordKey(z.string().regex(/^[A-Za-z0-9._/-]+$/, { error: "expected a label name" })), literalText()).default({}).meta({ description: "Label selector (label: value) that picks the metric's series." }),
        averageValue: metricQuantity.optional().meta({ description: "Target value divided by the replica count (exactly one of averageValue and value). @default - none" }),
        value: metricQuantity.optional().meta({ description: "Target value of the metric as a whole (exactly one of averageValue and value). @default - none" }),
      }),
    )
    .default([])
    .meta({ description: "External metrics (external.metrics.k8s.io), e.g. redis_queue_length at 10 per pod." }),
  concurrentRequests: intRange(1, 1000)
    .optional()
    .meta({
      description:
        "Containers only: in-flight requests one instance takes before another is added. GCP: the Cloud Run service's concurrency (max requests per instance); Azure: the HTTP scale rule's concurrent requests; AWS: target tracking on the ALB's requests per target, concurrentRequests × 60 per minute (the same load when a request takes a second). @default - not scaled on requests",
    }),
  queue: strict({
    list: z.string().regex(/^[A-Za-z0-9:_.-]{1,100}$/, { error: "expected a Redis key such as celery" }).meta({ description: "Redis list the workers consume (Celery's default queue is `celery`), in the topology's cache." }),
    perInstance: intRange(1, 100000).meta({ description: "Waiting items per instance: the service scales to keep the list's length ÷ instances at or below it." }),
  })
    .optional()
    .meta({
      description:
        "Containers only, for workers: scale on the length of a Redis list. Azure: a KEDA redis scale rule reads it; AWS: target tracking on the backlog per task, the CloudWatch metric QueueLength (namespace tierform/<prefix>, dimension List) the worker publishes (its task role may put it) divided by the running tasks; GCP: Cloud Run has no queue scaler, the worker pool runs autoscaling.max instances (warning tierform:containers:queue-scaling-manual). @default - not scaled on a queue",
    }),
  behavior: strict({
    scaleUp: ScalingRulesSchema.optional().meta({ description: "How the HPA adds replicas. @default - Kubernetes' default behaviour" }),
    scaleDown: ScalingRulesSchema.optional().meta({ description: "How the HPA removes replicas. @default - Kubernetes' default behaviour" }),
  })
    .optional()
    .meta({ description: "HPA scaling behaviour (autoscaling/v2 `behavior`), per direction. @default - Kubernetes' defaults" }),
});
export type WorkloadAutoscaling = z.output<typeof WorkloadAutoscalingSchema>;

/**
 * Vertical Pod Autoscaler update modes tierform renders on every cloud. `Auto` is accepted as the guides write it
 * and rendered as `Recreate`, which it has always meant (VPA 1.6 deprecates the name). `InPlaceOrRecreate` is left
 * out: the managed VPAs of GKE and AKS run the cloud's own VPA version, so it would not mean the same everywhere.
 */
export const VPA_UPDATE_MODES = ["Off", "Initial", "Recreate", "Auto"] as const;
export type VpaUpdateMode = (typeof VPA_UPDATE_MODES)[number];
const VPA_RESOURCES = ["cpu", "memory"] as const;
const allowedResources = strict({
  cpu: cpuQuantity.optional().meta({ description: "CPU bound: cores (\"2\") or millicores (\"100m\"). @default - unbounded" }),
  memory: memoryQuantity.optional().meta({ description: "Memory bound (\"128Mi\", \"8Gi\"). @default - unbounded" }),
});

export const VerticalAutoscalingSchema = strict({
  updateMode: oneOf(VPA_UPDATE_MODES)
    .default("Off")
    .meta({
      description:
        "Off: recommendations only (in the object's status); Initial: set at pod creation; Recreate (or Auto, the guides' name for it): evict pods whose requests drift from the recommendation.",
    }),
  minAllowed: allowedResources.optional().meta({ description: "Lowest requests the VPA may set, e.g. { cpu: \"100m\", memory: \"128Mi\" }. @default - no lower bound" }),
  maxAllowed: allowedResources.optional().meta({ description: "Highest requests the VPA may set, e.g. { cpu: \"4\", memory: \"8Gi\" }. @default - no upper bound" }),
  controlledResources: z
    .array(oneOf(VPA_RESOURCES))
    .min(1)
    .default(["cpu", "memory"])
    .meta({ description: "Resources the VPA sizes." }),
  controlledValues: oneOf(["RequestsAndLimits", "RequestsOnly"])
    .default("RequestsAndLimits")
    .meta({ description: "RequestsAndLimits scales limits with requests (keeping their ratio); RequestsOnly leaves limits as written." }),
});
export type VerticalAutoscalingProps = z.input<typeof VerticalAutoscalingSchema>;
export type VerticalAutoscaling = z.output<typeof VerticalAutoscalingSchema>;

/** A CPU quantity in millicores, a memory quantity in bytes: to compare the VPA's bounds. */
function quantityValue(resource: "cpu" | "memory", q: string): number {
  if (resource === "cpu") return q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000;
  const units = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 } as const;
  return Number(q.slice(0, -2)) * units[q.slice(-2) as keyof typeof units];
}

/** The resources a workload's HPA scales on utilisation of: a VPA must not resize them (they would fight). */
export function hpaResources(a: WorkloadAutoscaling | undefined): ("cpu" | "memory")[] {
  return [...(a?.cpuPercent !== undefined ? (["cpu"] as const) : []), ...(a?.memoryPercent !== undefined ? (["memory"] as const) : [])];
}

/** Whether any workload has a VPA: the cluster then needs one (GKE, AKS: the managed one; EKS: the chart). */
export const usesVerticalPodAutoscaler = (workloads: readonly { vpa?: unknown }[]) => workloads.some((w) => w.vpa !== undefined);

const ProbeSchema = strict({
  // Escaped for Terraform like every free text (a `${` in a path is sent as written, never evaluated).
  path: literalText(z.string().regex(/^\/\S*$/, { error: "expected a path such as /healthz" })).meta({ description: "HTTP path requested on the workload's port; a 2xx/3xx answer passes." }),
  periodSeconds: intRange(1, 300).default(10).meta({ description: "Seconds between probes." }),
  initialDelaySeconds: intRange(0, 600).default(5).meta({ description: "Seconds after the container starts before the first probe." }),
  failureThreshold: intRange(1, 30).default(3).meta({ description: "Consecutive failures before the probe counts as failed." }),
});

/** Where a value comes from: a literal, or a data store's connection detail (never a password). */
export const CONNECTION_FIELDS = [
  "database.host",
  "database.writerHost",
  "database.port",
  "database.name",
  "database.user",
  "database.readerHosts",
  "database.auth",
  "database.directHost",
  "database.directPort",
  "database.directUser",
  "cache.host",
  "cache.writerHost",
  "cache.port",
  "cache.tls",
  "cache.user",
  "cache.secretRef",
  "files.bucket",
] as const;
export type ConnectionField = (typeof CONNECTION_FIELDS)[number];

export const WorkloadSchema = strict({
  name: dnsLabel(2, 40).meta({ description: "Workload name: its namespace, Deployment, Service and service account." }),
  image: z.string().regex(/^[a-z0-9][a-z0-9._\-/:@]*$/, { error: "expected a container image reference such as ghcr.io/acme/api:1.4.2" }).meta({ description: "Container image reference, e.g. ghcr.io/acme/api:1.4.2 (a tag or @sha256 digest)." }),
  command: z
    .array(literalText(z.string().min(1)))
    .min(1)
    .max(20)
    .optional()
    .meta({ description: "Replaces the image's entrypoint (Kubernetes `command`, ECS `entryPoint`, Cloud Run and Container Apps `command`). @default - the image's" }),
  args: z
    .array(literalText())
    .max(100)
    .optional()
    .meta({ description: "Arguments to the entrypoint (Kubernetes `args`, ECS `command`, Cloud Run and Container Apps `args`), e.g. [\"celery\", \"-A\", \"app\", \"worker\"] for a worker that shares the web service's image. @default - the image's" }),
  port: intRange(1, 65535).optional().meta({ description: "Container port; workloads without one (queue workers) get no Service. @default - none" }),
  expose: z.boolean().default(false).meta({ description: "Serve this workload through the app's load balancer (at most one)." }),
  replicas: intRange(0, 1000).default(2).meta({ description: "Replicas when not autoscaled." }),
  pool: oneOf(["general", "gpu", "spot", "memory"]).default("general").meta({ description: "Node pool role the pods run on." }),
  gpus: intRange(0, 8).default(0).meta({ description: "GPUs per pod (gpu pool only)." }),
  resources: ResourcesSchema.prefault({}).meta({ description: "CPU and memory requests and limits of the container." }),
  env: z
    .record(
      z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { error: "expected an environment variable name" }),
      z.union([literalText(), strict({ from: oneOf(CONNECTION_FIELDS).meta({ description: "A data store's connection detail: database.host, .writerHost, .port, .name, .user, .readerHosts, .auth, .directHost, .directPort, .directUser; cache.host, .writerHost, .port, .tls, .user, .secretRef; files.bucket (on containers tiers the service reading it gets access to the files bucket). Needs that data store in the topology." }) })], { error: `expected a string, or { from: ${CONNECTION_FIELDS.map((f) => JSON.stringify(f)).join(" | ")} }` }),
    )
    .default({})
    .meta({ description: "Environment: literals, or { from: \"database.host\" } and friends (never passwords)." }),
  readiness: ProbeSchema.optional().meta({ description: "HTTP readiness probe: a pod receives traffic only while it passes. On the exposed workload its path is also the load balancer's health check. Needs port. @default - none" }),
  liveness: ProbeSchema.optional().meta({ description: "HTTP liveness probe: the container is restarted when it fails. Needs port. @default - none" }),
  autoscaling: WorkloadAutoscalingSchema.optional().meta({ description: "HorizontalPodAutoscaler (autoscaling/v2) between min and max replicas on CPU, memory, pods or external metrics; replaces replicas. @default - fixed replicas" }),
  vpa: VerticalAutoscalingSchema.optional().meta({
    description:
      "VerticalPodAutoscaler for the Deployment. An updating mode (anything but Off) may not size a resource the HPA scales on (autoscaling.cpuPercent, memoryPercent): they fight. @default - none",
  }),
  readOnlyRootFilesystem: z
    .boolean()
    .default(true)
    .meta({
      description:
        "Mount the container's root filesystem read-only (a writable emptyDir is mounted at /tmp, see `scratch`). Turn off only for images that write elsewhere; production warns (tierform:kubernetes:writable-root-filesystem).",
    }),
  scratch: strict({
    medium: oneOf(["disk", "memory"]).default("disk").meta({ description: "Backing of the /tmp emptyDir: node disk, or memory (tmpfs, counted against the memory limit)." }),
    sizeLimit: memoryQuantity.default("1Gi").meta({ description: "Most the /tmp emptyDir may hold before the pod is evicted." }),
  })
    .prefault({})
    .meta({ description: "The writable /tmp every container gets (the root filesystem is read-only)." }),
  disruption: strict({
    maxUnavailable: z.string().regex(/^\d+%?$/, { error: 'expected a count or percentage such as "1" or "25%"' }).meta({ description: "Pods a voluntary disruption (node drain, upgrade) may take down at once: a count (\"1\") or a percentage (\"25%\")." }),
  })
    .default({ maxUnavailable: "1" })
    .meta({ description: "PodDisruptionBudget: how many pods a drain may take at once." }),
}).superRefine((w, ctx) => {
  const a = w.autoscaling;
  if (a) {
    if (a.min > a.max) ctx.addIssue({ code: "custom", path: ["autoscaling", "min"], input: a.min, message: `expected ≤ autoscaling.max (${a.max})` });
    if (a.cpuPercent !== undefined && !w.resources.requests.cpu) {
      ctx.addIssue({ code: "custom", path: ["autoscaling", "cpuPercent"], input: a.cpuPercent, message: "needs resources.requests.cpu (utilisation is measured against the request)" });
    }
    if (a.memoryPercent !== undefined && !w.resources.requests.memory) {
      ctx.addIssue({ code: "custom", path: ["autoscaling", "memoryPercent"], input: a.memoryPercent, message: "needs resources.requests.memory (utilisation is measured against the request)" });
    }
    if (a.cpuPercent === undefined && a.memoryPercent === undefined && a.pods.length === 0 && a.external.length === 0 && a.concurrentRequests === undefined && a.queue === undefined) {
      ctx.addIssue({ code: "custom", path: ["autoscaling"], message: "needs at least one metric: cpuPercent, memoryPercent, concurrentRequests, queue, pods or external" });
    }
    a.external.forEach((m, i) => {
      if ((m.averageValue === undefined) === (m.value === undefined)) {
        ctx.addIssue({ code: "custom", path: ["autoscaling", "external", i], message: "expected exactly one of averageValue or value" });
      }
    });
  }
  if (w.vpa) vpaRules(w.vpa, w.autoscaling).forEach((issue) => ctx.addIssue({ code: "custom", ...issue, path: ["vpa", ...issue.path] }));
  if (w.gpus > 0 && w.pool !== "gpu") ctx.addIssue({ code: "custom", path: ["gpus"], input: w.gpus, message: `needs pool "gpu" (this workload runs on "${w.pool}")` });
  if (w.pool === "gpu" && w.gpus === 0) ctx.addIssue({ code: "custom", path: ["gpus"], input: 0, message: 'expected ≥ 1 on pool "gpu" (pods there must request GPUs)' });
  if (w.expose && w.port === undefined) ctx.addIssue({ code: "custom", path: ["expose"], input: true, message: "needs port (the load balancer sends traffic to it)" });
  if ((w.readiness || w.liveness) && w.port === undefined) ctx.addIssue({ code: "custom", path: ["readiness"], message: "HTTP probes need port" });
});

/** A VPA's own rules, and the one it shares with the HPA: never both on the same resource. */
function vpaRules(v: VerticalAutoscaling, hpa: WorkloadAutoscaling | undefined): { path: PropertyKey[]; message: string; input?: unknown }[] {
  const out: { path: PropertyKey[]; message: string; input?: unknown }[] = [];
  v.controlledResources.forEach((r, i) => {
    if (v.controlledResources.indexOf(r) !== i) out.push({ path: ["controlledResources", i], message: `expected each resource once ("${r}" is listed twice)`, input: r });
  });
  for (const r of VPA_RESOURCES) {
    const min = v.minAllowed?.[r];
    const max = v.maxAllowed?.[r];
    if (min !== undefined && max !== undefined && quantityValue(r, min) > quantityValue(r, max)) {
      out.push({ path: ["minAllowed", r], message: `expected ≤ vpa.maxAllowed.${r} (${max})`, input: min });
    }
  }
  if (v.updateMode !== "Off") {
    const metric = { cpu: "cpuPercent", memory: "memoryPercent" } as const;
    const fighting = hpaResources(hpa).filter((r) => v.controlledResources.includes(r));
    if (fighting.length > 0) {
      out.push({
        path: ["updateMode"],
        message:
          `a VPA in mode "${v.updateMode}" resizes ${fighting.join(" and ")}, which the HPA scales on (${fighting.map((r) => `autoscaling.${metric[r]}`).join(", ")}): ` +
          "the two fight (the VPA raises the request, utilisation drops, the HPA removes pods, and back). " +
          `Use updateMode "Off" for recommendations only, take ${fighting.join(" and ")} out of vpa.controlledResources, or scale the HPA on other metrics`,
        input: v.updateMode,
      });
    }
  }
  return out;
}
export type WorkloadProps = z.input<typeof WorkloadSchema>;
export type WorkloadSpec = z.output<typeof WorkloadSchema>;

/**
 * What the platform stack names for itself: the extensions Job's workload (identity, service account) and its
 * namespace suffix. A workload may take neither, or two things would share a name.
 */
export const EXTENSIONS_WORKLOAD = "db-extensions";
export const EXTENSIONS_NAMESPACE_SUFFIX = "db";
/** The platform's PgBouncer (GCP Kubernetes tiers with `database.pooling`): its workload and namespace suffix. */
export const POOLER_WORKLOAD = "pgbouncer";

/** The namespace a workload runs in. */
export const workloadNamespace = (platform: { namespace: string }, name: string) => `${platform.namespace}-${name}`;

export const PlatformSchema = strict({
  pgvectorJob: z
    .boolean()
    .default(true)
    .meta({ description: "Run a one-shot Job that creates the `vector` extension. Turn off when your migrations own it." }),
  namespace: dnsLabel(2, 40).default("apps").meta({ description: "Namespace prefix; each workload gets `<namespace>-<name>`." }),
});
export type PlatformSpec = z.output<typeof PlatformSchema>;
