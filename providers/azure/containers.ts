import type { Construct } from "constructs";
import type { ContainersInput, RenderedContainers } from "../../src/core/contracts";

/** Serverless containers on this cloud (being written: see the containers issue). */
export function renderContainers(_scope: Construct, _input: ContainersInput): RenderedContainers {
  throw new Error("tierform: containers renderer not written yet");
}
