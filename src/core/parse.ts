import type { z } from "zod";
import { PARSE_OPTIONS } from "../model/common";
import { TierformError, formatPath, problemsFromZod, type Problem } from "./errors";

/**
 * Own `__proto__` keys anywhere in the input (a parsed JSON or YAML file holds them as keys). zod drops them
 * without a word, and a JavaScript object cannot keep one by assignment, so they are reported here.
 */
export function prototypeKeyProblems(input: unknown, path: PropertyKey[] = [], seen = new Set<object>()): Problem[] {
  if (typeof input !== "object" || input === null || seen.has(input)) return [];
  seen.add(input);
  const entries: [PropertyKey, unknown][] = Array.isArray(input) ? input.map((v, i) => [i, v]) : Object.entries(input);
  return entries.flatMap(([key, value]) =>
    key === "__proto__"
      ? [{ path: formatPath([...path, key]), message: "expected a key of your own: __proto__ cannot be one" }]
      : prototypeKeyProblems(value, [...path, key], seen),
  );
}

/**
 * Parses input against a schema, reporting every problem at once as a TierformError.
 * `subject` names what was parsed (e.g. `topology "acme-prod"`).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input, PARSE_OPTIONS);
  const prototypeKeys = prototypeKeyProblems(input);
  if (result.success && prototypeKeys.length === 0) return result.data;
  const problems = result.success ? [] : problemsFromZod(result.error.issues);
  // A strict object already reports the key as unknown: one line per path.
  const reported = new Set(problems.map((p) => p.path));
  throw new TierformError(`Invalid ${subject}`, [...problems, ...prototypeKeys.filter((p) => !reported.has(p.path))]);
}
