import { describe, expect, it } from "vitest";
import { demoContainersTopology } from "../examples/default-app";
import { ContainerServices } from "../src/components/containers";
import type { AppConnections } from "../src/core/contracts";
import { Testing, TerraformStack } from "../src/core/tf";
import type { WorkloadProps } from "../src/model/workload";
import { diagram } from "../src/testing";
import { mediumContainers } from "../tiers";
import { only, resources, synthEnvironment, type TfJson } from "./helpers";

// ECS on Fargate (compute.kind "containers" on AWS): the facts a user relies on, on the default app's
// svc-aws-prod-infra stack (a web service behind the ALB scaled on CPU and requests, a Celery worker scaled on its
// queue) and on variants of it.

type Body = Record<string, any>;
const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;
const nameOf = (json: TfJson, type: string, pick: (b: Body) => boolean): string => {
  const found = resources(json, type).filter(([, b]) => pick(b));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]![0];
};
const byName = (json: TfJson, type: string, name: string): [string, Body] => {
  const found = resources(json, type).find(([, b]) => b["name"] === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
};
const taskDefinition = (json: TfJson, family: string): Body => resources(json, "aws_ecs_task_definition").find(([, b]) => b["family"] === family)![1];
const container = (json: TfJson, family: string): Body => JSON.parse(taskDefinition(json, family)["container_definitions"])[0];
const policyOf = (json: TfJson, roleName: string): Body | undefined => {
  const role = nameOf(json, "aws_iam_role", (b) => b["name"] === roleName);
  const found = resources(json, "aws_iam_role_policy").find(([, b]) => b["role"] === ref("aws_iam_role", role, "id"));
  return found && JSON.parse(found[1]["policy"]);
};
const statements = (json: TfJson, roleName: string): Body[] => policyOf(json, roleName)?.["Statement"] ?? [];

/** Fargate's Linux task sizes (CPU units: MiB), from the ECS developer guide's task size table. */
function validFargateSize(cpu: number, memory: number): boolean {
  const gib = memory / 1024;
  switch (cpu) {
    case 256: return [0.5, 1, 2].includes(gib);
    case 512: return [1, 2, 3, 4].includes(gib);
    case 1024: return Number.isInteger(gib) && gib >= 2 && gib <= 8;
    case 2048: return Number.isInteger(gib) && gib >= 4 && gib <= 16;
    case 4096: return Number.isInteger(gib) && gib >= 8 && gib <= 30;
    case 8192: return gib >= 16 && gib <= 60 && gib % 4 === 0;
    case 16384: return gib >= 32 && gib <= 120 && gib % 8 === 0;
    default: return false;
  }
}

const demo = synthEnvironment(demoContainersTopology("aws"), "medium-containers-aws");
const json = demo.infra;
const PREFIX = "svc-aws-prod";

describe("ECS on Fargate: the default app's svc-aws-prod-infra", () => {
  it("one cluster with Container Insights, its performance logs kept for logRetentionDays", () => {
    const cluster = only(json, "aws_ecs_cluster");
    expect(cluster["setting"]).toEqual([{ name: "containerInsights", value: "enabled" }]);
    const groups = resources(json, "aws_cloudwatch_log_group").map(([, b]) => b);
    const insights = groups.find((g) => g["name"] === `/aws/ecs/containerinsights/${cluster["name"]}/performance`);
    expect(insights?.["retention_in_days"]).toBe(demo.env.regions[0]!.ctx.logRetentionDays);
  });

  it("each service logs to its own log group, retained for logRetentionDays, through awslogs", () => {
    const days = demo.env.regions[0]!.ctx.logRetentionDays;
    for (const w of ["web", "worker"]) {
      const [name, group] = byName(json, "aws_cloudwatch_log_group", `/tierform/${PREFIX}/ecs/${w}`);
      expect(group["retention_in_days"]).toBe(days);
      const log = container(json, `${PREFIX}-${w}`)["logConfiguration"];
      expect(log).toEqual({ logDriver: "awslogs", options: { "awslogs-group": ref("aws_cloudwatch_log_group", name, "name"), "awslogs-region": "us-west-2", "awslogs-stream-prefix": w } });
    }
  });

  it("task definitions: Fargate, awsvpc, Linux x86, a valid CPU/memory pair from the workload's size", () => {
    for (const [, task] of resources(json, "aws_ecs_task_definition")) {
      expect(task["requires_compatibilities"]).toEqual(["FARGATE"]);
      expect(task["network_mode"]).toBe("awsvpc");
      expect(task["runtime_platform"]).toEqual({ operating_system_family: "LINUX", cpu_architecture: "X86_64" });
      expect(validFargateSize(Number(task["cpu"]), Number(task["memory"])), `${task["family"]}: ${task["cpu"]}/${task["memory"]}`).toBe(true);
    }
    // The preset's 1 vCPU / 2 GiB.
    expect([taskDefinition(json, `${PREFIX}-web`)["cpu"], taskDefinition(json, `${PREFIX}-web`)["memory"]]).toEqual(["1024", "2048"]);
  });

  it("containers: essential, not privileged, no capabilities, read-only root with a writable /tmp, the image and port", () => {
    const web = container(json, `${PREFIX}-web`);
    expect(web).toMatchObject({ name: "web", image: "nginxinc/nginx-unprivileged:1.27-alpine", essential: true, privileged: false, readonlyRootFilesystem: true });
    expect(web["portMappings"]).toEqual([{ containerPort: 8080, protocol: "tcp" }]);
    expect(web["linuxParameters"]["capabilities"]).toEqual({ drop: ["ALL"] });
    expect(web["mountPoints"]).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
    expect(taskDefinition(json, `${PREFIX}-web`)["volume"]).toEqual([{ name: "tmp" }]);
    expect(container(json, `${PREFIX}-worker`)["portMappings"]).toBeUndefined();
  });

  it("environment: sorted, DATABASE_HOST is the proxy, DATABASE_DIRECT_HOST the instance, the password only as an injected secret (RDS's JSON key)", () => {
    const web = container(json, `${PREFIX}-web`);
    const env = web["environment"] as { name: string; value: string }[];
    expect(env.map((e) => e.name)).toEqual([...env.map((e) => e.name)].sort());
    const db = resources(json, "aws_db_instance")[0]![0];
    expect(env).toContainEqual({ name: "DATABASE_HOST", value: ref("aws_db_proxy", resources(json, "aws_db_proxy")[0]![0], "endpoint") });
    const direct = container(synthEnvironment({ ...demoContainersTopology("aws"), workloads: [{ ...demoContainersTopology("aws").workloads[0]!, env: { DIRECT: { from: "database.directHost" } } }] }, "direct").infra, `${PREFIX}-web`);
    expect(direct["environment"]).toContainEqual({ name: "DIRECT", value: ref("aws_db_instance", db, "address") });
    expect(env).toContainEqual({ name: "PORT", value: "8080" });
    expect(env.map((e) => e.name)).not.toContain("DATABASE_PASSWORD");
    expect(web["secrets"]).toEqual([{ name: "DATABASE_PASSWORD", valueFrom: `\${aws_db_instance.${db}.master_user_secret[0].secret_arn}:password::` }]);
    expect(JSON.stringify(json)).not.toMatch(/"password"\s*:/);
  });

  it("services: Fargate in the private subnets, no public IP, the services' security group (+ the web's own), circuit breaker with rollback, 100/200 %", () => {
    const sg = ref("aws_security_group", nameOf(json, "aws_security_group", (b) => b["name"] === `${PREFIX}-services`), "id");
    const webIngress = ref("aws_security_group", nameOf(json, "aws_security_group", (b) => b["name"] === `${PREFIX}-web-ingress`), "id");
    const privateSubnets = resources(json, "aws_subnet").filter(([n]) => n.includes("private")).map(([n]) => ref("aws_subnet", n, "id"));
    for (const [, service] of resources(json, "aws_ecs_service")) {
      expect(service["launch_type"]).toBe("FARGATE");
      // The worker listens on nothing: no ingress group of its own.
      const groups = service["name"] === "web" ? [sg, webIngress] : [sg];
      expect(service["network_configuration"]).toEqual({ subnets: privateSubnets, security_groups: groups, assign_public_ip: false });
      expect(service["deployment_circuit_breaker"]).toEqual({ enable: true, rollback: true });
      expect([service["deployment_minimum_healthy_percent"], service["deployment_maximum_percent"]]).toEqual([100, 200]);
      expect(service["enable_execute_command"]).toBe(false);
      expect(service["propagate_tags"]).toBe("SERVICE");
      // The autoscaler owns the count once created.
      expect(service["lifecycle"]).toEqual({ ignore_changes: ["desired_count"] });
    }
    expect(byName(json, "aws_ecs_service", "web")[1]["desired_count"]).toBe(3);
    expect(byName(json, "aws_ecs_service", "worker")[1]["desired_count"]).toBe(1);
  });

  it("only the load balancer reaches the exposed service, on its port; nothing reaches the worker; the data stores admit the services", () => {
    const sg = nameOf(json, "aws_security_group", (b) => b["name"] === `${PREFIX}-services`);
    const webIngress = nameOf(json, "aws_security_group", (b) => b["name"] === `${PREFIX}-web-ingress`);
    const alb = nameOf(json, "aws_security_group", (b) => b["name"] === `${PREFIX}-alb`);
    const rulesInto = (group: string) => resources(json, "aws_vpc_security_group_ingress_rule").map(([, b]) => b).filter((b) => b["security_group_id"] === ref("aws_security_group", group, "id"));
    // The group every service is in admits nothing; the web's own admits the load balancer on 8080 only.
    expect(rulesInto(sg)).toEqual([]);
    expect(rulesInto(webIngress)).toEqual([expect.objectContaining({ referenced_security_group_id: ref("aws_security_group", alb, "id"), from_port: 8080, to_port: 8080, ip_protocol: "tcp" })]);
    expect(resources(json, "aws_security_group").map(([, b]) => b["name"]).filter((n) => String(n).includes("worker"))).toEqual([]);
    // The database (directly, for migrations), its proxy and the cache admit the services.
    const admitted = resources(json, "aws_vpc_security_group_ingress_rule").filter(([n]) => (n.startsWith("database_") || n.startsWith("cache_")) && !n.includes("from-proxy")).map(([, b]) => b["referenced_security_group_id"]);
    expect(admitted).toEqual([ref("aws_security_group", sg, "id"), ref("aws_security_group", sg, "id"), ref("aws_security_group", sg, "id")]);
    expect(demo.env.regions[0]!.compute.outputs.clientGroup).toBeDefined();
  });

  it("the exposed service sits behind the HTTPS load balancer: ip target group on its port with its health path; HTTP only redirects", () => {
    const tg = only(json, "aws_lb_target_group");
    expect(tg).toMatchObject({ target_type: "ip", port: 8080, protocol: "HTTP" });
    expect(tg["health_check"]).toMatchObject({ path: "/", enabled: true });
    const tgName = resources(json, "aws_lb_target_group")[0]![0];
    const [, web] = byName(json, "aws_ecs_service", "web");
    expect(web["load_balancer"]).toEqual([{ target_group_arn: ref("aws_lb_target_group", tgName, "arn"), container_name: "web", container_port: 8080 }]);
    // Readiness' initial delay (5) + the load balancer's interval (15) × healthy threshold (2).
    expect(web["health_check_grace_period_seconds"]).toBe(35);
    // Tasks start only once both roles have their grants (the task role's files and cache access included).
    const taskAccess = resources(json, "aws_iam_role_policy").find(([n]) => n.startsWith("services_web-task-access"))![0];
    expect(web["depends_on"]).toEqual(expect.arrayContaining([`aws_iam_role_policy.${taskAccess}`]));
    expect(byName(json, "aws_ecs_service", "worker")[1]["load_balancer"]).toBeUndefined();
    const listeners = resources(json, "aws_lb_listener").map(([, b]) => b);
    const https = listeners.find((l) => l["port"] === 443)!;
    expect(https).toMatchObject({ protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect(https["certificate_arn"]).toMatch(/aws_acm_certificate/);
    expect(listeners.find((l) => l["port"] === 80)!["default_action"]).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
    expect(only(json, "aws_lb")).toMatchObject({ internal: false, drop_invalid_header_fields: true });
    // The CDN sends the app's paths to the load balancer's hostname, as for VM fleets.
    expect(demo.env.regions[0]!.compute.outputs.loadBalancer?.host).toBe("origin.social.example.com");
  });

  it("autoscaling: bounds per service; CPU 70 %, 80 concurrent requests as 4,800 ALB requests per target a minute; cooldowns 300/60", () => {
    const targets = resources(json, "aws_appautoscaling_target").map(([, b]) => b);
    // Each target names its own service (resource id service/<cluster>/<service name>): bounds per service.
    const serviceOf = (t: Body) => /aws_ecs_service\.([^.]+)\.name/.exec(t["resource_id"])![1]!;
    const [webService] = byName(json, "aws_ecs_service", "web");
    const [workerService] = byName(json, "aws_ecs_service", "worker");
    expect(Object.fromEntries(targets.map((t) => [serviceOf(t), [t["min_capacity"], t["max_capacity"]]]))).toEqual({ [webService]: [3, 10], [workerService]: [1, 5] });
    for (const t of targets) expect(t).toMatchObject({ service_namespace: "ecs", scalable_dimension: "ecs:service:DesiredCount" });
    const policies: Record<string, Body> = Object.fromEntries(resources(json, "aws_appautoscaling_policy").map(([, b]) => [b["name"], b["target_tracking_scaling_policy_configuration"]]));
    expect(Object.keys(policies).sort()).toEqual([`${PREFIX}-web-cpu`, `${PREFIX}-web-requests`, `${PREFIX}-worker-queue`]);
    for (const p of Object.values(policies)) expect([p["scale_in_cooldown"], p["scale_out_cooldown"]]).toEqual([300, 60]);
    expect(policies[`${PREFIX}-web-cpu`]).toMatchObject({ target_value: 70, predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" } });
    const lb = resources(json, "aws_lb")[0]![0];
    const tg = resources(json, "aws_lb_target_group")[0]![0];
    expect(policies[`${PREFIX}-web-requests`]).toMatchObject({
      target_value: 4800,
      predefined_metric_specification: { predefined_metric_type: "ALBRequestCountPerTarget", resource_label: `${ref("aws_lb", lb, "arn_suffix")}/${ref("aws_lb_target_group", tg, "arn_suffix")}` },
    });
  });

  it("the worker tracks its backlog per task (QueueLength ÷ running tasks) at perInstance", () => {
    const queue = resources(json, "aws_appautoscaling_policy").find(([, b]) => b["name"] === `${PREFIX}-worker-queue`)![1]["target_tracking_scaling_policy_configuration"];
    expect(queue["target_value"]).toBe(100);
    const metrics = queue["customized_metric_specification"]["metrics"] as Body[];
    expect(metrics.find((m) => m["id"] === "queue")!["metric_stat"]["metric"]).toEqual({ namespace: `tierform/${PREFIX}`, metric_name: "QueueLength", dimensions: [{ name: "List", value: "celery" }] });
    const cluster = resources(json, "aws_ecs_cluster")[0]![0];
    const [workerService] = byName(json, "aws_ecs_service", "worker");
    expect(metrics.find((m) => m["id"] === "tasks")!["metric_stat"]["metric"]).toEqual({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      dimensions: expect.arrayContaining([{ name: "ClusterName", value: ref("aws_ecs_cluster", cluster, "name") }, { name: "ServiceName", value: ref("aws_ecs_service", workerService, "name") }]),
    });
    expect(metrics.filter((m) => m["return_data"] === true)).toEqual([expect.objectContaining({ id: "backlog", expression: "queue / tasks" })]);
  });

  it("identity per service: an execution role and a task role each, assumed by ECS tasks only", () => {
    const roles = resources(json, "aws_iam_role").map(([, b]) => b["name"]).filter((n: string) => n.includes("-web-") || n.includes("-worker-"));
    expect(roles.sort()).toEqual([`${PREFIX}-web-execution`, `${PREFIX}-web-task`, `${PREFIX}-worker-execution`, `${PREFIX}-worker-task`]);
    for (const w of ["web", "worker"]) {
      const task = taskDefinition(json, `${PREFIX}-${w}`);
      const exec = nameOf(json, "aws_iam_role", (b) => b["name"] === `${PREFIX}-${w}-execution`);
      const app = nameOf(json, "aws_iam_role", (b) => b["name"] === `${PREFIX}-${w}-task`);
      expect([task["execution_role_arn"], task["task_role_arn"]]).toEqual([ref("aws_iam_role", exec, "arn"), ref("aws_iam_role", app, "arn")]);
      expect(JSON.parse(byName(json, "aws_iam_role", `${PREFIX}-${w}-task`)[1]["assume_role_policy"])["Statement"]).toEqual([{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: ["sts:AssumeRole"] }]);
    }
    expect(resources(json, "aws_iam_role_policy_attachment").filter(([n]) => n.startsWith("services_"))).toEqual([]);
  });

  it("execution roles: their own log group and exactly the secrets they inject; task roles: files, cache IAM login, and the queue metric for the worker only", () => {
    const db = resources(json, "aws_db_instance")[0]![0];
    const webExec = statements(json, `${PREFIX}-web-execution`);
    expect(webExec.find((s) => s["Sid"] === "InjectedSecrets")).toEqual({ Sid: "InjectedSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [`\${aws_db_instance.${db}.master_user_secret[0].secret_arn}`] });
    expect(webExec.find((s) => s["Sid"] === "Logs")!["Resource"]).toMatch(/aws_cloudwatch_log_group\.services_web-logs_\w+\.arn\}:\*$/);
    // A public image: no ECR permissions at all.
    expect(webExec.flatMap((s) => [s["Action"]].flat()).filter((a: string) => a.startsWith("ecr:"))).toEqual([]);
    const workerTask = statements(json, `${PREFIX}-worker-task`);
    expect(workerTask.find((s) => s["Sid"] === "QueueMetric")).toEqual({ Sid: "QueueMetric", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": `tierform/${PREFIX}` } } });
    const webTask = statements(json, `${PREFIX}-web-task`);
    expect(webTask.map((s) => s["Sid"])).toEqual(["FilesList", "FilesObjects", "CacheIamAuth"]);
    // Only the web service reads files.bucket: the worker's task role has no bucket access.
    expect(workerTask.map((s) => s["Sid"])).not.toContain("FilesObjects");
    expect(JSON.stringify(policyOf(json, `${PREFIX}-web-task`))).not.toContain("secretsmanager");
  });

  it("the diagram draws each service with its task size and count; the load balancer reaches the exposed one only", () => {
    const text = diagram({ [demo.env.infra.node.id]: json })[PREFIX]!;
    expect(text).toContain('["ECS service web<br/>1 vCPU / 2 GiB · 3–10 Fargate tasks"]');
    expect(text).toContain('["ECS service worker<br/>1 vCPU / 2 GiB · 1–5 Fargate tasks"]');
    expect(text).toMatch(/services_alb --> \S*web_service/);
    expect(text).not.toMatch(/services_alb --> \S*worker_service/);
    expect(text).toMatch(/worker_service --> \S*database_pg/);
  });

  it("database.pooling puts RDS Proxy between the services and PostgreSQL: TLS, the admin login it holds, the services' group only", () => {
    expect(demo.env.warnings.map((w) => w.id)).not.toContain("tierform:database:pooling-not-rendered");
    const [proxyName, proxy] = resources(json, "aws_db_proxy")[0]!;
    expect(proxy).toMatchObject({ engine_family: "POSTGRESQL", require_tls: true });
    const instance = resources(json, "aws_db_instance")[0]![0];
    // The admin secret RDS manages, with client passwords (no IAM: no setup Job creates roles on containers).
    expect(proxy["auth"]).toEqual([expect.objectContaining({ auth_scheme: "SECRETS", iam_auth: "DISABLED", secret_arn: `\${aws_db_instance.${instance}.master_user_secret[0].secret_arn}` })]);
    expect(resources(json, "aws_secretsmanager_secret").map(([n]) => n)).not.toContain("database_pg-proxy-login");
    // The services connect to the proxy; migrations keep the instance itself.
    expect(container(json, `${PREFIX}-web`)["environment"]).toContainEqual({ name: "DATABASE_HOST", value: ref("aws_db_proxy", proxyName, "endpoint") });
    const sg = nameOf(json, "aws_security_group", (b) => b["name"] === `${PREFIX}-services`);
    const proxyIngress = resources(json, "aws_vpc_security_group_ingress_rule").filter(([, b]) => String(b["security_group_id"]).includes("pg-proxy-sg"));
    expect(proxyIngress.map(([, b]) => b["referenced_security_group_id"])).toEqual([ref("aws_security_group", sg, "id")]);
  });

  it("an alarm per service fires when it runs fewer tasks than its minimum (Container Insights), to the alert topic", () => {
    const alarms = Object.fromEntries(resources(json, "aws_cloudwatch_metric_alarm").map(([, b]) => [b["alarm_name"], b]));
    const cluster = resources(json, "aws_ecs_cluster")[0]![0];
    expect(alarms[`${PREFIX}-web-running`]).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      dimensions: { ClusterName: ref("aws_ecs_cluster", cluster, "name"), ServiceName: "web" },
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 3,
      treat_missing_data: "breaching",
      alarm_actions: [expect.stringMatching(/aws_sns_topic\..*\.arn/)],
    });
    expect(alarms[`${PREFIX}-worker-running`]).toMatchObject({ threshold: 1 });
    expect(alarms[`${PREFIX}-web-running`]["alarm_description"]).toContain("fewer instances running than the service's minimum");
  });

  it("the load balancer alarms (5xx share, latency) watch the services' ALB", () => {
    const lb = resources(json, "aws_lb")[0]![0];
    const alarms = Object.fromEntries(resources(json, "aws_cloudwatch_metric_alarm").map(([, b]) => [b["alarm_name"], b]));
    expect(alarms[`${PREFIX}-lb-latency`]?.["dimensions"]).toEqual({ LoadBalancer: ref("aws_lb", lb, "arn_suffix") });
    expect(JSON.stringify(alarms[`${PREFIX}-lb-5xx`]?.["metric_query"])).toContain(ref("aws_lb", lb, "arn_suffix"));
  });
});

/** The preset's services plus the given ones (the preset's list is replaced by the override). */
function withWorkloads(extra: WorkloadProps[], overrides: Record<string, unknown> = {}) {
  const base = demoContainersTopology("aws");
  return mediumContainers({ cloud: "aws", region: "us-west-2", environment: "prod", name: "svc-aws", domain: "social.example.com", monitoring: { notify: { emails: ["ops@example.com"] } }, workloads: [...(base.workloads as WorkloadProps[]), ...extra], ...overrides } as never);
}

describe("ECS on Fargate: variants", () => {
  const SIZE = { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "500m", memory: "1Gi" } } as const;

  it("a service that reads no database detail gets no database secret; a fixed-count one no scaling; a writable root when asked", () => {
    const { infra } = synthEnvironment(withWorkloads([{ name: "cron", image: "ghcr.io/acme/cron:1.0.0", resources: SIZE, replicas: 2, env: { MODE: "batch" }, readOnlyRootFilesystem: false }]));
    expect(container(infra, `${PREFIX}-cron`)["secrets"]).toBeUndefined();
    // The workload opted out of the read-only root: no scratch volume either.
    expect(container(infra, `${PREFIX}-cron`)).toMatchObject({ readonlyRootFilesystem: false, privileged: false });
    expect(container(infra, `${PREFIX}-cron`)["mountPoints"]).toBeUndefined();
    expect(taskDefinition(infra, `${PREFIX}-cron`)["volume"]).toBeUndefined();
    expect(JSON.stringify(policyOf(infra, `${PREFIX}-cron-execution`))).not.toContain("secretsmanager");
    expect(statements(infra, `${PREFIX}-cron-task`)).toEqual([]);
    const [, cron] = byName(infra, "aws_ecs_service", "cron");
    expect(cron["desired_count"]).toBe(2);
    expect(cron["lifecycle"]).toBeUndefined();
    expect(resources(infra, "aws_appautoscaling_target").filter(([, b]) => String(b["resource_id"]).includes("cron"))).toEqual([]);
    // 0.5 vCPU / 1 GiB.
    expect([taskDefinition(infra, `${PREFIX}-cron`)["cpu"], taskDefinition(infra, `${PREFIX}-cron`)["memory"]]).toEqual(["512", "1024"]);
  });

  it("memory target tracking; an ECR image gets pull rights on its repository only", () => {
    const image = "123456789012.dkr.ecr.us-west-2.amazonaws.com/acme/api:1.2.3";
    const { infra } = synthEnvironment(withWorkloads([{ name: "api", image, port: 9000, resources: SIZE, autoscaling: { min: 2, max: 4, memoryPercent: 75 } }]));
    const memory = resources(infra, "aws_appautoscaling_policy").find(([, b]) => b["name"] === `${PREFIX}-api-memory`)![1]["target_tracking_scaling_policy_configuration"];
    expect(memory).toMatchObject({ target_value: 75, predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageMemoryUtilization" } });
    const exec = statements(infra, `${PREFIX}-api-execution`);
    expect(exec.find((s) => s["Sid"] === "EcrPull")!["Resource"]).toBe("arn:aws:ecr:us-west-2:123456789012:repository/acme/api");
  });

  it("a service with a port that is not exposed: a Cloud Map name, and the other services may reach its port", () => {
    const { infra } = synthEnvironment(withWorkloads([{ name: "api", image: "ghcr.io/acme/api:1.0.0", port: 9000, resources: SIZE, replicas: 2 }]));
    const ns = only(infra, "aws_service_discovery_private_dns_namespace");
    expect(ns["name"]).toBe(`${PREFIX}.internal`);
    const [sdName, sd] = resources(infra, "aws_service_discovery_service")[0]!;
    expect(sd["name"]).toBe("api");
    expect(sd["dns_config"]).toMatchObject({ routing_policy: "MULTIVALUE", dns_records: [{ type: "A", ttl: 10 }] });
    expect(byName(infra, "aws_ecs_service", "api")[1]["service_registries"]).toEqual({ registry_arn: ref("aws_service_discovery_service", sdName, "arn") });
    // Its own ingress group admits the services' group (every service is in it) on its port, and nothing else.
    const services = ref("aws_security_group", nameOf(infra, "aws_security_group", (b) => b["name"] === `${PREFIX}-services`), "id");
    const own = ref("aws_security_group", nameOf(infra, "aws_security_group", (b) => b["name"] === `${PREFIX}-api-ingress`), "id");
    const into = resources(infra, "aws_vpc_security_group_ingress_rule").map(([, b]) => b).filter((b) => b["security_group_id"] === own);
    expect(into.map((b) => [b["referenced_security_group_id"], b["from_port"], b["to_port"]])).toEqual([[services, 9000, 9000]]);
    expect(byName(infra, "aws_ecs_service", "api")[1]["network_configuration"]).toMatchObject({ security_groups: [services, own] });
  });

  it("customer-managed keys: the log groups and Fargate's ephemeral storage use a key whose policy admits CloudWatch Logs and Fargate", () => {
    const { infra } = synthEnvironment(withWorkloads([], { compliance: { customerManagedKeys: true } }));
    const [keyName, key] = resources(infra, "aws_kms_key").find(([n]) => n.startsWith("services_"))!;
    const groups = resources(infra, "aws_cloudwatch_log_group").filter(([n]) => n.startsWith("services_")).map(([, b]) => b);
    expect(groups.length).toBe(3);
    for (const g of groups) expect(g["kms_key_id"]).toBe(ref("aws_kms_key", keyName, "arn"));
    expect(only(infra, "aws_ecs_cluster")["configuration"]).toEqual({ managed_storage_configuration: { fargate_ephemeral_storage_kms_key_id: ref("aws_kms_key", keyName, "arn") } });
    // The policy holds Terraform expressions (the account from a role's ARN), so it is read as text.
    const text = String(key["policy"]);
    expect(text).toContain('"Principal":{"Service":"logs.us-west-2.amazonaws.com"}');
    expect(text).toContain(`log-group:/tierform/${PREFIX}/ecs/*`);
    expect(text).toContain('"Principal":{"Service":"fargate.amazonaws.com"},"Action":"kms:GenerateDataKeyWithoutPlaintext"');
  });

  it("DATABASE_HOST is the pooler's endpoint when the database has one", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const net = { cloud: "aws", id: "vpc-1", cidr: "10.0.0.0/16", zones: ["us-west-2a", "us-west-2b"], privateSubnetIds: ["subnet-a", "subnet-b"], publicSubnetIds: ["subnet-c", "subnet-d"] } as const;
    const services = new ContainerServices(stack, "services", {
      cloud: "aws",
      name: "acme-prod",
      region: "us-west-2",
      network: net,
      domain: "app.example.com",
      workloads: [{ name: "web", image: "ghcr.io/acme/web:1.0.0", port: 8080, expose: true, resources: { limits: { cpu: "1", memory: "2Gi" } }, env: { DATABASE_HOST: { from: "database.host" } } }],
    } as never);
    const connections: AppConnections = {
      database: {
        endpoint: "db.internal",
        port: 5432,
        readerEndpoints: [],
        database: "app",
        username: "admin",
        credentials: { store: "aws-secrets-manager", id: "arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf" },
        authResources: [],
        appRole: "app",
        pooler: { endpoint: "pooler.internal", port: 6432 },
      },
    };
    services.connect(connections);
    const synthed = JSON.parse(Testing.synth(stack)) as TfJson;
    const web = container(synthed, "acme-prod-web");
    expect(web["environment"]).toContainEqual({ name: "DATABASE_HOST", value: "pooler.internal" });
    expect(web["secrets"]).toEqual([{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf:password::" }]);
  });
});
