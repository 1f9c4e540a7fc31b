import type { Cloud } from "../core/cloud";
import type { Accelerator, Gpu, Shape } from "../model/common";
import { awsCatalog } from "./aws";
import { azureCatalog } from "./azure";
import { gcpCatalog } from "./gcp";
import type { AcceleratorZones, CloudCatalog, MachineKind, MachineType, RegionInfo } from "./types";

export type { AcceleratorZones, AcceleratorZoneSource, CloudCatalog, MachineKind, MachineType, PriceSource, RegionInfo } from "./types";

/** One catalog per cloud; a cloud without one fails to compile. */
export const catalogs = { aws: awsCatalog, gcp: gcpCatalog, azure: azureCatalog } satisfies Record<Cloud, CloudCatalog>;

export function catalogFor(cloud: Cloud): CloudCatalog {
  return catalogs[cloud];
}

/** The result of a resolution: the chosen type, or why none fits (ready to become a Problem). */
/**
 * A region's catalog entry by the name a user wrote; undefined when the cloud has no such region. Own keys only:
 * "__proto__" or "toString" are names a user can type, not regions.
 */
export function regionInfo(catalog: CloudCatalog, name: string): RegionInfo | undefined {
  return Object.hasOwn(catalog.regions, name) ? catalog.regions[name] : undefined;
}

/**
 * The zones of a region that offer an accelerator, or undefined when the catalog does not know the region or
 * the cloud does not offer the accelerator (both are reported elsewhere).
 */
export function acceleratorZones(catalog: CloudCatalog, region: string, accelerator: Accelerator): AcceleratorZones | undefined {
  const info = regionInfo(catalog, region);
  return info && Object.hasOwn(info.accelerators, accelerator) ? info.accelerators[accelerator] : undefined;
}

export type Resolution = { ok: true; type: MachineType } | { ok: false; message: string };

const SERVER_KINDS: readonly MachineKind[] = ["general", "memory", "compute"];

/** Cheapest first; ties broken by name so the choice never depends on table order. */
function byPrice(a: MachineType, b: MachineType): number {
  return a.usdPerHour - b.usdPerHour || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function meets(t: MachineType, shape: Shape): boolean {
  return t.vcpu >= shape.vcpu && t.memoryGiB >= shape.memoryGiB;
}

/** The machines (cheapest first) that meet a shape, and a GPU request when one is given. */
export function candidates(table: readonly MachineType[], shape: Shape, gpu?: Gpu): MachineType[] {
  return table
    .filter((t) => meets(t, shape))
    .filter((t) =>
      gpu
        ? t.gpu !== undefined && t.gpu.accelerator === gpu.accelerator && t.gpu.count >= gpu.count
        : SERVER_KINDS.includes(t.kind),
    )
    .sort(byPrice);
}

/** For each accelerator, the ones closest to it in class and memory, nearest first. */
const NEAREST: Record<Accelerator, readonly Accelerator[]> = {
  t4: ["l4", "a10g", "a100", "h100"],
  l4: ["a10g", "t4", "a100", "h100"],
  a10g: ["l4", "a100", "t4", "h100"],
  a100: ["h100", "a10g", "l4", "t4"],
  h100: ["a100", "a10g", "l4", "t4"],
};

/** "accelerator "a10g" is not offered on …; nearest: l4, a100" — the message a user can act on. */
export function acceleratorNotOffered(accelerator: Accelerator, offered: readonly Accelerator[], cloud?: string): string {
  const nearest = NEAREST[accelerator].filter((a) => offered.includes(a)).slice(0, 2);
  return `accelerator "${accelerator}" is not offered${cloud ? ` on ${cloud}` : ""}; nearest: ${nearest.join(", ")} (offered: ${offered.join(", ")})`;
}

/** Accelerators a catalog offers, in a stable order. */
export function acceleratorsOffered(catalog: CloudCatalog): Accelerator[] {
  const offered = new Set(catalog.machines.flatMap((m) => (m.gpu ? [m.gpu.accelerator] : [])));
  return [...offered].sort();
}

/**
 * Picks the cheapest machine that meets a shape (and GPU request), or explains why none does.
 * An explicit override is looked up by name; an unknown name is accepted as-is by the caller
 * (with a warning) because catalogs are never complete.
 */
export function resolveMachine(
  table: readonly MachineType[],
  shape: Shape,
  opts: { gpu?: Gpu; offered?: readonly Accelerator[]; what: string },
): Resolution {
  if (opts.gpu && opts.offered && !opts.offered.includes(opts.gpu.accelerator)) {
    return { ok: false, message: acceleratorNotOffered(opts.gpu.accelerator, opts.offered) };
  }
  const [best] = candidates(table, shape, opts.gpu);
  if (best) return { ok: true, type: best };
  const largest = [...table].filter((t) => (opts.gpu ? t.gpu : SERVER_KINDS.includes(t.kind))).sort((a, b) => b.vcpu - a.vcpu || b.memoryGiB - a.memoryGiB)[0];
  const gpuText = opts.gpu ? ` with ${opts.gpu.count}× ${opts.gpu.accelerator}` : "";
  return {
    ok: false,
    message: `no ${opts.what} offers ${shape.vcpu} vCPU / ${shape.memoryGiB} GiB${gpuText}; the largest is ${largest ? `${largest.name} (${largest.vcpu} vCPU / ${largest.memoryGiB} GiB)` : "none"}`,
  };
}

/** Cheapest cache node with at least `memoryGiB` of cache memory. */
export function resolveCacheNode(table: readonly MachineType[], memoryGiB: number): Resolution {
  return resolveMachine(table, { vcpu: 1, memoryGiB }, { what: "cache node type" });
}

/** Looks a type up by name in any of a catalog's tables. */
export function findType(table: readonly MachineType[], name: string): MachineType | undefined {
  return table.find((t) => t.name === name);
}

const TABLE_WHAT = { machines: "machine type", databases: "database class", caches: "cache node type" } as const;

/**
 * Why a shape cannot be met on a cloud, or undefined when it can. An explicit override is checked
 * only for a GPU mismatch (catalogs are never complete, so unknown names are allowed).
 */
export function shapeProblem(
  cloud: Cloud,
  table: keyof typeof TABLE_WHAT,
  shape: Shape,
  override?: string,
  gpu?: Gpu,
): { message: string; onOverride: boolean } | undefined {
  const catalog = catalogFor(cloud);
  const rows = catalog[table];
  if (table === "databases" && catalog.sizeDatabase && !override) {
    return catalog.sizeDatabase(shape) ? undefined : { message: `no database class offers ${shape.vcpu} vCPU / ${shape.memoryGiB} GiB`, onOverride: false };
  }
  if (override) {
    const known = findType(rows, override);
    return known && gpu && known.gpu?.accelerator !== gpu.accelerator
      ? { message: `expected a type with ${gpu.accelerator} GPUs`, onOverride: true }
      : undefined;
  }
  if (gpu) {
    const offered = acceleratorsOffered(catalogFor(cloud));
    if (!offered.includes(gpu.accelerator)) return undefined; // reported separately, at the accelerator
  }
  const r = resolveMachine(rows, shape, { what: TABLE_WHAT[table], ...(gpu ? { gpu } : {}) });
  return r.ok ? undefined : { message: r.message, onOverride: false };
}
