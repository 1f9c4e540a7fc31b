import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import type { Cloud } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { synthesize, type SynthResult } from "../src/testing";
import { cidrRange } from "../src/plan/subnets";
import { enterprise } from "../tiers";
import { exampleWorkloads } from "../examples/workloads";
import { lint } from "../src/testing/lint";
import { only, problemLines, resources, type TfJson } from "./helpers";

// The enterprise tier in two regions, on every cloud: what a reviewer of a multi-region change checks.

interface Synthed {
  env: Environment;
  out: SynthResult;
  primary: TfJson;
  secondary: TfJson;
  global: TfJson;
  names: { primary: string; secondary: string; global: string };
}

const synthed = {} as Record<Cloud, Synthed>;
beforeAll(() => {
  for (const cloud of ["aws", "gcp", "azure"] as const) {
    const env = new Environment(Testing.app(), "ent", demoTopology("enterprise", cloud));
    const out = synthesize(env);
    const names = { primary: env.regions[0]!.stack.node.id, secondary: env.regions[1]!.stack.node.id, global: env.global!.node.id };
    synthed[cloud] = { env, out, primary: out[names.primary]!, secondary: out[names.secondary]!, global: out[names.global]!, names };
  }
});

/** A reference to another stack's output, read from that stack's state. */
const fromStack = (stack: string) => new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[^.]*--${stack}\\.outputs\\.`);
const refTo = (type: string) => new RegExp(`^\\$\\{${type}\\.`);

describe("stack layout", () => {
  it.each([
    ["aws", "usw2", "use1"],
    ["gcp", "usc1", "use4"],
    ["azure", "eus", "wus3"],
  ] as const)("%s: an infra and a platform stack per region plus a global stack, with stable names", (cloud, first, second) => {
    const { out, env } = synthed[cloud];
    const p = `ent-${cloud}-prod`;
    expect(Object.keys(out).sort()).toEqual([`${p}-${first}-infra`, `${p}-${first}-platform`, `${p}-${second}-infra`, `${p}-${second}-platform`, `${p}-global`].sort());
    // Apply order: the primary, then the secondary (it joins the primary's replication groups), then the edge.
    expect(env.regions[1]!.stack.dependencies).toContain(env.regions[0]!.stack);
    expect(env.global!.dependencies).toEqual(expect.arrayContaining([env.regions[0]!.stack, env.regions[1]!.stack]));
    for (const r of env.regions) expect(r.platform!.dependencies.includes(r.stack)).toBe(true);
  });

  it("runs the setup Job in the primary region; in a secondary only where its identities are regional, against the writer", () => {
    for (const cloud of ["aws", "gcp", "azure"] as const) {
      // Without workloads, a secondary has no logins to register.
      const bareApp = Testing.app();
      const bareEnv = new Environment(bareApp, `bare-${cloud}`, { ...demoTopology("enterprise", cloud), workloads: [] });
      const bare = synthesize(bareApp);
      expect(bareEnv.regions.map((r) => resources(bare[r.platform!.node.id]!, "kubernetes_job_v1").length), cloud).toEqual([1, 0]);
      // The default app's enterprise runs the example workloads in every region.
      const { out, env } = synthed[cloud];
      const jobs = env.regions.map((r) => resources(out[r.platform!.node.id]!, "kubernetes_job_v1").map(([, j]) => j));
      // AWS's app role replicates with the global database and IAM grants are per region: nothing to run there.
      expect(jobs.map((j) => j.length), cloud).toEqual(cloud === "aws" ? [1, 0] : [1, 1]);
      if (cloud === "aws") continue;
      const env2 = Object.fromEntries((jobs[1]![0]!["spec"]["template"]["spec"]["container"][0]["env"] as { name: string; value: string }[]).map((e) => [e.name, e.value]));
      // The secondary's own identities, registered on the primary (the replica is read-only).
      expect(env2["SERVER_SQL"]).toContain(cloud === "gcp" ? "@tierform-demo-prod.iam" : "pgaadauth_create_principal_with_oid");
      expect(env2["PGHOST"]).toMatch(cloud === "gcp" ? /private_ip_address/ : /\.writer\.postgres\.database\.azure\.com$/);
    }
  });

  it("outputs, per region, its role and which endpoints take writes", () => {
    for (const cloud of ["aws", "gcp", "azure"] as const) {
      const { primary, secondary } = synthed[cloud];
      expect(primary.output!["region_role"]!["value"], cloud).toBe("primary");
      expect(secondary.output!["region_role"]!["value"], cloud).toBe("secondary");
      for (const kind of ["database", "cache"]) expect(primary.output![`${kind}_writer_endpoint`]!["value"], cloud).toBe(primary.output![`${kind}_endpoint`]!["value"]);
    }
    const writer = (cloud: Cloud, kind: string) => synthed[cloud].secondary.output![`${kind}_writer_endpoint`]!["value"];
    const local = (cloud: Cloud, kind: string) => synthed[cloud].secondary.output![`${kind}_endpoint`]!["value"];
    // AWS: Aurora forwards writes, the Global Datastore secondary is read-only.
    expect(writer("aws", "database")).toBe(local("aws", "database"));
    expect(writer("aws", "cache")).toMatch(fromStack(synthed.aws.names.primary));
    // GCP: both secondaries are read-only until promoted.
    expect(writer("gcp", "database")).toMatch(fromStack(synthed.gcp.names.primary));
    expect(writer("gcp", "cache")).toMatch(fromStack(synthed.gcp.names.primary));
    // Azure: the local endpoint is the read-write virtual endpoint; Managed Redis is writable everywhere.
    expect(writer("azure", "database")).toBe("ent-azure-prod-pg.writer.postgres.database.azure.com");
    expect(writer("azure", "cache")).toBe(local("azure", "cache"));
  });

  it("hands each region's workloads the writer hosts in their connection secret", () => {
    const env = new Environment(Testing.app(), "ent", { ...demoTopology("enterprise", "gcp"), workloads: exampleWorkloads });
    const out = synthesize(env);
    const primaryStack = env.regions[0]!.stack.node.id;
    const secretsOf = (i: number) => resources(out[env.regions[i]!.platform!.node.id]!, "kubernetes_secret_v1").map(([, s]) => s["data"] as Record<string, string>);
    const withCache = secretsOf(1).filter((d) => d["REDIS_HOST"]);
    expect(withCache.length).toBeGreaterThan(0);
    for (const data of withCache) {
      expect(data["REDIS_HOST"]).not.toMatch(fromStack(primaryStack));
      expect(data["REDIS_WRITER_HOST"]).toMatch(fromStack(primaryStack));
    }
    for (const data of secretsOf(0).filter((d) => d["REDIS_HOST"])) expect(data["REDIS_WRITER_HOST"]).toBe(data["REDIS_HOST"]);
  });
});

describe("one cluster per region, in that region, on address blocks that never overlap", () => {
  const cluster = { aws: "aws_eks_cluster", gcp: "google_container_cluster", azure: "azurerm_kubernetes_cluster" } as const;
  const regionOf = {
    aws: (json: TfJson) => json.provider!["aws"]![0]!["region"],
    gcp: (json: TfJson) => only(json, "google_container_cluster")["location"],
    azure: (json: TfJson) => only(json, "azurerm_kubernetes_cluster")["location"],
  };
  const networkCidrs = {
    aws: (json: TfJson) => resources(json, "aws_subnet").map(([, s]) => s["cidr_block"] as string),
    gcp: (json: TfJson) => resources(json, "google_compute_subnetwork").flatMap(([, s]) => [s["ip_cidr_range"] as string, ...(s["secondary_ip_range"] ?? []).map((r: any) => r["ip_cidr_range"] as string)]),
    azure: (json: TfJson) => resources(json, "azurerm_virtual_network").flatMap(([, v]) => v["address_space"] as string[]),
  };

  it.each(["aws", "gcp", "azure"] as const)("%s", (cloud) => {
    const { primary, secondary } = synthed[cloud];
    const regions = demoTopology("enterprise", cloud).regions;
    expect(resources(primary, cluster[cloud])).toHaveLength(1);
    expect(resources(secondary, cluster[cloud])).toHaveLength(1);
    expect([regionOf[cloud](primary), regionOf[cloud](secondary)]).toEqual(regions);
    const a = networkCidrs[cloud](primary).map(cidrRange);
    const b = networkCidrs[cloud](secondary).map(cidrRange);
    expect(a.length * b.length).toBeGreaterThan(0);
    for (const x of a) for (const y of b) expect(x[0] > y[1] || y[0] > x[1], `${cloud}: ${x} overlaps ${y}`).toBe(true);
  });

  it("aws: the secondary's VPC is peered with the primary's (accepted in the primary's region), routes both ways", () => {
    const { primary, secondary, names } = synthed.aws;
    const peering = only(secondary, "aws_vpc_peering_connection");
    expect(peering).toMatchObject({ peer_region: "us-west-2", auto_accept: false });
    expect(peering["peer_vpc_id"]).toMatch(fromStack(names.primary));
    expect(only(secondary, "aws_vpc_peering_connection_accepter")).toMatchObject({ provider: "aws.us_west_2", auto_accept: true });
    const routes = resources(secondary, "aws_route").map(([, r]) => r).filter((r) => r["vpc_peering_connection_id"]);
    expect(routes.filter((r) => r["provider"] === "aws.us_west_2").map((r) => r["destination_cidr_block"])).toEqual(["10.1.0.0/16", "10.1.0.0/16", "10.1.0.0/16"]);
    expect(routes.filter((r) => !r["provider"]).map((r) => r["destination_cidr_block"])).toEqual(["10.0.0.0/16", "10.0.0.0/16", "10.0.0.0/16"]);
    // Whichever member is primary admits the other region's apps on the Redis port.
    for (const [json, other] of [[primary, "10.1.0.0/16"], [secondary, "10.0.0.0/16"]] as const) {
      const rule = resources(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r).find((r) => r["cidr_ipv4"] === other)!;
      expect(rule).toMatchObject({ from_port: 6379, to_port: 6379, ip_protocol: "tcp" });
    }
  });

  it("azure: the secondary's VNet is peered with the primary's, both ways, so apps reach the writer privately", () => {
    const { secondary, names } = synthed.azure;
    const peerings = resources(secondary, "azurerm_virtual_network_peering").map(([, p]) => p);
    expect(peerings).toHaveLength(2);
    const toPrimary = peerings.find((p) => p["name"] === "ent-azure-prod-wus3-to-primary")!;
    expect(toPrimary["remote_virtual_network_id"]).toMatch(fromStack(names.primary));
    const fromPrimary = peerings.find((p) => p["name"] === "ent-azure-prod-wus3-from-secondary")!;
    expect(fromPrimary["virtual_network_name"]).toMatch(fromStack(names.primary));
    expect(fromPrimary["remote_virtual_network_id"]).toMatch(refTo("azurerm_virtual_network"));
    expect(resources(synthed.azure.primary, "azurerm_virtual_network_peering")).toHaveLength(0);
  });

  it("gcp: both regions' subnets live in the primary's global VPC; only the primary creates it", () => {
    const { primary, secondary, names } = synthed.gcp;
    expect(resources(primary, "google_compute_network")).toHaveLength(1);
    expect(resources(secondary, "google_compute_network")).toHaveLength(0);
    expect(only(secondary, "google_container_cluster")["network"]).toMatch(fromStack(names.primary));
  });
});

describe("global PostgreSQL", () => {
  it("aws: an Aurora global database: the primary creates it, the secondary joins it and forwards writes", () => {
    const { primary, secondary } = synthed.aws;
    expect(only(primary, "aws_rds_global_cluster")).toMatchObject({ global_cluster_identifier: "ent-aws-prod-pg", engine: "aurora-postgresql", storage_encrypted: true, deletion_protection: true });
    const writer = only(primary, "aws_rds_cluster");
    expect(writer["global_cluster_identifier"]).toMatch(refTo("aws_rds_global_cluster"));
    // Global clusters cannot use managed passwords: write-only, from an ephemeral variable.
    expect(writer).not.toHaveProperty("manage_master_user_password");
    expect(writer).toMatchObject({ master_password_wo: "${var.ent_aws_prod_pg_admin_password}", master_password_wo_version: 1 });
    expect((primary as any).variable["ent_aws_prod_pg_admin_password"]).toMatchObject({ ephemeral: true, sensitive: true });
    const reader = only(secondary, "aws_rds_cluster");
    expect(reader).toMatchObject({ global_cluster_identifier: "ent-aws-prod-pg", enable_global_write_forwarding: true, storage_encrypted: true, skip_final_snapshot: true });
    expect(reader).not.toHaveProperty("master_username");
    expect(secondary.provider!["aws"]![0]).toMatchObject({ region: "us-east-1" });
    // Writer + HA standby + 3 replicas in each region.
    expect(resources(primary, "aws_rds_cluster_instance")).toHaveLength(5);
    expect(resources(secondary, "aws_rds_cluster_instance")).toHaveLength(5);
  });

  it("gcp: a cross-region read replica of the primary instance for DR, REGIONAL so it is HA once promoted", () => {
    const { primary, secondary, names } = synthed.gcp;
    const main = resources(primary, "google_sql_database_instance").map(([, i]) => i).find((i) => !i["master_instance_name"])!;
    expect(main).toMatchObject({ region: "us-central1", settings: { availability_type: "REGIONAL" } });
    const dr = resources(secondary, "google_sql_database_instance").map(([, i]) => i).find((i) => i["name"] === "ent-gcp-prod-use4-pg")!;
    expect(dr).toMatchObject({ region: "us-east4", settings: { availability_type: "REGIONAL" }, replica_configuration: { failover_target: false } });
    expect(dr["master_instance_name"]).toMatch(fromStack(names.primary));
    // This region's app identities get IAM users on the primary (users are created there and replicate).
    for (const [, user] of resources(secondary, "google_sql_user")) expect(user["instance"]).toMatch(fromStack(names.primary));
  });

  it("azure: a geo read replica in the second region, with a read-write virtual endpoint that follows the primary", () => {
    const { primary, secondary, names } = synthed.azure;
    const replica = only(secondary, "azurerm_postgresql_flexible_server");
    expect(replica).toMatchObject({ create_mode: "Replica", location: "westus3" });
    expect(replica["source_server_id"]).toMatch(fromStack(names.primary));
    const endpoint = only(secondary, "azurerm_postgresql_flexible_server_virtual_endpoint");
    expect(endpoint).toMatchObject({ name: "ent-azure-prod-pg", type: "ReadWrite" });
    expect(endpoint["source_server_id"]).toMatch(fromStack(names.primary));
    expect(endpoint["replica_server_id"]).toMatch(refTo("azurerm_postgresql_flexible_server"));
    expect(secondary.output!["database_endpoint"]!["value"]).toBe("ent-azure-prod-pg.writer.postgres.database.azure.com");
    expect(resources(primary, "azurerm_postgresql_flexible_server").filter(([, s]) => s["create_mode"] !== "Replica")).toHaveLength(1);
  });
});

describe("after a failover, Terraform does not undo it", () => {
  const ignored = (json: TfJson, type: string) => resources(json, type).map(([, r]) => r["lifecycle"]?.["ignore_changes"] ?? []);
  it("aws: neither cluster fights a changed replication source; the Global Datastore keeps its group when the primary moves", () => {
    for (const json of [synthed.aws.primary, synthed.aws.secondary]) expect(ignored(json, "aws_rds_cluster")[0]).toContain("replication_source_identifier");
    expect(ignored(synthed.aws.primary, "aws_elasticache_global_replication_group")).toEqual([["primary_replication_group_id"]]);
  });
  it("gcp: the promoted DR instance is not recreated as a replica; cluster roles may swap", () => {
    const dr = resources(synthed.gcp.secondary, "google_sql_database_instance").map(([, i]) => i).find((i) => i["name"] === "ent-gcp-prod-use4-pg")!;
    expect(dr["lifecycle"]["ignore_changes"]).toEqual(["master_instance_name", "replica_configuration"]);
    for (const json of [synthed.gcp.primary, synthed.gcp.secondary]) expect(ignored(json, "google_redis_cluster")).toEqual([["cross_cluster_replication_config"]]);
  });
  it("azure: the promoted geo replica is not recreated", () => {
    expect(ignored(synthed.azure.secondary, "azurerm_postgresql_flexible_server")[0]).toEqual(expect.arrayContaining(["create_mode", "source_server_id"]));
  });
});

describe("global Redis", () => {
  it("aws: a Global Datastore from the primary's replication group; the secondary joins it by id", () => {
    const { primary, secondary, names } = synthed.aws;
    expect(only(primary, "aws_elasticache_global_replication_group")["primary_replication_group_id"]).toMatch(refTo("aws_elasticache_replication_group"));
    const member = only(secondary, "aws_elasticache_replication_group");
    expect(member["global_replication_group_id"]).toMatch(fromStack(names.primary));
    // Engine, node type and shards come from the global group; setting them on a member is rejected.
    for (const key of ["engine", "node_type", "num_node_groups", "at_rest_encryption_enabled"]) expect(member).not.toHaveProperty(key);
    expect(member).toMatchObject({ replicas_per_node_group: 2, automatic_failover_enabled: true });
  });

  it("gcp: Memorystore for Redis Cluster with the secondary replicating from the primary cluster", () => {
    const { secondary, names } = synthed.gcp;
    const cluster = only(secondary, "google_redis_cluster");
    expect(cluster["cross_cluster_replication_config"]).toMatchObject({ cluster_role: "SECONDARY" });
    expect(cluster["cross_cluster_replication_config"]["primary_cluster"]["cluster"]).toMatch(fromStack(names.primary));
    expect(cluster).toMatchObject({ region: "us-east4", shard_count: 6, replica_count: 2 });
  });

  it("azure: both Managed Redis caches name one geo-replication group, which the global stack links", () => {
    const { primary, secondary, global, names } = synthed.azure;
    for (const json of [primary, secondary]) {
      const cache = only(json, "azurerm_managed_redis");
      expect(cache["default_database"]).toMatchObject({ geo_replication_group_name: "ent-azure-prod-redis" });
      // Geo-replicated databases cannot persist.
      expect(cache["default_database"]).not.toHaveProperty("persistence_redis_database_backup_frequency");
    }
    const link = only(global, "azurerm_managed_redis_geo_replication");
    expect(link["managed_redis_id"]).toMatch(fromStack(names.primary));
    expect(link["linked_managed_redis_ids"]).toEqual([expect.stringMatching(fromStack(names.secondary))]);
  });
});

describe("global traffic", () => {
  it("aws: Route 53 latency records with health checks per region, and CloudFront failing over between bucket replicas", () => {
    for (const [json, region, code] of [
      [synthed.aws.primary, "us-west-2", "usw2"],
      [synthed.aws.secondary, "us-east-1", "use1"],
    ] as const) {
      const latency = resources(json, "aws_route53_record").map(([, r]) => r).find((r) => r["latency_routing_policy"])!;
      expect(latency).toMatchObject({ name: "origin.www.example.com", set_identifier: region, latency_routing_policy: { region } });
      expect(latency["health_check_id"]).toMatch(refTo("aws_route53_health_check"));
      // The load balancer's health-check settings (15 s rounds to Route 53's 10 s; 3 failures).
      expect(only(json, "aws_route53_health_check")).toMatchObject({ type: "HTTPS", fqdn: `${code}.origin.www.example.com`, resource_path: "/healthz", request_interval: 10, failure_threshold: 3 });
    }
    const cdn = only(synthed.aws.global, "aws_cloudfront_distribution");
    expect(cdn["origin"].find((o: any) => o["origin_id"] === "app")["domain_name"]).toBe("origin.www.example.com");
    expect(cdn["origin_group"]).toEqual([
      { origin_id: "static-failover", failover_criteria: { status_codes: [500, 502, 503, 504] }, member: [{ origin_id: "static" }, { origin_id: "static-dr" }] },
    ]);
    expect(cdn["default_cache_behavior"]["target_origin_id"]).toBe("static-failover");
    const replica = resources(synthed.aws.global, "aws_s3_bucket").map(([, b]) => b).find((b) => b["bucket_prefix"].includes("static-dr"))!;
    expect(replica["provider"]).toBe("aws.us_east_1");
    expect(only(synthed.aws.global, "aws_s3_bucket_replication_configuration")["rule"][0]).toMatchObject({ status: "Enabled", delete_marker_replication: { status: "Enabled" } });
  });

  it("gcp: one global backend service over both regions' node groups", () => {
    const { global, names } = synthed.gcp;
    const service = only(global, "google_compute_backend_service");
    expect(service).toMatchObject({ load_balancing_scheme: "EXTERNAL_MANAGED" });
    const groups = service["dynamic"]["backend"]["for_each"] as string;
    expect(groups).toContain(names.primary);
    expect(groups).toContain(names.secondary);
    expect(resources(synthed.gcp.primary, "google_compute_backend_service")).toHaveLength(0);
    expect(resources(synthed.gcp.primary, "google_compute_global_forwarding_rule")).toHaveLength(0);
  });

  it("azure: Front Door with one probed origin per region", () => {
    const { global, names } = synthed.azure;
    const origins = resources(global, "azurerm_cdn_frontdoor_origin").map(([, o]) => o).filter((o) => o["name"].startsWith("app-")).sort((a, b) => (a["name"] < b["name"] ? -1 : 1));
    expect(origins.map((o) => o["name"])).toEqual(["app-eastus", "app-westus3"]);
    expect(origins[0]!["host_name"]).toMatch(fromStack(names.primary));
    expect(origins[1]!["host_name"]).toMatch(fromStack(names.secondary));
    const group = resources(global, "azurerm_cdn_frontdoor_origin_group").map(([, g]) => g).find((g) => g["name"] === "app")!;
    expect(group["health_probe"]).toMatchObject({ path: "/healthz" });
  });
});

describe("edge and compliance", () => {
  it("attaches a WAF in front of the app on every cloud", () => {
    const cdn = only(synthed.aws.global, "aws_cloudfront_distribution");
    expect(cdn["web_acl_id"]).toMatch(/^\$\{aws_wafv2_web_acl\..*\.arn\}$/);
    const acl = only(synthed.aws.global, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({ scope: "CLOUDFRONT", provider: "aws.edge" });
    // snake_case statements: the bindings emit `statement` verbatim.
    expect(acl["rule"].map((r: any) => Object.keys(r["statement"])[0])).toEqual(["managed_rule_group_statement", "managed_rule_group_statement", "managed_rule_group_statement", "rate_based_statement"]);
    expect(acl["rule"].map((r: any) => r["statement"]["managed_rule_group_statement"]?.["name"]).filter(Boolean)).toContain("AWSManagedRulesKnownBadInputsRuleSet");

    const gcpService = only(synthed.gcp.global, "google_compute_backend_service");
    expect(gcpService["security_policy"]).toMatch(refTo("google_compute_security_policy"));
    const armor = only(synthed.gcp.global, "google_compute_security_policy");
    expect(armor["rule"].map((r: any) => r["match"]["expr"]?.["expression"]).filter(Boolean)).toContain("evaluatePreconfiguredWaf('cve-canary', {'sensitivity': 1})");

    expect(only(synthed.azure.global, "azurerm_cdn_frontdoor_profile")["sku_name"]).toBe("Premium_AzureFrontDoor");
    expect(only(synthed.azure.global, "azurerm_cdn_frontdoor_firewall_policy")).toMatchObject({ mode: "Prevention", enabled: true });
    // One per-IP rate limit from the model (compliance.rateLimitPerMinute, 1000), in each cloud's unit.
    expect(acl["rule"].find((r: any) => r["statement"]["rate_based_statement"])["statement"]["rate_based_statement"]).toEqual({ limit: 5000, aggregate_key_type: "IP" });
    expect(armor["rule"].find((r: any) => r["action"] === "throttle")["rate_limit_options"]["rate_limit_threshold"]).toEqual({ count: 1000, interval_sec: 60 });
    expect(only(synthed.azure.global, "azurerm_cdn_frontdoor_firewall_policy")["custom_rule"][0]).toMatchObject({ rate_limit_threshold: 1000, rate_limit_duration_in_minutes: 1 });
    const association = only(synthed.azure.global, "azurerm_cdn_frontdoor_security_policy")["security_policies"]["firewall"];
    expect(association["cdn_frontdoor_firewall_policy_id"]).toMatch(refTo("azurerm_cdn_frontdoor_firewall_policy"));
    expect(association["association"]["domain"][0]["cdn_frontdoor_domain_id"]).toMatch(refTo("azurerm_cdn_frontdoor_custom_domain"));
  });

  it("encrypts databases, caches and the files bucket with customer-managed keys in every region", () => {
    for (const json of [synthed.aws.primary, synthed.aws.secondary]) {
      const key = /^\$\{aws_kms_key\.data-key\.arn\}$/;
      expect(json.resource!["aws_kms_key"]!["data-key"]).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
      expect(only(json, "aws_rds_cluster")["kms_key_id"]).toMatch(key);
      expect(only(json, "aws_elasticache_replication_group")["kms_key_id"]).toMatch(key);
      for (const [, i] of resources(json, "aws_rds_cluster_instance")) expect(i["performance_insights_kms_key_id"]).toMatch(key);
    }
    const files = resources(synthed.aws.primary, "aws_s3_bucket_server_side_encryption_configuration").map(([, e]) => e["rule"][0]["apply_server_side_encryption_by_default"]);
    expect(files).toEqual([{ sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(refTo("aws_kms_key")) }]);

    for (const json of [synthed.gcp.primary, synthed.gcp.secondary]) {
      const key = refTo("google_kms_crypto_key");
      for (const [, i] of resources(json, "google_sql_database_instance")) expect(i["encryption_key_name"]).toMatch(key);
      expect(only(json, "google_redis_cluster")["kms_key"]).toMatch(key);
      expect(resources(json, "google_kms_crypto_key_iam_member").map(([, m]) => m["member"])).toEqual(
        expect.arrayContaining([expect.stringMatching(/@gcp-sa-cloud-sql\.iam\.gserviceaccount\.com$/), expect.stringMatching(/@cloud-redis\.iam\.gserviceaccount\.com$/)]),
      );
    }
    expect(only(synthed.gcp.primary, "google_storage_bucket")["encryption"]).toMatchObject({ default_kms_key_name: expect.stringMatching(refTo("google_kms_crypto_key")) });

    for (const json of [synthed.azure.primary, synthed.azure.secondary]) {
      const key = /^\$\{azurerm_key_vault_key\..*\.versionless_id\}$/;
      for (const [, server] of resources(json, "azurerm_postgresql_flexible_server")) expect(server["customer_managed_key"]["key_vault_key_id"]).toMatch(key);
      expect(only(json, "azurerm_managed_redis")["customer_managed_key"]["key_vault_key_id"]).toMatch(key);
      // The environment's vault and the AKS KMS key's own vault.
      for (const [, vault] of resources(json, "azurerm_key_vault")) expect(vault["purge_protection_enabled"]).toBe(true);
    }
    const azureFiles = resources(synthed.azure.primary, "azurerm_storage_account").map(([, a]) => a).find((a) => a["name"].endsWith("files"))!;
    expect(azureFiles["customer_managed_key"]["key_vault_key_id"]).toMatch(/azurerm_key_vault_key/);
  });

  it("logs network flows and audits the data stores in every region", () => {
    for (const json of [synthed.aws.primary, synthed.aws.secondary]) {
      expect(only(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
      const params = only(json, "aws_rds_cluster_parameter_group")["parameter"];
      expect(params).toContainEqual(expect.objectContaining({ name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit" }));
      expect(only(json, "aws_elasticache_replication_group")["log_delivery_configuration"].map((l: any) => l["log_type"])).toEqual(["slow-log", "engine-log"]);
    }
    for (const json of [synthed.gcp.primary, synthed.gcp.secondary]) {
      for (const [, s] of resources(json, "google_compute_subnetwork")) expect(s["log_config"]).toMatchObject({ flow_sampling: 0.5 });
    }
    expect(resources(synthed.gcp.primary, "google_project_iam_audit_config").map(([, a]) => a["service"]).sort()).toEqual(["cloudsql.googleapis.com", "redis.googleapis.com"]);
    for (const json of [synthed.azure.primary, synthed.azure.secondary]) {
      expect(only(json, "azurerm_network_watcher_flow_log")).toMatchObject({ enabled: true, version: 2 });
      const targets = resources(json, "azurerm_monitor_diagnostic_setting").map(([, d]) => d["target_resource_id"] as string);
      expect(targets.map((t) => t.split(".")[0]).sort()).toEqual(["${azurerm_managed_redis", "${azurerm_postgresql_flexible_server"]);
    }
  });
});

describe("database.shards", () => {
  it("renders independent HA clusters per shard, each replicated across the regions, with outputs per shard", () => {
    const env = new Environment(Testing.app(), "ent", { ...demoTopology("enterprise", "aws"), database: { ...demoTopology("enterprise", "aws").database!, shards: 2 } });
    const out = synthesize(env);
    const [primary, secondary] = env.regions.map((r) => out[r.stack.node.id]!);
    expect(resources(primary!, "aws_rds_global_cluster").map(([, g]) => g["global_cluster_identifier"]).sort()).toEqual(["ent-aws-prod-pg", "ent-aws-prod-s2-pg"]);
    expect(resources(secondary!, "aws_rds_cluster").map(([, c]) => c["global_cluster_identifier"]).sort()).toEqual(["ent-aws-prod-pg", "ent-aws-prod-s2-pg"]);
    expect(resources(secondary!, "aws_rds_cluster").map(([, c]) => c["cluster_identifier"]).sort()).toEqual(["ent-aws-prod-use1-pg", "ent-aws-prod-use1-s2-pg"]);
    expect(primary!.output!["database_shards"]!["value"]).toHaveLength(2);
    expect(primary!.output!["database_shard_secret_refs"]).toMatchObject({ sensitive: true });
  });
});

describe("database.shards in one region", () => {
  it.each([
    ["aws", "aws_db_instance", (r: Record<string, any>) => !r["replicate_source_db"], "identifier"],
    ["gcp", "google_sql_database_instance", (r: Record<string, any>) => !r["master_instance_name"], "name"],
    ["azure", "azurerm_postgresql_flexible_server", (r: Record<string, any>) => !r["create_mode"], "name"],
  ] as const)("%s: one HA primary with its replicas per shard, named apart, with outputs per shard", (cloud, type, isPrimary, nameKey) => {
    const topology = demoTopology("large", cloud);
    const env = new Environment(Testing.app(), "l", { ...topology, database: { ...topology.database!, shards: 3 } });
    const json = synthesize(env)[env.infra.node.id]!;
    const servers = resources(json, type).map(([, r]) => r);
    const prefix = `large-${cloud}-prod`;
    expect(servers.filter(isPrimary).map((r) => r[nameKey]).sort()).toEqual([`${prefix}-pg`, `${prefix}-s2-pg`, `${prefix}-s3-pg`]);
    // Each shard keeps the tier's two read replicas.
    expect(servers.length).toBe(3 * (1 + topology.database!.readReplicas));
    expect(json.output!["database_shards"]!["value"]).toHaveLength(3);
  });
});

describe("invalid multi-region input is rejected with path and reason", () => {
  const where = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", domain: "app.example.com", dnsZoneId: "Z123" } as const;
  it.each([
    ["one region for enterprise", { regions: ["us-west-2"] }, 'regions: expected at least 2 regions for the enterprise tier (primary first, then its failover region), got ["us-west-2"]'],
    ["a region twice", { regions: ["us-west-2", "us-west-2"] }, 'regions[1]: expected each region once, got "us-west-2"'],
    ["another cloud's region name", { regions: ["us-west-2", "us-central1"] }, 'regions[1]: expected one of the aws regions us-east-1, us-east-2, us-west-2, ca-central-1, eu-west-1, eu-west-2, eu-west-3, eu-central-1, eu-north-1, ap-south-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, ap-northeast-2, sa-east-1, got "us-central1"'],
    ["no hosted zone for latency routing", { regions: ["us-west-2", "us-east-1"], dnsZoneId: undefined }, "dnsZoneId: required on aws with 2 regions: Route 53 latency records with health checks route the origin hostname to the nearest healthy region"],
    ["no room for a second block", { regions: ["us-west-2", "us-east-1"], network: { cidr: "10.255.0.0/16" } }, 'network.cidr: expected room for 2 consecutive /16 blocks (one per region) inside 10.0.0.0/8; from 10.255.0.0/16 only 1 fit, got "10.255.0.0/16"'],
    ["a burstable cache node", { regions: ["us-west-2", "us-east-1"], cache: { nodeType: "cache.t4g.medium" } }, 'cache.nodeType: expected a node type cross-region replication runs on with 2 regions: m5, m6g, m7g, r5, r6g, r6gd, r7g or c7gn, large or bigger, got "cache.t4g.medium"'],
    ["more regions than a Global Datastore spans", { regions: ["us-west-2", "us-east-1", "eu-west-1", "eu-central-1"] }, 'regions: expected ≤ 3 regions on aws with a cache: its cache replicates to at most 2 other regions, got ["us-west-2","us-east-1","eu-west-1","eu-central-1"]'],
  ])("aws: %s", (_label, patch, expected) => {
    expect(problemLines(() => enterprise({ ...where, ...patch } as Parameters<typeof enterprise>[0]))).toContain(expected);
  });

  it("gcp: a cache mode Memorystore cannot replicate across regions", () => {
    expect(
      problemLines(() => enterprise({ name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "gcp", project: "acme-prod-123", domain: "app.example.com", regions: ["us-central1", "us-east4"], cache: { mode: "replicated", shards: 1 } })),
    ).toContain('cache.mode: expected "cluster" on gcp with 2 regions: Memorystore replicates across regions only for Redis Cluster, got "replicated"');
  });

  it("azure: a cache too small for active geo-replication, and a single-node cache anywhere", () => {
    const azure = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "azure", domain: "app.example.com", regions: ["eastus", "westus3"] } as const;
    expect(problemLines(() => enterprise({ ...azure, cache: { memoryGiB: 2 } }))).toContain("cache.memoryGiB: expected ≥ 3 on azure with 2 regions: active geo-replication needs Balanced_B3 or larger, got 2");
    expect(problemLines(() => enterprise({ ...azure, cache: { mode: "single", shards: 1, replicasPerShard: 0 } }))).toContain(
      'cache.mode: expected "replicated" or "cluster" on azure with 2 regions: cross-region replication needs a highly available primary, got "single"',
    );
  });

  it("aws: a database shape that sizes to a class Aurora global databases do not run on", () => {
    expect(problemLines(() => enterprise({ ...where, regions: ["us-west-2", "us-east-1"], database: { shape: { vcpu: 2, memoryGiB: 8 } } }))).toContain(
      "database.shape: expected a memory-optimised class (db.r*) for an Aurora global database with 2 regions (the shape sizes to db.m6g.large)",
    );
  });

  it("VM tiers stay in one region", () => {
    expect(problemLines(() => new Environment(Testing.app(), "m", { ...demoTopology("medium", "aws"), regions: ["us-west-2", "us-east-1"], dnsZoneId: "Z123" }))).toContain(
      'compute.kind: expected "kubernetes" with 2 regions: each region runs its own cluster, got "vm"',
    );
  });
});

describe("the longest names the model allows, in several regions and shards", () => {
  it.each(["aws", "gcp", "azure"] as const)("%s: synthesize and lint clean; tight AWS limits are met by cutting with a hash", (cloud) => {
    const t = demoTopology("enterprise", cloud);
    const app = Testing.app();
    // 12-character name, 10-character environment, a 4-character region code and a shard suffix: a 32-character prefix.
    new Environment(app, "longest", { ...t, name: "abcdefghijkl", environment: "abcdefghij", database: { ...t.database!, shards: 16 } } as never);
    const out = synthesize(app);
    expect(lint(out).violations).toEqual([]);
    if (cloud !== "aws") return;
    const names = (type: string, field: string) => Object.values(out).flatMap((s) => resources(s as TfJson, type).map(([, r]) => String(r[field])));
    for (const n of [...names("aws_lb", "name"), ...names("aws_lb_target_group", "name")]) expect(n.length, n).toBeLessThanOrEqual(32);
    for (const n of [...names("aws_elasticache_user", "user_id"), ...names("aws_elasticache_user_group", "user_group_id")]) expect(n.length, n).toBeLessThanOrEqual(40);
    expect(names("aws_elasticache_user", "user_id")).toContainEqual(expect.stringMatching(/^abcdefghijkl-[a-z0-9-]+-[0-9a-f]{4}-redis-default$/));
  });
});
