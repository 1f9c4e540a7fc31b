import { azureCatalog } from "../catalog/azure";
import { azureRates, sizeTierPrice } from "../catalog/rates";
import { block, blocks, counts, machine, monthly, num, rangeText, shareOf, sharedNote, usage } from "./common";
import { bucketGb } from "./aws";
import { fixed, flat, scaled, usd, type PriceContext, type Priced, type Pricer, type Range, type Resource } from "./model";

const R = azureRates.rates;
const spot = 1 - azureRates.spotDiscount;

function diskMonth(type: unknown, gb: number): number {
  const t = String(type ?? "Premium_LRS");
  return t.startsWith("Premium") ? sizeTierPrice(R.premiumSsdMonth, gb) : sizeTierPrice(R.standardSsdMonth, gb);
}

function fleet(size: unknown, disks: { gb: number; type: unknown }[], c: Range, isSpot: boolean, what: string): Priced {
  const m = machine(azureCatalog.machines, size);
  const compute = m ? monthly(m.usdPerHour) : 0;
  const disk = disks.reduce((s, d) => s + diskMonth(d.type, d.gb), 0);
  const each = compute * (isSpot ? spot : 1) + disk;
  const diskText = disks.map((d) => `${d.gb} GiB ${String(d.type ?? "Premium_LRS")}`).join(" + ");
  return scaled(each, c, `${rangeText(c)} × ${m?.name ?? `${String(size)} (not in the catalog: $0)`}${isSpot ? ` at spot (−${azureRates.spotDiscount * 100} %)` : ""}${diskText ? ` + ${diskText}` : ""} = ${usd(each)}/${what}-month`);
}

const osDisk = (b: Record<string, any> | undefined, fallbackGb: number) => ({ gb: num(b?.["disk_size_gb"]) ?? fallbackGb, type: b?.["storage_account_type"] ?? "Premium_LRS" });

function egressShare(r: Resource, ctx: PriceContext, level: "cdn" | "lb" | "vm"): { fraction: number; of: number } {
  const has = (t: string) => ctx.resources.some((p) => p.type === t);
  const edge = has("azurerm_cdn_frontdoor_profile") ? "cdn" : has("azurerm_lb") ? "lb" : "vm";
  if (edge !== level) return { fraction: 0, of: 0 };
  const type = { cdn: "azurerm_cdn_frontdoor_profile", lb: "azurerm_lb", vm: "azurerm_linux_virtual_machine" }[level];
  return shareOf(r, ctx, (p) => p.type === type);
}

const vm: Pricer = (r, ctx) => {
  const base = fleet(r.body["size"], [osDisk(block(r.body["os_disk"]), 30)], fixed(1), r.body["priority"] === "Spot", "instance");
  const e = egressShare(r, ctx, "vm");
  const egress = usage(R.internetEgressGb, ctx.usage.egressGB * e.fraction);
  return egress ? { ...base, min: base.min + egress, start: base.start + egress, max: base.max + egress, basis: `${base.basis}; internet egress ${Math.round(ctx.usage.egressGB * e.fraction)} GB ${usd(egress)}` } : base;
};

const managedDisk: Pricer = (r) => {
  const gb = num(r.body["disk_size_gb"]) ?? 32;
  const cost = diskMonth(r.body["storage_account_type"], gb);
  return flat(cost, `${gb} GiB ${String(r.body["storage_account_type"])} (billed at its size tier) ${usd(cost)}/month`);
};

const scaleSet: Pricer = (r, ctx) => {
  const setting = ctx.all("azurerm_monitor_autoscale_setting").find((a) => a.stack === r.stack && ctx.ref(a, a.body["target_resource_id"])?.address === r.address);
  const capacity = block(block(setting?.body["profile"])?.["capacity"]);
  const c = capacity ? counts(num(capacity["minimum"]), num(capacity["default"]), num(capacity["maximum"])) : fixed(num(r.body["instances"]) ?? 1);
  const disks = [osDisk(block(r.body["os_disk"]), 30), ...blocks(r.body["data_disk"]).map((d) => osDisk(d, 32))];
  return fleet(r.body["sku"], disks, c, r.body["priority"] === "Spot", "instance");
};

/** AKS node counts: fixed `node_count`, or min/node_count/max with autoscaling. */
function poolCounts(p: Record<string, any>): Range {
  if (p["auto_scaling_enabled"] === true || p["enable_auto_scaling"] === true) return counts(num(p["min_count"]), num(p["node_count"]), num(p["max_count"]));
  return fixed(num(p["node_count"]) ?? 1);
}

const poolDisks = (p: Record<string, any>) => (p["os_disk_type"] === "Ephemeral" ? [] : [{ gb: num(p["os_disk_size_gb"]) ?? 128, type: "Premium_LRS" }]);

const aks: Pricer = (r) => {
  const tier = String(r.body["sku_tier"] ?? "Free");
  const hourly = tier === "Standard" ? R.aksStandardHour.usd : tier === "Premium" ? R.aksPremiumHour.usd : 0;
  const pool = block(r.body["default_node_pool"]) ?? {};
  const nodes = fleet(pool["vm_size"], poolDisks(pool), poolCounts(pool), false, "node");
  const fee = monthly(hourly);
  return { ...nodes, min: nodes.min + fee, start: nodes.start + fee, max: nodes.max + fee, basis: `${tier} tier ${usd(hourly)}/h + system pool ${nodes.basis}` };
};

const nodePool: Pricer = (r) => fleet(r.body["vm_size"], poolDisks(r.body), poolCounts(r.body), r.body["priority"] === "Spot", "node");

const postgres: Pricer = (r, ctx) => {
  const m = machine(azureCatalog.databases, r.body["sku_name"]);
  const compute = m ? monthly(m.usdPerHour) : 0;
  const gb = (num(r.body["storage_mb"]) ?? 32768) / 1024;
  const storage = gb * R.pgStorageGbMonth.usd;
  const ha = block(r.body["high_availability"]) !== undefined;
  const copies = ha ? 2 : 1;
  const replica = r.body["create_mode"] === "Replica";
  const retention = num(r.body["backup_retention_days"]) ?? 7;
  const geo = r.body["geo_redundant_backup_enabled"] === true ? 2 : 1;
  const backup = replica ? 0 : Math.max(0, gb * retention * ctx.usage.backupDailyChange) * geo * R.pgBackupGbMonth.usd;
  const total = copies * (compute + storage) + backup;
  const role = replica ? "read replica" : ha ? "HA (primary + standby)" : "single server";
  return flat(total, `${role}: ${copies} × (${m?.name ?? `${String(r.body["sku_name"])} (not in the catalog)`} ${usd(compute)} + ${gb} GiB ${usd(storage)})${backup ? ` + backups beyond the free allowance ${usd(backup)}` : ""}`);
};

const redis: Pricer = (r) => {
  const m = machine(azureCatalog.caches, r.body["sku_name"]);
  const ha = r.body["high_availability_enabled"] !== false;
  const each = m ? monthly(m.usdPerHour) * (ha ? 1 : 0.5) : 0;
  return flat(each, `${m?.name ?? String(r.body["sku_name"])}${ha ? " with high availability" : " without high availability (half the HA price)"} ${usd(each)}/month`);
};

const AZURE_LINKS = new Set(["azurerm_virtual_network_peering", "azurerm_managed_redis_geo_replication"]);
const link: Pricer = (r, ctx) => {
  const s = shareOf(r, ctx, (p) => AZURE_LINKS.has(p.type));
  const gb = ctx.usage.crossRegionGB * s.fraction;
  return flat(gb * R.globalPeeringGb.usd * 2, `${Math.round(gb)} GB/month across regions${sharedNote(s.of)} × ${usd(R.globalPeeringGb.usd)} out + in`);
};

const nat: Pricer = (r, ctx) => {
  const s = shareOf(r, ctx, (p) => p.type === "azurerm_nat_gateway");
  const gb = ctx.usage.natGB * s.fraction;
  return flat(monthly(R.natGatewayHour.usd) + gb * R.natGatewayGb.usd, `${usd(R.natGatewayHour.usd)}/h + ${Math.round(gb)} GB processed${sharedNote(s.of)} × ${usd(R.natGatewayGb.usd)}`);
};

const publicIp: Pricer = (r) => (String(r.body["sku"] ?? "Standard") === "Basic" ? flat(monthly(R.publicIpHour.usd), "Basic IP (retired; priced as Standard)") : flat(monthly(R.publicIpHour.usd), `Standard static IPv4 ${usd(R.publicIpHour.usd)}/h`));

function lbHours(rules: number): number {
  return R.lbHour.usd + Math.max(0, rules - 5) * R.lbExtraRuleHour.usd;
}

const lb: Pricer = (r, ctx) => {
  if (String(r.body["sku"] ?? "Basic") === "Basic") return flat(0, "Basic load balancer: free");
  const rules = ctx.all("azurerm_lb_rule").filter((x) => x.stack === r.stack && ctx.ref(x, x.body["loadbalancer_id"])?.address === r.address).length;
  const s = shareOf(r, ctx, (p) => p.type === "azurerm_lb");
  const gb = ctx.usage.egressGB * s.fraction;
  const e = egressShare(r, ctx, "lb");
  const egress = usage(R.internetEgressGb, ctx.usage.egressGB * e.fraction);
  return flat(monthly(lbHours(rules)) + gb * R.lbProcessedGb.usd + egress, `Standard, ${rules} rules ${usd(lbHours(rules))}/h + ${Math.round(gb)} GB processed × ${usd(R.lbProcessedGb.usd)}${egress ? ` + internet egress ${usd(egress)}` : ""}`);
};

const frontDoor: Pricer = (r, ctx) => {
  const premium = String(r.body["sku_name"]).startsWith("Premium");
  const base = premium ? R.frontDoorPremiumMonth.usd : R.frontDoorStandardMonth.usd;
  const s = egressShare(r, ctx, "cdn");
  const gb = ctx.usage.egressGB * s.fraction;
  const req = ctx.usage.requestsMillions * s.fraction;
  const reqRate = premium ? R.frontDoorPremiumRequestsMillion.usd : R.frontDoorStandardRequestsMillion.usd;
  const cost = base + usage(R.frontDoorEgressGb, gb) + req * reqRate;
  return flat(cost, `${premium ? "Premium" : "Standard"} ${usd(base)}/month + ${Math.round(gb)} GB to clients (tiered from ${usd(R.frontDoorEgressGb.usd)}/GB) + ${req.toFixed(1)}M requests × ${usd(reqRate)}/M`);
};

const firewallPolicy: Pricer = (r, ctx) => {
  if (String(r.body["sku_name"]).startsWith("Premium")) return flat(0, "included in the Front Door Premium base fee");
  const rules = blocks(r.body["custom_rule"]).length;
  const s = shareOf(r, ctx, (p) => p.type === "azurerm_cdn_frontdoor_firewall_policy");
  const req = ctx.usage.requestsMillions * s.fraction;
  return flat(R.wafPolicyMonth.usd + rules * R.wafRuleMonth.usd + req * R.wafRequestsMillion.usd, `policy ${usd(R.wafPolicyMonth.usd)} + ${rules} custom rules × ${usd(R.wafRuleMonth.usd)} + ${req.toFixed(1)}M requests × ${usd(R.wafRequestsMillion.usd)}/M`);
};

const vaultKey: Pricer = (r) => (String(r.body["key_type"]).endsWith("-HSM") ? flat(R.hsmKeyMonth.usd, `HSM-protected key ${usd(R.hsmKeyMonth.usd)}/month`) : flat(0, "software-protected key: operations only ($0.03 per 10,000)"));

const workspace: Pricer = (r, ctx) => {
  const s = shareOf(r, ctx, (p) => p.type === "azurerm_log_analytics_workspace");
  const gb = ctx.usage.logGB * s.fraction;
  return flat(gb * R.logAnalyticsGb.usd, `${gb.toFixed(1)} GB ingested${sharedNote(s.of)} × ${usd(R.logAnalyticsGb.usd)}`);
};

const flowLog: Pricer = (r, ctx) => {
  const s = shareOf(r, ctx, (p) => p.type === "azurerm_network_watcher_flow_log");
  const gb = ctx.usage.flowLogGB * s.fraction;
  const billed = Math.max(0, gb - 5);
  return flat(billed * R.flowLogsGb.usd, `${gb.toFixed(1)} GB flow logs${sharedNote(s.of)} − 5 GB free × ${usd(R.flowLogsGb.usd)}`);
};

const storageAccount: Pricer = (r, ctx) => {
  const b = bucketGb(r, ctx, "azurerm_storage_account");
  const repl = String(r.body["account_replication_type"] ?? "LRS");
  const rate = repl.includes("GZRS") ? R.blobHotGzrsGbMonth.usd : repl.includes("GRS") ? R.blobHotGrsGbMonth.usd : repl === "ZRS" ? R.blobHotZrsGbMonth.usd : R.blobHotLrsGbMonth.usd;
  return flat(b.gb * rate, `${Math.round(b.gb)} GB ${b.text} (hot, ${repl}) × ${usd(rate)}/GB-month`);
};

/** A Container App on the Consumption profile: its replicas' vCPU and memory by the second, at min/start/max replicas. */
const containerApp: Pricer = (r) => {
  const template = block(r.body["template"]) ?? {};
  const containers = blocks(template["container"]);
  const vcpu = containers.reduce((n, c) => n + (num(c["cpu"]) ?? 0), 0);
  const gib = containers.reduce((n, c) => n + (Number.parseFloat(String(c["memory"] ?? "0")) || 0), 0);
  const min = num(template["min_replicas"]) ?? 0;
  const c = counts(min, min, num(template["max_replicas"]) ?? 10);
  const perSecond = vcpu * R.containerAppsVcpuSecond.usd + gib * R.containerAppsGibSecond.usd;
  const each = monthly(perSecond * 3600);
  return scaled(each, c, `${rangeText(c)} replicas × (${vcpu} vCPU × $${R.containerAppsVcpuSecond.usd} + ${gib} GiB × $${R.containerAppsGibSecond.usd} per second, always active, free grant not deducted) = ${usd(each)}/replica-month`);
};

const privateEndpoint: Pricer = () => flat(monthly(R.privateEndpointHour.usd), `private endpoint ${usd(R.privateEndpointHour.usd)}/h`);
const privateDnsZone: Pricer = () => flat(R.privateDnsZoneMonth.usd, `private DNS zone ${usd(R.privateDnsZoneMonth.usd)}/month`);

/** A metric alert rule: priced per monitored time series (one resource, one metric, no dimensions: one). */
const metricAlert: Pricer = (r) => {
  const series = blocks(r.body["criteria"]).length || 1;
  return flat(series * R.metricAlertSeriesMonth.usd, `${series} time series × ${usd(R.metricAlertSeriesMonth.usd)}/month`);
};

export const azurePricers: Record<string, Pricer> = {
  azurerm_monitor_metric_alert: metricAlert,
  azurerm_linux_virtual_machine: vm,
  azurerm_managed_disk: managedDisk,
  azurerm_linux_virtual_machine_scale_set: scaleSet,
  azurerm_kubernetes_cluster: aks,
  azurerm_kubernetes_cluster_node_pool: nodePool,
  azurerm_postgresql_flexible_server: postgres,
  azurerm_managed_redis: redis,
  azurerm_managed_redis_geo_replication: link,
  azurerm_virtual_network_peering: link,
  azurerm_nat_gateway: nat,
  azurerm_public_ip: publicIp,
  azurerm_lb: lb,
  azurerm_cdn_frontdoor_profile: frontDoor,
  azurerm_cdn_frontdoor_firewall_policy: firewallPolicy,
  azurerm_key_vault_key: vaultKey,
  azurerm_log_analytics_workspace: workspace,
  azurerm_network_watcher_flow_log: flowLog,
  azurerm_storage_account: storageAccount,
  azurerm_private_endpoint: privateEndpoint,
  azurerm_private_dns_zone: privateDnsZone,
  azurerm_container_app: containerApp,
};

export const azureFree: Record<string, string> = {
  azurerm_monitor_action_group: "the first 1,000 emails and 100,000 webhooks a month are free",
  azurerm_container_app_environment: "a Consumption-profile environment has no fee of its own (its apps bill per second; Dedicated profiles would add a management fee)",
  azurerm_cdn_frontdoor_custom_domain: "custom domains and their managed certificates are free",
  azurerm_cdn_frontdoor_custom_domain_association: "configuration of a Front Door profile",
  azurerm_cdn_frontdoor_endpoint: "endpoints are included in the profile's base fee",
  azurerm_cdn_frontdoor_origin: "configuration of a Front Door profile",
  azurerm_cdn_frontdoor_origin_group: "configuration of a Front Door profile",
  azurerm_cdn_frontdoor_route: "configuration of a Front Door profile",
  azurerm_cdn_frontdoor_security_policy: "attaches the (priced) WAF policy",
  azurerm_dns_cname_record: "records are free; queries bill to the DNS zone the user owns",
  azurerm_dns_txt_record: "records are free; queries bill to the DNS zone the user owns",
  azurerm_federated_identity_credential: "identity configuration",
  azurerm_key_vault: "Standard vaults bill per operation only ($0.03 per 10,000)",
  azurerm_key_vault_secret: "secrets bill per operation only ($0.03 per 10,000)",
  azurerm_lb_backend_address_pool: "configuration of a load balancer",
  azurerm_lb_probe: "configuration of a load balancer",
  azurerm_lb_rule: "counted in the load balancer's price",
  azurerm_monitor_autoscale_setting: "configuration of a scale set (priced at its min/start/max)",
  azurerm_monitor_diagnostic_setting: "routes logs; ingestion is priced at the workspace",
  azurerm_nat_gateway_public_ip_association: "configuration (the IP is priced)",
  azurerm_network_interface: "network interfaces are free",
  azurerm_network_security_group: "network security groups are free",
  azurerm_network_security_rule: "network security rules are free",
  azurerm_postgresql_flexible_server_active_directory_administrator: "configuration of a server",
  azurerm_postgresql_flexible_server_configuration: "configuration of a server",
  azurerm_postgresql_flexible_server_database: "a database inside a priced server",
  azurerm_postgresql_flexible_server_virtual_endpoint: "virtual endpoints are free",
  azurerm_private_dns_zone_virtual_network_link: "links are free (the zone is priced)",
  azurerm_resource_group: "resource groups are free",
  azurerm_role_assignment: "RBAC is free",
  azurerm_storage_container: "containers are free (the account's stored GB are priced)",
  azurerm_subnet: "free",
  azurerm_subnet_nat_gateway_association: "configuration",
  azurerm_subnet_network_security_group_association: "configuration",
  azurerm_user_assigned_identity: "managed identities are free",
  azurerm_virtual_machine_data_disk_attachment: "configuration (the disk is priced)",
  azurerm_virtual_network: "virtual networks are free",
};
