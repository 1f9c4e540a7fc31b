import { awsCatalog } from "../catalog/aws";
import { auroraClasses, awsRates } from "../catalog/rates";
import { block, blocks, counts, machine, monthly, num, rangeText, shareOf, sharedNote, usage } from "./common";
import { fixed, flat, scaled, usd, type PriceContext, type Priced, type Pricer, type Range, type Resource } from "./model";

const R = awsRates.rates;
const spot = 1 - awsRates.spotDiscount;

/** EBS volumes of a launch template or an instance: monthly USD per instance and a description. */
function volumes(devices: Record<string, any>[]): { usd: number; text: string } {
  let total = 0;
  const parts: string[] = [];
  for (const d of devices) {
    const ebs = block(d["ebs"]) ?? d;
    const size = num(ebs["volume_size"]) ?? 8;
    const type = String(ebs["volume_type"] ?? "gp3");
    let cost: number;
    if (type === "gp3") {
      cost = size * R.ebsGp3GbMonth.usd + Math.max(0, (num(ebs["iops"]) ?? 3000) - 3000) * R.ebsGp3IopsMonth.usd + Math.max(0, (num(ebs["throughput"]) ?? 125) - 125) * R.ebsGp3ThroughputMonth.usd;
    } else if (type === "io1" || type === "io2") cost = size * R.ebsIo2GbMonth.usd + (num(ebs["iops"]) ?? 0) * R.ebsIo2IopsMonth.usd;
    else cost = size * R.ebsGp2GbMonth.usd;
    total += cost;
    parts.push(`${size} GB ${type}`);
  }
  return { usd: total, text: parts.join(" + ") };
}

function launchTemplate(r: Resource, ctx: PriceContext, lt: unknown): Resource | undefined {
  const spec = block(lt);
  return spec ? ctx.ref(r, spec["id"] ?? spec["name"]) : undefined;
}

function instancePrice(type: unknown): { usd: number; name: string } {
  const m = machine(awsCatalog.machines, type);
  return { usd: m ? monthly(m.usdPerHour) : 0, name: m ? m.name : `${String(type)} (not in the catalog: $0)` };
}

/** One machine (and its disks) per instance, at the given counts. */
function fleet(type: unknown, devices: Record<string, any>[], c: Range, spotCapacity: boolean, what: string): Priced {
  const vm = instancePrice(type);
  const disk = volumes(devices);
  const each = vm.usd * (spotCapacity ? spot : 1) + disk.usd;
  const spotText = spotCapacity ? ` at spot (−${awsRates.spotDiscount * 100} %)` : "";
  return scaled(each, c, `${rangeText(c)} × ${vm.name}${spotText}${disk.text ? ` + ${disk.text}` : ""} = ${usd(each)}/${what}-month`);
}

const instance: Pricer = (r, ctx) => {
  const lt = launchTemplate(r, ctx, r.body["launch_template"]);
  const type = r.body["instance_type"] ?? lt?.body["instance_type"];
  const devices = [...blocks(r.body["root_block_device"]), ...blocks(r.body["ebs_block_device"])];
  const all = devices.length ? devices : blocks(lt?.body["block_device_mappings"]);
  return fleet(type, all, fixed(num(r.body["count"]) ?? 1), r.body["instance_market_options"] !== undefined, "instance");
};

const autoscalingGroup: Pricer = (r, ctx) => {
  const lt = launchTemplate(r, ctx, r.body["launch_template"]);
  const c = counts(num(r.body["min_size"]), num(r.body["desired_capacity"]), num(r.body["max_size"]));
  return fleet(lt?.body["instance_type"], blocks(lt?.body["block_device_mappings"]), c, false, "instance");
};

const nodeGroup: Pricer = (r, ctx) => {
  const s = block(r.body["scaling_config"]) ?? {};
  const c = counts(num(s["min_size"]), num(s["desired_size"]), num(s["max_size"]));
  const lt = launchTemplate(r, ctx, r.body["launch_template"]);
  const types = (r.body["instance_types"] as unknown[] | undefined) ?? [lt?.body["instance_type"]];
  const devices = lt ? blocks(lt.body["block_device_mappings"]) : [{ volume_size: num(r.body["disk_size"]) ?? 20, volume_type: "gp3" }];
  return fleet(types[0], devices, c, r.body["capacity_type"] === "SPOT", "node");
};

const eksCluster: Pricer = () => flat(monthly(R.eksClusterHour.usd), `control plane ${usd(R.eksClusterHour.usd)}/h`);

/** The RDS instance a replica copies (its storage is the source's). */
function source(r: Resource, ctx: PriceContext): Resource | undefined {
  return ctx.ref(r, r.body["replicate_source_db"]);
}

const dbInstance: Pricer = (r, ctx) => {
  const cls = machine(awsCatalog.databases, r.body["instance_class"]);
  const src = source(r, ctx);
  const storageOf = (b: Record<string, any>) => ({ gb: num(b["allocated_storage"]), type: b["storage_type"], iops: num(b["iops"]), tp: num(b["storage_throughput"]) });
  const own = storageOf(r.body);
  const from = src ? storageOf(src.body) : undefined;
  const gb = own.gb ?? from?.gb ?? 20;
  const type = String(own.type ?? from?.type ?? "gp3");
  const copies = r.body["multi_az"] === true ? 2 : 1;
  const compute = cls ? monthly(cls.usdPerHour) : 0;
  let storage: number;
  if (type === "io1" || type === "io2") storage = gb * R.rdsIo1GbMonth.usd + (own.iops ?? 0) * R.rdsIo1IopsMonth.usd;
  else if (type === "gp3") {
    const [iopsFree, tpFree] = gb >= 400 ? [12_000, 500] : [3_000, 125];
    storage = gb * R.rdsGp3GbMonth.usd + Math.max(0, (own.iops ?? iopsFree) - iopsFree) * R.rdsGp3IopsMonth.usd + Math.max(0, (own.tp ?? tpFree) - tpFree) * R.rdsGp3ThroughputMonth.usd;
  } else storage = gb * R.ebsGp2GbMonth.usd * 1.15;
  const retention = num(r.body["backup_retention_period"]) ?? (src ? 0 : 7);
  // Backups hold the data once plus each day's changes; RDS keeps 100 % of provisioned storage free.
  const backup = src ? 0 : Math.max(0, gb * (1 + retention * ctx.usage.backupDailyChange) - gb) * R.rdsBackupGbMonth.usd;
  const secret = r.body["manage_master_user_password"] === true ? R.secretMonth.usd : 0;
  const total = copies * (compute + storage) + backup + secret;
  const role = src ? "read replica" : copies === 2 ? "Multi-AZ (primary + standby)" : "Single-AZ";
  return flat(total, `${role}: ${copies} × (${cls?.name ?? `${String(r.body["instance_class"])} (not in the catalog)`} ${usd(compute)} + ${gb} GB ${type} ${usd(storage)})${backup ? ` + backups ${usd(backup)}` : ""}${secret ? " + managed secret" : ""}`);
};

/** RDS Proxy: billed per vCPU of the database it fronts (at least 2; an Aurora cluster: every instance's), through its target. */
const proxyTarget: Pricer = (r, ctx) => {
  const db = ctx.ref(r, r.body["db_instance_identifier"]);
  const cluster = ctx.ref(r, r.body["db_cluster_identifier"]);
  const members = cluster ? ctx.all("aws_rds_cluster_instance").filter((i) => i.stack === r.stack && ctx.ref(i, i.body["cluster_identifier"])?.address === cluster.address) : db ? [db] : [];
  const classes = members.map((m) => machine(awsCatalog.databases, m.body["instance_class"]));
  const resolved = classes.length > 0 && classes.every((c) => c !== undefined);
  const vcpu = Math.max(2, resolved ? classes.reduce((n, c) => n + c!.vcpu, 0) : 2);
  const total = monthly(vcpu * R.rdsProxyVcpuHour.usd);
  const what = resolved ? (classes.length === 1 ? ` (${classes[0]!.name})` : ` (${classes.length} × ${classes[0]!.name})`) : " (target not resolved: the 2-vCPU minimum)";
  return flat(total, `RDS Proxy over ${vcpu} vCPU${what} × ${usd(R.rdsProxyVcpuHour.usd)}/h`);
};

const rdsCluster: Pricer = (r, ctx) => {
  const gb = ctx.usage.databaseGB;
  const storage = gb * R.auroraStorageGbMonth.usd;
  const io = ctx.usage.databaseIoMillions * R.auroraIoMillion.usd;
  const clusters = shareOf(r, ctx, (p) => p.type === "aws_rds_cluster");
  const ioShare = io * clusters.fraction;
  const retention = num(r.body["backup_retention_period"]) ?? 1;
  const backup = Math.max(0, gb * (1 + retention * ctx.usage.backupDailyChange) - gb) * R.auroraBackupGbMonth.usd;
  return flat(storage + ioShare + backup, `Aurora volume ${gb} GB (usage) ${usd(storage)} + I/O ${ctx.usage.databaseIoMillions}M${sharedNote(clusters.of)} ${usd(ioShare)}${backup ? ` + backups ${usd(backup)}` : ""}`);
};

const rdsClusterInstance: Pricer = (r) => {
  const name = String(r.body["instance_class"]);
  const listed = auroraClasses[name];
  const rds = machine(awsCatalog.databases, name);
  const hourly = listed ?? (rds ? rds.usdPerHour * R.auroraClassFactor.usd : 0);
  const how = listed !== undefined ? "" : rds ? ` (RDS price × ${R.auroraClassFactor.usd})` : " (not in the catalog)";
  return flat(monthly(hourly), `Aurora ${name}${how} ${usd(hourly)}/h`);
};

/** Cross-region replication links of an environment share its cross-region GB. */
const AWS_LINKS = new Set(["aws_rds_global_cluster", "aws_elasticache_global_replication_group", "aws_s3_bucket_replication_configuration", "aws_vpc_peering_connection"]);
const link: Pricer = (r, ctx) => {
  const s = shareOf(r, ctx, (p) => AWS_LINKS.has(p.type));
  const gb = ctx.usage.crossRegionGB * s.fraction;
  return flat(gb * R.interRegionGb.usd, `${Math.round(gb)} GB/month across regions${sharedNote(s.of)} × ${usd(R.interRegionGb.usd)}`);
};

function cacheShape(r: Resource, ctx: PriceContext): { node: unknown; shards: number } {
  if (r.body["node_type"]) return { node: r.body["node_type"], shards: num(r.body["num_node_groups"]) ?? 1 };
  // A secondary member of a global datastore takes the primary's node type and shard count.
  const global = ctx.all("aws_elasticache_global_replication_group")[0];
  const primary = global ? ctx.ref(global, global.body["primary_replication_group_id"]) : undefined;
  return { node: primary?.body["node_type"], shards: num(primary?.body["num_node_groups"]) ?? 1 };
}

const replicationGroup: Pricer = (r, ctx) => {
  const { node, shards } = cacheShape(r, ctx);
  const replicas = num(r.body["replicas_per_node_group"]);
  const nodes = num(r.body["num_cache_clusters"]) ?? shards * (1 + (replicas ?? 0));
  const m = machine(awsCatalog.caches, node);
  const each = m ? monthly(m.usdPerHour) : 0;
  const shape = num(r.body["num_cache_clusters"]) !== undefined ? `${nodes} nodes` : `${shards} shards × (1 + ${replicas ?? 0})`;
  return flat(each * nodes, `${shape} × ${m?.name ?? `${String(node)} (not in the catalog)`} ${usd(each)}/month`);
};

const natGateway: Pricer = (r, ctx) => {
  const s = shareOf(r, ctx, (p) => p.type === "aws_nat_gateway");
  const gb = ctx.usage.natGB * s.fraction;
  const cost = monthly(R.natGatewayHour.usd) + gb * R.natGatewayGb.usd;
  return flat(cost, `${usd(R.natGatewayHour.usd)}/h + ${Math.round(gb)} GB processed${sharedNote(s.of)} × ${usd(R.natGatewayGb.usd)}`);
};

const eip: Pricer = () => flat(monthly(R.publicIpv4Hour.usd), `public IPv4 ${usd(R.publicIpv4Hour.usd)}/h`);

/** Where internet egress is billed: the CDN when the environment has one, else its load balancers, else its instances. */
function egressShare(r: Resource, ctx: PriceContext, level: "cdn" | "lb" | "vm"): { fraction: number; of: number } {
  const has = (t: string) => ctx.resources.some((p) => p.type === t);
  const edge = has("aws_cloudfront_distribution") ? "cdn" : has("aws_lb") ? "lb" : "vm";
  if (edge !== level) return { fraction: 0, of: 0 };
  const type = { cdn: "aws_cloudfront_distribution", lb: "aws_lb", vm: "aws_instance" }[level];
  return shareOf(r, ctx, (p) => p.type === type);
}

const loadBalancer: Pricer = (r, ctx) => {
  const network = r.body["load_balancer_type"] === "network";
  const hour = network ? R.nlbHour.usd : R.albHour.usd;
  const lcuRate = network ? R.nlbLcuHour.usd : R.albLcuHour.usd;
  const s = shareOf(r, ctx, (p) => p.type === "aws_lb");
  const lcu = ctx.usage.lbCapacityUnits * s.fraction;
  const e = egressShare(r, ctx, "lb");
  const egress = usage(R.internetEgressGb, ctx.usage.egressGB * e.fraction);
  const cost = monthly(hour + lcu * lcuRate) + egress;
  return flat(cost, `${network ? "NLB" : "ALB"} ${usd(hour)}/h + ${lcu.toFixed(2)} ${network ? "NLCU" : "LCU"}${sharedNote(s.of)} × ${usd(lcuRate)}/h${egress ? ` + internet egress ${Math.round(ctx.usage.egressGB * e.fraction)} GB ${usd(egress)}` : ""}`);
};

const cloudfront: Pricer = (r, ctx) => {
  const s = egressShare(r, ctx, "cdn");
  const gb = ctx.usage.egressGB * s.fraction;
  const req = ctx.usage.requestsMillions * s.fraction;
  const cost = usage(R.cloudfrontGb, gb) + req * R.cloudfrontHttpsMillion.usd;
  return flat(cost, `${Math.round(gb)} GB to viewers (tiered from ${usd(R.cloudfrontGb.usd)}/GB) + ${req.toFixed(1)}M HTTPS requests × ${usd(R.cloudfrontHttpsMillion.usd)}/M`);
};

const webAcl: Pricer = (r, ctx) => {
  const rules = blocks(r.body["rule"]).length;
  const s = shareOf(r, ctx, (p) => p.type === "aws_wafv2_web_acl");
  const req = ctx.usage.requestsMillions * s.fraction;
  const cost = R.wafAclMonth.usd + rules * R.wafRuleMonth.usd + req * R.wafRequestsMillion.usd;
  return flat(cost, `web ACL ${usd(R.wafAclMonth.usd)} + ${rules} rules × ${usd(R.wafRuleMonth.usd)} + ${req.toFixed(1)}M requests × ${usd(R.wafRequestsMillion.usd)}/M`);
};

const kmsKey: Pricer = () => flat(R.kmsKeyMonth.usd, `customer managed key ${usd(R.kmsKeyMonth.usd)}/month`);
/** A metric alarm: $0.10 per metric it reads (one, or each metric of a metric-math alarm). */
const alarm: Pricer = (r) => {
  const metrics = blocks(r.body["metric_query"]).filter((q) => q["metric"] !== undefined).length || 1;
  return flat(metrics * R.alarmMetricMonth.usd, `${metrics} alarm metric(s) × ${usd(R.alarmMetricMonth.usd)}/month`);
};
const secret: Pricer = () => flat(R.secretMonth.usd, `secret ${usd(R.secretMonth.usd)}/month`);

/** Log groups that receive VPC flow logs: their ingestion is priced at the flow log. */
function flowLogDestination(r: Resource, ctx: PriceContext): boolean {
  return ctx.all("aws_flow_log").some((f) => ctx.ref(f, f.body["log_destination"])?.address === r.address && f.stack === r.stack);
}

const logGroup: Pricer = (r, ctx) => {
  if (flowLogDestination(r, ctx)) return flat(0, "flow-log destination: ingestion priced at the flow log");
  const s = shareOf(r, ctx, (p) => p.type === "aws_cloudwatch_log_group" && !flowLogDestination(p, ctx));
  const gb = ctx.usage.logGB * s.fraction;
  return flat(gb * R.logsIngestGb.usd, `${gb.toFixed(1)} GB ingested${sharedNote(s.of)} × ${usd(R.logsIngestGb.usd)}`);
};

const flowLog: Pricer = (r, ctx) => {
  const s = shareOf(r, ctx, (p) => p.type === "aws_flow_log");
  const gb = ctx.usage.flowLogGB * s.fraction;
  return flat(gb * R.vendedLogsGb.usd, `${gb.toFixed(1)} GB of flow logs${sharedNote(s.of)} × ${usd(R.vendedLogsGb.usd)}`);
};

const healthCheck: Pricer = (r) => {
  const features = [r.body["type"] === "HTTPS", num(r.body["request_interval"]) === 10, r.body["measure_latency"] === true, r.body["search_string"] !== undefined].filter(Boolean).length;
  return flat(R.healthCheckMonth.usd + features * R.healthCheckFeatureMonth.usd, `health check ${usd(R.healthCheckMonth.usd)} + ${features} optional features × ${usd(R.healthCheckFeatureMonth.usd)}`);
};

/** Object storage by what the bucket holds: user files, static assets (every copy holds them all), or logs. */
export function bucketGb(r: Resource, ctx: PriceContext, type: string): { gb: number; text: string } {
  if (r.component === "files") {
    const s = shareOf(r, ctx, (p) => p.type === type && p.component === "files");
    return { gb: ctx.usage.objectStorageGB * s.fraction, text: `files${sharedNote(s.of)}` };
  }
  if (r.component === "cdn") return { gb: ctx.usage.staticAssetsGB, text: "static assets" };
  return { gb: 0, text: "no usage assumed for this bucket" };
}

const s3Bucket: Pricer = (r, ctx) => {
  const b = bucketGb(r, ctx, "aws_s3_bucket");
  return flat(b.gb * R.s3StandardGbMonth.usd, `${Math.round(b.gb)} GB ${b.text} × ${usd(R.s3StandardGbMonth.usd)}/GB-month`);
};

const instanceEgress: Pricer = (r, ctx) => {
  const base = instance(r, ctx);
  const e = egressShare(r, ctx, "vm");
  const egress = usage(R.internetEgressGb, ctx.usage.egressGB * e.fraction);
  return egress ? { ...base, min: base.min + egress, start: base.start + egress, max: base.max + egress, basis: `${base.basis}; internet egress ${Math.round(ctx.usage.egressGB * e.fraction)} GB ${usd(egress)}` } : base;
};

/** The Application Auto Scaling target whose resource id names this ECS service (its min and max task counts). */
function scalingTarget(r: Resource, ctx: PriceContext): Resource | undefined {
  return ctx.all("aws_appautoscaling_target").find((t) => t.stack === r.stack && String(t.body["resource_id"] ?? "").includes(`aws_ecs_service.${r.name}.`));
}

/** An ECS service on Fargate: its task size (vCPU and memory of the task definition) × tasks at min, start and max. */
const ecsService: Pricer = (r, ctx) => {
  const task = ctx.ref(r, r.body["task_definition"]);
  const vcpu = (num(task?.body["cpu"]) ?? 0) / 1024;
  const gb = (num(task?.body["memory"]) ?? 0) / 1024;
  const hourly = vcpu * R.fargateVcpuHour.usd + gb * R.fargateGbHour.usd;
  const target = scalingTarget(r, ctx);
  const desired = num(r.body["desired_count"]);
  const c = target ? counts(num(target.body["min_capacity"]), desired, num(target.body["max_capacity"])) : fixed(desired ?? 1);
  return scaled(monthly(hourly), c, `${rangeText(c)} tasks × (${vcpu} vCPU × ${usd(R.fargateVcpuHour.usd)} + ${gb} GB × ${usd(R.fargateGbHour.usd)})/h = ${usd(monthly(hourly))}/task-month`);
};

/**
 * Container Insights (standard) on an ECS cluster: its metrics bill as custom metrics. An estimate of their number:
 * about 16 at the cluster level, and about 24 per service (its ClusterName/ServiceName and TaskDefinitionFamily
 * dimensions); its performance log events are priced with the log groups.
 */
const INSIGHTS_CLUSTER_METRICS = 16;
const INSIGHTS_SERVICE_METRICS = 24;
const ecsCluster: Pricer = (r, ctx) => {
  const on = blocks(r.body["setting"]).some((s) => s["name"] === "containerInsights" && s["value"] !== "disabled");
  if (!on) return flat(0, "ECS clusters are free; Container Insights off");
  const services = ctx.all("aws_ecs_service").filter((s) => s.stack === r.stack && String(s.body["cluster"] ?? "").includes(`aws_ecs_cluster.${r.name}.`)).length;
  const metrics = INSIGHTS_CLUSTER_METRICS + INSIGHTS_SERVICE_METRICS * services;
  return flat(metrics * R.customMetricMonth.usd, `Container Insights: about ${metrics} metrics (${INSIGHTS_CLUSTER_METRICS} + ${INSIGHTS_SERVICE_METRICS} × ${services} services) × ${usd(R.customMetricMonth.usd)}/month`);
};

/** Target tracking creates two CloudWatch alarms (scale out, scale in), each paying for every metric it reads. */
const scalingPolicy: Pricer = (r) => {
  const tracking = block(r.body["target_tracking_scaling_policy_configuration"]);
  if (!tracking) return flat(0, "step scaling: its alarms are priced as aws_cloudwatch_metric_alarm");
  const custom = block(tracking["customized_metric_specification"]);
  const metrics = custom ? blocks(custom["metrics"]).filter((m) => m["metric_stat"] !== undefined).length || 1 : 1;
  const cost = 2 * metrics * R.alarmMetricMonth.usd;
  return flat(cost, `target tracking: 2 alarms × ${metrics} metric(s) × ${usd(R.alarmMetricMonth.usd)}/month`);
};

/** A Cloud Map service: one registered instance per running task of the ECS service that registers there. */
const discoveryService: Pricer = (r, ctx) => {
  const user = ctx.all("aws_ecs_service").find((s) => s.stack === r.stack && JSON.stringify(s.body["service_registries"] ?? "").includes(`aws_service_discovery_service.${r.name}.`));
  const c = user ? ecsService(user, ctx).nodes ?? fixed(1) : fixed(1);
  return scaled(R.cloudMapInstanceMonth.usd, c, `${rangeText(c)} registered tasks × ${usd(R.cloudMapInstanceMonth.usd)}/month`);
};

const privateDnsNamespace: Pricer = () => flat(R.route53ZoneMonth.usd, `private hosted zone ${usd(R.route53ZoneMonth.usd)}/month (queries from the VPC are cents per million)`);

export const awsPricers: Record<string, Pricer> = {
  aws_ecs_service: ecsService,
  aws_ecs_cluster: ecsCluster,
  aws_appautoscaling_policy: scalingPolicy,
  aws_service_discovery_service: discoveryService,
  aws_service_discovery_private_dns_namespace: privateDnsNamespace,
  aws_instance: instanceEgress,
  aws_autoscaling_group: autoscalingGroup,
  aws_eks_node_group: nodeGroup,
  aws_eks_cluster: eksCluster,
  aws_db_instance: dbInstance,
  aws_rds_cluster: rdsCluster,
  aws_db_proxy_target: proxyTarget,
  aws_rds_cluster_instance: rdsClusterInstance,
  aws_rds_global_cluster: link,
  aws_elasticache_replication_group: replicationGroup,
  aws_elasticache_global_replication_group: link,
  aws_s3_bucket_replication_configuration: link,
  aws_vpc_peering_connection: link,
  aws_nat_gateway: natGateway,
  aws_eip: eip,
  aws_lb: loadBalancer,
  aws_cloudfront_distribution: cloudfront,
  aws_wafv2_web_acl: webAcl,
  aws_kms_key: kmsKey,
  aws_cloudwatch_metric_alarm: alarm,
  aws_secretsmanager_secret: secret,
  aws_cloudwatch_log_group: logGroup,
  aws_flow_log: flowLog,
  aws_route53_health_check: healthCheck,
  aws_s3_bucket: s3Bucket,
};

/** Resource types that cost nothing by themselves, and why. */
export const awsFree: Record<string, string> = {
  aws_acm_certificate: "public ACM certificates are free",
  aws_db_proxy: "RDS Proxy is billed per vCPU of its target (aws_db_proxy_target)",
  aws_db_proxy_default_target_group: "part of the proxy, billed through its target",
  aws_db_proxy_endpoint: "extra proxy endpoints are billed through the proxy's target",
  aws_acm_certificate_validation: "a Terraform wait, not a resource",
  aws_appautoscaling_target: "Application Auto Scaling is free (its target-tracking alarms are priced at the policy)",
  aws_ecs_task_definition: "ECS is free; Fargate bills the running tasks (priced at aws_ecs_service)",
  aws_autoscaling_attachment: "configuration of an Auto Scaling group",
  aws_autoscaling_policy: "configuration of an Auto Scaling group",
  aws_cloudfront_origin_access_control: "configuration of a distribution",
  aws_db_parameter_group: "configuration",
  aws_db_subnet_group: "configuration",
  aws_default_security_group: "security groups are free",
  aws_eks_addon: "EKS add-ons are free; they run on the priced nodes",
  aws_eks_pod_identity_association: "IAM configuration",
  aws_elasticache_subnet_group: "configuration",
  aws_elasticache_user: "access control configuration",
  aws_elasticache_user_group: "access control configuration",
  aws_iam_instance_profile: "IAM is free",
  aws_iam_role: "IAM is free",
  aws_iam_role_policy: "IAM is free",
  aws_iam_role_policy_attachment: "IAM is free",
  aws_internet_gateway: "free; internet egress is priced at the CDN, load balancer or instance",
  aws_sns_topic: "the first million publishes a month are free; alarms publish a handful",
  aws_sns_topic_subscription: "the first 1,000 emails and 100,000 HTTPS deliveries a month are free",
  aws_kms_alias: "aliases are free (the key is priced)",
  aws_kms_grant: "grants are free (the key is priced)",
  aws_launch_template: "priced through the instances, Auto Scaling groups and node groups that launch from it",
  aws_lb_listener: "included in the load balancer's hours and LCUs",
  aws_lb_listener_certificate: "configuration of a listener",
  aws_lb_target_group: "included in the load balancer's hours and LCUs",
  aws_rds_cluster_parameter_group: "configuration",
  aws_route: "routing configuration",
  aws_route53_record: "records are free; DNS queries bill to the hosted zone the user owns (cents per million)",
  aws_route_table: "routing configuration",
  aws_route_table_association: "routing configuration",
  aws_s3_bucket_lifecycle_configuration: "configuration of a bucket",
  aws_s3_bucket_ownership_controls: "configuration of a bucket",
  aws_s3_bucket_policy: "configuration of a bucket",
  aws_s3_bucket_public_access_block: "configuration of a bucket",
  aws_s3_bucket_server_side_encryption_configuration: "configuration of a bucket (KMS requests are negligible with bucket keys)",
  aws_s3_bucket_versioning: "configuration of a bucket (old versions are part of the stored GB)",
  aws_secretsmanager_secret_version: "versions are included in the secret's price",
  aws_security_group: "security groups are free",
  aws_subnet: "free",
  aws_vpc: "free",
  aws_vpc_peering_connection_accepter: "the other side of a priced peering",
  aws_vpc_security_group_egress_rule: "security group rules are free",
  aws_vpc_security_group_ingress_rule: "security group rules are free",
  aws_wafv2_web_acl_logging_configuration: "log ingestion is priced at the log group",
};
