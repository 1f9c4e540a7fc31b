import { defineConfig, type Plugin } from "vitest/config";

/**
 * tierform loads renderer modules on first use with `require("./module")` (src/core/lazy.ts). Vitest runs
 * TypeScript through its own module graph, which Node's `require` cannot enter: in the project's own sources this
 * turns each relative `require("…")` into a static import of the same module (tests load every renderer anyway).
 */
function lazyRequireAsImport(): Plugin {
  const root = `${__dirname}/`;
  return {
    name: "tierform-lazy-require-as-import",
    enforce: "pre",
    transform(code, id) {
      if (!id.startsWith(root) || id.includes("/node_modules/") || !id.endsWith(".ts") || !code.includes("require(")) return undefined;
      const imports: string[] = [];
      const out = code.replace(/\brequire\((["'])(\.\.?\/[^"']+)\1\)/g, (_match, _quote: string, path: string) => {
        const name = `__tierformLazy${imports.length}`;
        imports.push(`import * as ${name} from ${JSON.stringify(path)};`);
        return name;
      });
      // The imports share the first line, so line numbers (and the source map) stay right.
      return imports.length ? { code: imports.join(" ") + out, map: null } : undefined;
    },
  };
}

export default defineConfig({
  plugins: [lazyRequireAsImport()],
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two workers even on two cores: the Terraform tests wait on their subprocesses, so another file's tests fit
    // beside them (about 55 s instead of 80 s on the project's 2-core machine).
    maxWorkers: 2,
    // Test files share a worker's module cache: provider bindings load once per worker, not once per file.
    isolate: false,
    reporters: ["default"],
  },
});
