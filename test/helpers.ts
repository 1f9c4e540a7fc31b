import { demoContainersTopology, demoTopology } from "../examples/default-app";
import { main } from "../src/cli/main";
import type { Cloud } from "../src/core/cloud";
import { Testing, type TerraformStack } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import type { TopologyProps } from "../src/model/topology";
import { synthesize, type SynthResult, type TerraformJson } from "../src/testing";
import type { TierName } from "../tiers";

/** A stack's Terraform JSON: the testing kit's type. */
export type TfJson = TerraformJson;

export function synthStack(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/**
 * Builds an Environment in a fresh app and returns it with its (primary region's) infra stack's JSON,
 * and for multi-region topologies the global stack's and every region's.
 */
export function synthEnvironment(props: TopologyProps, id = "env"): { env: Environment; infra: TfJson; global?: TfJson; regions: TfJson[] } {
  const app = Testing.app();
  const env = new Environment(app, id, props);
  const regions = env.regions.map((r) => (r.stack === env.infra ? undefined : synthStack(r.stack)));
  const infra = synthStack(env.infra);
  return { env, infra, regions: regions.map((r) => r ?? infra), ...(env.global ? { global: synthStack(env.global) } : {}) };
}

/** All resources of a Terraform type, as [logical name, body] pairs. */
export function resources(json: TfJson, type: string): [string, Record<string, any>][] {
  return Object.entries(json.resource?.[type] ?? {}) as [string, Record<string, any>][];
}

/** The single resource of a type (fails the test when there are 0 or several). */
export function only(json: TfJson, type: string): Record<string, any> {
  const found = resources(json, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map(([n]) => n).join(", ")}`);
  return found[0]![1];
}

export function resourceTypes(json: TfJson): string[] {
  return Object.keys(json.resource ?? {}).sort();
}

export function countResources(json: TfJson): number {
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** Runs fn and returns the problem lines of the TierformError it throws. */
export function problemLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    const message = (error as Error).message;
    return message.split("\n").slice(1).map((l) => l.replace(/^ {2}- /, ""));
  }
  throw new Error("expected a TierformError, nothing was thrown");
}

/** Runs the tierform CLI in-process (no second tsx process): its exit code and what it wrote. */
export function runCli(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const status = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

export interface DemoSynth {
  /** Every stack of the environment, as `cdktf synth` writes it (frozen: tests share it). */
  readonly result: SynthResult;
  /** Its cloud stacks: each region's infra stack and the global stack, without the platform stacks. */
  readonly cloudStacks: readonly string[];
}

const demoSynths = new Map<string, DemoSynth>();

/**
 * The default app's environment of one tier on one cloud (`<tier>-<cloud>`, examples/default-app.ts), synthesized
 * once per test worker: the snapshot, diagram, lint and Terraform tests read the same stacks. Frozen, so a test
 * that changes what it was given fails instead of changing another test's input: clone it first.
 */
export function demoSynth(tier: TierName | "medium-containers", cloud: Cloud): DemoSynth {
  const key = `${tier}-${cloud}`;
  let cached = demoSynths.get(key);
  if (!cached) {
    const env = new Environment(Testing.app(), key, tier === "medium-containers" ? demoContainersTopology(cloud) : demoTopology(tier, cloud));
    const cloudStacks = [...env.regions.map((r) => r.stack.node.id), ...(env.global ? [env.global.node.id] : [])];
    cached = { result: deepFreeze(synthesize(env)), cloudStacks };
    demoSynths.set(key, cached);
  }
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
