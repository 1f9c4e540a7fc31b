import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { exampleWorkloads } from "../examples/workloads";
import { Testing } from "../src/core/tf";
import { pgbouncerIni } from "../src/kubernetes/pgbouncer";
import { PoolingSchema } from "../src/model/database";
import { Environment } from "../src/stacks/environment";
import { synthesize, type TerraformJson } from "../src/testing";
import { resources } from "./helpers";

/** GCP Kubernetes tiers: the platform's PgBouncer Deployment in front of the Cloud SQL Auth Proxy. */
describe("GCP pooling: PgBouncer on the platform stack", () => {
  let env: Environment;
  let platform: TerraformJson;
  let infra: TerraformJson;
  beforeAll(() => {
    const app = Testing.app();
    env = new Environment(app, "large-gcp", demoTopology("large", "gcp"));
    const result = synthesize(app);
    platform = result["large-gcp-prod-platform"]!;
    infra = result["large-gcp-prod-infra"]!;
  });
  const one = (type: string, name = "pgbouncer") => {
    const found = resources(platform, type).filter(([, r]) => r["metadata"]?.name === name && String(r["metadata"]?.namespace ?? "").includes("pgbouncer"));
    expect(found, type).toHaveLength(1);
    return found[0]![1];
  };

  it("no longer warns pooling-not-rendered on a one-region Kubernetes tier", () => {
    expect(env.warnings.map((w) => w.id)).not.toContain("tierform:database:pooling-not-rendered");
  });

  it("runs two hardened replicas: restricted, read-only root, pinned images, requests and limits", () => {
    const d = one("kubernetes_deployment_v1");
    expect(Number(d["spec"]["replicas"])).toBeGreaterThanOrEqual(2);
    expect(d).not.toHaveProperty("lifecycle");
    const pod = d["spec"]["template"]["spec"];
    expect(pod["automount_service_account_token"]).toBe(false);
    expect(pod["security_context"]).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
    expect(pod["node_selector"]).toEqual({ "tierform.dev/role": "general" });
    expect(pod["container"].map((c: { name: string }) => c.name)).toEqual(["pgbouncer", "cloud-sql-proxy"]);
    for (const c of pod["container"]) {
      expect(c["security_context"], c.name).toMatchObject({
        read_only_root_filesystem: true,
        allow_privilege_escalation: false,
        run_as_non_root: true,
        capabilities: { drop: ["ALL"] },
        seccomp_profile: { type: "RuntimeDefault" },
      });
      expect(c["resources"]["requests"], c.name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c["resources"]["limits"], c.name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      // Exact releases, never a moving tag.
      expect(c["image"], c.name).toMatch(/:\d+\.\d+\.\d+$/);
    }
    expect(pod["container"][0]["image"]).toBe("ghcr.io/cloudnative-pg/pgbouncer:1.24.1");
    expect(pod["container"][1]["image"]).toMatch(/^gcr\.io\/cloud-sql-connectors\/cloud-sql-proxy:2\.\d+\.\d+$/);
    // What it writes goes to an emptyDir; its config is a read-only ConfigMap.
    expect(pod["volume"]).toEqual(expect.arrayContaining([expect.objectContaining({ name: "tmp", empty_dir: expect.anything() })]));
    expect(pod["container"][0]["volume_mount"]).toEqual(expect.arrayContaining([{ name: "config", mount_path: "/etc/pgbouncer", read_only: true }, { name: "tmp", mount_path: "/tmp" }]));
  });

  it("runs the Cloud SQL Auth Proxy with automatic IAM login over the private IP, to the instance's connection name", () => {
    const proxy = one("kubernetes_deployment_v1")["spec"]["template"]["spec"]["container"][1];
    expect(proxy["args"]).toEqual(expect.arrayContaining(["--auto-iam-authn", "--private-ip", "--address=127.0.0.1", "--port=5432"]));
    expect(proxy["args"].at(-1)).toMatch(/cross-stack-output-google_sql_database_instance.*connection_name\}$/);
  });

  it("pools with the model's values, as the pooler's own IAM login through the proxy, clients not re-checked", () => {
    const ini = one("kubernetes_secret_v1", "pgbouncer-config")["data"]["pgbouncer.ini"] as string;
    expect(ini).toMatch(/^app = host=127\.0\.0\.1 port=5432 dbname=app user=pgbouncer-[0-9a-f]{6}@tierform-demo-prod\.iam$/m);
    expect(ini).toContain("auth_type = any");
    expect(ini).toContain("pool_mode = transaction");
    expect(ini).toContain("max_client_conn = 1000");
    // 200 to the database, split between the two replicas.
    expect(ini).toContain("max_db_connections = 100");
    expect(ini).toContain("default_pool_size = 50");
    expect(ini).toContain("listen_port = 6432");
  });

  it("splits the database cap between replicas and keeps the pool size under it", () => {
    const ini = pgbouncerIni({ databaseName: "d", user: "u", upstreamPort: 5432, replicas: 2, pooling: PoolingSchema.parse({ mode: "session", defaultPoolSize: 80, maxDatabaseConnections: 101 }) });
    expect(ini).toContain("pool_mode = session");
    expect(ini).toContain("max_db_connections = 50");
    expect(ini).toContain("default_pool_size = 50");
  });

  it("has a ClusterIP Service on 6432 and a PodDisruptionBudget", () => {
    expect(one("kubernetes_service_v1")["spec"]).toMatchObject({ type: "ClusterIP", port: [{ port: 6432, target_port: "6432" }], selector: { "app.kubernetes.io/name": "pgbouncer" } });
    expect(one("kubernetes_pod_disruption_budget_v1")["spec"]).toMatchObject({ max_unavailable: "1", selector: { match_labels: { "app.kubernetes.io/name": "pgbouncer" } } });
  });

  it("admits 6432 only from the apps' namespaces and reaches only DNS, Cloud SQL on 3307, HTTPS and the metadata server", () => {
    const spec = one("kubernetes_network_policy_v1")["spec"];
    expect(spec["policy_types"]).toEqual(["Ingress", "Egress"]);
    expect(spec["ingress"]).toEqual([
      {
        from: [{ namespace_selector: { match_expressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["apps-api", "apps-inference", "apps-worker"] }] } }],
        ports: [{ port: "6432", protocol: "TCP" }],
      },
    ]);
    const egress = spec["egress"] as { to: Record<string, any>[]; ports: { port: string; protocol: string }[] }[];
    expect(egress.map((r) => r.ports.map((p) => `${p.protocol}/${p.port}`).join(","))).toEqual(["UDP/53,TCP/53", "TCP/3307", "TCP/443", "TCP/80"]);
    expect(egress[1]!.to).toEqual([{ ip_block: { cidr: expect.stringMatching(/private_services|\$\{/) } }]);
    expect(egress[2]!.to).toEqual([{ ip_block: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }]);
    expect(egress[3]!.to).toEqual([{ ip_block: { cidr: "169.254.169.254/32" } }]);
  });

  it("points the apps' connection secrets at the pooler's Service and keeps the database as DATABASE_DIRECT_*", () => {
    const secrets = resources(platform, "kubernetes_secret_v1").filter(([, s]) => s["metadata"]["name"] !== "pgbouncer-config").map(([, s]) => s["data"] as Record<string, string>);
    expect(secrets).toHaveLength(3);
    for (const data of secrets) {
      expect(data).toMatchObject({ DATABASE_HOST: "pgbouncer.apps-pgbouncer.svc.cluster.local", DATABASE_WRITER_HOST: "pgbouncer.apps-pgbouncer.svc.cluster.local", DATABASE_PORT: "6432", DATABASE_DIRECT_PORT: "5432", DATABASE_AUTH: "iam" });
      expect(data["DATABASE_DIRECT_HOST"]).toMatch(/private_ip_address\}$/);
    }
  });

  it("lets the apps reach the pooler's pods on 6432 (and no longer opens 6432 to the database range)", () => {
    const policies = resources(platform, "kubernetes_network_policy_v1").filter(([, p]) => ["api", "worker", "inference"].includes(p["metadata"]["name"]));
    expect(policies).toHaveLength(3);
    for (const [, p] of policies) {
      const egress = p["spec"]["egress"] as { to: Record<string, any>[]; ports?: { port: string }[] }[];
      const toPooler = egress.filter((r) => r.ports?.some((port) => port.port === "6432"));
      expect(toPooler).toEqual([
        { to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "apps-pgbouncer" } }, pod_selector: { match_labels: { "app.kubernetes.io/name": "pgbouncer" } } }], ports: [{ port: "6432", protocol: "TCP" }] },
      ]);
    }
  });

  it("gives the pooler its own Google service account: Workload Identity, a CLOUD_IAM_SERVICE_ACCOUNT user, cloudsql.client and instanceUser", () => {
    const r = infra.resource as Record<string, Record<string, Record<string, any>>>;
    const mine = (type: string) => Object.entries(r[type] ?? {}).filter(([id]) => id.startsWith("workload-pgbouncer_")).map(([, v]) => v);
    expect(mine("google_service_account")).toHaveLength(1);
    expect(mine("google_service_account_iam_member")[0]!["member"]).toMatch(/\[apps-pgbouncer\/pgbouncer\]$/);
    expect(mine("google_sql_user").map((u) => u["type"])).toEqual(["CLOUD_IAM_SERVICE_ACCOUNT"]);
    expect(mine("google_project_iam_member").map((m) => m["role"]).sort()).toEqual(["roles/cloudsql.client", "roles/cloudsql.instanceUser"]);
    // Nothing else: no admin secret, no cache, no bucket.
    expect(mine("google_secret_manager_secret_iam_member")).toEqual([]);
    expect(mine("google_storage_bucket_iam_member")).toEqual([]);
    const sa = one("kubernetes_service_account_v1")["metadata"]["annotations"];
    expect(sa["iam.gke.io/gcp-service-account"]).toMatch(/cross-stack-output-google_service_accountworkload-pgbouncer_wl-pgbouncer-sa_[0-9A-F]+email\}$/);
  });

  it("has the setup Job grant the app role to the pooler's login", () => {
    const job = resources(platform, "kubernetes_job_v1")[0]![1];
    const env = Object.fromEntries((job["spec"]["template"]["spec"]["container"][0]["env"] as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    const sql = `${env["SERVER_SQL"] ?? ""}\n${env["DATABASE_SQL"] ?? ""}`;
    expect(sql).toMatch(/GRANT "app" TO "pgbouncer-[0-9a-f]{6}@tierform-demo-prod\.iam";/);
  });
});

describe("GCP pooling elsewhere", () => {
  it("VM tiers pool beside the app (no Deployment)", () => {
    const app = Testing.app();
    const env = new Environment(app, "medium-gcp", demoTopology("medium", "gcp"));
    expect(env.warnings.map((w) => w.id)).not.toContain("tierform:database:pooling-not-rendered");
    for (const [name, stack] of Object.entries(synthesize(app))) expect(JSON.stringify(stack), name).not.toContain("cloud-sql-proxy");
  });
});

/** Enterprise (several regions) with the example apps: a PgBouncer Deployment in every region, each writing to the primary instance. */
describe("GCP pooling across regions", () => {
  let env: Environment;
  let result: Record<string, TerraformJson>;
  beforeAll(() => {
    const app = Testing.app();
    env = new Environment(app, "enterprise-gcp", demoTopology("enterprise", "gcp", { workloads: exampleWorkloads }));
    result = synthesize(app);
  });
  const platforms = () => Object.entries(result).filter(([name]) => name.endsWith("-platform"));
  const deployment = (stack: TerraformJson) =>
    resources(stack, "kubernetes_deployment_v1").filter(([, r]) => r["metadata"]?.name === "pgbouncer").map(([, r]) => r);

  it("no longer warns pooling-not-rendered", () => {
    expect(env.warnings.map((w) => w.id)).not.toContain("tierform:database:pooling-not-rendered");
  });

  it("runs a pooler in every region, each proxying to the primary's (writable) instance", () => {
    const [primary, secondary] = [platforms()[0]!, platforms()[1]!];
    expect(platforms()).toHaveLength(2);
    const target = (stack: TerraformJson) => {
      const found = deployment(stack);
      expect(found).toHaveLength(1);
      return found[0]!["spec"]["template"]["spec"]["container"][1]["args"].at(-1) as string;
    };
    // The primary region reads its own instance's connection name; the secondary the primary's (never its read
    // replica's), from the primary region's infra state.
    expect(target(primary[1])).toMatch(/^\$\{data\.terraform_remote_state\.[^}]*-usc1-infra\.outputs\.cross-stack-output-google_sql_database_instancedatabase_pg_[0-9A-F]+connection_name\}$/);
    expect(target(secondary[1])).toBe(target(primary[1]));
  });

  it("points every region's apps at their own region's pooler, for reads and writes", () => {
    for (const [name, stack] of platforms()) {
      const secrets = resources(stack, "kubernetes_secret_v1").filter(([, s]) => s["metadata"]["name"] !== "pgbouncer-config").map(([, s]) => s["data"] as Record<string, string>);
      const apps = secrets.filter((d) => d["DATABASE_DIRECT_HOST"]);
      expect(apps.length, name).toBeGreaterThan(0);
      for (const data of apps) {
        expect(data, name).toMatchObject({ DATABASE_HOST: "pgbouncer.apps-pgbouncer.svc.cluster.local", DATABASE_WRITER_HOST: "pgbouncer.apps-pgbouncer.svc.cluster.local", DATABASE_PORT: "6432" });
      }
    }
  });

  it("has each region's setup Job grant the app role to that region's pooler login", () => {
    for (const [name, stack] of platforms()) {
      const jobs = resources(stack, "kubernetes_job_v1");
      expect(jobs, name).toHaveLength(1);
      const vars = Object.fromEntries((jobs[0]![1]["spec"]["template"]["spec"]["container"][0]["env"] as { name: string; value: string }[]).map((e) => [e.name, e.value]));
      expect(`${vars["SERVER_SQL"] ?? ""}\n${vars["DATABASE_SQL"] ?? ""}`, name).toMatch(/GRANT "app" TO "pgbouncer-[0-9a-f]{6}@[a-z0-9-]+\.iam";/);
    }
  });
});

describe("pooling across regions on AWS and Azure", () => {
  it("Azure pools the primary region only and says so", () => {
    const app = Testing.app();
    const env = new Environment(app, "enterprise-azure", demoTopology("enterprise", "azure", { workloads: exampleWorkloads }));
    expect(env.warnings.find((w) => w.id === "tierform:database:pooling-not-rendered")?.message).toMatch(/only the primary region is pooled.*read-write virtual endpoint/);
  });

  describe("AWS (Aurora global database): RDS Proxy on the primary cluster", () => {
    let env: Environment;
    let result: ReturnType<typeof synthesize>;
    beforeAll(() => {
      const app = Testing.app();
      env = new Environment(app, "enterprise-aws", demoTopology("enterprise", "aws", { workloads: exampleWorkloads }));
      result = synthesize(app);
    });
    const stack = (suffix: string) => Object.entries(result).find(([name]) => name.endsWith(suffix))!;
    // The primary region first.
    const infras = () => env.regions.map((r) => [r.stack.node.id, result[r.stack.node.id]!] as const);

    it("warns that only the primary region is pooled, and why a secondary cluster's proxy cannot take writes", () => {
      expect(env.warnings.find((w) => w.id === "tierform:database:pooling-not-rendered")?.message).toMatch(/only the primary region is pooled.*read\/write endpoint fails while the cluster has no writer/);
    });

    it("renders one proxy, in the primary region, targeting its Aurora cluster, with a reader endpoint and room for forwarded writes", () => {
      const [primary, secondary] = infras();
      expect(resources(secondary![1], "aws_db_proxy"), secondary![0]).toEqual([]);
      const proxies = resources(primary![1], "aws_db_proxy");
      expect(proxies, primary![0]).toHaveLength(1);
      expect(proxies[0]![1]).toMatchObject({ engine_family: "POSTGRESQL", require_tls: true, auth: [{ auth_scheme: "SECRETS", iam_auth: "REQUIRED" }] });
      const [, target] = resources(primary![1], "aws_db_proxy_target")[0]!;
      expect(String(target["db_cluster_identifier"])).toMatch(/aws_rds_cluster\.database_pg_[0-9A-F]+\.cluster_identifier/);
      expect(resources(primary![1], "aws_db_proxy_endpoint")[0]![1]).toMatchObject({ target_role: "READ_ONLY" });
      const [, pool] = resources(primary![1], "aws_db_proxy_default_target_group")[0]!;
      expect(pool["connection_pool_config"]["max_connections_percent"]).toBeLessThanOrEqual(90);
    });

    it("points the primary region's apps at the proxy (writer and reader) and keeps the cluster as DATABASE_DIRECT_*; the secondary's at its cluster", () => {
      const secrets = (name: string) =>
        resources(stack(name)[1], "kubernetes_secret_v1")
          .map(([, s]) => s["data"] as Record<string, string>)
          .filter((d) => d["DATABASE_HOST"]);
      const [primaryName, secondaryName] = infras().map(([name]) => name.replace(/-infra$/, "-platform"));
      const pooled = secrets(primaryName!);
      expect(pooled.length).toBeGreaterThan(0);
      for (const d of pooled) {
        // From the infra stack's state: the proxy's endpoint, and the cluster's for migrations.
        expect(d["DATABASE_HOST"]).toMatch(/outputs\.cross-stack-output-aws_db_proxydatabase_pg-proxy_[0-9A-F]+endpoint\}$/);
        expect(d["DATABASE_READER_HOSTS"]).toMatch(/aws_db_proxy_endpointdatabase_pg-proxy-reader_[0-9A-F]+endpoint/);
        expect(d["DATABASE_DIRECT_HOST"]).toMatch(/aws_rds_clusterdatabase_pg_[0-9A-F]+endpoint\}$/);
        expect(d["DATABASE_USER"]).toBe("app_proxy");
      }
      for (const d of secrets(secondaryName!)) expect(JSON.stringify(d)).not.toMatch(/proxy/);
    });
  });
});
