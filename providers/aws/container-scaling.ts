import type { Construct } from "constructs";
import { AppautoscalingPolicy, type AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import type { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import type { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import type { Lb } from "@cdktf/provider-aws/lib/lb";
import type { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import type { RenderContext } from "../../src/core/contracts";
import { TierformError } from "../../src/core/errors";
import type { ContainersComputeSpec } from "../../src/model/compute";
import type { ContainerServicePlan } from "../../src/plan/containers";
import { physicalName } from "../../src/plan/naming";
import type { TerraformResource } from "../../src/core/tf";
import { QUEUE_METRIC, queueNamespace } from "./container-task";

export interface ServiceScaling {
  readonly target: AppautoscalingTarget;
  readonly policies: AppautoscalingPolicy[];
}

/**
 * Application Auto Scaling for one service: its desired count between min and max, one target-tracking policy per
 * signal the plan carries (the service scales out when any asks for more, in only when all allow it), each with
 * the compute spec's cooldowns.
 *
 * The queue: ECS cannot read Redis, so the worker publishes the list's length as `QueueLength` (namespace
 * `tierform/<prefix>`, dimension `List`; every worker may publish the same figure: the policy averages them). The
 * policy tracks the backlog per task — QueueLength ÷ the service's running tasks (Container Insights'
 * RunningTaskCount) — at `perInstance`, with metric math in a customized metric (provider 5.100 accepts `metrics`).
 * Target tracking sets the count to about tasks × backlog-per-task ÷ perInstance, so the backlog per task settles at
 * perInstance or below at any max; step scaling would need one step (and alarm) per task count to say the same.
 */
export function serviceScaling(
  scope: Construct,
  o: { ctx: RenderContext; spec: ContainersComputeSpec; service: ContainerServicePlan; cluster: EcsCluster; ecs: EcsService; lb?: { loadBalancer: Lb; targetGroup: LbTargetGroup } },
): ServiceScaling {
  const { ctx, spec, service: s, cluster, ecs } = o;
  const name = s.workload.name;
  const target = new AppautoscalingTarget(scope, `${name}-scaling`, {
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: `service/${cluster.name}/${ecs.name}`,
    minCapacity: s.min,
    maxCapacity: s.max,
    tags: { Name: physicalName(ctx.prefix, name) },
  });
  const cooldowns = { scaleInCooldown: spec.scaleInCooldownSeconds, scaleOutCooldown: spec.scaleOutCooldownSeconds };
  const policy = (signal: string, config: Omit<AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration, "scaleInCooldown" | "scaleOutCooldown">) =>
    new AppautoscalingPolicy(scope, `${name}-${signal}`, {
      name: physicalName(ctx.prefix, `${name}-${signal}`),
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: { ...cooldowns, ...config },
    });
  const policies: AppautoscalingPolicy[] = [];
  const sc = s.scaling;
  if (sc.cpuPercent !== undefined) {
    policies.push(policy("cpu", { targetValue: sc.cpuPercent, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } }));
  }
  if (sc.memoryPercent !== undefined) {
    policies.push(policy("memory", { targetValue: sc.memoryPercent, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } }));
  }
  if (sc.concurrentRequests !== undefined && sc.requestsPerMinute === undefined) {
    throw new Error(`tierform: ECS request scaling needs the catalog's containers.requestRate (a bug): workload "${name}"`);
  }
  if (sc.requestsPerMinute !== undefined) {
    if (!o.lb) {
      throw new TierformError(`Invalid ContainerServices workload "${name}"`, [
        { path: "autoscaling.concurrentRequests", message: "needs expose: true on AWS (ECS scales on the load balancer's requests per target; a service not behind it has none)" },
      ]);
    }
    policies.push(
      policy("requests", {
        // The plan's rate: concurrentRequests in flight at the catalog's seconds per request.
        targetValue: sc.requestsPerMinute,
        predefinedMetricSpecification: {
          predefinedMetricType: "ALBRequestCountPerTarget",
          resourceLabel: `${o.lb.loadBalancer.arnSuffix}/${o.lb.targetGroup.arnSuffix}`,
        },
      }),
    );
  }
  if (sc.queue) {
    policies.push(
      policy("queue", {
        targetValue: sc.queue.perInstance,
        customizedMetricSpecification: {
          metrics: [
            {
              id: "queue",
              label: `${QUEUE_METRIC} of ${sc.queue.list}`,
              returnData: false,
              metricStat: { stat: "Average", metric: { namespace: queueNamespace(ctx), metricName: QUEUE_METRIC, dimensions: [{ name: "List", value: sc.queue.list }] } },
            },
            {
              id: "tasks",
              label: "Running tasks",
              returnData: false,
              metricStat: {
                stat: "Average",
                metric: {
                  namespace: "ECS/ContainerInsights",
                  metricName: "RunningTaskCount",
                  dimensions: [
                    { name: "ClusterName", value: cluster.name },
                    { name: "ServiceName", value: ecs.name },
                  ],
                },
              },
            },
            { id: "backlog", expression: "queue / tasks", label: "Backlog per task", returnData: true },
          ],
        },
      }),
    );
  }
  return { target, policies };
}

export const scalingResources = (s: ServiceScaling): TerraformResource[] => [s.target, ...s.policies];
