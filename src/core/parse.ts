import type { z } from "zod";
import { errorMap } from "../model/common";
import { TierformError, problemsFromZod } from "./errors";

/**
 * Parses input against a schema, reporting every problem at once as a TierformError.
 * `subject` names what was parsed (e.g. `topology "acme-prod"`).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input, { error: errorMap, reportInput: true });
  if (result.success) return result.data;
  throw new TierformError(`Invalid ${subject}`, problemsFromZod(result.error.issues));
}
