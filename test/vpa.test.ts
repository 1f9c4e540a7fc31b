import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import type { Cloud } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { synthesize, type TerraformJson } from "../src/testing";
import type { VerticalAutoscalingProps, WorkloadProps } from "../src/model/workload";
import { large } from "../tiers";
import { problemLines, resources } from "./helpers";

// Issue 14, item 3: VerticalPodAutoscaler objects, the VPA itself where the cloud lacks it, and no VPA/HPA fight.

const CLOUDS = ["aws", "gcp", "azure"] as const;
const stacks = {} as Record<Cloud, { platform: TerraformJson; infra: TerraformJson }>;
beforeAll(() => {
  for (const cloud of CLOUDS) {
    const app = Testing.app();
    new Environment(app, `vpa-${cloud}`, demoTopology("large", cloud));
    const out = synthesize(app);
    stacks[cloud] = { platform: out[`large-${cloud}-prod-platform`]!, infra: out[`large-${cloud}-prod-infra`]! };
  }
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const releases = (json: TerraformJson): Record<string, any> => Object.fromEntries(resources(json, "helm_release").map(([, r]) => [r["name"] as string, r]));
const manifests = (release: { values: string[] }) => JSON.parse(release.values[0]!).resources;
const where = { name: "acme", environment: "prod", cloud: "aws", region: "us-west-2", domain: "app.example.com", monitoring: { notify: { emails: ["ops@example.com"] } } } as const;

describe.each(CLOUDS)("VerticalPodAutoscaler objects on %s", (cloud) => {
  it("gives the worker the guide's VPA (Auto rendered as Recreate) in its namespace, after its Deployment", () => {
    const r = releases(stacks[cloud].platform)["worker-vpa"];
    expect(r).toMatchObject({ chart: "raw", repository: "https://bedag.github.io/helm-charts/", version: "2.0.2", namespace: expect.stringContaining("kubernetes_namespace_v1") });
    expect(r["depends_on"]).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_deployment_v1\.workload-worker_deployment_/)]));
    expect(manifests(r)).toEqual([
      {
        apiVersion: "autoscaling.k8s.io/v1",
        kind: "VerticalPodAutoscaler",
        metadata: { name: "worker", labels: { "app.kubernetes.io/name": "worker", "app.kubernetes.io/managed-by": "tierform" } },
        spec: {
          targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "worker" },
          updatePolicy: { updateMode: "Recreate" },
          resourcePolicy: {
            containerPolicies: [
              {
                containerName: "worker",
                minAllowed: { cpu: "100m", memory: "128Mi" },
                maxAllowed: { cpu: "4", memory: "8Gi" },
                controlledResources: ["cpu", "memory"],
                controlledValues: "RequestsAndLimits",
              },
            ],
          },
        },
      },
    ]);
  });

  it("gives the API, which the HPA scales on CPU and memory, a recommendation-only VPA; the inference service none", () => {
    const all = releases(stacks[cloud].platform);
    expect(manifests(all["api-vpa"])[0].spec.updatePolicy).toEqual({ updateMode: "Off" });
    expect(all["inference-vpa"]).toBeUndefined();
  });
});

describe("the VPA itself, exactly where it is used", () => {
  it("EKS: the pinned VPA chart (all three components, restricted), which the VPA objects wait for", () => {
    const all = releases(stacks.aws.platform);
    const vpa = all["vpa"];
    expect(vpa).toMatchObject({ chart: "vpa", repository: "https://charts.fairwinds.com/stable", version: "4.12.5", namespace: "kube-system" });
    const values = JSON.parse(vpa["values"][0]);
    const restricted = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
    expect(values.recommender.securityContext).toEqual(restricted);
    expect(values.updater.securityContext).toEqual(restricted);
    expect(values.admissionController).toMatchObject({ enabled: true, securityContext: restricted, certGen: { securityContext: restricted } });
    expect(values["metrics-server"]).toEqual({ enabled: false });
    for (const name of ["api-vpa", "worker-vpa"]) expect(all[name]["depends_on"]).toContain("helm_release.addons_vertical-pod-autoscaler_" + vpaSuffix(stacks.aws.platform));
  });

  it("GKE and AKS: no chart; the managed VPA is turned on in the cluster", () => {
    for (const cloud of ["gcp", "azure"] as const) expect(releases(stacks[cloud].platform)["vpa"]).toBeUndefined();
    const gke = resources(stacks.gcp.infra, "google_container_cluster")[0]![1];
    expect(gke["vertical_pod_autoscaling"]).toEqual({ enabled: true });
    const aks = resources(stacks.azure.infra, "azurerm_kubernetes_cluster")[0]![1];
    expect(aks["workload_autoscaler_profile"]).toEqual({ vertical_pod_autoscaler_enabled: true });
  });

  it.each(CLOUDS)("%s: off, with no chart and no VPA objects, when no workload has a VPA", (cloud) => {
    const app = Testing.app();
    const workloads = [{ name: "api", image: "ghcr.io/x/api:1", port: 8080 }];
    new Environment(app, "novpa", large({ ...where, cloud, ...(cloud === "gcp" ? { project: "acme-prod-123", region: "us-central1" } : {}), ...(cloud === "azure" ? { region: "eastus" } : {}), workloads }));
    const out = synthesize(app);
    const platform = out["acme-prod-platform"]!;
    const infra = out["acme-prod-infra"]!;
    expect(Object.keys(releases(platform)).filter((n) => n === "vpa" || n.endsWith("-vpa"))).toEqual([]);
    if (cloud === "gcp") expect(resources(infra, "google_container_cluster")[0]![1]["vertical_pod_autoscaling"]).toEqual({ enabled: false });
    if (cloud === "azure") expect(resources(infra, "azurerm_kubernetes_cluster")[0]![1]["workload_autoscaler_profile"]).toEqual({ vertical_pod_autoscaler_enabled: false });
  });
});

function vpaSuffix(platform: TerraformJson): string {
  const id = resources(platform, "helm_release").map(([id]) => id).find((id) => id.startsWith("addons_vertical-pod-autoscaler_"))!;
  return id.slice("addons_vertical-pod-autoscaler_".length);
}

describe("VPA input", () => {
  const base = { name: "api", image: "ghcr.io/x/api:1", resources: { requests: { cpu: "500m", memory: "512Mi" } } };
  const hpa = { min: 2, max: 10, cpuPercent: 70 };

  it("rejects an updating VPA on a resource the HPA scales on, saying why and what to do instead", () => {
    expect(problemLines(() => large({ ...where, workloads: [{ ...base, autoscaling: hpa, vpa: { updateMode: "Recreate" } }] }))).toEqual([
      'workloads[0].vpa.updateMode: a VPA in mode "Recreate" resizes cpu, which the HPA scales on (autoscaling.cpuPercent): the two fight (the VPA raises the request, utilisation drops, the HPA removes pods, and back). Use updateMode "Off" for recommendations only, take cpu out of vpa.controlledResources, or scale the HPA on other metrics, got "Recreate"',
    ]);
    const both = problemLines(() => large({ ...where, workloads: [{ ...base, autoscaling: { ...hpa, memoryPercent: 80 }, vpa: { updateMode: "Auto" } }] }));
    expect(both).toHaveLength(1);
    expect(both[0]).toMatch(/^workloads\[0\]\.vpa\.updateMode: a VPA in mode "Auto" resizes cpu and memory, which the HPA scales on \(autoscaling\.cpuPercent, autoscaling\.memoryPercent\)/);
    expect(problemLines(() => large({ ...where, workloads: [{ ...base, autoscaling: hpa, vpa: { updateMode: "Initial", controlledResources: ["cpu"] } }] }))[0]).toMatch(/^workloads\[0\]\.vpa\.updateMode: a VPA in mode "Initial" resizes cpu/);
  });

  it("allows Off (recommendations) beside any HPA, and an updating VPA on the resources the HPA does not scale on", () => {
    const ok = (vpa: VerticalAutoscalingProps, autoscaling: NonNullable<WorkloadProps["autoscaling"]> = hpa) => large({ ...where, workloads: [{ ...base, autoscaling, vpa }] }).workloads[0]!.vpa;
    expect(ok({}, { ...hpa, memoryPercent: 80 })).toEqual({ updateMode: "Off", controlledResources: ["cpu", "memory"], controlledValues: "RequestsAndLimits" });
    expect(ok({ updateMode: "Recreate", controlledResources: ["memory"], controlledValues: "RequestsOnly" })).toMatchObject({ updateMode: "Recreate", controlledResources: ["memory"] });
    expect(ok({ updateMode: "Auto" }, { min: 1, max: 5, pods: [{ metric: "http_requests_per_second", averageValue: "100" }] })).toMatchObject({ updateMode: "Auto" });
  });

  it("rejects bad bounds, modes and resources with their paths", () => {
    const lines = problemLines(() =>
      large({
        ...where,
        workloads: [
          { ...base, vpa: { minAllowed: { cpu: "2", memory: "8Gi" }, maxAllowed: { cpu: "1500m", memory: "8Gi" }, controlledResources: ["cpu", "cpu"] } },
          { ...base, name: "batch", vpa: { updateMode: "InPlaceOrRecreate" as never, minAllowed: { memory: "1G" } } },
        ],
      }),
    );
    expect(lines).toEqual([
      'workloads[0].vpa.controlledResources[1]: expected each resource once ("cpu" is listed twice), got "cpu"',
      'workloads[0].vpa.minAllowed.cpu: expected ≤ vpa.maxAllowed.cpu (1500m), got "2"',
      'workloads[1].vpa.updateMode: expected one of "Off" | "Initial" | "Recreate" | "Auto", got "InPlaceOrRecreate"',
      'workloads[1].vpa.minAllowed.memory: expected a memory quantity such as 512Mi or 4Gi, got "1G"',
    ]);
  });
});
