import { diagramCommand as diagram } from "../testing/diagram";
import { UsageError, type Command } from "./io";

export const diagramCommand: Command = {
  name: "diagram",
  args: "PATH [--stack NAME] [--out DIR]",
  summary: "a Mermaid flowchart per environment of a synth (a cdktf.out directory, a stack directory or a cdk.tf.json)",
  details: ["--stack NAME: one environment or stack; --out DIR: one <environment>.mmd each instead of stdout"],
  run(args, io) {
    if (args.length === 0) throw new UsageError();
    return diagram(args, io.stdout);
  },
};
