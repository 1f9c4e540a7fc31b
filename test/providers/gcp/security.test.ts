import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../../../examples/default-app";
import type { TierName } from "../../../tiers";
import { only, resources, synthEnvironment, type TfJson } from "../../helpers";

const synthed = {} as Record<TierName, TfJson>;
beforeAll(() => {
  for (const tier of ["small", "medium", "large", "enterprise"] as const) synthed[tier] = synthEnvironment(demoTopology(tier, "gcp"), tier).infra;
});
const tf = (tier: TierName) => synthed[tier];
const all = () => (["small", "medium", "large", "enterprise"] as const).map((t) => [t, tf(t)] as const);
const byName = (json: TfJson, type: string) => Object.fromEntries(resources(json, type).map(([, r]) => [r["name"] as string, r]));

describe("every GCP tier", () => {
  it("uses no data source, configures project and region, and labels in GCP's label syntax", () => {
    for (const [tier, json] of all()) {
      // Customer-managed keys (enterprise) need the project number for the service agents' addresses.
      expect(Object.keys(json.data ?? {}), tier).toEqual(tier === "enterprise" ? ["google_project"] : []);
      expect(json.provider!["google"]![0]).toMatchObject({
        project: "tierform-demo-prod",
        region: "us-central1",
        default_labels: { tierform_app: `${tier === "enterprise" ? "ent" : tier}-gcp`, tierform_environment: "prod", tierform_tier: tier },
      });
    }
  });

  it("enables the APIs it uses, and every resource waits for them", () => {
    for (const [, json] of all()) {
      const services = resources(json, "google_project_service").map(([, s]) => s["service"]).sort();
      expect(services).toEqual(expect.arrayContaining(["compute.googleapis.com", "container.googleapis.com", "networkconnectivity.googleapis.com", "redis.googleapis.com", "secretmanager.googleapis.com", "servicenetworking.googleapis.com", "sqladmin.googleapis.com"]));
      for (const [, s] of resources(json, "google_project_service")) expect(s["disable_on_destroy"]).toBe(false);
      const network = only(json, "google_compute_network");
      expect(network["depends_on"]).toHaveLength(services.length);
    }
  });

  it("builds a custom-mode VPC with secondary ranges, Cloud NAT, private services access and the Memorystore PSC policy", () => {
    const json = tf("large");
    expect(only(json, "google_compute_network")).toMatchObject({ auto_create_subnetworks: false, routing_mode: "REGIONAL" });
    expect(byName(json, "google_compute_subnetwork")["large-gcp-prod-nodes"]).toMatchObject({
      ip_cidr_range: "10.0.0.0/18",
      private_ip_google_access: true,
      secondary_ip_range: [
        { range_name: "pods", ip_cidr_range: "10.0.128.0/17" },
        { range_name: "services", ip_cidr_range: "10.0.64.0/19" },
      ],
    });
    expect(only(json, "google_compute_router_nat")).toMatchObject({ nat_ip_allocate_option: "AUTO_ONLY", source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES" });
    expect(only(json, "google_service_networking_connection")).toMatchObject({ service: "servicenetworking.googleapis.com", deletion_policy: "ABANDON" });
    expect(byName(json, "google_compute_global_address")["large-gcp-prod-psa"]).toMatchObject({ purpose: "VPC_PEERING", address_type: "INTERNAL" });
    expect(only(json, "google_network_connectivity_service_connection_policy")).toMatchObject({ service_class: "gcp-memorystore-redis" });
  });

  it("opens only what is used: deny-all ingress underneath, web ports only for a public server, LB ranges to the app port", () => {
    const rules = (tier: TierName) => byName(tf(tier), "google_compute_firewall");
    expect(rules("small")["small-gcp-prod-deny-all-ingress"]).toMatchObject({ priority: 65534, deny: [{ protocol: "all" }] });
    expect(rules("small")["small-gcp-prod-app-web"]).toMatchObject({ source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["80", "443"] }] });
    expect(rules("medium")["medium-gcp-prod-app-from-lb"]).toMatchObject({ source_ranges: ["130.211.0.0/22", "35.191.0.0/16"], allow: [{ protocol: "tcp", ports: ["8080"] }] });
    for (const [, json] of all()) {
      for (const [, rule] of resources(json, "google_compute_firewall")) {
        for (const allow of rule["allow"] ?? []) expect(allow["ports"] ?? []).not.toContain("22");
      }
    }
  });
});

describe("VM tiers on Compute Engine", () => {
  it("small: one shielded Ubuntu VM, OS Login only, an SSD data disk, Docker Compose at boot", () => {
    const json = tf("small");
    const vm = only(json, "google_compute_instance");
    expect(vm).toMatchObject({
      machine_type: "e2-standard-4",
      boot_disk: { initialize_params: { image: "ubuntu-os-cloud/ubuntu-2404-lts-amd64" } },
      shielded_instance_config: { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true },
      metadata: { "enable-oslogin": "TRUE", "block-project-ssh-keys": "true" },
    });
    expect(vm["service_account"]["email"]).toMatch(/^\$\{google_service_account\./);
    expect(only(json, "google_compute_disk")).toMatchObject({ size: 100, type: "pd-ssd" });
    expect(vm["metadata_startup_script"]).toContain("apt-get install -y docker.io docker-compose-v2");
    expect(vm["metadata_startup_script"]).toContain("docker compose -f /opt/app/compose.yaml up -d");
    expect(vm["metadata_startup_script"]).not.toMatch(/password/i);
  });

  it("gives a VM an external IP only when exposure is public", () => {
    expect(only(tf("small"), "google_compute_instance")["network_interface"][0]["access_config"]).toHaveLength(1);
    expect(resources(tf("medium"), "google_compute_instance_template")[0]![1]["network_interface"][0]).not.toHaveProperty("access_config");
  });

  it("medium: a regional managed instance group from a template, autoscaled, behind a global external HTTPS load balancer", () => {
    const json = tf("medium");
    const group = only(json, "google_compute_region_instance_group_manager");
    expect(group["distribution_policy_zones"]).toEqual(["us-central1-a", "us-central1-b", "us-central1-c"]);
    expect(group["auto_healing_policies"]["health_check"]).toMatch(/^\$\{google_compute_health_check\./);
    expect(only(json, "google_compute_region_autoscaler")["autoscaling_policy"]).toMatchObject({ min_replicas: 3, max_replicas: 6, cpu_utilization: { target: 0.7 } });
    expect(only(json, "google_compute_backend_service")).toMatchObject({ load_balancing_scheme: "EXTERNAL_MANAGED", protocol: "HTTP", port_name: "http" });
    for (const [, rule] of resources(json, "google_compute_global_forwarding_rule")) expect(rule["load_balancing_scheme"]).toBe("EXTERNAL_MANAGED");
    for (const [, policy] of resources(json, "google_compute_ssl_policy")) expect(policy).toMatchObject({ min_tls_version: "TLS_1_2", profile: "MODERN" });
    const redirects = resources(json, "google_compute_url_map").filter(([, m]) => m["default_url_redirect"]);
    expect(redirects).toHaveLength(2);
    for (const [, m] of redirects) expect(m["default_url_redirect"]).toMatchObject({ https_redirect: true });
    expect(resources(json, "google_compute_managed_ssl_certificate").map(([, c]) => c["managed"]["domains"][0]).sort()).toEqual(["origin.shop.example.com", "shop.example.com"]);
  });
});

describe("GKE (large, enterprise)", () => {
  it("is a regional Standard cluster: private nodes, Workload Identity, Dataplane V2, release channel, default pool removed, protected in prod", () => {
    for (const tier of ["large", "enterprise"] as const) {
      const gke = only(tf(tier), "google_container_cluster");
      expect(gke).toMatchObject({
        location: "us-central1",
        remove_default_node_pool: true,
        deletion_protection: true,
        datapath_provider: "ADVANCED_DATAPATH",
        release_channel: { channel: "REGULAR" },
        networking_mode: "VPC_NATIVE",
        private_cluster_config: { enable_private_nodes: true },
        workload_identity_config: { workload_pool: "tierform-demo-prod.svc.id.goog" },
        master_auth: { client_certificate_config: { issue_client_certificate: false } },
        enable_shielded_nodes: true,
        logging_config: { enable_components: ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER"] },
      });
      const cidrs = gke["master_authorized_networks_config"]["cidr_blocks"].map((b: { cidr_block: string }) => b.cidr_block);
      expect(cidrs).not.toContain("0.0.0.0/0");
    }
  });

  it("encrypts Secrets in etcd with the environment's Cloud KMS key under customer-managed keys, after GKE's service agent may use it", () => {
    const json = tf("enterprise");
    const gke = only(json, "google_container_cluster");
    expect(gke["database_encryption"]).toEqual({ state: "ENCRYPTED", key_name: "${google_kms_crypto_key.data-key.id}" });
    const grant = resources(json, "google_kms_crypto_key_iam_member").find(([, m]) => String(m["member"]).includes("container-engine-robot"))!;
    expect(grant[1]).toMatchObject({
      crypto_key_id: "${google_kms_crypto_key.data-key.id}",
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:service-${data.google_project.project.number}@container-engine-robot.iam.gserviceaccount.com",
    });
    expect(gke["depends_on"]).toContain(`google_kms_crypto_key_iam_member.${grant[0]}`);
    // Without customer-managed keys (large): Google's default encryption at rest, and no project lookup.
    expect(only(tf("large"), "google_container_cluster")).not.toHaveProperty("database_encryption");
  });

  it("renders pools with total autoscaling bounds, the metadata server, and GPU and spot specifics", () => {
    const pools = byName(tf("large"), "google_container_node_pool");
    expect(pools["general"]).toMatchObject({ autoscaling: { total_min_node_count: 3, total_max_node_count: 24 }, management: { auto_repair: true, auto_upgrade: true } });
    expect(pools["gpu"]).toMatchObject({
      node_locations: ["us-central1-a", "us-central1-b", "us-central1-c"],
      autoscaling: { total_min_node_count: 1, total_max_node_count: 5 },
      node_config: {
        machine_type: "n1-standard-4",
        guest_accelerator: [{ type: "nvidia-tesla-t4", count: 1, gpu_driver_installation_config: { gpu_driver_version: "LATEST" } }],
        labels: { role: "ml-inference" },
      },
    });
    // GKE taints GPU nodes itself; declaring nvidia.com/gpu too would only fight it.
    expect(pools["gpu"]!["node_config"]["taint"]).toEqual([]);
    expect(pools["spot"]!["node_config"]).toMatchObject({ spot: true, taint: [{ key: "spot", value: "true", effect: "NO_SCHEDULE" }] });
    for (const pool of Object.values(pools)) {
      expect(pool["node_config"]).toMatchObject({ workload_metadata_config: { mode: "GKE_METADATA" }, image_type: "COS_CONTAINERD" });
      expect(pool["node_config"]["service_account"]).toMatch(/^\$\{google_service_account\./);
    }
  });

  it("sends the app's traffic to the general pool's NodePort through a global HTTPS load balancer", () => {
    const json = tf("large");
    expect(resources(json, "google_compute_instance_group_named_port").map(([, p]) => p["port"])).toEqual([30080, 30080, 30080]);
    const backend = only(json, "google_compute_backend_service");
    expect(backend["dynamic"]["backend"]["for_each"]).toMatch(/managed_instance_group_urls/);
    expect(byName(json, "google_compute_firewall")["large-gcp-prod-ingress-from-lb"]).toMatchObject({ allow: [{ protocol: "tcp", ports: ["30080"] }] });
  });
});

describe("Cloud SQL", () => {
  it("is private, TLS-only, backed up with PITR, Enterprise edition on a custom tier, and protected in prod", () => {
    for (const [tier, json] of all()) {
      const primary = resources(json, "google_sql_database_instance").map(([, i]) => i).find((i) => !i["master_instance_name"])!;
      expect(primary, tier).toMatchObject({
        database_version: "POSTGRES_16",
        deletion_protection: true,
        settings: {
          edition: "ENTERPRISE",
          deletion_protection_enabled: true,
          ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" },
          backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
        },
      });
      expect(primary["settings"]["tier"]).toMatch(/^db-custom-\d+-\d+$/);
      expect(primary["settings"]["ip_configuration"]["private_network"]).toMatch(/^\$\{google_service_networking_connection\./);
      expect(primary["settings"]["database_flags"]).toContainEqual({ name: "cloudsql.iam_authentication", value: "on" });
    }
  });

  it("is REGIONAL exactly when the tier asks for HA, with the tier's replicas", () => {
    const shape = (tier: TierName) => {
      const all = resources(tf(tier), "google_sql_database_instance").map(([, i]) => i);
      return { availability: all.find((i) => !i["master_instance_name"])!["settings"]["availability_type"], replicas: all.filter((i) => i["master_instance_name"]).length };
    };
    expect(shape("small")).toEqual({ availability: "ZONAL", replicas: 0 });
    expect(shape("large")).toEqual({ availability: "REGIONAL", replicas: 2 });
  });

  it("keeps the admin password out of state: an ephemeral variable, write-only into the user and Secret Manager", () => {
    const json = tf("small") as TfJson & { variable?: Record<string, Record<string, unknown>> };
    expect(json.variable!["small_gcp_prod_db_admin"]).toMatchObject({ ephemeral: true, sensitive: true, nullable: false });
    const users = resources(json, "google_sql_user").map(([, u]) => u);
    const admin = users.find((u) => u["type"] === "BUILT_IN")!;
    expect(admin).toMatchObject({ password_wo: "${var.small_gcp_prod_db_admin}", password_wo_version: 1 });
    expect(admin).not.toHaveProperty("password");
    const versions = resources(json, "google_secret_manager_secret_version").map(([, v]) => v);
    expect(versions).toContainEqual(expect.objectContaining({ secret_data_wo: "${var.small_gcp_prod_db_admin}", secret_data_wo_version: 1 }));
    expect(JSON.stringify(json.output)).not.toMatch(/password/i);
  });

  it("gives IAM database logins (and the roles for them) only to identities that log in with IAM", () => {
    const iamUsers = (json: TfJson) => resources(json, "google_sql_user").filter(([, u]) => u["type"] === "CLOUD_IAM_SERVICE_ACCOUNT");
    const sqlRoles = (json: TfJson) => resources(json, "google_project_iam_member").filter(([, m]) => String(m["role"]).startsWith("roles/cloudsql."));
    // VM tiers: the server reads the admin secret and connects by private IP: no IAM user, no Cloud SQL role.
    for (const tier of ["small", "medium"] as const) {
      expect(iamUsers(tf(tier)), tier).toEqual([]);
      expect(sqlRoles(tf(tier)), tier).toEqual([]);
    }
    // Kubernetes: each workload's own account logs in with IAM.
    expect(iamUsers(tf("large")).map(([n]) => n)).toEqual(expect.arrayContaining([expect.stringMatching(/^workload-api_wl-api-db-login_/)]));
  });
});

describe("Memorystore", () => {
  it("single and replicated: Memorystore for Redis with AUTH and TLS over private services access", () => {
    expect(only(tf("small"), "google_redis_instance")).toMatchObject({ tier: "BASIC", auth_enabled: true, transit_encryption_mode: "SERVER_AUTHENTICATION", connect_mode: "PRIVATE_SERVICE_ACCESS", memory_size_gb: 4 });
    expect(only(tf("medium"), "google_redis_instance")).toMatchObject({ tier: "STANDARD_HA", replica_count: 2, read_replicas_mode: "READ_REPLICAS_ENABLED" });
    // With in-transit encryption an instance serves TLS on 6378 only: apps are told that port.
    for (const tier of ["small", "medium"] as const) expect((tf(tier).output as Record<string, { value: unknown }>)["cache_port"]!.value, tier).toBe(6378);
  });

  it("writes the AUTH string write-only into Secret Manager: the secret version's state never holds it", () => {
    for (const tier of ["small", "medium"] as const) {
      const versions = resources(tf(tier), "google_secret_manager_secret_version").map(([, v]) => v);
      const auth = versions.find((v) => String(v["secret_data_wo"]).includes("google_redis_instance."))!;
      expect(auth, tier).toMatchObject({ secret_data_wo: expect.stringMatching(/^\$\{google_redis_instance\.[^}]+\.auth_string\}$/), secret_data_wo_version: 1 });
      for (const v of versions) expect(v, tier).not.toHaveProperty("secret_data");
    }
  });

  it("cluster: Memorystore for Redis Cluster with IAM auth, TLS, multi-zone, after its service connection policy", () => {
    const cluster = only(tf("large"), "google_redis_cluster");
    expect(cluster).toMatchObject({
      shard_count: 3,
      replica_count: 1,
      node_type: "REDIS_HIGHMEM_XLARGE",
      authorization_mode: "AUTH_MODE_IAM_AUTH",
      transit_encryption_mode: "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION",
      zone_distribution_config: { mode: "MULTI_ZONE" },
      deletion_protection_enabled: true,
    });
    expect(cluster["psc_configs"][0]["network"]).toMatch(/^\$\{google_network_connectivity_service_connection_policy\./);
  });
});

describe("Cloud CDN", () => {
  it("serves static assets from a CDN-enabled backend bucket and /api/* from the app's backend service without CDN", () => {
    const json = tf("medium");
    expect(only(json, "google_compute_backend_bucket")).toMatchObject({ enable_cdn: true, cdn_policy: { cache_mode: "CACHE_ALL_STATIC" } });
    expect(only(json, "google_compute_backend_service")["enable_cdn"]).toBeUndefined();
    const cdnMap = resources(json, "google_compute_url_map").map(([, m]) => m).find((m) => m["path_matcher"])!;
    expect(cdnMap["path_matcher"][0]["path_rule"]).toEqual([{ paths: ["/api/*"], service: expect.stringMatching(/^\$\{google_compute_backend_service\./) }]);
    expect(cdnMap["default_service"]).toMatch(/^\$\{google_compute_backend_bucket\./);
  });

  it("keeps buckets uniform-access; only the CDN's static bucket is public-read, the files bucket enforces prevention", () => {
    const buckets = byName(tf("medium"), "google_storage_bucket");
    expect(buckets["tierform-demo-prod-medium-gcp-prod-files"]).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced", versioning: { enabled: true } });
    expect(buckets["tierform-demo-prod-medium-gcp-prod-static"]).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "inherited" });
    const publicGrants = resources(tf("medium"), "google_storage_bucket_iam_member").filter(([, g]) => g["member"] === "allUsers");
    expect(publicGrants).toHaveLength(1);
    expect(publicGrants[0]![1]["bucket"]).toMatch(/google_storage_bucket\.cdn_static/);
  });
});

describe("neutral outputs", () => {
  it("have the same names as on AWS for the same tier", () => {
    const aws = synthEnvironment(demoTopology("large", "aws")).infra;
    const names = (json: TfJson) => Object.keys(json.output!).filter((n) => n !== "cache_username" && n !== "cache_secret_ref").sort();
    expect(names(tf("large"))).toEqual(names(aws));
  });
});
