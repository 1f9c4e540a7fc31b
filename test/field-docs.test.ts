import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { topologyJsonSchema } from "../src/model/topology";
import { topologyFileJsonSchema } from "../src/stacks/file-schema";
import { fieldReference, schemaFields, type FieldRow } from "../src/tools/field-reference";

const HOW =
  'add .meta({ description: "…" }) to the field in src/model/*.ts: what it does, units and ranges where not obvious, per-cloud behaviour where it differs, ' +
  'and "@default - …" for a default tierform works out (zod\'s .default() appears by itself); then run npm run docs';

/** Fields without a description, one line each with how to fix them. */
const undocumented = (rows: readonly FieldRow[]) => rows.filter((r) => !r.description).map((r) => `${r.path}: no description — ${HOW}`);

/**
 * A field that may be left out says what happens then: a schema `default`, or "@default - …" in its description
 * (computed defaults, or "none" when leaving it out turns the feature off).
 */
const noDefault = (rows: readonly FieldRow[]) =>
  rows.filter((r) => !r.required && r.default === undefined && !/@default - \S/.test(r.description ?? "")).map((r) => `${r.path}: optional but says no default — ${HOW}`);

const topologyRows = schemaFields(topologyJsonSchema());

describe("field documentation", () => {
  it("every field of the topology's JSON Schema has a description", () => {
    expect(topologyRows.length).toBeGreaterThan(200);
    expect(undocumented(topologyRows)).toEqual([]);
  });

  it("every optional field of the topology states its default (schema default or @default - …)", () => {
    expect(noDefault(topologyRows)).toEqual([]);
  });

  it("every field of the topology file's JSON Schema (tierform schema) has a description", () => {
    const rows = schemaFields(topologyFileJsonSchema());
    expect(rows.some((r) => r.path.includes("tierEnvironment") || r.path.startsWith("environments"))).toBe(true);
    expect(undocumented(rows)).toEqual([]);
  });

  it("defaults zod drops from transforming fields are back in the schema (tags, workloads, env, parameters)", () => {
    const byPath = new Map(topologyRows.map((r) => [r.path, r]));
    expect(byPath.get("tags")?.default).toBe("{}");
    expect(byPath.get("workloads")?.default).toBe("[]");
    expect(byPath.get("workloads[].env")?.default).toBe("{}");
    expect(byPath.get("database.parameters")?.default).toBe("{}");
  });

  it("docs/reference.md is what npm run docs writes from the schema", () => {
    const written = readFileSync(join(__dirname, "..", "docs", "reference.md"), "utf8");
    expect(written).toBe(fieldReference());
    for (const section of ["## Network", "## Compute", "## Database", "## Cache", "## CDN", "## Files", "## Workloads", "## Platform", "## Monitoring", "## Compliance", "## Backend"]) {
      expect(written).toContain(section);
    }
    for (const row of topologyRows) expect(written, row.path).toContain("`" + row.path + "`");
  });

  it("the README links the field reference", () => {
    expect(readFileSync(join(__dirname, "..", "README.md"), "utf8")).toContain("](docs/reference.md)");
  });
});
