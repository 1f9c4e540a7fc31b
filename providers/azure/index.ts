import type { CloudRenderers } from "../../src/core/contracts";
import { renderContainers } from "./containers";
import { renderBucket } from "./bucket";
import { renderCdn } from "./cdn";
import { renderKubernetes } from "./kubernetes";
import { connectRegions, renderNetwork } from "./network";
import { renderEdgeMonitoring, renderMonitoring } from "./alerts";
import { renderPostgres } from "./postgres";
import { linkGeoReplication, renderRedis } from "./redis";
import { configureStack } from "./stack";
import { azurePlatform } from "./platform";
import { renderVmFleet } from "./vm";

/** The Azure renderer of every component. */
export const azure = {
  configureStack,
  network: renderNetwork,
  vmFleet: renderVmFleet,
  kubernetes: renderKubernetes,
  containers: renderContainers,
  postgres: renderPostgres,
  redis: renderRedis,
  cdn: renderCdn,
  bucket: renderBucket,
  // Front Door probes and balances the regions itself: one origin per region's load balancer.
  globalOrigins: (_scope, { app, regions }) => ({
    outputs: regions.map((r) => ({ host: r.cluster.loadBalancer.host, region: r.region, healthCheckPath: app.healthCheckPath })),
    raw: {},
  }),
  globalCacheLinks: (scope, input) => linkGeoReplication(scope, input),
  connectRegions,
  platform: azurePlatform,
  monitoring: renderMonitoring,
  edgeMonitoring: renderEdgeMonitoring,
  // Flexible Server needs a subnet delegated to it (a tierform Network makes one).
  // Handles a network of your own must carry (a tierform Network's ref has them all).
  networkNeeds: { postgres: ["databaseSubnetId"], redis: ["endpointsSubnetId"], vmFleet: ["nodesSecurityGroup"], kubernetes: ["nodesSecurityGroup"], containers: ["containersSubnetId", "containersCidr", "containersSecurityGroup"] },
} satisfies CloudRenderers;
