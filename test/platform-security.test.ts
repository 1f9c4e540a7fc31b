import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import type { Cloud } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { synthesize, type TerraformJson } from "../src/testing";
import { exampleWorkloads } from "../examples/workloads";
import { large } from "../tiers";
import { resources } from "./helpers";

// Issue 12, Kubernetes side: read-only root filesystems (CKV_K8S_22) and NetworkPolicy egress narrowed to what
// each workload needs, per cloud.

const CLOUDS = ["aws", "gcp", "azure"] as const;
const platforms = {} as Record<Cloud, TerraformJson>;
beforeAll(() => {
  for (const cloud of CLOUDS) {
    const app = Testing.app();
    new Environment(app, `sec-${cloud}`, demoTopology("large", cloud));
    platforms[cloud] = synthesize(app)[`large-${cloud}-prod-platform`]!;
  }
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const byName = (json: TerraformJson, type: string): Record<string, any> =>
  Object.fromEntries(resources(json, type).map(([, r]) => [(r["metadata"] as { name: string }).name, r]));
const where = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;

describe.each(CLOUDS)("read-only root filesystem on %s", (cloud) => {
  it("every Deployment container has a read-only root and a writable /tmp emptyDir", () => {
    const deployments = Object.values(byName(platforms[cloud], "kubernetes_deployment_v1"));
    expect(deployments.length).toBeGreaterThan(0);
    // The platform's PgBouncer (GCP) also mounts its config read-only: test/pooling.test.ts.
    for (const d of deployments.filter((d) => d["metadata"]["name"] !== "pgbouncer")) {
      const pod = d["spec"]["template"]["spec"];
      const c = pod["container"][0];
      expect(c["security_context"]["read_only_root_filesystem"]).toBe(true);
      expect(c["volume_mount"]).toEqual([{ name: "tmp", mount_path: "/tmp" }]);
      expect(pod["volume"]).toEqual([{ name: "tmp", empty_dir: { size_limit: "1Gi" } }]);
    }
  });

  it("add-ons whose charts take a security context run read-only too", () => {
    for (const [, r] of resources(platforms[cloud], "helm_release")) {
      if (r["chart"] === "raw") continue; // VerticalPodAutoscaler objects: no pods
      const values = JSON.parse((r["values"] as string[])[0]!);
      const contexts = {
        "metrics-server": values.securityContext,
        "cluster-autoscaler": values.containerSecurityContext,
        "nvidia-device-plugin": values.securityContext,
        prometheus: values.server?.containerSecurityContext,
        "prometheus-adapter": values.securityContext,
        vpa: values.admissionController?.securityContext,
        grafana: values.containerSecurityContext,
      } as Record<string, { readOnlyRootFilesystem: boolean } | undefined>;
      expect(contexts[r["name"] as string], r["name"] as string).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    }
  });
});

describe("writable root filesystem: an opt-out per workload", () => {
  const writable = { name: "legacy", image: "ghcr.io/x/legacy:1", readOnlyRootFilesystem: false, scratch: { medium: "memory", sizeLimit: "256Mi" } } as const;

  it("defaults to read-only with a 1Gi disk-backed /tmp", () => {
    const w = large({ ...where, workloads: [{ name: "api", image: "ghcr.io/x/api:1" }] }).workloads[0]!;
    expect(w.readOnlyRootFilesystem).toBe(true);
    expect(w.scratch).toEqual({ medium: "disk", sizeLimit: "1Gi" });
  });

  it("renders the opt-out and a memory-backed /tmp, and warns in production only", () => {
    const app = Testing.app();
    const env = new Environment(app, "w", { ...large({ ...where, workloads: [writable] }) });
    const platform = synthesize(app)["acme-prod-platform"]!;
    const pod = byName(platform, "kubernetes_deployment_v1")["legacy"]["spec"]["template"]["spec"];
    expect(pod["container"][0]["security_context"]["read_only_root_filesystem"]).toBe(false);
    expect(pod["volume"]).toEqual([{ name: "tmp", empty_dir: { medium: "Memory", size_limit: "256Mi" } }]);
    expect(env.warnings.filter((w) => w.id === "tierform:kubernetes:writable-root-filesystem")).toEqual([
      {
        id: "tierform:kubernetes:writable-root-filesystem",
        path: "workloads[0].readOnlyRootFilesystem",
        message: "legacy's containers can write to their root filesystem: an intruder can change the app's own files (CKV_K8S_22)",
      },
    ]);
    const staging = new Environment(Testing.app(), "s", large({ ...where, environment: "staging", workloads: [writable] }));
    expect(staging.warnings.map((w) => w.id)).not.toContain("tierform:kubernetes:writable-root-filesystem");
  });
});

// ---------- NetworkPolicy egress ----------

const DNS = {
  to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }],
  ports: [
    { port: "53", protocol: "UDP" },
    { port: "53", protocol: "TCP" },
  ],
};
const HTTPS = { to: [{ ip_block: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }], ports: [{ port: "443", protocol: "TCP" }] };
const to = (port: string, ...cidrs: string[]) => ({ to: cidrs.map((cidr) => ({ ip_block: { cidr } })), ports: [{ port, protocol: "TCP" }] });
const sameApp = (name: string) => ({ to: [{ pod_selector: { match_labels: { "app.kubernetes.io/name": name } } }] });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const policies = (json: TerraformJson): Record<string, any> => Object.fromEntries(resources(json, "kubernetes_network_policy_v1").map(([, r]) => [(r["metadata"] as { name: string }).name, r["spec"]]));
const PSA = /^\$\{data\.terraform_remote_state\.[^}]*google_compute_global_address[^}]*psa-range[^}]*address\}\/20$/;
const AZURE_REDIS_PORT = /^\$\{data\.terraform_remote_state\.[^}]*azurerm_managed_redis[^}]*port\}$/;

describe("NetworkPolicy egress, exactly, per cloud (large tier, 10.0.0.0/16)", () => {
  it("AWS: the data stores' ports to the private subnets only, HTTPS, and the Pod Identity agent", () => {
    const p = policies(platforms.aws);
    const privateSubnets = ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"];
    const data = [to("5432", ...privateSubnets), to("6379", ...privateSubnets)];
    const identity = [to("80", "169.254.170.23/32")];
    expect(p["worker"].egress).toEqual([DNS, ...data, HTTPS, ...identity, sameApp("worker")]);
    expect(p["db-extensions"].egress).toEqual([DNS, data[0], HTTPS, ...identity]);
  });

  it("GCP: the private services access range, the service-connect subnet (Memorystore Cluster), HTTPS, the GKE metadata server", () => {
    const p = policies(platforms.gcp);
    const egress = p["worker"].egress;
    expect(egress[1]).toEqual({ to: [{ ip_block: { cidr: expect.stringMatching(PSA) } }], ports: [{ port: "5432", protocol: "TCP" }] });
    // The platform's PgBouncer: its pods, on 6432 (the database port stays open for direct connections).
    const pooler = { to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "apps-pgbouncer" } }, pod_selector: { match_labels: { "app.kubernetes.io/name": "pgbouncer" } } }], ports: [{ port: "6432", protocol: "TCP" }] };
    expect(egress).toEqual([DNS, egress[1], to("6379", "10.0.96.0/26"), pooler, HTTPS, to("80", "169.254.169.254/32"), sameApp("worker")]);
    expect(p["db-extensions"].egress).toEqual([DNS, egress[1], HTTPS, to("80", "169.254.169.254/32")]);
    // PgBouncer itself reaches Cloud SQL's server-side proxy port only.
    expect(p["pgbouncer"].egress).toEqual([DNS, { ...egress[1], ports: [{ port: "3307", protocol: "TCP" }] }, HTTPS, to("80", "169.254.169.254/32")]);
  });

  it("Azure: the delegated subnet (PostgreSQL, and its built-in PgBouncer on 6432), the private-endpoint subnet (Managed Redis), HTTPS; no link-local address at all", () => {
    const p = policies(platforms.azure);
    const egress = p["worker"].egress;
    expect(egress[3]).toEqual({ to: [{ ip_block: { cidr: "10.0.96.128/26" } }], ports: [{ port: expect.stringMatching(AZURE_REDIS_PORT), protocol: "TCP" }] });
    expect(egress).toEqual([DNS, to("5432", "10.0.96.64/26"), to("6432", "10.0.96.64/26"), egress[3], HTTPS, sameApp("worker")]);
    // The setup Job connects directly, never through the pooler.
    expect(p["db-extensions"].egress).toEqual([DNS, to("5432", "10.0.96.64/26"), HTTPS]);
  });

  it.each(CLOUDS)("%s: no rule opens a port to every address, and only GKE's identity reaches 169.254.169.254", (cloud) => {
    for (const [name, spec] of Object.entries(policies(platforms[cloud]))) {
      for (const rule of spec.egress as { to?: { ip_block?: { cidr: string; except?: string[] } }[]; ports?: { port: string }[] }[]) {
        expect(rule.to, `${name}: a rule without peers allows any address`).toBeDefined();
        for (const peer of rule.to!) {
          const cidr = peer.ip_block?.cidr;
          if (cidr === "0.0.0.0/0") {
            expect(peer.ip_block!.except).toEqual(["169.254.0.0/16"]);
            expect(rule.ports).toEqual([{ port: "443", protocol: "TCP" }]);
          }
          if (cidr?.startsWith("169.254.")) expect(`${cloud} ${cidr}`).toMatch(/^(aws 169\.254\.170\.23\/32|gcp 169\.254\.169\.254\/32)$/);
        }
      }
    }
  });
});

describe("NetworkPolicy egress across regions (enterprise: 10.0.0.0/16 primary, 10.1.0.0/16 secondary)", () => {
  const secondaryWorker = (cloud: Cloud) => {
    const env = new Environment(Testing.app(), "ent", { ...demoTopology("enterprise", cloud), workloads: exampleWorkloads });
    const out = synthesize(env);
    return { egress: policies(out[env.regions[1]!.platform!.node.id]!)["worker"].egress, primaryInfra: env.regions[0]!.stack.node.id };
  };

  it("AWS: the cache port also to the primary's private subnets (Global Datastore writes cross the peering); Aurora forwards writes itself", () => {
    const { egress } = secondaryWorker("aws");
    const local = ["10.1.0.0/18", "10.1.64.0/18", "10.1.128.0/18"];
    const primary = ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"];
    expect(egress.slice(1, 3)).toEqual([to("5432", ...local), to("6379", ...local, ...primary)]);
  });

  it("GCP: the one private services range of the global network (the primary's), and both regions' service-connect subnets", () => {
    const { egress, primaryInfra } = secondaryWorker("gcp");
    expect(egress[1].to[0].ip_block.cidr).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[^}]*--${primaryInfra}\\.outputs\\.[^}]*psa-range[^}]*address\\}/20$`));
    expect(egress[2]).toEqual(to("6379", "10.1.96.0/26", "10.0.96.0/26"));
  });

  it("Azure: PostgreSQL in both regions' delegated subnets (the writer endpoint follows the primary); Managed Redis locally", () => {
    const { egress } = secondaryWorker("azure");
    expect(egress[1]).toEqual(to("5432", "10.1.96.64/26", "10.0.96.64/26"));
    expect(egress[2].to).toEqual([{ ip_block: { cidr: "10.1.96.128/26" } }]);
  });
});
