import type { Accelerator } from "../model/common";
import type { RegionInfo } from "./types";

/**
 * Accelerator zones tierform could not verify for a region: every zone of the region, marked unverified, so
 * GPU pools keep spanning all of them (a pool is never restricted on a guess).
 */
export function unverifiedAcceleratorZones(zones: readonly string[], accelerators: readonly Accelerator[]): RegionInfo["accelerators"] {
  return Object.fromEntries(accelerators.map((a) => [a, { zones: [...zones], verified: false }]));
}

/** Adds unverified accelerator zones to regions given as `{ zones, code }`. */
export function withUnverifiedAccelerators(
  regions: Readonly<Record<string, Omit<RegionInfo, "accelerators">>>,
  accelerators: readonly Accelerator[],
): Record<string, RegionInfo> {
  return Object.fromEntries(Object.entries(regions).map(([name, r]) => [name, { ...r, accelerators: unverifiedAcceleratorZones(r.zones, accelerators) }]));
}
