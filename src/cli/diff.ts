import { diffSynth, formatSummary, losesState, readSynth } from "../testing/diff";
import { UsageError, type Command } from "./io";

export const diffCommand: Command = {
  name: "diff",
  args: "OLD_DIR NEW_DIR",
  summary: "what changed between two synths (cdktf.out of two commits); exit 1 when state would be lost",
  run(args, io) {
    const [oldDir, newDir, ...rest] = args;
    if (!oldDir || !newDir || rest.length > 0 || args.some((a) => a.startsWith("-"))) throw new UsageError();
    const summary = diffSynth(readSynth(oldDir), readSynth(newDir));
    io.stdout(`${formatSummary(summary)}\n`);
    return losesState(summary) ? 1 : 0;
  },
};
