import { formatViolation, lint } from "../testing/lint";
import { readSynth } from "../testing/diff";
import type { SynthResult } from "../testing/synth";
import { UsageError, type Command } from "./io";

export const lintCommand: Command = {
  name: "lint",
  args: "PATH...",
  summary: "check synthesized stacks (a cdktf.out directory, a stack directory or a cdk.tf.json) against the pinned providers' schema rules; exit 1 on violations",
  run(paths, io) {
    if (paths.length === 0 || paths.some((p) => p.startsWith("-"))) throw new UsageError();
    const stacks: SynthResult = {};
    for (const path of paths) Object.assign(stacks, readSynth(path));
    const report = lint(stacks);
    for (const v of report.violations) io.stdout(`${formatViolation(v)}\n`);
    const count = Object.keys(stacks).length;
    const unchecked = report.unchecked.length ? `; no rules for ${report.unchecked.join(", ")}` : "";
    io.stderr(`tierform lint: ${report.violations.length} violation(s) in ${count} stack(s), ${report.checked} resources checked${unchecked}\n`);
    return report.violations.length > 0 ? 1 : 0;
  },
};
