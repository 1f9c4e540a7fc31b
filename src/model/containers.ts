import { catalogFor } from "../catalog";
import { INJECTED_VARIABLES, fitContainer, largestContainer, requestedSize } from "../plan/containers";
import type { WorkloadSpec } from "./workload";
import { finding, type Finding, type RuleContext } from "./rules";

const KUBERNETES = 'needs compute.kind "kubernetes"';

/**
 * Workloads as serverless services (`compute.kind: "containers"`), paths from the topology root (`workloads[i]…`;
 * `ContainerServices` takes the same list). What only Kubernetes has (node pools, GPUs, VPA, the metrics APIs, HPA
 * behaviour) is refused with the reason; every service needs a size the platform offers.
 */
export function containerWorkloadRules(rc: RuleContext, workloads: readonly WorkloadSpec[], stores: { readonly cache: boolean }): Finding[] {
  const platform = catalogFor(rc.cloud).containers;
  const found: Finding[] = [...workloadListRules(workloads)];
  if (workloads.length === 0) found.push(finding(["workloads"], `expected at least one workload: on containers the workloads are the app (${platform.product} services)`, workloads));
  if (workloads.length > platform.maxServices) found.push(finding(["workloads"], `expected at most ${platform.maxServices} services on ${platform.product}`, workloads.length));
  workloads.forEach((w, i) => {
    const at = (...path: PropertyKey[]) => ["workloads", i, ...path];
    const want = requestedSize(w);
    if (!want) {
      for (const r of ["cpu", "memory"] as const) {
        if (!w.resources.limits[r] && !w.resources.requests[r]) {
          found.push(finding(at("resources", "limits", r), `required on containers: each ${platform.product} instance is sized by it (resources.limits.${r}, or requests.${r})`));
        }
      }
    } else if (!fitContainer(platform, want)) {
      const big = largestContainer(platform);
      found.push(finding(at("resources"), `expected at most ${big.vcpu} vCPU and ${big.memoryGiB} GiB per instance on ${platform.product} (asked: ${want.vcpu} vCPU, ${want.memoryGiB} GiB)`, w.resources));
    }
    const a = w.autoscaling;
    if (a && a.max > platform.instances.max) found.push(finding(at("autoscaling", "max"), `expected at most ${platform.instances.max} instances per service on ${platform.product}`, a.max));
    if (!a && w.replicas > platform.instances.max) found.push(finding(at("replicas"), `expected at most ${platform.instances.max} instances per service on ${platform.product}`, w.replicas));
    if (!a && w.replicas === 0 && platform.instances.noneFixed) found.push(finding(at("replicas"), `expected at least 1 on ${platform.product}: ${platform.instances.noneFixed}`, 0));
    for (const [name, what] of Object.entries(INJECTED_VARIABLES)) {
      if (Object.hasOwn(w.env, name)) found.push(finding(at("env", name), `expected a name of your own: on containers tierform sets ${name} (${what}, injected from the secret store)`, w.env[name]));
    }
    for (const name of Object.keys(w.env)) {
      if (name === "PORT" || platform.reservedEnv.includes(name)) {
        found.push(finding(at("env", name), `expected a name of your own: ${name === "PORT" ? "tierform sets PORT from port" : `${platform.product} sets ${name} itself`}`, name));
      }
    }
    if (w.gpus > 0) found.push(finding(at("gpus"), `expected 0 on containers: GPU workloads ${KUBERNETES} (a gpu node pool)`, w.gpus));
    if (w.pool !== "general") found.push(finding(at("pool"), `expected "general" on containers: node pools are a Kubernetes setting (${platform.product} runs every service on its own capacity)`, w.pool));
    if (w.vpa) found.push(finding(at("vpa"), `${KUBERNETES} (a VerticalPodAutoscaler resizes pods); on containers resources set each instance's size`, w.vpa));
    if (a) {
      if (a.pods.length > 0) found.push(finding(at("autoscaling", "pods"), `${KUBERNETES} (the custom metrics API); on containers scale on cpuPercent, memoryPercent, concurrentRequests or queue`, a.pods));
      if (a.external.length > 0) found.push(finding(at("autoscaling", "external"), `${KUBERNETES} (the external metrics API); on containers scale on cpuPercent, memoryPercent, concurrentRequests or queue`, a.external));
      if (a.behavior) found.push(finding(at("autoscaling", "behavior"), `${KUBERNETES} (HPA behaviour); on containers set compute.scaleInCooldownSeconds and compute.scaleOutCooldownSeconds`, a.behavior));
      if (a.concurrentRequests !== undefined && w.port === undefined) found.push(finding(at("autoscaling", "concurrentRequests"), "needs port (requests reach the service on it)", a.concurrentRequests));
      else if (a.concurrentRequests !== undefined && !w.expose && platform.requestsNeedExposure) {
        found.push(finding(at("autoscaling", "concurrentRequests"), `needs expose: true on ${platform.product} (${platform.requestsNeedExposure})`, a.concurrentRequests));
      }
      if (a.queue && !stores.cache) found.push(finding(at("autoscaling", "queue"), "needs a cache in the topology (the queue is a Redis list)", a.queue));
    }
  });
  return found;
}

/** A list of workloads, on any compute: unique names, at most one exposed. Paths from the topology root. */
export function workloadListRules(workloads: readonly WorkloadSpec[]): Finding[] {
  const found: Finding[] = [];
  const seen = new Map<string, number>();
  workloads.forEach((w, i) => {
    const first = seen.get(w.name);
    if (first !== undefined) found.push(finding(["workloads", i, "name"], `expected a unique name (also used by workloads[${first}])`, w.name));
    else seen.set(w.name, i);
  });
  const exposed = workloads.flatMap((w, i) => (w.expose ? [i] : []));
  if (exposed.length > 1) found.push(finding(["workloads", exposed[1]!, "expose"], `expected at most one exposed workload (workloads[${exposed[0]}] already is)`, true));
  return found;
}

/** Settings only serverless containers read, refused on Kubernetes where nothing would honour them. */
export function containersOnlyRules(workloads: readonly WorkloadSpec[]): Finding[] {
  return workloads.flatMap((w, i) => [
    ...(w.autoscaling?.concurrentRequests !== undefined
      ? [finding(["workloads", i, "autoscaling", "concurrentRequests"], 'needs compute.kind "containers" (on Kubernetes scale on requests with a pods metric, e.g. http_requests_per_second)', w.autoscaling.concurrentRequests)]
      : []),
    ...(w.autoscaling?.queue
      ? [finding(["workloads", i, "autoscaling", "queue"], 'needs compute.kind "containers" (on Kubernetes scale on a queue with an external metric, e.g. redis_queue_length)', w.autoscaling.queue)]
      : []),
  ]);
}
