import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../../../examples/default-app";
import type { TierName } from "../../../tiers";
import { only, resources, synthEnvironment, type TfJson } from "../../helpers";

const synthed = {} as Record<TierName, ReturnType<typeof synthEnvironment>>;
beforeAll(() => {
  for (const tier of ["small", "medium", "large", "enterprise"] as const) synthed[tier] = synthEnvironment(demoTopology(tier, "aws"), tier);
});
const tf = (tier: TierName) => synthed[tier].infra;
/** The stack holding the CDN: the global stack of a multi-region tier, else the infra stack. */
const edge = (tier: TierName) => synthed[tier].global ?? synthed[tier].infra;
const all = () => (["small", "medium", "large", "enterprise"] as const).map((t) => [t, tf(t)] as const);
/** Every cloud stack of every tier: secondary regions' and the global stack too. */
const allStacks = () =>
  (["small", "medium", "large", "enterprise"] as const).flatMap((t) => [
    ...synthed[t].regions.map((json, i) => [`${t} region ${i + 1}`, json] as const),
    ...(synthed[t].global ? [[`${t} global`, synthed[t].global!] as const] : []),
  ]);

/** Resolves a `${aws_x.name.attr}` reference to the resource it points at. */
function target(json: TfJson, ref: string): Record<string, any> {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./.exec(ref);
  if (!m) throw new Error(`not a reference: ${ref}`);
  return json.resource![m[1]!]![m[2]!] as Record<string, any>;
}

describe("every AWS tier", () => {
  it("uses no data source (nothing that calls an AWS API at plan time)", () => {
    for (const [stack, json] of allStacks()) {
      // Multi-region stacks read other stacks' outputs from their state, which is not an AWS API.
      expect(Object.keys(json.data ?? {}).filter((type) => type !== "terraform_remote_state"), stack).toEqual([]);
    }
  });

  it("uses no AWS provider 6.x-only argument (per-resource region, EKS deletion_protection)", () => {
    for (const [tier, json] of allStacks()) {
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [name, body] of Object.entries(byName)) expect(body, `${tier} ${type}.${name}`).not.toHaveProperty("region");
      }
      for (const [, eks] of resources(json, "aws_eks_cluster")) expect(eks).not.toHaveProperty("deletion_protection");
    }
  });

  it("tags every resource through the provider's default tags", () => {
    for (const [tier, json] of all()) {
      expect(json.provider!["aws"]![0]).toMatchObject({ region: "us-west-2", default_tags: [{ tags: { "tierform:tier": tier, "tierform:environment": "prod" } }] });
    }
  });

  it("never opens SSH, and opens nothing to the internet but 80/443", () => {
    for (const [tier, json] of allStacks()) {
      for (const [name, rule] of resources(json, "aws_vpc_security_group_ingress_rule")) {
        expect(rule["from_port"], `${tier} ${name}`).not.toBe(22);
        if (rule["cidr_ipv4"] === "0.0.0.0/0") expect([80, 443], `${tier} ${name}`).toContain(rule["from_port"]);
      }
      expect(resources(json, "aws_security_group").every(([, sg]) => !("ingress" in sg) && !("egress" in sg)), tier).toBe(true);
    }
  });

  it("strips the VPC's default security group and never maps public IPs on launch", () => {
    for (const [tier, json] of all()) {
      const sg = only(json, "aws_default_security_group");
      expect(sg["ingress"], tier).toBeUndefined();
      expect(sg["egress"], tier).toBeUndefined();
      for (const [, subnet] of resources(json, "aws_subnet")) expect(subnet["map_public_ip_on_launch"] ?? false).toBe(false);
    }
  });

  it("keeps every bucket private, encrypted, owner-enforced and TLS-only", () => {
    expect(allStacks().filter(([, json]) => resources(json, "aws_s3_bucket").length > 0).length).toBeGreaterThan(4);
    for (const [stack, json] of allStacks()) {
      const buckets = resources(json, "aws_s3_bucket");
      expect(resources(json, "aws_s3_bucket_public_access_block").length, stack).toBe(buckets.length);
      for (const [, block] of resources(json, "aws_s3_bucket_public_access_block")) {
        expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      }
      expect(resources(json, "aws_s3_bucket_server_side_encryption_configuration").length).toBe(buckets.length);
      for (const [, o] of resources(json, "aws_s3_bucket_ownership_controls")) expect(o["rule"]).toEqual({ object_ownership: "BucketOwnerEnforced" });
      for (const [, p] of resources(json, "aws_s3_bucket_policy")) {
        expect(JSON.parse(p["policy"]).Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
      }
    }
  });

  it("exposes no password, and marks the credential reference sensitive", () => {
    for (const [tier, json] of all()) {
      expect(JSON.stringify(json.output)).not.toMatch(/password/i);
      expect(json.output!["database_secret_ref"], tier).toMatchObject({ sensitive: true });
    }
  });
});

describe("network", () => {
  it("spreads public and private subnets over the tier's zones", () => {
    const zonesOf = (json: TfJson) => resources(json, "aws_subnet").map(([, s]) => s["availability_zone"]);
    expect(new Set(zonesOf(tf("small")))).toEqual(new Set(["us-west-2a", "us-west-2b"]));
    expect(new Set(zonesOf(tf("large")))).toEqual(new Set(["us-west-2a", "us-west-2b", "us-west-2c"]));
    expect(resources(tf("large"), "aws_subnet")).toHaveLength(6);
  });

  it("uses one NAT for small and medium, one per zone from large, each private zone routed to its own", () => {
    expect(resources(tf("small"), "aws_nat_gateway")).toHaveLength(1);
    expect(resources(tf("medium"), "aws_nat_gateway")).toHaveLength(1);
    const json = tf("large");
    const nats = resources(json, "aws_nat_gateway");
    expect(nats).toHaveLength(3);
    const routed = resources(json, "aws_route").flatMap(([, r]) => (r["nat_gateway_id"] ? [r["nat_gateway_id"]] : []));
    expect(new Set(routed).size).toBe(3);
    for (const [, nat] of nats) expect(nat["depends_on"]).toEqual([expect.stringMatching(/^aws_internet_gateway\./)]);
  });

  it("tags subnets for Kubernetes load balancers only on Kubernetes tiers", () => {
    const tags = (json: TfJson) => resources(json, "aws_subnet").map(([, s]) => s["tags"]);
    expect(tags(tf("large")).filter((t) => t["kubernetes.io/role/elb"] === "1")).toHaveLength(3);
    expect(tags(tf("large")).filter((t) => t["kubernetes.io/role/internal-elb"] === "1")).toHaveLength(3);
    expect(tags(tf("medium")).some((t) => "kubernetes.io/role/elb" in t)).toBe(false);
  });
});

describe("small: one server with Docker Compose", () => {
  it("runs one instance from a launch template with IMDSv2, encrypted gp3 disks and its data disk", () => {
    const json = tf("small");
    const lt = only(json, "aws_launch_template");
    expect(lt["image_id"]).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    expect(lt["instance_type"]).toBe("m6a.xlarge");
    expect(lt["metadata_options"]).toMatchObject({ http_tokens: "required", http_endpoint: "enabled" });
    expect(lt["block_device_mappings"]).toEqual([
      expect.objectContaining({ device_name: "/dev/xvda", ebs: expect.objectContaining({ encrypted: "true", volume_type: "gp3" }) }),
      expect.objectContaining({ device_name: "/dev/sdf", ebs: expect.objectContaining({ encrypted: "true", volume_type: "gp3", volume_size: 100, delete_on_termination: "false" }) }),
    ]);
    const instance = only(json, "aws_instance");
    expect(target(json, instance["launch_template"]["id"])).toBe(lt);
  });

  it("boots Docker and starts the compose app with the data stores' addresses, never a password", () => {
    const userData = only(tf("small"), "aws_launch_template")["user_data"] as string;
    expect(userData).toMatch(/^\$\{base64encode\("#!\/bin\/bash\\n/);
    expect(userData).toContain("dnf install -y docker");
    expect(userData).toContain("docker compose -f /opt/app/compose.yaml up -d");
    expect(userData).toContain('DATABASE_HOST: \\"${aws_db_instance.');
    expect(userData).toContain('DATABASE_SECRET_REF: \\"${aws_db_instance.');
    expect(userData).toContain('REDIS_HOST: \\"${aws_elasticache_replication_group.');
    expect(userData).toContain('FILES_BUCKET: \\"${aws_s3_bucket.');
    expect(userData).not.toMatch(/password/i);
  });

  it("lets the server read only its own secret, cache user and bucket", () => {
    const policy = JSON.parse(only(tf("small"), "aws_iam_role_policy")["policy"]);
    expect(policy.Statement.map((s: { Action: unknown }) => s.Action)).toEqual([
      "secretsmanager:GetSecretValue",
      "elasticache:Connect",
      "s3:ListBucket",
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
    ]);
    expect(JSON.stringify(policy)).not.toContain('"*"');
  });
});

describe("medium: load balancer and autoscaling group", () => {
  it("puts an internet-facing ALB in the public subnets, HTTPS only (HTTP redirects), TLS 1.2+", () => {
    const json = tf("medium");
    const lb = only(json, "aws_lb");
    expect(lb).toMatchObject({ internal: false, load_balancer_type: "application", drop_invalid_header_fields: true, enable_deletion_protection: true });
    const listeners = resources(json, "aws_lb_listener").map(([, l]) => l);
    const https = listeners.find((l) => l["port"] === 443)!;
    expect(https).toMatchObject({ protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect(https["certificate_arn"]).toMatch(/^\$\{aws_acm_certificate_validation\./);
    const http = listeners.find((l) => l["port"] === 80)!;
    expect(http["default_action"]).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
  });

  it("runs 3 servers in the private subnets with ELB health checks and CPU target tracking", () => {
    const json = tf("medium");
    const asg = only(json, "aws_autoscaling_group");
    expect(asg).toMatchObject({ min_size: 3, max_size: 6, desired_capacity: 3, health_check_type: "ELB", lifecycle: { ignore_changes: ["desired_capacity"] } });
    for (const subnet of asg["vpc_zone_identifier"] as string[]) expect(target(json, subnet)["tags"]["tier"]).toBe("private");
    expect(only(json, "aws_autoscaling_policy")["target_tracking_configuration"]).toMatchObject({ target_value: 70 });
  });

  it("admits app traffic only from the load balancer", () => {
    const json = tf("medium");
    const appRules = resources(json, "aws_vpc_security_group_ingress_rule").filter(([n]) => n.startsWith("app_app-from-alb"));
    expect(appRules).toHaveLength(1);
    expect(appRules[0]![1]).toMatchObject({ from_port: 8080, to_port: 8080 });
    expect(appRules[0]![1]["referenced_security_group_id"]).toMatch(/^\$\{aws_security_group\.app_alb-sg/);
  });
});

describe("EKS (large, enterprise)", () => {
  it("uses API auth, standard support, KMS secrets encryption, all logs and a restricted endpoint", () => {
    for (const tier of ["large", "enterprise"] as const) {
      const json = tf(tier);
      const eks = only(json, "aws_eks_cluster");
      expect(eks["access_config"]).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true });
      expect(eks["upgrade_policy"]).toEqual({ support_type: "STANDARD" });
      expect(eks["bootstrap_self_managed_addons"]).toBe(false);
      expect(eks["encryption_config"]["resources"]).toEqual(["secrets"]);
      expect(target(json, eks["encryption_config"]["provider"]["key_arn"])).toMatchObject({ enable_key_rotation: true });
      expect(eks["enabled_cluster_log_types"]).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
      expect(eks["vpc_config"]).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
      expect(eks["lifecycle"]).toEqual({ prevent_destroy: true });
    }
  });

  it("installs the managed add-ons, with network policy enforcement in the VPC CNI", () => {
    const addons = Object.fromEntries(resources(tf("large"), "aws_eks_addon").map(([, a]) => [a["addon_name"], a]));
    expect(Object.keys(addons).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    expect(JSON.parse(addons["vpc-cni"]!["configuration_values"])).toEqual({ enableNetworkPolicy: "true" });
    expect(addons["aws-ebs-csi-driver"]!["pod_identity_association"]).toEqual([{ role_arn: expect.stringMatching(/^\$\{aws_iam_role\./), service_account: "ebs-csi-controller-sa" }]);
    const trust = JSON.parse(target(tf("large"), addons["aws-ebs-csi-driver"]!["pod_identity_association"][0]["role_arn"])["assume_role_policy"]);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
  });

  it("renders the general, GPU and spot pools the tier asks for", () => {
    const pools = Object.fromEntries(resources(tf("large"), "aws_eks_node_group").map(([, g]) => [g["node_group_name"], g]));
    expect(pools["general"]).toMatchObject({ ami_type: "AL2023_x86_64_STANDARD", capacity_type: "ON_DEMAND", instance_types: ["m6a.xlarge"], scaling_config: { min_size: 3, max_size: 24, desired_size: 3 } });
    expect(pools["gpu"]).toMatchObject({
      ami_type: "AL2023_x86_64_NVIDIA",
      instance_types: ["g4dn.xlarge"],
      taint: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
      labels: { role: "ml-inference", "tierform.dev/pool": "gpu", "tierform.dev/role": "gpu" },
      scaling_config: { min_size: 1, max_size: 5 },
    });
    expect(pools["spot"]).toMatchObject({ capacity_type: "SPOT", taint: [{ key: "spot", value: "true", effect: "NO_SCHEDULE" }] });
    expect(pools["spot"]!["instance_types"].length).toBeGreaterThan(1);
  });

  it("keeps node groups sane where plan cannot tell: min ≤ desired ≤ max, private subnets, desired size left to the autoscaler", () => {
    for (const tier of ["large", "enterprise"] as const) {
      const json = tf(tier);
      for (const [name, group] of resources(json, "aws_eks_node_group")) {
        const { min_size, max_size, desired_size } = group["scaling_config"];
        expect(min_size, name).toBeLessThanOrEqual(desired_size);
        expect(desired_size, name).toBeLessThanOrEqual(max_size);
        expect(group["lifecycle"]).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
        for (const subnet of group["subnet_ids"]) expect(target(json, subnet)["tags"]["tier"]).toBe("private");
      }
    }
  });

  it("launches every node group from its own template: IMDSv2 with hop limit 1, encrypted gp3 root of the pool's disk size, tags on instances and volumes", () => {
    for (const tier of ["large", "enterprise"] as const) {
      for (const [stack, json] of synthed[tier].regions.map((j, i) => [`${tier} region ${i + 1}`, j] as const)) {
        const groups = resources(json, "aws_eks_node_group");
        expect(groups.length, stack).toBeGreaterThan(0);
        for (const [name, group] of groups) {
          // disk_size conflicts with a launch template: the size lives in the template.
          expect(group, name).not.toHaveProperty("disk_size");
          expect(group["launch_template"]["version"], name).toMatch(/^\$\{aws_launch_template\..*\.latest_version\}$/);
          const lt = target(json, group["launch_template"]["id"]);
          expect(lt["metadata_options"], name).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "disabled" });
          const root = lt["block_device_mappings"][0];
          expect(root, name).toMatchObject({ device_name: "/dev/xvda", ebs: { volume_type: "gp3", encrypted: "true", delete_on_termination: "true" } });
          expect(lt, name).not.toHaveProperty("instance_type");
          expect(lt["tag_specifications"].map((t: any) => t.resource_type), name).toEqual(["instance", "volume", "network-interface"]);
          // Customer-managed keys (enterprise): the environment's key, which Auto Scaling may use to launch.
          if (tier === "enterprise") {
            expect(target(json, root["ebs"]["kms_key_id"]), name).toMatchObject({ enable_key_rotation: true });
            expect(target(json, root["ebs"]["kms_key_id"])["description"], name).toMatch(/data at rest/);
            expect(group["depends_on"], name).toContainEqual(expect.stringMatching(/^aws_kms_grant\./));
          } else {
            expect(root["ebs"], name).not.toHaveProperty("kms_key_id");
          }
        }
      }
    }
    const sizes = Object.fromEntries(resources(tf("large"), "aws_eks_node_group").map(([, g]) => [g["node_group_name"], target(tf("large"), g["launch_template"]["id"])["block_device_mappings"][0]["ebs"]["volume_size"]]));
    // The model's node disk (100 GiB by default), which disk_size used to carry.
    expect(sizes).toEqual({ general: 100, gpu: 100, spot: 100 });
    const grant = only(tf("enterprise"), "aws_kms_grant");
    expect(grant["grantee_principal"]).toMatch(/:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/);
    expect(grant["operations"]).toEqual(expect.arrayContaining(["Decrypt", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "CreateGrant"]));
    expect(resources(tf("large"), "aws_kms_grant")).toEqual([]);
  });

  it("puts an ALB in front of the general pool's nodes on the app's NodePort", () => {
    const json = tf("large");
    expect(only(json, "aws_lb_target_group")).toMatchObject({ target_type: "instance", port: 30080 });
    expect(only(json, "aws_autoscaling_attachment")["autoscaling_group_name"]).toMatch(/aws_eks_node_group\.cluster_pool-general_.*\.resources\[0\]\.autoscaling_groups\[0\]\.name/);
    const nodesRule = resources(json, "aws_vpc_security_group_ingress_rule").find(([n]) => n.startsWith("cluster_nodes-from-alb"))!;
    expect(nodesRule[1]).toMatchObject({ from_port: 30080, to_port: 30080 });
    expect(nodesRule[1]["security_group_id"]).toMatch(/^\$\{aws_eks_cluster\..*\.vpc_config\[0\]\.cluster_security_group_id\}$/);
  });
});

describe("PostgreSQL (RDS)", () => {
  it("is encrypted, private, password-managed, IAM-enabled and protected in prod", () => {
    // Single-region tiers; enterprise runs Aurora (test/multi-region.test.ts).
    for (const [tier, json] of all().filter(([t]) => t !== "enterprise")) {
      const [primary, ...replicas] = resources(json, "aws_db_instance").map(([, d]) => d).sort((a, b) => (a["replicate_source_db"] ? 1 : 0) - (b["replicate_source_db"] ? 1 : 0));
      expect(primary, tier).toMatchObject({
        engine: "postgres",
        engine_version: "16",
        storage_encrypted: true,
        storage_type: "gp3",
        publicly_accessible: false,
        manage_master_user_password: true,
        iam_database_authentication_enabled: true,
        deletion_protection: true,
        skip_final_snapshot: false,
        database_insights_mode: "standard",
        performance_insights_enabled: true,
        ca_cert_identifier: "rds-ca-rsa2048-g1",
      });
      expect(primary!["final_snapshot_identifier"]).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(primary).not.toHaveProperty("password");
      expect(primary!["backup_retention_period"]).toBeGreaterThan(0);
      // Replicas: no username, no final snapshot needed, same source.
      for (const r of replicas) {
        expect(r["replicate_source_db"]).toMatch(/^\$\{aws_db_instance\..*\.identifier\}$/);
        expect(r).not.toHaveProperty("username");
        expect(r["skip_final_snapshot"]).toBe(true);
      }
    }
  });

  it("is Multi-AZ exactly when the tier asks for HA, with the tier's replicas", () => {
    const shape = (tier: TierName) => {
      const dbs = resources(tf(tier), "aws_db_instance").map(([, d]) => d);
      return { multiAz: dbs.find((d) => !d["replicate_source_db"])!["multi_az"], replicas: dbs.filter((d) => d["replicate_source_db"]).length };
    };
    expect(shape("small")).toEqual({ multiAz: false, replicas: 0 });
    expect(shape("medium")).toEqual({ multiAz: false, replicas: 0 });
    expect(shape("large")).toEqual({ multiAz: true, replicas: 2 });
    // enterprise spans regions: an Aurora global database (test/multi-region.test.ts).
    expect(resources(tf("enterprise"), "aws_db_instance")).toHaveLength(0);
  });

  it("requires TLS through its parameter group and admits only the app tier", () => {
    const json = tf("large");
    const params = only(json, "aws_db_parameter_group");
    expect(params["family"]).toBe("postgres16");
    expect(params["parameter"]).toContainEqual({ name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" });
    // The app tier, and RDS Proxy (pooling is on in large) on the database; the app tier on the proxy.
    const rules = resources(json, "aws_vpc_security_group_ingress_rule").filter(([n]) => n.startsWith("database_"));
    expect(rules.map(([n]) => n.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["database_pg-from-app-0", "database_pg-from-proxy-0", "database_pg-proxy-from-app-0"]);
    const fromApp = rules.find(([n]) => n.startsWith("database_pg-from-app-0"))!;
    expect(fromApp[1]).toMatchObject({ from_port: 5432, to_port: 5432, referenced_security_group_id: expect.stringContaining("cluster_security_group_id") });
    expect(rules.find(([n]) => n.startsWith("database_pg-proxy-from-app-0"))![1]).toMatchObject({ from_port: 5432, referenced_security_group_id: expect.stringContaining("cluster_security_group_id") });
    expect(rules.find(([n]) => n.startsWith("database_pg-from-proxy-0"))![1]).toMatchObject({ referenced_security_group_id: expect.stringContaining("aws_security_group.database_pg-proxy-sg") });
    for (const [, r] of rules) expect(r).not.toHaveProperty("cidr_ipv4");
    const rules0 = [fromApp];
    expect(rules0[0]![1]).toMatchObject({ from_port: 5432, to_port: 5432, referenced_security_group_id: expect.stringContaining("cluster_security_group_id") });
    expect(rules0[0]![1]).not.toHaveProperty("cidr_ipv4");
  });

  it("puts RDS Proxy in front (pooling on in large): TLS required, IAM from clients, private subnets, its own SG, the instance as target", () => {
    const json = tf("large");
    const proxy = only(json, "aws_db_proxy");
    expect(proxy).toMatchObject({ engine_family: "POSTGRESQL", require_tls: true, debug_logging: false });
    expect(proxy["auth"]).toEqual([expect.objectContaining({ auth_scheme: "SECRETS", iam_auth: "REQUIRED", description: "app_proxy", secret_arn: expect.stringContaining("aws_secretsmanager_secret.database_pg-proxy-login") })]);
    expect(JSON.stringify(proxy["vpc_subnet_ids"])).toContain("private");
    expect(proxy["vpc_security_group_ids"]).toEqual([expect.stringContaining("aws_security_group.database_pg-proxy-sg")]);
    expect(proxy).not.toHaveProperty("default_auth_scheme"); // 6.x only: the offline 5.100 plan rejects it
    // The guide's 200 connections of RDS's default max_connections for 64 GiB (LEAST(7209, 5000)): 4 %; 50 idle: 1 %.
    expect(only(json, "aws_db_proxy_default_target_group")["connection_pool_config"]).toMatchObject({ max_connections_percent: 4, max_idle_connections_percent: 1 });
    expect(only(json, "aws_db_proxy_target")["db_instance_identifier"]).toContain("aws_db_instance.database_pg");
    // The proxy's role reads only the login secret; the secret has no value in Terraform (the setup Job writes it).
    expect(resources(json, "aws_secretsmanager_secret_version").filter(([n]) => n.includes("proxy"))).toEqual([]);
    const policy = resources(json, "aws_iam_role_policy").find(([n]) => n.startsWith("database_pg-proxy-role-policy"))![1];
    expect(String(policy["policy"])).toContain('"Action":"secretsmanager:GetSecretValue","Resource":"${aws_secretsmanager_secret.database_pg-proxy-login');
  });
});

describe("Aurora global database (enterprise, every region)", () => {
  it("is encrypted with the region's key, IAM-enabled, logged, backed up, protected, and its instances private and monitored", () => {
    const stacks = synthed.enterprise.regions;
    expect(stacks).toHaveLength(2);
    // CKV_AWS_140: the global cluster is encrypted.
    expect(only(tf("enterprise"), "aws_rds_global_cluster")).toMatchObject({ storage_encrypted: true, deletion_protection: true });
    for (const json of stacks) {
      // CKV_AWS_96/139/162/313/324/327/133.
      expect(only(json, "aws_rds_cluster")).toMatchObject({
        storage_encrypted: true,
        kms_key_id: "${aws_kms_key.data-key.arn}",
        deletion_protection: true,
        iam_database_authentication_enabled: true,
        copy_tags_to_snapshot: true,
        enabled_cloudwatch_logs_exports: ["postgresql"],
        backup_retention_period: 30,
      });
      // CKV_AWS_17/118/226/353/354.
      for (const [, instance] of resources(json, "aws_rds_cluster_instance")) {
        expect(instance).toMatchObject({
          publicly_accessible: false,
          monitoring_interval: 60,
          auto_minor_version_upgrade: true,
          performance_insights_enabled: true,
          performance_insights_kms_key_id: "${aws_kms_key.data-key.arn}",
          ca_cert_identifier: "rds-ca-rsa2048-g1",
        });
      }
      // TLS required and statements logged through the cluster parameter group (CKV2_AWS_27, CKV2_AWS_69).
      const params = only(json, "aws_rds_cluster_parameter_group")["parameter"];
      expect(params).toContainEqual({ name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" });
      expect(params).toContainEqual(expect.objectContaining({ name: "log_statement", value: "ddl" }));
      // Global clusters cannot use managed passwords: nothing readable anywhere.
      expect(JSON.stringify(json)).not.toMatch(/"master_password"|"password"\s*:/);
    }
  });
});

describe("Redis (ElastiCache)", () => {
  it("renders each tier's mode: single node, primary + 2 replicas, sharded cluster", () => {
    expect(only(tf("small"), "aws_elasticache_replication_group")).toMatchObject({ cluster_mode: "disabled", num_cache_clusters: 1, automatic_failover_enabled: false, multi_az_enabled: false });
    expect(only(tf("medium"), "aws_elasticache_replication_group")).toMatchObject({ cluster_mode: "disabled", num_cache_clusters: 3, automatic_failover_enabled: true, multi_az_enabled: true });
    expect(only(tf("large"), "aws_elasticache_replication_group")).toMatchObject({
      cluster_mode: "enabled",
      num_node_groups: 3,
      replicas_per_node_group: 1,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      parameter_group_name: "default.redis7.cluster.on",
      node_type: "cache.r6g.xlarge",
    });
  });

  it("encrypts at rest and in transit and authenticates with IAM", () => {
    for (const [tier, json] of all()) {
      const rg = only(json, "aws_elasticache_replication_group");
      expect(rg, tier).toMatchObject({ at_rest_encryption_enabled: "true", transit_encryption_enabled: true, transit_encryption_mode: "required" });
      expect(rg["user_group_ids"]).toHaveLength(1);
      expect(rg).not.toHaveProperty("auth_token");
    }
  });

  it("includes a disabled user named default in the user group, and IAM users whose id equals their lower-case name (plan cannot catch either)", () => {
    for (const [tier, json] of all()) {
      const users = resources(json, "aws_elasticache_user").map(([, u]) => u);
      const group = only(json, "aws_elasticache_user_group");
      expect(group["user_ids"]).toHaveLength(users.length);
      const def = users.find((u) => u["user_name"] === "default");
      expect(def, tier).toMatchObject({ access_string: "off -@all", authentication_mode: { type: "no-password-required" } });
      for (const u of users.filter((u) => u["authentication_mode"]["type"] === "iam")) {
        expect(u["user_id"]).toBe(u["user_name"]);
        expect(u["user_id"]).toBe(u["user_id"].toLowerCase());
      }
    }
  });
});

describe("CDN (CloudFront)", () => {
  it("is HTTPS-only with an ACM certificate from us-east-1 and TLS 1.2 (not the default certificate)", () => {
    for (const tier of ["medium", "large", "enterprise"] as const) {
      const json = edge(tier);
      const cdn = only(json, "aws_cloudfront_distribution");
      expect(cdn["viewer_certificate"]).toMatchObject({ ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" });
      expect(cdn["viewer_certificate"]).not.toHaveProperty("cloudfront_default_certificate");
      const validation = target(json, cdn["viewer_certificate"]["acm_certificate_arn"]);
      expect(validation["provider"]).toBe("aws.edge");
      expect(target(json, validation["certificate_arn"])["provider"]).toBe("aws.edge");
      expect(json.provider!["aws"]!.find((p) => p["alias"] === "edge")).toMatchObject({ region: "us-east-1" });
      for (const b of [cdn["default_cache_behavior"], ...cdn["ordered_cache_behavior"]]) expect(b["viewer_protocol_policy"]).toBe("redirect-to-https");
    }
  });

  it("serves static assets from a private bucket through OAC, scoped to this distribution", () => {
    const json = tf("medium");
    const cdn = only(json, "aws_cloudfront_distribution");
    const s3 = cdn["origin"].find((o: any) => o["origin_id"] === "static");
    expect(s3["origin_access_control_id"]).toMatch(/^\$\{aws_cloudfront_origin_access_control\./);
    expect(only(json, "aws_cloudfront_origin_access_control")).toMatchObject({ signing_behavior: "always", signing_protocol: "sigv4", origin_access_control_origin_type: "s3" });
    const policy = resources(json, "aws_s3_bucket_policy").map(([, p]) => JSON.parse(p["policy"])).find((p) => p.Statement.length === 2)!;
    expect(policy.Statement[1]).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Condition: { StringEquals: { "AWS:SourceArn": expect.stringMatching(/^\$\{aws_cloudfront_distribution\..*\.arn\}$/) } },
    });
  });

  it("sends /api/* to the load balancer over HTTPS, uncached, on the origin hostname its certificate covers", () => {
    const json = tf("medium");
    const cdn = only(json, "aws_cloudfront_distribution");
    const app = cdn["origin"].find((o: any) => o["origin_id"] === "app");
    expect(app).toMatchObject({ domain_name: "origin.shop.example.com", custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } });
    expect(cdn["ordered_cache_behavior"]).toEqual([expect.objectContaining({ path_pattern: "/api/*", target_origin_id: "app", cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" })]);
    expect(cdn["default_cache_behavior"]).toMatchObject({ target_origin_id: "static" });
    const albCert = resources(json, "aws_acm_certificate").map(([, c]) => c).find((c) => !c["provider"])!;
    expect(albCert["domain_name"]).toBe("origin.shop.example.com");
  });

  it("creates validation and alias records when the DNS zone is given (enterprise)", () => {
    const records = (json: TfJson) => resources(json, "aws_route53_record").map(([, r]) => r);
    const aliases = (json: TfJson) => records(json).filter((r) => r["alias"]).map((r) => [r["name"], r["type"], r["set_identifier"] ?? null]).sort();
    // Global stack: the CDN's certificate and the app's hostname.
    expect(records(edge("enterprise")).filter((r) => r["for_each"])).toHaveLength(1);
    expect(aliases(edge("enterprise"))).toEqual([
      ["www.example.com", "A", null],
      ["www.example.com", "AAAA", null],
    ]);
    // Each region: its load balancer's two certificates, its latency record for the shared origin hostname
    // and its own regional hostname.
    expect(records(tf("enterprise")).filter((r) => r["for_each"])).toHaveLength(2);
    expect(aliases(tf("enterprise"))).toEqual([
      ["origin.www.example.com", "A", "us-west-2"],
      ["usw2.origin.www.example.com", "A", null],
    ]);
    expect(resources(tf("medium"), "aws_route53_record")).toHaveLength(0);
  });
});

describe("warnings for risky but legal choices", () => {
  it("flags the small tier's public server and single-AZ database with stable ids", () => {
    expect(synthed.small.env.warnings.map((w) => w.id)).toEqual(["tierform:vm:public-ip", "tierform:network:single-nat", "tierform:database:single-az"]);
  });
  it("has nothing to flag on the large tier", () => {
    expect(synthed.large.env.warnings).toEqual([]);
  });
});
