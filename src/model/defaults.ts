import type { Taint } from "./compute";

/** Keeps pods off GPU nodes unless they tolerate it (pods that request GPUs get the toleration). */
export const GPU_TAINT: Taint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" };
/** Spot capacity is opt-in: only pods that tolerate reclaims run there. */
export const SPOT_TAINT: Taint = { key: "spot", value: "true", effect: "NoSchedule" };

/** Taints a node pool gets from its role unless it names its own. */
export const ROLE_TAINTS: Readonly<Record<"general" | "gpu" | "spot" | "memory", readonly Taint[]>> = {
  general: [],
  gpu: [GPU_TAINT],
  spot: [SPOT_TAINT],
  memory: [],
};
