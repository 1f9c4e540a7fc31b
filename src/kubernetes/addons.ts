import type { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import type { TerraformResource } from "../core/tf";
import type { WorkloadSpec } from "../model/workload";
import { CHARTS } from "./charts";
import { GRAFANA_ADMIN_SECRET, alertmanagerConfig, workloadDashboard, type PrometheusRule } from "./alerts";
import { POOL_ROLE_LABEL } from "./workload";

/** Helm defaults for every add-on: pinned chart, all-or-nothing install, generous timeout. */
export const RELEASE = { atomic: true, cleanupOnFail: true, timeout: 600, wait: true };

export interface AddonPlan {
  readonly metricsServer: boolean;
  readonly clusterAutoscaler?: { readonly clusterName: string; readonly region: string; readonly kubernetesVersion: string; readonly serviceAccount: string };
  readonly gpuDevicePlugin: boolean;
  /** The Vertical Pod Autoscaler, where a workload has one and the cloud does not run it (EKS). */
  readonly verticalPodAutoscaler: boolean;
  /** Pods and External metrics the workloads scale on (served by prometheus-adapter). */
  readonly podsMetrics: readonly string[];
  readonly externalMetrics: readonly string[];
  /** Node-autoscaler settings from the origin documents: scale down after 10 minutes under 50 %. */
  readonly scaleDown: { readonly unneededTime: string; readonly utilizationThreshold: string };
  /** Workload alerts: Prometheus rules, and Alertmanager routing them to the webhook (when there is one). */
  readonly alerts?: { readonly rules: { readonly groups: readonly { readonly name: string; readonly rules: readonly PrometheusRule[] }[] }; readonly webhook?: string; readonly nodeLabel: string };
  /** Grafana with Prometheus as data source; its admin login from a Secret the user creates. */
  readonly grafana?: boolean;
}

/** Which metrics the workloads use, for the adapter's rules. */
export function metricsOf(workloads: readonly WorkloadSpec[]): { pods: string[]; external: string[] } {
  const pods = new Set<string>();
  const external = new Set<string>();
  for (const w of workloads) {
    for (const m of w.autoscaling?.pods ?? []) pods.add(m.metric);
    for (const m of w.autoscaling?.external ?? []) external.add(m.metric);
  }
  return { pods: [...pods].sort(), external: [...external].sort() };
}

/**
 * Container security context for the add-ons whose charts take one: read-only root filesystem (CKV_K8S_22), no
 * privilege escalation, no capabilities. Helm merges maps with the chart's defaults key by key; the NVIDIA chart
 * replaces its default block when this is set, so the block is complete.
 */
export const ADDON_CONTAINER_SECURITY = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };

const yaml = (value: unknown) => JSON.stringify(value, null, 2); // JSON is valid YAML: exact, and no YAML library needed

/**
 * The add-ons a cluster needs, and only those: metrics-server and cluster-autoscaler where the cloud lacks
 * them, the NVIDIA device plugin where GPU pools need it, and — when a workload scales on Pods or External
 * metrics — Prometheus with prometheus-adapter serving both custom.metrics.k8s.io and
 * external.metrics.k8s.io, so every Deployment keeps exactly one autoscaler: its HPA.
 */
export function renderAddons(scope: Construct, plan: AddonPlan): Record<string, TerraformResource> {
  const out: Record<string, TerraformResource> = {};
  const release = (id: string, chart: (typeof CHARTS)[keyof typeof CHARTS], namespace: string, values: unknown, extra: Partial<ConstructorParameters<typeof Release>[2]> = {}) =>
    new Release(scope, id, { ...RELEASE, name: chart.chart, repository: chart.repository, chart: chart.chart, version: chart.version, namespace, values: [yaml(values)], ...extra });

  if (plan.metricsServer) out["metricsServer"] = release("metrics-server", CHARTS.metricsServer, "kube-system", {
      args: ["--kubelet-preferred-address-types=InternalIP"],
      // The chart's default already is read-only; pinned so a chart bump cannot drop it.
      securityContext: ADDON_CONTAINER_SECURITY,
    });
  if (plan.clusterAutoscaler) {
    const ca = plan.clusterAutoscaler;
    out["clusterAutoscaler"] = release("cluster-autoscaler", CHARTS.clusterAutoscaler, "kube-system", {
      autoDiscovery: { clusterName: ca.clusterName },
      awsRegion: ca.region,
      // The autoscaler's minor version must match the cluster's.
      image: { tag: `v${ca.kubernetesVersion}.0` },
      rbac: { serviceAccount: { create: true, name: ca.serviceAccount } },
      containerSecurityContext: ADDON_CONTAINER_SECURITY,
      extraArgs: {
        "balance-similar-node-groups": true,
        "skip-nodes-with-system-pods": false,
        "scale-down-unneeded-time": plan.scaleDown.unneededTime,
        "scale-down-utilization-threshold": plan.scaleDown.utilizationThreshold,
      },
    });
  }
  if (plan.gpuDevicePlugin) {
    out["nvidiaDevicePlugin"] = release("nvidia-device-plugin", CHARTS.nvidiaDevicePlugin, "kube-system", {
      nodeSelector: { [POOL_ROLE_LABEL]: "gpu" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      // The plugin writes only its socket, to the kubelet's device-plugins directory (a hostPath mount).
      securityContext: ADDON_CONTAINER_SECURITY,
    });
  }
  if (plan.verticalPodAutoscaler) {
    out["verticalPodAutoscaler"] = release("vertical-pod-autoscaler", CHARTS.verticalPodAutoscaler, "kube-system", {
      // All three components: recommendations (recommender), evictions (updater), requests set at admission.
      recommender: { securityContext: ADDON_CONTAINER_SECURITY },
      updater: { securityContext: ADDON_CONTAINER_SECURITY },
      admissionController: { enabled: true, securityContext: ADDON_CONTAINER_SECURITY, certGen: { securityContext: ADDON_CONTAINER_SECURITY } },
      // metrics-server is its own add-on here (or the cloud's).
      "metrics-server": { enabled: false },
    });
  }
  const adapter = plan.podsMetrics.length > 0 || plan.externalMetrics.length > 0;
  if (adapter || plan.alerts || plan.grafana) {
    const alerts = plan.alerts;
    const prometheus = release(
      "prometheus",
      CHARTS.prometheus,
      "monitoring",
      {
        alertmanager: alerts
          ? { enabled: true, config: alertmanagerConfig(alerts.webhook), containerSecurityContext: ADDON_CONTAINER_SECURITY, persistence: { size: "2Gi" } }
          : { enabled: false },
        "prometheus-pushgateway": { enabled: false },
        // Node pools at their maximum: kube-state-metrics exports the pool role label of each node.
        ...(alerts ? { "kube-state-metrics": { metricLabelsAllowlist: [`nodes=[${alerts.nodeLabel}]`] } } : {}),
        server: { retention: "2d", persistentVolume: { size: "20Gi" }, containerSecurityContext: ADDON_CONTAINER_SECURITY },
        // Prometheus writes only to its volume (/data), the reloader nothing.
        configmapReload: { prometheus: { containerSecurityContext: ADDON_CONTAINER_SECURITY } },
        ...(alerts ? { serverFiles: { "alerting_rules.yml": alerts.rules } } : {}),
      },
      { createNamespace: true },
    );
    out["prometheus"] = prometheus;
    if (plan.grafana) {
      out["grafana"] = release(
        "grafana",
        CHARTS.grafana,
        "monitoring",
        {
          // No password in Terraform: the chart reads the login from a Secret the operator creates (see the README).
          admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
          securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
          containerSecurityContext: ADDON_CONTAINER_SECURITY,
          persistence: { enabled: false },
          datasources: { "datasources.yaml": { apiVersion: 1, datasources: [{ name: "Prometheus", uid: "prometheus", type: "prometheus", url: "http://prometheus-server.monitoring.svc", access: "proxy", isDefault: true }] } },
          dashboardProviders: {
            "dashboardproviders.yaml": { apiVersion: 1, providers: [{ name: "tierform", orgId: 1, folder: "tierform", type: "file", disableDeletion: true, options: { path: "/var/lib/grafana/dashboards/tierform" } }] },
          },
          dashboards: { tierform: { workloads: { json: JSON.stringify(workloadDashboard()) } } },
        },
        { dependsOn: [prometheus] },
      );
    }
    if (!adapter) return out;
    out["prometheusAdapter"] = release(
      "prometheus-adapter",
      CHARTS.prometheusAdapter,
      "monitoring",
      {
        prometheus: { url: "http://prometheus-server.monitoring.svc", port: 80 },
        securityContext: ADDON_CONTAINER_SECURITY,
        rules: {
          default: false,
          custom: plan.podsMetrics.map((metric) => ({
            seriesQuery: `${metric}{namespace!="",pod!=""}`,
            resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
            name: { as: metric },
            metricsQuery: `avg(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)`,
          })),
          external: plan.externalMetrics.map((metric) => ({
            seriesQuery: metric,
            resources: { overrides: { namespace: { resource: "namespace" } } },
            name: { as: metric },
            metricsQuery: `max(<<.Series>>{<<.LabelMatchers>>})`,
          })),
        },
      },
      { dependsOn: [prometheus] },
    );
  }
  return out;
}
