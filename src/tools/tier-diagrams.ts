// The README's architecture diagrams: each tier of the default app on one cloud, drawn by `diagram()` from its synth.
import { demoTopology } from "../../examples/default-app";
import type { Cloud } from "../core/cloud";
import { Testing } from "../core/tf";
import { Environment } from "../stacks/environment";
import { diagram, synthesize } from "../testing";
import { TIER_NAMES } from "../../tiers";

export function tierDiagrams(cloud: Cloud = "aws"): string {
  return TIER_NAMES.map((tier) => {
    const env = new Environment(Testing.app(), `${tier}-${cloud}`, demoTopology(tier, cloud));
    const [[name, text]] = Object.entries(diagram(synthesize(env))) as [[string, string]];
    return `**${tier}** (\`${name}\`)\n\n\`\`\`mermaid\n${text}\`\`\``;
  }).join("\n\n");
}
