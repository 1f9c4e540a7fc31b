// npm run docs: regenerates the README's tier table from the presets and the catalog, and its cost tables
// from an estimate of the default app.
import { readFileSync, writeFileSync } from "node:fs";
import { CLOUDS } from "../core/cloud";
import { costTable, defaultAppEstimate, usageTable } from "./cost-table";
import { tierTable } from "./tier-table";

const readme = readFileSync("README.md", "utf8");
const estimate = defaultAppEstimate();
// Function replacements: a table's "$200" must not read as a capture group.
const between = (text: string, name: string, content: string) =>
  text.replace(new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`), (_m, open: string, close: string) => `${open}${content}${close}`);
const next = between(between(between(readme, "tier-table", tierTable(CLOUDS)), "cost-table", costTable(estimate)), "usage-table", usageTable());
writeFileSync("README.md", next);
process.stdout.write(next === readme ? "README.md already up to date\n" : "README.md tables updated\n");
