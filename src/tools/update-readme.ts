// npm run docs: regenerates the README's tier table from the presets and the catalog, its cost tables from an
// estimate of the default app, and the tier diagrams (the default app on AWS); and writes docs/reference.md, the
// field reference (src/tools/field-reference.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { CLOUDS } from "../core/cloud";
import { costTable, defaultAppEstimate, usageTable } from "./cost-table";
import { tierDiagrams } from "./tier-diagrams";
import { tierTable } from "./tier-table";
import { fieldReference } from "./field-reference";

const readme = readFileSync("README.md", "utf8");
const estimate = defaultAppEstimate();
// Function replacements: a table's "$200" must not read as a capture group.
const between = (text: string, name: string, content: string) =>
  text.replace(new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`), (_m, open: string, close: string) => `${open}${content}${close}`);
const next = [
  (text: string) => between(text, "tier-table", tierTable(CLOUDS)),
  (text: string) => between(text, "cost-table", costTable(estimate)),
  (text: string) => between(text, "usage-table", usageTable()),
  (text: string) => between(text, "tier-diagrams", tierDiagrams("aws")),
].reduce((text, update) => update(text), readme);
writeFileSync("README.md", next);
process.stdout.write(next === readme ? "README.md already up to date\n" : "README.md tables and diagrams updated\n");

// The field reference: one section per component, from the topology's JSON Schema.
const reference = fieldReference();
const before = existsSync("docs/reference.md") ? readFileSync("docs/reference.md", "utf8") : "";
mkdirSync("docs", { recursive: true });
writeFileSync("docs/reference.md", reference);
process.stdout.write(before === reference ? "docs/reference.md already up to date\n" : "docs/reference.md updated\n");
