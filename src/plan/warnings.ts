import { catalogFor, regionInfo } from "../catalog";
import { planPoolZones, zonesWanted } from "./zones";
import { PLACEHOLDER_APP, ROLE_TAINTS } from "../model/defaults";
import type { Topology } from "../model/topology";
import { capProbe, planContainerServices } from "./containers";
import { prefixOf } from "./naming";

/** A figure for a message: at most three decimals (700Mi is 0.684 GiB, not 0.68359375). */
const round = (n: number) => Math.round(n * 1000) / 1000;

/** A risky but legal choice. `id` is stable: grep for it, document why you accept it. */
export interface Warning {
  readonly id: string;
  readonly path: string;
  readonly message: string;
}

/** Every warning a topology deserves, in a stable order. */
export function topologyWarnings(t: Topology): Warning[] {
  const w: Warning[] = [];
  const c = t.compute;
  if (c.kind === "vm" && c.exposure === "public") {
    w.push({
      id: "tierform:vm:public-ip",
      path: "compute.exposure",
      message: "the server has a public IP with ports 80 and 443 open to the internet; the app terminates TLS itself",
    });
  }
  const catalog = catalogFor(t.cloud);
  if (t.network.nat === "single" && t.network.zones > 1 && t.production && catalog.zonalNat) {
    w.push({
      id: "tierform:network:single-nat",
      path: "network.nat",
      message: "one NAT gateway serves every zone: losing its zone cuts egress for all private subnets (use \"perZone\")",
    });
  }
  if (t.network.nat === "none" && (c.kind !== "vm" || c.exposure !== "public")) {
    w.push({ id: "tierform:network:no-egress", path: "network.nat", message: "private servers, nodes or services have no internet egress (image pulls and updates fail)" });
  }
  if (t.database && !t.database.ha && t.production) {
    w.push({ id: "tierform:database:single-az", path: "database.ha", message: "production database without a standby: a zone outage stops writes" });
  }
  const pooler = catalog.pooler;
  const pooled = pooler[c.kind];
  if (t.database?.pooling && (!pooled || (t.regions.length > 1 && !pooler.multiRegion))) {
    w.push({ id: "tierform:database:pooling-not-rendered", path: "database.pooling", message: `no connection pooler on this tier and cloud: apps connect to the database directly (${pooler.why})` });
  } else if (t.database?.pooling && t.regions.length > 1 && pooler.multiRegion === "primary") {
    w.push({ id: "tierform:database:pooling-not-rendered", path: "database.pooling", message: `only the primary region is pooled: secondary regions' apps connect to the database directly (${pooler.why})` });
  }
  if (t.database && !t.database.deletionProtection && t.production) {
    w.push({ id: "tierform:database:unprotected", path: "database.deletionProtection", message: "production database can be deleted without a final snapshot" });
  }
  if (t.compliance.customerManagedKeys && (t.database || t.cache)) {
    w.push({
      id: "tierform:compliance:keys-replace-data-stores",
      path: "compliance.customerManagedKeys",
      message: "switching customer-managed keys on or off for data stores that already exist replaces them with new, empty ones (the key is fixed at creation): run tierform diff before applying",
    });
  }
  if (t.cache?.auth === "none") {
    w.push({ id: "tierform:cache:no-auth", path: "cache.auth", message: "any client in the network can use the cache without authenticating" });
  }
  if (t.cache && catalog.cacheReplicasFixed && t.cache.replicasPerShard > catalog.cacheMaxReplicasPerShard) {
    w.push({
      id: "tierform:cache:replicas-capped",
      path: "cache.replicasPerShard",
      message: `${t.cloud} keeps ${catalog.cacheMaxReplicasPerShard} replica per shard with high availability; ${t.cache.replicasPerShard} were asked for`,
    });
  }
  if (t.cache && !t.cache.tls) {
    w.push({ id: "tierform:cache:no-tls", path: "cache.tls", message: "cache traffic is not encrypted in transit" });
  }
  if (c.kind === "kubernetes") {
    c.nodePools.forEach((pool, i) => {
      const missing = ROLE_TAINTS[pool.role].filter((r) => !pool.taints.some((t) => t.key === r.key && t.effect === r.effect));
      if (missing.length) {
        w.push({
          id: "tierform:kubernetes:untainted-pool",
          path: `compute.nodePools[${i}].taints`,
          message: `the ${pool.role} pool lacks ${missing.map((t) => `${t.key}=${t.value}:${t.effect}`).join(", ")}: any pod may be scheduled onto its ${pool.role === "gpu" ? "GPU" : "spot"} nodes`,
        });
      }
    });
    c.nodePools.forEach((pool, i) => {
      for (const region of t.regions) {
        const networkZones = regionInfo(catalog, region)?.zones.slice(0, t.network.zones) ?? [];
        const placed = planPoolZones(t.cloud, region, networkZones, pool);
        const wanted = zonesWanted(networkZones.length, pool.min);
        if (placed.ok && placed.accelerator && placed.zones.length < wanted) {
          w.push({
            id: "tierform:kubernetes:gpu-pool-few-zones",
            path: `compute.nodePools[${i}]`,
            message: `${region} offers "${placed.accelerator}" only in ${placed.zones.join(", ")}: the pool spans ${placed.zones.length} of the network's ${networkZones.length} zones (${wanted} wanted for min ${pool.min} and zone redundancy), so a zone outage can take every GPU node`,
          });
        }
      }
    });
    t.workloads.forEach((wl, i) => {
      if (!wl.readOnlyRootFilesystem && t.production) {
        w.push({
          id: "tierform:kubernetes:writable-root-filesystem",
          path: `workloads[${i}].readOnlyRootFilesystem`,
          message: `${wl.name}'s containers can write to their root filesystem: an intruder can change the app's own files (CKV_K8S_22)`,
        });
      }
    });
    c.apiAccessCidrs.forEach((cidr, i) => {
      const prefix = Number(cidr.split("/")[1]);
      if (prefix < 16) {
        w.push({ id: "tierform:kubernetes:broad-api-access", path: `compute.apiAccessCidrs[${i}]`, message: `the API endpoint is open to ${cidr}` });
      }
    });
  }
  if (c.kind === "containers") w.push(...containerWarnings(t));
  return w;
}

/** What serverless containers render differently from what the workloads ask: rounded sizes, ignored targets, manual queues. */
function containerWarnings(t: Topology): Warning[] {
  const platform = catalogFor(t.cloud).containers;
  const w: Warning[] = [];
  if (t.app.image !== PLACEHOLDER_APP.image) {
    w.push({ id: "tierform:containers:app-unused", path: "app", message: `app (${t.app.image}) is not run on containers: the services are workloads[] (image, port, readiness path)` });
  }
  const exposed = t.workloads.findIndex((x) => x.expose);
  if (platform.originBypass && exposed >= 0 && !t.compliance.waf) {
    w.push({ id: "tierform:containers:origin-reachable", path: `workloads[${exposed}].expose`, message: `clients can skip the CDN: ${platform.originBypass}` });
  }
  planContainerServices(t.cloud, t.workloads).forEach((s, i) => {
    const { size, requested } = s;
    if (size.vcpu > requested.vcpu || size.memoryGiB > requested.memoryGiB) {
      w.push({
        id: "tierform:containers:size-rounded",
        path: `workloads[${i}].resources`,
        message: `${s.workload.name} runs on ${size.vcpu} vCPU / ${size.memoryGiB} GiB, the smallest ${platform.product} size that holds ${round(requested.vcpu)} vCPU / ${round(requested.memoryGiB)} GiB (you pay for the larger size)`,
      });
    }
    const a = s.workload.autoscaling;
    const worker = s.workload.port === undefined;
    if (a && worker && !platform.workers.autoscale) {
      // Everything about its scaling is moot: say that once, with the count it runs.
      w.push({
        id: "tierform:containers:worker-fixed-count",
        path: `workloads[${i}].autoscaling`,
        message: `${s.workload.name} runs ${s.max} instances all the time (autoscaling.max): ${platform.workers.why ?? `${platform.product} does not autoscale workers`}`,
      });
    } else {
      const ignored = [
        ...(a?.cpuPercent !== undefined && !platform.utilisationTargets.cpu ? ["cpuPercent"] : []),
        ...(a?.memoryPercent !== undefined && !platform.utilisationTargets.memory ? ["memoryPercent"] : []),
      ];
      if (ignored.length > 0) {
        w.push({
          id: "tierform:containers:utilisation-target-ignored",
          path: `workloads[${i}].autoscaling`,
          message: `${ignored.join(" and ")} of ${s.workload.name} not rendered: ${platform.utilisationTargets.why ?? `${platform.product} has no such target`}`,
        });
      }
      if (a?.queue && platform.queueScaling === "manual") {
        w.push({ id: "tierform:containers:queue-scaling-manual", path: `workloads[${i}].autoscaling.queue`, message: `the queue of ${s.workload.name} is not rendered: ${platform.notes.queue}` });
      }
    }
    if (a?.queue && platform.queueScaling === "published-metric") {
      w.push({
        id: "tierform:containers:queue-metric-published",
        path: `workloads[${i}].autoscaling.queue`,
        message: `${s.workload.name} scales on a metric it must publish itself: ${platform.notes.queue.replace("<prefix>", prefixOf(t))}; until it does, it stays at ${s.min}`,
      });
    }
    for (const kind of ["readiness", "liveness"] as const) {
      const probe = s.workload[kind];
      const capped = probe ? capProbe(probe, platform.probeLimits[kind]).capped : [];
      if (probe && capped.length > 0 && (kind === "readiness" || platform.liveness.rendered)) {
        const limits = capped.map((k) => `${k} ${platform.probeLimits[kind][k]}`).join(", ");
        w.push({ id: "tierform:containers:probe-capped", path: `workloads[${i}].${kind}`, message: `${s.workload.name}'s ${kind} probe is capped to the limits of ${platform.product}: ${limits}` });
      }
    }
    if (s.workload.liveness && !platform.liveness.rendered) {
      w.push({ id: "tierform:containers:liveness-not-rendered", path: `workloads[${i}].liveness`, message: `${s.workload.name}'s liveness probe is not rendered on ${platform.product}: ${platform.liveness.why}` });
    }
    if (!s.workload.readOnlyRootFilesystem && t.production && platform.readOnlyRootFilesystem) {
      w.push({
        id: "tierform:containers:writable-root-filesystem",
        path: `workloads[${i}].readOnlyRootFilesystem`,
        message: `${s.workload.name}'s containers can write to their root filesystem, which ${platform.product} could mount read-only: an intruder can change the app's own files`,
      });
    }
    if (s.workload.image === PLACEHOLDER_APP.image && t.production) {
      w.push({
        id: "tierform:containers:placeholder-image",
        path: `workloads[${i}].image`,
        message: `${s.workload.name} runs the preset's placeholder image (${PLACEHOLDER_APP.image}): set workloads with your images (and, for a worker, its command or args)`,
      });
    }
  });
  return w;
}
