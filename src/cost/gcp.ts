import { gcpCatalog } from "../catalog/gcp";
import { gcpRates } from "../catalog/rates";
import { block, blocks, counts, machine, monthly, num, rangeText, remote, shareOf, sharedNote, usage } from "./common";
import { bucketGb } from "./aws";
import { fixed, flat, scaled, usd, type PriceContext, type Priced, type Pricer, type Range, type Resource } from "./model";

const R = gcpRates.rates;
const spot = 1 - gcpRates.spotDiscount;

function diskRate(type: unknown): number {
  const t = String(type ?? "pd-balanced").toLowerCase();
  return t.includes("ssd") ? R.pdSsdGbMonth.usd : t.includes("standard") ? R.pdStandardGbMonth.usd : R.pdBalancedGbMonth.usd;
}

function vm(type: unknown): { usd: number; name: string } {
  const m = machine(gcpCatalog.machines, type);
  return { usd: m ? monthly(m.usdPerHour) : 0, name: m ? m.name : `${String(type)} (not in the catalog: $0)` };
}

function fleet(type: unknown, disks: { size: number; type: unknown }[], c: Range, isSpot: boolean, what: string): Priced {
  const m = vm(type);
  const disk = disks.reduce((sum, d) => sum + d.size * diskRate(d.type), 0);
  const each = m.usd * (isSpot ? spot : 1) + disk;
  const diskText = disks.map((d) => `${d.size} GB ${String(d.type ?? "pd-balanced")}`).join(" + ");
  return scaled(each, c, `${rangeText(c)} × ${m.name}${isSpot ? ` at spot (−${gcpRates.spotDiscount * 100} %)` : ""}${diskText ? ` + ${diskText}` : ""} = ${usd(each)}/${what}-month`);
}

const spotScheduling = (s: Record<string, any> | undefined) => s !== undefined && (s["preemptible"] === true || s["provisioning_model"] === "SPOT");

const instance: Pricer = (r, ctx) => {
  const boot = block(block(r.body["boot_disk"])?.["initialize_params"]) ?? {};
  const base = fleet(r.body["machine_type"], [{ size: num(boot["size"]) ?? 10, type: boot["type"] }], fixed(1), spotScheduling(block(r.body["scheduling"])), "instance");
  const e = egressShare(r, ctx, "vm");
  const egress = usage(R.internetEgressGb, ctx.usage.egressGB * e.fraction);
  return egress ? { ...base, min: base.min + egress, start: base.start + egress, max: base.max + egress, basis: `${base.basis}; internet egress ${Math.round(ctx.usage.egressGB * e.fraction)} GB ${usd(egress)}` } : base;
};

const groupManager: Pricer = (r, ctx) => {
  const version = blocks(r.body["version"])[0];
  const template = ctx.ref(r, version?.["instance_template"] ?? r.body["instance_template"]);
  const autoscaler = ctx.all("google_compute_region_autoscaler").concat(ctx.all("google_compute_autoscaler")).find((a) => a.stack === r.stack && ctx.ref(a, a.body["target"])?.address === r.address);
  const policy = block(autoscaler?.body["autoscaling_policy"]) ?? {};
  const c = counts(num(policy["min_replicas"]), num(r.body["target_size"]) ?? num(policy["min_replicas"]), num(policy["max_replicas"]) ?? num(r.body["target_size"]));
  const disks = blocks(template?.body["disk"]).map((d) => ({ size: num(d["disk_size_gb"]) ?? 10, type: d["disk_type"] }));
  return fleet(template?.body["machine_type"], disks, c, spotScheduling(block(template?.body["scheduling"])), "instance");
};

const disk: Pricer = (r) => {
  const size = num(r.body["size"]) ?? 10;
  const rate = diskRate(r.body["type"]);
  return flat(size * rate, `${size} GB ${String(r.body["type"] ?? "pd-standard")} × ${usd(rate)}/GB-month`);
};

const isRegion = (location: unknown) => typeof location === "string" && /^[a-z]+-[a-z]+\d+$/.test(location);

function zonesOf(r: Resource, cluster: Resource | undefined): number {
  const locations = (r.body["node_locations"] ?? cluster?.body["node_locations"]) as unknown[] | undefined;
  if (Array.isArray(locations) && locations.length > 0) return locations.length;
  return isRegion(r.body["location"] ?? cluster?.body["location"]) ? 3 : 1;
}

const nodePool: Pricer = (r, ctx) => {
  const cluster = ctx.ref(r, r.body["cluster"]);
  const zones = zonesOf(r, cluster);
  const a = block(r.body["autoscaling"]);
  const perZone = (v: unknown) => (num(v) === undefined ? undefined : num(v)! * zones);
  const min = num(a?.["total_min_node_count"]) ?? perZone(a?.["min_node_count"]);
  const max = num(a?.["total_max_node_count"]) ?? perZone(a?.["max_node_count"]);
  const start = perZone(r.body["node_count"]) ?? perZone(r.body["initial_node_count"]);
  const c = a ? counts(min, start, max) : fixed(start ?? zones);
  const cfg = block(r.body["node_config"]) ?? {};
  const isSpot = cfg["spot"] === true || cfg["preemptible"] === true;
  return fleet(cfg["machine_type"] ?? "e2-medium", [{ size: num(cfg["disk_size_gb"]) ?? 100, type: cfg["disk_type"] ?? "pd-balanced" }], c, isSpot, "node");
};

/** Cloud Logging destinations of an environment (clusters shipping logs, data-access audit logs, log sinks): they share its log GB beyond the project's free 50 GiB. */
const logSink = (p: Resource) => (p.type === "google_container_cluster" && p.body["logging_config"] !== undefined) || p.type === "google_project_iam_audit_config" || p.type === "google_logging_project_sink";

function logs(r: Resource, ctx: PriceContext): { usd: number; text: string } {
  const s = shareOf(r, ctx, logSink);
  if (s.fraction === 0) return { usd: 0, text: "" };
  const gb = Math.max(0, ctx.usage.logGB - R.loggingFreeGb.usd) * s.fraction;
  return { usd: gb * R.loggingGb.usd, text: `${gb.toFixed(1)} GiB logs beyond the free 50${sharedNote(s.of)} × ${usd(R.loggingGb.usd)}` };
}

const cluster: Pricer = (r, ctx) => {
  const fee = monthly(R.gkeClusterHour.usd);
  const l = logs(r, ctx);
  let nodes = 0;
  let nodeText = "";
  if (r.body["remove_default_node_pool"] !== true && r.body["enable_autopilot"] !== true) {
    const zones = zonesOf(r, undefined);
    const n = (num(r.body["initial_node_count"]) ?? 1) * zones;
    const cfg = block(r.body["node_config"]) ?? {};
    const m = vm(cfg["machine_type"] ?? "e2-medium");
    nodes = n * (m.usd + (num(cfg["disk_size_gb"]) ?? 100) * diskRate(cfg["disk_type"]));
    nodeText = ` + default pool ${n} × ${m.name}`;
  }
  const total = fee + l.usd + nodes;
  return { ...flat(total, `control plane ${usd(R.gkeClusterHour.usd)}/h${nodeText}${l.text ? ` + ${l.text}` : ""}`) };
};

const auditConfig: Pricer = (r, ctx) => {
  const l = logs(r, ctx);
  return flat(l.usd, l.text || "no log usage assigned");
};

const sqlInstance: Pricer = (r, ctx) => {
  const s = block(r.body["settings"]) ?? {};
  const tier = gcpCatalog.databaseClassNames!.parse(String(s["tier"]));
  const copies = s["availability_type"] === "REGIONAL" ? 2 : 1;
  const gb = num(s["disk_size"]) ?? 10;
  const rate = String(s["disk_type"] ?? "PD_SSD") === "PD_HDD" ? R.sqlHddGbMonth.usd : R.sqlSsdGbMonth.usd;
  const compute = tier ? monthly(tier.usdPerHour) : 0;
  const storage = gb * rate;
  const backups = block(s["backup_configuration"]);
  const retained = num(block(backups?.["backup_retention_settings"])?.["retained_backups"]) ?? 7;
  const backup = backups?.["enabled"] === true ? gb * (1 + retained * ctx.usage.backupDailyChange) * R.sqlBackupGbMonth.usd : 0;
  const replica = r.body["master_instance_name"] !== undefined;
  const crossRegion = replica && remote(r.body["master_instance_name"]);
  const linkShare = shareOf(r, ctx, (p) => p.type === "google_sql_database_instance" && remote(p.body["master_instance_name"]));
  const transfer = crossRegion ? ctx.usage.crossRegionGB * linkShare.fraction * R.interRegionGb.usd : 0;
  const role = replica ? (crossRegion ? "cross-region replica" : "read replica") : copies === 2 ? "HA (primary + standby)" : "zonal";
  const total = copies * (compute + storage) + backup + transfer;
  return flat(total, `${role}: ${copies} × (${tier?.name ?? `${String(s["tier"])} (not a Cloud SQL tier)`} ${usd(compute)} + ${gb} GB ${usd(storage)})${backup ? ` + backups ${usd(backup)}` : ""}${transfer ? ` + replication ${usd(transfer)}` : ""}`);
};

function memorystoreRate(tier: string, gb: number): number {
  const band = gb <= 4 ? 1 : gb <= 10 ? 2 : gb <= 35 ? 3 : gb <= 100 ? 4 : 5;
  const key = `redis${tier === "STANDARD_HA" ? "Standard" : "Basic"}M${band}` as keyof typeof R;
  return R[key].usd;
}

const redisInstance: Pricer = (r) => {
  const gb = num(r.body["memory_size_gb"]) ?? 1;
  const tier = String(r.body["tier"] ?? "BASIC");
  const rate = memorystoreRate(tier, gb);
  // Standard tier prices a primary and one replica; each further read replica adds a node at half that rate.
  const replicas = tier === "STANDARD_HA" ? Math.max(1, num(r.body["replica_count"]) ?? 1) : 0;
  const factor = tier === "STANDARD_HA" ? (1 + replicas) / 2 : 1;
  return flat(monthly(gb * rate) * factor, `${tier} ${gb} GB × ${usd(rate)}/GB-hour${factor !== 1 ? ` × ${factor} (primary + ${replicas} replicas)` : ""}`);
};

const redisCluster: Pricer = (r) => {
  const shards = num(r.body["shard_count"]) ?? 1;
  const replicas = num(r.body["replica_count"]) ?? 0;
  const m = machine(gcpCatalog.caches, r.body["node_type"] ?? "REDIS_HIGHMEM_MEDIUM");
  const each = m ? monthly(m.usdPerHour) : 0;
  const nodes = shards * (1 + replicas);
  return flat(each * nodes, `${shards} shards × (1 + ${replicas}) × ${m?.name ?? String(r.body["node_type"])} ${usd(each)}/month`);
};

const routerNat: Pricer = (r, ctx) => {
  const n = ctx.nodesIn(r.stack);
  const s = shareOf(r, ctx, (p) => p.type === "google_compute_router_nat");
  const gb = ctx.usage.natGB * s.fraction;
  const data = gb * R.natGb.usd;
  const at = (vms: number) => monthly(Math.min(32, vms) * R.natVmHour.usd) + data;
  return { min: at(n.min), start: at(n.start), max: at(n.max), basis: `${usd(R.natVmHour.usd)}/VM-hour for ${rangeText(n)} VMs (at most 32) + ${Math.round(gb)} GB processed${sharedNote(s.of)} × ${usd(R.natGb.usd)}` };
};

const forwardingRule: Pricer = (r, ctx) => {
  const rules = ctx.resources.filter((p) => p.type === "google_compute_global_forwarding_rule" || p.type === "google_compute_forwarding_rule");
  const index = rules.findIndex((p) => p.address === r.address && p.stack === r.stack);
  if (index === 0) return flat(monthly(R.forwardingRuleHour.usd), `first 5 forwarding rules of the project ${usd(R.forwardingRuleHour.usd)}/h (this one carries them)`);
  if (index < 5) return flat(0, "within the project's first 5 forwarding rules");
  return flat(monthly(R.extraForwardingRuleHour.usd), `forwarding rule beyond 5 ${usd(R.extraForwardingRuleHour.usd)}/h`);
};

const cdnEdge = (p: Resource) => (p.type === "google_compute_backend_bucket" || p.type === "google_compute_backend_service") && p.body["enable_cdn"] === true;

function egressShare(r: Resource, ctx: PriceContext, level: "cdn" | "lb" | "vm"): { fraction: number; of: number } {
  const edge = ctx.resources.some(cdnEdge) ? "cdn" : ctx.resources.some((p) => p.type === "google_compute_backend_service") ? "lb" : "vm";
  if (edge !== level) return { fraction: 0, of: 0 };
  const pick = { cdn: cdnEdge, lb: (p: Resource) => p.type === "google_compute_backend_service", vm: (p: Resource) => p.type === "google_compute_instance" }[level];
  return shareOf(r, ctx, pick);
}

const backend: Pricer = (r, ctx) => {
  const parts: string[] = [];
  let total = 0;
  const cdn = egressShare(r, ctx, "cdn");
  if (cdn.fraction > 0) {
    const gb = ctx.usage.egressGB * cdn.fraction;
    const req = ctx.usage.requestsMillions * cdn.fraction;
    const cost = usage(R.cdnEgressGb, gb) + req * R.cdnLookupsMillion.usd;
    total += cost;
    parts.push(`Cloud CDN ${Math.round(gb)} GB (tiered from ${usd(R.cdnEgressGb.usd)}/GB) + ${req.toFixed(1)}M lookups × ${usd(R.cdnLookupsMillion.usd)}/M`);
  }
  if (r.type === "google_compute_backend_service") {
    const s = shareOf(r, ctx, (p) => p.type === "google_compute_backend_service");
    const gb = ctx.usage.egressGB * s.fraction;
    const processed = gb * R.lbProcessedGb.usd;
    const lb = egressShare(r, ctx, "lb");
    const egress = usage(R.internetEgressGb, ctx.usage.egressGB * lb.fraction);
    total += processed + egress;
    parts.push(`${Math.round(gb)} GB processed${sharedNote(s.of)} × ${usd(R.lbProcessedGb.usd)}${egress ? ` + internet egress ${usd(egress)}` : ""}`);
  }
  return flat(total, parts.join(" + ") || "no CDN: nothing beyond the load balancer's rules");
};

const securityPolicy: Pricer = (r, ctx) => {
  const rules = blocks(r.body["rule"]).length;
  const s = shareOf(r, ctx, (p) => p.type === "google_compute_security_policy");
  const req = ctx.usage.requestsMillions * s.fraction;
  const cost = R.armorPolicyMonth.usd + rules * R.armorRuleMonth.usd + req * R.armorRequestsMillion.usd;
  return flat(cost, `policy ${usd(R.armorPolicyMonth.usd)} + ${rules} rules × ${usd(R.armorRuleMonth.usd)} + ${req.toFixed(1)}M requests × ${usd(R.armorRequestsMillion.usd)}/M`);
};

const kmsKey: Pricer = () => flat(R.kmsKeyVersionMonth.usd, `one active key version ${usd(R.kmsKeyVersionMonth.usd)}/month`);
const secretVersion: Pricer = () => flat(R.secretVersionMonth.usd, `active secret version ${usd(R.secretVersionMonth.usd)}/month`);

const bucket: Pricer = (r, ctx) => {
  const b = bucketGb(r, ctx, "google_storage_bucket");
  const multi = /^(US|EU|ASIA)$/i.test(String(r.body["location"] ?? ""));
  const rate = multi ? R.gcsMultiRegionGbMonth.usd : R.gcsRegionalGbMonth.usd;
  return flat(b.gb * rate, `${Math.round(b.gb)} GB ${b.text} × ${usd(rate)}/GB-month`);
};

const address: Pricer = (r) => (r.body["address_type"] === "INTERNAL" ? flat(0, "internal address: free") : flat(monthly(R.staticIpHour.usd), `external IPv4 in use ${usd(R.staticIpHour.usd)}/h`));

const subnetwork: Pricer = (r, ctx) => {
  if (r.body["log_config"] === undefined) return flat(0, "subnets are free");
  const s = shareOf(r, ctx, (p) => p.type === "google_compute_subnetwork" && p.body["log_config"] !== undefined);
  const gb = ctx.usage.flowLogGB * s.fraction;
  return flat(gb * R.flowLogsGb.usd, `${gb.toFixed(1)} GiB flow logs${sharedNote(s.of)} × ${usd(R.flowLogsGb.usd)}`);
};

/** A Cloud Run container's size: `cpu` in vCPU ("1", "2000m"), `memory` in GiB ("2Gi", "512Mi"). */
function runSize(container: Record<string, any> | undefined): { vcpu: number; gib: number } {
  const l = block(block(container?.["resources"])?.["limits"]) ?? {};
  const cpu = String(l["cpu"] ?? "1");
  const memory = String(l["memory"] ?? "512Mi");
  const vcpu = cpu.endsWith("m") ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
  const gib = memory.endsWith("Gi") ? Number(memory.slice(0, -2)) : memory.endsWith("Mi") ? Number(memory.slice(0, -2)) / 1024 : Number(memory) / 2 ** 30;
  return { vcpu, gib };
}

const SECONDS_PER_MONTH = monthly(3600);

/** One instance for a month at per-second rates. */
const runInstanceMonth = (size: { vcpu: number; gib: number }, vcpuRate: number, gibRate: number) => (size.vcpu * vcpuRate + size.gib * gibRate) * SECONDS_PER_MONTH;

/**
 * A Cloud Run service at its minimum and maximum instances. CPU always allocated (`cpu_idle = false`): instance-based
 * billing, every instance all month. Otherwise request-based: priced as if every instance served all month (an upper
 * bound), plus the environment's requests.
 */
const cloudRunService: Pricer = (r, ctx) => {
  const t = block(r.body["template"]) ?? {};
  const container = blocks(t["containers"])[0];
  const size = runSize(container);
  const scaling = block(t["scaling"]) ?? {};
  const c = counts(num(scaling["min_instance_count"]) ?? 0, num(scaling["min_instance_count"]) ?? 0, num(scaling["max_instance_count"]) ?? 100);
  const what = `${size.vcpu} vCPU / ${size.gib} GiB`;
  if (block(container?.["resources"])?.["cpu_idle"] === false) {
    const each = runInstanceMonth(size, R.runInstanceVcpuSecond.usd, R.runInstanceGibSecond.usd);
    return { min: each * c.min, start: each * c.start, max: each * c.max, basis: `${rangeText(c)} instances × ${what}, CPU always allocated (instance-based) = ${usd(each)}/instance-month` };
  }
  const each = runInstanceMonth(size, R.runRequestVcpuSecond.usd, R.runRequestGibSecond.usd);
  const s = shareOf(r, ctx, (p) => p.type === "google_cloud_run_v2_service");
  const requests = ctx.usage.requestsMillions * s.fraction * R.runRequestsMillion.usd;
  return {
    min: each * c.min + requests,
    start: each * c.start + requests,
    max: each * c.max + requests,
    basis: `${rangeText(c)} instances × ${what} busy all month (request-based, an upper bound) = ${usd(each)}/instance-month + ${(ctx.usage.requestsMillions * s.fraction).toFixed(1)}M requests${sharedNote(s.of)} × ${usd(R.runRequestsMillion.usd)}/M`,
  };
};

/** A Cloud Run worker pool: its instances all month at instance-based rates (manual count, else between min and max). */
const cloudRunWorkerPool: Pricer = (r) => {
  const size = runSize(blocks(block(r.body["template"])?.["containers"])[0]);
  const scaling = block(r.body["scaling"]) ?? {};
  const manual = num(scaling["manual_instance_count"]);
  const c = manual !== undefined ? fixed(manual) : counts(num(scaling["min_instance_count"]) ?? 0, num(scaling["min_instance_count"]) ?? 0, num(scaling["max_instance_count"]) ?? num(scaling["min_instance_count"]) ?? 0);
  const each = runInstanceMonth(size, R.runInstanceVcpuSecond.usd, R.runInstanceGibSecond.usd);
  return { min: each * c.min, start: each * c.start, max: each * c.max, basis: `${rangeText(c)} instances × ${size.vcpu} vCPU / ${size.gib} GiB (worker pool, instance-based) = ${usd(each)}/instance-month` };
};

/** A log sink carries its share of the environment's log GB beyond the project's free 50 GiB (its copy is ingested again). */
const logSinkPricer: Pricer = (r, ctx) => {
  const l = logs(r, ctx);
  return flat(l.usd, l.text || "no log usage assigned");
};

/** An alert policy: priced per condition. */
const alertPolicy: Pricer = (r) => {
  const conditions = blocks(r.body["conditions"]).length || 1;
  return flat(conditions * R.alertConditionMonth.usd, `${conditions} condition(s) × ${usd(R.alertConditionMonth.usd)}/month`);
};

export const gcpPricers: Record<string, Pricer> = {
  google_monitoring_alert_policy: alertPolicy,
  google_compute_instance: instance,
  google_compute_region_instance_group_manager: groupManager,
  google_compute_instance_group_manager: groupManager,
  google_compute_disk: disk,
  google_container_cluster: cluster,
  google_container_node_pool: nodePool,
  google_project_iam_audit_config: auditConfig,
  google_sql_database_instance: sqlInstance,
  google_redis_instance: redisInstance,
  google_redis_cluster: redisCluster,
  google_compute_router_nat: routerNat,
  google_compute_global_forwarding_rule: forwardingRule,
  google_compute_forwarding_rule: forwardingRule,
  google_compute_backend_bucket: backend,
  google_compute_backend_service: backend,
  google_compute_security_policy: securityPolicy,
  google_kms_crypto_key: kmsKey,
  google_secret_manager_secret_version: secretVersion,
  google_storage_bucket: bucket,
  google_compute_address: address,
  google_compute_subnetwork: subnetwork,
  google_cloud_run_v2_service: cloudRunService,
  google_cloud_run_v2_worker_pool: cloudRunWorkerPool,
  google_logging_project_sink: logSinkPricer,
};

export const gcpFree: Record<string, string> = {
  google_compute_firewall: "firewall rules are free",
  google_monitoring_notification_channel: "notification channels are free",
  google_compute_global_address: "free while attached to a forwarding rule (the rule is priced); private service access ranges are free",
  google_compute_health_check: "health checks are free",
  google_compute_instance_group_named_port: "configuration of an instance group",
  google_compute_instance_template: "priced through the instance group that launches from it",
  google_compute_managed_ssl_certificate: "Google-managed certificates are free",
  google_compute_network: "VPC networks are free",
  google_compute_region_autoscaler: "configuration of an instance group (priced at its min/start/max)",
  google_compute_router: "Cloud Routers are free (NAT is priced)",
  google_compute_ssl_policy: "configuration of a proxy",
  google_compute_target_http_proxy: "included in the forwarding rules' price",
  google_compute_target_https_proxy: "included in the forwarding rules' price",
  google_compute_url_map: "included in the forwarding rules' price",
  google_dns_record_set: "records are free; queries bill to the managed zone the user owns",
  google_kms_crypto_key_iam_member: "IAM is free",
  google_kms_key_ring: "key rings are free (keys are priced)",
  google_network_connectivity_service_connection_policy: "Private Service Connect policy for Memorystore: free",
  google_project_iam_member: "IAM is free",
  google_project_service: "enabling an API is free",
  google_secret_manager_secret: "the secret's active versions are priced",
  google_secret_manager_secret_iam_member: "IAM is free",
  google_service_account: "service accounts are free",
  google_service_account_iam_member: "IAM is free",
  google_service_networking_connection: "private service access peering is free",
  google_sql_database: "a database inside a priced instance",
  google_sql_user: "a user inside a priced instance",
  google_storage_bucket_iam_member: "IAM is free",
  google_cloud_run_v2_service_iam_member: "IAM is free",
  google_compute_region_network_endpoint_group: "serverless NEGs are free (the load balancer's rules and data are priced)",
  google_logging_project_bucket_config: "a log bucket: what is routed to it is priced at its sink; retention beyond 30 days ($0.01/GiB-month) is not priced, like other log retention",
};
