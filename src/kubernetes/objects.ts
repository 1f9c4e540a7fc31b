/**
 * The Kubernetes objects tierform creates, as one light resource class instead of the provider's generated bindings.
 *
 * Why: `@cdktf/provider-kubernetes/lib/deployment-v1` is ~4.8 MB of JavaScript (a struct class and two converters for
 * every block of the pod template), `job-v1` about the same; loading the two took ~100 ms of a large environment's
 * synth. All that code does at synth time is rename our camelCase config to Terraform's snake_case. This class does
 * the same generically, so no `@cdktf/provider-kubernetes/lib/<resource>` module is loaded at runtime.
 *
 * What stays type-checked: each class takes the binding's own config interface (`DeploymentV1Config` …), imported
 * type-only, so call sites are checked exactly as before and the compiled code requires nothing from the bindings.
 *
 * The conversion: keys are snake-cased recursively (arrays stay arrays, a single nested block stays an object,
 * undefined is dropped, strings and tokens are untouched) except inside map-valued attributes (labels, data, limits …),
 * whose keys are the user's and stay verbatim. Which names are map attributes, and which are list attributes (needed
 * to order keys and to type values for `synth --hcl` the way the bindings do: attributes by name, then blocks by
 * name), comes per type from the provider's schema facts (src/testing/rules/data/kubernetes.json, provider 2.38.0,
 * the bindings' version); within one type each such name means one kind everywhere. test/kubernetes-objects.test.ts
 * derives both tables from those facts and checks the output is identical to the bindings' for every attribute and
 * block of every type, in JSON and in HCL.
 *
 * Where it differs from the bindings (tierform does none of this): a key the config interface does not know (only
 * possible through a cast or a spread) is synthesized, where a binding dropped it; dynamic blocks
 * (`iterator.dynamic()`) are not supported; a token standing for a whole block synthesizes the same JSON but is
 * ordered among the attributes in HCL.
 */
import type { Construct } from "constructs";
import type { DeploymentV1Config } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import type { HorizontalPodAutoscalerV2Config } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import type { JobV1Config } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { NamespaceV1Config } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { NetworkPolicyV1Config } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import type { PodDisruptionBudgetV1Config } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import type { SecretV1Config } from "@cdktf/provider-kubernetes/lib/secret-v1";
import type { ServiceAccountV1Config } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { ServiceV1Config } from "@cdktf/provider-kubernetes/lib/service-v1";
import { TerraformResourceClass, Tokenization, type TerraformMetaArguments } from "../core/tf";

/** Map-valued attributes of object metadata, and of label selectors. */
const METADATA_MAPS = ["annotations", "labels"] as const;
const SELECTOR_MAPS = [...METADATA_MAPS, "match_labels"] as const;
/** A pod template's: its metadata and selectors, node selector, resources, flex and CSI volume options. */
const POD_MAPS = [...SELECTOR_MAPS, "limits", "node_selector", "options", "requests", "volume_attributes"] as const;
const POD_LISTS = [
  "access_modes", "add", "args", "ceph_monitors", "command", "drop", "hostnames", "match_label_keys", "monitors",
  "nameservers", "namespaces", "searches", "supplemental_groups", "target_ww_ns", "values",
] as const;

/**
 * Per Terraform type: the names of its map-valued attributes (keys kept verbatim) and of its list- or set-valued
 * attributes (of strings or numbers). Every other object or array is a nested block. Checked against the schema.
 */
export const KUBERNETES_ATTRIBUTE_KINDS = {
  kubernetes_deployment_v1: { maps: POD_MAPS, lists: POD_LISTS },
  kubernetes_job_v1: { maps: POD_MAPS, lists: POD_LISTS },
  kubernetes_horizontal_pod_autoscaler_v2: { maps: SELECTOR_MAPS, lists: ["values"] },
  kubernetes_namespace_v1: { maps: METADATA_MAPS, lists: [] },
  kubernetes_network_policy_v1: { maps: SELECTOR_MAPS, lists: ["except", "policy_types", "values"] },
  kubernetes_pod_disruption_budget_v1: { maps: SELECTOR_MAPS, lists: ["values"] },
  kubernetes_secret_v1: { maps: [...METADATA_MAPS, "binary_data", "binary_data_wo", "data", "data_wo"], lists: [] },
  kubernetes_service_account_v1: { maps: METADATA_MAPS, lists: [] },
  // A Service's `spec.selector` is a map (a Deployment's is a block).
  kubernetes_service_v1: { maps: [...METADATA_MAPS, "selector"], lists: ["cluster_ips", "external_ips", "ip_families", "load_balancer_source_ranges"] },
} as const satisfies Record<string, { maps: readonly string[]; lists: readonly string[] }>;

export type KubernetesObjectType = keyof typeof KUBERNETES_ATTRIBUTE_KINDS;

type Kind = "map" | "list" | "simple" | "block";
interface Kinds {
  readonly maps: ReadonlySet<string>;
  readonly lists: ReadonlySet<string>;
}
const KINDS: Readonly<Record<string, Kinds>> = Object.fromEntries(
  Object.entries(KUBERNETES_ATTRIBUTE_KINDS).map(([type, k]) => [type, { maps: new Set<string>(k.maps), lists: new Set<string>(k.lists) }]),
);

/** `matchLabels` → `match_labels`: the inverse of the bindings' property names. */
function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** An object to descend into: not an array, not null, not a token. */
function isBody(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Tokenization.isResolvable(value);
}

/** What a name (already snake-cased) holding this value is; a token is an attribute's value. */
export function kindOf(type: KubernetesObjectType, name: string, value: unknown): Kind {
  const kinds = KINDS[type]!;
  if (kinds.maps.has(name)) return "map";
  if (kinds.lists.has(name)) return "list";
  return Array.isArray(value) || isBody(value) ? "block" : "simple";
}

/** One level of config, snake-cased, undefined dropped, in the bindings' order: attributes by name, then blocks by name. */
function members(type: KubernetesObjectType, body: Record<string, unknown>): [name: string, value: unknown, kind: Kind][] {
  const out: [string, unknown, Kind][] = [];
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    const name = snakeCase(key);
    out.push([name, value, kindOf(type, name, value)]);
  }
  const rank = (k: Kind) => (k === "block" ? 1 : 0);
  return out.sort(([a, , ka], [b, , kb]) => rank(ka) - rank(kb) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A block's value (one object, or a list of them) converted by `convert`; tokens pass through. */
function mapBlock(value: unknown, convert: (body: Record<string, unknown>) => unknown): unknown {
  if (Array.isArray(value)) return value.map((e) => (isBody(e) ? convert(e) : e));
  return isBody(value) ? convert(value) : value;
}

/** Terraform JSON for one level of config. */
function toTerraformJson(type: KubernetesObjectType, body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(members(type, body).map(([name, value, kind]) => [name, kind === "block" ? mapBlock(value, (b) => toTerraformJson(type, b)) : value]));
}

/**
 * What cdktf's HCL renderer reads for one attribute or block (the shape the bindings' `synthesizeHclAttributes`
 * return). Blocks are all `list` with storage class `object` here, where the bindings say `set` or `struct` for some
 * and name a struct class: the renderer writes a block the same way for each.
 */
interface HclAttribute {
  readonly value: unknown;
  readonly isBlock: boolean;
  readonly type: "simple" | "list" | "map";
  readonly storageClassType: string;
}

const scalarClass = (v: unknown) => (typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "string");

/** cdktf's HCL attribute descriptors for one level of config. */
function toHclAttributes(type: KubernetesObjectType, body: Record<string, unknown>): Record<string, HclAttribute> {
  const describe = (value: unknown, kind: Kind): HclAttribute => {
    switch (kind) {
      case "map":
        return { value, isBlock: false, type: "map", storageClassType: "stringMap" };
      case "list":
        return { value, isBlock: false, type: "list", storageClassType: `${scalarClass(Array.isArray(value) ? value[0] : value)}List` };
      case "block":
        return { value: mapBlock(value, (b) => toHclAttributes(type, b)), isBlock: true, type: "list", storageClassType: "object" };
      case "simple":
        return { value, isBlock: false, type: "simple", storageClassType: scalarClass(value) };
    }
  };
  return Object.fromEntries(members(type, body).map(([name, value, kind]) => [name, describe(value, kind)]));
}

const GENERATOR = { providerName: "kubernetes", providerVersion: "2.38.0", providerVersionConstraint: "~> 2.0" } as const;

/**
 * One `kubernetes_*` resource, synthesized from its binding's config interface without loading the binding. Each
 * subclass names its Terraform type in `tfResourceType`, as the bindings do.
 */
export abstract class KubernetesObject<C extends TerraformMetaArguments> extends TerraformResourceClass {
  static readonly tfResourceType: KubernetesObjectType;
  private readonly objectType: KubernetesObjectType;
  private readonly attributes: Record<string, unknown>;

  constructor(scope: Construct, id: string, config: C) {
    const type = new.target.tfResourceType;
    const { provider, dependsOn, count, lifecycle, provisioners, connection, forEach, ...attributes } = config;
    // The meta-arguments go to cdktf exactly as the generated bindings pass them.
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: GENERATOR, provider, dependsOn, count, lifecycle, provisioners, connection, forEach });
    this.objectType = type;
    this.attributes = dropUnsetBlocks(type, attributes);
  }

  /** The object's name, as a reference (`${<type>.<id>.metadata[0].name}`, as the bindings give it). */
  get metadata(): { readonly name: string } {
    return { name: this.getStringAttribute("metadata[0].name") };
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.objectType, this.attributes);
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return toHclAttributes(this.objectType, this.attributes);
  }
}

/** An object that lives in a namespace: everything but a Namespace. */
export abstract class NamespacedObject<C extends TerraformMetaArguments> extends KubernetesObject<C> {
  /** The object's name and namespace, as references. */
  override get metadata(): { readonly name: string; readonly namespace: string } {
    return { ...super.metadata, namespace: this.getStringAttribute("metadata[0].namespace") };
  }
}

/**
 * As the bindings do for a top-level block (metadata, spec, timeouts): one given with keys that are all undefined
 * is left out, not rendered empty.
 */
function dropUnsetBlocks(type: KubernetesObjectType, attributes: Record<string, unknown>): Record<string, unknown> {
  const unset = (key: string, v: unknown) =>
    kindOf(type, snakeCase(key), v) === "block" && isBody(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => x === undefined);
  return Object.fromEntries(Object.entries(attributes).filter(([key, v]) => !unset(key, v)));
}

export class DeploymentV1 extends NamespacedObject<DeploymentV1Config> {
  static override readonly tfResourceType = "kubernetes_deployment_v1";
}

export class JobV1 extends NamespacedObject<JobV1Config> {
  static override readonly tfResourceType = "kubernetes_job_v1";
}

export class HorizontalPodAutoscalerV2 extends NamespacedObject<HorizontalPodAutoscalerV2Config> {
  static override readonly tfResourceType = "kubernetes_horizontal_pod_autoscaler_v2";
}

export class NamespaceV1 extends KubernetesObject<NamespaceV1Config> {
  static override readonly tfResourceType = "kubernetes_namespace_v1";
}

export class NetworkPolicyV1 extends NamespacedObject<NetworkPolicyV1Config> {
  static override readonly tfResourceType = "kubernetes_network_policy_v1";
}

export class PodDisruptionBudgetV1 extends NamespacedObject<PodDisruptionBudgetV1Config> {
  static override readonly tfResourceType = "kubernetes_pod_disruption_budget_v1";
}

export class SecretV1 extends NamespacedObject<SecretV1Config> {
  static override readonly tfResourceType = "kubernetes_secret_v1";
}

export class ServiceAccountV1 extends NamespacedObject<ServiceAccountV1Config> {
  static override readonly tfResourceType = "kubernetes_service_account_v1";
}

export class ServiceV1 extends NamespacedObject<ServiceV1Config> {
  static override readonly tfResourceType = "kubernetes_service_v1";
}
