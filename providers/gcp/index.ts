import type { CloudRenderers } from "../../src/core/contracts";
import { renderContainers } from "./containers";
import { globalOrigins } from "./load-balancer";
import { renderBucket } from "./bucket";
import { renderCdn } from "./cdn";
import { renderKubernetes } from "./kubernetes";
import { renderNetwork } from "./network";
import { renderEdgeMonitoring, renderMonitoring } from "./monitoring";
import { renderPostgres } from "./postgres";
import { renderRedis } from "./redis";
import { configureStack } from "./stack";
import { gcpPlatform } from "./platform";
import { renderVmFleet } from "./vm";

/** The GCP renderer of every component. */
export const gcp = {
  configureStack,
  network: renderNetwork,
  vmFleet: renderVmFleet,
  kubernetes: renderKubernetes,
  containers: renderContainers,
  postgres: renderPostgres,
  redis: renderRedis,
  cdn: renderCdn,
  bucket: renderBucket,
  globalOrigins,
  platform: gcpPlatform,
  monitoring: renderMonitoring,
  edgeMonitoring: renderEdgeMonitoring,
  // Everything else has a fallback to the neutral fields (the network id, the first private subnet).
  networkNeeds: {},
} satisfies CloudRenderers;
