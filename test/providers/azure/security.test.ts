import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../../../examples/default-app";
import type { TierName } from "../../../tiers";
import type { Environment } from "../../../src/stacks/environment";
import { only, resources, synthEnvironment, type TfJson } from "../../helpers";

const synthed = {} as Record<TierName, { env: Environment; infra: TfJson; regions: TfJson[] }>;
beforeAll(() => {
  for (const tier of ["small", "medium", "large", "enterprise"] as const) synthed[tier] = synthEnvironment(demoTopology(tier, "azure"), tier);
});
const tf = (tier: TierName) => synthed[tier].infra;
const all = () => (["small", "medium", "large", "enterprise"] as const).map((t) => [t, tf(t)] as const);
const byName = (json: TfJson, type: string) => Object.fromEntries(resources(json, type).map(([, r]) => [r["name"] as string, r]));

describe("every Azure tier", () => {
  it("creates the environment's resource group; subscription and tenant are not hard-coded", () => {
    for (const [tier, json] of all()) {
      // A multi-region environment has a resource group per region (named with the region's code).
      const prefix = tier === "enterprise" ? "ent-azure-prod-eus" : `${tier}-azure-prod`;
      expect(only(json, "azurerm_resource_group")).toMatchObject({ name: `${prefix}-rg`, location: "eastus" });
      const provider = json.provider!["azurerm"]![0]!;
      expect(provider).not.toHaveProperty("subscription_id");
      expect(provider).not.toHaveProperty("tenant_id");
      expect(provider).toMatchObject({ storage_use_azuread: true });
    }
  });

  it("gives no subnet default outbound access, egresses through a NAT gateway with a static IP", () => {
    for (const [, json] of all()) {
      for (const [, subnet] of resources(json, "azurerm_subnet")) expect(subnet["default_outbound_access_enabled"]).toBe(false);
      expect(only(json, "azurerm_nat_gateway")).toMatchObject({ sku_name: "Standard" });
      const natIp = resources(json, "azurerm_public_ip").map(([, ip]) => ip).find((ip) => String(ip["name"]).endsWith("-nat-ip"));
      expect(natIp).toMatchObject({ sku: "Standard", allocation_method: "Static" });
    }
    const db = byName(tf("large"), "azurerm_subnet")["large-azure-prod-database"]!;
    expect(db["delegation"][0]["service_delegation"]["name"]).toBe("Microsoft.DBforPostgreSQL/flexibleServers");
  });

  it("opens only what is used: web ports for a public server, Front Door alone to load-balanced apps, never SSH", () => {
    const rules = (tier: TierName) => resources(tf(tier), "azurerm_network_security_rule").map(([, r]) => r);
    expect(rules("small")).toEqual([expect.objectContaining({ source_address_prefix: "Internet", destination_port_ranges: ["80", "443"], access: "Allow" })]);
    expect(rules("medium")).toEqual([expect.objectContaining({ source_address_prefix: "AzureFrontDoor.Backend", destination_port_range: "8080" })]);
    expect(rules("large")).toEqual([expect.objectContaining({ source_address_prefix: "AzureFrontDoor.Backend", destination_port_range: "80" })]);
    for (const [, json] of all()) {
      for (const [, r] of resources(json, "azurerm_network_security_rule")) {
        expect([r["destination_port_range"], ...(r["destination_port_ranges"] ?? [])]).not.toContain("22");
      }
    }
  });
});

describe("Key Vault and storage firewalls", () => {
  const nodesSubnet = (json: TfJson) => `\${azurerm_subnet.${resources(json, "azurerm_subnet").find(([, s]) => String(s["name"]).endsWith("-nodes"))![0]}.id}`;
  const envVault = (json: TfJson) => Object.values(byName(json, "azurerm_key_vault")).find((v) => String(v["name"]).endsWith("kv"))!;

  it("gives the workload subnet Key Vault and storage service endpoints", () => {
    for (const [tier, json] of all()) {
      const nodes = resources(json, "azurerm_subnet").find(([, s]) => String(s["name"]).endsWith("-nodes"))![1];
      expect(nodes["service_endpoints"], tier).toEqual(["Microsoft.KeyVault", "Microsoft.Storage"]);
    }
  });

  it("closes the environment's Key Vault to every network but trusted services, the workload subnet and the deployer CIDRs", () => {
    for (const tier of ["small", "medium", "large", "enterprise"] as const) {
      const json = tf(tier);
      expect(envVault(json)["network_acls"], tier).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: [], virtual_network_subnet_ids: [nodesSubnet(json)] });
    }
    // Several regions: no other region reads the primary's vault (apps and the setup Job log in to PostgreSQL with
    // Entra tokens), so both regions' vaults are closed.
    const secondary = synthed.enterprise.regions[1]!;
    expect(envVault(secondary)["network_acls"]).toMatchObject({ default_action: "Deny", virtual_network_subnet_ids: [nodesSubnet(secondary)] });
  });

  it("closes private storage accounts (files, flow logs) the same way; only the static origin stays open for Front Door", () => {
    for (const [tier, json] of all()) {
      for (const account of resources(json, "azurerm_storage_account").map(([, a]) => a)) {
        if (String(account["name"]).endsWith("static")) {
          expect(account, `${tier} ${account["name"]}`).not.toHaveProperty("network_rules");
          continue;
        }
        expect(account["network_rules"], `${tier} ${account["name"]}`).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: [], virtual_network_subnet_ids: [nodesSubnet(json)] });
      }
    }
    const names = resources(tf("enterprise"), "azurerm_storage_account").map(([, a]) => String(a["name"]));
    expect(names.some((n) => n.endsWith("flow"))).toBe(true);
  });

  it("admits compliance.deployerCidrs (a /32 as its address) where Terraform writes and reads", () => {
    const topology = demoTopology("large", "azure");
    const json = synthEnvironment({ ...topology, compliance: { ...topology.compliance, deployerCidrs: ["203.0.113.0/24", "198.51.100.7/32"] } }, "large").infra;
    expect(envVault(json)["network_acls"]["ip_rules"]).toEqual(["203.0.113.0/24", "198.51.100.7"]);
    for (const [, account] of resources(json, "azurerm_storage_account")) {
      if (account["network_rules"]) expect(account["network_rules"]["ip_rules"]).toEqual(["203.0.113.0/24", "198.51.100.7"]);
    }
  });
});

describe("VM tiers", () => {
  it("small: one Ubuntu LTS VM, SSH key only, Trusted Launch, a Premium SSD data disk, cloud-init with Docker Compose", () => {
    const json = tf("small");
    const vm = only(json, "azurerm_linux_virtual_machine");
    expect(vm).toMatchObject({
      disable_password_authentication: true,
      secure_boot_enabled: true,
      vtpm_enabled: true,
      source_image_reference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
      size: "Standard_D4as_v5",
    });
    expect(vm).not.toHaveProperty("admin_password");
    expect(vm["admin_ssh_key"][0]["public_key"]).toMatch(/^ssh-ed25519 /);
    expect(only(json, "azurerm_managed_disk")).toMatchObject({ disk_size_gb: 100, storage_account_type: "Premium_LRS" });
    expect(vm["custom_data"]).toContain("apt-get install -y docker.io docker-compose-v2");
    expect(vm["custom_data"]).toContain("/dev/disk/azure/scsi1/lun0");
  });

  it("medium: a zone-balanced scale set of 3 behind a Standard Load Balancer with a health probe, and an autoscale setting", () => {
    const json = tf("medium");
    const vmss = only(json, "azurerm_linux_virtual_machine_scale_set");
    expect(vmss).toMatchObject({ instances: 3, zones: ["1", "2", "3"], zone_balance: true, upgrade_mode: "Rolling", disable_password_authentication: true });
    expect(vmss["health_probe_id"]).toMatch(/^\$\{azurerm_lb_probe\./);
    expect(only(json, "azurerm_lb")).toMatchObject({ sku: "Standard" });
    expect(only(json, "azurerm_lb_probe")).toMatchObject({ protocol: "Http", port: 8080, request_path: "/" });
    const profile = only(json, "azurerm_monitor_autoscale_setting")["profile"][0];
    expect(profile["capacity"]).toEqual({ default: 3, minimum: 3, maximum: 6 });
    expect(profile["rule"].map((r: any) => [r.metric_trigger.operator, r.metric_trigger.threshold])).toEqual([["GreaterThan", 70], ["LessThan", 35]]);
  });
});

describe("AKS", () => {
  it("uses Entra RBAC without local accounts, workload identity, CNI overlay with Cilium, automatic upgrades, Standard tier in prod", () => {
    for (const tier of ["large", "enterprise"] as const) {
      const aks = only(tf(tier), "azurerm_kubernetes_cluster");
      expect(aks).toMatchObject({
        local_account_disabled: true,
        oidc_issuer_enabled: true,
        workload_identity_enabled: true,
        azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
        network_profile: { network_plugin: "azure", network_plugin_mode: "overlay", network_data_plane: "cilium", network_policy: "cilium", outbound_type: "userAssignedNATGateway" },
        automatic_upgrade_channel: "patch",
        sku_tier: "Standard",
        azure_policy_enabled: true,
        key_vault_secrets_provider: { secret_rotation_enabled: true },
        default_node_pool: { only_critical_addons_enabled: true, zones: ["1", "2", "3"] },
      });
      expect(aks["api_server_access_profile"]["authorized_ip_ranges"]).toEqual(["203.0.113.0/24"]);
    }
  });

  it("encrypts Secrets in etcd with a Key Vault key under customer-managed keys, through a user-assigned identity that may use it", () => {
    const json = tf("enterprise");
    const aks = only(json, "azurerm_kubernetes_cluster");
    expect(aks["key_management_service"]).toEqual({ key_vault_key_id: expect.stringMatching(/^\$\{azurerm_key_vault_key\.[^}]+\.id\}$/), key_vault_network_access: "Public" });
    expect(aks["identity"]).toEqual({ type: "UserAssigned", identity_ids: [expect.stringMatching(/^\$\{azurerm_user_assigned_identity\./)] });
    const identity = aks["identity"]["identity_ids"][0].replace(/\.id\}$/, ".principal_id}");
    const grants = resources(json, "azurerm_role_assignment").map(([, r]) => r).filter((r) => r["principal_id"] === identity);
    const keyName = aks["key_management_service"]["key_vault_key_id"].replace(/\.id\}$/, ".resource_versionless_id}");
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role_definition_name: "Key Vault Crypto User", scope: keyName }),
        expect.objectContaining({ role_definition_name: "Network Contributor", scope: expect.stringMatching(/azurerm_subnet\.network_nodes/) }),
      ]),
    );
    // The key has a vault of its own: "Public" KMS access needs a vault open to every network, the environment's stays closed.
    const vaults = byName(json, "azurerm_key_vault");
    const kmsVault = Object.values(vaults).find((v) => String(v["name"]).endsWith("kms"))!;
    expect(kmsVault).toMatchObject({ rbac_authorization_enabled: true, purge_protection_enabled: true, network_acls: { default_action: "Allow" } });
    // Without customer-managed keys (large): the system-assigned identity and etcd's platform encryption.
    expect(only(tf("large"), "azurerm_kubernetes_cluster")).not.toHaveProperty("key_management_service");
    expect(only(tf("large"), "azurerm_kubernetes_cluster")["identity"]).toEqual({ type: "SystemAssigned" });
  });

  it("renders user pools: general autoscaling, GPU with the driver and taint, spot declaring AKS's own label and taint", () => {
    const pools = byName(tf("large"), "azurerm_kubernetes_cluster_node_pool");
    expect(pools["general"]).toMatchObject({ mode: "User", auto_scaling_enabled: true, min_count: 3, max_count: 24 });
    expect(pools["gpu"]).toMatchObject({ vm_size: "Standard_NC4as_T4_v3", gpu_driver: "Install", node_taints: ["nvidia.com/gpu=true:NoSchedule"], node_labels: { role: "ml-inference" } });
    expect(pools["spot"]).toMatchObject({
      priority: "Spot",
      eviction_policy: "Delete",
      spot_max_price: -1,
      node_labels: { "kubernetes.azure.com/scalesetpriority": "spot" },
      node_taints: ["spot=true:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
    });
    for (const pool of Object.values(pools)) expect(pool["max_pods"]).toBeGreaterThanOrEqual(50);
  });
});

describe("PostgreSQL Flexible Server", () => {
  it("turns on the built-in PgBouncer where pooling is on (medium and up, General Purpose or Memory Optimized SKUs), with the guide's values", () => {
    for (const [tier] of all()) {
      const json = tf(tier);
      const params = Object.fromEntries(resources(json, "azurerm_postgresql_flexible_server_configuration").map(([, c]) => [c["name"], c["value"]]));
      if (tier === "small") {
        expect(params["pgbouncer.enabled"], tier).toBeUndefined();
        continue;
      }
      expect(params, tier).toMatchObject({ "pgbouncer.enabled": "true", "pgbouncer.pool_mode": "transaction", "pgbouncer.default_pool_size": "50", "pgbouncer.max_client_conn": "1000" });
      const primary = resources(json, "azurerm_postgresql_flexible_server").map(([, s]) => s).find((s) => !s["create_mode"])!;
      expect(primary["sku_name"], tier).toMatch(/^(GP|MO)_/); // PgBouncer is not offered on Burstable
    }
  });

  it("is VNet-integrated with public access off, zone-redundant when HA, geo-redundant backups in prod", () => {
    const servers = (tier: TierName) => resources(tf(tier), "azurerm_postgresql_flexible_server").map(([, s]) => s);
    for (const [tier] of all()) {
      const primary = servers(tier).find((s) => !s["create_mode"])!;
      // With a customer-managed key (enterprise) the geo replica in the second region is the off-region copy.
      const geoBackups = tier !== "enterprise";
      expect(primary, tier).toMatchObject({ version: "16", public_network_access_enabled: false, geo_redundant_backup_enabled: geoBackups, authentication: { active_directory_auth_enabled: true } });
      expect(primary["delegated_subnet_id"]).toMatch(/azurerm_subnet\.network_database/);
      expect(primary["private_dns_zone_id"]).toMatch(/azurerm_private_dns_zone\./);
      expect(primary["lifecycle"]["ignore_changes"]).toEqual(["zone", "high_availability[0].standby_availability_zone"]);
      expect(primary).not.toHaveProperty("administrator_password");
    }
    expect(servers("small").find((s) => !s["create_mode"])).not.toHaveProperty("high_availability");
    expect(servers("large").find((s) => !s["create_mode"])).toMatchObject({ sku_name: "MO_Standard_E8ds_v5", high_availability: { mode: "ZoneRedundant" } });
    expect(servers("large").filter((s) => s["create_mode"] === "Replica")).toHaveLength(2);
  });

  it("allow-lists pgvector in azure.extensions (one value) and requires TLS", () => {
    const params = Object.fromEntries(resources(tf("large"), "azurerm_postgresql_flexible_server_configuration").map(([, c]) => [c["name"], c["value"]]));
    expect(params["azure.extensions"]).toBe("VECTOR");
    expect(params["require_secure_transport"]).toBe("ON");
  });

  it("keeps the admin password write-only: ephemeral variable → server and Key Vault", () => {
    const json = tf("small") as TfJson & { variable?: Record<string, Record<string, unknown>> };
    expect(json.variable!["small_azure_prod_db_admin"]).toMatchObject({ ephemeral: true, sensitive: true });
    const primary = resources(json, "azurerm_postgresql_flexible_server").map(([, s]) => s).find((s) => !s["create_mode"])!;
    expect(primary).toMatchObject({ administrator_password_wo: "${var.small_azure_prod_db_admin}", administrator_password_wo_version: 1 });
    expect(resources(json, "azurerm_key_vault_secret").map(([, s]) => s)).toContainEqual(expect.objectContaining({ value_wo: "${var.small_azure_prod_db_admin}" }));
    expect(only(json, "azurerm_key_vault")).toMatchObject({ rbac_authorization_enabled: true, purge_protection_enabled: true });
  });
});

describe("Azure Managed Redis", () => {
  it("has public access off, a private endpoint with its DNS zone, TLS, and the mode's clustering policy", () => {
    expect(only(tf("small"), "azurerm_managed_redis")).toMatchObject({ public_network_access: "Disabled", high_availability_enabled: false, default_database: { clustering_policy: "EnterpriseCluster", client_protocol: "Encrypted" } });
    expect(only(tf("large"), "azurerm_managed_redis")).toMatchObject({ high_availability_enabled: true, default_database: { clustering_policy: "OSSCluster" } });
    expect(only(tf("large"), "azurerm_private_endpoint")["private_service_connection"]).toMatchObject({ subresource_names: ["redisEnterprise"], is_manual_connection: false });
    expect(byName(tf("large"), "azurerm_private_dns_zone")["privatelink.redis.azure.net"]).toBeDefined();
  });

  it("writes the access key write-only into Key Vault: no Key Vault secret's state holds a value", () => {
    for (const [tier, json] of all()) {
      const secrets = resources(json, "azurerm_key_vault_secret").map(([, s]) => s);
      const key = secrets.find((s) => String(s["value_wo"]).includes("azurerm_managed_redis."))!;
      expect(key, tier).toMatchObject({ value_wo: expect.stringMatching(/^\$\{azurerm_managed_redis\.[^}]+\.default_database\[0\]\.primary_access_key\}$/), value_wo_version: 1 });
      for (const s of secrets) expect(s, tier).not.toHaveProperty("value");
    }
  });

  it("warns that Azure keeps one replica per shard where a tier asks for more", () => {
    expect(synthed.medium.env.warnings.map((w) => w.id)).toContain("tierform:cache:replicas-capped");
    expect(synthed.large.env.warnings.map((w) => w.id)).not.toContain("tierform:cache:replicas-capped");
  });
});

describe("Front Door", () => {
  it("routes /api/* to the app uncached and the rest to static storage, HTTPS redirect, managed TLS 1.2", () => {
    const json = tf("medium");
    expect(only(json, "azurerm_cdn_frontdoor_profile")).toMatchObject({ sku_name: "Standard_AzureFrontDoor" });
    const routes = byName(json, "azurerm_cdn_frontdoor_route");
    expect(routes["app"]).toMatchObject({ patterns_to_match: ["/api/*"], https_redirect_enabled: true });
    expect(routes["app"]).not.toHaveProperty("cache");
    expect(routes["static"]).toMatchObject({ patterns_to_match: ["/*"], https_redirect_enabled: true, forwarding_protocol: "HttpsOnly", cache: { compression_enabled: true } });
    expect(only(json, "azurerm_cdn_frontdoor_custom_domain")["tls"]).toEqual({ certificate_type: "ManagedCertificate", minimum_tls_version: "TLS12" });
    expect(byName(json, "azurerm_cdn_frontdoor_origin_group")["app"]["health_probe"]).toMatchObject({ protocol: "Http", request_type: "HEAD" });
    expect(only(json, "azurerm_cdn_frontdoor_custom_domain_association")["cdn_frontdoor_route_ids"]).toHaveLength(2);
  });

  it("keeps storage TLS 1.2, HTTPS-only and key-less; only the static container is public-read", () => {
    const accounts = resources(tf("medium"), "azurerm_storage_account").map(([, a]) => a);
    for (const a of accounts) expect(a).toMatchObject({ min_tls_version: "TLS1_2", https_traffic_only_enabled: true, shared_access_key_enabled: false });
    const containers = byName(tf("medium"), "azurerm_storage_container");
    expect(containers["static"]).toMatchObject({ container_access_type: "blob" });
    expect(containers["files"]).toMatchObject({ container_access_type: "private" });
  });
});
