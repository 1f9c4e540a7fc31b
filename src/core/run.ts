import { mkdirSync } from "node:fs";
import { TierformError } from "./errors";

/**
 * Runs a cdktf app's main function. A user's mistake (TierformError) prints its problems and exits 1,
 * without a stack trace; anything else is a bug and keeps its trace.
 *
 * It first creates the out directory `cdktf synth -o DIR` asks for (CDKTF_OUTDIR) with its parents: cdktf's App
 * creates only the last level, so `-o build/deep/out` would otherwise fail when build/deep does not exist.
 */
export function runApp(main: () => void): void {
  const outdir = process.env["CDKTF_OUTDIR"];
  if (outdir) mkdirSync(outdir, { recursive: true });
  try {
    main();
  } catch (error) {
    if (error instanceof TierformError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
