import type { OfflinePlanResult } from "./offline-plan";

/**
 * Turns an offline plan result into a test outcome. `ok` passes; `failed` throws with Terraform's
 * output; `skipped` calls `skip` (vitest: `ctx.skip`) after printing why — or throws when `required`
 * (set it in CI so that a missing Terraform never passes silently).
 */
export function expectPlanned(result: OfflinePlanResult, opts: { skip?: (note?: string) => void; required?: boolean } = {}): void {
  if (result.status === "ok") return;
  if (result.status !== "skipped") throw new Error(`terraform ${result.step} failed:\n${result.output}`);
  const message = `TERRAFORM CHECK NOT RUN: ${result.reason}`;
  if (opts.required || !opts.skip) throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  opts.skip(message);
}
