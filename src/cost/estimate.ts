import type { Cloud } from "../core/cloud";
import { awsRates, azureRates, gcpRates } from "../catalog/rates";
import { awsCatalog } from "../catalog/aws";
import { gcpCatalog } from "../catalog/gcp";
import { azureCatalog } from "../catalog/azure";
import type { SynthResult, TerraformJson } from "../testing/synth";
import { awsFree, awsPricers } from "./aws";
import { azureFree, azurePricers } from "./azure";
import { monthly } from "./common";
import { gcpFree, gcpPricers } from "./gcp";
import { HOURS_PER_MONTH, flat, money, usd, type CostEstimate, type CostItem, type EnvironmentCost, type PriceContext, type Priced, type Pricer, type Range, type Resource, type StackCost } from "./model";
import { resolveUsage, type UsageInput, type UsageTier } from "./usage";

/** A Kubernetes Service of type LoadBalancer makes the cloud create a load balancer outside Terraform. */
const service: Pricer = (r, ctx) => {
  const spec = (Array.isArray(r.body["spec"]) ? r.body["spec"][0] : r.body["spec"]) as Record<string, unknown> | undefined;
  if (spec?.["type"] !== "LoadBalancer") return flat(0, `${String(spec?.["type"] ?? "ClusterIP")} service: free`);
  const hourly = { aws: awsRates.rates.nlbHour.usd + awsRates.rates.nlbLcuHour.usd, gcp: gcpRates.rates.forwardingRuleHour.usd, azure: azureRates.rates.lbHour.usd }[ctx.cloud];
  const what = { aws: "NLB + 1 NLCU", gcp: "network load balancer forwarding rule", azure: "Standard load balancer (≤ 5 rules)" }[ctx.cloud];
  return flat(monthly(hourly), `LoadBalancer service: the cloud creates a ${what} ${usd(hourly)}/h`);
};

export const kubernetesFree: Record<string, string> = {
  helm_release: "runs on the priced nodes",
  kubernetes_deployment_v1: "runs on the priced nodes",
  kubernetes_horizontal_pod_autoscaler_v2: "Kubernetes object",
  kubernetes_job_v1: "runs on the priced nodes",
  kubernetes_namespace_v1: "Kubernetes object",
  kubernetes_network_policy_v1: "Kubernetes object",
  kubernetes_pod_disruption_budget_v1: "Kubernetes object",
  kubernetes_secret_v1: "Kubernetes object",
  kubernetes_service_account_v1: "Kubernetes object",
  kubernetes_config_map_v1: "Kubernetes object",
};

/** Every resource type tierform prices, by type. */
export const PRICERS: Readonly<Record<string, Pricer>> = { ...awsPricers, ...gcpPricers, ...azurePricers, kubernetes_service_v1: service };

/** Every resource type tierform declares free, with the reason. */
export const FREE_TYPES: Readonly<Record<string, string>> = { ...awsFree, ...gcpFree, ...azureFree, ...kubernetesFree };

/** Pricers that need the stack's machine counts (Cloud NAT bills per VM): run after the others. */
const AFTER_NODES = new Set(["google_compute_router_nat"]);

/** Where a construct-path segment belongs. Unknown segments (a user's own construct ids) name themselves. */
function componentOf(segment: string | undefined, stackKind: string): string {
  if (stackKind === "platform") return "platform";
  if (!segment) return "other";
  if (/^(app|cluster|cluster-autoscaler)$/.test(segment)) return "compute";
  if (/^(network|region-link)$/.test(segment)) return "network";
  if (/^(cache|cache-replication)$/.test(segment)) return "cache";
  if (/^(database|cdn|files|traffic)$/.test(segment)) return segment;
  if (/^(data-key|key-vault|audit-)/.test(segment)) return "security";
  if (/^(workload-|addons$|db-extensions$)/.test(segment)) return "platform";
  if (/^(api-|resource-group$)/.test(segment)) return "project";
  return segment;
}

interface StackInfo {
  readonly name: string;
  readonly json: TerraformJson;
}

function pathOf(body: Record<string, unknown>): string | undefined {
  return (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
}

/**
 * The environment of each stack, by tierform's stack-name rule: `<name>-<env>[-<region code>]-{infra,platform}`
 * and `<name>-<env>-global` belong to `<name>-<env>` (a region code is dropped when a matching global stack
 * exists). Names only, so an in-memory synth (which carries no construct paths) and a cdktf.out agree.
 */
export function environmentsOf(synth: SynthResult): Record<string, string> {
  const names = Object.keys(synth);
  const globals = new Set(names.filter((n) => n.endsWith("-global")).map((n) => n.slice(0, -"-global".length)));
  return Object.fromEntries(
    names.map((name) => {
      const base = name.replace(/-(infra|platform|global)$/, "");
      const regional = /^(.*)-[a-z0-9]{2,5}$/.exec(base);
      return [name, regional && globals.has(regional[1]!) ? regional[1]! : base];
    }),
  );
}

const CLOUD_PROVIDERS: Record<string, Cloud> = { aws: "aws", google: "gcp", azurerm: "azure" };

function cloudOf(stacks: readonly StackInfo[]): Cloud | undefined {
  for (const s of stacks) {
    for (const provider of Object.keys(s.json.provider ?? {})) if (CLOUD_PROVIDERS[provider]) return CLOUD_PROVIDERS[provider];
    for (const type of Object.keys(s.json.resource ?? {})) {
      const prefix = type.split("_")[0]!;
      if (CLOUD_PROVIDERS[prefix]) return CLOUD_PROVIDERS[prefix];
    }
  }
  return undefined;
}

const TIER_TAG = /"tierform[:_]tier"\s*:\s*"(small|medium|large|enterprise)"/;

function tierOf(stacks: readonly StackInfo[]): UsageTier | undefined {
  for (const s of stacks) {
    const m = TIER_TAG.exec(JSON.stringify(s.json));
    if (m) return m[1] as UsageTier;
  }
  return undefined;
}

function resourcesOf(s: StackInfo): Resource[] {
  const out: Resource[] = [];
  const kind = /-(infra|platform|global)$/.exec(s.name)?.[1] ?? "infra";
  for (const [type, byName] of Object.entries(s.json.resource ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [name, body] of Object.entries(byName).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // The construct under the stack: from the resource's path (cdktf.out), else from its logical id, which
      // cdktf builds from the same path (`cluster_pool-general_FA7592FC`; in-memory synths carry no paths).
      const path = pathOf(body)?.split("/") ?? [];
      const at = path.indexOf(s.name);
      const segment = at >= 0 ? path[at + 1] : name.split("_")[0];
      out.push({ stack: s.name, type, name, address: `${type}.${name}`, component: componentOf(segment, kind), body: body as Record<string, any>, json: s.json });
    }
  }
  return out;
}

const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.|\[|\})/;

const round2 = (n: number) => Math.round(n * 100) / 100;
const sum = (items: readonly Range[]): Range => ({
  min: round2(items.reduce((s, i) => s + i.min, 0)),
  start: round2(items.reduce((s, i) => s + i.start, 0)),
  max: round2(items.reduce((s, i) => s + i.max, 0)),
});

export interface EstimateOptions {
  /** Usage figures (a usage file's content); the tier tag's defaults otherwise. */
  readonly usage?: UsageInput;
}

/** Resource types of a synth that are neither priced nor declared free. */
export function unpricedTypes(synth: SynthResult): string[] {
  const types = new Set(Object.values(synth).flatMap((json) => Object.keys(json.resource ?? {})));
  return [...types].filter((t) => !Object.hasOwn(PRICERS, t) && !Object.hasOwn(FREE_TYPES, t)).sort();
}

/**
 * The monthly cost of a synth, per stack, per environment and per component, at the autoscaling minimum, the
 * starting size and the maximum. Walks every resource of every stack; data sources are free.
 */
export function estimateCost(synth: SynthResult, options: EstimateOptions = {}): CostEstimate {
  const envOf = environmentsOf(synth);
  const byEnv = new Map<string, StackInfo[]>();
  for (const [name, json] of Object.entries(synth).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const env = envOf[name]!;
    byEnv.set(env, [...(byEnv.get(env) ?? []), { name, json }]);
  }
  const stacks: Record<string, StackCost> = {};
  const environments: Record<string, EnvironmentCost> = {};
  for (const [env, infos] of [...byEnv].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const cloud = cloudOf(infos);
    const tier = tierOf(infos);
    const usage = resolveUsage(options.usage, env, tier);
    const resources = infos.flatMap(resourcesOf);
    const index = new Map(resources.map((r) => [`${r.stack}:${r.address}`, r]));
    const nodes = new Map<string, Range>();
    const ctx: PriceContext = {
      cloud: cloud ?? "aws",
      usage,
      resources,
      ref: (from, value) => {
        if (typeof value !== "string") return undefined;
        const m = REF.exec(value);
        return m ? index.get(`${from.stack}:${m[1]}.${m[2]}`) : undefined;
      },
      all: (type) => resources.filter((r) => r.type === type),
      nodesIn: (stack) => nodes.get(stack) ?? { min: 0, start: 0, max: 0 },
    };
    const priced = new Map<Resource, Priced>();
    const run = (r: Resource) => {
      const pricer = PRICERS[r.type];
      if (!pricer) return;
      const p = pricer(r, ctx);
      priced.set(r, p);
      if (p.nodes) {
        const n = nodes.get(r.stack) ?? { min: 0, start: 0, max: 0 };
        nodes.set(r.stack, { min: n.min + p.nodes.min, start: n.start + p.nodes.start, max: n.max + p.nodes.max });
      }
    };
    resources.filter((r) => !AFTER_NODES.has(r.type)).forEach(run);
    resources.filter((r) => AFTER_NODES.has(r.type)).forEach(run);
    const components: Record<string, Range[]> = {};
    for (const info of infos) {
      const items: CostItem[] = resources
        .filter((r) => r.stack === info.name && priced.has(r))
        .map((r) => {
          const p = priced.get(r)!;
          return { address: r.address, type: r.type, component: r.component, min: round2(p.min), start: round2(p.start), max: round2(p.max), basis: p.basis };
        });
      for (const item of items) (components[item.component] ??= []).push(item);
      stacks[info.name] = { environment: env, ...sum(items), items };
    }
    const names = infos.map((s) => s.name);
    environments[env] = {
      cloud: cloud ?? "unknown",
      ...(tier ? { tier } : {}),
      ...sum(names.map((n) => stacks[n]!)),
      stacks: names,
      components: Object.fromEntries(Object.entries(components).sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, items]) => [c, sum(items)])),
      usage,
    };
  }
  const prices = {
    aws: { region: awsCatalog.prices.region, asOf: `${awsCatalog.prices.asOf} (machines), ${awsRates.prices.asOf} (rates)`, source: `${awsCatalog.prices.source}; ${awsRates.prices.source}` },
    gcp: { region: gcpCatalog.prices.region, asOf: `${gcpCatalog.prices.asOf} (machines), ${gcpRates.prices.asOf} (rates)`, source: `${gcpCatalog.prices.source}; ${gcpRates.prices.source}` },
    azure: { region: azureCatalog.prices.region, asOf: `${azureCatalog.prices.asOf} (machines), ${azureRates.prices.asOf} (rates)`, source: `${azureCatalog.prices.source}; ${azureRates.prices.source}` },
  };
  return { currency: "USD", period: "month", hoursPerMonth: HOURS_PER_MONTH, prices, stacks, environments, unpriced: unpricedTypes(synth) };
}

const cell = (r: Range) => `${money(r.min).padStart(9)} ${money(r.start).padStart(9)} ${money(r.max).padStart(9)}`;

/** The estimate as text: per environment its total, per stack and per component. */
export function formatCost(estimate: CostEstimate): string {
  const lines: string[] = [];
  const header = (label: string) => `${label.padEnd(44)} ${"min".padStart(9)} ${"start".padStart(9)} ${"max".padStart(9)}`;
  for (const [name, env] of Object.entries(estimate.environments)) {
    const p = env.cloud === "unknown" ? undefined : estimate.prices[env.cloud];
    lines.push(`${name} (${env.cloud}${env.tier ? `, ${env.tier} tier` : ""}; usage: ${env.usage.basis}; prices ${p ? `${p.region}, ${p.asOf}` : "n/a"})`);
    lines.push(header("  USD per month"));
    for (const stack of env.stacks) {
      lines.push(`  ${stack.padEnd(42)} ${cell(estimate.stacks[stack]!)}`);
      const byComponent = new Map<string, Range[]>();
      for (const item of estimate.stacks[stack]!.items) byComponent.set(item.component, [...(byComponent.get(item.component) ?? []), item]);
      for (const [component, items] of [...byComponent].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const total = sum(items);
        if (total.max > 0) lines.push(`    ${component.padEnd(40)} ${cell(total)}`);
      }
    }
    lines.push(`  ${"total".padEnd(42)} ${cell(env)}`, "");
  }
  if (estimate.unpriced.length) lines.push(`not priced (unknown resource types): ${estimate.unpriced.join(", ")}`);
  lines.push("List prices, on demand, 730 h a month; usage-driven items follow the usage assumptions (see README, \"What it costs\").");
  return lines.join("\n");
}
