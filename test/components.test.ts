import { describe, expect, it } from "vitest";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "../src/core/tf";
import { Cdn } from "../src/components/cdn";
import { GpuNodePool, KubernetesCluster, VmFleet } from "../src/components/compute";
import { PostgresHa, RedisCluster } from "../src/components/data-stores";
import { Network } from "../src/components/network";
import type { NetworkRef } from "../src/core/contracts";
import { problemLines, resources, synthEnvironment, synthStack } from "./helpers";
import { enterprise, large } from "../tiers";

/** A user's own stack and network, not made by tierform. */
function userStack() {
  const app = Testing.app();
  const stack = new TerraformStack(app, "mine");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const network: NetworkRef = {
    cloud: "aws",
    id: "vpc-0123456789abcdef0",
    cidr: "10.20.0.0/16",
    zones: ["eu-west-1a", "eu-west-1b"],
    privateSubnetIds: ["subnet-aaaa", "subnet-bbbb"],
    publicSubnetIds: ["subnet-cccc", "subnet-dddd"],
  };
  return { stack, network };
}
const where = { cloud: "aws", name: "shop-dev", region: "eu-west-1" } as const;

describe("standalone components in a user's own stack", () => {
  it("PostgresHa wires into the user's network and admits only the given clients", () => {
    const { stack, network } = userStack();
    const db = new PostgresHa(stack, "orders-db", { ...where, network, clients: ["sg-0app"], shape: { vcpu: 4, memoryGiB: 32 }, storageGiB: 200, ha: true, readReplicas: 1 });
    const json = synthStack(stack);
    expect(resources(json, "aws_db_subnet_group")[0]![1]["subnet_ids"]).toEqual(["subnet-aaaa", "subnet-bbbb"]);
    expect(resources(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r["referenced_security_group_id"])).toEqual(["sg-0app"]);
    const primary = resources(json, "aws_db_instance").map(([, d]) => d).find((d) => !d["replicate_source_db"])!;
    expect(primary).toMatchObject({ instance_class: "db.r6g.xlarge", multi_az: true, deletion_protection: false });
    expect(db.outputs.credentials.store).toBe("aws-secrets-manager");
    expect(db.outputs.readerEndpoints).toHaveLength(1);
    expect(Object.keys(db.raw)).toContain("instance");
  });

  it("PostgresHa takes compliance: customer-managed keys create its stack's key and encrypt with it", () => {
    const { stack, network } = userStack();
    new PostgresHa(stack, "db", { ...where, network, clients: [], shape: { vcpu: 4, memoryGiB: 32 }, storageGiB: 200, ha: true, readReplicas: 0, compliance: { customerManagedKeys: true } });
    const json = synthStack(stack);
    expect(resources(json, "aws_kms_key").map(([name]) => name)).toEqual(["data-key"]);
    expect(resources(json, "aws_db_instance")[0]![1]["kms_key_id"]).toBe("${aws_kms_key.data-key.arn}");
  });

  it("PostgresHa is one cluster: shards are rejected there (Environment makes one per shard)", () => {
    const { stack, network } = userStack();
    expect(problemLines(() => new PostgresHa(stack, "db", { ...where, network, clients: [], shape: { vcpu: 4, memoryGiB: 32 }, storageGiB: 200, ha: true, readReplicas: 0, shards: 2 }))).toEqual([
      "shards: expected 1: a PostgresHa is one cluster (create one per shard; Environment does this for database.shards), got 2",
    ]);
  });

  it("RedisCluster renders cluster mode from the same model the tiers use", () => {
    const { stack, network } = userStack();
    const redis = new RedisCluster(stack, "sessions", { ...where, network, clients: ["sg-0app"], mode: "cluster", memoryGiB: 12, shards: 2, replicasPerShard: 1 });
    const rg = resources(synthStack(stack), "aws_elasticache_replication_group")[0]![1];
    expect(rg).toMatchObject({ num_node_groups: 2, replicas_per_node_group: 1, node_type: "cache.r6g.large" });
    expect(redis.outputs.auth).toBe("iam");
  });

  it("GpuNodePool adds a tainted NVIDIA pool to an existing cluster", () => {
    const { stack } = userStack();
    const net = new Network(stack, "net", { ...where, zones: 2, kubernetes: true });
    const cluster = new KubernetesCluster(stack, "k8s", {
      ...where,
      network: net.ref,
      version: "1.33",
      nodePools: [{ name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 2, max: 6 }],
      app: { image: "ghcr.io/acme/api:1.0.0", port: 8080, healthCheckPath: "/healthz" },
      domain: "api.example.com",
    });
    new GpuNodePool(stack, "inference", { cluster, name: "l4", shape: { vcpu: 4, memoryGiB: 16 }, gpu: { accelerator: "l4", count: 1 }, min: 0, max: 4 });
    const groups = Object.fromEntries(resources(synthStack(stack), "aws_eks_node_group").map(([, g]) => [g["node_group_name"], g]));
    expect(groups["l4"]).toMatchObject({
      ami_type: "AL2023_x86_64_NVIDIA",
      instance_types: ["g6.xlarge"],
      taint: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
      scaling_config: { min_size: 0, max_size: 4, desired_size: 0 },
    });
  });

  it("Cdn can front any origin the user names", () => {
    const { stack } = userStack();
    const cdn = new Cdn(stack, "edge", { ...where, domain: "www.example.org", appOrigin: { host: "origin.example.org" } });
    const dist = resources(synthStack(stack), "aws_cloudfront_distribution")[0]![1];
    expect(dist["aliases"]).toEqual(["www.example.org"]);
    expect(dist["origin"].map((o: { domain_name: string }) => o.domain_name)).toContain("origin.example.org");
    expect(typeof cdn.certificate?.records).toBe("string");
  });

  it("reports component mistakes with paths as the user wrote them (flat), all at once", () => {
    const { stack, network } = userStack();
    expect(
      problemLines(
        () =>
          new VmFleet(stack, "web", {
            ...where,
            region: "eu-west-9",
            network,
            servers: 2,
            shape: { vcpu: 8, memoryGiB: 32 },
            diskGiB: 10,
            exposure: "private",
            app: { image: "nginx:1.27", port: 8080, healthCheckPath: "/" },
          }),
      ),
    ).toEqual([
      "diskGiB: expected an integer 20–16384, got 10",
      'exposure: expected "loadBalancer" when servers > 1 (2 servers need one entry point), got "private"',
      expect.stringMatching(/^region: expected one of the aws regions .*, got "eu-west-9"$/),
    ]);
    expect(problemLines(() => new RedisCluster(stack, "c", { ...where, network: { ...network, zones: ["eu-west-1a"] }, clients: [], mode: "replicated", memoryGiB: 4, replicasPerShard: 1 }))).toEqual([
      'mode: needs a network with ≥ 2 zones for failover, got "replicated"',
    ]);
  });
});

describe("node pools start with the count they ask for", () => {
  const pools = [{ name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 2, max: 10, desired: 5 }] as const;
  const where = {
    aws: { cloud: "aws", region: "us-west-2" },
    gcp: { cloud: "gcp", region: "us-central1", project: "acme-prod-123" },
    azure: { cloud: "azure", region: "eastus" },
  } as const;
  const pool = (cloud: keyof typeof where, type: string) => {
    const { infra } = synthEnvironment(large({ ...where[cloud], name: "acme", environment: "prod", domain: "app.example.com", compute: { nodePools: [...pools] } }));
    return resources(infra, type)[0]![1];
  };

  it("on every cloud; the autoscaler owns the count afterwards", () => {
    expect(pool("aws", "aws_eks_node_group")["scaling_config"]).toMatchObject({ min_size: 2, max_size: 10, desired_size: 5 });
    const gke = pool("gcp", "google_container_node_pool");
    expect(gke["initial_node_count"]).toBe(2); // per zone, 3 zones: 6 nodes to start, within max
    expect(gke["lifecycle"]).toEqual({ ignore_changes: ["initial_node_count"] });
    expect(pool("azure", "azurerm_kubernetes_cluster_node_pool")).toMatchObject({ min_count: 2, max_count: 10, node_count: 5, lifecycle: { ignore_changes: ["node_count"] } });
  });

  it("within min and max", () => {
    expect(() => large({ ...where.aws, name: "acme", environment: "prod", domain: "app.example.com", compute: { nodePools: [{ ...pools[0], desired: 11 }] } })).toThrow(
      "compute.nodePools[0].desired: expected within min–max (2–10), got 11",
    );
  });
});

describe("rotating a write-only admin password", () => {
  const rotated = { database: { passwordVersion: 2 } };
  it("sends the new password to the server and the secret store on every cloud that takes it write-only", () => {
    const gcp = synthEnvironment(large({ cloud: "gcp", region: "us-central1", project: "acme-prod-123", name: "acme", environment: "prod", domain: "app.example.com", ...rotated })).infra;
    expect(resources(gcp, "google_sql_user").filter(([, u]) => u["password_wo"]).map(([, u]) => u["password_wo_version"])).toEqual([2]);
    expect(resources(gcp, "google_secret_manager_secret_version").filter(([, v]) => v["secret_data_wo"]).map(([, v]) => v["secret_data_wo_version"])).toEqual([2]);
    const azure = synthEnvironment(large({ cloud: "azure", region: "eastus", name: "acme", environment: "prod", domain: "app.example.com", ...rotated })).infra;
    const servers = resources(azure, "azurerm_postgresql_flexible_server").filter(([, s]) => s["administrator_password_wo"]);
    expect(servers.map(([, s]) => s["administrator_password_wo_version"])).toEqual([2]);
    // The password's secret (from the ephemeral variable); the cache's access key is written write-only too, at its own version.
    expect(resources(azure, "azurerm_key_vault_secret").filter(([, s]) => String(s["value_wo"]).startsWith("${var.")).map(([, s]) => s["value_wo_version"])).toEqual([2]);
    const aws = synthEnvironment(enterprise({ cloud: "aws", regions: ["us-west-2", "us-east-1"], name: "acme", environment: "prod", domain: "www.example.com", dnsZoneId: "Z0123456789ABC", ...rotated }));
    expect(resources(aws.infra, "aws_rds_cluster").map(([, c]) => c["master_password_wo_version"])).toEqual([2]);
    expect(resources(aws.infra, "aws_secretsmanager_secret_version").filter(([, v]) => v["secret_string_wo"]).map(([, v]) => v["secret_string_wo_version"])).toEqual([2]);
  });
});

describe("standalone components check the network they are given", () => {
  const db = { name: "orders-prod", shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, ha: false, readReplicas: 0, clients: [] } as const;
  const awsNetwork = { cloud: "aws", id: "vpc-1", cidr: "10.0.0.0/16", zones: ["us-west-2a", "us-west-2b"], privateSubnetIds: ["subnet-a"], publicSubnetIds: [] } as const;
  const linesFor = (props: Record<string, unknown>) => problemLines(() => new PostgresHa(new TerraformStack(Testing.app(), "s"), "orders", props as never));

  it("names a missing network, another cloud's network, missing fields and the handles a cloud needs", () => {
    expect(linesFor({ ...db, cloud: "aws", region: "us-west-2" })).toEqual([
      "network: required: the network to live in, { cloud, id, cidr, zones, privateSubnetIds, publicSubnetIds } (a Network's ref, or your own)",
    ]);
    expect(linesFor({ ...db, cloud: "gcp", region: "us-central1", project: "acme-prod-123", network: awsNetwork })).toEqual(['network.cloud: expected "gcp", the component\'s cloud, got "aws"']);
    expect(linesFor({ ...db, cloud: "aws", region: "us-west-2", network: { ...awsNetwork, zones: undefined, privateSubnetIds: [] } })).toEqual([
      'network.zones: expected the zones the network spans, e.g. ["us-west-2a", "us-west-2b"]',
      "network.privateSubnetIds: expected the private subnets, one per zone, got []",
    ]);
    expect(linesFor({ ...db, cloud: "azure", region: "eastus", resourceGroup: "rg", network: { ...awsNetwork, cloud: "azure" } })).toEqual([
      "network.attributes.databaseSubnetId: required on azure by this component",
    ]);
  });
});
