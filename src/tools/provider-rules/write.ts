import { renameSync, writeFileSync } from "node:fs";
import { sortKeys } from "../../testing/stable";
import type { ProviderRules } from "../../testing/rules/types";

/**
 * Writes a provider's rules the way they are committed: keys sorted, one resource or data-source type per
 * line (a review diff shows which types changed; the whole file stays small enough to ship).
 */
export function writeRules(file: string, rules: ProviderRules): void {
  const sorted = sortKeys(rules);
  const section = (types: Record<string, unknown>) => {
    const lines = Object.entries(types).map(([type, body]) => `    ${JSON.stringify(type)}: ${JSON.stringify(body)}`);
    return lines.length ? `{\n${lines.join(",\n")}\n  }` : "{}";
  };
  const head = Object.entries(sorted)
    .filter(([k]) => k !== "resources" && k !== "data")
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const text = `{\n${[...head, `  "resources": ${section(sorted.resources)}`, `  "data": ${section(sorted.data)}`].join(",\n")}\n}\n`;
  JSON.parse(text); // never write a file the loader cannot read
  // Through a temporary file: a reader (the tests, a pack) never sees half a file.
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}
