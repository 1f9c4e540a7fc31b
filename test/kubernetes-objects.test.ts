import { DeploymentV1 as BindingDeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 as BindingHorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { JobV1 as BindingJobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { NamespaceV1 as BindingNamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 as BindingNetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { PodDisruptionBudgetV1 as BindingPodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { SecretV1 as BindingSecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceAccountV1 as BindingServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 as BindingServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { TerraformOutput, TerraformStack, Testing, type TerraformResource } from "../src/core/tf";
import * as objects from "../src/kubernetes/objects";
import { KUBERNETES_ATTRIBUTE_KINDS, NamespaceV1, kindOf, type KubernetesObjectType } from "../src/kubernetes/objects";
import { providerRules, type AttrRules, type BlockRules } from "../src/testing/rules";

// src/kubernetes/objects.ts replaces the generated bindings of the kubernetes_* types tierform creates. Its tables of
// map- and list-valued attribute names come from the provider's schema facts; these tests derive them again from
// those facts, and check the output against the bindings' own for every attribute and block of every type.

type Class = new (scope: Construct, id: string, config: never) => TerraformResource & { metadata: { name: string; namespace?: string } };
/** Per type: the generated binding, and ours. */
const CLASSES = {
  kubernetes_deployment_v1: [BindingDeploymentV1, objects.DeploymentV1],
  kubernetes_job_v1: [BindingJobV1, objects.JobV1],
  kubernetes_horizontal_pod_autoscaler_v2: [BindingHorizontalPodAutoscalerV2, objects.HorizontalPodAutoscalerV2],
  kubernetes_namespace_v1: [BindingNamespaceV1, objects.NamespaceV1],
  kubernetes_network_policy_v1: [BindingNetworkPolicyV1, objects.NetworkPolicyV1],
  kubernetes_pod_disruption_budget_v1: [BindingPodDisruptionBudgetV1, objects.PodDisruptionBudgetV1],
  kubernetes_secret_v1: [BindingSecretV1, objects.SecretV1],
  kubernetes_service_account_v1: [BindingServiceAccountV1, objects.ServiceAccountV1],
  kubernetes_service_v1: [BindingServiceV1, objects.ServiceV1],
} as unknown as Record<KubernetesObjectType, [binding: Class, ours: Class]>;
const TYPES = Object.keys(KUBERNETES_ATTRIBUTE_KINDS) as KubernetesObjectType[];
const schema = (type: string): BlockRules => {
  const body = providerRules("kubernetes")?.resources[type];
  if (!body) throw new Error(`no schema facts for ${type}`);
  return body;
};

/** Only the provider sets it: never in a config (the bindings' config interfaces leave it out). */
const computedOnly = (r: { computed?: true; optional?: true; required?: true }) => r.computed && !r.optional && !r.required;
const attrKind = (a: AttrRules) => (typeof a.type === "string" ? "simple" : a.type[0] === "map" ? "map" : a.type[0] === "object" ? "simple" : "list");

/** Every configurable attribute and block of a type, by path, with its kind in the schema. */
function* members(body: BlockRules, path = ""): Generator<{ path: string; name: string; kind: "map" | "list" | "simple" | "block" }> {
  for (const [name, a] of Object.entries(body.attrs ?? {})) if (!computedOnly(a)) yield { path: `${path}${name}`, name, kind: attrKind(a) };
  for (const [name, b] of Object.entries(body.blocks ?? {})) {
    if (computedOnly(b)) continue;
    yield { path: `${path}${name}`, name, kind: "block" };
    yield* members(b.block, `${path}${name}.`);
  }
}

describe("the map and list tables, derived from the provider's schema facts", () => {
  it.each(TYPES)("%s: exactly its map attributes keep their keys, exactly its list attributes are lists, every block is a block", (type) => {
    const wrong: string[] = [];
    // The hardest values for each kind: an empty map looks like a block, an empty list like an empty block list.
    const sample = { map: {}, list: [], simple: "x", block: [] } as const;
    for (const m of members(schema(type))) {
      const got = kindOf(type, m.name, sample[m.kind]);
      if (got !== m.kind) wrong.push(`${m.path}: schema ${m.kind}, converter ${got}`);
      if (m.kind === "block" && kindOf(type, m.name, {}) !== "block") wrong.push(`${m.path}: a single block taken for ${kindOf(type, m.name, {})}`);
    }
    expect(wrong).toEqual([]);
    const named = (kind: string) => [...new Set([...members(schema(type))].filter((m) => m.kind === kind).map((m) => m.name))].sort();
    expect([...KUBERNETES_ATTRIBUTE_KINDS[type].maps].sort()).toEqual(named("map"));
    expect([...KUBERNETES_ATTRIBUTE_KINDS[type].lists].sort()).toEqual(named("list"));
  });
});

/** The bindings' property name for a Terraform name. */
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A config setting every configurable attribute and block of a schema body (one element per list block). */
function fullConfig(body: BlockRules): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(body.attrs ?? {})) {
    if (computedOnly(a)) continue;
    const t = a.type;
    out[camel(name)] =
      t === "string" ? `v "${name}"` : t === "number" ? 3 : t === "bool" ? true
      : t[0] === "map" ? { "example.com/Mixed_Key": "a", camelKey: "b", snake_key: "c" }
      : t[1] === "number" ? [1, 2] : ["x", "y"];
  }
  for (const [name, b] of Object.entries(body.blocks ?? {})) {
    if (computedOnly(b)) continue;
    out[camel(name)] = b.nesting === "single" || b.max === 1 ? fullConfig(b.block) : [fullConfig(b.block)];
  }
  return out;
}

/** The same config through the binding and through ours: JSON (key order included), HCL, and references to it. */
function both(type: KubernetesObjectType, config: (ref: { metadata: { name: string } }) => Record<string, unknown>) {
  const synth = (Resource: Class) => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ref = new Resource(stack, "ref", { metadata: { name: "ref" } } as never);
    const r = new Resource(stack, "r", { ...config(ref), dependsOn: [ref], lifecycle: { ignoreChanges: ["spec[0].replicas"] } } as never);
    new TerraformOutput(stack, "name", { value: r.metadata.name });
    if (r.metadata.namespace !== undefined) new TerraformOutput(stack, "namespace", { value: r.metadata.namespace });
    return { json: Testing.synth(stack), hcl: String(stack.toHclTerraform()["hcl"]) };
  };
  const [binding, ours] = CLASSES[type];
  return { binding: synth(binding), ours: synth(ours) };
}

describe("KubernetesObject synthesizes what the generated bindings do", () => {
  it.each(TYPES)("%s, every attribute and block set", (type) => {
    const full = fullConfig(schema(type));
    const namespaced = schema(type).blocks?.["metadata"]?.block.attrs?.["namespace"] !== undefined;
    // A reference, where the type has a namespace.
    const { binding, ours } = both(type, (ref) => (namespaced ? { ...full, metadata: { ...(full["metadata"] as object), namespace: ref.metadata.name } } : full));
    expect(ours.json).toBe(binding.json);
    expect(ours.hcl).toBe(binding.hcl);
    // Every map attribute went through with its keys as given (the comparison above would pass if both mangled them).
    expect(ours.json).toContain('"camelKey": "b"');
    if (namespaced) expect(ours.json).toContain(`"\${${type}.r.metadata[0].namespace}"`);
  });

  it("leaves out a top-level block whose keys are all unset, keeps an empty one, and drops unset values", () => {
    const { binding, ours } = both("kubernetes_network_policy_v1", () => ({
      metadata: { name: "n", labels: { a: "1" }, annotations: undefined },
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [] },
      timeouts: { create: undefined },
    }));
    expect(ours.json).toBe(binding.json);
    expect(ours.hcl).toBe(binding.hcl);
  });

  it("references an object's name as the binding did", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ns = new NamespaceV1(stack, "namespace", { metadata: { name: "apps" } });
    new TerraformOutput(stack, "name", { value: ns.metadata.name });
    expect(JSON.parse(Testing.synth(stack)).output.name.value).toBe("${kubernetes_namespace_v1.namespace.metadata[0].name}");
  });
});
