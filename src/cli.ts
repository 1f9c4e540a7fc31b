#!/usr/bin/env node
// `tierform diff OLD_DIR NEW_DIR`: what changed between two synths; exits 1 when state would be lost.
import { diffSynth, formatSummary, losesState, readSynth } from "./testing/diff";

const USAGE = "usage: tierform diff OLD_DIR NEW_DIR   (cdktf output directories, e.g. cdktf.out from two commits)";

function main(argv: string[]): number {
  const [command, oldDir, newDir, ...rest] = argv;
  if (command !== "diff" || !oldDir || !newDir || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const summary = diffSynth(readSynth(oldDir), readSynth(newDir));
    process.stdout.write(`${formatSummary(summary)}\n`);
    return losesState(summary) ? 1 : 0;
  } catch (error) {
    process.stderr.write(`tierform diff: ${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
