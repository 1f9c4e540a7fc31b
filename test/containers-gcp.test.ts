import { beforeAll, describe, expect, it } from "vitest";
import { ContainerServices } from "../src/components/containers";
import type { NetworkRef, PostgresOutputs, RedisOutputs } from "../src/core/contracts";
import { Testing, TerraformStack } from "../src/core/tf";
import type { WorkloadProps } from "../src/model/workload";
import { mediumContainers } from "../tiers/medium";
import { only, resources, synthEnvironment, synthStack, type TfJson } from "./helpers";

// Cloud Run: the facts a user relies on, each of which fails if the renderer stops doing it.

const ENV = {
  DATABASE_HOST: { from: "database.host" },
  DATABASE_USER: { from: "database.user" },
  REDIS_HOST: { from: "cache.host" },
} as const satisfies WorkloadProps["env"];
const SIZE = { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } } as const;

/** The preset's web and worker, an internal API, and a worker on fixed replicas that reads no data store. */
const WORKLOADS: WorkloadProps[] = [
  { name: "web", image: "ghcr.io/acme/web:1.0.0", port: 8080, expose: true, resources: SIZE, readiness: { path: "/ready" }, liveness: { path: "/live", periodSeconds: 30 }, autoscaling: { min: 3, max: 10, cpuPercent: 70, concurrentRequests: 80 }, env: ENV },
  { name: "api", image: "ghcr.io/acme/api:1.0.0", port: 9000, resources: { limits: { cpu: "2", memory: "4Gi" } }, autoscaling: { min: 1, max: 4, concurrentRequests: 20 }, env: { DATABASE_HOST: { from: "database.host" } } },
  { name: "worker", image: "ghcr.io/acme/worker:1.0.0", resources: SIZE, autoscaling: { min: 1, max: 5, queue: { list: "celery", perInstance: 100 } }, env: ENV },
  { name: "reporter", image: "ghcr.io/acme/reporter:1.0.0", resources: { limits: { cpu: "1", memory: "512Mi" } }, replicas: 2, env: { MODE: "nightly" } },
];

const topology = (patch: Record<string, unknown> = {}) =>
  mediumContainers({
    cloud: "gcp",
    region: "us-central1",
    environment: "prod",
    name: "acme",
    project: "acme-prod-123",
    domain: "app.example.com",
    monitoring: { notify: { emails: ["ops@example.com"] } },
    logs: { retentionDays: 30 },
    workloads: WORKLOADS,
    ...patch,
  });

let tf: TfJson;
let warnings: string[];
beforeAll(() => {
  const { env, infra } = synthEnvironment(topology(), "svc");
  tf = infra;
  warnings = env.warnings.map((w) => `${w.id} ${w.path}`);
});

const named = (type: string, json = tf) => Object.fromEntries(resources(json, type).map(([, r]) => [r["name"] as string, r]));
const services = (json = tf) => named("google_cloud_run_v2_service", json);
const pools = (json = tf) => named("google_cloud_run_v2_worker_pool", json);
const envOf = (r: Record<string, any>) => Object.fromEntries((r["template"]["containers"][0]["env"] as Record<string, any>[]).map((e) => [e["name"], e["value"] ?? e["value_source"]]));
/** The `${google_service_account.<address>.email}` a resource runs as, and that account's address. */
const accountOf = (r: Record<string, any>) => /google_service_account\.([^.]+)\.email/.exec(r["template"]["service_account"])![1]!;

describe("Cloud Run services and worker pools", () => {
  it("renders each workload with a port as a service and each worker as a worker pool, named after it", () => {
    expect(Object.keys(services()).sort()).toEqual(["acme-prod-api", "acme-prod-web"]);
    expect(Object.keys(pools()).sort()).toEqual(["acme-prod-reporter", "acme-prod-worker"]);
    expect(resources(tf, "google_project_service").map(([, s]) => s["service"])).toContain("run.googleapis.com");
  });

  it("keeps every service private: the exposed one through the load balancer only, the others inside the network, invoked by the other services' accounts", () => {
    const { "acme-prod-web": web, "acme-prod-api": api } = services();
    expect(web).toMatchObject({ ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", invoker_iam_disabled: true });
    expect(api).toMatchObject({ ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY", invoker_iam_disabled: false });
    const invokers = resources(tf, "google_cloud_run_v2_service_iam_member").map(([, m]) => m);
    expect(invokers).toHaveLength(3);
    expect(invokers.every((m) => m["role"] === "roles/run.invoker" && /^\$\{google_cloud_run_v2_service\.services_api-service_[0-9A-F]{8}\.name\}$/.test(m["name"]))).toBe(true);
    const callers = invokers.map((m) => /google_service_account\.([^.]+)\.email/.exec(m["member"])![1]);
    expect(callers.sort()).toEqual([accountOf(web), accountOf(pools()["acme-prod-reporter"]!), accountOf(pools()["acme-prod-worker"]!)].sort());
    expect(callers).not.toContain(accountOf(api));
    const run = JSON.stringify([services(), pools(), invokers]);
    expect(run).not.toMatch(/allUsers|allAuthenticatedUsers|INGRESS_TRAFFIC_ALL/);
  });

  it("with an internal service, routes all egress through the VPC (Direct VPC egress) so calls to it count as internal; without, private ranges only", () => {
    const bare = synthEnvironment(topology({ workloads: WORKLOADS.filter((w) => w.name !== "api") }), "bare").infra;
    for (const r of [...Object.values(services(bare)), ...Object.values(pools(bare))]) expect(r["template"]["vpc_access"]["egress"]).toBe("PRIVATE_RANGES_ONLY");
    for (const r of [...Object.values(services()), ...Object.values(pools())]) {
      expect(r["template"]["vpc_access"]).toEqual({
        egress: "ALL_TRAFFIC",
        network_interfaces: [{ network: expect.stringMatching(/google_compute_network\..*\.id/), subnetwork: expect.stringMatching(/google_compute_subnetwork\..*\.id/) }],
      });
    }
  });

  it("scales each service between its bounds on its concurrency; CPU always allocated", () => {
    const { "acme-prod-web": web, "acme-prod-api": api } = services();
    expect(web["template"]).toMatchObject({ scaling: { min_instance_count: 3, max_instance_count: 10 }, max_instance_request_concurrency: 80 });
    expect(api["template"]).toMatchObject({ scaling: { min_instance_count: 1, max_instance_count: 4 }, max_instance_request_concurrency: 20 });
    expect(web["template"]["containers"][0]["resources"]).toEqual({ cpu_idle: false, limits: { cpu: "1", memory: "2Gi" } });
    expect(api["template"]["containers"][0]["resources"]["limits"]).toEqual({ cpu: "2", memory: "4Gi" });
  });

  it("runs a queue worker at its maximum and a fixed worker at its replicas (no queue scaler on Cloud Run), and says so", () => {
    expect(pools()["acme-prod-worker"]!["scaling"]).toEqual({ scaling_mode: "MANUAL", manual_instance_count: 5 });
    expect(pools()["acme-prod-reporter"]!["scaling"]).toEqual({ scaling_mode: "MANUAL", manual_instance_count: 2 });
    expect(pools()["acme-prod-reporter"]!["template"]["containers"][0]["resources"]["limits"]).toEqual({ cpu: "1", memory: "512Mi" });
    expect(warnings).toContain("tierform:containers:worker-fixed-count workloads[2].autoscaling");
    // Cloud Run has no CPU target or cooldown to set: the CPU target is reported, never rendered.
    expect(warnings).toContain("tierform:containers:utilisation-target-ignored workloads[0].autoscaling");
    expect(JSON.stringify(services()["acme-prod-web"])).not.toMatch(/cooldown|utilization/);
  });

  it("gives every service and worker pool its own service account, with no project role", () => {
    const all = [...Object.values(services()), ...Object.values(pools())];
    const accounts = all.map(accountOf);
    expect(new Set(accounts).size).toBe(4);
    expect(resources(tf, "google_service_account").map(([, a]) => a["account_id"]).sort()).toEqual(["acme-prod-run-api", "acme-prod-run-reporter", "acme-prod-run-web", "acme-prod-run-worker"]);
    const projectRoles = resources(tf, "google_project_iam_member").filter(([, m]) => accounts.some((a) => m["member"].includes(a)));
    expect(projectRoles).toEqual([]);
  });

  it("injects each data store's secret only into the services that read it, and grants access to exactly those secrets", () => {
    const secretOf = (r: Record<string, any>, name: string) => envOf(r)[name]?.["secret_key_ref"];
    const { "acme-prod-web": web, "acme-prod-api": api } = services();
    expect(secretOf(web, "DATABASE_PASSWORD")).toEqual({ secret: expect.stringMatching(/google_secret_manager_secret\.database_db-admin-secret.*\.id/), version: "latest" });
    expect(secretOf(web, "REDIS_PASSWORD")).toEqual({ secret: expect.stringMatching(/google_secret_manager_secret\.cache_redis-auth.*\.id/), version: "latest" });
    expect(secretOf(api, "DATABASE_PASSWORD")).toBeDefined();
    expect(secretOf(api, "REDIS_PASSWORD")).toBeUndefined();
    expect(envOf(pools()["acme-prod-reporter"]!)).toEqual({ MODE: "nightly" });

    const grants = resources(tf, "google_secret_manager_secret_iam_member").map(([, g]) => [/google_service_account\.([^.]+)\.email/.exec(g["member"])![1], /google_secret_manager_secret\.([^.]+)\.id/.exec(g["secret_id"])![1]!.replace(/_[0-9A-F]{8}$/, ""), g["role"]]);
    const who = (r: Record<string, any>) => accountOf(r);
    expect(grants.sort()).toEqual(
      [
        [who(web), "database_db-admin-secret", "roles/secretmanager.secretAccessor"],
        [who(web), "cache_redis-auth", "roles/secretmanager.secretAccessor"],
        [who(api), "database_db-admin-secret", "roles/secretmanager.secretAccessor"],
        [who(pools()["acme-prod-worker"]!), "database_db-admin-secret", "roles/secretmanager.secretAccessor"],
        [who(pools()["acme-prod-worker"]!), "cache_redis-auth", "roles/secretmanager.secretAccessor"],
      ].sort(),
    );
    // Each service is created after its grants (a revision whose account cannot read a secret fails to start).
    expect(web["depends_on"]).toEqual(expect.arrayContaining([expect.stringMatching(/web-secret-database-password/), expect.stringMatching(/web-secret-redis-password/)]));
  });

  it("lets only a service that reads files.bucket use the files bucket's objects", () => {
    const custom = synthEnvironment(topology({ workloads: [{ ...WORKLOADS[0]!, env: { ...ENV, FILES_BUCKET: { from: "files.bucket" } } }, ...WORKLOADS.slice(1)] }), "files").infra;
    const web = services(custom)["acme-prod-web"]!;
    const members = resources(custom, "google_storage_bucket_iam_member").filter(([, m]) => /google_service_account\.services_/.test(m["member"]));
    expect(members.map(([, m]) => [m["role"], /google_service_account\.([^.]+)\.email/.exec(m["member"])![1]])).toEqual([["roles/storage.objectUser", accountOf(web)]]);
    expect(envOf(web)["FILES_BUCKET"]).toMatch(/google_storage_bucket\..*\.name/);
    expect(resources(tf, "google_storage_bucket_iam_member").filter(([, m]) => /google_service_account\.services_/.test(m["member"]))).toEqual([]);
  });

  it("resolves the environment from the data stores (no password, no reserved PORT)", () => {
    const e = envOf(services()["acme-prod-web"]!);
    expect(e).toMatchObject({ DATABASE_HOST: expect.stringMatching(/google_sql_database_instance\.database_pg.*\.private_ip_address/), DATABASE_USER: "app_admin", REDIS_HOST: expect.stringMatching(/google_redis_instance\..*\.host/) });
    expect(e["PORT"]).toBeUndefined();
    expect(services()["acme-prod-web"]!["template"]["containers"][0]["ports"]).toEqual({ container_port: 8080, name: "http1" });
    expect(JSON.stringify(services())).not.toMatch(/password_wo|secret_data/);
  });

  it("reports the exposed service's account as the data stores' client, with no IAM database login (the services use the admin login)", () => {
    expect(tf.output!["app_client_group"]!["value"]).toBe(`\${${"google_service_account." + accountOf(services()["acme-prod-web"]!)}.email}`);
    expect(Object.values(tf.resource?.["google_sql_user"] ?? {}).map((u) => (u as Record<string, unknown>)["type"])).toEqual(["BUILT_IN"]);
  });

  it("protects the services from deletion in production only", () => {
    for (const r of [...Object.values(services()), ...Object.values(pools())]) expect(r["deletion_protection"]).toBe(true);
    const dev = synthEnvironment(topology({ environment: "dev" }), "dev").infra;
    for (const r of [...Object.values(services(dev)), ...Object.values(pools(dev))]) expect(r["deletion_protection"]).toBe(false);
  });

  it("keeps the services' logs for logs.retentionDays in a log bucket their sink routes to", () => {
    const bucket = only(tf, "google_logging_project_bucket_config");
    expect(bucket).toMatchObject({ bucket_id: "acme-prod-run-logs", location: "us-central1", retention_days: 30, project: "acme-prod-123" });
    const sink = only(tf, "google_logging_project_sink");
    expect(sink["destination"]).toMatch(/^logging\.googleapis\.com\/\$\{google_logging_project_bucket_config\..*\.id\}$/);
    expect(sink["filter"]).toBe(
      '(resource.type="cloud_run_revision" AND resource.labels.location="us-central1" AND resource.labels.service_name=("acme-prod-web" OR "acme-prod-api")) OR ' +
        '(resource.type="cloud_run_worker_pool" AND resource.labels.location="us-central1" AND resource.labels.worker_pool_name=("acme-prod-worker" OR "acme-prod-reporter"))',
    );
  });
});

describe("the exposed service behind the global external Application Load Balancer", () => {
  it("is the serverless NEG behind the backend service the HTTPS URL map serves, with no health check GCP would reject", () => {
    const neg = only(tf, "google_compute_region_network_endpoint_group");
    expect(neg).toMatchObject({ network_endpoint_type: "SERVERLESS", region: "us-central1", cloud_run: { service: expect.stringMatching(/google_cloud_run_v2_service\..*web.*\.name/) } });
    const backend = only(tf, "google_compute_backend_service");
    expect(backend).toMatchObject({ load_balancing_scheme: "EXTERNAL_MANAGED", backend: [{ group: expect.stringMatching(/google_compute_region_network_endpoint_group\..*\.id/) }], log_config: { enable: true, sample_rate: 1 } });
    for (const key of ["health_checks", "timeout_sec", "port_name", "outlier_detection", "connection_draining_timeout_sec"]) expect(backend[key], key).toBeUndefined();
    expect(resources(tf, "google_compute_health_check")).toEqual([]);
    const maps = named("google_compute_url_map");
    expect(maps["acme-prod-app-lb-urls"]!["default_service"]).toMatch(/google_compute_backend_service\..*\.id/);
  });

  it("health-checks the app on its readiness path with Cloud Run's startup probe, and its liveness path", () => {
    const container = services()["acme-prod-web"]!["template"]["containers"][0];
    expect(container["startup_probe"]).toEqual({ http_get: { path: "/ready", port: 8080 }, period_seconds: 10, initial_delay_seconds: 5, failure_threshold: 3 });
    expect(container["liveness_probe"]).toEqual({ http_get: { path: "/live", port: 8080 }, period_seconds: 30, initial_delay_seconds: 5, failure_threshold: 3 });
    // The load balancer's timeout becomes Cloud Run's request timeout (a serverless backend service takes none).
    expect(services()["acme-prod-web"]!["template"]["timeout"]).toBe("60s");
  });

  it("serves HTTPS only: the managed certificate and TLS 1.2+ on 443, port 80 redirected", () => {
    const https = named("google_compute_target_https_proxy")["acme-prod-app-lb-https"]!;
    expect(https["ssl_certificates"]).toEqual([expect.stringMatching(/google_compute_managed_ssl_certificate\..*app-lb-cert.*\.id/)]);
    expect(named("google_compute_managed_ssl_certificate")["acme-prod-app-lb-cert"]!["managed"]).toEqual({ domains: ["origin.app.example.com"] });
    expect(named("google_compute_ssl_policy")["acme-prod-app-lb-tls"]).toMatchObject({ min_tls_version: "TLS_1_2", profile: "MODERN" });
    expect(named("google_compute_url_map")["acme-prod-app-lb-redirect"]!["default_url_redirect"]).toMatchObject({ https_redirect: true });
    const rules = named("google_compute_global_forwarding_rule");
    expect(rules["acme-prod-app-lb-443"]!["target"]).toMatch(/target_https_proxy/);
    expect(rules["acme-prod-app-lb-80"]!["target"]).toMatch(/target_http_proxy/);
  });

  it("is watched by the load balancer's 5xx and latency alerts", () => {
    const policies = Object.fromEntries(resources(tf, "google_monitoring_alert_policy").map(([, r]) => [r["display_name"] as string, r]));
    const queries = Object.values(policies).map((p) => p["conditions"][0]["condition_prometheus_query_language"]["query"] as string);
    expect(Object.keys(policies)).toEqual(expect.arrayContaining(["acme-prod-lb-5xx", "acme-prod-lb-latency"]));
    expect(queries.filter((q) => q.includes('url_map_name="${google_compute_url_map.') && q.includes("app-lb-urls"))).toHaveLength(2);
  });

  it("sends a probe path as written: a ${ in it reaches Terraform escaped, never evaluated (fuzz finding)", () => {
    const probed = WORKLOADS.map((w) => (w.name === "web" ? { ...w, readiness: { path: "/ready/${x}" }, liveness: { path: "/live/%{x}" } } : w));
    const web = services(synthEnvironment(topology({ workloads: probed }), "paths").infra)["acme-prod-web"]!["template"]["containers"][0];
    expect(web["startup_probe"]["http_get"]["path"]).toBe("/ready/$${x}");
    expect(web["liveness_probe"]["http_get"]["path"]).toBe("/live/%%{x}");
  });

  it("puts Cloud Armor in front when the topology asks for a WAF, and the customer-managed key on every service when it asks for one", () => {
    const json = synthEnvironment(topology({ compliance: { waf: true, customerManagedKeys: true } }), "strict").infra;
    expect(only(json, "google_compute_backend_service")["security_policy"]).toMatch(/google_compute_security_policy\./);
    for (const r of [...Object.values(services(json)), ...Object.values(pools(json))]) {
      expect(r["template"]["encryption_key"]).toMatch(/google_kms_crypto_key\.data-key\.id/);
      expect(r["depends_on"]).toEqual(expect.arrayContaining([expect.stringMatching(/google_kms_crypto_key_iam_member\.data-key-run/)]));
    }
    const grant = resources(json, "google_kms_crypto_key_iam_member").find(([n]) => n === "data-key-run")![1];
    expect(grant["member"]).toMatch(/^serviceAccount:service-\$\{data\.google_project\.project\.number\}@serverless-robot-prod\.iam\.gserviceaccount\.com$/);
  });
});

describe("ContainerServices on a network of your own", () => {
  const network = {
    cloud: "gcp",
    id: "projects/p/global/networks/mine",
    cidr: "10.0.0.0/16",
    zones: ["us-central1-a", "us-central1-b"],
    privateSubnetIds: ["projects/p/regions/us-central1/subnetworks/apps"],
    publicSubnetIds: [],
  } as NetworkRef;
  const database = { endpoint: "10.9.0.5", port: 5432, readerEndpoints: [], database: "app", username: "app_admin", credentials: { store: "gcp-secret-manager", id: "projects/p/secrets/db" }, authResources: [], appRole: "app" } satisfies PostgresOutputs;
  const cache = { endpoint: "10.9.1.5", port: 6378, tls: true, auth: "token", authResources: [], credentials: { store: "gcp-secret-manager", id: "projects/p/secrets/redis" } } satisfies RedisOutputs;
  const build = (connections: Record<string, unknown>) => {
    const stack = new TerraformStack(Testing.app(), "mine");
    const svc = new ContainerServices(stack, "svc", { cloud: "gcp", name: "acme-dev", region: "us-central1", project: "acme-dev-123", network, domain: "app.example.com", kind: "containers", workloads: WORKLOADS.slice(0, 3) } as never);
    svc.connect(connections as never);
    return { svc, json: synthStack(stack) };
  };

  it("points DATABASE_HOST at the pooler when the database has one, else at the database", () => {
    expect(envOf(services(build({ database, cache }).json)["acme-dev-web"]!)["DATABASE_HOST"]).toBe("10.9.0.5");
    const pooled = build({ database: { ...database, pooler: { endpoint: "10.9.0.9", port: 6432 } }, cache }).json;
    expect(envOf(services(pooled)["acme-dev-web"]!)).toMatchObject({ DATABASE_HOST: "10.9.0.9" });
  });

  it("uses the network's first private subnet and serves the exposed service through its load balancer", () => {
    const { svc, json } = build({ database, cache });
    expect(services(json)["acme-dev-web"]!["template"]["vpc_access"]["network_interfaces"]).toEqual([{ network: network.id, subnetwork: network.privateSubnetIds[0] }]);
    expect(svc.outputs.loadBalancer).toMatchObject({ host: "app.example.com", target: expect.any(String), dnsName: expect.any(String) });
  });
});

describe("Cloud Run alerts", () => {
  it("a policy per service fires when it runs fewer instances than its minimum (or none at all)", () => {
    const policies = Object.fromEntries(resources(tf, "google_monitoring_alert_policy").map(([, p]) => [p["display_name"], p]));
    const web = policies["acme-prod-web-instances"];
    const [, webService] = resources(tf, "google_cloud_run_v2_service").find(([, r]) => r["name"] === "acme-prod-web")!;
    expect(webService).toBeDefined();
    expect(web["conditions"][0]["condition_prometheus_query_language"]["query"]).toMatch(
      /^\(sum\(run_googleapis_com:container_instance_count\{monitored_resource="cloud_run_revision",service_name="\$\{google_cloud_run_v2_service\.[^}]+\.name\}"\}\) or vector\(0\)\) < 3$/,
    );
    expect(policies["acme-prod-api-instances"]["conditions"][0]["condition_prometheus_query_language"]["query"]).toMatch(/< 1$/);
    expect(web["notification_channels"]).toHaveLength(1);
    expect(policies["acme-prod-worker-instances"]).toBeUndefined();
  });
});
