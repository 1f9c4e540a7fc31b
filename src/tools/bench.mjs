// npm run bench: builds, then synthesizes in fresh Node processes and reports, per case, the median wall time
// of the whole process, its range (min–max over the runs) and the peak memory. Cases:
// - one large AWS environment against the hand-written stack of the same shape (src/tools/bench/proto-large-aws.js),
//   runs alternated so both see the same machine load; the ratio of the medians is the figure that matters;
// - one small AWS environment (what a VM-tier user pays);
// - the AWS tier stacks alone (what an AWS-only user pays: no other provider is loaded);
// - every tier on every cloud.
// BENCH_RUNS (default 7) fresh processes per case; BENCH_STRICT=1 fails when a target is missed.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PROTO = join("src", "tools", "bench", "proto-large-aws.js");
const PROTO_RSS = join("src", "tools", "bench", "rss.cjs");
const RATIO_TARGET = 1.1;

execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
execFileSync(process.execPath, [join("src", "tools", "copy-rules.mjs")], { stdio: "inherit" });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** One fresh process: wall time as the parent sees it (start-up, loading, synth, exit) plus what it reports. */
function run(args, env = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, ...env } });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  return { wallMs, ...JSON.parse(r.stdout.trim().split("\n").pop()) };
}
const tierform = (arg) => () => run(["dist/src/tools/bench-target.js", ...(arg ? [arg] : [])]);
function proto() {
  const outdir = mkdtempSync(join(tmpdir(), "tierform-proto-"));
  try {
    return run(["-r", `./${PROTO_RSS}`, PROTO], { OUTDIR: outdir });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs the samplers alternately, RUNS times each, after one unmeasured warm-up each (file cache). */
function measure(...samplers) {
  for (const s of samplers) s();
  const results = samplers.map(() => []);
  for (let i = 0; i < RUNS; i++) samplers.forEach((s, j) => results[j].push(s()));
  return results.map((rs) => ({
    median: median(rs.map((r) => r.wallMs)),
    range: range(rs.map((r) => r.wallMs)),
    rss: Math.max(...rs.map((r) => r.maxRssMB)),
    first: rs[0],
  }));
}
const modules = (r) => Object.entries(r.providerModules ?? {}).map(([p, n]) => `${p} ${n}`).join(", ");
const line = (label, m) => `  ${label.padEnd(9)} median ${m.median.toFixed(0)} ms (range ${m.range}), peak RSS ${m.rss} MB`;

let over = false;
console.log(`${RUNS} fresh processes per case (node ${process.version}, ${process.platform}).`);

{
  const [t, p] = measure(tierform("large:aws"), proto);
  const ratio = t.median / p.median;
  const ok = ratio <= RATIO_TARGET;
  over ||= !ok;
  console.log(`one large AWS environment (${t.first.stacks} stacks) vs the hand-written stack (${PROTO}), alternated:`);
  console.log(line("tierform", t) + `; provider modules: ${modules(t.first)}`);
  console.log(line("proto", p));
  console.log(`  ratio ${ratio.toFixed(2)}× (target ≤ ${RATIO_TARGET}×): ${ok ? "OK" : "OVER"}`);
}

const CASES = [
  { name: "one small AWS environment", arg: "small:aws" },
  { name: "AWS tier stacks", arg: "aws", targetMs: 1000, targetMB: 200 },
  { name: "every tier on every cloud", arg: undefined, targetMs: 1500, targetMB: 250 },
];
for (const c of CASES) {
  const [m] = measure(tierform(c.arg));
  console.log(`${c.name}: ${m.first.stacks} stacks; provider modules: ${modules(m.first)}`);
  console.log(line("", m).replace(/^ {2} +/, "  "));
  if (c.targetMs) {
    const ok = m.median < c.targetMs && m.rss < c.targetMB;
    over ||= !ok;
    console.log(`  target < ${c.targetMs} ms and < ${c.targetMB} MB: ${ok ? "OK" : "OVER"}`);
  }
}
if (over && process.env.BENCH_STRICT === "1") process.exit(1);
