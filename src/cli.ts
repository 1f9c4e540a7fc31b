#!/usr/bin/env node
// `tierform diff OLD NEW`: what changed between two synths; exit 1 when state would be lost.
// `tierform lint PATH…`: synthesized stacks against the pinned providers' schema rules; exit 1 on violations.
// `tierform cost DIR [--format text|json] [--usage FILE]`: monthly USD at min / start / max per environment, stack and component.
// `tierform diagram PATH [--stack NAME] [--out DIR]`: a Mermaid flowchart per environment.
// All exit 2 on bad input.
import { diagramCommand } from "./testing/diagram";
import { diffSynth, formatSummary, losesState, readSynth } from "./testing/diff";
import { formatViolation, lint } from "./testing/lint";
import type { SynthResult } from "./testing/synth";
import { estimateCost, formatCost } from "./cost/estimate";
import { readUsageFile } from "./cost/usage";
import { INIT_USAGE, initCommand } from "./init";

const USAGE = [
  "usage: tierform diff OLD_DIR NEW_DIR   what changed between two synths (cdktf.out of two commits); exit 1 when state would be lost",
  "       tierform lint PATH...           check synthesized stacks (a cdktf.out directory, a stack directory or a cdk.tf.json) against",
  "                                       the pinned providers' schema rules; exit 1 on violations",
  "       tierform diagram PATH [--stack NAME] [--out DIR]",
  "                                       Mermaid flowchart per environment of a synth (a cdktf.out directory, a stack directory",
  "                                       or a cdk.tf.json); NAME: one environment or stack; DIR: one <environment>.mmd each",
  "       tierform cost DIR [--format text|json] [--usage FILE]",
  "                                       monthly USD at min / start / max per environment, stack and component of a cdktf.out",
  `       ${INIT_USAGE}`,
].join("\n");

function diff(args: string[]): number {
  const [oldDir, newDir, ...rest] = args;
  if (!oldDir || !newDir || rest.length > 0) throw new UsageError();
  const summary = diffSynth(readSynth(oldDir), readSynth(newDir));
  process.stdout.write(`${formatSummary(summary)}\n`);
  return losesState(summary) ? 1 : 0;
}

function lintCommand(paths: string[]): number {
  if (paths.length === 0) throw new UsageError();
  const stacks: SynthResult = {};
  for (const path of paths) Object.assign(stacks, readSynth(path));
  const report = lint(stacks);
  for (const v of report.violations) process.stdout.write(`${formatViolation(v)}\n`);
  const count = Object.keys(stacks).length;
  const unchecked = report.unchecked.length ? `; no rules for ${report.unchecked.join(", ")}` : "";
  process.stderr.write(`tierform lint: ${report.violations.length} violation(s) in ${count} stack(s), ${report.checked} resources checked${unchecked}\n`);
  return report.violations.length > 0 ? 1 : 0;
}

function costCommand(args: string[]): number {
  const options: Record<string, string> = {};
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = /^--(format|usage)(?:=(.*))?$/.exec(arg);
    if (flag) {
      const value = flag[2] ?? args[++i];
      if (value === undefined) throw new UsageError();
      options[flag[1]!] = value;
    } else if (arg.startsWith("--")) throw new UsageError();
    else dirs.push(arg);
  }
  const format = options["format"] ?? "text";
  if (dirs.length !== 1 || (format !== "text" && format !== "json")) throw new UsageError();
  const usage = options["usage"] === undefined ? undefined : readUsageFile(options["usage"]);
  const synth = readSynth(dirs[0]!);
  const estimate = estimateCost(synth, usage ? { usage } : {});
  process.stdout.write(format === "json" ? `${JSON.stringify(estimate, null, 2)}\n` : `${formatCost(estimate)}\n`);
  return 0;
}

class UsageError extends Error {}

function main(argv: string[]): number {
  const [command, ...args] = argv;
  try {
    if (command === "diff") return diff(args);
    if (command === "lint") return lintCommand(args);
    if (command === "diagram") {
      if (args.length === 0) throw new UsageError();
      return diagramCommand(args, (text) => process.stdout.write(text));
    }
    if (command === "cost") return costCommand(args);
    if (command === "init") return initCommand(args);
    throw new UsageError();
  } catch (error) {
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    else process.stderr.write(`tierform ${command}: ${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
