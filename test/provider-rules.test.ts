// Extracted provider rules (src/testing/rules/data/<provider>.json) against the schema the cdktf bindings were
// generated from. Every disagreement must be explained in src/tools/provider-rules/known-disagreements.json.
// Report: npx tsx src/tools/provider-rules/compare-bindings.ts [provider…]
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBindingSchema } from "../src/tools/provider-rules/bindings-schema";
import type { ProviderRules } from "../src/testing/rules/types";
import { compareWithBindings, rulesFile } from "../src/tools/provider-rules/compare-bindings";

const ROOT = join(__dirname, "..");
const KNOWN = JSON.parse(
  readFileSync(join(ROOT, "src", "tools", "provider-rules", "known-disagreements.json"), "utf8"),
) as Record<string, string>;

/** google and azurerm must ship rules; kubernetes and helm are checked once their file exists. */
const PROVIDERS = ["google", "azurerm", ...["kubernetes", "helm"].filter((p) => existsSync(rulesFile(p)))];

describe("provider rules agree with the cdktf bindings", () => {
  for (const provider of PROVIDERS) {
    it(`${provider}: ≥ 99 % of facts agree, every disagreement explained`, () => {
      const result = compareWithBindings(provider);
      expect(result.compared).toBeGreaterThan(0);
      const agreement = (100 * result.agreeing) / result.compared;
      const unexplained = result.disagreements.filter((d) => !(KNOWN[d] ?? "").trim());
      expect(unexplained.slice(0, 40), `${unexplained.length} unexplained disagreements`).toEqual([]);
      expect(agreement).toBeGreaterThanOrEqual(99);
    });
  }
});

describe("bindings schema", () => {
  it("google_sql_database_instance: settings is a MaxItems-1 list block with required tier", () => {
    const s = readBindingSchema("@cdktf/provider-google", "google_sql_database_instance");
    expect(s.className).toBe("SqlDatabaseInstance");
    const settings = s.body.blocks["settings"]!;
    expect(settings).toMatchObject({ kind: "block", nesting: "list", maxOne: true, required: false });
    expect(settings.body.attrs["tier"]).toMatchObject({ classification: "required", configurable: true });
    expect(settings.body.attrs["disk_size"]?.classification).toBe("optional+computed");
    expect(settings.body.blocks["database_flags"]).toMatchObject({ nesting: "set", maxOne: false });
    expect(settings.body.blocks["database_flags"]!.body.attrs["name"]?.classification).toBe("required");
    expect(s.body.attrs["database_version"]?.classification).toBe("required");
    expect(s.body.attrs["self_link"]).toMatchObject({ classification: "computed", configurable: false });
    expect(s.body.attrs["id"]?.classification).toBe("optional+computed");
    // SDKv2 computed nested resource: an attribute (list of objects), not a block.
    expect(s.body.blocks["server_ca_cert"]).toBeUndefined();
    expect(s.body.attrs["server_ca_cert"]).toMatchObject({ classification: "computed", nesting: "list" });
    expect(Object.keys(s.body.attrs["server_ca_cert"]!.children!.attrs)).toContain("sha1_fingerprint");
    expect(s.body.blocks["timeouts"]).toMatchObject({ nesting: "single" });
  });

  it("azurerm_kubernetes_cluster: kube_config is computed-only, default_node_pool a required block", () => {
    const s = readBindingSchema("@cdktf/provider-azurerm", "azurerm_kubernetes_cluster");
    expect(s.body.attrs["kube_config"]).toMatchObject({ classification: "computed", configurable: false, nesting: "list" });
    expect(s.body.attrs["kube_config"]!.children!.attrs["host"]?.classification).toBe("computed");
    expect(s.body.blocks["kube_config"]).toBeUndefined();
    expect(s.body.blocks["default_node_pool"]).toMatchObject({ nesting: "list", maxOne: true, required: true });
    expect(s.body.attrs["name"]?.classification).toBe("required");
  });

  it("helm_release (plugin framework): nested attributes are attributes with their own flags", () => {
    const s = readBindingSchema("@cdktf/provider-helm", "helm_release");
    expect(s.body.blocks["set"]).toBeUndefined();
    const set = s.body.attrs["set"]!;
    expect(set).toMatchObject({ classification: "optional", nesting: "list", childrenInheritFlags: false });
    expect(set.children!.attrs["name"]?.classification).toBe("required");
    expect(set.children!.attrs["type"]?.classification).toBe("optional+computed");
    expect(s.body.attrs["postrender"]).toMatchObject({ nesting: "single" });
    expect(s.body.attrs["id"]?.classification).toBe("computed");
  });

  it("data google_project lives under data-google-project", () => {
    const s = readBindingSchema("@cdktf/provider-google", "google_project", "data");
    expect(s.className).toBe("DataGoogleProject");
    expect(s.body.attrs["project_id"]?.classification).toBe("optional");
    expect(s.body.attrs["number"]?.classification).toBe("computed");
  });
});

describe("comparison", () => {
  it("lists each disagreeing fact once, SDKv2 conventions agree", () => {
    const rules: ProviderRules = {
      provider: "google",
      version: "6.50.0",
      source: "test",
      forceNewFrom: "schema",
      resources: {
        google_sql_database_instance: {
          attrs: {
            database_version: { type: "string", required: true },
            region: { type: "string", optional: true }, // optional+computed in the schema
            self_link: { type: "string", computed: true },
            bogus: { type: "string", optional: true },
          },
          blocks: {
            // Computed-only nested resource written as a block: an attribute in the real schema.
            server_ca_cert: { nesting: "list", computed: true, block: { attrs: { cert: { type: "string", computed: true } } } },
            settings: {
              nesting: "list",
              max: 1,
              optional: true,
              block: {
                attrs: { tier: { type: "string", optional: true } },
                blocks: { database_flags: { nesting: "list", block: {} } },
              },
            },
          },
        },
      },
      data: {},
    };
    const result = compareWithBindings("google", { rules, types: { resources: ["google_sql_database_instance"], data: [] } });
    const own = result.disagreements.filter((d) => !d.endsWith(": missing in rules"));
    expect(own).toEqual([
      "google_sql_database_instance.bogus: missing in bindings",
      "google_sql_database_instance.region: optional in rules, optional+computed in bindings",
      "google_sql_database_instance.settings.0.database_flags: nesting list in rules, set in bindings",
      "google_sql_database_instance.settings.0.tier: optional in rules, required in bindings",
    ]);
    expect(result.disagreements).toContain("google_sql_database_instance.server_ca_cert.0.sha1_fingerprint: missing in rules");
    expect(result.agreeing).toBeLessThan(result.compared);
  });
});
