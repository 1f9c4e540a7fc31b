import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { exampleWorkloads } from "../examples/workloads";
import { Testing } from "../src/core/tf";
import type { Cloud } from "../src/core/cloud";
import { Environment } from "../src/stacks/environment";
import { snapshotOf, synthesize, type SynthResult, type TerraformJson } from "../src/testing";
import { large, small } from "../tiers";
import { problemLines, resources } from "./helpers";

const CLOUDS = ["aws", "gcp", "azure"] as const;
const results = {} as Record<Cloud, { env: Environment; result: SynthResult; platform: TerraformJson; infra: TerraformJson }>;
beforeAll(() => {
  for (const cloud of CLOUDS) {
    const app = Testing.app();
    const env = new Environment(app, `large-${cloud}`, demoTopology("large", cloud));
    const result = synthesize(app);
    results[cloud] = { env, result, platform: result[`large-${cloud}-prod-platform`]!, infra: result[`large-${cloud}-prod-infra`]! };
  }
});
const byName = (json: TerraformJson, type: string) =>
  Object.fromEntries(resources(json, type).map(([, r]) => [(r["metadata"] as { name: string }).name, r]));

describe.each(CLOUDS)("large tier platform on %s", (cloud) => {
  it("is its own stack, applied after infra, with providers fed from infra's outputs through remote state", () => {
    const { env, platform } = results[cloud];
    expect(env.platform!.node.id).toBe(`large-${cloud}-prod-platform`);
    expect(env.platform!.dependencies).toContain(env.infra);
    const remote = Object.values((platform["data"] as Record<string, Record<string, Record<string, unknown>>>)["terraform_remote_state"]!);
    expect(remote).toHaveLength(1);
    const k8s = platform.provider!["kubernetes"]![0]!;
    expect(k8s["host"]).toMatch(/^(https:\/\/)?\$\{data\.terraform_remote_state\./);
    expect(k8s["cluster_ca_certificate"]).toMatch(/^\$\{base64decode\((nonsensitive\()?data\.terraform_remote_state\./);
    const command = { aws: "aws", gcp: "gke-gcloud-auth-plugin", azure: "kubelogin" }[cloud];
    expect((k8s["exec"] as { command: string }[])[0]!.command).toBe(command);
    expect((platform.provider!["helm"]![0]!["kubernetes"] as { exec: { command: string } }).exec.command).toBe(command);
    // Nothing in the platform stack creates cloud resources.
    expect(Object.keys(platform.resource!).every((t) => t.startsWith("kubernetes_") || t.startsWith("helm_"))).toBe(true);
  });

  it("gives the API the origin documents' HPA, field for field", () => {
    const hpa = byName(results[cloud].platform, "kubernetes_horizontal_pod_autoscaler_v2")["api"]!["spec"];
    expect(hpa).toMatchObject({ min_replicas: 3, max_replicas: 20 });
    expect(hpa["metric"]).toEqual([
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: 70 } } },
      { type: "Resource", resource: { name: "memory", target: { type: "Utilization", average_utilization: 80 } } },
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", average_value: "100" } } },
    ]);
    expect(hpa["behavior"]).toEqual({
      scale_down: [
        {
          stabilization_window_seconds: 300,
          select_policy: "Min",
          policy: [
            { type: "Percent", value: 50, period_seconds: 60 },
            { type: "Pods", value: 2, period_seconds: 60 },
          ],
        },
      ],
      scale_up: [
        {
          stabilization_window_seconds: 60,
          select_policy: "Max",
          policy: [
            { type: "Percent", value: 100, period_seconds: 30 },
            { type: "Pods", value: 4, period_seconds: 60 },
          ],
        },
      ],
    });
  });

  it("scales the queue worker on redis_queue_length and the inference service 2–20", () => {
    const hpas = byName(results[cloud].platform, "kubernetes_horizontal_pod_autoscaler_v2");
    expect(hpas["worker"]!["spec"]["metric"]).toEqual([
      { type: "External", external: { metric: { name: "redis_queue_length", selector: [{ match_labels: { queue: "default" } }] }, target: { type: "AverageValue", average_value: "10" } } },
    ]);
    expect(hpas["inference"]!["spec"]).toMatchObject({ min_replicas: 2, max_replicas: 20 });
  });

  it("leaves the replica count to the HPA on every autoscaled Deployment", () => {
    // The platform's PgBouncer (GCP) has a fixed count of its own: test/pooling.test.ts.
    for (const [name, d] of Object.entries(byName(results[cloud].platform, "kubernetes_deployment_v1")).filter(([name]) => name !== "pgbouncer")) {
      expect(d["spec"], name).not.toHaveProperty("replicas");
      expect(d["lifecycle"], name).toEqual({ ignore_changes: ["spec[0].replicas"] });
    }
  });

  it("schedules GPU pods on the GPU pool with the toleration and nvidia.com/gpu limits", () => {
    const pod = byName(results[cloud].platform, "kubernetes_deployment_v1")["inference"]!["spec"]["template"]["spec"];
    expect(pod["node_selector"]).toEqual({ "tierform.dev/role": "gpu" });
    expect(pod["toleration"]).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    expect(pod["container"][0]["resources"]["limits"]).toMatchObject({ "nvidia.com/gpu": "1" });
  });

  it("runs containers restricted: non-root, no privilege escalation, all capabilities dropped", () => {
    for (const d of Object.values(byName(results[cloud].platform, "kubernetes_deployment_v1"))) {
      const c = d["spec"]["template"]["spec"]["container"][0];
      expect(c["security_context"]).toMatchObject({ allow_privilege_escalation: false, run_as_non_root: true, capabilities: { drop: ["ALL"] } });
      expect(c["resources"]["requests"]).toHaveProperty("cpu");
      // No Kubernetes API token in pods that never call the API.
      expect(d["spec"]["template"]["spec"]["automount_service_account_token"]).toBe(false);
    }
  });

  it("has a default-deny NetworkPolicy per workload, opening the API to the load balancer's path only", () => {
    const policies = byName(results[cloud].platform, "kubernetes_network_policy_v1");
    for (const name of ["api", "worker", "inference"]) {
      expect(policies[name]!["spec"]["policy_types"]).toEqual(["Ingress", "Egress"]);
    }
    const apiIngress = policies["api"]!["spec"]["ingress"];
    expect(apiIngress[1]).toMatchObject({ from: [{ ip_block: { cidr: "10.0.0.0/16" } }, ...(cloud === "gcp" ? [{}, {}] : [])], ports: [{ port: "8080", protocol: "TCP" }] });
    expect(policies["worker"]!["spec"]["ingress"]).toHaveLength(1);
    const egress = policies["worker"]!["spec"]["egress"];
    expect(egress[0]["ports"]).toEqual([
      { port: "53", protocol: "UDP" },
      { port: "53", protocol: "TCP" },
    ]);
  });

  it("binds every workload's service account to the cloud's workload identity", () => {
    const { platform, infra } = results[cloud];
    const accounts = byName(platform, "kubernetes_service_account_v1");
    if (cloud === "aws") {
      const assoc = resources(infra, "aws_eks_pod_identity_association").map(([, a]) => `${a["namespace"]}/${a["service_account"]}`).sort();
      expect(assoc).toEqual(["apps-api/api", "apps-db/db-extensions", "apps-inference/inference", "apps-worker/worker", "kube-system/cluster-autoscaler"]);
    } else if (cloud === "gcp") {
      expect(accounts["api"]!["metadata"]["annotations"]["iam.gke.io/gcp-service-account"]).toMatch(/^\$\{data\.terraform_remote_state\..*google_service_account/);
      // Through the cluster's attribute, so the binding waits for the pool the cluster creates.
      expect(resources(infra, "google_service_account_iam_member").map(([, b]) => b["member"])).toContainEqual(
        expect.stringMatching(/^serviceAccount:\$\{google_container_cluster\.cluster_gke_[0-9A-F]+\.workload_identity_config\[0\]\.workload_pool\}\[apps-api\/api\]$/),
      );
    } else {
      expect(accounts["api"]!["metadata"]["annotations"]["azure.workload.identity/client-id"]).toMatch(/^\$\{data\.terraform_remote_state\..*azurerm_user_assigned_identity/);
      expect(resources(infra, "azurerm_federated_identity_credential").map(([, f]) => f["subject"])).toContain("system:serviceaccount:apps-api:api");
      const pod = byName(platform, "kubernetes_deployment_v1")["api"]!["spec"]["template"]["metadata"]["labels"];
      expect(pod["azure.workload.identity/use"]).toBe("true");
    }
  });

  it("keeps passwords out: apps log in as their own cloud identity, with no reference to the admin secret", () => {
    // AWS: through RDS Proxy, as its login role (a member of app); directly (migrations), as app itself.
    const expectedUser = { aws: /^app_proxy$/, gcp: /^(api|worker|inference)-[0-9a-f]{6}@tierform-demo-prod\.iam$/, azure: /^large-azure-prod-(api|worker|inference)$/ }[cloud];
    const secrets = Object.entries(byName(results[cloud].platform, "kubernetes_secret_v1")).filter(([name]) => name !== "pgbouncer-config").map(([, s]) => s);
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) {
      expect(Object.keys(secret["data"]).some((k) => /PASSWORD/.test(k))).toBe(false);
      expect(secret["data"]).not.toHaveProperty("DATABASE_SECRET_REF");
      expect(secret["data"]).toMatchObject({ DATABASE_AUTH: "iam", DATABASE_USER: expect.stringMatching(expectedUser) });
      expect(secret["data"]["DATABASE_DIRECT_USER"]).toMatch(cloud === "aws" ? /^app$/ : expectedUser);
      // Apps connect through the pooler (AWS RDS Proxy, Azure's PgBouncer on 6432); migrations reach the database directly.
      const data = secret["data"] as Record<string, string>;
      if (cloud === "aws") expect(data).toMatchObject({ DATABASE_HOST: expect.stringMatching(/cross-stack-output-aws_db_proxy.*endpoint\}$/), DATABASE_PORT: "5432", DATABASE_DIRECT_HOST: expect.stringMatching(/cross-stack-output-aws_db_instance.*address\}$/) });
      if (cloud === "azure") expect(data).toMatchObject({ DATABASE_PORT: "6432", DATABASE_DIRECT_PORT: "5432", DATABASE_HOST: data["DATABASE_DIRECT_HOST"] });
      // GCP (Enterprise edition, no managed pooling): the platform's PgBouncer Service.
      if (cloud === "gcp") {
        expect(data).toMatchObject({ DATABASE_HOST: "pgbouncer.apps-pgbouncer.svc.cluster.local", DATABASE_WRITER_HOST: "pgbouncer.apps-pgbouncer.svc.cluster.local", DATABASE_PORT: "6432", DATABASE_DIRECT_PORT: "5432" });
        expect(data["DATABASE_DIRECT_HOST"]).toMatch(/cross-stack-output-google_sql_database_instance.*private_ip_address\}$/);
      }
    }
    expect(JSON.stringify(results[cloud].infra.output)).not.toMatch(/password/i);
  });

  it("lets only the setup Job's identity read the database admin secret (or be its Entra administrator)", () => {
    const infra = results[cloud].infra.resource as Record<string, Record<string, Record<string, unknown>>>;
    if (cloud === "aws") {
      const policies = Object.entries(infra["aws_iam_role_policy"]!).filter(([id]) => id.startsWith("workload-"));
      const readers = policies.filter(([, p]) => String(p["policy"]).includes("secretsmanager:GetSecretValue")).map(([id]) => id);
      expect(readers).toEqual([expect.stringMatching(/^workload-db-extensions_/)]);
      for (const [id, p] of policies.filter(([id]) => !id.startsWith("workload-db-extensions_"))) {
        expect(String(p["policy"]), id).toContain('"Sid":"DatabaseIamAuth","Effect":"Allow","Action":"rds-db:connect"');
        expect(String(p["policy"]), id).toMatch(/:dbuser:\$\{aws_db_instance\.[^}]+\.resource_id\}\/app"/);
        // …and through RDS Proxy as its login role (the proxy's resource id is the last part of its ARN).
        expect(String(p["policy"]), id).toMatch(/:dbuser:\$\{element\(split\(":", aws_db_proxy\.[^)]+\.arn\), 6\)\}\/app_proxy"\]/);
      }
    } else if (cloud === "gcp") {
      const adminSecret = Object.values(infra["google_secret_manager_secret_iam_member"]!).filter((m) => String(m["secret_id"]).includes("db-admin-secret"));
      expect(adminSecret.map((m) => m["member"])).toEqual([expect.stringMatching(/workload-db-extensions_wl-db-extensions-sa/)]);
      const logins = Object.entries(infra["google_sql_user"]!).filter(([id]) => id.startsWith("workload-"));
      // The three workloads' and the pooler's (PgBouncer's Cloud SQL Auth Proxy logs in as it).
      expect(logins.map(([, u]) => u["type"])).toEqual(["CLOUD_IAM_SERVICE_ACCOUNT", "CLOUD_IAM_SERVICE_ACCOUNT", "CLOUD_IAM_SERVICE_ACCOUNT", "CLOUD_IAM_SERVICE_ACCOUNT"]);
      expect(logins.map(([id]) => id).filter((id) => id.startsWith("workload-pgbouncer_"))).toHaveLength(1);
    } else {
      const scopes = Object.values(infra["azurerm_role_assignment"]!).map((a) => String(a["scope"]));
      expect(scopes.some((s) => s.includes("pg-admin-secret"))).toBe(false);
      const admins = Object.values(infra["azurerm_postgresql_flexible_server_active_directory_administrator"]!);
      expect(admins).toEqual([
        expect.objectContaining({ principal_type: "ServicePrincipal", object_id: expect.stringMatching(/wl-db-extensions-identity.*\.principal_id\}$/) }),
      ]);
    }
  });

  it("runs the setup Job hardened: unprivileged, read-only, bounded, pinned images, the server verified", () => {
    const job = Object.values(byName(results[cloud].platform, "kubernetes_job_v1"))[0]!;
    expect(job["metadata"]["name"]).toMatch(/^db-extensions-[0-9a-f]{10}$/);
    const pod = job["spec"]["template"]["spec"];
    expect(pod["security_context"]).toMatchObject({ run_as_non_root: true, run_as_user: "70", seccomp_profile: { type: "RuntimeDefault" } });
    for (const c of [...pod["init_container"], ...pod["container"]]) {
      expect(c["security_context"], c["name"]).toMatchObject({ read_only_root_filesystem: true, allow_privilege_escalation: false, run_as_non_root: true, capabilities: { drop: ["ALL"] } });
      expect(c["resources"]["limits"], c["name"]).toHaveProperty("memory");
      expect(c["image"], c["name"]).toMatch(/:\d+\.\d+\.\d+|:\d+\.\d+-alpine\d/);
    }
    const env = Object.fromEntries((pod["container"][0]["env"] as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    expect(env["PGSSLMODE"]).toBe({ aws: "verify-full", gcp: "verify-ca", azure: "verify-full" }[cloud]);
    expect(env["PGSSLROOTCERT"]).toBe(cloud === "azure" ? "system" : "/secrets/ca.pem");
    expect(env["DATABASE_SQL"]).toContain('CREATE EXTENSION IF NOT EXISTS "vector";');
    expect(env["DATABASE_SQL"]).toContain('GRANT USAGE, CREATE ON SCHEMA public TO "app";');
    const login = { aws: 'GRANT rds_iam TO "app";', gcp: 'GRANT "app" TO "api-', azure: "PERFORM pgaadauth_create_principal_with_oid('large-azure-prod-api'" }[cloud];
    expect(env["SERVER_SQL"]).toContain(login);
    expect(JSON.stringify(pod)).not.toContain("sed ");
  });

  it("matches its reviewed snapshot", async () => {
    await expect(snapshotOf(results[cloud].result, `large-${cloud}-prod-platform`)).toMatchFileSnapshot(`snapshots/${cloud}/large-platform.json`);
  });
});

describe("add-ons, only where the cloud needs them", () => {
  it.each([
    ["aws", ["cluster-autoscaler", "grafana", "metrics-server", "nvidia-device-plugin", "prometheus", "prometheus-adapter", "vpa"]],
    ["gcp", ["grafana", "prometheus", "prometheus-adapter"]],
    ["azure", ["grafana", "nvidia-device-plugin", "prometheus", "prometheus-adapter"]],
  ] as const)("%s: %j", (cloud, expected) => {
    // The workloads' VerticalPodAutoscaler objects are releases too (test/vpa.test.ts); add-ons are the rest.
    const releases = resources(results[cloud].platform, "helm_release").map(([, r]) => r).filter((r) => r["chart"] !== "raw");
    expect(releases.map((r) => r["name"]).sort()).toEqual([...expected]);
    for (const r of releases) expect(r["version"]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("serves both Pods and External metrics from one adapter, so each Deployment has exactly one autoscaler (its HPA)", () => {
    const adapter = resources(results.aws.platform, "helm_release").map(([, r]) => r).find((r) => r["name"] === "prometheus-adapter")!;
    const values = JSON.parse((adapter["values"] as string[])[0]!);
    expect(values.rules.custom.map((r: { name: { as: string } }) => r.name.as)).toEqual(["http_requests_per_second"]);
    expect(values.rules.external.map((r: { name: { as: string } }) => r.name.as)).toEqual(["redis_queue_length"]);
  });

  it("exposes the API the way each cloud's load balancer reaches it", () => {
    const service = (cloud: Cloud) => byName(results[cloud].platform, "kubernetes_service_v1")["api"]!;
    expect(service("aws")["spec"]).toMatchObject({ type: "NodePort", port: [{ port: 8080, node_port: 30080, target_port: "8080" }] });
    expect(service("gcp")["spec"]).toMatchObject({ type: "NodePort", port: [{ node_port: 30080 }] });
    expect(service("azure")["spec"]).toMatchObject({ type: "LoadBalancer", port: [{ port: 80, target_port: "8080" }] });
    expect(service("azure")["metadata"]["annotations"]).toMatchObject({ "service.beta.kubernetes.io/azure-allowed-service-tags": "AzureFrontDoor.Backend" });
  });
});

describe("workload input", () => {
  const where = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;
  const api = exampleWorkloads[0]!;
  it("VM tiers have no platform stack and reject workloads", () => {
    expect(new Environment(Testing.app(), "s", demoTopology("small", "aws")).platform).toBeUndefined();
    expect(problemLines(() => small({ ...where, workloads: [api] }))).toEqual([
      'workloads: needs compute.kind "kubernetes" or "containers" (VM tiers run the app with Docker Compose and have no platform stack)',
    ]);
  });

  it("rejects invalid workloads with path and reason", () => {
    const general = large(where).compute;
    if (general.kind !== "kubernetes") throw new Error("expected kubernetes");
    const noGpuPools = general.nodePools.filter((p) => p.role !== "gpu");
    const lines = problemLines(() =>
      large({
        ...where,
        compute: { nodePools: noGpuPools },
        workloads: [
          { name: "inference", image: "ghcr.io/x/inf:1", pool: "gpu", gpus: 1 },
          { name: "api", image: "ghcr.io/x/api:1", autoscaling: { min: 5, max: 2, cpuPercent: 70 }, resources: { requests: { cpu: "1" } } },
          { name: "cache-warm", image: "ghcr.io/x/w:1", autoscaling: { min: 1, max: 3, memoryPercent: 80 } },
          { name: "batch", image: "ghcr.io/x/b:1", pool: "batch" as never },
        ],
      }),
    );
    expect(lines).toEqual([
      "workloads[1].autoscaling.min: expected ≤ autoscaling.max (2), got 5",
      "workloads[2].autoscaling.memoryPercent: needs resources.requests.memory (utilisation is measured against the request), got 80",
      'workloads[3].pool: expected one of "general" | "gpu" | "spot" | "memory", got "batch"',
    ]);
    // Cross-field rules run once fields parse: the GPU pool that does not exist.
    expect(problemLines(() => large({ ...where, compute: { nodePools: noGpuPools }, workloads: [{ name: "inference", image: "ghcr.io/x/inf:1", pool: "gpu", gpus: 1 }] }))).toEqual([
      'workloads[0].pool: expected a pool role the cluster has: general, spot, got "gpu"',
    ]);
  });
});
