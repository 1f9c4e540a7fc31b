/**
 * Helm charts the platform layer installs, pinned. Bump deliberately (and read the chart's changelog):
 * an unpinned chart makes two applies of the same code install different software.
 */
export const CHARTS = {
  metricsServer: { repository: "https://kubernetes-sigs.github.io/metrics-server/", chart: "metrics-server", version: "3.12.2" },
  clusterAutoscaler: { repository: "https://kubernetes.github.io/autoscaler", chart: "cluster-autoscaler", version: "9.46.6" },
  nvidiaDevicePlugin: { repository: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.17.1" },
  prometheus: { repository: "https://prometheus-community.github.io/helm-charts", chart: "prometheus", version: "27.28.0" },
  grafana: { repository: "https://grafana.github.io/helm-charts", chart: "grafana", version: "8.8.2" },
  prometheusAdapter: { repository: "https://prometheus-community.github.io/helm-charts", chart: "prometheus-adapter", version: "4.14.1" },
  // Fairwinds' VPA chart 4.12.5 installs VPA 1.6.0 (recommender, updater, admission controller and the CRDs) where
  // the cloud has no managed VPA. 5.x (VPA 1.7) needs the CRDs upgraded by hand first: a deliberate bump.
  verticalPodAutoscaler: { repository: "https://charts.fairwinds.com/stable", chart: "vpa", version: "4.12.5" },
  // A chart of raw manifests (bedag/raw): renders objects whose CRD the kubernetes provider has no typed resource
  // for, without kubernetes_manifest's need for the CRD (and the API server) at plan time.
  raw: { repository: "https://bedag.github.io/helm-charts/", chart: "raw", version: "2.0.2" },
} as const;

/** Images the platform's own jobs run. */
export const IMAGES = {
  // An exact release (PostgreSQL 16.10, Alpine 3.22): libpq 16 for `sslrootcert=system`, busybox awk for the secret.
  psql: "postgres:16.10-alpine3.22",
} as const;
