import type { CloudRenderers } from "../../src/core/contracts";
import { onFirstCall } from "../../src/core/lazy";

// Each renderer's module (and the bindings it imports) loads when the renderer first runs (src/core/lazy.ts).
const bucket = () => require("./bucket") as typeof import("./bucket");
const containers = () => require("./containers") as typeof import("./containers");
const cdn = () => require("./cdn") as typeof import("./cdn");
const kubernetes = () => require("./kubernetes") as typeof import("./kubernetes");
const network = () => require("./network") as typeof import("./network");
const peering = () => require("./peering") as typeof import("./peering");
const monitoring = () => require("./monitoring") as typeof import("./monitoring");
const postgres = () => require("./postgres") as typeof import("./postgres");
const redis = () => require("./redis") as typeof import("./redis");
const stack = () => require("./stack") as typeof import("./stack");
const platform = () => require("./platform") as typeof import("./platform");
const vm = () => require("./vm") as typeof import("./vm");

/** The AWS renderer of every component. */
export const aws = {
  configureStack: onFirstCall(stack, "configureStack"),
  network: onFirstCall(network, "renderNetwork"),
  vmFleet: onFirstCall(vm, "renderVmFleet"),
  kubernetes: onFirstCall(kubernetes, "renderKubernetes"),
  containers: onFirstCall(containers, "renderContainers"),
  postgres: onFirstCall(postgres, "renderPostgres"),
  redis: onFirstCall(redis, "renderRedis"),
  cdn: onFirstCall(cdn, "renderCdn"),
  bucket: onFirstCall(bucket, "renderBucket"),
  // Each region's load balancer joins the latency-routed origin hostname itself (see appLoadBalancer).
  globalOrigins: (_scope, { host, app }) => ({ outputs: [{ host, healthCheckPath: app.healthCheckPath }], raw: {} }),
  connectRegions: onFirstCall(peering, "connectRegions"),
  get platform() {
    return platform().awsPlatform;
  },
  monitoring: onFirstCall(monitoring, "renderMonitoring"),
  networkNeeds: {},
} satisfies CloudRenderers;
