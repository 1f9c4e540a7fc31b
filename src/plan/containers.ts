import { catalogFor } from "../catalog";
import type { ContainerPlatform, ProbeLimits } from "../catalog/types";
import type { Cloud } from "../core/cloud";
import type { AppConnections, SecretRef } from "../core/contracts";
import type { WorkloadSpec } from "../model/workload";
import { CONNECTION_KEYS } from "../kubernetes/connection";
import { connectionData } from "./app-environment";

/** One instance of a service: what the platform bills and schedules. */
export interface ContainerSize {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/**
 * A workload as a serverless service, planned for one cloud: its instance size (the workload's resources rounded
 * up to a size the platform offers), its bounds, and the scaling signals the platform honours.
 */
export interface ContainerServicePlan {
  readonly workload: WorkloadSpec;
  readonly size: ContainerSize;
  /** What the workload asked for (limits, else requests), before rounding to `size`. */
  readonly requested: ContainerSize;
  /** Instances: fewest, to start with, most. A fixed count has min = desired = max = replicas. */
  readonly min: number;
  readonly desired: number;
  readonly max: number;
  /** Serves the app behind the load balancer (at most one service). */
  readonly exposed: boolean;
  /** The workload's probes within the platform's limits (`probeLimits`). */
  readonly probes: { readonly readiness?: PlannedProbe; readonly liveness?: PlannedProbe };
  /** Scaling signals the platform renders (the model has rejected or warned about the rest). */
  readonly scaling: {
    readonly cpuPercent?: number;
    readonly memoryPercent?: number;
    readonly concurrentRequests?: number;
    /** `concurrentRequests` as a rate, where the platform scales on one (catalog `requestRate`): requests a minute per instance. */
    readonly requestsPerMinute?: number;
    readonly queue?: { readonly list: string; readonly perInstance: number };
  };
}

const CPU_MILLIS = /^(\d+)m$/;
const MEMORY_UNITS = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 2 ** 10 } as const;

/** A Kubernetes CPU quantity in vCPU ("500m" → 0.5, "2" → 2). */
export function cpuOf(q: string): number {
  const m = CPU_MILLIS.exec(q);
  return m ? Number(m[1]) / 1000 : Number(q);
}

/** A Kubernetes memory quantity in GiB ("512Mi" → 0.5). */
export function memoryGiBOf(q: string): number {
  return Number(q.slice(0, -2)) * MEMORY_UNITS[q.slice(-2) as keyof typeof MEMORY_UNITS];
}

/** What a workload asks for on serverless containers: its limits, else its requests (the model requires one of each). */
export function requestedSize(w: WorkloadSpec): ContainerSize | undefined {
  const cpu = w.resources.limits.cpu ?? w.resources.requests.cpu;
  const memory = w.resources.limits.memory ?? w.resources.requests.memory;
  return cpu && memory ? { vcpu: cpuOf(cpu), memoryGiB: memoryGiBOf(memory) } : undefined;
}

/** The smallest size the platform offers with at least the vCPU and memory asked for (fewest vCPU first, then memory). */
export function fitContainer(platform: ContainerPlatform, want: ContainerSize): ContainerSize | undefined {
  for (const row of platform.sizes) {
    if (row.vcpu < want.vcpu) continue;
    const memory = row.memoryGiB.find((m) => m >= want.memoryGiB);
    if (memory !== undefined) return { vcpu: row.vcpu, memoryGiB: memory };
  }
  return undefined;
}

/** The largest size the platform offers, for error messages. */
export function largestContainer(platform: ContainerPlatform): ContainerSize {
  const last = platform.sizes[platform.sizes.length - 1]!;
  return { vcpu: last.vcpu, memoryGiB: Math.max(...platform.sizes.flatMap((r) => r.memoryGiB)) };
}

/** Plans each workload as a service on the cloud's container platform. The model has checked every workload fits. */
export function planContainerServices(cloud: Cloud, workloads: readonly WorkloadSpec[]): ContainerServicePlan[] {
  const platform = catalogFor(cloud).containers;
  return workloads.map((w) => {
    const requested = requestedSize(w);
    const size = requested && fitContainer(platform, requested);
    if (!requested || !size) throw new Error(`tierform: workload ${w.name} has no container size (a bug: the model should have rejected it)`);
    const a = w.autoscaling;
    const min = a ? a.min : w.replicas;
    const max = a ? a.max : w.replicas;
    const targets = platform.utilisationTargets;
    return {
      workload: w,
      size,
      requested,
      min,
      desired: min,
      max,
      exposed: w.expose,
      probes: {
        ...(w.readiness ? { readiness: capProbe(w.readiness, platform.probeLimits.readiness).probe } : {}),
        ...(w.liveness ? { liveness: capProbe(w.liveness, platform.probeLimits.liveness).probe } : {}),
      },
      scaling: {
        ...(a?.cpuPercent !== undefined && targets.cpu ? { cpuPercent: a.cpuPercent } : {}),
        ...(a?.memoryPercent !== undefined && targets.memory ? { memoryPercent: a.memoryPercent } : {}),
        ...(a?.concurrentRequests !== undefined ? { concurrentRequests: a.concurrentRequests } : {}),
        ...(a?.concurrentRequests !== undefined && platform.requestRate ? { requestsPerMinute: (a.concurrentRequests * 60) / platform.requestRate.secondsPerRequest } : {}),
        ...(a?.queue ? { queue: a.queue } : {}),
      },
    };
  });
}

/** A probe as the platform takes it: each setting at most the platform's limit. */
export interface PlannedProbe {
  readonly path: string;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
}

type Probe = NonNullable<WorkloadSpec["readiness"]>;
const PROBE_SETTINGS = ["initialDelaySeconds", "periodSeconds", "failureThreshold"] as const;

/** A workload's probe within the platform's limits, and which settings were capped. */
export function capProbe(probe: Probe, limits: ProbeLimits): { probe: PlannedProbe; capped: (typeof PROBE_SETTINGS)[number][] } {
  const capped = PROBE_SETTINGS.filter((k) => limits[k] !== undefined && probe[k] > limits[k]!);
  const value = (k: (typeof PROBE_SETTINGS)[number]) => Math.min(probe[k], limits[k] ?? probe[k]);
  return { probe: { path: probe.path, initialDelaySeconds: value("initialDelaySeconds"), periodSeconds: value("periodSeconds"), failureThreshold: value("failureThreshold") }, capped };
}

/** The data stores a workload reads a connection detail of: only those services get their secrets. */
export function storesUsed(w: WorkloadSpec): { database: boolean; cache: boolean; files: boolean } {
  const froms = Object.values(w.env).flatMap((v) => (typeof v === "string" ? [] : [v.from]));
  return { database: froms.some((f) => f.startsWith("database.")), cache: froms.some((f) => f.startsWith("cache.")), files: froms.some((f) => f.startsWith("files.")) };
}

/** The variables the platform injects from the secret store (see `containerEnvironment`): a workload's env may not set them. */
export const INJECTED_VARIABLES = { DATABASE_PASSWORD: "the database's admin password", REDIS_PASSWORD: "the cache's password" } as const;

/** A secret the platform injects into a container's environment at start (never written into Terraform). */
export interface InjectedSecret {
  readonly ref: SecretRef;
  /** The field of a JSON secret to take (RDS's managed secret holds {"username","password"}), where the store keeps JSON. */
  readonly jsonKey?: string;
}

/** A service's environment: plain values, and the secrets the platform injects by reference. */
export interface ContainerEnvironment {
  readonly plain: Readonly<Record<string, string>>;
  /** DATABASE_PASSWORD (the admin login, as on VM tiers) and REDIS_PASSWORD, for services that use those stores. */
  readonly secrets: Readonly<Record<string, InjectedSecret>>;
}

/**
 * The environment of a workload on serverless containers: its port, then its own variables with each
 * `{ from: … }` resolved from the same connection data VM and Kubernetes tiers get. Apps log in to PostgreSQL
 * with the admin login, as on VM tiers (no setup Job runs on serverless containers to create IAM roles), its
 * password injected by the platform from the secret store; a service gets a store's secret only when it reads
 * one of that store's connection details.
 */
export function containerEnvironment(w: WorkloadSpec, c: AppConnections, opts: { databaseSecretKey?: string } = {}): ContainerEnvironment {
  const data: Record<string, string> = { ...connectionData(c, { writers: true }), ...(c.database ? { DATABASE_AUTH: "password", DATABASE_DIRECT_USER: c.database.username } : {}) };
  const plain: Record<string, string> = {};
  if (w.port !== undefined) plain["PORT"] = String(w.port);
  for (const [name, value] of Object.entries(w.env).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (typeof value === "string") plain[name] = value;
    else {
      const resolved = data[CONNECTION_KEYS[value.from]];
      if (resolved !== undefined) plain[name] = resolved;
    }
  }
  const uses = storesUsed(w);
  const secrets: Record<string, InjectedSecret> = {};
  // The model refuses these names in a workload's env, so a variable is never given twice (plain and secret).
  if (uses.database && c.database) secrets["DATABASE_PASSWORD"] = { ref: c.database.credentials, ...(opts.databaseSecretKey ? { jsonKey: opts.databaseSecretKey } : {}) };
  if (uses.cache && c.cache?.credentials) secrets["REDIS_PASSWORD"] = { ref: c.cache.credentials };
  return { plain, secrets };
}
