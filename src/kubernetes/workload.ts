import type { Construct } from "constructs";
import { DeploymentV1, HorizontalPodAutoscalerV2, NamespaceV1, NetworkPolicyV1, PodDisruptionBudgetV1, SecretV1, ServiceAccountV1, ServiceV1 } from "./objects";
import { Release } from "@cdktf/provider-helm/lib/release";
import type { ExposedService, IdentityEndpoint, WorkloadIdentity } from "../core/contracts";
import type { TerraformResource } from "../core/tf";
import type { Taint } from "../model/compute";
import type { VerticalAutoscaling, VpaUpdateMode, WorkloadAutoscaling, WorkloadSpec } from "../model/workload";
import { CHARTS } from "./charts";
import { RESTRICTED_CONTAINER } from "./security";
import { CONNECTION_KEYS } from "./connection";

/** Labels every node carries (set by the infra renderers), used to place pods on pools. */
export const POOL_ROLE_LABEL = "tierform.dev/role";

export interface WorkloadPlacement {
  /** Taints of the pool the workload runs on, which its pods must tolerate. */
  readonly taints: readonly Taint[];
  /** Extra tolerations the cloud needs for that pool (e.g. AKS spot). */
  readonly cloudTolerations: readonly { key: string; value: string; effect: string }[];
}

export interface WorkloadInput {
  readonly spec: WorkloadSpec;
  readonly namespace: string;
  readonly identity: WorkloadIdentity;
  readonly connection: Record<string, string>;
  readonly placement: WorkloadPlacement;
  /** Set for the exposed workload: how its Service meets the load balancer. */
  readonly exposed?: ExposedService;
  /** Egress the workload needs besides DNS and HTTPS: the data stores and the identity endpoints. */
  readonly egress: EgressPlan;
  /** What must be in place before the VerticalPodAutoscaler object: the VPA add-on that brings its CRD (EKS). */
  readonly vpaDependsOn?: readonly TerraformResource[];
}

/** Where pods may connect besides DNS, HTTPS and their own app. */
export interface EgressPlan {
  /** Each data store's port, open only to the address ranges the store lives in. */
  readonly dataStores: readonly { readonly port: string; readonly cidrs: readonly string[] }[];
  /** The cloud's node-local identity endpoints: the only link-local addresses pods reach. */
  readonly identityEndpoints: readonly IdentityEndpoint[];
  /** Pods in the cluster the workload connects to (the platform's PgBouncer), by namespace, labels and port. */
  readonly pods?: readonly { readonly namespace: string; readonly selector: Readonly<Record<string, string>>; readonly port: string }[];
}

/** Link-local addresses: the nodes' instance metadata (and its credentials) and node agents. */
const LINK_LOCAL = "169.254.0.0/16";

const SCRATCH_VOLUME = "tmp";

function probe(p: NonNullable<WorkloadSpec["readiness"]>, port: number) {
  return {
    httpGet: { path: p.path, port: String(port) },
    periodSeconds: p.periodSeconds,
    initialDelaySeconds: p.initialDelaySeconds,
    failureThreshold: p.failureThreshold,
  };
}

/** HPA v2 metrics, exactly as the model says them. */
export function hpaMetrics(a: WorkloadAutoscaling) {
  const resource = (name: "cpu" | "memory", percent: number) => ({ type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization: percent } } });
  return [
    ...(a.cpuPercent !== undefined ? [resource("cpu", a.cpuPercent)] : []),
    ...(a.memoryPercent !== undefined ? [resource("memory", a.memoryPercent)] : []),
    ...a.pods.map((m) => ({ type: "Pods", pods: { metric: { name: m.metric }, target: { type: "AverageValue", averageValue: m.averageValue } } })),
    ...a.external.map((m) => ({
      type: "External",
      external: {
        metric: { name: m.metric, ...(Object.keys(m.selector).length ? { selector: [{ matchLabels: m.selector }] } : {}) },
        target: m.averageValue !== undefined ? { type: "AverageValue", averageValue: m.averageValue } : { type: "Value", value: m.value! },
      },
    })),
  ];
}

function behavior(a: WorkloadAutoscaling) {
  if (!a.behavior) return undefined;
  const rules = (r: NonNullable<NonNullable<WorkloadAutoscaling["behavior"]>["scaleUp"]>) => [
    {
      ...(r.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: r.stabilizationWindowSeconds } : {}),
      ...(r.selectPolicy ? { selectPolicy: r.selectPolicy } : {}),
      policy: r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })),
    },
  ];
  return {
    ...(a.behavior.scaleUp ? { scaleUp: rules(a.behavior.scaleUp) } : {}),
    ...(a.behavior.scaleDown ? { scaleDown: rules(a.behavior.scaleDown) } : {}),
  };
}

/**
 * One workload: its namespace, service account (bound to the cloud's workload identity), connection secret,
 * Deployment (no replica count when an HPA owns it; restricted security context; GPU and spot placement),
 * Service, HorizontalPodAutoscaler v2, PodDisruptionBudget and NetworkPolicy (ingress only from the same
 * app and, for the exposed workload, the load balancer's path; egress only to DNS, the data stores, HTTPS
 * and the node-local identity endpoints).
 */
export function renderWorkload(scope: Construct, input: WorkloadInput): Record<string, TerraformResource> {
  const { spec, namespace, identity, placement } = input;
  const labels = { "app.kubernetes.io/name": spec.name, "app.kubernetes.io/managed-by": "tierform" };
  const selector = { "app.kubernetes.io/name": spec.name };
  const ns = new NamespaceV1(scope, "namespace", { metadata: { name: namespace, labels: { "tierform.dev/workload": spec.name } } });
  const meta = (name: string) => ({ name, namespace: ns.metadata.name, labels });
  const account = new ServiceAccountV1(scope, "service-account", { metadata: { ...meta(spec.name), annotations: { ...identity.annotations } } });
  const secret = new SecretV1(scope, "connection", { metadata: meta(`${spec.name}-connection`), data: { ...input.connection } });

  const gpu = spec.pool === "gpu";
  const tolerations = [
    ...placement.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })),
    ...placement.cloudTolerations.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })),
    // The GPU taint's value differs by cloud (GKE sets its own): tolerate the key.
    ...(gpu ? [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] : []),
  ];
  const requests = { ...spec.resources.requests };
  const limits = { ...spec.resources.limits, ...(gpu ? { "nvidia.com/gpu": String(spec.gpus) } : {}) };
  const env = Object.entries(spec.env)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) =>
      typeof value === "string"
        ? { name, value }
        : { name, valueFrom: { secretKeyRef: { name: secret.metadata.name, key: CONNECTION_KEYS[value.from] } } },
    );
  const autoscaled = spec.autoscaling !== undefined;
  const deployment = new DeploymentV1(scope, "deployment", {
    metadata: meta(spec.name),
    spec: {
      ...(autoscaled ? {} : { replicas: String(spec.replicas) }),
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...labels, ...identity.podLabels } },
        spec: {
          serviceAccountName: account.metadata.name,
          // Nothing here talks to the Kubernetes API; cloud credentials come through the identity webhook's own
          // projected token (EKS, AKS) or the metadata server (GKE), not the service-account token.
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          nodeSelector: { [POOL_ROLE_LABEL]: spec.pool },
          toleration: tolerations,
          // The root filesystem is read-only: /tmp is where apps (and their libraries) write.
          volume: [{ name: SCRATCH_VOLUME, emptyDir: { ...(spec.scratch.medium === "memory" ? { medium: "Memory" } : {}), sizeLimit: spec.scratch.sizeLimit } }],
          container: [
            {
              name: spec.name,
              image: spec.image,
              ...(spec.command ? { command: [...spec.command] } : {}),
              ...(spec.args ? { args: [...spec.args] } : {}),
              imagePullPolicy: "Always",
              ...(spec.port !== undefined ? { port: [{ containerPort: spec.port, name: "http" }] } : {}),
              envFrom: [{ secretRef: { name: secret.metadata.name } }],
              env,
              resources: { requests, limits },
              securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: spec.readOnlyRootFilesystem },
              volumeMount: [{ name: SCRATCH_VOLUME, mountPath: "/tmp" }],
              ...(spec.readiness && spec.port !== undefined ? { readinessProbe: probe(spec.readiness, spec.port) } : {}),
              ...(spec.liveness && spec.port !== undefined ? { livenessProbe: probe(spec.liveness, spec.port) } : {}),
            },
          ],
        },
      },
    },
    // A pod waiting for a GPU node to scale up must not time out the apply.
    waitForRollout: false,
    // The HPA owns the replica count.
    ...(autoscaled ? { lifecycle: { ignoreChanges: ["spec[0].replicas"] } } : {}),
  });
  const out: Record<string, TerraformResource> = { namespace: ns, serviceAccount: account, connection: secret, deployment };

  if (spec.port !== undefined) {
    const exposed = input.exposed;
    out["service"] = new ServiceV1(scope, "service", {
      metadata: { ...meta(spec.name), ...(exposed ? { annotations: { ...exposed.annotations } } : {}) },
      spec: {
        selector,
        type: exposed ? exposed.type : "ClusterIP",
        port: [{ name: "http", port: exposed ? exposed.port : spec.port, targetPort: String(spec.port), ...(exposed?.nodePort ? { nodePort: exposed.nodePort } : {}) }],
      },
    });
  }
  if (spec.autoscaling) {
    const b = behavior(spec.autoscaling);
    out["autoscaler"] = new HorizontalPodAutoscalerV2(scope, "autoscaler", {
      metadata: meta(spec.name),
      spec: {
        minReplicas: spec.autoscaling.min,
        maxReplicas: spec.autoscaling.max,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
        metric: hpaMetrics(spec.autoscaling),
        ...(b ? { behavior: b } : {}),
      },
    });
  }
  if (spec.vpa) {
    out["verticalAutoscaler"] = renderVerticalAutoscaler(scope, { namespace: ns.metadata.name, name: spec.name, vpa: spec.vpa, labels, dependsOn: [deployment, ...(input.vpaDependsOn ?? [])] });
  }
  out["disruptionBudget"] = new PodDisruptionBudgetV1(scope, "disruption-budget", {
    metadata: meta(spec.name),
    spec: { maxUnavailable: spec.disruption.maxUnavailable, selector: { matchLabels: selector } },
  });
  out["networkPolicy"] = networkPolicy(scope, ns.metadata.name, spec, selector, input);
  return out;
}

/** `Auto` has always meant `Recreate`; VPA 1.6 deprecates the name, so the object says what it does. */
const RENDERED_UPDATE_MODE: Record<VpaUpdateMode, string> = { Off: "Off", Initial: "Initial", Recreate: "Recreate", Auto: "Recreate" };

/** The VerticalPodAutoscaler object for a workload's Deployment (its one container), as the model says it. */
export function verticalAutoscalerManifest(name: string, vpa: VerticalAutoscaling, labels: Record<string, string>) {
  return {
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    metadata: { name, labels },
    spec: {
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
      updatePolicy: { updateMode: RENDERED_UPDATE_MODE[vpa.updateMode] },
      resourcePolicy: {
        containerPolicies: [
          {
            containerName: name,
            ...(vpa.minAllowed ? { minAllowed: { ...vpa.minAllowed } } : {}),
            ...(vpa.maxAllowed ? { maxAllowed: { ...vpa.maxAllowed } } : {}),
            controlledResources: [...vpa.controlledResources],
            controlledValues: vpa.controlledValues,
          },
        ],
      },
    },
  };
}

/**
 * The VerticalPodAutoscaler, as a Helm release of a pinned raw-manifest chart in the workload's namespace. The
 * kubernetes provider has no typed resource for the CRD, and `kubernetes_manifest` reads the CRD's schema from the
 * API server at plan time: on EKS the CRD arrives with the VPA chart in the same apply, so the first plan would
 * fail. Helm resolves the kind only when it installs, after the add-on (`dependsOn`).
 */
export function renderVerticalAutoscaler(
  scope: Construct,
  input: { namespace: string; name: string; vpa: VerticalAutoscaling; labels: Record<string, string>; dependsOn: readonly TerraformResource[] },
): Release {
  const chart = CHARTS.raw;
  return new Release(scope, "vertical-autoscaler", {
    name: `${input.name}-vpa`,
    namespace: input.namespace,
    repository: chart.repository,
    chart: chart.chart,
    version: chart.version,
    atomic: true,
    cleanupOnFail: true,
    timeout: 300,
    values: [JSON.stringify({ resources: [verticalAutoscalerManifest(input.name, input.vpa, input.labels)] }, null, 2)],
    dependsOn: [...input.dependsOn],
  });
}

function networkPolicy(scope: Construct, namespace: string, spec: WorkloadSpec, selector: Record<string, string>, input: WorkloadInput): NetworkPolicyV1 {
  const appPort = spec.port !== undefined ? [{ port: String(spec.port), protocol: "TCP" }] : [];
  const ingress = [
    { from: [{ podSelector: { matchLabels: selector } }] },
    ...(input.exposed && input.exposed.sourceCidrs.length > 0 ? [{ from: input.exposed.sourceCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: appPort }] : []),
  ];
  return new NetworkPolicyV1(scope, "network-policy", {
    metadata: { name: spec.name, namespace },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ["Ingress", "Egress"],
      ingress,
      egress: egressRules(input.egress, selector),
    },
  });
}

/**
 * DNS (kube-dns), each data store's port to its address ranges only, HTTPS to any address except link-local
 * ones (cloud APIs and token exchange have no fixed ranges), the cloud's node-local identity endpoints exactly,
 * and the same app. Nothing else reaches 169.254.0.0/16: not the instance metadata service, not its credentials.
 */
export function egressRules(plan: EgressPlan, selector?: Record<string, string>) {
  const tcp = (port: string) => ({ port, protocol: "TCP" });
  return [
    {
      to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
      ports: [
        { port: "53", protocol: "UDP" },
        { port: "53", protocol: "TCP" },
      ],
    },
    // A rule without peers would allow every address: a data store without ranges gets no rule at all.
    ...plan.dataStores.filter((d) => d.cidrs.length > 0).map((d) => ({ to: [...new Set(d.cidrs)].map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(d.port)] })),
    ...(plan.pods ?? []).map((p) => ({
      to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } }, podSelector: { matchLabels: { ...p.selector } } }],
      ports: [tcp(p.port)],
    })),
    { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [LINK_LOCAL] } }], ports: [tcp("443")] },
    ...plan.identityEndpoints.map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: [tcp(String(e.port))] })),
    ...(selector ? [{ to: [{ podSelector: { matchLabels: selector } }] }] : []),
  ];
}
