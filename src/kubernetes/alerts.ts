import type { Thresholds } from "../model/monitoring";
import type { NodePoolSpec } from "../model/compute";
import { POOL_ROLE_LABEL } from "./workload";

/** The Secret (namespace monitoring, keys admin-user and admin-password) Grafana takes its admin login from. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";

/** One Prometheus alerting rule, as Prometheus reads it. */
export interface PrometheusRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: "warning" | "critical" };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
  };
}

/** kube-state-metrics' name for a node label it is allowed to export (`tierform.dev/role` → `label_tierform_dev_role`). */
export const POOL_LABEL_METRIC = `label_${POOL_ROLE_LABEL.replace(
  /[^A-Za-z0-9]/g,
  "_"
)}`;

/**
 * The workload alerts: the guides' scaling rules (HighCPUUsage, ScalingEventFrequent, MaxReplicasReached, with
 * the HPA's replica changes standing in for the guides' app-specific `scaling_events_total`), crash-looping pods,
 * PVC and Job failures, and node pools at their maximum size (`pools`: the topology's, summed per role).
 */
export function workloadRules(
  th: Thresholds,
  workloads: boolean,
  pools: readonly NodePoolSpec[]
): { groups: { name: string; rules: PrometheusRule[] }[] } {
  const rule = (
    alert: string,
    expr: string,
    duration: string,
    severity: "warning" | "critical",
    summary: string,
    description: string
  ): PrometheusRule => ({
    alert,
    expr,
    for: duration,
    labels: { severity },
    annotations: { summary, description },
  });
  const maxByRole = new Map<string, number>();
  for (const p of pools)
    maxByRole.set(p.role, (maxByRole.get(p.role) ?? 0) + p.max);
  const groups = [
    {
      name: "scaling.rules",
      rules: [
        rule(
          "HighCPUUsage",
          `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!=""}[5m])) > ${
            th.podCpuPercent / 100
          }`,
          "5m",
          "warning",
          "High CPU usage detected",
          "Pod {{ $labels.namespace }}/{{ $labels.pod }} uses more than " +
            `${th.podCpuPercent} % of a core. Check first: a hot loop or traffic spike in its logs; whether its HPA is at its maximum.`
        ),
        rule(
          "ScalingEventFrequent",
          `changes(kube_horizontalpodautoscaler_status_current_replicas[10m]) > ${th.scalingEventsPer10Minutes}`,
          "2m",
          "warning",
          "Frequent scaling events",
          "HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} changed its replica count " +
            `more than ${th.scalingEventsPer10Minutes} times in 10 minutes. Check first: a target too close to normal load, missing stabilization windows, a flapping custom metric.`
        ),
        rule(
          "MaxReplicasReached",
          `kube_horizontalpodautoscaler_status_current_replicas / kube_horizontalpodautoscaler_spec_max_replicas > ${
            th.maxReplicasPercent / 100
          }`,
          "5m",
          "critical",
          "Deployment near maximum replicas",
          "HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} runs above " +
            `${th.maxReplicasPercent} % of its maximum replicas. Check first: the load and latency; raise autoscaling.max or the pool's max before it saturates.`
        ),
      ],
    },
    {
      name: "workload.rules",
      rules: [
        rule(
          "PodCrashLooping",
          `max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}) == 1`,
          "5m",
          "critical",
          "Pod is crash-looping",
          "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} keeps restarting. Check first: kubectl logs --previous, its readiness and liveness probes, missing secrets or a database it cannot reach."
        ),
        rule(
          "PersistentVolumeClaimNotBound",
          `max by (namespace, persistentvolumeclaim) (kube_persistentvolumeclaim_status_phase{phase=~"Pending|Lost"}) == 1`,
          "10m",
          "critical",
          "Persistent volume claim not bound",
          "PVC {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $labels.phase }}. Check first: kubectl describe pvc (storage class, zone, quota)."
        ),
        rule(
          "PersistentVolumeFillingUp",
          "kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.1",
          "5m",
          "warning",
          "Persistent volume almost full",
          "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 10 % free. Check first: what grows on it (logs, retention); expand the claim."
        ),
        rule(
          "JobFailed",
          "max by (namespace, job_name) (kube_job_status_failed) > 0",
          "0m",
          "warning",
          "Job failed",
          "Job {{ $labels.namespace }}/{{ $labels.job_name }} failed. Check first: kubectl logs job/{{ $labels.job_name }} -n {{ $labels.namespace }}."
        ),
      ],
    },
    {
      name: "capacity.rules",
      rules: [...maxByRole.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([role, max]) =>
          rule(
            `NodePoolAtMaximum${role[0]!.toUpperCase()}${role.slice(1)}`,
            `count(kube_node_labels{${POOL_LABEL_METRIC}="${role}"}) >= ${max}`,
            "15m",
            "warning",
            `Node pool "${role}" at its maximum size`,
            `The ${role} pools run their maximum of ${max} nodes: the cluster autoscaler cannot add capacity and new pods stay Pending. Check first: pending pods (kubectl get pods -A --field-selector=status.phase=Pending); raise the pool's max.`
          )
        ),
    },
  ];
  return {
    groups: groups.filter(
      (g) => g.rules.length > 0 && (workloads || g.name === "capacity.rules")
    ),
  };
}

/** Alertmanager's configuration: every alert to the webhook (when there is one), grouped per alert and namespace. */
export function alertmanagerConfig(webhook: string | undefined): unknown {
  return {
    route: {
      receiver: "notify",
      group_by: ["alertname", "namespace"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
    },
    receivers: [
      {
        name: "notify",
        ...(webhook
          ? { webhook_configs: [{ url: webhook, send_resolved: true }] }
          : {}),
      },
    ],
  };
}

/** A minimal Grafana dashboard of the workloads: CPU, memory, restarts and HPA replicas per namespace. */
export function workloadDashboard(): unknown {
  const panel = (id: number, title: string, expr: string, y: number) => ({
    id,
    title,
    type: "timeseries",
    datasource: { type: "prometheus", uid: "prometheus" },
    gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y },
    targets: [{ expr, refId: "A" }],
  });
  return {
    title: "tierform workloads",
    uid: "tierform-workloads",
    schemaVersion: 39,
    panels: [
      panel(
        1,
        "CPU (cores) by pod",
        'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))',
        0
      ),
      panel(
        2,
        "Memory (bytes) by pod",
        'sum by (namespace, pod) (container_memory_working_set_bytes{container!=""})',
        0
      ),
      panel(
        3,
        "HPA replicas / max",
        "kube_horizontalpodautoscaler_status_current_replicas / kube_horizontalpodautoscaler_spec_max_replicas",
        8
      ),
      panel(
        4,
        "Container restarts (15m)",
        "sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total[15m]))",
        8
      ),
    ],
  };
}
