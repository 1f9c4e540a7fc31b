import { rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "../src/core/tf";
import { runApp } from "../src/core/run";
import { defaultApp } from "./default-app";

// `npm run synth` / `npx cdktf synth`: synthesizes every tier into cdktf.out, no cloud account needed.
runApp(() => {
  const app = new App();
  // cdktf adds to its output directory: clear old stacks so a renamed or removed stack does not linger.
  rmSync(join(app.outdir, "stacks"), { recursive: true, force: true });
  defaultApp(app);
  app.synth();
});
