import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readSynth } from "./diff";
import { referencesInValue } from "./expressions";
import type { SynthResult, TerraformJson } from "./synth";

/**
 * Architecture diagrams (Mermaid `flowchart`) drawn from synthesized Terraform, one per environment: what was
 * synthesized, so every override shows, and components used in a user's own stacks are drawn too.
 *
 * An environment is the set of stacks tierform names `<name>-<environment>[-<region code>]-{infra,platform}` and
 * `<name>-<environment>-global`; any other stack is an environment of its own. The picture: an edge section
 * (global traffic, CDN, WAF, DNS, global load balancers), one subgraph per region holding its network (subnet tiers
 * public / private / data with their CIDRs), compute (VMs, VM groups, clusters with their node pools: machine
 * types and min–max), databases (primary, HA standby, read replicas), caches (single, replicated, cluster shards ×
 * replicas) and buckets; links for traffic, replication (across regions too) and VPC peering.
 * Node ids come from Terraform addresses, never from counters: the same synth gives the same text.
 */

type Body = Record<string, any>;

interface Resource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Body;
}

type Tier = "public" | "private" | "data";
type Shape = "box" | "db" | "cache" | "bucket" | "entry" | "waf" | "users";
type Kind = "compute" | "db" | "cache" | "bucket" | "edge" | "network";

interface Node {
  readonly id: string;
  readonly lines: string[];
  readonly shape: Shape;
  readonly kind: Kind;
}

interface Cluster {
  readonly id: string;
  readonly title: string;
  readonly nodes: Node[];
}

interface Region {
  readonly key: string;
  readonly id: string;
  readonly name: string;
  role?: "primary" | "secondary";
  network?: { id: string; title: string; address?: string };
  readonly subnets: Record<Tier, string[]>;
  readonly tiers: Record<Tier, Node[]>;
  readonly clusters: Cluster[];
  readonly clusterTier: Map<string, Tier>;
  readonly loose: Node[];
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly style: "solid" | "dotted" | "thick" | "both";
}

/** How tierform names stacks: `<env>-global`, `<env>[-<code>]-infra`, `<env>[-<code>]-platform`. */
export function environmentsOf(stacks: readonly string[]): Record<string, string[]> {
  const globals = new Set(stacks.filter((s) => s.endsWith("-global")).map((s) => s.slice(0, -"-global".length)));
  const out: Record<string, string[]> = {};
  for (const stack of [...stacks].sort()) {
    const m = /^(.+)-(infra|platform|global)$/.exec(stack);
    let env = stack;
    if (m) {
      env = m[1]!;
      const cut = env.lastIndexOf("-");
      if (m[2] !== "global" && cut > 0 && globals.has(env.slice(0, cut))) env = env.slice(0, cut);
    }
    (out[env] ??= []).push(stack);
  }
  return out;
}

/** Mermaid label text: entity codes for what would end a label or start markup; never a raw quote or bracket. */
export function escapeLabel(text: string): string {
  return String(text)
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/\[/g, "#91;")
    .replace(/\]/g, "#93;")
    .replace(/\{/g, "#123;")
    .replace(/\}/g, "#125;")
    .replace(/\|/g, "#124;")
    .replace(/`/g, "#96;")
    .replace(/[\r\n\t]+/g, " ");
}

const idPart = (text: string) => text.replace(/_[0-9A-F]{8}$/, "").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");

const str = (v: unknown): string | undefined => (typeof v === "string" && !v.includes("${") ? v : typeof v === "number" ? String(v) : undefined);
const first = (v: unknown): Body | undefined => (Array.isArray(v) ? (v[0] as Body | undefined) : v && typeof v === "object" ? (v as Body) : undefined);
const range = (min: unknown, max: unknown) => (min === undefined && max === undefined ? undefined : min === max ? `${min}` : `${min ?? "?"}–${max ?? "?"}`);

/** One environment's stacks, read as a graph of resources and references. */
class Reader {
  readonly resources = new Map<string, Resource>();
  constructor(readonly synth: SynthResult) {
    for (const [stack, json] of Object.entries(synth)) {
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [name, body] of Object.entries(byName)) this.resources.set(`${stack}:${type}.${name}`, { stack, type, name, body: body as Body });
      }
    }
  }

  of(...types: string[]): Resource[] {
    return [...this.resources.values()].filter((r) => types.includes(r.type)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  /** Resources a value refers to: in its own stack, or in another through cdktf's cross-stack remote state. */
  refs(stack: string, value: unknown, types?: readonly string[]): Resource[] {
    const found: Resource[] = [];
    for (const ref of referencesInValue(value)) {
      let target: Resource | undefined;
      if (ref.kind === "resource") target = this.resources.get(`${stack}:${ref.type}.${ref.name}`);
      else if (ref.kind === "data" && ref.type === "terraform_remote_state" && ref.path[0] === "outputs" && ref.path[1]) target = this.crossStack(ref.name, ref.path[1]);
      if (target && (!types || types.includes(target.type)) && !found.includes(target)) found.push(target);
    }
    return found;
  }

  /** `cross-stack-reference-input-<path>--<stack>` + `cross-stack-output-<type><name><attribute>`. */
  private crossStack(input: string, output: string): Resource | undefined {
    const stack = input.split("--").pop()!;
    const rest = output.replace(/^cross-stack-output-/, "");
    let best: Resource | undefined;
    for (const r of this.resources.values()) {
      if (r.stack === stack && rest.startsWith(`${r.type}${r.name}`) && (!best || `${r.type}${r.name}`.length > `${best.type}${best.name}`.length)) best = r;
    }
    return best;
  }
}

const key = (r: Resource) => `${r.stack}:${r.type}.${r.name}`;

/** The region a stack's resources are in (AWS: per provider alias; GCP: the provider's; Azure: the resource group's). */
function regionsOf(json: TerraformJson): { default?: string; aliases: Record<string, string> } {
  const aliases: Record<string, string> = {};
  let region: string | undefined;
  for (const [provider, configs] of Object.entries(json.provider ?? {})) {
    for (const c of configs) {
      const r = str(c["region"]);
      if (!r) continue;
      if (c["alias"]) aliases[`${provider}.${c["alias"]}`] = r;
      else region ??= r;
    }
  }
  if (!region) {
    for (const byName of [json.resource?.["azurerm_resource_group"], json.resource?.["azurerm_virtual_network"]]) {
      for (const body of Object.values(byName ?? {})) region ??= str((body as Body)["location"]);
    }
  }
  return { ...(region ? { default: region } : {}), aliases };
}

const r0Label = (r: Resource) => (r.type === "google_compute_router_nat" ? "Cloud NAT" : "NAT gateway");

function tierOfSubnet(names: string[]): Tier {
  const text = names.join(" ").toLowerCase();
  if (/public/.test(text)) return "public";
  if (/database|data\b|-db\b|psc|endpoints|private-endpoint/.test(text)) return "data";
  return "private";
}

/** Builds the diagram of one environment. */
class Picture {
  readonly reader: Reader;
  readonly regions = new Map<string, Region>();
  readonly edge: Node[] = [];
  private readonly pending: { from: Resource | string; to: Resource | string; label?: string; style: Edge["style"] }[] = [];
  readonly nodeOf = new Map<string, string>();
  readonly members = new Map<Region, string[]>();
  private readonly ids = new Set<string>(["users", "route53_latency", "edge"]);
  private readonly stackRegion = new Map<string, { default?: string; aliases: Record<string, string> }>();
  private readonly globalStacks: Set<string>;

  constructor(readonly environment: string, synth: SynthResult) {
    this.reader = new Reader(synth);
    for (const [stack, json] of Object.entries(synth)) this.stackRegion.set(stack, regionsOf(json));
    this.globalStacks = new Set(Object.keys(synth).filter((s) => s.endsWith("-global") && Object.keys(synth).length > 1));
  }

  private id(base: string): string {
    let id = idPart(base) || "n";
    if (/^\d/.test(id)) id = `n_${id}`;
    if (this.ids.has(id)) {
      let n = 2;
      while (this.ids.has(`${id}_${n}`)) n++;
      id = `${id}_${n}`;
    }
    this.ids.add(id);
    return id;
  }

  regionName(r: Resource): string | undefined {
    const info = this.stackRegion.get(r.stack)!;
    const alias = typeof r.body["provider"] === "string" ? info.aliases[r.body["provider"]] : undefined;
    return alias ?? str(r.body["location"])?.toLowerCase() ?? info.default;
  }

  region(r: Resource): Region {
    const stackRegion = this.stackRegion.get(r.stack)!.default;
    const name = (r.type.startsWith("azurerm_") ? stackRegion : this.regionName(r)) ?? this.regionName(r) ?? "region";
    let region = this.regions.get(name);
    if (!region) {
      const id = this.id(`region_${name}`);
      region = { key: name, id, name, subnets: { public: [], private: [], data: [] }, tiers: { public: [], private: [], data: [] }, clusters: [], clusterTier: new Map(), loose: [] };
      this.regions.set(name, region);
    }
    return region;
  }

  isGlobal(r: Resource): boolean {
    return this.globalStacks.has(r.stack);
  }

  node(r: Resource, kind: Kind, shape: Shape, lines: (string | undefined)[]): Node {
    const node: Node = { id: this.id(`${this.isGlobal(r) ? "global" : this.regionName(r) ?? ""}_${r.name}`), lines: lines.filter((l): l is string => !!l), shape, kind };
    this.nodeOf.set(key(r), node.id);
    return node;
  }

  /** Links are resolved when rendering: a resource may get its node after the link is made (replicas come first). */
  link(from: Resource | string | undefined, to: Resource | string | undefined, label?: string, style: Edge["style"] = "solid"): void {
    if (from && to) this.pending.push({ from, to, ...(label ? { label } : {}), style });
  }

  edges(): Edge[] {
    const out: Edge[] = [];
    for (const e of this.pending) {
      const a = typeof e.from === "string" ? e.from : this.nodeOf.get(key(e.from));
      const b = typeof e.to === "string" ? e.to : this.nodeOf.get(key(e.to));
      if (!a || !b || a === b || out.some((x) => x.from === a && x.to === b && x.label === e.label)) continue;
      out.push({ from: a, to: b, ...(e.label ? { label: e.label } : {}), style: e.style });
    }
    return out.sort((x, y) => (x.from + x.to < y.from + y.to ? -1 : x.from + x.to > y.from + y.to ? 1 : 0));
  }

  /** Puts a node where it lives: the edge section (global stack), a subnet tier, or loose in its region. */
  place(r: Resource, node: Node, tier?: Tier): void {
    if (this.isGlobal(r) && (node.kind === "edge" || node.kind === "bucket")) this.edge.push(node);
    else if (tier) this.region(r).tiers[tier].push(node);
    else this.region(r).loose.push(node);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Network

function network(p: Picture): void {
  const { reader } = p;
  for (const r of reader.of("aws_vpc", "azurerm_virtual_network", "google_compute_network")) {
    const region = p.region(r);
    const address = str(r.body["cidr_block"]) ?? (Array.isArray(r.body["address_space"]) ? r.body["address_space"].join(", ") : undefined);
    const kind = r.type === "azurerm_virtual_network" ? "VNet" : "VPC";
    const id = `${region.id}_net`;
    p.nodeOf.set(key(r), id);
    region.network ??= { id, title: [kind, str(r.body["name"]) ?? str((r.body["tags"] ?? {})["Name"]) ?? r.name.replace(/_[0-9A-F]{8}$/, ""), address].filter(Boolean).join(" "), ...(address ? { address } : {}) };
  }
  for (const r of reader.of("aws_subnet", "azurerm_subnet", "google_compute_subnetwork")) {
    const region = p.region(r);
    const tags = (r.body["tags"] ?? {}) as Record<string, string>;
    const name = str(tags["Name"]) ?? str(r.body["name"]) ?? r.name;
    const tier: Tier = tags["tier"] === "public" || tags["tier"] === "private" || tags["tier"] === "data" ? tags["tier"] : tierOfSubnet([name, r.name]);
    const cidr = str(r.body["cidr_block"]) ?? str(r.body["ip_cidr_range"]) ?? (Array.isArray(r.body["address_prefixes"]) ? r.body["address_prefixes"].join(", ") : undefined);
    const zone = str(r.body["availability_zone"]);
    region.subnets[tier].push([cidr, zone ? `(${zone})` : undefined].filter(Boolean).join(" "));
    // A GCP subnetwork joins the global VPC of the primary region's stack: draw the region's network all the same.
    if (!region.network) {
      const vpc = p.reader.refs(r.stack, r.body["network"] ?? r.body["virtual_network_name"], ["google_compute_network", "aws_vpc", "azurerm_virtual_network"])[0];
      region.network = { id: `${region.id}_net`, title: `VPC ${vpc ? str(vpc.body["name"]) ?? vpc.name : ""} (${region.name} subnets)`.replace("  ", " ") };
    }
  }
  const nats = new Map<Region, Resource[]>();
  for (const r of reader.of("aws_nat_gateway", "azurerm_nat_gateway", "google_compute_router_nat")) nats.set(p.region(r), [...(nats.get(p.region(r)) ?? []), r]);
  for (const [region, list] of nats) {
    const node = p.node(list[0]!, "network", "entry", [list.length > 1 ? `${list.length} NAT gateways, one per zone` : r0Label(list[0]!)]);
    for (const r of list) p.nodeOf.set(key(r), node.id);
    (region.subnets.public.length ? region.tiers.public : region.loose).push(node);
  }
  for (const r of reader.of("aws_vpc_peering_connection", "azurerm_virtual_network_peering")) {
    const nets = p.reader.refs(r.stack, [r.body["vpc_id"], r.body["peer_vpc_id"], r.body["remote_virtual_network_id"]], ["aws_vpc", "azurerm_virtual_network"]);
    const own = r.type === "azurerm_virtual_network_peering" ? p.reader.of("azurerm_virtual_network").find((v) => v.stack === r.stack) : undefined;
    const ends = [...new Set([...(own ? [own] : []), ...nets].map((n) => p.nodeOf.get(key(n))).filter((x): x is string => !!x))].sort();
    if (ends.length === 2) p.link(ends[0], ends[1], "VPC peering", "both");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Compute

function compute(p: Picture): Map<Region, string[]> {
  const { reader } = p;
  const computeOf = new Map<Region, string[]>();
  const add = (region: Region, id: string) => computeOf.set(region, [...(computeOf.get(region) ?? []), id]);
  const launchType = (r: Resource) => p.reader.refs(r.stack, r.body["launch_template"], ["aws_launch_template"]).map((t) => str(t.body["instance_type"])).find(Boolean);

  for (const r of reader.of("aws_instance", "google_compute_instance", "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine")) {
    const type = str(r.body["instance_type"]) ?? launchType(r) ?? str(r.body["machine_type"]) ?? str(r.body["size"]);
    const node = p.node(r, "compute", "box", [`VM ${str(r.body["name"]) ?? str((r.body["tags"] ?? {})["Name"]) ?? r.name.replace(/_[0-9A-F]{8}$/, "")}`, type]);
    const subnet = p.reader.refs(r.stack, r.body["subnet_id"], ["aws_subnet"])[0];
    const gcpPublic = (Array.isArray(r.body["network_interface"]) ? (r.body["network_interface"] as Body[]) : []).some((n) => n["access_config"] !== undefined);
    const publicSubnet = gcpPublic || (subnet && (subnet.body["tags"]?.["tier"] === "public" || /public/.test(subnet.name)));
    p.place(r, node, publicSubnet ? "public" : "private");
    add(p.region(r), node.id);
  }

  for (const r of reader.of("aws_autoscaling_group", "google_compute_region_instance_group_manager", "google_compute_instance_group_manager", "azurerm_linux_virtual_machine_scale_set")) {
    let type: string | undefined;
    let size: string | undefined;
    if (r.type === "aws_autoscaling_group") {
      type = launchType(r);
      size = range(r.body["min_size"], r.body["max_size"]);
    } else if (r.type.startsWith("google_")) {
      type = p.reader.refs(r.stack, r.body["version"] ?? r.body["instance_template"], ["google_compute_instance_template", "google_compute_region_instance_template"]).map((t) => str(t.body["machine_type"])).find(Boolean);
      const scaler = reader.of("google_compute_region_autoscaler", "google_compute_autoscaler").find((a) => p.reader.refs(a.stack, a.body["target"]).includes(r));
      const policy = first(scaler?.body["autoscaling_policy"]);
      size = policy ? range(policy["min_replicas"], policy["max_replicas"]) : str(r.body["target_size"]);
    } else {
      type = str(r.body["sku"]);
      const scaler = reader.of("azurerm_monitor_autoscale_setting").find((a) => p.reader.refs(a.stack, a.body["target_resource_id"]).includes(r));
      const capacity = first(first(scaler?.body["profile"])?.["capacity"]);
      size = capacity ? range(capacity["minimum"], capacity["maximum"]) : str(r.body["instances"]);
    }
    const name = str(r.body["name"]) ?? r.name.replace(/_[0-9A-F]{8}$/, "");
    const node = p.node(r, "compute", "box", [`VM group ${name}`, [type, size ? `${size} VMs` : undefined].filter(Boolean).join(" · ")]);
    p.place(r, node, "private");
    add(p.region(r), node.id);
  }

  // Cloud Run: with Direct VPC egress its instances take addresses in the private subnet.
  for (const r of reader.of("google_cloud_run_v2_service", "google_cloud_run_v2_worker_pool")) {
    const template = first(r.body["template"]);
    const limits = first(first(template?.["containers"])?.["resources"])?.["limits"] as Body | undefined;
    const scaling = first(r.type === "google_cloud_run_v2_service" ? template?.["scaling"] : r.body["scaling"]);
    const count = scaling?.["manual_instance_count"] !== undefined ? str(scaling["manual_instance_count"]) : scaling && range(scaling["min_instance_count"], scaling["max_instance_count"]);
    const size = limits && `${str(limits["cpu"])} vCPU / ${str(limits["memory"])}`;
    const node = p.node(r, "compute", "box", [`Cloud Run ${r.type.endsWith("worker_pool") ? "worker pool" : "service"} ${str(r.body["name"]) ?? r.name}`, [size, count ? `${count} instances` : undefined].filter(Boolean).join(" · ")]);
    p.place(r, node, "private");
    add(p.region(r), node.id);
  }

  // ECS services on Fargate: the task size from the task definition, the task count from the scaling target.
  for (const r of reader.of("aws_ecs_service")) {
    const task = p.reader.refs(r.stack, r.body["task_definition"], ["aws_ecs_task_definition"])[0];
    const vcpu = Number(task?.body["cpu"]) / 1024;
    const gib = Number(task?.body["memory"]) / 1024;
    const target = reader.of("aws_appautoscaling_target").find((t) => t.stack === r.stack && p.reader.refs(t.stack, t.body["resource_id"]).includes(r));
    const size = target ? range(target.body["min_capacity"], target.body["max_capacity"]) : str(r.body["desired_count"]);
    const shape = task ? `${vcpu} vCPU / ${gib} GiB` : undefined;
    const node = p.node(r, "compute", "box", [`ECS service ${str(r.body["name"]) ?? r.name}`, [shape, size ? `${size} Fargate tasks` : undefined].filter(Boolean).join(" · ")]);
    p.place(r, node, "private");
    add(p.region(r), node.id);
  }

  const clusters: [string, string][] = [
    ["aws_eks_cluster", "EKS"],
    ["google_container_cluster", "GKE"],
    ["azurerm_kubernetes_cluster", "AKS"],
  ];
  for (const [type, label] of clusters) {
    for (const r of reader.of(type)) {
      const region = p.region(r);
      const version = str(r.body["version"]) ?? str(r.body["kubernetes_version"]) ?? str(r.body["min_master_version"]);
      const cluster: Cluster = { id: p.node(r, "compute", "box", []).id, title: [`${label} ${str(r.body["name"]) ?? r.name}`, version ? `Kubernetes ${version}` : undefined].filter(Boolean).join(" · "), nodes: [] };
      region.clusters.push(cluster);
      region.clusterTier.set(cluster.id, "private");
      add(region, cluster.id);
      const system = first(r.body["default_node_pool"]);
      if (system) {
        const size = system["auto_scaling_enabled"] ? range(system["min_count"], system["max_count"]) : str(system["node_count"]);
        cluster.nodes.push({ id: `${cluster.id}_system`, lines: [`pool ${str(system["name"]) ?? "default"}`, [str(system["vm_size"]), size ? `${size} nodes` : undefined].filter(Boolean).join(" · ")], shape: "box", kind: "compute" });
      }
    }
  }
  for (const r of reader.of("aws_eks_node_group", "google_container_node_pool", "azurerm_kubernetes_cluster_node_pool")) {
    const parent = p.reader.refs(r.stack, r.body["cluster_name"] ?? r.body["cluster"] ?? r.body["kubernetes_cluster_id"], ["aws_eks_cluster", "google_container_cluster", "azurerm_kubernetes_cluster"])[0];
    const config = first(r.body["node_config"]) ?? {};
    let type: string | undefined;
    let size: string | undefined;
    let extra: string | undefined;
    if (r.type === "aws_eks_node_group") {
      const types = Array.isArray(r.body["instance_types"]) ? (r.body["instance_types"] as string[]) : [];
      type = types.join(" / ") || launchType(r);
      const scaling = first(r.body["scaling_config"]) ?? {};
      size = range(scaling["min_size"], scaling["max_size"]);
      extra = r.body["capacity_type"] === "SPOT" ? "spot" : undefined;
    } else if (r.type === "google_container_node_pool") {
      type = str(config["machine_type"]);
      const scaling = first(r.body["autoscaling"]);
      size = scaling ? range(scaling["total_min_node_count"] ?? scaling["min_node_count"], scaling["total_max_node_count"] ?? scaling["max_node_count"]) : str(r.body["node_count"]);
      if (scaling && scaling["min_node_count"] !== undefined) size = `${size} per zone`;
      const gpu = first(config["guest_accelerator"]);
      extra = [config["spot"] === true || config["preemptible"] === true ? "spot" : undefined, gpu ? `${gpu["count"]}× ${gpu["type"]}` : undefined].filter(Boolean).join(" · ") || undefined;
    } else {
      type = str(r.body["vm_size"]);
      size = r.body["auto_scaling_enabled"] ? range(r.body["min_count"], r.body["max_count"]) : str(r.body["node_count"]);
      extra = r.body["priority"] === "Spot" ? "spot" : undefined;
    }
    const name = str(r.body["node_group_name"]) ?? str(r.body["name"]) ?? r.name;
    const node = p.node(r, "compute", "box", [`pool ${name}`, [type, size ? `${size} nodes` : undefined, extra].filter(Boolean).join(" · ")]);
    const cluster = parent && p.region(r).clusters.find((c) => c.id === p.nodeOf.get(key(parent)));
    if (cluster) cluster.nodes.push(node);
    else {
      p.place(r, node, "private");
      add(p.region(r), node.id);
    }
  }
  return computeOf;
}

// ---------------------------------------------------------------------------------------------------------------
// Databases

function databases(p: Picture): Map<Region, string[]> {
  const { reader } = p;
  const primaries = new Map<Region, string[]>();
  const primary = (r: Resource, id: string) => primaries.set(p.region(r), [...(primaries.get(p.region(r)) ?? []), id]);
  /** A secondary region's own member of a global database: what its apps read from (Aurora: and write through). */
  const member = (r: Resource, id: string) => p.members.set(p.region(r), [...(p.members.get(p.region(r)) ?? []), id]);
  const crossRegion = (a: Resource, b: Resource) => p.region(a) !== p.region(b);

  // RDS instances: primary, Multi-AZ standby, read replicas (replicate_source_db).
  for (const r of reader.of("aws_db_instance")) {
    const source = p.reader.refs(r.stack, r.body["replicate_source_db"], ["aws_db_instance"])[0];
    const id = str(r.body["identifier"]) ?? str(r.body["identifier_prefix"]) ?? r.name;
    const storage = str(r.body["allocated_storage"]);
    const engineName = str(r.body["engine"]) ?? (source ? str(source.body["engine"]) : undefined) ?? "postgres";
    const engine = engineName === "postgres" ? "PostgreSQL" : engineName;
    const node = p.node(r, "db", "db", [`${engine} ${source || r.body["replicate_source_db"] ? "read replica" : "primary"} ${id}`, [str(r.body["instance_class"]), storage ? `${storage} GiB` : undefined].filter(Boolean).join(" · ")]);
    p.place(r, node, "data");
    if (!source && !r.body["replicate_source_db"]) primary(r, node.id);
    if (r.body["multi_az"] === true) {
      const standby: Node = { id: `${node.id}_standby`, lines: [`HA standby of ${id}`, "Multi-AZ, synchronous"], shape: "db", kind: "db" };
      p.region(r).tiers.data.push(standby);
      p.link(node.id, standby.id, "sync replication", "thick");
    }
    if (source) p.link(source, r, crossRegion(source, r) ? "cross-region replica" : "async replica", "dotted");
  }

  // Aurora: one node per cluster role (writer, readers); global clusters link their members across regions.
  const globals = reader.of("aws_rds_global_cluster");
  for (const r of reader.of("aws_rds_cluster")) {
    const id = str(r.body["cluster_identifier"]) ?? r.name;
    const instances = reader.of("aws_rds_cluster_instance").filter((i) => p.reader.refs(i.stack, i.body["cluster_identifier"]).includes(r));
    const classes = [...new Set(instances.map((i) => str(i.body["instance_class"])).filter(Boolean))].join(" / ");
    const global = p.reader.refs(r.stack, r.body["global_cluster_identifier"], ["aws_rds_global_cluster"])[0] ?? globals.find((g) => str(g.body["global_cluster_identifier"]) === str(r.body["global_cluster_identifier"]));
    const secondary = !!global && global.stack !== r.stack;
    const writer = secondary ? 0 : Math.min(1, instances.length);
    const node = p.node(r, "db", "db", [`Aurora PostgreSQL ${secondary ? "secondary cluster (reads, forwards writes)" : "writer"} ${id}`, [classes, secondary ? `${instances.length} instances` : undefined].filter(Boolean).join(" · ")]);
    p.place(r, node, "data");
    if (!secondary) primary(r, node.id);
    else member(r, node.id);
    const readers = instances.length - writer;
    if (readers > 0 && !secondary) {
      const reader: Node = { id: `${node.id}_readers`, lines: [`${readers} Aurora replica${readers > 1 ? "s" : ""} of ${id}`, `failover targets and readers · ${classes}`], shape: "db", kind: "db" };
      p.region(r).tiers.data.push(reader);
      p.link(node.id, reader.id, "shared storage", "thick");
    }
    if (global && secondary) {
      const owner = reader.of("aws_rds_cluster").find((c) => c.stack === global.stack && p.reader.refs(c.stack, c.body["global_cluster_identifier"]).includes(global));
      if (owner) p.link(owner, r, `Aurora Global Database ${str(global.body["global_cluster_identifier"]) ?? ""}`.trim(), "dotted");
    }
  }

  // Cloud SQL: primary (REGIONAL = HA standby), read replicas and cross-region replicas (master_instance_name).
  for (const r of reader.of("google_sql_database_instance")) {
    const source = p.reader.refs(r.stack, r.body["master_instance_name"], ["google_sql_database_instance"])[0];
    const settings = first(r.body["settings"]) ?? {};
    const name = str(r.body["name"]) ?? r.name;
    const replica = !!r.body["master_instance_name"];
    const disk = str(settings["disk_size"]);
    const role = replica && source && crossRegion(source, r) ? "cross-region replica" : replica ? "read replica" : "primary";
    const node = p.node(r, "db", "db", [`Cloud SQL PostgreSQL ${role} ${name}`, [str(settings["tier"]), disk ? `${disk} GiB` : undefined].filter(Boolean).join(" · ")]);
    p.place(r, node, "data");
    if (!replica) primary(r, node.id);
    else if (source && crossRegion(source, r)) member(r, node.id);
    if (settings["availability_type"] === "REGIONAL") {
      const standby: Node = { id: `${node.id}_standby`, lines: [`HA standby of ${name}`, "regional, synchronous"], shape: "db", kind: "db" };
      p.region(r).tiers.data.push(standby);
      p.link(node.id, standby.id, "sync replication", "thick");
    }
    if (source) p.link(source, r, crossRegion(source, r) ? "cross-region replica" : "async replica", "dotted");
  }

  // Azure Flexible Server: primary (high_availability = standby), replicas (create_mode Replica), geo replicas.
  for (const r of reader.of("azurerm_postgresql_flexible_server")) {
    const source = p.reader.refs(r.stack, r.body["source_server_id"], ["azurerm_postgresql_flexible_server"])[0];
    const name = str(r.body["name"]) ?? r.name;
    const replica = r.body["create_mode"] === "Replica";
    const storage = typeof r.body["storage_mb"] === "number" ? `${Math.round(r.body["storage_mb"] / 1024)} GiB` : undefined;
    const role = replica && source && crossRegion(source, r) ? "geo replica" : replica ? "read replica" : "primary";
    const node = p.node(r, "db", "db", [`PostgreSQL Flexible Server ${role} ${name}`, [str(r.body["sku_name"]), storage].filter(Boolean).join(" · ")]);
    p.place(r, node, "data");
    if (!replica) primary(r, node.id);
    else if (source && crossRegion(source, r)) member(r, node.id);
    const ha = first(r.body["high_availability"]);
    if (ha) {
      const standby: Node = { id: `${node.id}_standby`, lines: [`HA standby of ${name}`, `${str(ha["mode"]) ?? "HA"}${ha["standby_availability_zone"] ? `, zone ${ha["standby_availability_zone"]}` : ""}`], shape: "db", kind: "db" };
      p.region(r).tiers.data.push(standby);
      p.link(node.id, standby.id, "sync replication", "thick");
    }
    if (source) p.link(source, r, crossRegion(source, r) ? "cross-region replica" : "async replica", "dotted");
  }
  return primaries;
}

// ---------------------------------------------------------------------------------------------------------------
// Caches

function caches(p: Picture): Map<Region, string[]> {
  const { reader } = p;
  const found = new Map<Region, string[]>();
  const add = (r: Resource, node: Node) => {
    p.place(r, node, "data");
    found.set(p.region(r), [...(found.get(p.region(r)) ?? []), node.id]);
  };
  const topology = (shards: unknown, replicas: unknown, nodes?: unknown) => {
    const copies = (n: unknown) => `${n ?? 0} replica${n === 1 ? "" : "s"}`;
    if (typeof shards === "number" && shards > 1) return `cluster: ${shards} shards × (1 primary + ${copies(replicas)})`;
    if (typeof shards === "number" && typeof replicas === "number") return replicas > 0 ? `cluster: 1 shard × (1 primary + ${copies(replicas)})` : "single node";
    if (typeof nodes === "number") return nodes > 1 ? `primary + ${nodes - 1} replica${nodes > 2 ? "s" : ""}, failover` : "single node";
    return undefined;
  };

  for (const r of reader.of("aws_elasticache_replication_group")) {
    const member = p.reader.refs(r.stack, r.body["global_replication_group_id"], ["aws_elasticache_global_replication_group"])[0];
    const owner = member && p.reader.refs(member.stack, member.body["primary_replication_group_id"], ["aws_elasticache_replication_group"])[0];
    const shape = topology(r.body["num_node_groups"] ?? (r.body["replicas_per_node_group"] !== undefined ? (owner ?? r).body["num_node_groups"] : undefined), r.body["replicas_per_node_group"], r.body["num_cache_clusters"]);
    const type = str(r.body["node_type"]) ?? (owner ? str(owner.body["node_type"]) : undefined);
    const id = str(r.body["replication_group_id"]) ?? r.name;
    add(r, p.node(r, "cache", "cache", [`ElastiCache Redis ${member ? "secondary (read-only) " : ""}${id}`, [shape, type].filter(Boolean).join(" · ")]));
    if (owner && owner !== r) p.link(owner, r, "Global Datastore replication", "dotted");
  }

  for (const r of reader.of("google_redis_instance")) {
    const ha = r.body["tier"] === "STANDARD_HA";
    const replicas = typeof r.body["replica_count"] === "number" ? r.body["replica_count"] : ha ? 1 : 0;
    const shape = ha ? `primary + ${replicas} replica${replicas > 1 ? "s" : ""}, failover` : "single node";
    add(r, p.node(r, "cache", "cache", [`Memorystore Redis ${str(r.body["name"]) ?? r.name}`, [shape, str(r.body["memory_size_gb"]) ? `${r.body["memory_size_gb"]} GB` : undefined].filter(Boolean).join(" · ")]));
  }
  for (const r of reader.of("google_redis_cluster")) {
    const replication = first(r.body["cross_cluster_replication_config"]);
    const source = replication && p.reader.refs(r.stack, replication, ["google_redis_cluster"])[0];
    const role = replication?.["cluster_role"] === "SECONDARY" ? "secondary (read-only) " : "";
    add(r, p.node(r, "cache", "cache", [`Memorystore Redis Cluster ${role}${str(r.body["name"]) ?? r.name}`, [topology(r.body["shard_count"], r.body["replica_count"] ?? 0), str(r.body["node_type"])].filter(Boolean).join(" · ")]));
    if (source && source !== r) p.link(source, r, "cross-region replication", "dotted");
  }

  for (const r of reader.of("azurerm_managed_redis", "azurerm_redis_cache")) {
    const db = first(r.body["default_database"]) ?? {};
    const clustered = db["clustering_policy"] === "OSSCluster" ? "OSS cluster" : db["clustering_policy"] === "EnterpriseCluster" ? "enterprise cluster" : undefined;
    const ha = r.body["high_availability_enabled"] === false ? "single node (no replica)" : r.type === "azurerm_managed_redis" ? "primary + replica, zone redundant" : undefined;
    const shards = str(r.body["shard_count"]) ? `${r.body["shard_count"]} shards` : undefined;
    const kind = r.type === "azurerm_managed_redis" ? "Azure Managed Redis" : "Azure Cache for Redis";
    add(r, p.node(r, "cache", "cache", [`${kind} ${str(r.body["name"]) ?? r.name}`, [str(r.body["sku_name"]), clustered, shards, ha].filter(Boolean).join(" · ")]));
  }
  for (const r of reader.of("azurerm_managed_redis_geo_replication")) {
    const members = p.reader.refs(r.stack, [r.body["managed_redis_id"], r.body["linked_managed_redis_ids"]], ["azurerm_managed_redis"]);
    for (const other of members.slice(1)) p.link(members[0], other, "active geo-replication", "both");
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Buckets

function buckets(p: Picture): void {
  for (const r of p.reader.of("aws_s3_bucket", "google_storage_bucket", "azurerm_storage_account")) {
    const name = str(r.body["bucket"]) ?? (str(r.body["bucket_prefix"]) ? `${r.body["bucket_prefix"]}*` : undefined) ?? str(r.body["name"]) ?? r.name;
    const label = r.type === "aws_s3_bucket" ? "S3 bucket" : r.type === "google_storage_bucket" ? "Cloud Storage bucket" : "storage account";
    const where = r.type === "google_storage_bucket" ? str(r.body["location"]) : r.type === "azurerm_storage_account" ? str(r.body["account_replication_type"]) : p.isGlobal(r) ? p.regionName(r) : undefined;
    const node = p.node(r, "bucket", "bucket", [`${label} ${name}`, where]);
    p.place(r, node);
  }
  for (const r of p.reader.of("aws_s3_bucket_replication_configuration")) {
    const [source] = p.reader.refs(r.stack, r.body["bucket"], ["aws_s3_bucket"]);
    for (const target of p.reader.refs(r.stack, r.body["rule"], ["aws_s3_bucket"])) p.link(source, target, "replication", "dotted");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Load balancers, CDN, WAF, global traffic

function traffic(p: Picture, computeOf: Map<Region, string[]>): void {
  const { reader } = p;
  const users = "users";
  const entries: string[] = [];
  // ECS services not registered with a load balancer (workers, internal services) receive no traffic from it.
  const unbalanced = new Set(reader.of("aws_ecs_service").filter((r) => r.body["load_balancer"] === undefined).map((r) => p.nodeOf.get(key(r))));
  const toCompute = (from: string, region: Region) => {
    for (const c of computeOf.get(region) ?? []) if (!unbalanced.has(c)) p.link(from, c);
  };

  // Regional load balancers.
  for (const r of reader.of("aws_lb", "azurerm_lb")) {
    const internal = r.body["internal"] === true;
    const type = r.type === "azurerm_lb" ? `Azure Load Balancer ${str(r.body["sku"]) ?? ""}`.trim() : r.body["load_balancer_type"] === "network" ? "NLB" : "ALB";
    const node = p.node(r, "edge", "entry", [`${type} ${str(r.body["name"]) ?? r.name}`, internal ? "internal" : "internet-facing"]);
    p.place(r, node, "public");
    toCompute(node.id, p.region(r));
    if (!internal) entries.push(node.id);
  }
  // Azure public IPs that serve an app (VM, ingress): what Front Door and users reach when no load balancer holds them.
  for (const r of reader.of("azurerm_public_ip")) {
    const usedByLb = reader.of("azurerm_lb").some((lb) => p.reader.refs(lb.stack, lb.body["frontend_ip_configuration"]).includes(r));
    const nat = reader.of("azurerm_nat_gateway_public_ip_association").some((a) => p.reader.refs(a.stack, a.body["public_ip_address_id"]).includes(r));
    if (nat) continue;
    if (usedByLb) {
      const lb = reader.of("azurerm_lb").find((x) => p.reader.refs(x.stack, x.body["frontend_ip_configuration"]).includes(r))!;
      p.nodeOf.set(key(r), p.nodeOf.get(key(lb))!);
      continue;
    }
    const ingress = /ingress/.test(r.name);
    const node = p.node(r, "edge", "entry", [ingress ? "AKS ingress load balancer" : "public IP", str(r.body["name"])]);
    p.place(r, node, "public");
    toCompute(node.id, p.region(r));
    entries.push(node.id);
  }
  // GCP HTTPS load balancers are global: url map → backend services (instance groups) and backend buckets (Cloud CDN).
  for (const r of reader.of("google_compute_url_map")) {
    const targets = p.reader.refs(r.stack, [r.body["default_service"], r.body["path_matcher"]], ["google_compute_backend_service", "google_compute_backend_bucket"]);
    if (targets.length === 0) continue; // the HTTP → HTTPS redirect
    const cdn = targets.some((t) => t.type === "google_compute_backend_bucket" && t.body["enable_cdn"] === true);
    const node = p.node(r, "edge", "entry", [`Global external HTTPS load balancer${cdn ? " + Cloud CDN" : ""}`, str(r.body["name"])]);
    p.edge.push(node);
    entries.push(node.id);
    for (const t of targets) p.nodeOf.set(key(t), p.nodeOf.get(key(t)) ?? node.id);
    for (const t of targets) {
      if (t.type === "google_compute_backend_bucket") for (const b of p.reader.refs(t.stack, t.body["bucket_name"], ["google_storage_bucket"])) p.link(node.id, b, "static assets");
      if (t.type === "google_compute_backend_service") {
        const backends = p.reader.refs(t.stack, [t.body["backend"], t.body["dynamic"]]);
        // A serverless NEG stands for the Cloud Run service it names.
        const groups = backends.flatMap((b) => (b.type === "google_compute_region_network_endpoint_group" ? p.reader.refs(b.stack, b.body["cloud_run"], ["google_cloud_run_v2_service"]) : [b]));
        for (const g of groups.filter((x) => p.nodeOf.has(key(x)) && ["google_container_node_pool", "google_compute_region_instance_group_manager", "google_compute_instance_group_manager", "google_cloud_run_v2_service"].includes(x.type))) p.link(node.id, g, "/api/*");
        if (groups.length === 0) for (const region of p.regions.values()) toCompute(node.id, region);
        const armor = p.reader.refs(t.stack, t.body["security_policy"], ["google_compute_security_policy"])[0];
        if (armor) {
          const waf = p.node(armor, "edge", "waf", [`Cloud Armor WAF ${str(armor.body["name"]) ?? ""}`.trim()]);
          p.edge.push(waf);
          p.link(waf.id, node.id, "filters");
        }
      }
    }
  }
  // CloudFront: origins (buckets, the app's origin host), origin-group failover, WAF.
  for (const r of reader.of("aws_cloudfront_distribution")) {
    const aliases = Array.isArray(r.body["aliases"]) ? (r.body["aliases"] as string[]).join(", ") : undefined;
    const node = p.node(r, "edge", "entry", ["CloudFront CDN", aliases]);
    p.edge.push(node);
    entries.push(node.id);
    const origins = (Array.isArray(r.body["origin"]) ? r.body["origin"] : []) as Body[];
    const groups = (Array.isArray(r.body["origin_group"]) ? r.body["origin_group"] : []) as Body[];
    const failover = new Set(groups.flatMap((g) => ((g["member"] ?? []) as Body[]).slice(1).map((m) => m["origin_id"] as string)));
    for (const o of origins) {
      for (const b of p.reader.refs(r.stack, o["domain_name"], ["aws_s3_bucket"])) p.link(node.id, b, failover.has(o["origin_id"]) ? "static assets, failover" : "static assets");
      const host = str(o["domain_name"]);
      if (!host) continue;
      const records = reader.of("aws_route53_record").filter((x) => str(x.body["name"]) === host);
      const latency = records.filter((x) => x.body["latency_routing_policy"] || x.body["set_identifier"]);
      if (latency.length) p.link(node.id, "route53_latency", `/api/* → ${host}`);
      for (const rec of records.filter((x) => !latency.includes(x))) for (const lb of p.reader.refs(rec.stack, rec.body["alias"], ["aws_lb"])) p.link(node.id, lb, "/api/*");
      if (!records.length) for (const region of p.regions.values()) for (const lb of reader.of("aws_lb").filter((x) => p.region(x) === region)) p.link(node.id, lb, `/api/* → ${host}`);
    }
    const acl = p.reader.refs(r.stack, r.body["web_acl_id"], ["aws_wafv2_web_acl"])[0];
    if (acl) {
      const waf = p.node(acl, "edge", "waf", [`AWS WAF ${str(acl.body["name"]) ?? ""}`.trim()]);
      p.edge.push(waf);
      p.link(waf.id, node.id, "filters");
    }
  }
  // Route 53 latency records: one name, one record per region, health-checked.
  const latency = reader.of("aws_route53_record").filter((x) => x.body["latency_routing_policy"]);
  if (latency.length) {
    const names = [...new Set(latency.map((x) => str(x.body["name"])).filter(Boolean))].join(", ");
    p.edge.push({ id: "route53_latency", lines: ["Route 53 latency routing", names], shape: "entry", kind: "edge" });
    for (const rec of latency) for (const lb of p.reader.refs(rec.stack, rec.body["alias"], ["aws_lb"])) p.link("route53_latency", lb, str(rec.body["set_identifier"]) ?? p.region(rec).name);
  }
  // Front Door: origins per region (probed), static origin, WAF policy.
  for (const r of reader.of("azurerm_cdn_frontdoor_profile")) {
    const domains = reader.of("azurerm_cdn_frontdoor_custom_domain").map((d) => str(d.body["host_name"])).filter(Boolean).join(", ");
    const node = p.node(r, "edge", "entry", [`Azure Front Door ${str(r.body["sku_name"])?.replace("_AzureFrontDoor", "") ?? ""}`.trim(), domains || undefined]);
    p.edge.push(node);
    entries.push(node.id);
    for (const o of reader.of("azurerm_cdn_frontdoor_origin")) {
      const targets = p.reader.refs(o.stack, o.body["host_name"], ["azurerm_public_ip", "azurerm_storage_account"]);
      for (const t of targets) p.link(node.id, t, t.type === "azurerm_storage_account" ? "static assets" : `/api/* ${str(o.body["name"]) ?? ""}`.trim());
    }
    const policy = reader.of("azurerm_cdn_frontdoor_firewall_policy")[0];
    if (policy) {
      const waf = p.node(policy, "edge", "waf", [`Front Door WAF ${str(policy.body["name"]) ?? ""}`.trim(), str(policy.body["mode"])]);
      p.edge.push(waf);
      p.link(waf.id, node.id, "filters");
    }
  }
  // DNS names users resolve: the CDN's (CloudFront aliases, Cloud DNS, Azure DNS) are in its label; users reach the
  // outermost entries: CDNs and global balancers when there are any, else the regional entries.
  const outer = p.edge.filter((n) => n.shape === "entry" && n.id !== "route53_latency").map((n) => n.id);
  const reached = new Set(p.edges().map((e) => e.to));
  for (const id of outer.length ? outer : entries.filter((e) => !reached.has(e))) p.link(users, id);
  if (!outer.length && !entries.length) for (const region of p.regions.values()) for (const c of computeOf.get(region) ?? []) if (region.tiers.public.some((n) => n.id === c)) p.link(users, c);
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

function shape(node: Node): string {
  const text = node.lines.map(escapeLabel).join("<br/>");
  switch (node.shape) {
    case "db":
      return `${node.id}[("${text}")]`;
    case "cache":
      return `${node.id}{{"${text}"}}`;
    case "bucket":
      return `${node.id}[/"${text}"/]`;
    case "entry":
      return `${node.id}(["${text}"])`;
    case "waf":
      return `${node.id}[["${text}"]]`;
    case "users":
      return `${node.id}(("${text}"))`;
    default:
      return `${node.id}["${text}"]`;
  }
}

function render(p: Picture, primaryRegion: string | undefined): string {
  const out: string[] = ["flowchart TB", `  %% ${escapeLabel(p.environment)}: generated by tierform diagram from the synthesized Terraform`];
  const classes: Record<Kind, string[]> = { compute: [], db: [], cache: [], bucket: [], edge: [], network: [] };
  const emit = (node: Node, indent: string) => {
    out.push(`${indent}${shape(node)}`);
    classes[node.kind].push(node.id);
  };
  const edges = p.edges();
  const usedUsers = edges.some((e) => e.from === "users");
  if (usedUsers) out.push(`  users(("Users"))`);
  if (p.edge.length) {
    out.push(`  subgraph edge["${escapeLabel(p.regions.size > 1 ? "Global: edge and traffic" : "Edge")}"]`);
    for (const n of p.edge) emit(n, "    ");
    out.push("  end");
  }
  const regions = [...p.regions.values()].sort((a, b) => (a.name === primaryRegion ? -1 : b.name === primaryRegion ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const region of regions) {
    const role = p.regions.size > 1 ? (region.name === primaryRegion ? " (primary)" : " (secondary)") : "";
    out.push(`  subgraph ${region.id}["${escapeLabel(`Region ${region.name}${role}`)}"]`);
    const inNetwork = region.network !== undefined;
    const indent = inNetwork ? "      " : "    ";
    if (region.network) out.push(`    subgraph ${region.network.id}["${escapeLabel(region.network.title)}"]`);
    for (const tier of ["public", "private", "data"] as const) {
      const nodes = region.tiers[tier];
      const clusters = region.clusters.filter((c) => region.clusterTier.get(c.id) === tier);
      if (!nodes.length && !clusters.length && !region.subnets[tier].length) continue;
      const subnets = region.subnets[tier];
      const title = subnets.length ? `${tier} ${subnets.length === 1 ? "subnet" : "subnets"}: ${subnets.join(", ")}` : tier === "data" ? "data stores (private networking)" : tier === "public" ? "public entry points" : "private";
      out.push(`${indent}subgraph ${region.id}_${tier}["${escapeLabel(title)}"]`);
      for (const c of clusters) {
        out.push(`${indent}  subgraph ${c.id}["${escapeLabel(c.title)}"]`);
        for (const n of c.nodes) emit(n, `${indent}    `);
        out.push(`${indent}  end`);
        classes.compute.push(c.id);
      }
      for (const n of nodes) emit(n, `${indent}  `);
      out.push(`${indent}end`);
    }
    if (region.network) out.push("    end");
    for (const n of region.loose) emit(n, "    ");
    out.push("  end");
  }
  for (const e of edges) {
    const arrow = e.style === "dotted" ? "-.->" : e.style === "thick" ? "==>" : e.style === "both" ? "<-.->" : "-->";
    out.push(`  ${e.from} ${arrow}${e.label ? `|"${escapeLabel(e.label)}"|` : ""} ${e.to}`);
  }
  out.push(
    "  classDef compute fill:#e8f0fe,stroke:#3367d6",
    "  classDef db fill:#fef7e0,stroke:#b06000",
    "  classDef cache fill:#fce8e6,stroke:#c5221f",
    "  classDef bucket fill:#e6f4ea,stroke:#137333",
    "  classDef edge fill:#f3e8fd,stroke:#8430ce",
    "  classDef network fill:#f1f3f4,stroke:#5f6368",
  );
  for (const [cls, ids] of Object.entries(classes)) if (ids.length) out.push(`  class ${[...new Set(ids)].join(",")} ${cls}`);
  return `${out.join("\n")}\n`;
}

/** The region whose stack holds the database primary or the global groups: the first of `regions`. */
function primaryRegionOf(p: Picture, dbPrimaries: Map<Region, string[]>): string | undefined {
  const roles = Object.entries(p.reader.synth).flatMap(([, json]) => {
    const role = (json.output?.["region_role"] as { value?: unknown } | undefined)?.value;
    const region = (json.output?.["region"] as { value?: unknown } | undefined)?.value;
    return role === "primary" && typeof region === "string" ? [region] : [];
  });
  if (roles[0]) return roles[0];
  return [...dbPrimaries.keys()][0]?.name ?? [...p.regions.keys()][0];
}

/** One environment's stacks → its Mermaid flowchart. */
export function diagramOf(environment: string, synth: SynthResult): string {
  const p = new Picture(environment, synth);
  network(p);
  const computeOf = compute(p);
  const dbs = databases(p);
  const cacheNodes = caches(p);
  buckets(p);
  traffic(p, computeOf);
  // The app talks to its region's databases and caches.
  for (const region of p.regions.values()) {
    const apps = computeOf.get(region) ?? [];
    for (const app of apps) for (const target of [...(dbs.get(region) ?? []), ...(cacheNodes.get(region) ?? [])]) p.link(app, target);
    // A secondary region writes to its own database member (Aurora forwards writes) or reads from its replica.
    for (const app of apps) for (const db of p.members.get(region) ?? []) p.link(app, db, "reads; writes reach the primary");
  }
  return render(p, primaryRegionOf(p, dbs));
}

/** Every environment of a synth (stacks grouped by tierform's naming) → its Mermaid flowchart. */
export function diagram(synth: SynthResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [env, stacks] of Object.entries(environmentsOf(Object.keys(synth)))) {
    out[env] = diagramOf(env, Object.fromEntries(stacks.map((s) => [s, synth[s]!])));
  }
  return out;
}

/**
 * `tierform diagram PATH [--stack NAME] [--out DIR]`. One environment: its Mermaid text. Several: Markdown, one
 * `## <environment>` heading and ```mermaid block each (renders on code hosts). `--out DIR` writes
 * `DIR/<environment>.mmd` per environment instead. NAME is an environment or a stack (that stack's environment).
 * Bad input throws one-line errors (the CLI prints them and exits 2).
 */
export function diagramCommand(args: readonly string[], write: (text: string) => void): number {
  let path: string | undefined;
  let stack: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--stack" || arg === "--out") {
      const value = args[++i];
      if (!value) throw new Error(`${arg} needs a value`);
      if (arg === "--stack") stack = value;
      else out = value;
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg} (options: --stack NAME, --out DIR)`);
    else if (path) throw new Error(`one path only, got ${path} and ${arg}`);
    else path = arg;
  }
  if (!path) throw new Error("a path is needed: a cdktf.out directory, a stack directory or a cdk.tf.json");
  const synth = readSynth(path);
  const notTerraform = Object.keys(synth).filter((s) => !synth[s]!.terraform && !synth[s]!.resource);
  if (notTerraform.length) throw new Error(`${path}: not synthesized Terraform (no "terraform" or "resource" block in ${notTerraform.join(", ")})`);
  const environments = environmentsOf(Object.keys(synth));
  let chosen = Object.keys(environments);
  if (stack !== undefined) {
    const env = environments[stack] ? stack : Object.keys(environments).find((e) => environments[e]!.includes(stack!));
    if (!env) throw new Error(`unknown stack or environment "${stack}"; environments: ${Object.keys(environments).join(", ")}`);
    chosen = [env];
  }
  const diagrams = diagram(Object.fromEntries(chosen.flatMap((e) => environments[e]!).map((s) => [s, synth[s]!])));
  if (out) {
    mkdirSync(out, { recursive: true });
    for (const env of chosen) writeFileSync(join(out, `${env}.mmd`), diagrams[env]!);
    write(`${chosen.map((env) => join(out!, `${env}.mmd`)).join("\n")}\n`);
  } else if (chosen.length === 1) write(diagrams[chosen[0]!]!);
  else write(chosen.map((env) => `## ${env}\n\n\`\`\`mermaid\n${diagrams[env]}\`\`\`\n`).join("\n"));
  return 0;
}
