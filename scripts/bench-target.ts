// One fresh-process synth of the default app, for `npm run bench`. Prints one JSON line.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../src/core/tf";
import { defaultApp } from "../examples/default-app";

const outdir = mkdtempSync(join(tmpdir(), "tierform-bench-"));
const app = new App({ outdir, stackTraces: false });
const environments = defaultApp(app);
app.synth();
const stacks = readdirSync(join(outdir, "stacks")).length;
rmSync(outdir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ environments: environments.length, stacks, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), uptimeMs: Math.round(process.uptime() * 1000) })}\n`,
);
