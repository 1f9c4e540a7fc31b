import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import type { Cloud } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { synthesize, type TerraformJson } from "../src/testing";
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
const where = { name: "acme", environment: "prod", cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;

describe.each(CLOUDS)("read-only root filesystem on %s", (cloud) => {
  it("every Deployment container has a read-only root and a writable /tmp emptyDir", () => {
    const deployments = Object.values(byName(platforms[cloud], "kubernetes_deployment_v1"));
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      const pod = d["spec"]["template"]["spec"];
      const c = pod["container"][0];
      expect(c["security_context"]["read_only_root_filesystem"]).toBe(true);
      expect(c["volume_mount"]).toEqual([{ name: "tmp", mount_path: "/tmp" }]);
      expect(pod["volume"]).toEqual([{ name: "tmp", empty_dir: { size_limit: "1Gi" } }]);
    }
  });

  it("add-ons whose charts take a security context run read-only too", () => {
    for (const [, r] of resources(platforms[cloud], "helm_release")) {
      const values = JSON.parse((r["values"] as string[])[0]!);
      const contexts = {
        "metrics-server": values.securityContext,
        "cluster-autoscaler": values.containerSecurityContext,
        "nvidia-device-plugin": values.securityContext,
        prometheus: values.server?.containerSecurityContext,
        "prometheus-adapter": values.securityContext,
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
