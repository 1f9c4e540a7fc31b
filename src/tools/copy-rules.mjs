// `npm run build` step: tsc emits only code, so the provider rules the lint and the diff read are copied
// next to the compiled loader (dist/src/testing/rules/data).
import { cpSync } from "node:fs";

cpSync("src/testing/rules/data", "dist/src/testing/rules/data", { recursive: true });
