import type { CloudRenderers } from "../../src/core/contracts";
import { renderBucket } from "./bucket";
import { renderCdn } from "./cdn";
import { renderKubernetes } from "./kubernetes";
import { renderNetwork } from "./network";
import { renderPostgres } from "./postgres";
import { renderRedis } from "./redis";
import { configureStack } from "./stack";
import { azurePlatform } from "./platform";
import { renderVmFleet } from "./vm";

/** The Azure renderer of every component. */
export const azure = {
  configureStack,
  network: renderNetwork,
  vmFleet: renderVmFleet,
  kubernetes: renderKubernetes,
  postgres: renderPostgres,
  redis: renderRedis,
  cdn: renderCdn,
  bucket: renderBucket,
  platform: azurePlatform,
} satisfies CloudRenderers;
