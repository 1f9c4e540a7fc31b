import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../src/core/tf";
import { CLOUDS } from "../src/core/cloud";
import { acme } from "../examples/tier-usage";
import { Orders } from "../examples/component-usage";
import { acmeGlobal } from "../examples/multi-region";
import { tierDiagrams } from "../src/tools/tier-diagrams";
import { tierTable } from "../src/tools/tier-table";
import { resources, synthStack } from "./helpers";

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");

describe("README", () => {
  it("starts with the install-and-synth command and the test command", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock).toMatch(/^npm ci && npm run synth\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  it("shows the tier table the presets and the catalog produce", () => {
    const table = /<!-- tier-table:start -->\n([\s\S]*?)\n<!-- tier-table:end -->/.exec(readme)![1];
    expect(table).toBe(tierTable(CLOUDS));
  });

  it("shows the architecture diagram of each tier the default app draws on AWS (npm run docs)", () => {
    const block = /<!-- tier-diagrams:start -->\n([\s\S]*?)\n<!-- tier-diagrams:end -->/.exec(readme)![1];
    expect(block).toBe(tierDiagrams("aws"));
  });

  it("the tier example synthesizes what the README says", () => {
    const env = acme(Testing.app());
    expect(env.infra.node.id).toBe("acme-prod-infra");
    const json = synthStack(env.infra);
    expect(resources(json, "aws_elasticache_replication_group")).toHaveLength(0);
    expect(resources(json, "aws_db_instance").find(([, d]) => !d["replicate_source_db"])![1]["allocated_storage"]).toBe(1000);
  });

  it("the multi-region example creates the stacks the README lists, with their outputs", () => {
    const env = acmeGlobal(Testing.app());
    const stacks = [...env.regions.flatMap((r) => [r.stack.node.id, r.platform!.node.id]), env.global!.node.id];
    expect(stacks).toEqual(["acme-prod-usw2-infra", "acme-prod-usw2-platform", "acme-prod-use1-infra", "acme-prod-use1-platform", "acme-prod-global"]);
    for (const stack of ["acme-prod-usw2-infra", "acme-prod-usw2-platform", "acme-prod-use1-infra", "acme-prod-use1-platform", "acme-prod-global"]) {
      expect(readme, stack).toContain(`\`${stack}\``);
    }
    const secondary = synthStack(env.regions[1]!.stack);
    expect(Object.keys(secondary.output!)).toEqual(expect.arrayContaining(["region", "region_role", "database_endpoint", "database_reader_endpoints", "database_writer_endpoint"]));
    expect((secondary as { variable?: Record<string, unknown> }).variable).toHaveProperty("acme_prod_pg_admin_password");
    expect(readme).toContain("TF_VAR_acme_prod_pg_admin_password");
  });

  it("the component example synthesizes a database in the user's network", () => {
    const stack = new Orders(Testing.app(), "orders");
    expect(resources(synthStack(stack), "aws_db_subnet_group")[0]![1]["subnet_ids"]).toEqual(["subnet-aaaa", "subnet-bbbb"]);
    expect(stack.db.outputs.credentials.store).toBe("aws-secrets-manager");
  });
});
