import { describe, expect, it } from "vitest";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "../src/core/tf";
import { Cdn } from "../src/components/cdn";
import { GpuNodePool, KubernetesCluster, VmFleet } from "../src/components/compute";
import { PostgresHa, RedisCluster } from "../src/components/data-stores";
import { Network } from "../src/components/network";
import type { NetworkRef } from "../src/core/contracts";
import { problemLines, resources, synthEnvironment, synthStack } from "./helpers";
import { parseOrThrow } from "../src/core/parse";
import { networkAttribute, requireNetworkAttribute } from "../src/core/network-ref";
import { TopologySchema } from "../src/model/topology";
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
      'mode: needs a network with ≥ 2 zones for failover (modes "replicated" and "cluster"), got "replicated"',
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
    const { infra } = synthEnvironment(large({ ...where[cloud], name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com", compute: { nodePools: [...pools] } }));
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
    expect(() => large({ ...where.aws, name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com", compute: { nodePools: [{ ...pools[0], desired: 11 }] } })).toThrow(
      "compute.nodePools[0].desired: expected within min–max (2–10), got 11",
    );
  });
});

describe("rotating a write-only admin password", () => {
  const rotated = { database: { passwordVersion: 2 } };
  it("sends the new password to the server and the secret store on every cloud that takes it write-only", () => {
    const gcp = synthEnvironment(large({ cloud: "gcp", region: "us-central1", project: "acme-prod-123", name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com", ...rotated })).infra;
    expect(resources(gcp, "google_sql_user").filter(([, u]) => u["password_wo"]).map(([, u]) => u["password_wo_version"])).toEqual([2]);
    expect(resources(gcp, "google_secret_manager_secret_version").filter(([, v]) => v["secret_data_wo"]).map(([, v]) => v["secret_data_wo_version"])).toEqual([2]);
    const azure = synthEnvironment(large({ cloud: "azure", region: "eastus", name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "app.example.com", ...rotated })).infra;
    const servers = resources(azure, "azurerm_postgresql_flexible_server").filter(([, s]) => s["administrator_password_wo"]);
    expect(servers.map(([, s]) => s["administrator_password_wo_version"])).toEqual([2]);
    // The password's secret (from the ephemeral variable); the cache's access key is written write-only too, at its own version.
    expect(resources(azure, "azurerm_key_vault_secret").filter(([, s]) => String(s["value_wo"]).startsWith("${var.")).map(([, s]) => s["value_wo_version"])).toEqual([2]);
    const aws = synthEnvironment(enterprise({ cloud: "aws", regions: ["us-west-2", "us-east-1"], name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, domain: "www.example.com", dnsZoneId: "Z0123456789ABC", ...rotated }));
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

  it("on Azure, a cache needs the private-endpoint subnet and servers the nodes' security group (typed NetworkAttributes)", () => {
    const azureNetwork = { ...awsNetwork, cloud: "azure" } as const;
    const azure = { cloud: "azure", name: "orders-prod", region: "eastus", resourceGroup: "rg" } as const;
    expect(problemLines(() => new RedisCluster(new TerraformStack(Testing.app(), "s"), "cache", { ...azure, network: azureNetwork, clients: [], mode: "single", memoryGiB: 4 }))).toEqual([
      "network.attributes.endpointsSubnetId: required on azure by this component",
    ]);
    const app = { image: "nginx:1.27", port: 8080, healthCheckPath: "/" };
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5 ops@acme";
    expect(problemLines(() => new VmFleet(new TerraformStack(Testing.app(), "s"), "app", { ...azure, network: azureNetwork, app, servers: 1, shape: { vcpu: 2, memoryGiB: 8 }, diskGiB: 20, exposure: "public", sshPublicKey: key }))).toEqual([
      "network.attributes.nodesSecurityGroup: required on azure by this component",
    ]);
  });

  it("a renderer reading a handle the network lacks says which one, rather than sending undefined to the provider", () => {
    const ref = { cloud: "azure", id: "vnet", cidr: "10.0.0.0/16", zones: ["1"], privateSubnetIds: ["s"], publicSubnetIds: [] } as const;
    expect(problemLines(() => requireNetworkAttribute(ref, "azure", "vnetName"))).toEqual(["network.attributes.vnetName: required on azure: the network's vnetName (a tierform Network's ref carries it)"]);
    expect(networkAttribute({ ...ref, attributes: { vnetName: "acme" } }, "azure", "vnetName")).toBe("acme");
  });
});

describe("one rule, one wording: a component's rules say the same in a topology (under its path) and standalone (flat)", () => {
  const topology = {
    name: "acme",
    environment: "dev",
    cloud: "aws",
    regions: ["us-west-2"],
    app: { image: "ghcr.io/acme/api:1.4.2", port: 8080, healthCheckPath: "/healthz" },
    compute: { kind: "vm", servers: 1, shape: { vcpu: 2, memoryGiB: 8 }, diskGiB: 100, exposure: "public" },
  } as const;
  const viaTopology = (patch: Record<string, unknown>) => problemLines(() => parseOrThrow(TopologySchema, { ...topology, ...patch }, "topology"));
  const stack = () => new TerraformStack(Testing.app(), "mine");
  const app = topology.app;
  const aws = { cloud: "aws", name: "acme-dev", region: "us-west-2" } as const;
  const gcp = { cloud: "gcp", name: "acme-dev", region: "us-central1", project: "acme-dev-123" } as const;
  const azure = { cloud: "azure", name: "acme-dev", region: "eastus", resourceGroup: "acme-dev" } as const;
  const net = (cloud: "aws" | "gcp" | "azure", zones: number, cidr = "10.0.0.0/16"): NetworkRef =>
    ({
      cloud,
      id: "net-1",
      cidr,
      zones: ["z1", "z2", "z3"].slice(0, zones),
      privateSubnetIds: ["subnet-a"],
      publicSubnetIds: [],
      attributes: { databaseSubnetId: "db-subnet", endpointsSubnetId: "pe-subnet", nodesSecurityGroup: "nodes-nsg" },
    }) as NetworkRef;
  const db = { shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, ha: false, readReplicas: 0 } as const;
  const cache = { mode: "single", memoryGiB: 4 } as const;
  const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5 ops@acme";
  const vm = topology.compute;
  const { kind: _vm, ...vmProps } = vm;
  const pools = [{ name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 1, max: 3 }] as const;
  const k8s = { kind: "kubernetes", version: "1.33", nodePools: pools } as const;
  const { kind: _k8s, ...k8sProps } = k8s;
  const cluster = (props: Record<string, unknown>, network = net("aws", 2)) => () =>
    new KubernetesCluster(stack(), "k8s", { ...aws, network, app, domain: "app.example.com", ...k8sProps, ...props } as never);
  const postgres = (props: Record<string, unknown>, where: object = aws, network = net("aws", 2)) => () =>
    new PostgresHa(stack(), "db", { ...where, network, clients: [], ...db, ...props } as never);
  const redis = (props: Record<string, unknown>, where: object = aws, network = net("aws", 2)) => () =>
    new RedisCluster(stack(), "cache", { ...where, network, clients: [], ...cache, ...props } as never);
  const fleet = (props: Record<string, unknown>, where: object = aws, network = net("aws", 2)) => () =>
    new VmFleet(stack(), "app", { ...where, network, app, ...vmProps, ...props } as never);

  it.each<[string, Record<string, unknown>, string, () => unknown, string]>([
    // database (the topology had all of these; PostgresHa lacked the version, user name and catalog-name rules)
    ["an HA database in one zone", { network: { zones: 1 }, database: { ...db, ha: true } }, "database.", postgres({ ha: true }, aws, net("aws", 1)), "ha: needs a network with ≥ 2 zones (the standby lives in another zone), got true"],
    ["HA on a burstable class", { cloud: "azure", regions: ["eastus"], compute: { ...vm, sshPublicKey: KEY }, database: { ...db, ha: true, instanceClass: "B_Standard_B2s" } }, "database.", postgres({ ha: true, instanceClass: "B_Standard_B2s" }, azure, net("azure", 2)), 'instanceClass: expected a class that supports HA on azure (shared-core and burstable classes cannot run a standby), got "B_Standard_B2s"'],
    ["a Postgres version the cloud does not offer", { database: { ...db, version: 18 } }, "database.", postgres({ version: 18 }), "version: expected a version offered on aws: 13, 14, 15, 16, 17, got 18"],
    ["an admin user the service keeps", { database: { ...db, username: "rdsadmin" } }, "database.", postgres({ username: "rdsadmin" }), 'username: expected a name the aws database service does not keep for itself (rdsadmin, rdsrepladmin, rds_superuser, rds_replication, rds_iam, postgres, public, pg_…, rds_…), got "rdsadmin"'],
    ["a database class that does not exist", { database: { ...db, instanceClass: "db.r6g.2xlage" } }, "database.", postgres({ instanceClass: "db.r6g.2xlage" }), 'instanceClass: expected a database class the aws catalog lists; did you mean db.r6g.2xlarge, db.m6g.2xlarge, db.r6g.xlarge? (a real type the catalog does not list: add it to catalog.allowMachineTypes), got "db.r6g.2xlage"'],
    // cache (RedisCluster lacked the replicas-per-shard limit)
    ["a failover cache in one zone", { network: { zones: 1 }, cache: { mode: "replicated", memoryGiB: 4, replicasPerShard: 1 } }, "cache.", redis({ mode: "replicated", replicasPerShard: 1 }, aws, net("aws", 1)), 'mode: needs a network with ≥ 2 zones for failover (modes "replicated" and "cluster"), got "replicated"'],
    ["a cache node type that does not exist", { cache: { ...cache, nodeType: "cache.r6g.larg" } }, "cache.", redis({ nodeType: "cache.r6g.larg" }), 'nodeType: expected a cache node type the aws catalog lists; did you mean cache.r6g.large, cache.m6g.large, cache.r6g.xlarge? (a real type the catalog does not list: add it to catalog.allowMachineTypes), got "cache.r6g.larg"'],
    ["more replicas per shard than the cloud runs", { cloud: "gcp", regions: ["us-central1"], project: "acme-dev-123", cache: { mode: "cluster", memoryGiB: 4, replicasPerShard: 3 } }, "cache.", redis({ mode: "cluster", replicasPerShard: 3 }, gcp, net("gcp", 2)), 'replicasPerShard: expected ≤ 2 on gcp in mode "cluster", got 3'],
    // VM servers (the wording differed)
    ["Azure servers without an admin key", { cloud: "azure", regions: ["eastus"] }, "compute.", fleet({}, azure, net("azure", 2)), "sshPublicKey: required on azure: Azure needs an admin public key for Linux servers (no password is ever set)"],
    ["a machine type with a typo", { compute: { ...vm, instanceType: "m6a.xlarg" } }, "compute.", fleet({ instanceType: "m6a.xlarg" }), 'instanceType: expected a machine type the aws catalog lists; did you mean m6a.xlarge, m6a.large, m6a.2xlarge? (a real type the catalog does not list: add it to catalog.allowMachineTypes), got "m6a.xlarg"'],
    ["another cloud's machine type", { compute: { ...vm, instanceType: "Standard_D4s_v5" } }, "compute.", fleet({ instanceType: "Standard_D4s_v5" }), 'instanceType: expected a machine type on aws; that is an azure machine type (4 vCPU / 16 GiB on aws: m6a.xlarge), got "Standard_D4s_v5"'],
    ["a load balancer without a hostname", { compute: { ...vm, servers: 2, exposure: "loadBalancer" } }, "", fleet({ servers: 2, exposure: "loadBalancer" }), "domain: required with a load balancer or CDN: HTTPS needs a certificate for the app's hostname (e.g. app.example.com)"],
    // the DNS zone (KubernetesCluster, VmFleet and Cdn lacked the zone-name rule)
    ["a DNS zone that is not one", { domain: "app.example.com", dnsZoneId: "example.com" }, "", fleet({ domain: "app.example.com", dnsZoneId: "example.com" }), 'dnsZoneId: expected a aws DNS zone such as Z0123456789ABC (a Route 53 hosted zone id), got "example.com"'],
    // Kubernetes (KubernetesCluster lacked the pod and service range rules)
    ["an unsupported Kubernetes version", { domain: "app.example.com", compute: { ...k8s, version: "1.29" } }, "compute.", cluster({ version: "1.29" }), 'version: expected a supported version: 1.31, 1.32, 1.33, 1.34, got "1.29"'],
    ["a node type with a typo", { domain: "app.example.com", compute: { ...k8s, nodePools: [{ ...pools[0], instanceType: "m6a.xlarg" }] } }, "compute.", cluster({ nodePools: [{ ...pools[0], instanceType: "m6a.xlarg" }] }), 'nodePools[0].instanceType: expected a machine type the aws catalog lists; did you mean m6a.xlarge, m6a.large, m6a.2xlarge? (a real type the catalog does not list: add it to catalog.allowMachineTypes), got "m6a.xlarg"'],
    ["pods numbered from the network's range", { domain: "app.example.com", network: { cidr: "10.20.0.0/16" }, compute: { ...k8s, podCidr: "10.20.0.0/16" } }, "compute.", cluster({ podCidr: "10.20.0.0/16" }, net("aws", 2, "10.20.0.0/16")), 'podCidr: expected a range outside network.cidr (10.20.0.0/16), got "10.20.0.0/16"'],
    ["services inside the pod range", { domain: "app.example.com", compute: { ...k8s, serviceCidr: "100.64.0.0/20" } }, "compute.", cluster({ serviceCidr: "100.64.0.0/20" }), 'serviceCidr: expected a range outside the pod range podCidr (100.64.0.0/16), got "100.64.0.0/20"'],
    // where it renders
    ["GCP without a project", { cloud: "gcp", regions: ["us-central1"] }, "", redis({}, { ...gcp, project: undefined }, net("gcp", 2)), "project: required on gcp: the id of the GCP project to deploy into (e.g. acme-prod-123)"],
  ])("%s", (_label, patch, prefix, component, line) => {
    expect(viaTopology(patch)).toContain(`${prefix}${line}`);
    expect(problemLines(component)).toContain(line);
  });

  it("a CDN checks its DNS zone the same way", () => {
    expect(problemLines(() => new Cdn(stack(), "cdn", { ...aws, domain: "app.example.com", dnsZoneId: "example.com", routeApp: false }))).toEqual([
      'dnsZoneId: expected a aws DNS zone such as Z0123456789ABC (a Route 53 hosted zone id), got "example.com"',
    ]);
  });

  it("a node pool added to a cluster is checked like the cluster's own, at its own (flat) paths, and takes a name the cluster does not use", () => {
    const { stack: s } = userStack();
    const k = new KubernetesCluster(s, "k8s", { ...where, network: net("aws", 2), app, domain: "app.example.com", ...k8sProps, nodePools: [...k8sProps.nodePools] });
    expect(problemLines(() => new GpuNodePool(s, "gpu", { cluster: k, name: "general", shape: { vcpu: 4, memoryGiB: 16 }, gpu: { accelerator: "l4", count: 1 }, instanceType: "g6.xlarg", min: 0, max: 2 }))).toEqual([
      'instanceType: expected a machine type the aws catalog lists; did you mean g6.xlarge, g6.2xlarge, g6.4xlarge? (a real type the catalog does not list: add it to catalog.allowMachineTypes), got "g6.xlarg"',
      'name: expected a pool name the cluster does not use yet (general), got "general"',
    ]);
    new GpuNodePool(s, "l4", { cluster: k, name: "l4", shape: { vcpu: 4, memoryGiB: 16 }, gpu: { accelerator: "l4", count: 1 }, min: 0, max: 2 });
    expect(problemLines(() => new GpuNodePool(s, "l4-again", { cluster: k, name: "l4", shape: { vcpu: 4, memoryGiB: 16 }, gpu: { accelerator: "l4", count: 1 }, min: 0, max: 2 }))).toEqual([
      'name: expected a pool name the cluster does not use yet (general, l4), got "l4"',
    ]);
  });
});

describe("a machine type the catalog does not list, vouched for with catalog.allowMachineTypes", () => {
  it("is used as written by a standalone component, which takes the same catalog prop", () => {
    const { stack, network } = userStack();
    const props = { ...where, network, app: { image: "nginx:1.27", port: 8080, healthCheckPath: "/" }, servers: 1, shape: { vcpu: 8, memoryGiB: 32 }, diskGiB: 20, exposure: "private", instanceType: "m7i.48xlarge" } as const;
    expect(problemLines(() => new VmFleet(stack, "rejected", props))[0]).toMatch(/^instanceType: expected a machine type the aws catalog lists; did you mean .* add it to catalog.allowMachineTypes\), got "m7i.48xlarge"$/);
    new VmFleet(stack, "web", { ...props, catalog: { allowMachineTypes: ["m7i.48xlarge"] } });
    const templates = resources(synthStack(stack), "aws_launch_template");
    expect(templates.map(([, t]) => t["instance_type"])).toEqual(["m7i.48xlarge"]);
  });

  it("reaches the components an Environment makes (the topology's catalog)", () => {
    const { infra } = synthEnvironment({
      name: "acme",
      environment: "dev",
      cloud: "aws",
      regions: ["us-west-2"],
      app: { image: "ghcr.io/acme/api:1.4.2", port: 8080, healthCheckPath: "/healthz" },
      compute: { kind: "vm", servers: 1, shape: { vcpu: 8, memoryGiB: 32 }, diskGiB: 100, exposure: "private", instanceType: "m7i.48xlarge" },
      database: { shape: { vcpu: 2, memoryGiB: 8 }, storageGiB: 100, ha: false, readReplicas: 0, instanceClass: "db.r7g.large" },
      catalog: { allowMachineTypes: ["m7i.48xlarge", "db.r7g.large"] },
    });
    expect(resources(infra, "aws_launch_template").map(([, t]) => t["instance_type"])).toEqual(["m7i.48xlarge"]);
    expect(resources(infra, "aws_db_instance").map(([, d]) => d["instance_class"])).toEqual(["db.r7g.large"]);
  });
});
