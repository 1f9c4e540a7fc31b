import { configDefaults, defineConfig, type Plugin } from "vitest/config";

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
    // Two projects. "unit" is `npm test`: models, renderers, snapshots, lint, and real Terraform planning every AWS
    // stack (about a minute on the project's 2-core machine). "proofs" is `npm run test:proofs`, run by CI after it:
    // the checks that prove tierform's own tools against real Terraform — the lint's calibration (mutated stacks
    // validated and planned) and `tierform diff`'s replacement verdicts (plans over prior states). They read the
    // provider's whole schema and plan several times (~30 s of CPU), and change only with the lint rules or the diff.
    // `npx vitest run` runs both.
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts", "examples/**/*.test.ts"], exclude: [...configDefaults.exclude, "test/proofs/**"] } },
      { extends: true, test: { name: "proofs", include: ["test/proofs/**/*.test.ts"] } },
    ],
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
