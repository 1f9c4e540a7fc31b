import { TierformError } from "./errors";

/**
 * cdktf records a full stack trace for every token it creates (thousands per environment: every reference,
 * every `depends_on`, every cross-stack output), only to point at the creating line if that token later fails to
 * resolve. Capturing and formatting those traces was about a fifth of the CPU of building and synthesizing an
 * environment. While tierform builds an environment and while its stacks are prepared and synthesized, no trace is
 * captured: `Error.stackTraceLimit` reads 0 and ignores cdktf's attempt to raise it (V8 takes a limit only from a
 * plain data property, so the accessor turns capture off for that time, and restores the property afterwards).
 *
 * Errors keep their stacks where it matters:
 * - `retry`: for work that may run the user's code (their Lazy values and resolvables resolve while a stack is
 *   prepared and synthesized), a failure is run again with traces on, so the error thrown is the same one with its
 *   stack. Use it only for work that can run twice (resolving is; building constructs is not).
 * - otherwise (building an environment, where only tierform's code runs), an error from a bug says it has no stack
 *   and how to get one; a TierformError (a problem in the input) needs none.
 * `TIERFORM_STACK_TRACES=1` keeps every trace, for debugging.
 */
export function withoutTokenStackTraces<T>(work: () => T, opts: { readonly retry?: boolean } = {}): T {
  if (process.env["TIERFORM_STACK_TRACES"] === "1") return work();
  const limit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  // Already off (a nested call), or not a plain property we can put back: run as is.
  if (!limit || !("value" in limit)) return work();
  Object.defineProperty(Error, "stackTraceLimit", { get: () => 0, set: () => undefined, configurable: true, enumerable: limit.enumerable ?? true });
  let failure: unknown;
  try {
    return work();
  } catch (error) {
    failure = error;
  } finally {
    Object.defineProperty(Error, "stackTraceLimit", limit);
  }
  if (!(failure instanceof Error) || failure.stack) throw failure;
  if (failure instanceof TierformError) {
    failure.stack = `${failure.name}: ${failure.message}`;
    throw failure;
  }
  if (opts.retry) work(); // throws the same error, now with its stack (if it does not fail again, the first error stands)
  failure.stack = `${failure.name}: ${failure.message}\n    (no stack trace: tierform turns them off while it builds and synthesizes; set TIERFORM_STACK_TRACES=1 to keep them)`;
  throw failure;
}
