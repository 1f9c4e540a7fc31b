import { TierformError } from "./errors";

/**
 * Runs a cdktf app's main function. A user's mistake (TierformError) prints its problems and exits 1,
 * without a stack trace; anything else is a bug and keeps its trace.
 */
export function runApp(main: () => void): void {
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
