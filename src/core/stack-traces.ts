/**
 * cdktf records a full stack trace for every token it creates (thousands per environment: every reference,
 * every `depends_on`, every cross-stack output), only to point at the creating line if that token later fails to
 * resolve. Capturing and formatting those traces was about a fifth of the CPU of building and synthesizing an
 * environment. While tierform builds an environment and while its stacks are prepared and synthesized, no trace is
 * captured: `Error.stackTraceLimit` reads 0 and ignores cdktf's attempt to raise it (V8 takes a limit only from a
 * plain data property, so the accessor turns capture off for that time, and restores the property afterwards).
 *
 * The cost: an error thrown by a bug inside that window has no stack; it says so and how to get one. Errors in the
 * user's input are TierformErrors, which need none. `TIERFORM_STACK_TRACES=1` keeps every trace, for debugging.
 */
export function withoutTokenStackTraces<T>(build: () => T): T {
  if (process.env["TIERFORM_STACK_TRACES"] === "1") return build();
  const limit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  // Already off (a nested call), or not a plain property we can put back: run as is.
  if (!limit || !("value" in limit)) return build();
  Object.defineProperty(Error, "stackTraceLimit", { get: () => 0, set: () => undefined, configurable: true, enumerable: limit.enumerable ?? true });
  try {
    return build();
  } catch (error) {
    // A TierformError (a problem in the input) reads the same as with a trace; anything else is a bug and says how to see where.
    if (error instanceof Error && !error.stack) {
      error.stack = `${error.name}: ${error.message}${error.name === "TierformError" ? "" : "\n    (no stack trace: tierform turns them off while it builds and synthesizes; set TIERFORM_STACK_TRACES=1 to keep them)"}`;
    }
    throw error;
  } finally {
    Object.defineProperty(Error, "stackTraceLimit", limit);
  }
}
