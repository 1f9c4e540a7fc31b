import { writeFileSync } from "node:fs";
import { topologyJsonSchema } from "../model/topology";
import { topologyFileJsonSchema } from "../stacks/file-schema";
import { stableJson } from "../testing/stable";
import { UsageError, parseArgs, type Command } from "./io";

export const schemaCommand: Command = {
  name: "schema",
  args: "[-o FILE] [--topology]",
  summary: "the JSON Schema of topology files, for editors (to stdout, or FILE)",
  details: [
    "First line of a topology file: # yaml-language-server: $schema=./tierform.schema.json",
    "--topology: the schema of one topology (a TypeScript object or one environment) instead of a whole file",
  ],
  run(args, io) {
    const topologyOnly = args.includes("--topology");
    const { positional, options } = parseArgs(
      args.filter((a) => a !== "--topology"),
      { "-o": "out", "--out": "out", "--output": "out" },
    );
    if (positional.length > 0) throw new UsageError();
    const json = stableJson(topologyOnly ? topologyJsonSchema() : topologyFileJsonSchema());
    if (options["out"] === undefined) io.stdout(json.endsWith("\n") ? json : `${json}\n`);
    else {
      writeFileSync(options["out"], json.endsWith("\n") ? json : `${json}\n`);
      io.stderr(`wrote ${options["out"]}\n`);
    }
    return 0;
  },
};
