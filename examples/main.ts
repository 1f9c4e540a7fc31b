import { rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "../src/core/tf";
import { runApp } from "../src/core/run";
import { defaultApp } from "./default-app";

// `npm run synth` / `npx cdktf synth`: synthesizes every tier into cdktf.out, no cloud account needed.
runApp(() => {
  // cdktf adds to its output directory: clear old stacks so a renamed or removed stack does not linger.
  rmSync(join(process.env["CDKTF_OUTDIR"] ?? "cdktf.out", "stacks"), { recursive: true, force: true });
  const app = new App();
  defaultApp(app);
  app.synth();
});
