import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// Provider bindings are large (a resource type is a module of up to several MB): an app loads the bindings of the
// components it renders, on the clouds it targets, and Kubernetes and Helm only for a platform stack.
// Vitest imports every module up front, so this runs in a fresh process: one, which synthesizes step by step.
describe("lazy renderers", () => {
  let steps: { step: string; modules: string[] }[] = [];
  beforeAll(() => {
    steps = JSON.parse(execFileSync(join("node_modules", ".bin", "tsx"), [join("test", "loading-probe.ts")], { encoding: "utf8" }).trim()) as typeof steps;
  }, 60_000);
  const after = (step: string) => steps.find((s) => s.step === step)!.modules;
  const providers = (modules: readonly string[]) => [...new Set(modules.map((m) => m.split("/")[0]!.replace("provider-", "")))].sort();

  it("medium on serverless containers (AWS, after the small tier) adds the ECS bindings and no EKS, Kubernetes or Helm", () => {
    const modules = after("small and containers aws");
    expect(providers(modules)).toEqual(["aws"]);
    expect(modules).toEqual(expect.arrayContaining(["provider-aws/lib/ecs-service", "provider-aws/lib/ecs-task-definition", "provider-aws/lib/appautoscaling-policy"]));
    expect(modules.filter((m) => /\/lib\/(eks-|rds-cluster|rds-global|vpc-peering)/.test(m))).toEqual([]);
  });

  it("a small AWS environment (VMs) loads only the AWS bindings it renders: no EKS, Aurora, RDS Proxy, load balancer, Kubernetes or Helm", () => {
    const modules = after("small aws");
    expect(providers(modules)).toEqual(["aws"]);
    expect(modules.filter((m) => /\/lib\/(eks-|rds-cluster|rds-global|db-proxy|lb|acm-|cloudfront-|wafv2-|vpc-peering)/.test(m))).toEqual([]);
    // It renders 38 resource types (and the provider); the rest are the renderers' shared modules.
    expect(modules.length).toBeLessThanOrEqual(45);
  });

  it("a Kubernetes tier adds the Kubernetes and Helm bindings, for its platform stack", () => {
    expect(providers(after("large aws"))).toEqual(["aws", "helm", "kubernetes"]);
    expect(after("large aws")).toEqual(expect.arrayContaining(["provider-aws/lib/eks-cluster", "provider-kubernetes/lib/provider", "provider-helm/lib/release"]));
  });

  it("of the Kubernetes bindings only the provider's: objects are synthesized by src/kubernetes/objects.ts (deployment-v1 and job-v1 are ~5 MB each)", () => {
    const kubernetes = (step: string) => after(step).filter((m) => m.startsWith("provider-kubernetes/"));
    expect(kubernetes("large aws")).toEqual(["provider-kubernetes/lib/provider"]);
    expect(kubernetes("every aws tier")).toEqual(["provider-kubernetes/lib/provider"]);
    expect(kubernetes("small on every cloud")).toEqual(["provider-kubernetes/lib/provider"]);
  });

  it("an AWS-only app loads no other provider's code, and an app on every cloud loads each cloud's", () => {
    expect(providers(after("every aws tier"))).toEqual(["aws", "helm", "kubernetes"]);
    expect(providers(after("small on every cloud"))).toEqual(["aws", "azurerm", "google", "helm", "kubernetes"]);
  });
});
