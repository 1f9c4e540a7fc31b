// npm run docs: regenerates the README's tier table from the presets and the catalog.
import { readFileSync, writeFileSync } from "node:fs";
import { CLOUDS } from "../core/cloud";
import { tierTable } from "./tier-table";

const readme = readFileSync("README.md", "utf8");
const next = readme.replace(/(<!-- tier-table:start -->\n)[\s\S]*?(\n<!-- tier-table:end -->)/, `$1${tierTable(CLOUDS)}$2`);
writeFileSync("README.md", next);
process.stdout.write(next === readme ? "README.md already up to date\n" : "README.md tier table updated\n");
