// npm run bench: builds, then synthesizes the default app in fresh Node processes and reports
// wall time and peak memory (median of several runs). Targets from the project's issues.
import { execFileSync, spawnSync } from "node:child_process";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = Number(process.env.BENCH_TARGET_MS ?? 1000);
const TARGET_MB = Number(process.env.BENCH_TARGET_MB ?? 200);

execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });

const results = [];
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["dist/scripts/bench-target.js"], { encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  results.push({ wallMs, ...JSON.parse(r.stdout.trim().split("\n").pop()) });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wall = median(results.map((r) => r.wallMs));
const rss = Math.max(...results.map((r) => r.maxRssMB));
const { environments, stacks } = results[0];
console.log(`tierform bench: default app, ${environments} environments, ${stacks} stacks, ${RUNS} fresh processes`);
console.log(`  wall time  median ${wall.toFixed(0)} ms (runs: ${results.map((r) => r.wallMs.toFixed(0)).join(", ")})   target < ${TARGET_MS} ms: ${wall < TARGET_MS ? "OK" : "OVER"}`);
console.log(`  peak RSS   max ${rss} MB   target < ${TARGET_MB} MB: ${rss < TARGET_MB ? "OK" : "OVER"}`);
