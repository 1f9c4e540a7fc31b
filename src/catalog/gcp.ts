import type { Shape } from "../model/common";
import type { CloudCatalog, MachineType, RegionInfo } from "./types";

// On-demand list prices in us-central1 (USD/hour), recorded 2026-09 from Google Cloud's public price
// pages and public price tables. GPU rows include the GPUs' price. They rank choices; they are not quotes.

const compute: MachineType[] = [
  { name: "e2-standard-2", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.067 },
  { name: "e2-standard-4", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.134 },
  { name: "e2-standard-8", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.268 },
  { name: "e2-standard-16", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.536 },
  { name: "e2-standard-32", kind: "general", vcpu: 32, memoryGiB: 128, usdPerHour: 1.072 },
  { name: "n2d-standard-2", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.0845 },
  { name: "n2d-standard-4", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.169 },
  { name: "n2d-standard-8", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.338 },
  { name: "n2d-standard-16", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.676 },
  { name: "n2-standard-2", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.0971 },
  { name: "n2-standard-4", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.1942 },
  { name: "n2-standard-8", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.3885 },
  { name: "n2-standard-16", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.7769 },
  { name: "n2-standard-32", kind: "general", vcpu: 32, memoryGiB: 128, usdPerHour: 1.5539 },
  { name: "c3-standard-4", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.2015 },
  { name: "c3-standard-8", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.403 },
  { name: "e2-highmem-2", kind: "memory", vcpu: 2, memoryGiB: 16, usdPerHour: 0.0904 },
  { name: "e2-highmem-4", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.1807 },
  { name: "e2-highmem-8", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.3614 },
  { name: "e2-highmem-16", kind: "memory", vcpu: 16, memoryGiB: 128, usdPerHour: 0.7228 },
  { name: "n2-highmem-4", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.262 },
  { name: "n2-highmem-8", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.524 },
  { name: "e2-highcpu-4", kind: "compute", vcpu: 4, memoryGiB: 4, usdPerHour: 0.0989 },
  { name: "e2-highcpu-8", kind: "compute", vcpu: 8, memoryGiB: 8, usdPerHour: 0.1978 },
  { name: "e2-highcpu-16", kind: "compute", vcpu: 16, memoryGiB: 16, usdPerHour: 0.3956 },
  { name: "e2-medium", kind: "burstable", vcpu: 2, memoryGiB: 4, usdPerHour: 0.0335 },
  // GPUs: T4 attaches to N1 machines (guest accelerator), L4 comes with G2, A100 with A2, H100 with A3.
  { name: "n1-standard-4", kind: "gpu", vcpu: 4, memoryGiB: 15, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 0.54 },
  { name: "n1-standard-8", kind: "gpu", vcpu: 8, memoryGiB: 30, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 0.73 },
  { name: "n1-standard-16", kind: "gpu", vcpu: 16, memoryGiB: 60, gpu: { accelerator: "t4", count: 4 }, usdPerHour: 2.16 },
  { name: "g2-standard-4", kind: "gpu", vcpu: 4, memoryGiB: 16, gpu: { accelerator: "l4", count: 1 }, usdPerHour: 0.7069 },
  { name: "g2-standard-8", kind: "gpu", vcpu: 8, memoryGiB: 32, gpu: { accelerator: "l4", count: 1 }, usdPerHour: 0.8536 },
  { name: "g2-standard-16", kind: "gpu", vcpu: 16, memoryGiB: 64, gpu: { accelerator: "l4", count: 1 }, usdPerHour: 1.147 },
  { name: "g2-standard-48", kind: "gpu", vcpu: 48, memoryGiB: 192, gpu: { accelerator: "l4", count: 4 }, usdPerHour: 3.9991 },
  { name: "a2-highgpu-1g", kind: "gpu", vcpu: 12, memoryGiB: 85, gpu: { accelerator: "a100", count: 1 }, usdPerHour: 3.673 },
  { name: "a2-highgpu-8g", kind: "gpu", vcpu: 96, memoryGiB: 680, gpu: { accelerator: "a100", count: 8 }, usdPerHour: 29.3878 },
  { name: "a3-highgpu-8g", kind: "gpu", vcpu: 208, memoryGiB: 1872, gpu: { accelerator: "h100", count: 8 }, usdPerHour: 88.2537 },
];

/**
 * GPU zones per region, read 2026-11-27. Google's page for this is "GPU regions and zones availability"
 * (cloud.google.com/compute/docs/gpus/gpu-regions-zones); the copy checked here is SkyPilot's Compute Engine
 * catalog (github.com/skypilot-org/skypilot-catalog, catalogs/v7/gcp/vms.csv at 017e2502), which lists the
 * zones Compute Engine returns for each accelerator type and machine type: T4 from the nvidia-tesla-t4 rows
 * (attached to N1), L4 from g2-standard-4, A100 (40 GB) from a2-highgpu-1g, H100 from a3-highgpu-8g. Only the
 * catalog's zones are recorded (e.g. us-central1-f offers T4 but tierform does not use it). Re-check with
 * `gcloud compute accelerator-types list --filter="zone~<region>"` before relying on a zone.
 */
const GPU_ZONES_SOURCE = {
  asOf: "2026-11-27",
  source: "Compute Engine accelerator zones (gcloud compute accelerator-types list), via the SkyPilot catalog snapshot 017e2502",
};

/** Zones per accelerator as zone letters ("abc"), all verified against GPU_ZONES_SOURCE. */
function gpuZones(region: string, letters: Readonly<Record<"t4" | "l4" | "a100" | "h100", string>>): RegionInfo["accelerators"] {
  return Object.fromEntries(
    Object.entries(letters).map(([accelerator, zones]) => [accelerator, { zones: [...zones].map((z) => `${region}-${z}`), verified: true }]),
  );
}

// Cloud SQL Enterprise edition, custom machine: per vCPU-hour and per GiB-hour (us-central1).
const CLOUD_SQL_VCPU_HOUR = 0.0413;
const CLOUD_SQL_GIB_HOUR = 0.007;
const CLOUD_SQL_MAX_VCPU = 96;

/**
 * The smallest Enterprise custom tier (`db-custom-<vCPU>-<MiB>`) that meets a shape. Cloud SQL's rules:
 * 1 or an even number of vCPUs up to 96; 0.9–6.5 GiB per vCPU; memory a multiple of 256 MiB, ≥ 3840 MiB.
 */
export function cloudSqlTier(shape: Shape): MachineType | undefined {
  let vcpu = Math.max(shape.vcpu, Math.ceil(shape.memoryGiB / 6.5));
  if (vcpu > 1 && vcpu % 2 === 1) vcpu += 1;
  if (vcpu > CLOUD_SQL_MAX_VCPU) return undefined;
  const minMiB = Math.max(3840, Math.ceil(vcpu * 0.9 * 1024));
  const memoryMiB = Math.ceil(Math.max(minMiB, shape.memoryGiB * 1024) / 256) * 256;
  const memoryGiB = memoryMiB / 1024;
  return {
    name: `db-custom-${vcpu}-${memoryMiB}`,
    kind: "general",
    vcpu,
    memoryGiB,
    usdPerHour: Math.round((vcpu * CLOUD_SQL_VCPU_HOUR + memoryGiB * CLOUD_SQL_GIB_HOUR) * 10000) / 10000,
  };
}

// Shared-core Cloud SQL tiers: not sized to (no dedicated vCPU, no HA), only named explicitly.
const cloudSqlSharedCore: Readonly<Record<string, MachineType>> = {
  "db-f1-micro": { name: "db-f1-micro", kind: "burstable", vcpu: 1, memoryGiB: 0.6, usdPerHour: 0.0105 },
  "db-g1-small": { name: "db-g1-small", kind: "burstable", vcpu: 1, memoryGiB: 1.7, usdPerHour: 0.035 },
};

const CUSTOM_TIER = /^db-custom-(\d{1,3})-(\d{1,7})$/;

/** The Cloud SQL tier a name denotes: a shared-core tier, or a `db-custom-<vCPU>-<MiB>` that follows the rules. */
export function cloudSqlTierNamed(name: string): MachineType | undefined {
  if (Object.hasOwn(cloudSqlSharedCore, name)) return cloudSqlSharedCore[name];
  const m = CUSTOM_TIER.exec(name);
  if (!m) return undefined;
  // The smallest valid tier at least as large; the name is valid exactly when that tier is itself.
  const tier = cloudSqlTier({ vcpu: Number(m[1]), memoryGiB: Number(m[2]) / 1024 });
  return tier?.name === name ? tier : undefined;
}

/** The valid custom tier nearest to a `db-custom-…` name that breaks the rules (e.g. memory not a multiple of 256 MiB). */
function nearestCloudSqlTier(name: string): string | undefined {
  const m = CUSTOM_TIER.exec(name);
  return m ? cloudSqlTier({ vcpu: Math.max(1, Number(m[1])), memoryGiB: Number(m[2]) / 1024 })?.name : undefined;
}

// Memorystore for Redis Cluster node types; memory is the node's total memory (confidence: low).
const redisClusterNodes: MachineType[] = [
  { name: "REDIS_STANDARD_SMALL", kind: "general", vcpu: 2, memoryGiB: 6.5, usdPerHour: 0.0918 },
  { name: "REDIS_HIGHMEM_MEDIUM", kind: "memory", vcpu: 2, memoryGiB: 13, usdPerHour: 0.2163 },
  { name: "REDIS_HIGHMEM_XLARGE", kind: "memory", vcpu: 8, memoryGiB: 58, usdPerHour: 0.9734 },
];

// Memorystore for Redis, per GB-hour (STANDARD_HA doubles it with its replica; confidence: medium).
const MEMORYSTORE_GB_HOUR = 0.049;

/** Memorystore for Redis (non-cluster) is sized in whole GB. */
export function memorystoreInstance(memoryGiB: number): MachineType {
  const gb = Math.ceil(memoryGiB);
  return { name: `memorystore-${gb}gb`, kind: "memory", vcpu: 1, memoryGiB: gb, usdPerHour: Math.round(gb * MEMORYSTORE_GB_HOUR * 10000) / 10000 };
}

export const gcpCatalog: CloudCatalog = {
  prices: { region: "us-central1", asOf: "2026-09", source: "Google Cloud on-demand list prices (Compute Engine, Cloud SQL Enterprise, Memorystore)" },
  // Zones where the general-purpose machines are offered, in a stable order. GPUs are not in every one of
  // them: `accelerators` lists, per region, the zones that offer each one (see GPU_ZONES_SOURCE).
  regions: {
    "us-central1": { zones: ["us-central1-a", "us-central1-b", "us-central1-c"], code: "usc1", accelerators: gpuZones("us-central1", { t4: "abc", l4: "abc", a100: "abc", h100: "abc" }) },
    "us-east1": { zones: ["us-east1-b", "us-east1-c", "us-east1-d"], code: "use1", accelerators: gpuZones("us-east1", { t4: "cd", l4: "bcd", a100: "b", h100: "" }) },
    "us-east4": { zones: ["us-east4-a", "us-east4-b", "us-east4-c"], code: "use4", accelerators: gpuZones("us-east4", { t4: "abc", l4: "ac", a100: "", h100: "abc" }) },
    "us-west1": { zones: ["us-west1-a", "us-west1-b", "us-west1-c"], code: "usw1", accelerators: gpuZones("us-west1", { t4: "ab", l4: "abc", a100: "b", h100: "ab" }) },
    "europe-west1": { zones: ["europe-west1-b", "europe-west1-c", "europe-west1-d"], code: "euw1", accelerators: gpuZones("europe-west1", { t4: "bcd", l4: "bc", a100: "", h100: "bc" }) },
    "europe-west3": { zones: ["europe-west3-a", "europe-west3-b", "europe-west3-c"], code: "euw3", accelerators: gpuZones("europe-west3", { t4: "b", l4: "ab", a100: "", h100: "c" }) },
    "europe-west4": { zones: ["europe-west4-a", "europe-west4-b", "europe-west4-c"], code: "euw4", accelerators: gpuZones("europe-west4", { t4: "abc", l4: "abc", a100: "ab", h100: "bc" }) },
    "asia-northeast1": { zones: ["asia-northeast1-a", "asia-northeast1-b", "asia-northeast1-c"], code: "ane1", accelerators: gpuZones("asia-northeast1", { t4: "ac", l4: "abc", a100: "ac", h100: "b" }) },
    "asia-southeast1": { zones: ["asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c"], code: "ase1", accelerators: gpuZones("asia-southeast1", { t4: "abc", l4: "abc", a100: "bc", h100: "bc" }) },
    "australia-southeast1": { zones: ["australia-southeast1-a", "australia-southeast1-b", "australia-southeast1-c"], code: "aue1", accelerators: gpuZones("australia-southeast1", { t4: "ac", l4: "", a100: "", h100: "c" }) },
  },
  acceleratorZonesSource: GPU_ZONES_SOURCE,
  machines: compute,
  databases: [],
  sizeDatabase: cloudSqlTier,
  databaseClassNames: {
    parse: cloudSqlTierNamed,
    rule: "db-custom-<vCPU>-<MiB> (1 or an even number of vCPUs up to 96, 0.9–6.5 GiB per vCPU, memory a multiple of 256 MiB, at least 3840) or db-f1-micro, db-g1-small",
    nearest: nearestCloudSqlTier,
  },
  caches: redisClusterNodes,
  cacheInstance: memorystoreInstance,
  containers: {
    product: "Cloud Run",
    // Cloud Run's CPU choices (whole vCPUs; fractions need concurrency 1) and the memory each allows (0.5–32 GiB;
    // more than 4 GiB needs 2 vCPU, 8 → 4, 16 → 6, 24 → 8), from Cloud Run's CPU and memory limits pages.
    sizes: [
      { vcpu: 1, memoryGiB: [0.5, 1, 2, 3, 4] },
      { vcpu: 2, memoryGiB: [1, 2, 3, 4, 6, 8] },
      { vcpu: 4, memoryGiB: [2, 3, 4, 6, 8, 12, 16] },
      { vcpu: 6, memoryGiB: [4, 6, 8, 12, 16, 24] },
      { vcpu: 8, memoryGiB: [4, 6, 8, 12, 16, 24, 32] },
    ],
    utilisationTargets: { cpu: false, memory: false, why: "Cloud Run scales on concurrent requests and its own CPU target (about 60 %), which cannot be set" },
    queueScaling: "manual",
    notes: { queue: "Cloud Run has no queue-length scaler: a worker pool runs autoscaling.max instances, a service scales on concurrent requests only" },
    readOnlyRootFilesystem: false,
    workers: { autoscale: false, why: "Cloud Run worker pools do not autoscale (no CPU or queue scaler)" },
    liveness: { rendered: true },
    // Cloud Run sets these in every container and refuses them in a revision.
    // The readiness probe is Cloud Run's startup probe: period and initial delay at most 240 s (Cloud Run's limits).
    probeLimits: { readiness: { initialDelaySeconds: 240, periodSeconds: 240 }, liveness: {} },
    reservedEnv: ["K_SERVICE", "K_REVISION", "K_CONFIGURATION", "CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT", "CLOUD_RUN_WORKER_POOL", "CLOUD_RUN_WORKER_POOL_REVISION"],
    maxServices: 50,
    instances: { max: 1000, noneFixed: "Cloud Run reads a maximum of 0 instances as unset (up to 100), so a fixed count of 0 would not stop the service; remove the workload to stop it" },
  },
  pooler: { vm: true, kubernetes: true, containers: false, multiRegion: true, why: "Cloud SQL Enterprise edition has no managed pooling (it needs Enterprise Plus): VM tiers run PgBouncer beside the app, Kubernetes tiers a PgBouncer Deployment in every region (a secondary region's writes to the primary instance); Cloud Run serves HTTP only and cannot host PgBouncer, so containers tiers connect directly" },
  postgresVersions: [13, 14, 15, 16, 17],
  // Cloud SQL keeps 1–365 backups; the model allows 35 days.
  backupRetentionDays: { min: 1, max: 35 },
  // The service's own roles (its docs list them); an admin user with one of these names fails at create.
  reservedDatabaseUsers: { names: ["cloudsqladmin", "cloudsqlsuperuser", "cloudsqliamuser", "cloudsqlreplica", "cloudsqlagent", "public"], prefixes: ["pg_", "cloudsql"] },
  kubernetesVersions: ["1.31", "1.32", "1.33", "1.34"],
  acceleratorNames: { t4: "nvidia-tesla-t4", l4: "nvidia-l4", a100: "nvidia-tesla-a100", h100: "nvidia-h100-80gb" },
  cacheMaxReplicasPerShard: 2,
  zonalNat: false,
  globalNetwork: true,
  global: {
    cacheModes: { modes: ["cluster"], why: "Memorystore replicates across regions only for Redis Cluster" },
  },
  loadBalancerTerminatesTls: true,
  dnsZoneId: { pattern: /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, example: "example-com (a Cloud DNS managed zone name)" },
  // Per resource: the limit (GCP labels: 64), tags the renderer adds, prefixes the cloud reserves.
  tags: { max: 64, rendererTags: [], reservedPrefixes: ["goog"] },
  databaseClassesWithoutHa: /^db-(f1-micro|g1-small)$/,
};
