import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Test files share a worker's module cache: provider bindings load once per worker, not once per file.
    isolate: false,
    reporters: ["default"],
  },
});
