import { readFileSync } from "node:fs";

/** Where a command writes; `main` takes one so tests run the CLI in-process. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A file's text; a missing or unreadable file is one line naming it (exit 2), not a stack trace. */
export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === "ENOENT" ? "no such file or directory" : code === "EISDIR" ? "a directory, not a file" : (error as Error).message}`);
  }
}

/** Wrong arguments: the command's usage goes to stderr, exit 2. */
export class UsageError extends Error {
  constructor(message = "") {
    super(message);
  }
}

/** One CLI command. `usage` is its synopsis (first line) and description (following lines). */
export interface Command {
  readonly name: string;
  /** `tierform <name> …`: the arguments part, e.g. `FILE [-o DIR]`. */
  readonly args: string;
  /** One line for the command table. */
  readonly summary: string;
  /** Further lines for `tierform <name> --help`. */
  readonly details?: readonly string[];
  readonly run: (args: readonly string[], io: Io) => number;
}

/**
 * Splits arguments into positionals and `--flag VALUE` / `--flag=VALUE` / `-f VALUE` options.
 * `flags` maps every accepted spelling to its option name; anything else starting with `-` is a usage error.
 */
export function parseArgs(args: readonly string[], flags: Readonly<Record<string, string>>): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const spelled = eq > 0 ? arg.slice(0, eq) : arg;
    const name = flags[spelled];
    if (name === undefined) throw new UsageError(`unknown option ${spelled}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${spelled} needs a value`);
    options[name] = value;
  }
  return { positional, options };
}
