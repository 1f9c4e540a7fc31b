import { catalogFor, regionInfo } from "../catalog";
import type { Cloud } from "../core/cloud";
import { PRIVATE_RANGES, parseCidr } from "../model/network";
import { cidrRange, toCidr } from "./subnets";

/** One region of a topology: where its network sits in the address plan. */
export interface RegionPlan {
  readonly region: string;
  /** Short code that names the region's stacks and resources (`acme-prod-usw2-…`). */
  readonly code: string;
  /** The region's own network block, the same size as `network.cidr`. */
  readonly cidr: string;
  readonly primary: boolean;
}

/** RFC 1918 ranges: a region block never leaves the one the base network starts in. */
const PRIVATE = PRIVATE_RANGES.map(cidrRange);

/** The range region blocks must stay inside: the base's RFC 1918 range, else its /8. */
function enclosing(base: number): [number, number] {
  const range = PRIVATE.find(([first, last]) => base >= first && base <= last);
  if (range) return range;
  const first = Math.floor(base / 2 ** 24) * 2 ** 24;
  return [first, first + 2 ** 24 - 1];
}

/**
 * Why `count` consecutive blocks the size of `cidr` do not fit, or undefined when they do. The model
 * reports this as an error on `network.cidr` before anything is planned.
 */
export function regionBlocksProblem(cidr: string, count: number): string | undefined {
  const parsed = parseCidr(cidr);
  if (!parsed) return `invalid CIDR ${cidr}`;
  const [base, prefix] = parsed;
  const size = 2 ** (32 - prefix);
  const [first, last] = enclosing(base);
  if (base + count * size - 1 > last) {
    const fits = Math.floor((last - base + 1) / size);
    const range = toCidr(first, 32 - Math.log2(last - first + 1));
    return `expected room for ${count} consecutive /${prefix} blocks (one per region) inside ${range}; from ${cidr} only ${fits} fit`;
  }
  return undefined;
}

/** The address block of each of `count` regions: `cidr`, then the next blocks of the same size. */
export function regionBlocks(cidr: string, count: number): string[] {
  const [base, prefix] = parseCidr(cidr)!;
  const size = 2 ** (32 - prefix);
  return Array.from({ length: count }, (_, i) => toCidr(base + i * size, prefix));
}

/**
 * Plans the regions: the primary gets `network.cidr`, each secondary the next block of the same size, in
 * the order given. Blocks never overlap, so the regions can be peered or joined to a transit network
 * later; adding a region at the end never moves an existing one.
 */
export function planRegions(cloud: Cloud, cidr: string, regions: readonly string[]): RegionPlan[] {
  const problem = regionBlocksProblem(cidr, regions.length);
  if (problem) throw new Error(`planRegions: ${problem} (a bug: the model should prevent this)`);
  const blocks = regionBlocks(cidr, regions.length);
  const catalog = catalogFor(cloud);
  return regions.map((region, i) => {
    const info = regionInfo(catalog, region);
    if (!info) throw new Error(`planRegions: unknown ${cloud} region ${region} (a bug: the model should prevent this)`);
    return { region, code: info.code, cidr: blocks[i]!, primary: i === 0 };
  });
}
