import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Provider bindings are large: an app that targets one cloud must load only that cloud's provider.
describe("lazy renderers", () => {
  it("an AWS-only app loads no other provider's code, and the full app loads each cloud's", () => {
    const run = (clouds?: string) =>
      JSON.parse(
        execFileSync(join("node_modules", ".bin", "tsx"), [join("src", "tools", "bench-target.ts"), ...(clouds ? [clouds] : [])], { encoding: "utf8" }).trim(),
      ) as { loadedProviders: string[]; stacks: number };
    // Kubernetes tiers add a platform stack, which needs the kubernetes and helm providers. Enterprise
    // runs in two regions: two infra, two platform and a global stack; medium on containers one infra stack.
    expect(run("aws")).toMatchObject({ loadedProviders: ["aws", "helm", "kubernetes"], stacks: 10 });
    expect(run().loadedProviders).toEqual(["aws", "azurerm", "google", "helm", "kubernetes"]);
  }, 60_000);
});
