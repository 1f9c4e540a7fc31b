import type { z } from "zod";

/** One thing wrong with a user's input: where, what was received, what is allowed. */
export interface Problem {
  /** Dotted path into the input, e.g. `database.readReplicas` or `compute.nodePools[1].max`. */
  readonly path: string;
  /** What is allowed, in user terms (e.g. `expected an integer 0–5`). */
  readonly message: string;
  /** The value received, rendered compactly; absent when nothing was given. */
  readonly received?: string;
}

/**
 * Thrown for every invalid input, before any resource is created. Lists every problem at once.
 * Entry points catch it and print `message` without a stack trace (see `runApp`).
 */
export class TierformError extends Error {
  override readonly name = "TierformError";
  constructor(
    readonly subject: string,
    readonly problems: readonly Problem[],
  ) {
    super(formatProblems(subject, problems));
  }
}

export function formatProblems(subject: string, problems: readonly Problem[]): string {
  const head = `${subject}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return [head, ...problems.map((p) => `  - ${formatProblem(p)}`)].join("\n");
}

export function formatProblem(p: Problem): string {
  const where = p.path === "" ? "(root)" : p.path;
  return p.received === undefined ? `${where}: ${p.message}` : `${where}: ${p.message}, got ${p.received}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Renders a received value for an error line: short, single-line, never an object dump. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) {
    // Short lists of plain values are shown as they are (e.g. regions); anything else by its length.
    const plain = value.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
    const json = JSON.stringify(value);
    return plain && json.length <= 60 ? json : `a list of ${value.length}`;
  }
  return "an object";
}

type Issue = z.core.$ZodIssue & { input?: unknown };

/** Turns zod issues (parsed with `reportInput: true`) into problems, sorted by path for stable output. */
export function problemsFromZod(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Problem[] {
  // An unknown key is a problem at that key's own path (`database.replcas`), one per key.
  const perKey = issues.flatMap((issue): Issue[] =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => ({ ...issue, keys: [key], path: [...issue.path, key] })) : [issue],
  );
  const problems = perKey.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    const objectInput = typeof issue.input === "object" && issue.input !== null && !Array.isArray(issue.input);
    // Refinements receive the whole object they checked; "got an object" would say nothing.
    const noReceived =
      issue.code === "unrecognized_keys" || issue.input === undefined || (objectInput && (issue.code === "invalid_union" || issue.code === "custom"));
    return noReceived
      ? { path, message: issue.message }
      : { path, message: issue.message, received: formatValue(issue.input) };
  });
  return dedupe(problems);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
