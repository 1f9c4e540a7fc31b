/**
 * cdktf records a full stack trace for every token it creates (several thousand per environment), only
 * to point at the creating line if that token later fails to resolve. Formatting those traces costs about
 * 15 % of synthesis time and 25 MB. While tierform builds an environment it skips formatting traces that
 * are captured into plain objects (how cdktf and constructs capture them); real errors keep their traces.
 * `TIERFORM_STACK_TRACES=1` keeps every trace, for debugging a resolution error.
 */
export function withoutTokenStackTraces<T>(build: () => T): T {
  if (process.env["TIERFORM_STACK_TRACES"] === "1") return build();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (!(error instanceof Error)) return "";
    if (previous) return previous(error, frames);
    return `${String(error)}${frames.map((frame) => `\n    at ${String(frame)}`).join("")}`;
  };
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
