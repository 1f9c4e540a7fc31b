import type { Cloud } from "../core/cloud";
import type { Accelerator, Gpu, Shape } from "../model/common";
import { awsCatalog } from "./aws";
import { azureCatalog } from "./azure";
import { gcpCatalog } from "./gcp";
import type { AcceleratorZones, CloudCatalog, MachineKind, MachineType, RegionInfo } from "./types";

export type { AcceleratorZones, AcceleratorZoneSource, CloudCatalog, MachineKind, MachineType, PriceSource, Rate, RateTable, RegionInfo } from "./types";
export { auroraClasses, awsRates, azureRates, gcpRates, rateTables, sizeTierPrice, tieredCost } from "./rates";

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
 * An explicit override is looked up by name (`lookupType`); the model rejects a name the catalog does not
 * know unless the user lists it in `catalog.allowMachineTypes` (see `unknownType`).
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

export const TABLE_WHAT = { machines: "machine type", databases: "database class", caches: "cache node type" } as const;
export type CatalogTable = keyof typeof TABLE_WHAT;
const TABLES = Object.keys(TABLE_WHAT) as CatalogTable[];

/** A type the catalog knows by name: a row of the table, or a class its naming rule denotes (Cloud SQL tiers). */
export function lookupType(cloud: Cloud, table: CatalogTable, name: string): MachineType | undefined {
  const catalog = catalogFor(cloud);
  return findType(catalog[table], name) ?? (table === "databases" ? catalog.databaseClassNames?.parse(name) : undefined);
}

/** Levenshtein distance, case-insensitive: how many edits turn one name into the other. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[y.length]!;
}

/** Up to `count` names nearest to `name`, nearest first (ties in table order); only those a typo away. */
export function nearestNames(name: string, names: readonly string[], count = 3): string[] {
  const close = Math.max(2, Math.ceil(name.length / 4));
  return names
    .map((n, i) => ({ n, i, d: editDistance(name, n) }))
    .filter((c) => c.d <= close)
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, count)
    .map((c) => c.n);
}

/** What an explicit type name is wrong for, when the catalog does not know it on `cloud`. */
export interface UnknownType {
  /** `unknown`: no catalog knows it (a typo, or a type the catalog lacks); otherwise where it does belong. */
  readonly kind: "unknown" | "other-cloud" | "other-table";
  readonly message: string;
}

/** " (4 vCPU / 16 GiB on aws: m6a.xlarge)": what `cloud` offers in `table` for the capability of a type from elsewhere. */
function equivalentOf(cloud: Cloud, table: CatalogTable, found: MachineType, gpu?: Gpu): string {
  const catalog = catalogFor(cloud);
  // A cache node is sized by its memory; machines and database classes by vCPU and memory.
  const shape = table === "caches" ? { vcpu: 1, memoryGiB: found.memoryGiB } : { vcpu: found.vcpu, memoryGiB: found.memoryGiB };
  const want = table === "machines" ? (found.gpu ?? gpu) : undefined;
  const same = table === "databases" && catalog.sizeDatabase ? catalog.sizeDatabase(shape) : candidates(catalog[table], shape, want)[0];
  if (!same) return "";
  const size = table === "caches" ? `${shape.memoryGiB} GiB` : `${shape.vcpu} vCPU / ${shape.memoryGiB} GiB${want ? ` with ${want.count}× ${want.accelerator}` : ""}`;
  return ` (${size} on ${cloud}: ${same.name})`;
}

function a(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * Why an explicit type (an override such as `instanceType`) is not one `cloud` offers for `table`, naming the
 * nearest catalog names, or the cloud or table it belongs to; undefined when the catalog knows it.
 */
export function unknownType(cloud: Cloud, table: CatalogTable, name: string, gpu?: Gpu): UnknownType | undefined {
  if (lookupType(cloud, table, name)) return undefined;
  const what = TABLE_WHAT[table];
  const catalog = catalogFor(cloud);
  const names = catalog[table].map((t) => t.name);
  const rule = table === "databases" ? catalog.databaseClassNames : undefined;
  const nearest = rule ? [rule.nearest(name)].filter((n): n is string => n !== undefined) : nearestNames(name, names);
  const didYouMean = nearest.length > 0 ? `; did you mean ${nearest.join(", ")}?` : "";

  const clouds = Object.keys(catalogs) as Cloud[];
  for (const owner of [cloud, ...clouds.filter((c) => c !== cloud)]) {
    for (const other of TABLES) {
      if (owner === cloud && other === table) continue;
      const found = lookupType(owner, other, name);
      if (!found) continue;
      const belongs = `that is ${a(`${owner} ${TABLE_WHAT[other]}`)}`;
      return { kind: owner === cloud ? "other-table" : "other-cloud", message: `expected ${a(what)} on ${cloud}; ${belongs}${equivalentOf(cloud, table, found, gpu)}` };
    }
  }
  if (rule) return { kind: "unknown", message: `expected a ${cloud} database class: ${rule.rule}${didYouMean}` };
  const examples = nearest.length > 0 ? didYouMean : `, such as ${[...catalog[table]].filter((t) => SERVER_KINDS.includes(t.kind)).sort(byPrice).slice(0, 3).map((t) => t.name).join(", ")}`;
  return { kind: "unknown", message: `expected ${a(what)} the ${cloud} catalog lists${examples}` };
}

/**
 * Why a shape cannot be met on a cloud, or undefined when it can. An explicit override is checked here
 * only for a GPU mismatch; whether the catalog knows its name is `unknownType`'s question.
 */
export function shapeProblem(
  cloud: Cloud,
  table: CatalogTable,
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
    const known = lookupType(cloud, table, override);
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
