// npm run bench: builds, then synthesizes the default app in fresh Node processes and reports median
// wall time and peak memory. Two cases: the AWS tier stacks alone (what an AWS-only user pays: no other
// provider is loaded), and every tier on every cloud.
import { execFileSync, spawnSync } from "node:child_process";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CASES = [
  { name: "AWS tier stacks", clouds: "aws", targetMs: 1000, targetMB: 200 },
  { name: "every tier on every cloud", clouds: undefined, targetMs: 1500, targetMB: 250 },
];

execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let over = false;
for (const c of CASES) {
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["dist/src/tools/bench-target.js", ...(c.clouds ? [c.clouds] : [])], { encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    results.push({ wallMs, ...JSON.parse(r.stdout.trim().split("\n").pop()) });
  }
  const wall = median(results.map((r) => r.wallMs));
  const rss = Math.max(...results.map((r) => r.maxRssMB));
  const { stacks, loadedProviders } = results[0];
  const ok = wall < c.targetMs && rss < c.targetMB;
  over ||= !ok;
  console.log(`${c.name}: ${stacks} stacks, providers loaded: ${loadedProviders.join(", ")}  (${RUNS} fresh processes)`);
  console.log(`  wall time median ${wall.toFixed(0)} ms (runs: ${results.map((r) => r.wallMs.toFixed(0)).join(", ")}), peak RSS ${rss} MB`);
  console.log(`  target < ${c.targetMs} ms and < ${c.targetMB} MB: ${ok ? "OK" : "OVER"}`);
}
if (over && process.env.BENCH_STRICT === "1") process.exit(1);
