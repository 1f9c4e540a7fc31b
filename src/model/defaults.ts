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

/** The app every preset runs until the user names theirs: an unprivileged nginx on 8080 (the topology warns in production where it is deployed as a service). */
export const PLACEHOLDER_APP = {
  image: "nginxinc/nginx-unprivileged:1.27-alpine",
  port: 8080,
  healthCheckPath: "/",
} as const;
