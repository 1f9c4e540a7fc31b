import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { TierformError } from "../core/errors";
import { costCommand } from "./cost";
import { diagramCommand } from "./diagram";
import { diffCommand } from "./diff";
import { initCommand } from "./init";
import { lintCommand } from "./lint";
import { schemaCommand } from "./schema";
import { synthCommand } from "./synth";
import { validateCommand } from "./validate";
import { UsageError, processIo, type Command, type Io } from "./io";

/**
 * Every command, in the order `tierform --help` lists them. A new command is a module exporting a `Command`
 * (see ./io.ts) and one entry here.
 */
export const COMMANDS: readonly Command[] = [
  // A new project
  initCommand,
  // Topology files
  synthCommand,
  validateCommand,
  schemaCommand,
  // Synthesized Terraform (a cdktf.out directory)
  diffCommand,
  lintCommand,
  costCommand,
  diagramCommand,
];

const HELP = ["-h", "--help"];

/** `tierform <command> …` for one command: its synopsis, summary and details. */
export function commandUsage(c: Command): string {
  return [`usage: tierform ${c.name} ${c.args}`.trimEnd(), "", `  ${c.summary}`, ...(c.details ?? []).map((d) => `  ${d}`)].join("\n");
}

/** The whole usage text: one line per command. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "usage: tierform <command> [arguments]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.args}\n  ${" ".repeat(width)}  ${c.summary}`),
    "",
    "tierform <command> --help   that command's usage",
    "tierform --version          the installed version",
  ].join("\n");
}

/** The version in tierform's package.json (found upwards from this module, in src/ or dist/src/). */
export function version(): string {
  let dir = __dirname;
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "tierform" && pkg.version) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) return "unknown";
    dir = up;
  }
}

/**
 * Runs the CLI: returns the exit code. 0 ok; 1 the input has problems (or what the command checks failed);
 * 2 wrong arguments or unreadable input.
 */
export function main(argv: readonly string[], io: Io = processIo): number {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(`${usage()}\n`);
    return 2;
  }
  if (HELP.includes(name)) {
    io.stdout(`${usage()}\n`);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`tierform: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  if (args.some((a) => HELP.includes(a))) {
    io.stdout(`${commandUsage(command)}\n`);
    return 0;
  }
  try {
    return command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message ? `tierform ${name}: ${error.message}\n` : ""}${commandUsage(command)}\n`);
    } else if (error instanceof TierformError) {
      io.stderr(`${error.message}\n`);
      return 1;
    } else if (error instanceof Error && !isBug(error)) {
      io.stderr(`tierform ${name}: ${error.message}\n`);
    } else throw error;
    return 2;
  }
}

/** Errors that are tierform's fault keep their stack trace; a missing file or bad argument is the user's. */
function isBug(error: Error): boolean {
  return error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError;
}
