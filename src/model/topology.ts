import { z } from "zod";
import { CLOUDS } from "../core/cloud";
import { catalogFor, regionInfo, shapeProblem } from "../catalog";
import { AppSchema } from "./app";
import { BackendSchema } from "./backend";
import { CacheSchema, cacheRules } from "./cache";
import { CdnSchema, FilesSchema } from "./cdn";
import { TIERFORM_TAG_KEYS, TagsSchema, dnsLabel, oneOf, strict } from "./common";
import { ComputeSchema, LoadBalancerSchema, clusterAddressRules, kubernetesRules, vmRules } from "./compute";
import { DatabaseSchema, databaseRules } from "./database";
import { EXTENSIONS_NAMESPACE_SUFFIX, EXTENSIONS_WORKLOAD, POOLER_WORKLOAD, PlatformSchema, WorkloadSchema, workloadNamespace } from "./workload";
import { NetworkSchema, cidrBounds, networkRules } from "./network";
import { CatalogOptionsSchema, dnsZoneRules, domainRules, placementRules, type Finding, type RuleContext } from "./rules";
import { ComplianceSchema } from "./compliance";
import { MonitoringSchema, monitoringRules } from "./monitoring";
import { containerWorkloadRules, containersOnlyRules, workloadListRules } from "./containers";
import { regionBlocks, regionBlocksProblem } from "../plan/regions";
import { sizeCache, sizeDatabase } from "../plan/sizing";

/** A GCP-style project id: 6–30 lower-case letters, digits or hyphens, starting with a letter. */
export const projectId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { error: "expected a project id: 6–30 lower-case letters, digits or hyphens, starting with a letter" });

const hostname = z
  .string()
  .regex(/^(?=.{4,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "expected a lower-case DNS name such as app.example.com" });

export const TopologyObject = strict({
  name: dnsLabel(2, 12).meta({
    description: "Application name; prefixes every resource. ≤12 chars so every cloud's naming limits hold.",
  }),
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,9}$/, { error: "expected 2–10 lower-case letters or digits, starting with a letter" })
    .meta({ description: "Environment name (prod, staging, dev …). Part of every name." }),
  production: z
    .boolean()
    .optional()
    .meta({ description: "Production protections (deletion protection, final snapshots). @default - true when environment is prod or production" }),
  cloud: oneOf(CLOUDS).meta({ description: "Cloud to render for: aws, gcp or azure. The same topology renders on each; per-cloud differences are noted on the fields they affect." }),
  tier: oneOf(["small", "medium", "large", "enterprise", "custom"])
    .default("custom")
    .meta({ description: "The preset this topology came from (set by the tier functions); tags every resource." }),
  regions: z.array(z.string()).min(1).max(5).meta({
    description: "Regions, primary first. With more than one, each region gets its own network, cluster and data-store replicas, and a global stack routes traffic.",
  }),
  project: projectId.optional().meta({ description: "Cloud project to deploy into. Required on gcp (the GCP project id). @default - none (AWS and Azure use the credentials' account or subscription)" }),
  domain: hostname.optional().meta({
    description: "Public hostname of the app. Required with a load balancer or CDN: HTTPS needs a certificate for it. @default - none",
  }),
  dnsZoneId: z
    .string()
    .min(1)
    .optional()
    .meta({
      description:
        "DNS zone that holds `domain`; when set, validation and alias records are created in it. AWS: Route 53 hosted zone id; GCP: Cloud DNS managed zone name; Azure: DNS zone resource id. @default - none: create the DNS records yourself from the outputs",
    }),
  network: NetworkSchema.prefault({}).meta({ description: "The VPC (AWS, GCP) or VNet (Azure) everything runs in: address range, zones and egress. With several regions each region gets its own network, its block carved from `cidr`." }),
  loadBalancer: LoadBalancerSchema.prefault({}).meta({ description: "Settings of the app's load balancer, when there is one." }),
  logs: strict({
    retentionDays: z.literal([7, 14, 30, 90, 180, 365], { error: "expected one of 7 | 14 | 30 | 90 | 180 | 365" }).default(90).meta({ description: "Days to keep the logs tierform creates (CloudWatch log groups, Azure Log Analytics, flow logs). Azure's Log Analytics workspaces keep at least 30 days whatever is set here." }),
  })
    .prefault({})
    .meta({ description: "Retention of the logs tierform creates (control plane, flow logs)." }),
  app: AppSchema.meta({ description: "The app: what VM tiers run with Docker Compose on each server, and what the load balancer and CDN origin health-check. On Kubernetes tiers the workloads run the apps; the exposed workload's port and readiness path take the place of `port` and `healthCheckPath`." }),
  compute: ComputeSchema.meta({ description: "Where the app runs: `kind: vm` (servers running the app with Docker Compose), `kind: kubernetes` (EKS, GKE or AKS with node pools, plus a platform stack for the workloads) or `kind: containers` (the workloads as serverless services: ECS on Fargate, Cloud Run, Azure Container Apps)." }),
  database: DatabaseSchema.optional().meta({ description: "A managed PostgreSQL: RDS (AWS; Aurora PostgreSQL Global Database across regions), Cloud SQL (GCP), Azure Database for PostgreSQL flexible server. @default - none" }),
  cache: CacheSchema.optional().meta({ description: "A managed Redis: ElastiCache (AWS), Memorystore (GCP), Azure Managed Redis. @default - none" }),
  cdn: CdnSchema.optional().meta({ description: "A CDN in front of the app and a static-assets bucket: CloudFront (AWS), Cloud CDN behind the global load balancer (GCP), Front Door (Azure). Needs `domain`. @default - none" }),
  files: FilesSchema.optional().meta({ description: "A private bucket for user files. S3 (AWS), Cloud Storage (GCP), a Storage account container (Azure). @default - none" }),
  workloads: z.array(WorkloadSchema).max(50).default([]).meta({ description: "The apps: on Kubernetes tiers what the platform stack runs; on containers tiers the services (ECS on Fargate, Cloud Run, Container Apps). VM tiers run `app` instead." }),
  platform: PlatformSchema.prefault({}).meta({ description: "Kubernetes tiers: the platform stack that runs the workloads (namespaces, the database setup Job)." }),
  monitoring: MonitoringSchema.prefault({}),
  compliance: ComplianceSchema.prefault({}).meta({ description: "WAF, customer-managed keys, flow logs and data-store audit logs." }),
  tags: TagsSchema,
  backend: BackendSchema,
  catalog: CatalogOptionsSchema.prefault({}).meta({
    description:
      "Exceptions to the machine catalog: allowMachineTypes lists real types tierform's catalog does not know, so an instanceType, instanceClass or nodeType override may name them.",
  }),
});

type TopologyShape = z.output<typeof TopologyObject>;

/** Tiers that only make sense across regions: enterprise survives the loss of one. */
export const MIN_REGIONS: Readonly<Partial<Record<TopologyShape["tier"], number>>> = { enterprise: 2 };

type Add = (path: PropertyKey[], message: string, input?: unknown) => void;
type Rule = (t: TopologyShape, add: Add) => void;

/** Adds a component's findings (paths relative to it) under the component's place in the topology. */
function addAll(add: Add, prefix: readonly PropertyKey[], findings: readonly Finding[]): void {
  for (const f of findings) add([...prefix, ...f.path], f.message, f.input);
}

const ruleContext = (t: TopologyShape): RuleContext => ({ cloud: t.cloud, catalog: t.catalog });

function regionRules(t: TopologyShape, add: Add): void {
  const catalog = catalogFor(t.cloud);
  const known = Object.keys(catalog.regions);
  t.regions.forEach((region, i) => {
    if (!regionInfo(catalog, region)) add(["regions", i], `expected one of the ${t.cloud} regions ${known.join(", ")}`, region);
    if (t.regions.indexOf(region) !== i) add(["regions", i], "expected each region once", region);
  });
  const fewest = t.regions.find((r) => (regionInfo(catalog, r)?.zones.length ?? Infinity) < t.network.zones);
  if (fewest) addAll(add, ["network"], networkRules(t.network, { name: fewest, zones: regionInfo(catalog, fewest)!.zones.length }));
  const least = MIN_REGIONS[t.tier] ?? 1;
  if (t.regions.length < least) {
    add(["regions"], `expected at least ${least} regions for the ${t.tier} tier (primary first, then its failover region)`, t.regions);
  }
  const blocks = t.regions.length > 1 ? regionBlocksProblem(t.network.cidr, t.regions.length) : undefined;
  if (blocks) add(["network", "cidr"], blocks, t.network.cidr);
}

/** What a topology spanning regions needs, per cloud: checked before anything is planned. */
function multiRegionRules(t: TopologyShape, add: Add): void {
  if (t.regions.length < 2) return;
  const regions = `with ${t.regions.length} regions`;
  if (t.compute.kind !== "kubernetes") add(["compute", "kind"], `expected "kubernetes" ${regions}: each region runs its own cluster`, t.compute.kind);
  if (!t.cdn?.appOrigin) add(["cdn", "appOrigin"], `required ${regions}: global traffic enters through the CDN, which routes to the regions`, t.cdn?.appOrigin);
  const limits = catalogFor(t.cloud).global ?? {};
  if (limits.dnsZone && !t.dnsZoneId) add(["dnsZoneId"], `required on ${t.cloud} ${regions}: ${limits.dnsZone}`);
  const modes = limits.cacheModes?.modes ?? ["replicated", "cluster"];
  if (t.cache && !(modes as readonly string[]).includes(t.cache.mode)) {
    const why = limits.cacheModes?.why ?? "cross-region replication needs a highly available primary";
    add(["cache", "mode"], `expected ${modes.map((m) => `"${m}"`).join(" or ")} on ${t.cloud} ${regions}: ${why}`, t.cache.mode);
  }
  if (t.cache && limits.minCacheMemoryGiB && t.cache.memoryGiB < limits.minCacheMemoryGiB.memoryGiB) {
    add(["cache", "memoryGiB"], `expected ≥ ${limits.minCacheMemoryGiB.memoryGiB} on ${t.cloud} ${regions}: ${limits.minCacheMemoryGiB.why}`, t.cache.memoryGiB);
  }
  if (t.cache && limits.maxCacheRegions && t.regions.length > limits.maxCacheRegions) {
    add(["regions"], `expected ≤ ${limits.maxCacheRegions} regions on ${t.cloud} with a cache: its cache replicates to at most ${limits.maxCacheRegions - 1} other regions`, t.regions);
  }
  if (t.cache && limits.cacheNodes && !shapeProblem(t.cloud, "caches", { vcpu: 1, memoryGiB: t.cache.memoryGiB }, t.cache.nodeType)) {
    const node = sizeCache(t.cloud, t.cache.memoryGiB, t.cache.nodeType, t.cache.mode).type;
    if (!limits.cacheNodes.pattern.test(node)) {
      const sized = t.cache.nodeType ? "" : ` (${t.cache.memoryGiB} GiB sizes to ${node})`;
      add(["cache", t.cache.nodeType ? "nodeType" : "memoryGiB"], `expected a node type cross-region replication runs on ${regions}: ${limits.cacheNodes.allowed}${sized}`, t.cache.nodeType ?? t.cache.memoryGiB);
    }
  }
  const db = t.database;
  if (db && limits.databaseClasses && !shapeProblem(t.cloud, "databases", db.shape, db.instanceClass)) {
    const cls = sizeDatabase(t.cloud, db.shape, db.instanceClass).type;
    if (!limits.databaseClasses.pattern.test(cls)) {
      const sized = db.instanceClass ? "" : ` (the shape sizes to ${cls})`;
      add(["database", db.instanceClass ? "instanceClass" : "shape"], `expected ${limits.databaseClasses.allowed} ${regions}${sized}`, db.instanceClass ?? db.shape);
    }
  }
}

function projectRules(t: TopologyShape, add: Add): void {
  addAll(add, [], placementRules(t.cloud, t, false));
}

/** The compute component's own rules (`vmRules`, `kubernetesRules`, the same `VmFleet` and `KubernetesCluster` apply). */
function computeRules(t: TopologyShape, add: Add): void {
  const c = t.compute;
  if (c.kind === "vm") {
    addAll(add, ["compute"], vmRules(ruleContext(t), c));
    return;
  }
  if (c.kind === "containers") return;
  // A pool with an accelerator runs only in zones that offer it: each region needs at least one. Regions and
  // network may not have parsed (their own rules report that): place the pools in what did.
  const placements = (Array.isArray(t.regions) ? t.regions : []).flatMap((region) => {
    const info = typeof region === "string" && typeof t.network?.zones === "number" ? regionInfo(catalogFor(t.cloud), region) : undefined;
    return info ? [{ region, zones: info.zones.slice(0, t.network.zones) }] : [];
  });
  addAll(add, ["compute"], kubernetesRules(ruleContext(t), c, placements));
}

/** Pod and service ranges stay off every region's block, as the region planner lays them out (`clusterAddressRules`). */
function addressRules(t: TopologyShape, add: Add): void {
  if (t.compute.kind !== "kubernetes" || !cidrBounds(t.network.cidr)) return;
  const where = t.regions.length > 1 ? `the networks of the ${t.regions.length} regions (from ${t.network.cidr})` : `network.cidr (${t.network.cidr})`;
  addAll(add, ["compute"], clusterAddressRules(t.compute, { cidrs: regionBlocks(t.network.cidr, t.regions.length), where }));
}

/** The database's own rules (`databaseRules`, the same `PostgresHa` applies). */
function databaseTopologyRules(t: TopologyShape, add: Add): void {
  if (t.database) addAll(add, ["database"], databaseRules({ ...ruleContext(t), zones: t.network.zones }, t.database));
}

/** The user's tags fit beside tierform's own under the cloud's per-resource limit, and take no reserved key. */
function tagRules(t: TopologyShape, add: Add): void {
  const limits = catalogFor(t.cloud).tags;
  const ours = [...TIERFORM_TAG_KEYS, ...limits.rendererTags];
  const room = limits.max - ours.length;
  const keys = Object.keys(t.tags);
  if (keys.length > room) add(["tags"], `expected at most ${room} tags on ${t.cloud} (${limits.max} per resource, ${ours.length} of them tierform's: ${ours.join(", ")}); tags given`, keys.length);
  for (const key of keys) {
    const prefix = [...limits.reservedPrefixes, "tierform:"].find((p) => key.toLowerCase().startsWith(p));
    const owner = prefix === "tierform:" ? "tierform" : t.cloud;
    if (prefix) add(["tags", key], `expected a key of your own: ${owner} keeps keys starting "${prefix}"`, key);
    else if (ours.includes(key)) add(["tags", key], `expected a key of your own: tierform sets "${key}" itself`, key);
  }
}

/** The cache's own rules (`cacheRules`, the same `RedisCluster` applies). */
function cacheTopologyRules(t: TopologyShape, add: Add): void {
  if (t.cache) addAll(add, ["cache"], cacheRules({ ...ruleContext(t), zones: t.network.zones }, t.cache));
}

function workloadRules(t: TopologyShape, add: Add): void {
  if (t.compute.kind === "containers") addAll(add, [], containerWorkloadRules(ruleContext(t), t.workloads, { cache: t.cache !== undefined }));
  if (t.workloads.length === 0) return;
  if (t.compute.kind === "vm") {
    add(["workloads"], 'needs compute.kind "kubernetes" or "containers" (VM tiers run the app with Docker Compose and have no platform stack)');
    return;
  }
  // Containers check the list themselves (containerWorkloadRules, as ContainerServices does on its own).
  if (t.compute.kind === "kubernetes") addAll(add, [], workloadListRules(t.workloads));
  t.workloads.forEach((w, i) => {
    for (const [key, value] of Object.entries(w.env)) {
      if (typeof value === "string") continue;
      const store = value.from.split(".")[0] as "database" | "cache" | "files";
      if (!t[store]) add(["workloads", i, "env", key, "from"], `needs ${store === "files" ? "the files bucket (files)" : `a ${store}`} in the topology`, value.from);
    }
  });
  if (t.compute.kind === "kubernetes") kubernetesWorkloadRules(t, t.compute, add);
}

/** What workloads need on Kubernetes: a pool of their role, names the platform stack does not take, short namespaces. */
function kubernetesWorkloadRules(t: TopologyShape, k8s: Extract<TopologyShape["compute"], { kind: "kubernetes" }>, add: Add): void {
  addAll(add, [], containersOnlyRules(t.workloads));
  const roles = new Set(k8s.nodePools.map((p) => p.role));
  t.workloads.forEach((w, i) => {
    if (!roles.has(w.pool)) {
      add(["workloads", i, "pool"], `expected a pool role the cluster has: ${[...roles].sort().join(", ")}`, w.pool);
    }
    if (w.name === EXTENSIONS_WORKLOAD || w.name === EXTENSIONS_NAMESPACE_SUFFIX) {
      add(["workloads", i, "name"], `expected a name other than "${EXTENSIONS_WORKLOAD}" and "${EXTENSIONS_NAMESPACE_SUFFIX}" (the platform's database-extensions Job uses them)`, w.name);
    }
    if (w.name === POOLER_WORKLOAD && t.database?.pooling) {
      add(["workloads", i, "name"], `expected a name other than "${POOLER_WORKLOAD}" with database.pooling (the platform's pooler may use it)`, w.name);
    }
    // Kubernetes keeps "default" and the kube- prefix; a namespace name is a DNS label of at most 63 characters.
    const namespace = workloadNamespace(t.platform, w.name);
    if (namespace === "default" || namespace.startsWith("kube-") || namespace.length > 63) {
      add(["workloads", i, "name"], `expected a name whose namespace (platform.namespace + "-" + name = "${namespace}") is ≤ 63 characters, not "default" and not kube-…`, w.name);
    }
  });
}

/** Alerts need somewhere to go in production; workload alerts and Grafana need Kubernetes. */
function monitoringTopologyRules(t: TopologyShape, add: Add): void {
  const production = t.production ?? PRODUCTION_NAMES.has(t.environment);
  addAll(add, ["monitoring"], monitoringRules(t.monitoring, { production, kubernetes: t.compute.kind === "kubernetes" }));
}

function edgeRules(t: TopologyShape, add: Add): void {
  const c = t.compute;
  const hasLoadBalancer = c.kind === "kubernetes" || (c.kind === "vm" ? c.exposure === "loadBalancer" : t.workloads.some((w) => w.expose));
  if (t.cdn?.appOrigin && !hasLoadBalancer) {
    add(["cdn", "appOrigin"], 'needs a load balancer (compute.exposure "loadBalancer", kubernetes, or an exposed workload on containers); set appOrigin: false to serve static assets only', true);
  }
  addAll(add, [], domainRules({ loadBalancer: hasLoadBalancer, cdn: t.cdn !== undefined }, t.domain));
  addAll(add, [], dnsZoneRules(t.cloud, t));
  if (hasLoadBalancer && !catalogFor(t.cloud).loadBalancerTerminatesTls && !t.cdn?.appOrigin) {
    add(["cdn"], `required with a load balancer on ${t.cloud}: HTTPS is terminated by the CDN there (set cdn: { appOrigin: true })`);
  }
}

/**
 * Each rule runs when the fields it reads parsed cleanly, so one bad field never hides another rule's
 * problems: the user sees everything that is wrong at once.
 */
function withRule<S extends z.ZodType<TopologyShape>>(schema: S, deps: readonly (keyof TopologyShape)[], rule: Rule): S {
  return schema.superRefine(
    (t, ctx) => rule(t, (path, message, input) => ctx.addIssue({ code: "custom", path, message, ...(input === undefined ? {} : { input }) })),
    {
      when: (payload) =>
        typeof payload.value === "object" &&
        payload.value !== null &&
        !payload.issues.some((issue) => !issue.path?.length || deps.includes(issue.path[0] as keyof TopologyShape)),
    },
  ) as S;
}

const PRODUCTION_NAMES = new Set(["prod", "production", "prd"]);

/** Fills values that depend on other fields; the renderers see them as plain data. */
function derive(t: TopologyShape) {
  const production = t.production ?? PRODUCTION_NAMES.has(t.environment);
  return {
    ...t,
    production,
    database: t.database && { ...t.database, deletionProtection: t.database.deletionProtection ?? production },
  };
}

const withRules = [
  [["cloud", "tier", "regions", "network"], regionRules],
  [["cloud", "project"], projectRules],
  [["cloud", "compute", "catalog"], computeRules],
  [["cloud", "database", "network", "catalog"], databaseTopologyRules],
  [["cloud", "cache", "network", "catalog"], cacheTopologyRules],
  [["regions", "network", "compute"], addressRules],
  [["cloud", "tags"], tagRules],
  [["cloud", "compute", "cdn", "domain", "dnsZoneId", "workloads"], edgeRules],
  [["cloud", "compute", "workloads", "database", "cache", "platform", "catalog"], workloadRules],
  [["cloud", "regions", "compute", "cdn", "dnsZoneId", "cache", "database", "network"], multiRegionRules],
  [["environment", "production", "compute", "monitoring"], monitoringTopologyRules],
] as const satisfies readonly (readonly [readonly (keyof TopologyShape)[], Rule])[];

export const TopologySchema = withRules
  .reduce((schema, [deps, rule]) => withRule(schema, deps, rule), TopologyObject as z.ZodType<TopologyShape, z.input<typeof TopologyObject>>)
  .transform(derive);

/** What users write (TS object, YAML or JSON). */
export type TopologyProps = z.input<typeof TopologySchema>;
/** The resolved topology every planner and renderer receives. */
export type Topology = z.output<typeof TopologySchema>;

/**
 * JSON Schema of the input, for editor completion in topology files (`npm run schema`). zod leaves out the
 * `default` of a field whose schema transforms (free text escaped for Terraform: tags, env, parameters …);
 * those defaults are empty lists and maps, the same on input as on output, so they are put back.
 */
export function topologyJsonSchema(): unknown {
  return z.toJSONSchema(TopologyObject, {
    io: "input",
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def;
      if (def.type === "default" && !("default" in jsonSchema)) jsonSchema.default = JSON.parse(JSON.stringify((def as z.core.$ZodDefaultDef).defaultValue));
    },
  });
}
