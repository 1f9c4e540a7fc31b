// One fresh-process synth of the default app, for `npm run bench`. Prints one JSON line.
// Argument: comma-separated clouds (default: every cloud).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../core/tf";
import { CLOUDS, type Cloud } from "../core/cloud";
import { defaultApp } from "../../examples/default-app";

const clouds = (process.argv[2]?.split(",") ?? [...CLOUDS]) as Cloud[];
const outdir = mkdtempSync(join(tmpdir(), "tierform-bench-"));
const app = new App({ outdir, stackTraces: false });
const environments = defaultApp(app, clouds);
app.synth();
const stacks = readdirSync(join(outdir, "stacks")).length;
rmSync(outdir, { recursive: true, force: true });
const loadedProviders = [...new Set(Object.keys(require.cache).flatMap((k) => /@cdktf\/provider-([a-z]+)\//.exec(k)?.[1] ?? []))].sort();
process.stdout.write(
  `${JSON.stringify({ environments: environments.length, stacks, loadedProviders, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), uptimeMs: Math.round(process.uptime() * 1000) })}\n`,
);
