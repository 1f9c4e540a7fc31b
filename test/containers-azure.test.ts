import { describe, expect, it } from "vitest";
import { mediumContainers } from "../tiers/medium";
import type { WorkloadProps } from "../src/model/workload";
import { only, resources, synthEnvironment, type TfJson } from "./helpers";

// medium on Azure Container Apps (the SocialTrend guide), and variants of it: the facts a user relies on.
const SERVICE_SIZE = { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } } as const;
const base = { cloud: "azure", region: "eastus", environment: "prod", name: "svc", domain: "social.example.com", monitoring: { notify: { emails: ["ops@example.com"] } } } as const;

function synth(overrides: Record<string, unknown> = {}): TfJson {
  return synthEnvironment(mediumContainers({ ...base, ...overrides } as Parameters<typeof mediumContainers>[0])).infra;
}

const app = (json: TfJson, name: string) => resources(json, "azurerm_container_app").find(([, b]) => b["name"] === `svc-prod-${name}`)?.[1] ?? expect.fail(`no container app ${name}`);
const env = (json: TfJson, name: string) => Object.fromEntries((app(json, name)["template"]["container"][0]["env"] as { name: string; value?: string; secret_name?: string }[]).map((e) => [e.name, e.value ?? `secret:${e.secret_name}`]));
const rule = (json: TfJson, name: string, type: string) => (app(json, name)["template"]["custom_scale_rule"] ?? []).find((r: { custom_rule_type: string }) => r.custom_rule_type === type);
const grants = (json: TfJson) => resources(json, "azurerm_role_assignment").filter(([id]) => id.startsWith("services_")).map(([, b]) => b);

describe("Azure Container Apps (medium on containers)", () => {
  const json = synth();

  it("runs one workload-profiles environment (Consumption) in its own delegated subnet, zone-redundant in production", () => {
    const environment = only(json, "azurerm_container_app_environment");
    const subnet = resources(json, "azurerm_subnet").find(([, b]) => b["name"] === "svc-prod-containers")![1];
    expect(subnet["delegation"][0]["service_delegation"]["name"]).toBe("Microsoft.App/environments");
    expect(subnet["default_outbound_access_enabled"]).toBe(false);
    expect(environment["infrastructure_subnet_id"]).toMatch(/azurerm_subnet\.network_containers_.*\.id/);
    expect(environment["workload_profile"]).toEqual([{ name: "Consumption", workload_profile_type: "Consumption" }]);
    expect(environment["zone_redundancy_enabled"]).toBe(true);
    // The data stores admit the services by this range.
    expect(json.output?.["app_client_group"]?.value).toBe(subnet["address_prefixes"][0]);
  });

  it("keeps services private: only the exposed app has external ingress, never plain HTTP; workers have none", () => {
    const web = app(json, "web");
    expect(web["ingress"]).toMatchObject({ external_enabled: true, allow_insecure_connections: false, target_port: 8080, transport: "http", traffic_weight: [{ latest_revision: true, percentage: 100 }] });
    expect(app(json, "worker")["ingress"]).toBeUndefined();
    const internal = synth({ workloads: [{ name: "api", image: "ghcr.io/acme/api:1", port: 9000, resources: SERVICE_SIZE, replicas: 2 }, { name: "web", image: "ghcr.io/acme/web:1", port: 8080, expose: true, resources: SERVICE_SIZE, replicas: 2 }] });
    expect(app(internal, "api")["ingress"]).toMatchObject({ external_enabled: false, allow_insecure_connections: false, target_port: 9000 });
  });

  it("admits only Front Door to the environment's HTTPS ports in its network security group", () => {
    const [, nsgRule] = resources(json, "azurerm_network_security_rule").find(([id]) => id.startsWith("services_"))!;
    expect(nsgRule).toMatchObject({ direction: "Inbound", access: "Allow", source_address_prefix: "AzureFrontDoor.Backend", destination_port_ranges: ["443", "31443"] });
    expect(nsgRule["network_security_group_name"]).toMatch(/network_containers-nsg_/);
  });

  it("serves HTTPS only at the edge and reaches the app over HTTPS by its FQDN, probing its health path", () => {
    const route = resources(json, "azurerm_cdn_frontdoor_route").find(([id]) => id.includes("app-route"))![1];
    expect(route).toMatchObject({ https_redirect_enabled: true, forwarding_protocol: "HttpsOnly" });
    const origin = resources(json, "azurerm_cdn_frontdoor_origin").find(([id]) => id.includes("app-origin"))![1];
    expect(origin["host_name"]).toBe("svc-prod-web.${azurerm_container_app_environment.services_apps-environment_9E6C8E52.default_domain}");
    expect(origin["origin_host_header"]).toBe(origin["host_name"]);
    expect(origin["certificate_name_check_enabled"]).toBe(true);
    const group = resources(json, "azurerm_cdn_frontdoor_origin_group").find(([id]) => id.includes("app-group"))![1];
    expect(group["health_probe"]).toMatchObject({ protocol: "Https", path: "/" });
    const custom = synth({ workloads: [{ name: "web", image: "ghcr.io/acme/web:1", port: 8080, expose: true, resources: SERVICE_SIZE, replicas: 2, readiness: { path: "/healthz" } }] });
    expect(resources(custom, "azurerm_cdn_frontdoor_origin_group").find(([id]) => id.includes("app-group"))![1]["health_probe"]["path"]).toBe("/healthz");
    expect(app(custom, "web")["template"]["container"][0]["readiness_probe"]).toEqual([{ transport: "HTTP", port: 8080, path: "/healthz", initial_delay: 5, interval_seconds: 10, failure_count_threshold: 3 }]);
  });

  it("with the WAF (Front Door Premium) the environment is internal and Front Door reaches it over Private Link", () => {
    const waf = synth({ compliance: { waf: true } });
    expect(only(waf, "azurerm_container_app_environment")).toMatchObject({ internal_load_balancer_enabled: true, public_network_access: "Disabled" });
    expect(only(waf, "azurerm_cdn_frontdoor_profile")["sku_name"]).toBe("Premium_AzureFrontDoor");
    const origin = resources(waf, "azurerm_cdn_frontdoor_origin").find(([id]) => id.includes("app-origin"))![1];
    expect(origin["private_link"]).toMatchObject({ target_type: "managedEnvironments", location: "eastus" });
    expect(origin["private_link"]["private_link_target_id"]).toMatch(/azurerm_container_app_environment\..*\.id/);
    expect(resources(waf, "azurerm_network_security_rule").filter(([id]) => id.startsWith("services_"))).toEqual([]);
    expect(only(json, "azurerm_container_app_environment")).toMatchObject({ internal_load_balancer_enabled: false, public_network_access: "Enabled" });
  });

  it("sizes and bounds each service and scales the web on CPU and concurrent requests, the worker on its Redis list", () => {
    const web = app(json, "web")["template"];
    expect(web).toMatchObject({ min_replicas: 3, max_replicas: 10, cooldown_period_in_seconds: 300 });
    expect(web["container"][0]).toMatchObject({ cpu: 1, memory: "2Gi" });
    expect(web["http_scale_rule"]).toEqual([{ name: "http", concurrent_requests: "80" }]);
    expect(rule(json, "web", "cpu")).toEqual({ name: "cpu", custom_rule_type: "cpu", metadata: { type: "Utilization", value: "70" } });
    expect(rule(json, "web", "memory")).toBeUndefined();
    const worker = app(json, "worker")["template"];
    expect(worker).toMatchObject({ min_replicas: 1, max_replicas: 5 });
    expect(rule(json, "worker", "redis")).toEqual({
      name: "queue",
      custom_rule_type: "redis",
      metadata: {
        address: "${azurerm_managed_redis.cache_redis_F9D2CAF5.hostname}:${azurerm_managed_redis.cache_redis_F9D2CAF5.default_database[0].port}",
        listName: "celery",
        listLength: "100",
        enableTLS: "true",
      },
      authentication: [{ secret_name: "redis-password", trigger_parameter: "password" }],
    });
  });

  it("scales on memory when asked and takes the scale-in cooldown from the compute settings", () => {
    const custom = synth({
      compute: { scaleInCooldownSeconds: 120 },
      workloads: [{ name: "web", image: "ghcr.io/acme/web:1", port: 8080, expose: true, resources: { requests: { cpu: "500m", memory: "1Gi" } }, autoscaling: { min: 2, max: 4, memoryPercent: 60 } }],
    });
    expect(rule(custom, "web", "memory")).toEqual({ name: "memory", custom_rule_type: "memory", metadata: { type: "Utilization", value: "60" } });
    expect(app(custom, "web")["template"]).toMatchObject({ min_replicas: 2, max_replicas: 4, cooldown_period_in_seconds: 120 });
    expect(app(custom, "web")["template"]["container"][0]).toMatchObject({ cpu: 0.5, memory: "1Gi" });
  });

  it("cuts a long service name to Container Apps' 32 characters with a hash, so names that start alike stay apart (fuzz finding)", () => {
    const size = { limits: { cpu: "1", memory: "2Gi" } };
    const json = synth({ workloads: [{ name: "a".repeat(30) + "-web", image: "nginx", port: 8080, expose: true, resources: size }, { name: "a".repeat(30) + "-api", image: "nginx", resources: size }] });
    const names = resources(json, "azurerm_container_app").map(([, b]) => b["name"] as string);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^svc-prod-a+-[0-9a-f]{4}$/);
    expect(names.every((n) => n.length <= 32)).toBe(true);
  });

  it("renders a scale-in cooldown of 0 as Container Apps' shortest, 1 s (azurerm refuses 0; fuzz finding)", () => {
    expect(app(synth({ compute: { scaleInCooldownSeconds: 0 } }), "web")["template"]["cooldown_period_in_seconds"]).toBe(1);
  });

  it("gives every service its own identity, used for its Key Vault secret references", () => {
    const identities = resources(json, "azurerm_user_assigned_identity").filter(([id]) => id.startsWith("services_"));
    expect(identities.map(([, b]) => b["name"]).sort()).toEqual(["svc-prod-app-web", "svc-prod-app-worker"]);
    for (const name of ["web", "worker"]) {
      const a = app(json, name);
      const [identityId] = a["identity"]["identity_ids"];
      expect(identityId).toMatch(new RegExp(`services_${name}-identity_`));
      for (const s of a["secret"]) expect(s["identity"]).toBe(identityId);
      expect(a["secret"].map((s: { key_vault_secret_id: string }) => s.key_vault_secret_id)).toEqual([
        "${azurerm_key_vault_secret.database_pg-admin-secret_C79A5190.versionless_id}",
        "${azurerm_key_vault_secret.cache_redis-key-secret_6772FAB9.versionless_id}",
      ]);
      expect(a["secret"].every((s: { value?: string }) => s.value === undefined)).toBe(true);
    }
  });

  it("lets only the service that reads files.bucket use the files container, through its identity", () => {
    const files = grants(json).filter((g) => g["role_definition_name"] === "Storage Blob Data Contributor");
    expect(files).toHaveLength(1);
    expect(files[0]!["principal_id"]).toMatch(/services_web-identity_/);
    expect(files[0]!["scope"]).toMatch(/azurerm_storage_account\.files_.*\.id/);
    expect(env(json, "web")["FILES_BUCKET"]).toMatch(/^\$\{azurerm_storage_account\.files_[^}]+\.name\}\/\$\{azurerm_storage_container\.files_[^}]+\.name\}$/);
    expect(env(json, "worker")["FILES_BUCKET"]).toBeUndefined();
  });

  it("grants each identity read access only to the secrets its service uses, on each secret", () => {
    // The worker reads only the cache (its queue); the web reads the database only.
    const custom = synth({
      workloads: [
        { name: "web", image: "ghcr.io/acme/web:1", port: 8080, expose: true, resources: SERVICE_SIZE, replicas: 2, env: { DATABASE_HOST: { from: "database.host" } } },
        { name: "worker", image: "ghcr.io/acme/worker:1", resources: SERVICE_SIZE, autoscaling: { min: 1, max: 5, queue: { list: "celery", perInstance: 100 } } },
      ] satisfies WorkloadProps[],
    });
    const byService = (name: string) => grants(custom).filter((g) => String(g["principal_id"]).includes(`services_${name}-identity_`));
    expect(byService("web").map((g) => [g["role_definition_name"], g["scope"]])).toEqual([["Key Vault Secrets User", "${azurerm_key_vault_secret.database_pg-admin-secret_C79A5190.resource_versionless_id}"]]);
    expect(byService("worker").map((g) => [g["role_definition_name"], g["scope"]])).toEqual([["Key Vault Secrets User", "${azurerm_key_vault_secret.cache_redis-key-secret_6772FAB9.resource_versionless_id}"]]);
    expect(env(custom, "web")["DATABASE_PASSWORD"]).toBe("secret:database-password");
    expect(env(custom, "web")["REDIS_PASSWORD"]).toBeUndefined();
    // The worker's scaler reads the cache key; its container does not (it reads no cache setting).
    expect(app(custom, "worker")["secret"].map((s: { name: string }) => s.name)).toEqual(["redis-password"]);
    expect(env(custom, "worker")["REDIS_PASSWORD"]).toBeUndefined();
    // Each app starts only once its identity may read its secrets.
    expect(app(custom, "web")["depends_on"]).toEqual([expect.stringMatching(/^azurerm_role_assignment\.services_web-secret-database-password_/)]);
  });

  it("keeps the environment's logs for logRetentionDays in its own workspace (at least Log Analytics' 30)", () => {
    const workspace = resources(json, "azurerm_log_analytics_workspace").find(([id]) => id.startsWith("services_"))!;
    expect(workspace[1]["retention_in_days"]).toBe(90);
    expect(only(json, "azurerm_container_app_environment")).toMatchObject({ logs_destination: "log-analytics", log_analytics_workspace_id: `\${azurerm_log_analytics_workspace.${workspace[0]}.id}` });
    const short = synth({ logs: { retentionDays: 7 } });
    expect(resources(short, "azurerm_log_analytics_workspace").find(([id]) => id.startsWith("services_"))![1]["retention_in_days"]).toBe(30);
    const long = synth({ logs: { retentionDays: 365 } });
    expect(resources(long, "azurerm_log_analytics_workspace").find(([id]) => id.startsWith("services_"))![1]["retention_in_days"]).toBe(365);
  });

  it("resolves the environment: DATABASE_HOST to the server, DATABASE_PORT to PgBouncer when pooling, passwords by secret reference only", () => {
    const e = env(json, "web");
    expect(e).toMatchObject({
      PORT: "8080",
      DATABASE_HOST: "${azurerm_postgresql_flexible_server.database_pg_5A3CCD6A.fqdn}",
      DATABASE_PORT: "6432",
      REDIS_HOST: "${azurerm_managed_redis.cache_redis_F9D2CAF5.hostname}",
      REDIS_TLS: "true",
      DATABASE_PASSWORD: "secret:database-password",
      REDIS_PASSWORD: "secret:redis-password",
    });
    expect(env(synth({ database: { pooling: null } }), "web")["DATABASE_PORT"]).toBe("5432");
  });

  it("keeps the alarms on the data stores when monitoring is on (Azure has no load-balancer alarm: Front Door fronts the app)", () => {
    const alerts = resources(json, "azurerm_monitor_metric_alert").map(([id]) => id);
    expect(alerts.some((id) => id.includes("pg-cpu"))).toBe(true);
    expect(alerts.some((id) => id.includes("redis-memory"))).toBe(true);
  });
});

describe("Container Apps alerts", () => {
  it("an alert per app fires when it runs fewer replicas than its minimum, to the action group", () => {
    const json = synth();
    const alerts = Object.fromEntries(resources(json, "azurerm_monitor_metric_alert").map(([, a]) => [a["name"], a]));
    const web = alerts["svc-prod-web-replicas"];
    expect(web["criteria"]).toEqual([{ metric_namespace: "Microsoft.App/containerApps", metric_name: "Replicas", aggregation: "Minimum", operator: "LessThan", threshold: 3 }]);
    expect(web["scopes"]).toEqual([expect.stringMatching(/azurerm_container_app\.services_web-app_.*\.id/)]);
    expect(web["action"]).toEqual([{ action_group_id: expect.stringMatching(/azurerm_monitor_action_group\./) }]);
    expect(alerts["svc-prod-worker-replicas"]["criteria"][0]["threshold"]).toBe(1);
  });
});

describe("Container Apps queue scaler", () => {
  it("uses KEDA's redis-cluster scaler (addresses) for a cluster-protocol cache, redis (address) otherwise", () => {
    const plain = rule(synth(), "worker", "redis");
    expect(plain["metadata"]).toHaveProperty("address");
    const clustered = synth({ cache: { mode: "cluster", shards: 2, memoryGiB: 12, replicasPerShard: 1 } });
    const r = rule(clustered, "worker", "redis-cluster");
    expect(r["metadata"]).toMatchObject({ addresses: expect.stringMatching(/^\$\{azurerm_managed_redis\.[^}]+\.hostname\}:\$\{[^}]+port\}$/), listName: "celery", listLength: "100" });
    expect(rule(clustered, "worker", "redis")).toBeUndefined();
  });
});
