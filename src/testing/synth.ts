import type { IConstruct } from "constructs";
import { TerraformStack, Testing } from "../core/tf";
import { sortKeys, stableJson } from "./stable";

/** A stack's Terraform JSON, as synthesized. */
export type TerraformJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
  variable?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

/** Every stack under a construct (an App, an Environment, a stack), by stack name. */
export type SynthResult = Record<string, TerraformJson>;

/**
 * Synthesizes every stack under `scope` in memory and returns stable JSON per stack: keys sorted, and the
 * local backend's state path reduced to its file name (cdktf's default is absolute, so it would differ
 * between checkouts). Same input, same result, on any machine and in any directory.
 */
export function synthesize(scope: IConstruct): SynthResult {
  const isStack = (c: IConstruct): c is TerraformStack => TerraformStack.isStack(c);
  const stacks = scope.node.findAll().filter(isStack);
  if (stacks.length === 0) throw new Error(`synthesize: no TerraformStack under "${scope.node.path || "(app)"}"`);
  // As `app.synth()` does: prepare every stack of the app first, so cross-stack references become
  // remote-state lookups in the consuming stack and outputs in the producing one.
  for (const stack of scope.node.root.node.findAll().filter(isStack)) stack.prepareStack();
  const out: SynthResult = {};
  for (const stack of [...stacks].sort((a, b) => (a.node.id < b.node.id ? -1 : 1))) {
    out[stack.node.id] = normalize(JSON.parse(Testing.synth(stack)) as TerraformJson);
  }
  return out;
}

function normalize(json: TerraformJson): TerraformJson {
  const backend = (json.terraform?.["backend"] ?? {}) as Record<string, Record<string, unknown>>;
  const local = backend["local"];
  if (local && typeof local["path"] === "string") local["path"] = local["path"].split(/[\\/]/).pop();
  return sortKeys(json);
}

/** One stack's snapshot text: what `toMatchFileSnapshot` / `toMatchSnapshot` should store. */
export function snapshotOf(result: SynthResult, stack: string | readonly string[]): string {
  const find = (name: string) => {
    const json = result[name];
    if (!json) throw new Error(`snapshotOf: no stack "${name}"; stacks: ${Object.keys(result).join(", ")}`);
    return json;
  };
  // Several stacks (a multi-region environment) go into one snapshot, keyed by stack name.
  if (typeof stack !== "string") return stableJson(Object.fromEntries([...stack].sort().map((name) => [name, find(name)])));
  return stableJson(find(stack));
}
