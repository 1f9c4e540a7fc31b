import { describe, it } from "vitest";
import { expectPlanned } from "../../src/testing";
import { calibrateAws, formatCalibration } from "../../src/tools/provider-rules/calibrate-aws";

// The provider-rule lint against real `terraform validate` / `plan` (hashicorp/aws 5.100.0, offline mirror): a
// seeded sample of single mutations of a real AWS stack (45, every class the lint claims), all mutants in one
// config, one validate and one plan. The full run (≥ 200 mutations, every AWS stack) is `npm run calibrate`.
// Without Terraform or the mirror this says so and is skipped; in CI (CI=true) that is a failure.
const required = process.env["CI"] === "true" || process.env["TIERFORM_REQUIRE_TERRAFORM"] === "1";

describe("AWS lint calibration against real Terraform (sample)", () => {
  it("agrees with terraform on ≥ 95 % of 45 mutations; the unmutated stacks are clean for both", { timeout: 180_000 }, async (ctx) => {
    const result = await calibrateAws({ sample: 45, seed: 1, stacks: ["small-aws-prod-infra"] });
    if (result.status === "skipped") {
      expectPlanned(result, { skip: ctx.skip, required });
      return;
    }
    const report = formatCalibration(result);
    ctx.expect(result.base.lint, report).toEqual([]);
    ctx.expect(result.base.terraform, report).toEqual([]);
    // A mutation Terraform rejects for another reason than the intended one is a generator bug.
    ctx.expect(result.excluded.map((e) => `${e.mutation.address}: ${e.reason}`), report).toEqual([]);
    ctx.expect(result.outcomes.length).toBeGreaterThanOrEqual(40);
    for (const row of result.rows.filter((r) => r.claimed)) ctx.expect(row.mutations, `no ${row.cls} mutation in the sample`).toBeGreaterThan(0);
    ctx.expect(result.overall.agreement, report).toBeGreaterThanOrEqual(0.95);
    ctx.expect(result.terraformRuns).toBeLessThanOrEqual(2);
  });
});
