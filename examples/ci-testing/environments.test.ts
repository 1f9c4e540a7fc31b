// An example of a user's project test file: snapshot one environment per cloud, plan the AWS one with
// real Terraform offline, and refuse changes that would destroy stateful resources.
//
// In your project the imports are `from "tierform"` and `from "tierform/testing"`, and `Testing` comes
// from "cdktf". Run with vitest (or jest: replace `toMatchFileSnapshot` with `toMatchSnapshot`).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../../src/core/tf";
import type { Cloud } from "../../src/core/cloud";
import { Environment } from "../../src/stacks/environment";
import { large } from "../../tiers";
import {
  assertFacts,
  diffSynth,
  everyBucketIsPrivate,
  everyDatabaseIsEncrypted,
  everyNodePoolIsPrivate,
  expectPlanned,
  formatSummary,
  formatViolation,
  lint,
  losesState,
  noPublicDatabase,
  offlinePlan,
  snapshotOf,
  synthesize,
} from "../../src/testing";

const WHERE = {
  aws: { cloud: "aws", region: "us-west-2" },
  gcp: { cloud: "gcp", region: "us-central1", project: "acme-prod-123" },
  azure: { cloud: "azure", region: "westeurope" },
} as const satisfies Record<Cloud, object>;

/** Our production environment on one cloud. */
function acme(cloud: Cloud) {
  return large({
    ...WHERE[cloud],
    name: `acme-${cloud}`,
    environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } },
    domain: "app.acme.example",
    app: { image: "ghcr.io/acme/api:2.3.1", port: 8080, healthCheckPath: "/healthz" },
    compute: { apiAccessCidrs: ["198.51.100.0/24"] },
  });
}

const snapshotFile = (cloud: Cloud) => join(__dirname, "__snapshots__", `${cloud}.json`);

describe.each(["aws", "gcp", "azure"] as const)("acme on %s", (cloud) => {
  const result = synthesize(new Environment(Testing.app(), "acme", acme(cloud)));
  const stack = `acme-${cloud}-prod-infra`;

  it("never destroys or renames a stateful resource compared with the reviewed snapshot", () => {
    const file = snapshotFile(cloud);
    if (!existsSync(file)) return; // first run: nothing to compare with yet
    const previous = { [stack]: JSON.parse(readFileSync(file, "utf8")) };
    const summary = diffSynth(previous, result);
    expect(losesState(summary), formatSummary(summary)).toBe(false);
  });

  it("matches the reviewed snapshot", async () => {
    await expect(snapshotOf(result, stack)).toMatchFileSnapshot(snapshotFile(cloud));
  });

  it("passes the pinned providers' own schema rules (what `terraform validate` would check, on every cloud)", () => {
    expect(lint(result).violations.map(formatViolation)).toEqual([]);
  });

  it("keeps data private and encrypted", () => {
    assertFacts(result, everyDatabaseIsEncrypted, noPublicDatabase, everyNodePoolIsPrivate, everyBucketIsPrivate);
  });
});

// Terraform and the AWS provider can run offline (from a filesystem mirror); Google and Azure need their APIs.
it("acme on aws plans with real Terraform, offline", { timeout: 180_000 }, async (ctx) => {
  const result = synthesize(new Environment(Testing.app(), "acme", acme("aws")));
  expectPlanned(await offlinePlan(result["acme-aws-prod-infra"]!), { skip: ctx.skip, required: process.env["CI"] === "true" });
});
