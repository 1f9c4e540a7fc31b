import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
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
