import { acceleratorZones, catalogFor } from "../catalog";
import type { Cloud } from "../core/cloud";
import type { Accelerator, Gpu } from "../model/common";

/** What a node pool's placement depends on: its GPU request. */
export interface PoolPlacementInput {
  readonly gpu?: Gpu | undefined;
}

/** Where a pool's nodes may run, or why nowhere in the region can. */
export type PoolZones =
  | {
      readonly ok: true;
      /** The zones the pool spans: the network's zones, restricted to those offering its accelerator. */
      readonly zones: readonly string[];
      /** The accelerator that restricted them, when the pool has one. */
      readonly accelerator?: Accelerator;
      /** False when the catalog could not verify the accelerator's zones in this region (every zone kept). */
      readonly verified: boolean;
    }
  | { readonly ok: false; readonly accelerator: Accelerator; readonly message: string };

/**
 * The accelerator a pool's nodes carry: its GPU request (the model allows one on gpu pools only). A machine
 * type named on another pool does not count: on GCP the T4 is attached to an N1 machine only when asked for,
 * so `n1-standard-4` alone is a CPU machine.
 */
export function poolAccelerator(pool: PoolPlacementInput): Accelerator | undefined {
  return pool.gpu?.accelerator;
}

/** The catalog regions whose zones offer an accelerator, for error messages: "us-central1 (a, b, c), …". */
function regionsOffering(cloud: Cloud, accelerator: Accelerator): string {
  const offering = Object.entries(catalogFor(cloud).regions)
    .filter(([, info]) => (info.accelerators[accelerator]?.zones.length ?? 0) > 0)
    .map(([region, info]) => `${region} (${info.accelerators[accelerator]!.zones.join(", ")})`);
  return offering.length ? offering.join("; ") : "none";
}

/**
 * Plans a node pool's zones in one region. CPU pools span every zone of the network. Pools with an
 * accelerator span only the network's zones that offer it, in the network's order; when none does, the
 * result says which zones of the region (or which regions) do.
 */
export function planPoolZones(cloud: Cloud, region: string, networkZones: readonly string[], pool: PoolPlacementInput): PoolZones {
  const accelerator = poolAccelerator(pool);
  if (!accelerator) return { ok: true, zones: networkZones, verified: true };
  const offered = acceleratorZones(catalogFor(cloud), region, accelerator);
  // Not offered on the cloud at all, or an unknown region: reported elsewhere; nothing to restrict by.
  if (!offered) return { ok: true, zones: networkZones, accelerator, verified: false };
  // Unverified data lists every zone of the region: keep the network's zones as they are.
  if (!offered.verified) return { ok: true, zones: networkZones, accelerator, verified: false };
  const zones = networkZones.filter((z) => offered.zones.includes(z));
  if (zones.length > 0) return { ok: true, zones, accelerator, verified: true };
  const elsewhere = offered.zones.length
    ? `${region} offers it only in ${offered.zones.join(", ")}, outside the network's zones (raise network.zones, or pick another accelerator)`
    : `${region} offers it in no zone; regions that do: ${regionsOffering(cloud, accelerator)}`;
  return {
    ok: false,
    accelerator,
    message: `expected an accelerator offered in the zones the network uses in ${region} (${networkZones.join(", ")}): "${accelerator}" is not; ${elsewhere}`,
  };
}

/**
 * How many zones a pool should span: one per node of its minimum, and at least two (a zone outage must not
 * take every node) — never more than the network has.
 */
export function zonesWanted(networkZones: number, min: number): number {
  return Math.min(networkZones, Math.max(min, 2));
}
