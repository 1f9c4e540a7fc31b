import type { Cloud } from "../src/core/cloud";
import type { CloudRenderers } from "../src/core/contracts";

/**
 * Each cloud's renderers, loaded on first use: an app that only targets AWS never loads Google or Azure
 * code (provider bindings are large; loading them costs time and memory). Adding a cloud to `CLOUDS`
 * fails to compile until it has a loader here.
 */
const loaders = {
  aws: () => (require("./aws") as typeof import("./aws")).aws,
  gcp: () => (require("./gcp") as typeof import("./gcp")).gcp,
  azure: () => (require("./azure") as typeof import("./azure")).azure,
} satisfies Record<Cloud, () => CloudRenderers>;

const loaded: Partial<Record<Cloud, CloudRenderers>> = {};

export function renderersFor(cloud: Cloud): CloudRenderers {
  return (loaded[cloud] ??= loaders[cloud]());
}
