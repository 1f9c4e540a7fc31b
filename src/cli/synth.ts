import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "../core/tf";
import { TierformError } from "../core/errors";
import { formatFileWarning, parseTopologyFile, synthTopologies } from "../stacks/topology-file";
import { UsageError, readText, parseArgs, type Command } from "./io";

export const synthCommand: Command = {
  name: "synth",
  args: "FILE [-o DIR]",
  summary: "synthesize every environment of a YAML or JSON topology file into DIR (default: $CDKTF_OUTDIR, else cdktf.out); exit 1 on invalid input",
  details: [
    'As the app of cdktf.json: "app": "npx tierform synth tierform.yaml" (cdktf passes its output directory in CDKTF_OUTDIR).',
    "Warnings go to stderr with their file positions (under cdktf, which shows them as the stacks' annotations, they are not printed twice).",
  ],
  run(args, io) {
    const { positional, options } = parseArgs(args, { "-o": "out", "--out": "out", "--output": "out" });
    if (positional.length !== 1) throw new UsageError();
    const file = positional[0]!;
    const text = readText(file);
    try {
      const environments = parseTopologyFile(text, file);
      const outdir = options["out"] ?? process.env["CDKTF_OUTDIR"] ?? "cdktf.out";
      // cdktf adds to its output directory: clear old stacks so a renamed or removed environment does not linger.
      rmSync(join(outdir, "stacks"), { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      const app = new App({ outdir });
      const built = synthTopologies(app, environments, { text, name: file });
      app.synth();
      // Run by cdktf (its CDKTF_OUTDIR, no -o), the stacks' annotations already show each warning, and cdktf would label
      // these stderr lines [ERROR]: print them only when run by hand.
      const underCdktf = options["out"] === undefined && process.env["CDKTF_OUTDIR"] !== undefined;
      if (!underCdktf) for (const e of environments) for (const w of e.warnings) io.stderr(`${formatFileWarning(w)}\n`);
      const stacks = built.flatMap((env) => env.node.children.map((c) => c.node.id));
      io.stdout(`synthesized ${built.length} environment${built.length === 1 ? "" : "s"} (${stacks.length} stacks) into ${outdir}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof TierformError)) throw error;
      io.stderr(`${error.message}\n`);
      return 1;
    }
  },
};
