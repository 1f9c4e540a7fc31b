// One fresh-process synth for `npm run bench`. Prints one JSON line.
// Argument: comma-separated clouds (default: every cloud) to synthesize the default app there, or
// `<tier>:<cloud>` (e.g. `large:aws`) for that one environment of the default app.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../core/tf";
import { CLOUDS, type Cloud } from "../core/cloud";
import { Environment } from "../stacks/environment";
import type { TierName } from "../../tiers";
import { defaultApp, demoTopology } from "../../examples/default-app";

const arg = process.argv[2];
const outdir = mkdtempSync(join(tmpdir(), "tierform-bench-"));
const app = new App({ outdir, stackTraces: false });
let environments: number;
if (arg?.includes(":")) {
  const [tier, cloud] = arg.split(":") as [TierName, Cloud];
  new Environment(app, `${tier}-${cloud}`, demoTopology(tier, cloud));
  environments = 1;
} else {
  environments = defaultApp(app, (arg?.split(",") ?? [...CLOUDS]) as Cloud[]).length;
}
app.synth();
const stacks = readdirSync(join(outdir, "stacks")).length;
rmSync(outdir, { recursive: true, force: true });
const loaded = Object.keys(require.cache);
const loadedProviders = [...new Set(loaded.flatMap((k) => /@cdktf\/provider-([a-z]+)\//.exec(k)?.[1] ?? []))].sort();
/** Modules of provider bindings loaded, per provider (each resource type is one module, plus its struct files). */
const providerModules = Object.fromEntries(loadedProviders.map((p) => [p, loaded.filter((k) => k.includes(`@cdktf/provider-${p}/`)).length]));
process.stdout.write(
  `${JSON.stringify({ environments, stacks, loadedProviders, providerModules, modules: loaded.length, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), uptimeMs: Math.round(process.uptime() * 1000) })}\n`,
);
