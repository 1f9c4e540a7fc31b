import { describe, expect, it } from "vitest";
import { CLOUDS, type Cloud } from "../src/core/cloud";
import { sizeCache, sizeDatabase, sizeMachine, type SizedMachine } from "../src/plan/sizing";
import { TIER_NAMES, presets } from "../tiers";

/** What each cloud resolves a tier's machines to. */
function resolved(tier: (typeof TIER_NAMES)[number], cloud: Cloud): Record<string, SizedMachine> {
  const p = presets[tier];
  const out: Record<string, SizedMachine> = {};
  const c = p.compute;
  if (c.kind === "vm") out["servers"] = sizeMachine(cloud, c.shape);
  else if (c.kind === "kubernetes") for (const pool of c.nodePools) out[`pool ${pool.name}`] = sizeMachine(cloud, pool.shape, undefined, pool.gpu && { accelerator: pool.gpu.accelerator, count: pool.gpu.count ?? 1 });
  if (p.database) out["database"] = sizeDatabase(cloud, p.database.shape);
  return out;
}

// Every tier gets comparable machines on every cloud: each meets the request, GPUs are identical, and no
// cloud gets more than twice the vCPUs or memory of another for the same request.
describe.each(TIER_NAMES)("%s: machines are comparable across clouds", (tier) => {
  const byCloud = Object.fromEntries(CLOUDS.map((cloud) => [cloud, resolved(tier, cloud)])) as Record<Cloud, Record<string, SizedMachine>>;
  const components = Object.keys(byCloud[CLOUDS[0]]);
  it.each(components)("%s", (component) => {
    const infos = CLOUDS.map((cloud) => byCloud[cloud][component]!.info!);
    for (const info of infos) expect(info, component).toBeDefined();
    const vcpus = infos.map((i) => i.vcpu);
    const mems = infos.map((i) => i.memoryGiB);
    expect(Math.max(...vcpus) / Math.min(...vcpus)).toBeLessThanOrEqual(2);
    expect(Math.max(...mems) / Math.min(...mems)).toBeLessThanOrEqual(2);
    expect(new Set(infos.map((i) => (i.gpu ? `${i.gpu.count}x${i.gpu.accelerator}` : "none"))).size).toBe(1);
  });

  it("caches hold at least the requested memory everywhere", () => {
    const cache = presets[tier].cache;
    if (!cache) return;
    for (const cloud of CLOUDS) {
      expect(sizeCache(cloud, cache.memoryGiB, undefined, cache.mode).info!.memoryGiB, cloud).toBeGreaterThanOrEqual(cache.memoryGiB);
    }
  });
});
