import { describe, expect, it } from "vitest";
import { catalogFor } from "../../src/catalog";
import { CLOUDS } from "../../src/core/cloud";
import { TopologySchema } from "../../src/model/topology";
import type { WorkloadProps } from "../../src/model/workload";
import { containerEnvironment, fitContainer, planContainerServices } from "../../src/plan/containers";
import { topologyWarnings } from "../../src/plan/warnings";
import { parseTopologyFile } from "../../src/stacks/topology-file";
import { mediumContainers, mediumContainersPreset } from "../../tiers";
import { problemLines } from "../helpers";

const WHERE = { aws: "us-west-2", gcp: "us-central1", azure: "eastus" } as const;
const base = (cloud: (typeof CLOUDS)[number]) =>
  ({ name: "acme", environment: "prod", cloud, region: WHERE[cloud], domain: "app.example.com", monitoring: { notify: { emails: ["ops@example.com"] } }, ...(cloud === "gcp" ? { project: "acme-prod-123" } : {}) }) as const;
const worker: WorkloadProps = { name: "worker", image: "ghcr.io/acme/worker:1.0.0", resources: { limits: { cpu: "1", memory: "2Gi" } } };

describe("serverless containers: the model", () => {
  it("refuses what only Kubernetes has, each at its path with the reason", () => {
    const lines = problemLines(() =>
      mediumContainers({
        ...base("aws"),
        workloads: [
          {
            name: "inference",
            image: "ghcr.io/acme/infer:1.0.0",
            pool: "gpu",
            gpus: 1,
            resources: { limits: { cpu: "4", memory: "16Gi" } },
            vpa: { updateMode: "Off" },
            autoscaling: { min: 1, max: 3, pods: [{ metric: "rps", averageValue: "10" }], external: [{ metric: "q", value: "5" }], behavior: { scaleUp: { policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } } },
          },
        ],
      }),
    );
    const text = lines.join("\n");
    expect(text).toContain('workloads[0].gpus: expected 0 on containers: GPU workloads needs compute.kind "kubernetes"');
    expect(text).toContain('workloads[0].pool: expected "general" on containers');
    expect(text).toContain('workloads[0].vpa: needs compute.kind "kubernetes"');
    expect(text).toContain("workloads[0].autoscaling.pods: needs compute.kind \"kubernetes\" (the custom metrics API)");
    expect(text).toContain("workloads[0].autoscaling.external: needs compute.kind \"kubernetes\"");
    expect(text).toContain("workloads[0].autoscaling.behavior: needs compute.kind \"kubernetes\" (HPA behaviour); on containers set compute.scaleInCooldownSeconds");
  });

  it("needs a size for every service, and one the platform offers", () => {
    const lines = problemLines(() => mediumContainers({ ...base("azure"), workloads: [{ name: "web", image: "a/b:1", port: 80, expose: true }, { ...worker, resources: { limits: { cpu: "8", memory: "16Gi" } } }] }));
    expect(lines).toContain('workloads[0].resources.limits.cpu: required on containers: each Azure Container Apps instance is sized by it (resources.limits.cpu, or requests.cpu)');
    expect(lines).toContain('workloads[0].resources.limits.memory: required on containers: each Azure Container Apps instance is sized by it (resources.limits.memory, or requests.memory)');
    expect(lines.find((l) => l.startsWith("workloads[1].resources:"))).toMatch(/expected at most 4 vCPU and 8 GiB per instance on Azure Container Apps \(asked: 8 vCPU, 16 GiB\)/);
  });

  it("keeps each service within the instances its platform runs: Azure Container Apps 1–300 (fuzz finding)", () => {
    const lines = problemLines(() =>
      mediumContainers({ ...base("azure"), workloads: [{ ...worker, autoscaling: { min: 1, max: 301, cpuPercent: 70 }, resources: { requests: { cpu: "1", memory: "2Gi" } } }, { ...worker, name: "idle", replicas: 0 }, { ...worker, name: "many", replicas: 301 }] }),
    );
    expect(lines).toContain("workloads[0].autoscaling.max: expected at most 300 instances per service on Azure Container Apps, got 301");
    expect(lines.find((l) => l.startsWith("workloads[1].replicas:"))).toMatch(/^workloads\[1\]\.replicas: expected at least 1 on Azure Container Apps: a Container App's max_replicas is at least 1/);
    expect(lines).toContain("workloads[2].replicas: expected at most 300 instances per service on Azure Container Apps, got 301");
    // ECS runs a stopped service (desired count 0) and more than 300 tasks.
    expect(() => mediumContainers({ ...base("aws"), cdn: null, workloads: [{ ...worker, replicas: 0 }, { ...worker, name: "many", replicas: 1000 }] })).not.toThrow();
  });

  it("AWS: concurrency needs the exposed service, whose load balancer counts the requests (fuzz finding: it threw at synthesis)", () => {
    const internal = { ...worker, name: "api", port: 9000, autoscaling: { min: 1, max: 3, concurrentRequests: 20 } };
    const lines = problemLines(() => mediumContainers({ ...base("aws"), workloads: [{ ...worker, name: "web", port: 8080, expose: true }, internal] }));
    expect(lines).toEqual([
      "workloads[1].autoscaling.concurrentRequests: needs expose: true on ECS on Fargate (ECS scales on the load balancer's requests per target; a service not behind it has none), got 20",
    ]);
    // Cloud Run and Container Apps count each service's own requests.
    for (const cloud of ["gcp", "azure"] as const) expect(() => mediumContainers({ ...base(cloud), workloads: [{ ...worker, name: "web", port: 8080, expose: true }, internal] })).not.toThrow();
  });

  it("refuses a variable tierform injects from the secret store, which would be set twice (fuzz finding)", () => {
    const lines = problemLines(() => mediumContainers({ ...base("gcp"), cdn: null, workloads: [{ ...worker, env: { DATABASE_PASSWORD: "hunter2", REDIS_PASSWORD: { from: "cache.host" }, DATABASE_HOST: { from: "database.host" } } }] }));
    expect(lines).toEqual([
      "workloads[0].env.DATABASE_PASSWORD: expected a name of your own: on containers tierform sets DATABASE_PASSWORD (the database's admin password, injected from the secret store), got \"hunter2\"",
      expect.stringMatching(/^workloads\[0\]\.env\.REDIS_PASSWORD: expected a name of your own: on containers tierform sets REDIS_PASSWORD \(the cache's password, injected from the secret store\)/),
    ]);
  });

  it("a queue needs the cache it lives in; concurrency needs a port", () => {
    const lines = problemLines(() =>
      mediumContainers({ ...base("aws"), cache: null, workloads: [{ ...worker, autoscaling: { min: 1, max: 3, queue: { list: "celery", perInstance: 10 }, concurrentRequests: 50 } }] }),
    );
    expect(lines).toContain('workloads[0].autoscaling.queue: needs a cache in the topology (the queue is a Redis list)');
    expect(lines).toContain("workloads[0].autoscaling.concurrentRequests: needs port (requests reach the service on it), got 50");
  });

  it("Kubernetes refuses the containers-only signals; VM tiers refuse workloads", () => {
    const k8s = { ...base("aws"), compute: { kind: "kubernetes", version: "1.33", nodePools: [{ name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 1, max: 3 }] }, app: { image: "a/b:1", port: 80, healthCheckPath: "/" }, regions: ["us-west-2"] };
    delete (k8s as { region?: string }).region;
    const onK8s = TopologySchema.safeParse({ ...k8s, workloads: [{ ...worker, autoscaling: { min: 1, max: 2, queue: { list: "q", perInstance: 5 } } }] });
    expect(onK8s.success).toBe(false);
    expect(JSON.stringify(onK8s.error?.issues)).toContain('needs compute.kind \\"containers\\"');
    const onVm = TopologySchema.safeParse({ ...k8s, compute: { kind: "vm", servers: 1, shape: { vcpu: 2, memoryGiB: 4 }, diskGiB: 20, exposure: "public" }, workloads: [worker] });
    expect(JSON.stringify(onVm.error?.issues)).toContain('needs compute.kind \\"kubernetes\\" or \\"containers\\"');
  });

  it("several regions need Kubernetes", () => {
    const lines = problemLines(() => mediumContainers({ ...base("aws"), region: undefined, regions: ["us-west-2", "us-east-1"], dnsZoneId: "Z123" }));
    expect(lines.some((l) => l.startsWith('compute.kind: expected "kubernetes" with 2 regions'))).toBe(true);
  });
});

describe("serverless containers: the planner", () => {
  it("rounds each service up to the smallest size its platform offers", () => {
    expect(fitContainer(catalogFor("aws").containers, { vcpu: 1, memoryGiB: 2 })).toEqual({ vcpu: 1, memoryGiB: 2 });
    expect(fitContainer(catalogFor("aws").containers, { vcpu: 0.3, memoryGiB: 0.5 })).toEqual({ vcpu: 0.5, memoryGiB: 1 });
    expect(fitContainer(catalogFor("aws").containers, { vcpu: 2, memoryGiB: 17 })).toEqual({ vcpu: 4, memoryGiB: 17 });
    expect(fitContainer(catalogFor("gcp").containers, { vcpu: 0.5, memoryGiB: 6 })).toEqual({ vcpu: 2, memoryGiB: 6 });
    expect(fitContainer(catalogFor("azure").containers, { vcpu: 0.5, memoryGiB: 3 })).toEqual({ vcpu: 1.5, memoryGiB: 3 });
    expect(fitContainer(catalogFor("azure").containers, { vcpu: 5, memoryGiB: 1 })).toBeUndefined();
  });

  it("the guide's numbers: web 3–10 at 70 % CPU and 80 requests, worker 1–5 on the celery list", () => {
    const t = mediumContainers(base("aws"));
    const [web, work] = planContainerServices("aws", t.workloads);
    // ECS scales on the load balancer's requests per target per minute: 80 in flight at a second each (catalog requestRate).
    expect(web).toMatchObject({ exposed: true, min: 3, max: 10, size: { vcpu: 1, memoryGiB: 2 }, scaling: { cpuPercent: 70, concurrentRequests: 80, requestsPerMinute: 4800 } });
    expect(work).toMatchObject({ exposed: false, min: 1, max: 5, scaling: { queue: { list: "celery", perInstance: 100 } } });
    expect(t.compute).toEqual({ kind: "containers", scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60, minHealthyPercent: 100, maxPercent: 200 });
  });

  it("GCP leaves out the utilisation targets Cloud Run cannot take, and warns", () => {
    const t = mediumContainers(base("gcp"));
    expect(planContainerServices("gcp", t.workloads)[0]!.scaling).toEqual({ concurrentRequests: 80 });
    const ids = topologyWarnings(t).map((w) => `${w.id} ${w.path}`);
    expect(ids).toContain("tierform:containers:utilisation-target-ignored workloads[0].autoscaling");
    // The worker (no port) runs in a worker pool, which does not autoscale: one warning with its count, not one per signal.
    expect(ids).toContain("tierform:containers:worker-fixed-count workloads[1].autoscaling");
    expect(topologyWarnings(t).find((w) => w.id === "tierform:containers:worker-fixed-count")?.message).toBe(
      "worker runs 5 instances all the time (autoscaling.max): Cloud Run worker pools do not autoscale (no CPU or queue scaler)",
    );
    // A service with a port and a queue scales on its concurrency; the queue is what is not rendered.
    const queued = mediumContainers({ ...base("gcp"), cdn: null, workloads: [{ ...worker, port: 8080, autoscaling: { min: 1, max: 8, queue: { list: "jobs", perInstance: 10 } } }] });
    expect(topologyWarnings(queued).map((w) => `${w.id} ${w.path}`)).toContain("tierform:containers:queue-scaling-manual workloads[0].autoscaling.queue");
  });

  it("AWS: a queue worker must publish its metric, and a liveness probe is not rendered; both say so", () => {
    const t = mediumContainers({ ...base("aws"), workloads: [{ ...mediumContainersPreset.workloads[0]!, liveness: { path: "/alive" } }, mediumContainersPreset.workloads[1]!] as never });
    const byId = Object.fromEntries(topologyWarnings(t).map((w) => [w.id, w]));
    expect(byId["tierform:containers:queue-metric-published"]).toMatchObject({ path: "workloads[1].autoscaling.queue" });
    expect(byId["tierform:containers:queue-metric-published"]!.message).toContain("namespace tierform/acme-prod");
    expect(byId["tierform:containers:liveness-not-rendered"]).toMatchObject({ path: "workloads[0].liveness" });
    const azure = topologyWarnings(mediumContainers({ ...base("azure"), workloads: [{ ...mediumContainersPreset.workloads[0]!, liveness: { path: "/alive" } }, mediumContainersPreset.workloads[1]!] as never }));
    expect(azure.map((w) => w.id)).not.toContain("tierform:containers:liveness-not-rendered");
    expect(azure.map((w) => w.id)).not.toContain("tierform:containers:queue-metric-published");
  });

  it("caps probes to the platform's limits in the plan, and says so", () => {
    const slow = { ...mediumContainersPreset.workloads[0]!, readiness: { path: "/ready", initialDelaySeconds: 300, periodSeconds: 60, failureThreshold: 20 }, liveness: { path: "/live", failureThreshold: 25 } };
    const azure = mediumContainers({ ...base("azure"), workloads: [slow] as never });
    expect(planContainerServices("azure", azure.workloads)[0]!.probes).toEqual({
      readiness: { path: "/ready", initialDelaySeconds: 60, periodSeconds: 60, failureThreshold: 20 },
      liveness: { path: "/live", initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 10 },
    });
    const warned = topologyWarnings(azure).filter((w) => w.id === "tierform:containers:probe-capped").map((w) => `${w.path}: ${w.message}`);
    expect(warned).toEqual([
      "workloads[0].readiness: web's readiness probe is capped to the limits of Azure Container Apps: initialDelaySeconds 60",
      "workloads[0].liveness: web's liveness probe is capped to the limits of Azure Container Apps: failureThreshold 10",
    ]);
    // Cloud Run caps the startup probe only; ECS renders no liveness probe (its own warning, not this one).
    expect(planContainerServices("gcp", mediumContainers({ ...base("gcp"), workloads: [slow] as never }).workloads)[0]!.probes.liveness?.failureThreshold).toBe(25);
    expect(topologyWarnings(mediumContainers({ ...base("aws"), workloads: [slow] as never })).map((w) => w.id)).not.toContain("tierform:containers:probe-capped");
  });

  it("refuses env names the platform sets, and a deployment that could not proceed", () => {
    const lines = problemLines(() => mediumContainers({ ...base("gcp"), cdn: null, workloads: [{ ...worker, env: { PORT: "9000", K_SERVICE: "x" } }] }));
    expect(lines).toContain('workloads[0].env.PORT: expected a name of your own: tierform sets PORT from port, got "PORT"');
    expect(lines).toContain('workloads[0].env.K_SERVICE: expected a name of your own: Cloud Run sets K_SERVICE itself, got "K_SERVICE"');
    expect(problemLines(() => mediumContainers({ ...base("aws"), compute: { minHealthyPercent: 100, maxPercent: 100 } }))).toContain(
      "compute.maxPercent: expected more than 100 when minHealthyPercent is 100 (a deployment could neither stop an old task nor start a new one), got 100",
    );
    expect(topologyWarnings(mediumContainers(base("aws"))).map((w) => w.id)).not.toContain("tierform:containers:utilisation-target-ignored");
  });

  it("Azure warns that Front Door Standard leaves the app's own address open, unless the WAF takes the private path", () => {
    const ids = (t: ReturnType<typeof mediumContainers>) => topologyWarnings(t).map((w) => w.id);
    expect(ids(mediumContainers(base("azure")))).toContain("tierform:containers:origin-reachable");
    expect(ids(mediumContainers({ ...base("azure"), compliance: { waf: true } }))).not.toContain("tierform:containers:origin-reachable");
    expect(ids(mediumContainers(base("aws")))).not.toContain("tierform:containers:origin-reachable");
  });

  it("warns when a service is rounded up to a larger, pricier size", () => {
    const t = mediumContainers({ ...base("aws"), cdn: null, workloads: [{ ...worker, resources: { limits: { cpu: "3", memory: "4Gi" } } }] });
    expect(topologyWarnings(t).find((w) => w.id === "tierform:containers:size-rounded")?.message).toContain("runs on 4 vCPU / 8 GiB");
  });

  it("resolves a service's connection variables and hands it only the secrets of the stores it reads", () => {
    const database = { endpoint: "db.internal", port: 5432, readerEndpoints: [], database: "app", username: "admin", credentials: { store: "aws-secrets-manager", id: "arn:db" }, authResources: [], appRole: "app" };
    const cache = { endpoint: "redis.internal", port: 6379, tls: true, auth: "token" as const, authResources: [], credentials: { store: "aws-secrets-manager", id: "arn:redis" } };
    const pooled = { ...database, pooler: { endpoint: "proxy.internal", port: 5432 } };
    const web = mediumContainers(base("aws")).workloads[0]!;
    const env = containerEnvironment(web, { database: pooled, cache }, { databaseSecretKey: "password" });
    expect(env.plain).toMatchObject({ PORT: "8080", DATABASE_HOST: "proxy.internal", DATABASE_USER: "admin", REDIS_HOST: "redis.internal", REDIS_TLS: "true" });
    expect(env.secrets).toEqual({ DATABASE_PASSWORD: { ref: database.credentials, jsonKey: "password" }, REDIS_PASSWORD: { ref: cache.credentials } });
    const cacheOnly = containerEnvironment({ ...web, env: { REDIS_HOST: { from: "cache.host" } } }, { database, cache });
    expect(Object.keys(cacheOnly.secrets)).toEqual(["REDIS_PASSWORD"]);
    expect(containerEnvironment({ ...web, env: { MODE: "batch" } }, { database, cache }).secrets).toEqual({});
    const files = { bucketName: "acme-files", id: "arn:aws:s3:::acme-files" };
    expect(containerEnvironment(web, { database, cache, files }).plain["FILES_BUCKET"]).toBe("acme-files");
  });

  it("GCP refuses a fixed count of 0 (Cloud Run reads a maximum of 0 as unset)", () => {
    const zero = { ...worker, replicas: 0 };
    expect(problemLines(() => mediumContainers({ ...base("gcp"), workloads: [zero] })).join("\n")).toContain("workloads[0].replicas: expected at least 1 on Cloud Run: Cloud Run reads a maximum of 0 instances as unset");
    expect(() => mediumContainers({ ...base("aws"), cdn: null, workloads: [zero] })).not.toThrow();
  });

  it("files.bucket needs the files bucket in the topology", () => {
    const lines = problemLines(() => mediumContainers({ ...base("aws"), files: null }));
    expect(lines[0]).toMatch(/^workloads\[0\]\.env\.FILES_BUCKET\.from: needs the files bucket \(files\) in the topology \(the medium preset's value/);
  });
});

describe("serverless containers: topology files", () => {
  it("tier: medium-containers takes the variant's preset, tagged medium", () => {
    const yaml = ["environments:", "  - tier: medium-containers", "    name: social", "    environment: prod", "    cloud: aws", "    region: us-west-2", "    domain: social.example.com", "    monitoring: { notify: { emails: [ops@example.com] } }", ""].join("\n");
    const [t] = parseTopologyFile(yaml, "tierform.yaml").map((e) => e.topology);
    expect(t!.tier).toBe("medium");
    expect(t!.compute.kind).toBe("containers");
    expect(t!.workloads.map((w) => w.name)).toEqual(mediumContainersPreset.workloads.map((w) => w.name));
  });
});
