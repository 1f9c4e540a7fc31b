import { initCommand as scaffold } from "../init";
import { UsageError, type Command } from "./io";

export const initCommand: Command = {
  name: "init",
  args: "[DIR] [--yaml]",
  summary: "scaffold a project in DIR (default: .): a compiled TypeScript app, cdktf.json, a snapshot test, .gitignore",
  details: ["--yaml: a YAML topology run by `tierform synth` instead of the TypeScript app", "refuses to overwrite any existing file (exit 2)"],
  run(args, io) {
    if (args.some((a) => a.startsWith("-") && a !== "--yaml")) throw new UsageError();
    return scaffold(args, { cwd: process.cwd(), out: io.stdout, err: io.stderr });
  },
};
