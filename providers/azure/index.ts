import type { CloudRenderers } from "../../src/core/contracts";
import { onFirstCall } from "../../src/core/lazy";

// Each renderer's module (and the bindings it imports) loads when the renderer first runs (src/core/lazy.ts).
const alerts = () => require("./alerts") as typeof import("./alerts");
const bucket = () => require("./bucket") as typeof import("./bucket");
const containers = () => require("./containers") as typeof import("./containers");
const cdn = () => require("./cdn") as typeof import("./cdn");
const kubernetes = () => require("./kubernetes") as typeof import("./kubernetes");
const network = () => require("./network") as typeof import("./network");
const postgres = () => require("./postgres") as typeof import("./postgres");
const redis = () => require("./redis") as typeof import("./redis");
const stack = () => require("./stack") as typeof import("./stack");
const platform = () => require("./platform") as typeof import("./platform");
const vm = () => require("./vm") as typeof import("./vm");

/** The Azure renderer of every component. */
export const azure = {
  configureStack: onFirstCall(stack, "configureStack"),
  network: onFirstCall(network, "renderNetwork"),
  vmFleet: onFirstCall(vm, "renderVmFleet"),
  kubernetes: onFirstCall(kubernetes, "renderKubernetes"),
  containers: onFirstCall(containers, "renderContainers"),
  postgres: onFirstCall(postgres, "renderPostgres"),
  redis: onFirstCall(redis, "renderRedis"),
  cdn: onFirstCall(cdn, "renderCdn"),
  bucket: onFirstCall(bucket, "renderBucket"),
  // Front Door probes and balances the regions itself: one origin per region's load balancer.
  globalOrigins: (_scope, { app, regions }) => ({
    outputs: regions.map((r) => ({ host: r.cluster.loadBalancer.host, region: r.region, healthCheckPath: app.healthCheckPath })),
    raw: {},
  }),
  globalCacheLinks: onFirstCall(redis, "linkGeoReplication"),
  connectRegions: onFirstCall(network, "connectRegions"),
  get platform() {
    return platform().azurePlatform;
  },
  monitoring: onFirstCall(alerts, "renderMonitoring"),
  edgeMonitoring: onFirstCall(alerts, "renderEdgeMonitoring"),
  // Flexible Server needs a subnet delegated to it (a tierform Network makes one).
  // Handles a network of your own must carry (a tierform Network's ref has them all).
  networkNeeds: { postgres: ["databaseSubnetId"], redis: ["endpointsSubnetId"], vmFleet: ["nodesSecurityGroup"], kubernetes: ["nodesSecurityGroup"], containers: ["containersSubnetId", "containersCidr", "containersSecurityGroup"] },
} satisfies CloudRenderers;
