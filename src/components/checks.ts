import { shapeProblem } from "../catalog";
import type { Cloud } from "../core/cloud";
import type { Problem } from "../core/errors";
import type { Gpu, Shape } from "../model/common";

/** A catalog problem for a standalone component, at `path` (the shape) or at its override. */
export function checkCatalog(
  cloud: Cloud,
  table: "machines" | "databases" | "caches",
  shape: Shape,
  override: string | undefined,
  path: string,
  overridePath = "instanceType",
  gpu?: Gpu,
): Problem[] {
  const p = shapeProblem(cloud, table, shape, override, gpu);
  if (!p) return [];
  return [p.onOverride ? { path: overridePath, message: p.message, received: JSON.stringify(override) } : { path, message: p.message }];
}
