import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { Lb } from "@cdktf/provider-aws/lib/lb";
import type { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import type { AppConnections, ContainersInput, RenderContext, RenderedContainers } from "../../src/core/contracts";
import { Fn } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { containerEnvironment, type ContainerServicePlan } from "../../src/plan/containers";
import { physicalName } from "../../src/plan/naming";
import { allowAllEgress, allowFromGroups, named, policy, securityGroup, serviceRole } from "./common";
import { scalingResources, serviceScaling } from "./container-scaling";
import { DATABASE_SECRET_KEY, containerDefinition, executionStatements, taskSize, taskStatements, taskVolumes } from "./container-task";
import { appLoadBalancer, type AppLoadBalancer } from "./load-balancer";

/** Seconds a Cloud Map A record is cached: short, so a replaced task drops out quickly. */
const DISCOVERY_TTL_SECONDS = 10;

/** A service's identity and logs, created with the platform (the data stores' firewalls and alarms need none of them). */
interface ServiceBase {
  readonly plan: ContainerServicePlan;
  readonly logGroup: CloudwatchLogGroup;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
}

/**
 * ECS on Fargate. The constructor-time half: the cluster (Container Insights on, its performance log group ours so
 * it is retained), one security group every service is in (egress; what the data stores admit; no ingress), per
 * service that listens an ingress group of its own (the exposed one: its port from the load balancer; the others:
 * their port from the services' group; a worker without a port has none), per service a log group, an
 * execution role (ECS: image pull, logs, injected secrets) and a task role (the app: least privilege), the exposed
 * service's HTTPS load balancer with an `ip` target group, and a Cloud Map namespace when a service that is not
 * exposed listens on a port. `connect` adds the task definitions, services and scaling once the data stores exist.
 */
export function renderContainers(scope: Construct, input: ContainersInput): RenderedContainers {
  const { ctx, network, services } = input;
  const clusterName = physicalName(ctx.prefix, "services");
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};

  const sg = securityGroup(scope, "services-sg", network.id, clusterName, "ECS services");
  raw["securityGroup"] = sg;
  raw["egress"] = allowAllEgress(scope, "services-egress", sg.id, "Images, data stores and AWS APIs through NAT");

  const roles = services.map((s) => ({
    executionRole: serviceRole(scope, `${s.workload.name}-execution-role`, physicalName(ctx.prefix, `${s.workload.name}-execution`), "ecs-tasks.amazonaws.com", []),
    taskRole: serviceRole(scope, `${s.workload.name}-task-role`, physicalName(ctx.prefix, `${s.workload.name}-task`), "ecs-tasks.amazonaws.com", []),
  }));
  const key = servicesKey(scope, ctx, clusterName, roles[0]?.executionRole);
  if (key) {
    raw["key"] = key;
    raw["keyAlias"] = new KmsAlias(scope, "services-key-alias", { name: `alias/${clusterName}`, targetKeyId: key.keyId });
  }
  const encrypted = key ? { kmsKeyId: key.arn } : {};
  const bases: ServiceBase[] = services.map((s, i) => {
    const name = s.workload.name;
    const logGroup = new CloudwatchLogGroup(scope, `${name}-logs`, { name: `/tierform/${ctx.prefix}/ecs/${name}`, retentionInDays: ctx.logRetentionDays, ...encrypted, tags: named(physicalName(ctx.prefix, name)) });
    return { plan: s, logGroup, ...roles[i]! };
  });
  // Its id ends in none of the suffixes the services' ids end in (`<workload>-logs` …): a workload may be called anything.
  const insightsLogs = new CloudwatchLogGroup(scope, "container-insights", {
    // Container Insights writes here; created by us so it is retained like every other log group (else: forever).
    name: `/aws/ecs/containerinsights/${clusterName}/performance`,
    retentionInDays: ctx.logRetentionDays,
    ...encrypted,
    tags: named(clusterName),
  });
  const logGroups = [insightsLogs, ...bases.map((b) => b.logGroup)];
  raw["logGroups"] = logGroups;
  raw["executionRoles"] = bases.map((b) => b.executionRole);
  raw["taskRoles"] = bases.map((b) => b.taskRole);

  const cluster = new EcsCluster(scope, "cluster", {
    name: clusterName,
    setting: [{ name: "containerInsights", value: "enabled" }],
    ...(key ? { configuration: { managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: key.arn } } } : {}),
    tags: named(clusterName),
    dependsOn: [insightsLogs],
  });
  raw["cluster"] = cluster;

  let alb: AppLoadBalancer | undefined;
  const exposed = services.find((s) => s.exposed);
  if (exposed && input.app) {
    if (!input.tls) throw new Error("tierform: an exposed service needs tls (a bug: the model requires domain)");
    alb = appLoadBalancer(scope, { ctx, network, app: input.app, lb: input.loadBalancer, tls: input.tls, targetType: "ip" });
    Object.assign(raw, alb.resources);
  }

  // Services that listen on a port but are not behind the load balancer: reached by the others at
  // <workload>.<namespace> through Cloud Map private DNS (A records of the tasks' addresses).
  const internal = services.filter((s) => !s.exposed && s.workload.port !== undefined);
  const namespace = internal.length > 0 ? new ServiceDiscoveryPrivateDnsNamespace(scope, "discovery", { name: `${ctx.prefix}.internal`, vpc: network.id, description: `${ctx.prefix}: services' private names`, tags: named(clusterName) }) : undefined;
  if (namespace) raw["discoveryNamespace"] = namespace;

  // Ingress per service, so each admits only what reaches it: ids end in `-ingress-sg` / `-ingress-from-…`, suffixes no
  // other construct here has (a workload may be called anything, `services` included).
  const ingress = new Map<string, SecurityGroup>();
  const ingressRules: VpcSecurityGroupIngressRule[] = [];
  for (const s of services) {
    const port = s.workload.port;
    if (port === undefined) continue;
    const name = s.workload.name;
    const from = s.exposed ? (alb ? { group: alb.securityGroup.id, what: "App port from the load balancer", id: "alb" } : undefined) : { group: sg.id, what: `Service port ${port} from the other services`, id: "services" };
    if (!from) continue;
    const own = securityGroup(scope, `${name}-ingress-sg`, network.id, physicalName(ctx.prefix, `${name}-ingress`, 255), `ECS service ${name}: who may connect`);
    ingress.set(name, own);
    ingressRules.push(...allowFromGroups(scope, `${name}-ingress-from-${from.id}`, own.id, port, [from.group], from.what));
  }
  raw["ingressGroups"] = [...ingress.values()];
  raw["ingress"] = ingressRules;

  return {
    outputs: { clientGroup: sg.id, ...(alb ? { loadBalancer: alb.outputs } : {}) },
    raw,
    connect(c: AppConnections): void {
      const rendered = bases.map((b) => {
        const own = ingress.get(b.plan.workload.name);
        return renderService(scope, { ctx, input, base: b, connections: c, cluster, securityGroups: [sg.id, ...(own ? [own.id] : [])], alb, namespace });
      });
      raw["taskDefinitions"] = rendered.map((r) => r.taskDefinition);
      raw["services"] = rendered.map((r) => r.service);
      raw["executionPolicies"] = rendered.map((r) => r.executionPolicy);
      raw["taskPolicies"] = rendered.flatMap((r) => (r.taskPolicy ? [r.taskPolicy] : []));
      raw["discoveryServices"] = rendered.flatMap((r) => (r.discovery ? [r.discovery] : []));
      raw["scaling"] = rendered.flatMap((r) => r.scaling);
    },
  };
}

/**
 * The key the services' logs and Fargate's ephemeral storage are encrypted with, when the topology asks for
 * customer-managed keys. A key of its own: its policy must let CloudWatch Logs (for this environment's log groups)
 * and Fargate (for this cluster) use it, which the stack's data key, with the default policy, does not.
 */
function servicesKey(scope: Construct, ctx: RenderContext, clusterName: string, role: IamRole | undefined): KmsKey | undefined {
  if (!ctx.compliance?.customerManagedKeys || !role) return undefined;
  // The account, from a role created here (offline plans cannot call STS).
  const account = Fn.element(Fn.split(":", role.arn), 4);
  const fargate = { "kms:EncryptionContext:aws:ecs:clusterAccount": account, "kms:EncryptionContext:aws:ecs:clusterName": clusterName };
  return new KmsKey(scope, "services-key", {
    description: `${clusterName}: ECS services' logs and Fargate ephemeral storage`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policy(
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "CloudWatchLogsEncrypts",
        Effect: "Allow",
        Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": [
              `arn:aws:logs:${ctx.region}:${account}:log-group:/tierform/${ctx.prefix}/ecs/*`,
              `arn:aws:logs:${ctx.region}:${account}:log-group:/aws/ecs/containerinsights/${clusterName}/*`,
            ],
          },
        },
      },
      { Sid: "FargateDataKeys", Effect: "Allow", Principal: { Service: "fargate.amazonaws.com" }, Action: "kms:GenerateDataKeyWithoutPlaintext", Resource: "*", Condition: { StringEquals: fargate } },
      {
        Sid: "FargateGrants",
        Effect: "Allow",
        Principal: { Service: "fargate.amazonaws.com" },
        Action: "kms:CreateGrant",
        Resource: "*",
        Condition: { StringEquals: fargate, "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt"] } },
      },
      { Sid: "FargateDescribes", Effect: "Allow", Principal: { Service: "fargate.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*" },
    ),
    tags: named(clusterName),
  });
}

interface RenderedService {
  readonly taskDefinition: EcsTaskDefinition;
  readonly service: EcsService;
  readonly executionPolicy: IamRolePolicy;
  readonly taskPolicy?: IamRolePolicy;
  readonly discovery?: ServiceDiscoveryService;
  readonly scaling: TerraformResource[];
}

/** One workload as an ECS service on Fargate: its access, task definition, service and scaling. */
function renderService(
  scope: Construct,
  o: {
    ctx: RenderContext;
    input: ContainersInput;
    base: ServiceBase;
    connections: AppConnections;
    cluster: EcsCluster;
    /** The services' group (egress, data stores), then the service's own ingress group when it listens. */
    securityGroups: readonly string[];
    alb: AppLoadBalancer | undefined;
    namespace: ServiceDiscoveryPrivateDnsNamespace | undefined;
  },
): RenderedService {
  const { ctx, input, base, connections: c, cluster } = o;
  const s = base.plan;
  const w = s.workload;
  const env = containerEnvironment(w, c, { databaseSecretKey: DATABASE_SECRET_KEY });

  const executionPolicy = new IamRolePolicy(scope, `${w.name}-execution-access`, { name: "start-task", role: base.executionRole.id, policy: policy(...executionStatements(s, base.logGroup.arn, env)) });
  const granted = taskStatements(ctx, s, c);
  const taskPolicy = granted.length > 0 ? new IamRolePolicy(scope, `${w.name}-task-access`, { name: "app-access", role: base.taskRole.id, policy: policy(...granted) }) : undefined;

  const size = taskSize(s);
  const taskDefinition = new EcsTaskDefinition(scope, `${w.name}-task`, {
    family: physicalName(ctx.prefix, w.name, 255),
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(size.cpu),
    memory: String(size.memory),
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
    executionRoleArn: base.executionRole.arn,
    taskRoleArn: base.taskRole.arn,
    containerDefinitions: JSON.stringify([containerDefinition({ service: s, env, logGroup: base.logGroup.name, region: ctx.region })]),
    ...(w.readOnlyRootFilesystem ? { volume: taskVolumes(s) } : {}),
    tags: named(physicalName(ctx.prefix, w.name)),
  });

  const discovery =
    o.namespace && !s.exposed && w.port !== undefined
      ? new ServiceDiscoveryService(scope, `${w.name}-discovery`, {
          name: w.name,
          dnsConfig: { namespaceId: o.namespace.id, routingPolicy: "MULTIVALUE", dnsRecords: [{ type: "A", ttl: DISCOVERY_TTL_SECONDS }] },
          // ECS reports task health to Cloud Map: only running, healthy tasks are answered.
          healthCheckCustomConfig: { failureThreshold: 1 },
          tags: named(physicalName(ctx.prefix, w.name)),
        })
      : undefined;

  const behindLb = s.exposed && o.alb && input.app;
  const lb = o.alb?.resources;
  const autoscaled = w.autoscaling !== undefined;
  const service = new EcsService(scope, `${w.name}-service`, {
    name: w.name,
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    launchType: "FARGATE",
    platformVersion: "LATEST",
    desiredCount: s.desired,
    networkConfiguration: { subnets: [...input.network.privateSubnetIds], securityGroups: [...o.securityGroups], assignPublicIp: false },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMinimumHealthyPercent: input.spec.minHealthyPercent,
    deploymentMaximumPercent: input.spec.maxPercent,
    ...(behindLb
      ? {
          loadBalancer: [{ targetGroupArn: o.alb!.targetGroup.arn, containerName: w.name, containerPort: w.port! }],
          // Time for a new task to start and pass the load balancer's checks before failures count against it.
          healthCheckGracePeriodSeconds: (w.readiness?.initialDelaySeconds ?? 0) + input.loadBalancer.healthCheckIntervalSeconds * input.loadBalancer.healthyThreshold,
        }
      : {}),
    ...(discovery ? { serviceRegistries: { registryArn: discovery.arn } } : {}),
    propagateTags: "SERVICE",
    enableEcsManagedTags: true,
    enableExecuteCommand: false,
    tags: named(physicalName(ctx.prefix, w.name)),
    // A target group must be attached to the load balancer before a service registers with it; tasks start only
    // once their execution role can pull, log and read the secrets, and their task role has its grants.
    dependsOn: [executionPolicy, ...(taskPolicy ? [taskPolicy] : []), ...(behindLb && lb ? [lb["httpsListener"] as LbListener] : [])],
    // The autoscaler owns the count after creation.
    ...(autoscaled ? { lifecycle: { ignoreChanges: ["desired_count"] } } : {}),
  });

  const scaling = autoscaled
    ? scalingResources(
        serviceScaling(scope, {
          ctx,
          spec: input.spec,
          service: s,
          cluster,
          ecs: service,
          ...(behindLb && o.alb ? { lb: { loadBalancer: lb!["loadBalancer"] as Lb, targetGroup: o.alb.targetGroup } } : {}),
        }),
      )
    : [];
  return { taskDefinition, service, executionPolicy, ...(taskPolicy ? { taskPolicy } : {}), ...(discovery ? { discovery } : {}), scaling };
}
