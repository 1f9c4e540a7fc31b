// npm run docs: regenerates the README's tier table (presets and catalog) and tier diagrams (the default app on AWS).
import { readFileSync, writeFileSync } from "node:fs";
import { CLOUDS } from "../core/cloud";
import { tierDiagrams } from "./tier-diagrams";
import { tierTable } from "./tier-table";

const readme = readFileSync("README.md", "utf8");
const next = readme
  .replace(/(<!-- tier-table:start -->\n)[\s\S]*?(\n<!-- tier-table:end -->)/, `$1${tierTable(CLOUDS)}$2`)
  .replace(/(<!-- tier-diagrams:start -->\n)[\s\S]*?(\n<!-- tier-diagrams:end -->)/, () => `<!-- tier-diagrams:start -->\n${tierDiagrams("aws")}\n<!-- tier-diagrams:end -->`);
writeFileSync("README.md", next);
process.stdout.write(next === readme ? "README.md already up to date\n" : "README.md tier table and diagrams updated\n");
