// Run by test/loading.test.ts in a fresh process (tsx): synthesizes environments of the default app one after
// another and prints, after each step, which provider binding modules the process has loaded so far.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../src/core/tf";
import { CLOUDS } from "../src/core/cloud";
import { Environment } from "../src/stacks/environment";
import { TIER_NAMES } from "../tiers";
import { demoContainersTopology, demoTopology } from "../examples/default-app";

const loaded = () => Object.keys(require.cache).flatMap((k) => /@cdktf\/(provider-[a-z]+\/lib\/[a-z0-9-]+)\//.exec(k)?.[1] ?? []);
const steps: { step: string; modules: string[] }[] = [];
const outdir = mkdtempSync(join(tmpdir(), "tierform-loading-"));
try {
  const done = new Set<string>();
  const synth = (step: string, environments: readonly (readonly [(typeof TIER_NAMES)[number], (typeof CLOUDS)[number]])[]) => {
    const app = new App({ outdir, stackTraces: false });
    for (const [tier, cloud] of environments) {
      if (done.has(`${tier}-${cloud}`)) continue;
      done.add(`${tier}-${cloud}`);
      new Environment(app, `${tier}-${cloud}`, demoTopology(tier, cloud));
    }
    app.synth();
    steps.push({ step, modules: [...new Set(loaded())].sort() });
  };
  synth("small aws", [["small", "aws"]]);
  {
    // Then medium on serverless containers (ECS on Fargate), before any Kubernetes tier.
    const app = new App({ outdir, stackTraces: false });
    new Environment(app, "medium-containers-aws", demoContainersTopology("aws"));
    app.synth();
    steps.push({ step: "small and containers aws", modules: [...new Set(loaded())].sort() });
  }
  synth("large aws", [["large", "aws"]]);
  synth("every aws tier", TIER_NAMES.map((tier) => [tier, "aws"] as const));
  synth("small on every cloud", CLOUDS.map((cloud) => ["small", cloud] as const));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(steps)}\n`);
