import type { WorkloadProps } from "../src/model/workload";

/**
 * The workloads of the origin documents' large tier: an API with the documents' full HPA (3–20 pods,
 * 70 % CPU, 80 % memory, 100 requests/s per pod, their scale-up and scale-down behaviour), a queue worker
 * scaled on the Redis queue length, and a GPU inference service (2–20 pods). The worker also has Artisan's backend
 * VerticalPodAutoscaler (100m/128Mi to 4 CPU/8Gi, requests and limits): its HPA scales on the queue, not on CPU or
 * memory, so the two do not fight. The API's VPA only recommends (Off): its HPA scales on CPU and memory.
 */
export const exampleWorkloads: WorkloadProps[] = [
  {
    name: "api",
    image: "ghcr.io/example/api:1.4.2",
    port: 8080,
    expose: true,
    resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    env: { DATABASE_URL_HOST: { from: "database.host" }, LOG_LEVEL: "info" },
    readiness: { path: "/healthz" },
    liveness: { path: "/healthz", initialDelaySeconds: 20 },
    autoscaling: {
      min: 3,
      max: 20,
      cpuPercent: 70,
      memoryPercent: 80,
      pods: [{ metric: "http_requests_per_second", averageValue: "100" }],
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: "Min",
          policies: [
            { type: "Percent", value: 50, periodSeconds: 60 },
            { type: "Pods", value: 2, periodSeconds: 60 },
          ],
        },
        scaleUp: {
          stabilizationWindowSeconds: 60,
          selectPolicy: "Max",
          policies: [
            { type: "Percent", value: 100, periodSeconds: 30 },
            { type: "Pods", value: 4, periodSeconds: 60 },
          ],
        },
      },
    },
    vpa: { updateMode: "Off" },
  },
  {
    name: "worker",
    image: "ghcr.io/example/worker:1.4.2",
    resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "1Gi" } },
    autoscaling: { min: 1, max: 50, external: [{ metric: "redis_queue_length", selector: { queue: "default" }, averageValue: "10" }] },
    vpa: {
      updateMode: "Auto",
      minAllowed: { cpu: "100m", memory: "128Mi" },
      maxAllowed: { cpu: "4", memory: "8Gi" },
      controlledResources: ["cpu", "memory"],
      controlledValues: "RequestsAndLimits",
    },
  },
  {
    name: "inference",
    image: "ghcr.io/example/inference:0.9.0",
    port: 9000,
    pool: "gpu",
    gpus: 1,
    resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "12Gi" } },
    readiness: { path: "/ready", initialDelaySeconds: 30 },
    autoscaling: { min: 2, max: 20, cpuPercent: 70 },
  },
];
