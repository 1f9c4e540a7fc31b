import type { CloudCatalog, MachineType } from "./types";
import { unverifiedAcceleratorZones } from "./zones";

// Pay-as-you-go Linux list prices in eastus (USD/hour), recorded 2026-09 from the Azure Retail Prices API's
// published figures and public price tables. They rank choices; they are not quotes.

const vms: MachineType[] = [
  { name: "Standard_D2as_v5", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.086 },
  { name: "Standard_D4as_v5", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.172 },
  { name: "Standard_D8as_v5", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.344 },
  { name: "Standard_D16as_v5", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.688 },
  { name: "Standard_D32as_v5", kind: "general", vcpu: 32, memoryGiB: 128, usdPerHour: 1.376 },
  { name: "Standard_D2s_v5", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.096 },
  { name: "Standard_D4s_v5", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.192 },
  { name: "Standard_D8s_v5", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.384 },
  { name: "Standard_D16s_v5", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 0.768 },
  { name: "Standard_D4ds_v5", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.226 },
  { name: "Standard_D8ds_v5", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.452 },
  { name: "Standard_E2as_v5", kind: "memory", vcpu: 2, memoryGiB: 16, usdPerHour: 0.113 },
  { name: "Standard_E4as_v5", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.226 },
  { name: "Standard_E8as_v5", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.452 },
  { name: "Standard_E16as_v5", kind: "memory", vcpu: 16, memoryGiB: 128, usdPerHour: 0.904 },
  { name: "Standard_E4s_v5", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.252 },
  { name: "Standard_E8s_v5", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.504 },
  { name: "Standard_F4s_v2", kind: "compute", vcpu: 4, memoryGiB: 8, usdPerHour: 0.169 },
  { name: "Standard_F8s_v2", kind: "compute", vcpu: 8, memoryGiB: 16, usdPerHour: 0.338 },
  { name: "Standard_F16s_v2", kind: "compute", vcpu: 16, memoryGiB: 32, usdPerHour: 0.677 },
  { name: "Standard_B2ms", kind: "burstable", vcpu: 2, memoryGiB: 8, usdPerHour: 0.0832 },
  // GPUs: T4 (NCasT4_v3), A10 (NVadsA10_v5; the A10G's sibling), A100 (NC A100 v4), H100 (NC H100 v5). No L4.
  { name: "Standard_NC4as_T4_v3", kind: "gpu", vcpu: 4, memoryGiB: 28, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 0.526 },
  { name: "Standard_NC8as_T4_v3", kind: "gpu", vcpu: 8, memoryGiB: 56, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 0.752 },
  { name: "Standard_NC16as_T4_v3", kind: "gpu", vcpu: 16, memoryGiB: 110, gpu: { accelerator: "t4", count: 1 }, usdPerHour: 1.204 },
  { name: "Standard_NC64as_T4_v3", kind: "gpu", vcpu: 64, memoryGiB: 440, gpu: { accelerator: "t4", count: 4 }, usdPerHour: 4.352 },
  { name: "Standard_NV36ads_A10_v5", kind: "gpu", vcpu: 36, memoryGiB: 440, gpu: { accelerator: "a10g", count: 1 }, usdPerHour: 3.2 },
  { name: "Standard_NV72ads_A10_v5", kind: "gpu", vcpu: 72, memoryGiB: 880, gpu: { accelerator: "a10g", count: 2 }, usdPerHour: 6.52 },
  { name: "Standard_NC24ads_A100_v4", kind: "gpu", vcpu: 24, memoryGiB: 220, gpu: { accelerator: "a100", count: 1 }, usdPerHour: 3.673 },
  { name: "Standard_NC96ads_A100_v4", kind: "gpu", vcpu: 96, memoryGiB: 880, gpu: { accelerator: "a100", count: 4 }, usdPerHour: 14.692 },
  { name: "Standard_NC40ads_H100_v5", kind: "gpu", vcpu: 40, memoryGiB: 320, gpu: { accelerator: "h100", count: 1 }, usdPerHour: 6.98 },
  { name: "Standard_NC80adis_H100_v5", kind: "gpu", vcpu: 80, memoryGiB: 640, gpu: { accelerator: "h100", count: 2 }, usdPerHour: 13.96 },
];

// PostgreSQL Flexible Server compute (single server, without HA; HA doubles it).
const postgres: MachineType[] = [
  { name: "B_Standard_B2s", kind: "burstable", vcpu: 2, memoryGiB: 4, usdPerHour: 0.068 },
  { name: "GP_Standard_D2ds_v5", kind: "general", vcpu: 2, memoryGiB: 8, usdPerHour: 0.178 },
  { name: "GP_Standard_D4ds_v5", kind: "general", vcpu: 4, memoryGiB: 16, usdPerHour: 0.356 },
  { name: "GP_Standard_D8ds_v5", kind: "general", vcpu: 8, memoryGiB: 32, usdPerHour: 0.712 },
  { name: "GP_Standard_D16ds_v5", kind: "general", vcpu: 16, memoryGiB: 64, usdPerHour: 1.424 },
  { name: "GP_Standard_D32ds_v5", kind: "general", vcpu: 32, memoryGiB: 128, usdPerHour: 2.848 },
  { name: "MO_Standard_E2ds_v5", kind: "memory", vcpu: 2, memoryGiB: 16, usdPerHour: 0.2412 },
  { name: "MO_Standard_E4ds_v5", kind: "memory", vcpu: 4, memoryGiB: 32, usdPerHour: 0.4824 },
  { name: "MO_Standard_E8ds_v5", kind: "memory", vcpu: 8, memoryGiB: 64, usdPerHour: 0.9648 },
  { name: "MO_Standard_E16ds_v5", kind: "memory", vcpu: 16, memoryGiB: 128, usdPerHour: 1.9296 },
  { name: "MO_Standard_E32ds_v5", kind: "memory", vcpu: 32, memoryGiB: 256, usdPerHour: 3.8592 },
];

// Azure Managed Redis, with high availability (confidence: low). Memory is the SKU's cache size.
const managedRedis: MachineType[] = [
  { name: "Balanced_B1", kind: "general", vcpu: 2, memoryGiB: 1, usdPerHour: 0.062 },
  { name: "Balanced_B3", kind: "general", vcpu: 2, memoryGiB: 3, usdPerHour: 0.137 },
  { name: "Balanced_B5", kind: "general", vcpu: 2, memoryGiB: 6, usdPerHour: 0.274 },
  { name: "Balanced_B10", kind: "general", vcpu: 4, memoryGiB: 12, usdPerHour: 0.548 },
  { name: "Balanced_B20", kind: "general", vcpu: 8, memoryGiB: 24, usdPerHour: 1.096 },
  { name: "Balanced_B50", kind: "general", vcpu: 16, memoryGiB: 60, usdPerHour: 2.365 },
  { name: "Balanced_B100", kind: "general", vcpu: 32, memoryGiB: 120, usdPerHour: 4.73 },
  { name: "MemoryOptimized_M10", kind: "memory", vcpu: 2, memoryGiB: 12, usdPerHour: 0.432 },
  { name: "MemoryOptimized_M20", kind: "memory", vcpu: 4, memoryGiB: 24, usdPerHour: 0.868 },
  { name: "MemoryOptimized_M50", kind: "memory", vcpu: 8, memoryGiB: 60, usdPerHour: 1.97 },
  { name: "MemoryOptimized_M100", kind: "memory", vcpu: 16, memoryGiB: 120, usdPerHour: 3.94 },
];

const AZ = ["1", "2", "3"];

export const azureCatalog: CloudCatalog = {
  prices: { region: "eastus", asOf: "2026-09", source: "Azure pay-as-you-go list prices (Virtual Machines, PostgreSQL Flexible Server, Managed Redis)" },
  // Regions with three availability zones; zones are numbered the same in each.
  regions: Object.fromEntries(
    Object.entries({
      eastus: "eus",
      eastus2: "eus2",
      centralus: "cus",
      westus2: "wus2",
      westus3: "wus3",
      northeurope: "neu",
      westeurope: "weu",
      uksouth: "uks",
      francecentral: "frc",
      germanywestcentral: "gwc",
      swedencentral: "sdc",
      australiaeast: "aue",
      japaneast: "jpe",
      southeastasia: "sea",
    }).map(([r, code]) => [r, { zones: AZ, code, accelerators: unverifiedAcceleratorZones(AZ, ["t4", "a10g", "a100", "h100"]) }]),
  ),
  acceleratorZonesSource: {
    asOf: "2026-11-27",
    source:
      "not verified: VM SKU zone availability (az vm list-skus --zones, the restrictions of each SKU) is reported per subscription, " +
      "whose logical zones 1–3 map to physical zones its own way; GPU node pools keep every zone. " +
      "Check yours with `az vm list-skus --location <region> --size Standard_NC --zone`.",
  },
  machines: vms,
  databases: postgres,
  caches: managedRedis,
  containers: {
    product: "Azure Container Apps",
    // The Consumption profile's sizes: 0.25–4 vCPU in steps of 0.25, memory twice the vCPU in GiB.
    sizes: Array.from({ length: 16 }, (_, i) => ({ vcpu: (i + 1) / 4, memoryGiB: [(i + 1) / 2] })),
    utilisationTargets: { cpu: true, memory: true },
    queueScaling: "native",
    notes: { queue: "a KEDA redis scale rule reads the list's length with the cache's credentials" },
    originBypass:
      "Front Door Standard cannot reach a private environment, so the Container Apps environment is external and the exposed app's own *.azurecontainerapps.io address answers directly (an NSG cannot filter it: public traffic enters through the environment's own IP). compliance.waf: true takes Front Door Premium with Private Link to an internal environment",
    readOnlyRootFilesystem: false,
    workers: { autoscale: true },
    liveness: { rendered: true },
    // Container Apps (azurerm 4.55 docs): initial delay 0–60 s, interval 1–240 s, liveness failures 1–10, readiness 1–30.
    probeLimits: { readiness: { initialDelaySeconds: 60, periodSeconds: 240, failureThreshold: 30 }, liveness: { initialDelaySeconds: 60, periodSeconds: 240, failureThreshold: 10 } },
    reservedEnv: [],
    maxServices: 50,
    // azurerm container_app: template.min_replicas 0–300, max_replicas 1–300.
    instances: { max: 300, noneFixed: "a Container App's max_replicas is at least 1 (min_replicas 0 with scale rules scales to zero when idle)" },
  },
  pooler: { vm: true, kubernetes: true, containers: true, multiRegion: "primary", why: "the built-in PgBouncer runs on the primary server; a secondary region's apps write through the read-write virtual endpoint on 5432, which tierform does not route to PgBouncer's 6432 (not documented for virtual endpoints, and a promoted replica has no PgBouncer parameters)" },
  postgresVersions: [13, 14, 15, 16, 17],
  // Flexible Server: backup_retention_days 7–35.
  backupRetentionDays: { min: 7, max: 35 },
  // The service's own roles (its docs list them); an admin user with one of these names fails at create.
  reservedDatabaseUsers: { names: ["azure_superuser", "azure_pg_admin", "admin", "administrator", "root", "guest", "public", "azuresu", "replication"], prefixes: ["pg_", "azure_"] },
  kubernetesVersions: ["1.31", "1.32", "1.33", "1.34"],
  acceleratorNames: { t4: "NVIDIA T4", a10g: "NVIDIA A10", a100: "NVIDIA A100", h100: "NVIDIA H100" },
  // Azure Managed Redis keeps one replica per shard when high availability is on.
  cacheMaxReplicasPerShard: 1,
  cacheReplicasFixed: true,
  databaseClassesWithoutHa: /^B_/,
  zonalNat: true,
  loadBalancerTerminatesTls: false,
  dnsZoneId: { pattern: /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[A-Za-z0-9._()-]{1,90}\/providers\/Microsoft\.Network\/dnszones\/[A-Za-z0-9.-]{1,253}$/i, example: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/example.com (a DNS zone resource id)" },
  // Per resource: the limit (GCP labels: 64), tags the renderer adds, prefixes the cloud reserves.
  tags: { max: 50, rendererTags: [], reservedPrefixes: [] },
  global: {
    minCacheMemoryGiB: { memoryGiB: 3, why: "active geo-replication needs Balanced_B3 or larger" },
    databaseClasses: { pattern: /^(GP|MO)_/, allowed: "a General Purpose or Memory Optimized class (Burstable servers have no geo replicas)" },
  },
};
