import { estimateCost, formatCost } from "../cost/estimate";
import { readUsageFile } from "../cost/usage";
import { readSynth } from "../testing/diff";
import { UsageError, parseArgs, type Command } from "./io";

export const costCommand: Command = {
  name: "cost",
  args: "DIR [--format text|json] [--usage FILE]",
  summary: "monthly USD at min / start / max per environment, stack and component of a cdktf.out",
  details: ["--usage FILE: usage assumptions (JSON) instead of each tier's defaults"],
  run(args, io) {
    const { positional, options } = parseArgs(args, { "--format": "format", "--usage": "usage" });
    const format = options["format"] ?? "text";
    if (positional.length !== 1 || (format !== "text" && format !== "json")) throw new UsageError();
    const usage = options["usage"] === undefined ? undefined : readUsageFile(options["usage"]);
    const estimate = estimateCost(readSynth(positional[0]!), usage ? { usage } : {});
    io.stdout(format === "json" ? `${JSON.stringify(estimate, null, 2)}\n` : `${formatCost(estimate)}\n`);
    return 0;
  },
};
