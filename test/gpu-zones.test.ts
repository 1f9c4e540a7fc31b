import { describe, expect, it } from "vitest";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "../src/core/tf";
import { GpuNodePool, KubernetesCluster } from "../src/components/compute";
import type { NetworkRef } from "../src/core/contracts";
import { NodePoolSchema } from "../src/model/compute";
import { sizeMachine } from "../src/plan/sizing";
import { large } from "../tiers";
import { problemLines, resources, synthEnvironment, synthStack } from "./helpers";

const named = (json: ReturnType<typeof synthStack>, type: string, key: string) => Object.fromEntries(resources(json, type).map(([, r]) => [r[key], r]));
const app = { image: "ghcr.io/acme/api:1.0.0", port: 8080, healthCheckPath: "/healthz" };
const general = { name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 2, max: 6 } as const;

describe("GPU pools run only in zones that offer their accelerator", () => {
  it("GCP: the large tier's T4 pool in europe-west3 gets the one zone with T4s; the general pool keeps all three", () => {
    const { env, infra } = synthEnvironment(large({ cloud: "gcp", region: "europe-west3", project: "acme-prod-123", name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com" }));
    const pools = named(infra, "google_container_node_pool", "name");
    expect(pools["gpu"]!["node_locations"]).toEqual(["europe-west3-b"]);
    expect(pools["gpu"]!["node_config"]["guest_accelerator"][0]["type"]).toBe("nvidia-tesla-t4");
    // The starting count is per zone: one zone holds the pool's one starting node.
    expect(pools["gpu"]!["initial_node_count"]).toBe(1);
    expect(pools["general"]!["node_locations"]).toEqual(["europe-west3-a", "europe-west3-b", "europe-west3-c"]);
    expect(env.warnings.map((w) => `${w.id} ${w.path}`)).toContain("tierform:kubernetes:gpu-pool-few-zones compute.nodePools[1]");
  });

  it("GCP: two of us-east1's three zones offer T4; the pool spans those two, with no warning", () => {
    const { env, infra } = synthEnvironment(large({ cloud: "gcp", region: "us-east1", project: "acme-prod-123", name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com" }));
    expect(named(infra, "google_container_node_pool", "name")["gpu"]!["node_locations"]).toEqual(["us-east1-c", "us-east1-d"]);
    expect(env.warnings.map((w) => w.id)).not.toContain("tierform:kubernetes:gpu-pool-few-zones");
  });

  it("GCP: a GpuNodePool added to a cluster is placed the same way, and rejected with a path where no zone offers it", () => {
    const app_ = Testing.app();
    const stack = new TerraformStack(app_, "mine");
    const network: NetworkRef = {
      cloud: "gcp",
      id: "projects/acme-prod-123/global/networks/main",
      cidr: "10.20.0.0/16",
      zones: ["us-east1-b", "us-east1-c", "us-east1-d"],
      privateSubnetIds: ["projects/acme-prod-123/regions/us-east1/subnetworks/nodes"],
      publicSubnetIds: [],
    };
    const where = { cloud: "gcp", name: "shop-dev", region: "us-east1", project: "acme-prod-123" } as const;
    const cluster = new KubernetesCluster(stack, "k8s", { ...where, network, version: "1.33", nodePools: [general], app, domain: "api.example.com" });
    new GpuNodePool(stack, "inference", { cluster, name: "t4", shape: { vcpu: 4, memoryGiB: 15 }, gpu: { accelerator: "t4", count: 1 }, min: 0, max: 4 });
    expect(named(synthStack(stack), "google_container_node_pool", "name")["t4"]!["node_locations"]).toEqual(["us-east1-c", "us-east1-d"]);
    expect(problemLines(() => new GpuNodePool(stack, "train", { cluster, name: "h100", shape: { vcpu: 96, memoryGiB: 600 }, gpu: { accelerator: "h100", count: 8 }, min: 0, max: 1 }))).toEqual([
      expect.stringMatching(/^gpu\.accelerator: expected an accelerator offered in the zones the network uses in us-east1 \(us-east1-b, us-east1-c, us-east1-d\): "h100" is not; us-east1 offers it in no zone; regions that do: us-central1 /),
    ]);
  });

  it("AWS: the planned zones pick the node group's subnets (zone data is unverified, so the tiers keep every zone)", () => {
    const { infra } = synthEnvironment(large({ cloud: "aws", region: "us-west-2", name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com" }));
    const groups = named(infra, "aws_eks_node_group", "node_group_name");
    expect(groups["gpu"]!["subnet_ids"]).toEqual(groups["general"]!["subnet_ids"]);
    expect(groups["gpu"]!["subnet_ids"]).toHaveLength(3);

    const app_ = Testing.app();
    const stack = new TerraformStack(app_, "mine");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const network: NetworkRef = {
      cloud: "aws",
      id: "vpc-0123456789abcdef0",
      cidr: "10.20.0.0/16",
      zones: ["eu-west-1a", "eu-west-1b"],
      privateSubnetIds: ["subnet-aaaa", "subnet-bbbb"],
      publicSubnetIds: ["subnet-cccc", "subnet-dddd"],
    };
    const cluster = new KubernetesCluster(stack, "k8s", { cloud: "aws", name: "shop-dev", region: "eu-west-1", network, version: "1.33", nodePools: [general], app, domain: "api.example.com" });
    const spec = NodePoolSchema.parse({ name: "g5", role: "gpu", shape: { vcpu: 4, memoryGiB: 16 }, gpu: { accelerator: "a10g", count: 1 }, min: 0, max: 2 });
    cluster.rendered.addNodePool(stack, "g5", { spec, machine: sizeMachine("aws", spec.shape, undefined, spec.gpu), zones: ["eu-west-1b"] });
    expect(named(synthStack(stack), "aws_eks_node_group", "node_group_name")["g5"]!["subnet_ids"]).toEqual(["subnet-bbbb"]);
  });

  it("Azure: the planned zones are the GPU pool's zones (unverified data keeps all three)", () => {
    const { env, infra } = synthEnvironment(large({ cloud: "azure", region: "westeurope", name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com" }));
    expect(named(infra, "azurerm_kubernetes_cluster_node_pool", "name")["gpu"]!["zones"]).toEqual(["1", "2", "3"]);
    const cluster = env.compute as KubernetesCluster;
    const spec = NodePoolSchema.parse({ name: "a100", role: "gpu", shape: { vcpu: 24, memoryGiB: 200 }, gpu: { accelerator: "a100", count: 1 }, min: 0, max: 2 });
    cluster.rendered.addNodePool(env.infra, "a100", { spec, machine: sizeMachine("azure", spec.shape, undefined, spec.gpu), zones: ["2"] });
    expect(named(synthStack(env.infra), "azurerm_kubernetes_cluster_node_pool", "name")["a100"]!["zones"]).toEqual(["2"]);
  });
});
