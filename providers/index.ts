import type { Cloud } from "../src/core/cloud";
import type { CloudRenderers } from "../src/core/contracts";
import { aws } from "./aws";

/** One renderer set per cloud; adding a cloud to `CLOUDS` fails to compile until it is here. */
export const renderers = { aws } satisfies Record<Cloud, CloudRenderers>;

export function renderersFor(cloud: Cloud): CloudRenderers {
  return renderers[cloud];
}
