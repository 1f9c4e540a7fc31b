import { catalogFor, findType, lookupType, resolveCacheNode, resolveMachine, candidates, type MachineType } from "../catalog";
import type { Cloud } from "../core/cloud";
import type { CacheMode } from "../model/cache";
import type { Gpu, Shape } from "../model/common";

export interface SizedMachine {
  /** The type to use first. */
  readonly type: string;
  /** Same-size alternatives, cheapest first (spot pools spread across them). Includes `type`. */
  readonly alternatives: readonly string[];
  /**
   * What the catalog knows about `type`. Absent only for an explicit type the catalog does not list, which the
   * model admits when the user lists it in `catalog.allowMachineTypes`: the planner then takes the request (the
   * shape, GPU or cache memory the user wrote) as the machine's capability, and the type as its own only
   * alternative.
   */
  readonly info?: MachineType;
}

function sized(chosen: MachineType | undefined, name: string, alternatives: readonly string[]): SizedMachine {
  return chosen ? { type: name, alternatives, info: chosen } : { type: name, alternatives };
}

/** Machine for VMs and node pools: an explicit override, else the cheapest that meets the shape. */
export function sizeMachine(cloud: Cloud, shape: Shape, override?: string, gpu?: Gpu): SizedMachine {
  const table = catalogFor(cloud).machines;
  if (override) return sized(findType(table, override), override, [override]);
  const r = resolveMachine(table, shape, { what: "machine type", ...(gpu ? { gpu } : {}) });
  if (!r.ok) throw new Error(`tierform: ${r.message} (a bug: the model should have rejected this)`);
  // Alternatives: same vCPU and memory as the choice, so a spot pool's nodes are interchangeable.
  const same = candidates(table, shape, gpu).filter((t) => t.vcpu === r.type.vcpu && t.memoryGiB === r.type.memoryGiB);
  return sized(r.type, r.type.name, same.slice(0, 3).map((t) => t.name));
}

export function sizeDatabase(cloud: Cloud, shape: Shape, override?: string): SizedMachine {
  const catalog = catalogFor(cloud);
  const table = catalog.databases;
  if (override) return sized(lookupType(cloud, "databases", override), override, [override]);
  if (catalog.sizeDatabase) {
    const tier = catalog.sizeDatabase(shape);
    if (!tier) throw new Error(`tierform: no database class meets ${shape.vcpu} vCPU / ${shape.memoryGiB} GiB (a bug: the model should have rejected this)`);
    return sized(tier, tier.name, [tier.name]);
  }
  const r = resolveMachine(table, shape, { what: "database class" });
  if (!r.ok) throw new Error(`tierform: ${r.message} (a bug: the model should have rejected this)`);
  return sized(r.type, r.type.name, [r.type.name]);
}

/** Cache node (or, where the cloud sizes non-sharded Redis by memory, the instance size) for a request. */
export function sizeCache(cloud: Cloud, memoryGiB: number, override?: string, mode: CacheMode = "cluster"): SizedMachine {
  const catalog = catalogFor(cloud);
  if (mode !== "cluster" && catalog.cacheInstance && !override) {
    const instance = catalog.cacheInstance(memoryGiB);
    return sized(instance, instance.name, [instance.name]);
  }
  const table = catalog.caches;
  if (override) return sized(findType(table, override), override, [override]);
  const r = resolveCacheNode(table, memoryGiB);
  if (!r.ok) throw new Error(`tierform: ${r.message} (a bug: the model should have rejected this)`);
  return sized(r.type, r.type.name, [r.type.name]);
}
