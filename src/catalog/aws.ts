import type { CloudCatalog, MachineType } from "./types";
import { withUnverifiedAccelerators } from "./zones";

// On-demand Linux list prices in us-east-1 (USD/hour), recorded 2026-09 from AWS's public price pages
// and cross-checked against public price tables. They rank choices; they are not quotes.

const ec2: MachineType[] = [
  // general purpose
  { name: "m6a.large", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.0864 },
  { name: "m6a.xlarge", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.1728 },
  { name: "m6a.2xlarge", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.3456 },
  { name: "m6a.4xlarge", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.6912 },
  { name: "m6a.8xlarge", kind: "general", vcpu: 32, memoryGiB: 128, usdPerHour: 1.3824 },
  { name: "m6i.large", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.096 },
  { name: "m6i.xlarge", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.192 },
  { name: "m6i.2xlarge", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.384 },
  { name: "m6i.4xlarge", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.768 },
  { name: "m6i.8xlarge", kind: "general", vcpu: 32, memoryGiB: 128, usdPerHour: 1.536 },
  { name: "m7i.large", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.1008 },
  { name: "m7i.xlarge", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.2016 },
  { name: "m7i.2xlarge", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.4032 },
  { name: "m7i.4xlarge", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.8064 },
  // memory optimised
  { name: "r6a.large", kind: "memory", vcpu: 2, memoryGiB: 16, usdPerHour: 0.1134 },
  { name: "r6a.xlarge", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.2268 },
  { name: "r6a.2xlarge", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.4536 },
  { name: "r6a.4xlarge", kind: "memory", vcpu: 16, memoryGiB: 128, usdPerHour: 0.9072 },
  { name: "r6i.large", kind: "memory", vcpu: 2, memoryGiB: 16, usdPerHour: 0.126 },
  { name: "r6i.xlarge", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.252 },
  { name: "r6i.2xlarge", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.504 },
  { name: "r6i.4xlarge", kind: "memory", vcpu: 16, memoryGiB: 128, usdPerHour: 1.008 },
  // compute optimised
  { name: "c6a.large", kind: "compute", vcpu: 2, memoryGiB: 4, usdPerHour: 0.0765 },
  { name: "c6a.xlarge", kind: "compute", vcpu: 4, memoryGiB: 8, usdPerHour: 0.153 },
  { name: "c6a.2xlarge", kind: "compute", vcpu: 8, memoryGiB: 16, usdPerHour: 0.306 },
  { name: "c6a.4xlarge", kind: "compute", vcpu: 16, memoryGiB: 32, usdPerHour: 0.612 },
  { name: "c6i.large", kind: "compute", vcpu: 2, memoryGiB: 4, usdPerHour: 0.085 },
  { name: "c6i.xlarge", kind: "compute", vcpu: 4, memoryGiB: 8, usdPerHour: 0.17 },
  { name: "c6i.2xlarge", kind: "compute", vcpu: 8, memoryGiB: 16, usdPerHour: 0.34 },
  { name: "c6i.4xlarge", kind: "compute", vcpu: 16, memoryGiB: 32, usdPerHour: 0.68 },
  // burstable: only ever chosen explicitly
  { name: "t3.large", kind: "burstable", vcpu: 2, memoryGiB: 8, usdPerHour: 0.0832 },
  { name: "t3.xlarge", kind: "burstable", vcpu: 4, memoryGiB: 16, usdPerHour: 0.1664 },
  // GPU
  { name: "g4dn.xlarge", kind: "gpu", vcpu: 4, memoryGiB: 16, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 0.526 },
  { name: "g4dn.2xlarge", kind: "gpu", vcpu: 8, memoryGiB: 32, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 0.752 },
  { name: "g4dn.4xlarge", kind: "gpu", vcpu: 16, memoryGiB: 64, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 1.204 },
  { name: "g4dn.12xlarge", kind: "gpu", vcpu: 48, memoryGiB: 192, gpu: { accelerator: "t4", count: 4 }, usdPerHour: 3.912 },
  { name: "g6.xlarge", kind: "gpu", vcpu: 4, memoryGiB: 16, gpu: { accelerator: "l4", count: 1 }, usdPerHour: 0.8048 },
  { name: "g6.2xlarge", kind: "gpu", vcpu: 8, memoryGiB: 32, gpu: { accelerator: "l4", count: 1 }, usdPerHour: 0.9776 },
  { name: "g6.4xlarge", kind: "gpu", vcpu: 16, memoryGiB: 64, gpu: { accelerator: "l4", count: 1 }, usdPerHour: 1.3232 },
  { name: "g6.12xlarge", kind: "gpu", vcpu: 48, memoryGiB: 192, gpu: { accelerator: "l4", count: 4 }, usdPerHour: 4.6016 },
  { name: "g5.xlarge", kind: "gpu", vcpu: 4, memoryGiB: 16, gpu: { accelerator: "a10g", count: 1 }, usdPerHour: 1.006 },
  { name: "g5.2xlarge", kind: "gpu", vcpu: 8, memoryGiB: 32, gpu: { accelerator: "a10g", count: 1 }, usdPerHour: 1.212 },
  { name: "g5.4xlarge", kind: "gpu", vcpu: 16, memoryGiB: 64, gpu: { accelerator: "a10g", count: 1 }, usdPerHour: 1.624 },
  { name: "g5.12xlarge", kind: "gpu", vcpu: 48, memoryGiB: 192, gpu: { accelerator: "a10g", count: 4 }, usdPerHour: 5.672 },
  { name: "p4d.24xlarge", kind: "gpu", vcpu: 96, memoryGiB: 1152, gpu: { accelerator: "a100", count: 8 }, usdPerHour: 21.96 },
  { name: "p5.48xlarge", kind: "gpu", vcpu: 192, memoryGiB: 2048, gpu: { accelerator: "h100", count: 8 }, usdPerHour: 55.04 },
];

// RDS for PostgreSQL, Single-AZ instance price (Multi-AZ doubles it).
const rds: MachineType[] = [
  { name: "db.t4g.medium", kind: "burstable", vcpu: 2, memoryGiB: 4, usdPerHour: 0.065 },
  { name: "db.m6g.large", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.159 },
  { name: "db.m6g.xlarge", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.318 },
  { name: "db.m6g.2xlarge", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.636 },
  { name: "db.m6g.4xlarge", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 1.272 },
  { name: "db.m6g.8xlarge", kind: "general", vcpu: 32, memoryGiB: 128, usdPerHour: 2.544 },
  { name: "db.m6i.large", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.178 },
  { name: "db.m6i.xlarge", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.356 },
  { name: "db.m6i.2xlarge", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.712 },
  { name: "db.m6i.4xlarge", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 1.424 },
  { name: "db.r6g.large", kind: "memory", vcpu: 2, memoryGiB: 16, usdPerHour: 0.225 },
  { name: "db.r6g.xlarge", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.45 },
  { name: "db.r6g.2xlarge", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.899 },
  { name: "db.r6g.4xlarge", kind: "memory", vcpu: 16, memoryGiB: 128, usdPerHour: 1.798 },
  { name: "db.r6g.8xlarge", kind: "memory", vcpu: 32, memoryGiB: 256, usdPerHour: 3.597 },
  { name: "db.r6i.large", kind: "memory", vcpu: 2, memoryGiB: 16, usdPerHour: 0.25 },
  { name: "db.r6i.xlarge", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.5 },
  { name: "db.r6i.2xlarge", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 1.0 },
  { name: "db.r6i.4xlarge", kind: "memory", vcpu: 16, memoryGiB: 128, usdPerHour: 2.0 },
];

// ElastiCache for Redis OSS, per node. memoryGiB is the node's cache memory.
const elasticache: MachineType[] = [
  { name: "cache.t4g.medium", kind: "burstable", vcpu: 2, memoryGiB: 3.09, usdPerHour: 0.065 },
  { name: "cache.m6g.large", kind: "general", vcpu: 2, memoryGiB: 6.38, usdPerHour: 0.149 },
  { name: "cache.m6g.xlarge", kind: "general", vcpu: 4, memoryGiB: 12.93, usdPerHour: 0.298 },
  { name: "cache.m6g.2xlarge", kind: "general", vcpu: 8, memoryGiB: 26.04, usdPerHour: 0.596 },
  { name: "cache.m6g.4xlarge", kind: "general", vcpu: 16, memoryGiB: 52.26, usdPerHour: 1.192 },
  { name: "cache.r6g.large", kind: "memory", vcpu: 2, memoryGiB: 13.07, usdPerHour: 0.206 },
  { name: "cache.r6g.xlarge", kind: "memory", vcpu: 4, memoryGiB: 26.32, usdPerHour: 0.411 },
  { name: "cache.r6g.2xlarge", kind: "memory", vcpu: 8, memoryGiB: 52.82, usdPerHour: 0.821 },
  { name: "cache.r6g.4xlarge", kind: "memory", vcpu: 16, memoryGiB: 105.81, usdPerHour: 1.642 },
];

export const awsCatalog: CloudCatalog = {
  prices: { region: "us-east-1", asOf: "2026-09", source: "AWS on-demand list prices (EC2, RDS, ElastiCache)" },
  // Zone names are account-independent for these regions (every account sees at least a, b and c, or
  // the letters listed). Regions with fewer than three zones for new accounts are left out on purpose.
  regions: withUnverifiedAccelerators({
    "us-east-1": { zones: ["us-east-1a", "us-east-1b", "us-east-1c"], code: "use1" },
    "us-east-2": { zones: ["us-east-2a", "us-east-2b", "us-east-2c"], code: "use2" },
    "us-west-2": { zones: ["us-west-2a", "us-west-2b", "us-west-2c"], code: "usw2" },
    "ca-central-1": { zones: ["ca-central-1a", "ca-central-1b", "ca-central-1d"], code: "cac1" },
    "eu-west-1": { zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], code: "euw1" },
    "eu-west-2": { zones: ["eu-west-2a", "eu-west-2b", "eu-west-2c"], code: "euw2" },
    "eu-west-3": { zones: ["eu-west-3a", "eu-west-3b", "eu-west-3c"], code: "euw3" },
    "eu-central-1": { zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"], code: "euc1" },
    "eu-north-1": { zones: ["eu-north-1a", "eu-north-1b", "eu-north-1c"], code: "eun1" },
    "ap-south-1": { zones: ["ap-south-1a", "ap-south-1b", "ap-south-1c"], code: "aps1" },
    "ap-southeast-1": { zones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"], code: "ase1" },
    "ap-southeast-2": { zones: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"], code: "ase2" },
    "ap-northeast-1": { zones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"], code: "ane1" },
    "ap-northeast-2": { zones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"], code: "ane2" },
    "sa-east-1": { zones: ["sa-east-1a", "sa-east-1b", "sa-east-1c"], code: "sae1" },
  }, ["t4", "l4", "a10g", "a100", "h100"]),
  acceleratorZonesSource: {
    asOf: "2026-11-27",
    source:
      "not verified: EC2 offers g4dn, g5, g6, p4d and p5 in some Availability Zones only (DescribeInstanceTypeOfferings, by zone ID), " +
      "but each account maps zone names to zone IDs its own way, so no list of zone names holds for every account; " +
      "GPU node groups keep every zone. Check yours with `aws ec2 describe-instance-type-offerings --location-type availability-zone`.",
  },
  machines: ec2,
  databases: rds,
  caches: elasticache,
  containers: {
    product: "ECS on Fargate",
    // Fargate's Linux task sizes (vCPU: memory GiB), from the ECS task-definition documentation.
    sizes: [
      { vcpu: 0.25, memoryGiB: [0.5, 1, 2] },
      { vcpu: 0.5, memoryGiB: [1, 2, 3, 4] },
      { vcpu: 1, memoryGiB: [2, 3, 4, 5, 6, 7, 8] },
      { vcpu: 2, memoryGiB: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] },
      { vcpu: 4, memoryGiB: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30] },
      { vcpu: 8, memoryGiB: [16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60] },
      { vcpu: 16, memoryGiB: [32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120] },
    ],
    utilisationTargets: { cpu: true, memory: true },
    queueScaling: "published-metric",
    notes: { queue: "ECS cannot read Redis: the worker publishes the list's length as the CloudWatch metric QueueLength (namespace tierform/<prefix>, dimension List) and target tracking keeps the backlog per task (QueueLength ÷ running tasks) at perInstance" },
    readOnlyRootFilesystem: true,
    workers: { autoscale: true },
    liveness: { rendered: false, why: "an ECS container health check runs a command inside the image, which tierform cannot know; the load balancer's health check replaces failing tasks of the exposed service" },
    // The readiness path becomes the load balancer's health check (its own interval and thresholds); liveness is not rendered.
    probeLimits: { readiness: {}, liveness: {} },
    reservedEnv: [],
    maxServices: 50,
    // ECS: a service's desired count goes to 5,000 tasks (quota); the model's own bound is lower.
    instances: { max: 1000 },
    requestsNeedExposure: "ECS scales on the load balancer's requests per target; a service not behind it has none",
    // ALBRequestCountPerTarget counts a minute's requests; a request is taken to last a second.
    requestRate: { secondsPerRequest: 1 },
  },
  pooler: {
    vm: true,
    kubernetes: true,
    containers: true,
    multiRegion: "primary",
    why: "RDS Proxy fronts the Aurora global database's primary cluster; a proxy on a secondary cluster serves reads only (its read/write endpoint fails while the cluster has no writer, so writes forwarded to the primary cannot pass it) and would need the proxy's login secret in that region, so secondary regions' apps use the cluster's endpoints (ECS services reach the database through the proxy with the admin login it holds)",
  },
  postgresVersions: [13, 14, 15, 16, 17],
  // RDS: 1–35 (0 turns backups off, which the model never asks for).
  backupRetentionDays: { min: 1, max: 35 },
  // The service's own roles (its docs list them); an admin user with one of these names fails at create.
  reservedDatabaseUsers: { names: ["rdsadmin", "rdsrepladmin", "rds_superuser", "rds_replication", "rds_iam", "postgres", "public"], prefixes: ["pg_", "rds_"] },
  kubernetesVersions: ["1.31", "1.32", "1.33", "1.34"],
  acceleratorNames: { t4: "NVIDIA T4", l4: "NVIDIA L4", a10g: "NVIDIA A10G", a100: "NVIDIA A100", h100: "NVIDIA H100" },
  cacheMaxReplicasPerShard: 5,
  zonalNat: true,
  loadBalancerTerminatesTls: true,
  dnsZoneId: { pattern: /^Z[A-Z0-9]{1,32}$/, example: "Z0123456789ABC (a Route 53 hosted zone id)" },
  // Per resource: the limit (GCP labels: 64), tags the renderer adds, prefixes the cloud reserves.
  // Renderer tags: Name everywhere; tier and one load-balancer role tag on subnets (both role keys are kept).
  tags: { max: 50, rendererTags: ["Name", "tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb"], reservedPrefixes: ["aws:"] },
  global: {
    // ElastiCache user guide (2026): Global Datastore node families, large and bigger; two secondary regions at most.
    cacheNodes: { pattern: /^cache\.(m5|m6g|m7g|r5|r6g|r6gd|r7g|c7gn)\.(large|\d*xlarge)$/, allowed: "m5, m6g, m7g, r5, r6g, r6gd, r7g or c7gn, large or bigger" },
    // Aurora global databases run on memory-optimised classes.
    databaseClasses: { pattern: /^db\.r/, allowed: "a memory-optimised class (db.r*) for an Aurora global database" },
    maxCacheRegions: 3,
    dnsZone: "Route 53 latency records with health checks route the origin hostname to the nearest healthy region",
  },
};
