import { describe, expect, it } from "vitest";
import { demoContainersTopology, demoTopology } from "../examples/default-app";
import { CLOUDS } from "../src/core/cloud";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ContainerServices } from "../src/components/containers";
import { App, Testing, TerraformStack } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { snapshotOf, synthesize } from "../src/testing";
import { mediumContainers } from "../tiers";

// medium on serverless containers, one reviewed snapshot per cloud (the SocialTrend guide's web service and worker).
describe.each(CLOUDS)("%s containers", (cloud) => {
  it("synthesizes to its reviewed snapshot", async () => {
    const env = new Environment(Testing.app(), `medium-containers-${cloud}`, demoContainersTopology(cloud));
    const result = synthesize(env);
    await expect(snapshotOf(result, env.infra.node.id)).toMatchFileSnapshot(`snapshots/${cloud}/medium-containers.json`);
  });
});

// Fuzz finding: a workload name is also part of construct ids; one that equals another construct's id on that cloud
// (container-insights + "-logs" on AWS, run-logs and app-neg on GCP, apps-logs on Azure) or an Object.prototype
// member (constructor) made synthesis throw. Every name the model accepts must synthesize.
describe.each(CLOUDS)("%s containers: names", (cloud) => {
  it.each(["constructor", "container-insights", "run-logs", "app-neg", "apps-logs"])("a service named %s synthesizes", (name) => {
    const size = { limits: { cpu: "1", memory: "2Gi" } };
    const where = { aws: { region: "us-west-2" }, gcp: { region: "us-central1", project: "names-project-1" }, azure: { region: "eastus" } }[cloud];
    const topology = mediumContainers({
      cloud,
      ...where,
      name: "names",
      environment: "prod",
      domain: "app.example.com",
      monitoring: { notify: { emails: ["ops@example.com"] } },
      workloads: [
        { name, image: "nginx", port: 8080, expose: true, resources: size },
        { name: "other", image: "nginx", port: 9000, resources: size },
      ],
    } as never);
    expect(() => synthesize(new Environment(Testing.app(), `names-${cloud}`, topology))).not.toThrow();
  });

  // Two 40-character names (the model's longest) that start alike, under a long regional-style prefix: every
  // physical name stays within its cloud's rule and the two stay apart.
  it("the longest names fit each cloud's naming rules and stay distinct", () => {
    const long = (tail: string) => `celery-worker-for-the-nightly-reports-${tail}`;
    const where = { aws: { region: "us-west-2" }, gcp: { region: "us-central1", project: "names-project-1" }, azure: { region: "eastus" } }[cloud];
    const size = { limits: { cpu: "1", memory: "2Gi" } };
    const topology = mediumContainers({
      cloud, ...where, name: "namesnamesna", environment: "production", domain: "app.example.com", cdn: null,
      monitoring: { notify: { emails: ["ops@example.com"] } },
      workloads: [{ name: long("a1"), image: "nginx", resources: size }, { name: long("b2"), image: "nginx", resources: size }],
    } as never);
    const env = new Environment(Testing.app(), `long-${cloud}`, topology);
    const json = synthesize(env)[env.infra.node.id]! as Record<string, any>;
    const names = (type: string, key: string) => Object.values(json["resource"]?.[type] ?? {}).map((b: any) => b[key] as string);
    const rules: Record<string, [string, string, RegExp][]> = {
      gcp: [["google_service_account", "account_id", /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/], ["google_cloud_run_v2_worker_pool", "name", /^[a-z][a-z0-9-]{0,47}[a-z0-9]$/]],
      azure: [["azurerm_container_app", "name", /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/], ["azurerm_user_assigned_identity", "name", /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/]],
      aws: [["aws_iam_role", "name", /^[\w+=,.@-]{1,64}$/], ["aws_ecs_service", "name", /^[A-Za-z0-9_-]{1,255}$/], ["aws_cloudwatch_log_group", "name", /^.{1,512}$/]],
    };
    for (const [type, key, pattern] of rules[cloud]!) {
      const found = names(type, key);
      expect(found.length, type).toBeGreaterThan(0);
      for (const n of found) expect(n, `${type}.${key}`).toMatch(pattern);
      expect(new Set(found).size, `${type} names are distinct`).toBe(found.length);
    }
  });
});

// A Celery worker runs the web service's image with its own command: command replaces the entrypoint, args are its
// arguments, on every platform under its own name for them (and ${ stays literal).
describe("command and args", () => {
  const worker = { command: ["/usr/local/bin/entry", "${HOME}"], args: ["celery", "-A", "app", "worker"] };
  const topology = (cloud: (typeof CLOUDS)[number]) => {
    const t = demoContainersTopology(cloud);
    return { ...t, workloads: t.workloads.map((w) => (w.name === "worker" ? { ...w, ...worker } : w)) };
  };
  const infra = (cloud: (typeof CLOUDS)[number]) => {
    const env = new Environment(Testing.app(), `cmd-${cloud}`, topology(cloud));
    return synthesize(env)[env.infra.node.id]!;
  };
  const bodies = (json: Record<string, any>, type: string) => Object.values(json["resource"]?.[type] ?? {}) as Record<string, any>[];
  const escaped = ["/usr/local/bin/entry", "$${HOME}"];

  it("ECS: entryPoint and command in the worker's container definition", () => {
    const defs = bodies(infra("aws"), "aws_ecs_task_definition").map((d) => JSON.parse(d["container_definitions"])[0]);
    expect(defs.find((d) => d.name === "worker")).toMatchObject({ entryPoint: escaped, command: worker.args });
    expect(defs.find((d) => d.name === "web")).not.toHaveProperty("entryPoint");
  });

  it("Cloud Run: command and args of the worker pool's container", () => {
    const [pool] = bodies(infra("gcp"), "google_cloud_run_v2_worker_pool");
    expect(pool!["template"]["containers"][0]).toMatchObject({ command: escaped, args: worker.args });
  });

  it("Container Apps: command and args of the worker's container", () => {
    const app = bodies(infra("azure"), "azurerm_container_app").find((a) => String(a["name"]).endsWith("-worker"))!;
    expect(app["template"]["container"][0]).toMatchObject({ command: escaped, args: worker.args });
  });

  it("Kubernetes: command and args of the Deployment's container", () => {
    const t = demoTopology("large", "aws");
    const env = new Environment(Testing.app(), "cmd-k8s", { ...t, workloads: t.workloads.map((w) => (w.name === "worker" ? { ...w, ...worker } : w)) });
    const deployments = bodies(synthesize(env)[env.platform!.node.id]!, "kubernetes_deployment_v1");
    const container = deployments.map((d) => d["spec"]["template"]["spec"]["container"][0]).find((c) => c["name"] === "worker");
    expect(container).toMatchObject({ command: escaped, args: worker.args });
  });
});

describe("ContainerServices on its own", () => {
  it("refuses to synthesize without connect(): the services would be missing, silently", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "tierform-connect-")) });
    const network = { cloud: "aws", id: "vpc-1", cidr: "10.0.0.0/16", zones: ["us-west-2a", "us-west-2b"], privateSubnetIds: ["subnet-a", "subnet-b"], publicSubnetIds: ["subnet-c", "subnet-d"] } as const;
    new ContainerServices(new TerraformStack(app, "s"), "services", { cloud: "aws", name: "acme-prod", region: "us-west-2", network, workloads: [{ name: "worker", image: "ghcr.io/acme/worker:1.0.0", resources: { limits: { cpu: "1", memory: "2Gi" } } }] });
    expect(() => app.synth()).toThrow(/ContainerServices "services": call connect/);
  });
});
