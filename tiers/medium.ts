import type { WorkloadProps } from "../src/model/workload";
import { PLACEHOLDER_APP, applyTier, type TierInput, type TierPreset } from "./preset";

/**
 * medium (1K–10K users, $1,500–3,000/month): a load balancer in front of 3 app servers (8 vCPU / 32 GiB)
 * in an autoscaling group, a dedicated PostgreSQL server (16 vCPU / 64 GiB / 2 TB), a 3-node Redis (primary +
 * 2 replicas, automatic failover), a CDN for static assets. As in the guides, no read replica: an identical one
 * would add about $1,150 a month and put every cloud above the guide's $3,000 (`tierform cost`);
 * `database: { readReplicas: 1 }` adds it.
 */
export const mediumPreset = {
  app: PLACEHOLDER_APP,
  network: { zones: 3, nat: "single" },
  compute: {
    kind: "vm",
    servers: 3,
    shape: { vcpu: 8, memoryGiB: 32 },
    diskGiB: 100,
    exposure: "loadBalancer",
    autoscaling: { min: 3, max: 6, cpuTargetPercent: 70, cooldownSeconds: 180 },
  },
  database: { version: 16, shape: { vcpu: 16, memoryGiB: 64 }, storageGiB: 2000, maxStorageGiB: 4000, ha: false, readReplicas: 0, extensions: ["vector"], pooling: {} },
  cache: { mode: "replicated", memoryGiB: 12, replicasPerShard: 2 },
  cdn: { staticAssets: true, appOrigin: true, noCachePaths: ["/api/*"] },
  files: {},
  monitoring: {
    alerts: { database: true, cache: true, loadBalancer: true, compute: true },
    thresholds: {
      databaseCpuPercent: 85,
      replicaLagSeconds: 120,
      cacheMemoryPercent: 85,
      cacheCpuPercent: 85,
      cacheEvictionsPer5Minutes: 2000,
      loadBalancer5xxPercent: 5,
      loadBalancerLatencySeconds: 1.5,
    },
  },
} satisfies TierPreset;

export function medium(input: TierInput) {
  return applyTier("medium", mediumPreset, input);
}

/** Where each service finds the data stores (the admin password is injected from the secret store as DATABASE_PASSWORD). */
const SERVICE_ENV = {
  DATABASE_HOST: { from: "database.host" },
  DATABASE_PORT: { from: "database.port" },
  DATABASE_NAME: { from: "database.name" },
  DATABASE_USER: { from: "database.user" },
  REDIS_HOST: { from: "cache.host" },
  REDIS_PORT: { from: "cache.port" },
  REDIS_TLS: { from: "cache.tls" },
  // Set where the cache logs in users with IAM (ElastiCache): the user the service's token is for.
  REDIS_USER: { from: "cache.user" },
} as const satisfies WorkloadProps["env"];
const SERVICE_SIZE = { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } } as const;

const mediumServices: WorkloadProps[] = [
  {
    name: "web",
    image: PLACEHOLDER_APP.image,
    port: PLACEHOLDER_APP.port,
    expose: true,
    resources: SERVICE_SIZE,
    readiness: { path: PLACEHOLDER_APP.healthCheckPath },
    autoscaling: { min: 3, max: 10, cpuPercent: 70, concurrentRequests: 80 },
    // Uploads: only the web service reads the files bucket, so only it may use it.
    env: { ...SERVICE_ENV, FILES_BUCKET: { from: "files.bucket" } },
  },
  {
    name: "worker",
    image: PLACEHOLDER_APP.image,
    // The guide's Celery worker runs the web image with its own command: set yours, e.g. ["celery", "-A", "app", "worker"].
    resources: SERVICE_SIZE,
    autoscaling: { min: 1, max: 5, queue: { list: "celery", perInstance: 100 } },
    env: SERVICE_ENV,
  },
];

/**
 * medium on serverless containers (the SocialTrend guide's path): the same data stores, CDN and alerts as medium,
 * with the app as services instead of servers — ECS on Fargate (AWS), Cloud Run (GCP), Azure Container Apps. The
 * guide's numbers: a web service of 1 vCPU / 2 GiB instances, 3 to 10 of them, scaled on 70 % CPU and 80 concurrent
 * requests per instance (scale-in cooldown 300 s, scale-out 60 s; ECS deploys at 100 % healthy / 200 % max with the
 * circuit breaker), and a Celery worker scaled on its Redis queue. Replace the placeholder images with yours
 * (`workloads`); medium's servers are not used.
 */
export const mediumContainersPreset = {
  ...mediumPreset,
  compute: { kind: "containers", scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60, minHealthyPercent: 100, maxPercent: 200 },
  workloads: mediumServices,
} satisfies TierPreset;

/** medium with the app on serverless containers (`mediumContainersPreset`); tagged and priced as medium. */
export function mediumContainers(input: TierInput) {
  return applyTier("medium", mediumContainersPreset, input);
}
