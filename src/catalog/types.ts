import type { Accelerator, Shape } from "../model/common";

/** What a machine is for; resolution never picks `burstable` or `gpu` unless asked. */
export type MachineKind = "general" | "memory" | "compute" | "burstable" | "gpu";

export interface MachineType {
  readonly name: string;
  readonly kind: MachineKind;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly gpu?: { readonly accelerator: Accelerator; readonly count: number };
  /** On-demand list price, USD per hour, in the catalog's price region. */
  readonly usdPerHour: number;
}

/** Where a table's prices come from. Prices are list prices; re-check before quoting them. */
export interface PriceSource {
  readonly region: string;
  readonly asOf: string;
  readonly source: string;
}

/** The zones of one region that offer an accelerator (GPU node pools are placed only there). */
export interface AcceleratorZones {
  /** Zones of the region (a subset of `RegionInfo.zones`, same order) that offer it; empty when none does. */
  readonly zones: readonly string[];
  /**
   * False when tierform could not check the cloud's data for this region (or the cloud names zones per
   * account, so no shared list can be right): `zones` then lists every zone of the region, unrestricted.
   */
  readonly verified: boolean;
}

export interface RegionInfo {
  /** Zone names in a stable order; the planner takes the first N. */
  readonly zones: readonly string[];
  /** Short code (≤ 4 chars) that names the region's stacks and resources in multi-region topologies. */
  readonly code: string;
  /** For every accelerator the cloud offers (`acceleratorNames`): the zones of this region that offer it. */
  readonly accelerators: Partial<Readonly<Record<Accelerator, AcceleratorZones>>>;
}

/** Where a catalog's accelerator zones come from, and when they were read. */
export interface AcceleratorZoneSource {
  readonly asOf: string;
  readonly source: string;
}

/** Everything tierform needs to know about one cloud's machines and places, as data. */
export interface CloudCatalog {
  readonly prices: PriceSource;
  readonly regions: Readonly<Record<string, RegionInfo>>;
  /** VMs and Kubernetes nodes. */
  readonly machines: readonly MachineType[];
  /** Managed PostgreSQL instance classes. */
  readonly databases: readonly MachineType[];
  /** Managed Redis node types (memory is the usable cache memory). */
  readonly caches: readonly MachineType[];
  readonly postgresVersions: readonly number[];
  /** Days of automated backups the managed PostgreSQL service accepts (the model allows 1–35). */
  readonly backupRetentionDays: { readonly min: number; readonly max: number };
  /** PostgreSQL role names the managed service keeps for itself: an admin user cannot take one. */
  readonly reservedDatabaseUsers: { readonly names: readonly string[]; readonly prefixes: readonly string[] };
  readonly kubernetesVersions: readonly string[];
  /**
   * For clouds that size databases freely (Cloud SQL custom tiers): the smallest class that meets a
   * shape, or undefined when none can. Overrides the `databases` table.
   */
  readonly sizeDatabase?: (shape: Shape) => MachineType | undefined;
  /** Where `RegionInfo.accelerators` comes from. */
  readonly acceleratorZonesSource: AcceleratorZoneSource;
  /**
   * For clouds whose database classes are named by a rule rather than listed (Cloud SQL tiers): the class a
   * name denotes (undefined when the name breaks the rule), the rule in words, and the valid name nearest to
   * one that breaks it. Explicit `instanceClass` overrides are checked against it.
   */
  readonly databaseClassNames?: {
    readonly parse: (name: string) => MachineType | undefined;
    readonly rule: string;
    readonly nearest: (name: string) => string | undefined;
  };
  /** The cloud's name of each accelerator it offers. */
  readonly acceleratorNames: Partial<Readonly<Record<Accelerator, string>>>;
  /**
   * For clouds whose non-sharded Redis is sized by memory rather than node type (Memorystore for Redis):
   * the instance for a memory request. Cluster mode always uses the `caches` node types.
   */
  readonly cacheInstance?: (memoryGiB: number) => MachineType;
  /** Database classes that cannot run with a standby (HA), e.g. shared-core or burstable ones. */
  readonly databaseClassesWithoutHa?: RegExp;
  /**
   * Where `database.pooling` renders a pooler: VM tiers, Kubernetes tiers, several regions (`true`: every region;
   * `"primary"`: the primary region only, secondaries' apps connect to the writer directly). Where it does not, the
   * topology warns (`tierform:database:pooling-not-rendered`) and apps connect to the database directly.
   */
  readonly pooler: { readonly vm: boolean; readonly kubernetes: boolean; readonly containers: boolean; readonly multiRegion: boolean | "primary"; readonly why: string };
  /** Serverless containers (`compute.kind: "containers"`): the product, its instance sizes and what it scales on. */
  readonly containers: ContainerPlatform;
  /**
   * The app's load balancer terminates TLS itself (AWS ALB, GCP external ALB). Where it cannot (Azure's
   * Standard Load Balancer is layer 4), HTTPS comes from the CDN (Front Door), so a load balancer needs one.
   */
  readonly loadBalancerTerminatesTls: boolean;
  /**
   * Tags (labels) per resource: the cloud's limit, the tags its renderer adds besides tierform's own (AWS
   * `Name`), and key prefixes the cloud keeps for itself.
   */
  /** How the cloud names a DNS zone `dnsZoneId` refers to, with an example for error messages. */
  readonly dnsZoneId: { readonly pattern: RegExp; readonly example: string };
  readonly tags: { readonly max: number; readonly rendererTags: readonly string[]; readonly reservedPrefixes: readonly string[] };
  /** Cross-region replication limits, where the cloud has them. */
  readonly global?: {
    /** Cache node types a global cache group accepts. */
    readonly cacheNodes?: { readonly pattern: RegExp; readonly allowed: string };
    /** Database classes a global database accepts. */
    readonly databaseClasses?: { readonly pattern: RegExp; readonly allowed: string };
    /** Most regions a cache group spans. */
    readonly maxCacheRegions?: number;
    /** Cache modes that replicate across regions, and why only those. */
    readonly cacheModes?: { readonly modes: readonly ("replicated" | "cluster")[]; readonly why: string };
    /** Smallest cache that geo-replicates, and why. */
    readonly minCacheMemoryGiB?: { readonly memoryGiB: number; readonly why: string };
    /** Global traffic needs a DNS zone tierform manages, and why. */
    readonly dnsZone?: string;
  };
  /** Networks are global (GCP): regions share one network and add their own subnets to it. */
  readonly globalNetwork?: boolean;
  /** The cloud's NAT gateway lives in one zone (AWS, Azure); false where NAT is regional (GCP Cloud NAT). */
  readonly zonalNat: boolean;
  /** Most replicas per shard the cloud's managed Redis supports in cluster mode. */
  readonly cacheMaxReplicasPerShard: number;
  /**
   * The cloud decides the replica count itself (Azure Managed Redis: one replica with high availability);
   * more are capped with a warning rather than rejected, so tiers stay portable.
   */
  readonly cacheReplicasFixed?: boolean;
}

/** Upper bounds of a probe's settings on a platform (absent: no bound below the model's own). */
export interface ProbeLimits {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly failureThreshold?: number;
}

/** A cloud's serverless container platform, as data: the planner sizes and scales services from it. */
export interface ContainerPlatform {
  /** The product, for messages and docs ("ECS on Fargate"). */
  readonly product: string;
  /** Sizes an instance (task, container) can have: each vCPU count with the memory choices in GiB at that count, smallest first. */
  readonly sizes: readonly { readonly vcpu: number; readonly memoryGiB: readonly number[] }[];
  /** Whether a CPU or memory utilisation target is honoured; when not, why (the topology warns). */
  readonly utilisationTargets: { readonly cpu: boolean; readonly memory: boolean; readonly why?: string };
  /**
   * How `autoscaling.queue` is served: `native` (the platform reads the Redis list), `published-metric` (the worker
   * publishes the list's length as a metric the platform scales on), `manual` (no queue scaler: the worker runs at its
   * maximum; the topology warns).
   */
  readonly queueScaling: "native" | "published-metric" | "manual";
  /** Where a scaling setting has no counterpart on the platform, why (the field docs and warnings quote it). */
  readonly notes: { readonly queue: string };
  /** Whether services without a port (workers) autoscale; where not, why (they run their maximum: the topology warns). */
  readonly workers: { readonly autoscale: boolean; readonly why?: string };
  /** Whether the platform renders a liveness probe (`workloads[].liveness`); where not, why (the topology warns). */
  readonly liveness: { readonly rendered: boolean; readonly why?: string };
  /**
   * The most the platform takes in a probe (seconds; failures in a row), per probe: a workload asking for more gets the
   * limit (the topology warns, `tierform:containers:probe-capped`).
   */
  readonly probeLimits: { readonly readiness: ProbeLimits; readonly liveness: ProbeLimits };
  /** Environment names the platform sets itself and refuses, or overrides (besides PORT, which tierform sets). */
  readonly reservedEnv: readonly string[];
  /**
   * Where the exposed service's own address answers requests that bypass the CDN (and its WAF) unless
   * `compliance.waf` takes the private path: why (the topology warns `tierform:containers:origin-reachable`).
   */
  readonly originBypass?: string;
  /** Whether the platform can mount a container's root filesystem read-only (`workloads[].readOnlyRootFilesystem`). */
  readonly readOnlyRootFilesystem: boolean;
  /** Most services one environment may run (the platform's quota, or a sane bound). */
  readonly maxServices: number;
  /**
   * Instances one service may have: at most `max` (autoscaling.max, or replicas), and whether a fixed count of 0
   * (a stopped service) can be expressed; when not, why.
   */
  readonly instances: { readonly max: number; readonly noneFixed?: string };
  /** Where `autoscaling.concurrentRequests` is measured at the load balancer, so only the exposed service can use it: why. */
  readonly requestsNeedExposure?: string;
  /**
   * When the platform scales on a request rate rather than requests in flight (ECS: the load balancer's requests per
   * target per minute), the seconds one request is taken to last: `concurrentRequests` in flight become
   * concurrentRequests × 60 ÷ secondsPerRequest requests a minute (the same load when a request takes that long).
   */
  readonly requestRate?: { readonly secondsPerRequest: number };
}

/** One list price: USD per unit, in the rate table's price region. */
export interface Rate {
  readonly usd: number;
  /** What one unit is: "hour", "month", "GB", "GB-month", "million requests", … */
  readonly per: string;
  /** Volume tiers (GB per month): `usd` applies up to the first `upTo`, then each tier's price; the last tier has no `upTo`. */
  readonly tiers?: readonly { readonly upTo?: number; readonly usd: number }[];
  /** The public price page the figure was read from. */
  readonly source: string;
}

/**
 * The prices of everything billable a cloud's renderers create besides machine, database and cache classes
 * (those stay in the catalog's `machines`, `databases` and `caches`): storage, control planes, networking,
 * edge, security and logging. Same price region as the catalog's machine prices.
 */
export interface RateTable<K extends string = string> {
  readonly prices: PriceSource;
  /** Fraction of the on-demand price spot/preemptible capacity saves (0.6 = pay 40 %). */
  readonly spotDiscount: number;
  readonly rates: Readonly<Record<K, Rate>>;
}
