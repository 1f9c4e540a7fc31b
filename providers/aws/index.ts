import type { CloudRenderers } from "../../src/core/contracts";
import { renderContainers } from "./containers";
import { renderBucket } from "./bucket";
import { renderCdn } from "./cdn";
import { renderKubernetes } from "./kubernetes";
import { connectRegions, renderNetwork } from "./network";
import { renderMonitoring } from "./monitoring";
import { renderPostgres } from "./postgres";
import { renderRedis } from "./redis";
import { configureStack } from "./stack";
import { awsPlatform } from "./platform";
import { renderVmFleet } from "./vm";

/** The AWS renderer of every component. */
export const aws = {
  configureStack,
  network: renderNetwork,
  vmFleet: renderVmFleet,
  kubernetes: renderKubernetes,
  containers: renderContainers,
  postgres: renderPostgres,
  redis: renderRedis,
  cdn: renderCdn,
  bucket: renderBucket,
  // Each region's load balancer joins the latency-routed origin hostname itself (see appLoadBalancer).
  globalOrigins: (_scope, { host, app }) => ({ outputs: [{ host, healthCheckPath: app.healthCheckPath }], raw: {} }),
  connectRegions,
  platform: awsPlatform,
  monitoring: renderMonitoring,
  networkNeeds: {},
} satisfies CloudRenderers;
