/**
 * Property-based fuzzing of the tier entry points (issue 12): hostile and odd overrides on every tier × cloud either
 * throw a TierformError whose problems carry paths, or give an environment whose synthesized JSON is clean.
 *
 * Cost, measured on the project's 2-core machine (CPU time, warm, one vitest worker): a tier function call (merge +
 * zod parse + rules) takes ~0.3–0.7 ms; `new Environment` 10–45 ms; `synthesize` 20–220 ms (enterprise: two regions
 * and a global stack), plus the checks below and `tierform lint` (~10 ms). So most samples only validate, through the
 * entry point a user calls (`small(…)`, `large(…)`, …), and a smaller, valid-biased set goes all the way to JSON:
 *   - hostile: VALIDATE_RUNS (250) per tier × cloud = 3,000 samples, ~2.1 s CPU in all;
 *   - synthesis: SYNTH_RUNS (5) per tier × cloud = 60 samples of several mutations each (about two thirds synthesize;
 *     the rest are rejected on purpose: tags one over the cloud's room, reserved user names …), ~5.3 s CPU;
 *   - the medium-containers variant on each cloud, the same counts after the tiers' (their seeds unchanged): about
 *     0.7 s CPU validating (mostly its own mutations of the services) and 0.6 s synthesizing (ECS, Cloud Run and
 *     Container Apps synthesize faster than medium's VM fleet); about half its costly samples synthesize.
 * The whole file, every property passing: 16–20 s wall with the variant when measured (tests ~11 s, the rest loading
 * cdktf and the providers); since tierform stopped recording a stack trace per cdktf token while it builds and
 * synthesizes, ~7.5 s (tests, one run; the machine is shared, so wall time grows with its load); a failing property
 * adds its shrinking (a few seconds).
 *
 * Run it with other seeds or more samples while hunting:
 *   TIERFORM_FUZZ_SEED=7 TIERFORM_FUZZ_SCALE=4 npx vitest run test/fuzz.test.ts
 * (TIERFORM_FUZZ_VERBOSE=1 prints the outcomes and CPU time per combination, and why costly samples were rejected.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogFor } from "../src/catalog";
import { CLOUDS, type Cloud } from "../src/core/cloud";
import { TierformError } from "../src/core/errors";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { formatViolation, lint, synthesize, type SynthResult } from "../src/testing";
import { CONNECTION_FIELDS } from "../src/model/workload";
import { TIER_NAMES, mediumContainers, presets, tierVariants, tiers, type TierName, type TierPreset } from "../tiers";

const SEED = Number(process.env["TIERFORM_FUZZ_SEED"] ?? 20_251_212);
const SCALE = Number(process.env["TIERFORM_FUZZ_SCALE"] ?? 1);
/**
 * Exploration only: comma-separated ids of findings to tolerate, so a run can look past a known bug to the next one
 * (`proto-key`: an own `__proto__` key vanishes in the deep merge; `root-path`: an unknown top-level key is reported
 * at the root; `app-env`: VM servers' `app.environment` is not generated); any other entry drops the JSON invariant violations whose text contains it (e.g. `tags has`).
 * The committed test tolerates none.
 */
const IGNORE = new Set((process.env["TIERFORM_FUZZ_IGNORE"] ?? "").split(",").filter(Boolean));
const VALIDATE_RUNS = Math.round(250 * SCALE);
const SYNTH_RUNS = Math.max(1, Math.round(5 * SCALE));

// ---------------------------------------------------------------------------------------------------------------
// Base inputs: one valid input per tier × cloud (what a user would write), which the mutations then disturb.

const PRIMARY = { aws: "us-west-2", gcp: "us-central1", azure: "eastus" } as const satisfies Record<Cloud, string>;
const SECONDARY = { aws: "us-east-1", gcp: "us-east4", azure: "westus3" } as const satisfies Record<Cloud, string>;
const DNS_ZONE = {
  aws: "Z0123456789EXAMPLE",
  gcp: "example-com",
  azure: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/dnszones/example.com",
} as const satisfies Record<Cloud, string>;
const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxd0HHDZ4O2kUaxd7i3nNAt0dbiJqUBqgP0hWVtC1sq fuzz@tierform";
const KUBERNETES: readonly Variant[] = ["large", "enterprise"];

/** The tiers, and the variants a topology file names in `tier:` (medium on serverless containers). */
type Variant = TierName | keyof typeof tierVariants;
const VARIANTS: readonly Variant[] = [...TIER_NAMES, "medium-containers"];
const CONTAINERS: readonly Variant[] = ["medium-containers"];
const entry = (v: Variant): ((input: never) => unknown) => (v === "medium-containers" ? mediumContainers : tiers[v]);
const presetOf = (v: Variant): TierPreset => (v === "medium-containers" ? tierVariants[v].preset : presets[v]);
/** What runs the app: VM servers, a Kubernetes cluster's workloads, or the workloads as serverless services. */
type Kind = "vm" | "kubernetes" | "containers";
const kindOf = (v: Variant): Kind => (CONTAINERS.includes(v) ? "containers" : KUBERNETES.includes(v) ? "kubernetes" : "vm");

type Json = Record<string, unknown>;

/** Connection details both services read (the web also files.bucket): every store the preset has. */
const SERVICE_ENV = { DATABASE_HOST: { from: "database.host" }, DATABASE_USER: { from: "database.user" }, REDIS_HOST: { from: "cache.host" }, REDIS_TLS: { from: "cache.tls" }, LEVEL: "info" };

const SERVICE_WEB = {
  name: "web",
  image: "ghcr.io/acme/web:1.0",
  port: 8080,
  expose: true,
  resources: { limits: { cpu: "1", memory: "2Gi" } },
  readiness: { path: "/healthz" },
  autoscaling: { min: 2, max: 10, concurrentRequests: 80 },
  env: { ...SERVICE_ENV, FILES_BUCKET: { from: "files.bucket" } },
};
const SERVICE_WORKER = {
  name: "worker",
  image: "ghcr.io/acme/worker:1.0",
  resources: { requests: { cpu: "500m", memory: "1Gi" } },
  autoscaling: { min: 1, max: 5, cpuPercent: 70, queue: { list: "celery", perInstance: 100 } },
  env: SERVICE_ENV,
};

function baseInput(tier: Variant, cloud: Cloud): Json {
  const input: Json = { name: "fz", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud, ...(cloud === "gcp" ? { project: "fuzz-project-1" } : {}) };
  if (tier === "enterprise") Object.assign(input, { regions: [PRIMARY[cloud], SECONDARY[cloud]], dnsZoneId: DNS_ZONE[cloud] });
  else input["region"] = PRIMARY[cloud];
  if (tier !== "small") input["domain"] = "app.example.com";
  if (cloud === "azure" && kindOf(tier) === "vm") input["compute"] = { sshPublicKey: SSH_KEY };
  if (kindOf(tier) === "containers") {
    // The variant's two services with the user's images, as its docs ask: workloads 0 (exposed) and 1 (the queue worker).
    input["workloads"] = [structuredClone(SERVICE_WEB), structuredClone(SERVICE_WORKER)];
  }
  if (KUBERNETES.includes(tier)) {
    input["compute"] = { apiAccessCidrs: ["203.0.113.0/24"] };
    input["workloads"] = [
      { name: "api", image: "ghcr.io/acme/api:1.0", port: 8080, expose: true, env: { HOST: { from: "database.host" }, LEVEL: "info" }, readiness: { path: "/healthz" } },
      { name: "worker", image: "ghcr.io/acme/worker:1.0", resources: { requests: { cpu: "250m" } }, autoscaling: { min: 1, max: 5, cpuPercent: 70 } },
    ];
  }
  return input;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** Marker in every generated template string: an unescaped `${fz` or `%{fz` in the JSON is a user's text evaluated. */
const INJECTIONS = [
  "${fz.var}",
  "${fz}",
  "%{fzif true}x%{fzendif}",
  "a${fz",
  "${fz}${fz}",
  "$${fz}",
  "$$${fz}",
  '"${fz}"',
  "\\${fz}",
  "%%{fz}",
  "${fz\"}",
  "x%{fz",
  '${fz} "quoted" \\back\\slash',
];
const ODD_TEXT = [
  "",
  " ",
  '"',
  "'",
  "\\",
  "\\\\n",
  "\n",
  "\t",
  "a\u0000b",
  "é中文😀",
  "\u202eevil",
  "\ud800",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "prototype",
  "-",
  "*",
  "<script>",
  "a,b=c;d",
  "x".repeat(255),
  "y".repeat(256),
  "z".repeat(5000),
];
/** Words the JSON must never contain (checked), so generated text never carries them. */
const FORBIDDEN_WORDS = /undefined|NaN|Infinity|\[object Object\]/;
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...INJECTIONS), fc.string({ maxLength: 20 })).map(([a, b]) => b + a + b) },
).filter((s) => !FORBIDDEN_WORDS.test(s));

/** Text a tag value or a parameter may hold (≤255 characters): for the samples meant to synthesize. */
const validText = text.filter((s) => s.length <= 255);

const weirdNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, -0, 0, 0.5, 1.5, 1e308, -1e308, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 65536, 1e6),
  fc.integer({ min: -10, max: 100 }),
  fc.double(),
);
const wrongType = fc.constantFrom<unknown>(true, false, "1", "", [], [1], {}, { a: 1 }, [null], "NaN");
const PROTO_KEYS = ["__proto__", "constructor", "toString", "prototype", "valueOf", "hasOwnProperty"];

/** An object with own keys that may be prototype names, as JSON.parse gives them (YAML/JSON topology files). */
function ownObject(entries: readonly (readonly [string, unknown])[]): Json {
  const out: Json = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const TAG_KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/=+@-";
const tagKey = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TAG_KEY_CHARS), minLength: 1, maxLength: 63 }),
  fc.constantFrom("team", "Team", "TEAM", "a", "tierform_app", "Name", "name", "aws:x", "goog-x", "k8s.io/role", "__proto__", "constructor", "toString", "x".repeat(63), "x".repeat(64), "", "a b"),
);
/** Tags: sometimes right at, or just over, the cloud's room for user tags. */
function tags(cloud: Cloud) {
  const limits = catalogFor(cloud).tags;
  const room = limits.max - 3 - limits.rendererTags.length;
  const many = (n: number) => fc.constant(ownObject(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`] as const)));
  return fc.oneof(
    fc.array(fc.tuple(tagKey, text), { maxLength: 8 }).map(ownObject),
    fc.constantFrom(room - 1, room, room + 1, limits.max, 200).chain(many),
    fc.tuple(fc.integer({ min: 0, max: room }), validText).map(([n, v]) => ownObject(Array.from({ length: n }, (_, i) => [`key-${i}`, v] as const))),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations: a path into the overrides and the value set there. `invalid` says the schema must reject it.

interface Mutation {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  readonly invalid?: string;
  /** For `value: "pool-labels"`: labels of the first node pool (the preset's pools otherwise kept). */
  readonly labels?: Json;
}

/** Numeric fields, by path (VM-only and Kubernetes-only fields included everywhere: wrong on the other kind). */
const NUMBER_FIELDS = [
  ["database", "storageGiB"],
  ["database", "maxStorageGiB"],
  ["database", "readReplicas"],
  ["database", "shards"],
  ["database", "version"],
  ["database", "backupRetentionDays"],
  ["database", "passwordVersion"],
  ["database", "shape", "vcpu"],
  ["database", "shape", "memoryGiB"],
  ["cache", "memoryGiB"],
  ["cache", "shards"],
  ["cache", "replicasPerShard"],
  ["cache", "snapshotRetentionDays"],
  ["network", "zones"],
  ["compute", "servers"],
  ["compute", "diskGiB"],
  ["compute", "shape", "vcpu"],
  ["compute", "systemPool", "count"],
  ["app", "port"],
  ["loadBalancer", "idleTimeoutSeconds"],
  ["loadBalancer", "nodePort"],
  ["loadBalancer", "healthyThreshold"],
  ["logs", "retentionDays"],
  ["compliance", "rateLimitPerMinute"],
  ["files", "expireNoncurrentDays"],
  ["workloads", 0, "port"],
  ["workloads", 0, "replicas"],
  ["workloads", 1, "autoscaling", "max"],
] as const;
const STRING_FIELDS = [
  ["name"],
  ["environment"],
  ["domain"],
  ["dnsZoneId"],
  ["project"],
  ["region"],
  ["database", "databaseName"],
  ["database", "username"],
  ["database", "backupWindow"],
  ["database", "maintenanceWindow"],
  ["database", "instanceClass"],
  ["cache", "nodeType"],
  ["cache", "mode"],
  ["compute", "version"],
  ["compute", "podCidr"],
  ["compute", "instanceType"],
  ["compute", "sshPublicKey"],
  ["network", "cidr"],
  ["network", "nat"],
  ["app", "image"],
  ["app", "healthCheckPath"],
  ["platform", "namespace"],
  ["cdn", "priceClass"],
  ["workloads", 0, "name"],
  ["workloads", 0, "image"],
  ["workloads", 0, "disruption", "maxUnavailable"],
  ["workloads", 1, "resources", "requests", "cpu"],
] as const;
/** Strict objects: an unknown key there is an error. */
const STRICT_OBJECTS = [[], ["database"], ["database", "shape"], ["cache"], ["network"], ["compute"], ["app"], ["cdn"], ["files"], ["platform"], ["compliance"], ["logs"], ["loadBalancer"], ["workloads", 0], ["workloads", 1, "autoscaling"]] as const;
/** Free-text maps whose values reach Terraform as written. */
const TEXT_MAPS = [
  [["database", "parameters"], fc.stringMatching(/^[a-z_.]{1,20}$/)],
  [["app", "environment"], fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/)],
  [["workloads", 0, "env"], fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/)],
  [["workloads", 1, "env"], fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/)],
] as const;

/** The free-text maps a tier has (VM tiers run no workloads). */
const textMaps = (workloads: boolean) =>
  TEXT_MAPS.filter(([p]) => (workloads || p[0] !== "workloads") && !(IGNORE.has("app-env") && p.join(".") === "app.environment"));

const path = <T extends readonly (readonly (string | number)[])[]>(paths: T) => fc.constantFrom(...paths.map((p) => [...p] as (string | number)[]));

function hostileMutation(cloud: Cloud, kind: Kind = "kubernetes"): fc.Arbitrary<Mutation> {
  // The containers variant: its own mutations beside the common ones (the other tiers draw exactly as before).
  const containers = kind === "containers" ? [{ weight: 6, arbitrary: containerHostileMutation(cloud) }] : [];
  return fc.oneof(
    ...containers,
    // Numbers out of range, not finite, negative, huge; the non-finite ones are never valid.
    fc.tuple(path(NUMBER_FIELDS), weirdNumber).map(([p, value]) => ({ path: p, value, ...(Number.isFinite(value) ? {} : { invalid: "a non-finite number" }) })),
    fc.tuple(path(NUMBER_FIELDS), wrongType).map(([p, value]) => ({ path: p, value, invalid: "a number field of another type" })),
    fc.tuple(path(STRING_FIELDS), fc.oneof(text, wrongType, weirdNumber)).map(([p, value]) => ({ path: p, value })),
    // Unknown keys in strict objects, prototype names included (own keys, as a parsed YAML/JSON file has them).
    fc.tuple(path(STRICT_OBJECTS), fc.oneof(fc.constantFrom(...PROTO_KEYS, "Database", "servers ", "extra"), fc.string({ minLength: 1, maxLength: 8 })), fc.oneof(text, wrongType, weirdNumber)).map(
      ([p, key, value]) => ({ path: [...p, key], value, invalid: `the unknown key ${JSON.stringify(key)}` }),
    ),
    fc.tuple(fc.constantFrom(...TEXT_MAPS.map(([p]) => [...p] as (string | number)[])), fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), fc.oneof(text, wrongType)).map(([p, key, value]) => ({ path: [...p, key], value })),
    fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), tagKey), fc.oneof(text, wrongType)).map(([key, value]) => ({ path: ["tags", key], value })),
    // Whole sections replaced by the wrong kind of thing.
    fc.tuple(fc.constantFrom("database", "cache", "cdn", "files", "compute", "network", "tags", "workloads", "regions", "app", "backend", "platform"), fc.oneof(wrongType, weirdNumber, text)).map(([k, value]) => ({ path: [k], value })),
    // Prototype-named keys at the top, with objects under them.
    fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom<unknown>({ tier: "enterprise" }, { database: { ha: false } }, {}, "x")).map(([key, value]) => ({ path: [key], value, invalid: `the unknown key ${JSON.stringify(key)}` })),
    fc.tuple(fc.constantFrom("database", "cache", "compute"), fc.constantFrom(...PROTO_KEYS), fc.constantFrom<unknown>({ maxStorageGiB: 30 }, { ha: false }, { servers: 3 })).map(([section, key, value]) => ({
      path: [section, key],
      value,
      invalid: `the unknown key ${JSON.stringify(key)}`,
    })),
    // Lists emptied, duplicated, given odd members.
    fc.constantFrom<readonly (string | number)[]>(["regions"], ["compute", "apiAccessCidrs"], ["database", "extensions"], ["cdn", "noCachePaths"], ["workloads"], ["compute", "nodePools"]).chain((p) =>
      fc.oneof(fc.constant([]), fc.array(fc.oneof(text, wrongType), { maxLength: 4 })).map((value) => ({ path: [...p], value })),
    ),
    regionsMutation(cloud),
    // Lists whose members must be unique, duplicated.
    fc.constantFrom<readonly [readonly string[], unknown[]]>(
      [["database", "extensions"], ["vector", "vector"]],
      [["regions"], ["x", "x"]],
      [["workloads"], [{ name: "a1", image: "nginx" }, { name: "a1", image: "nginx" }]],
      [["compute", "nodePools"], [{ name: "general", role: "general", shape: { vcpu: 2, memoryGiB: 8 }, min: 1, max: 2 }, { name: "general", role: "general", shape: { vcpu: 2, memoryGiB: 8 }, min: 1, max: 2 }]],
    ).map(([p, value]) => ({ path: [...p], value, invalid: "a list whose members must be unique, duplicated" })),
    validMutation(cloud, kind === "containers" ? "containers" : "kubernetes"),
  );
}

function regionsMutation(cloud: Cloud): fc.Arbitrary<Mutation> {
  const known = Object.keys(catalogFor(cloud).regions);
  const other = CLOUDS.filter((c) => c !== cloud).flatMap((c) => Object.keys(catalogFor(c).regions).slice(0, 2));
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fc.constantFrom(...other, "", "US-WEST-2", "us-west-2 ", "__proto__", "constructor", "hasOwnProperty")), { minLength: 0, maxLength: 6 })
    .map((regions) => ({ path: ["regions"], value: regions }));
}

const NAMES_NEAR_RESERVED = ["postgres", "rdsadmin", "rds_x", "pg_x", "admin", "root", "azure_x", "azuresu", "cloudsqlsuperuser", "cloudsqlx", "public", "replication", "app_admin", "a", "x".repeat(31)];
const ODD_WORKLOAD_NAMES = ["db", "db-extensions", "default", "kube-system", "kube", "a1", "x".repeat(40), "a-b-c-d", "api", "worker", "constructor", "proto", "system"];

/** Mutations that mostly keep the input valid, so synthesis runs and the JSON is checked. */
function validMutation(cloud: Cloud, kind: Kind = "kubernetes"): fc.Arbitrary<Mutation> {
  const k8s = <T,>(arbs: fc.Arbitrary<T>[]) => (kind === "kubernetes" ? arbs : []);
  const containers = <T,>(arbs: fc.Arbitrary<T>[]) => (kind === "containers" ? arbs : []);
  return fc.oneof(
    tags(cloud).map((value) => ({ path: ["tags"], value })),
    fc.constantFrom(...textMaps(kind !== "vm")).chain(([p, key]) =>
      fc.array(fc.tuple(key, validText), { minLength: 1, maxLength: 4 }).map((entries) => ({ path: [...p], value: ownObject(entries) })),
    ),
    fc.constantFrom(...NAMES_NEAR_RESERVED).map((value) => ({ path: ["database", "username"], value })),
    fc.constantFrom("app", "a", "postgres", "template0", "x".repeat(31), "db_1").map((value) => ({ path: ["database", "databaseName"], value })),
    ...k8s([
      fc.constantFrom(...ODD_WORKLOAD_NAMES).map((value) => ({ path: ["workloads", 1, "name"], value })),
      fc.constantFrom("apps", "kube", "default", "x".repeat(40), "a1").map((value) => ({ path: ["platform", "namespace"], value })),
      workloadsMutation(),
    ]),
    ...containers([containerValidMutation(cloud), servicesMutation(cloud)]),
    fc.integer({ min: 1, max: 3 }).map((value) => ({ path: ["database", "shards"], value })),
    fc.integer({ min: 0, max: 5 }).map((value) => ({ path: ["database", "readReplicas"], value })),
    fc.boolean().map((value) => ({ path: ["database", "ha"], value })),
    fc.constantFrom(null, { mode: "single", memoryGiB: 1, replicasPerShard: 0, shards: 1 }, { mode: "replicated", memoryGiB: 13, replicasPerShard: 2, shards: 1 }).map((value) => ({ path: ["cache"], value })),
    fc.constantFrom("database", "cdn", "files").map((k) => ({ path: [k], value: null })),
    fc.constantFrom("10.0.0.0/16", "172.16.0.0/20", "192.168.0.0/16", "10.255.240.0/20").map((value) => ({ path: ["network", "cidr"], value })),
    fc.constantFrom(1, 2, 3).map((value) => ({ path: ["network", "zones"], value })),
    fc.constantFrom("single", "perZone", "none").map((value) => ({ path: ["network", "nat"], value })),
    fc.array(fc.constantFrom("/*", "/api/*", "/a.b/-_*", "/", "/x".repeat(40)), { maxLength: 4 }).map((value) => ({ path: ["cdn", "noCachePaths"], value })),
    fc.array(fc.constantFrom("198.51.100.0/24", "10.0.0.0/8", "1.2.3.4/32", "203.0.113.0/24"), { maxLength: 3 }).map((value) => ({ path: ["compute", "apiAccessCidrs"], value })),
    // Lists duplicated: the same path or CIDR twice.
    fc.constantFrom<readonly [readonly string[], unknown[]]>(
      [["cdn", "noCachePaths"], ["/api/*", "/api/*"]],
      [["compute", "apiAccessCidrs"], ["198.51.100.0/24", "198.51.100.0/24"]],
    ).map(([p, value]) => ({ path: [...p], value })),
    fc.record({ waf: fc.boolean(), customerManagedKeys: fc.boolean(), flowLogs: fc.boolean(), auditLogs: fc.boolean() }).map((value) => ({ path: ["compliance"], value })),
    fc.constantFrom("dev", "prod", "production", "s1", "x".repeat(10)).map((value) => ({ path: ["environment"], value })),
    fc.constantFrom("fz", "ab", "a-b", "x".repeat(12), "z9").map((value) => ({ path: ["name"], value })),
    fc.constantFrom("a.io", "x".repeat(63) + ".example.com", "app.example.com").map((value) => ({ path: ["domain"], value })),
    // Other valid settings with edges of their ranges.
    fc.constantFrom<unknown>(
      { type: "s3", bucket: "a.b-c", region: "eu-west-1", keyPrefix: "a/b.c/_-", kmsKeyId: "alias/x" },
      { type: "gcs", bucket: "x".repeat(63), prefix: "p" },
      { type: "azurerm", resourceGroupName: "rg(1)", storageAccountName: "abc", containerName: "a-b" },
      { type: "local" },
    ).map((value) => ({ path: ["backend"], value })),
    fc.constantFrom(7, 365).map((value) => ({ path: ["logs", "retentionDays"], value })),
    fc.record({ idleTimeoutSeconds: fc.constantFrom(1, 4000), drainSeconds: fc.constantFrom(0, 3600), healthCheckIntervalSeconds: fc.constantFrom(5, 300), nodePort: fc.constantFrom(30000, 32767) }).map((value) => ({ path: ["loadBalancer"], value })),
    fc.boolean().map((value) => ({ path: ["production"], value })),
    fc.constantFrom(13, 14, 15, 17, 18).map((value) => ({ path: ["database", "version"], value })),
    fc.record({ backupRetentionDays: fc.constantFrom(1, 35), backupWindow: fc.constantFrom("00:00-00:30", "23:30-23:59"), maintenanceWindow: fc.constantFrom("sat:23:00-sun:01:00", "wed:12:00-wed:13:00") }).map((value) => ({ path: ["database"], value })),
    fc.constantFrom(100, 100000).map((value) => ({ path: ["compliance", "rateLimitPerMinute"], value })),
    fc.constantFrom("1.31", "1.34").map((value) => ({ path: ["compute", "version"], value })),
    fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/)), { maxLength: 60 }).map((entries) => ({
      path: ["compute", "nodePools"],
      value: "pool-labels",
      labels: ownObject(entries),
    })),
  );
}

/**
 * One costly sample: several aspects at once, each present with its own probability, so each synthesis checks many
 * things (tags at the cloud's limit with odd text elsewhere, reserved-looking names with extra workloads …).
 */
function synthSample(tier: Variant, cloud: Cloud): fc.Arbitrary<Mutation[]> {
  const kind = kindOf(tier);
  if (kind === "containers") return containersSample(cloud);
  const kubernetes = kind === "kubernetes";
  const limits = catalogFor(cloud).tags;
  const room = limits.max - 3 - limits.rendererTags.length;
  const many = (n: number) => ownObject(Array.from({ length: n }, (_, i) => [`k${i}`, i % 7 === 0 ? INJECTIONS[i % INJECTIONS.length]! : `v${i}`] as const));
  const maybe = (p: number, arb: fc.Arbitrary<Mutation | Mutation[]>): fc.Arbitrary<Mutation | Mutation[] | undefined> =>
    p === 0 ? fc.constant(undefined) : fc.oneof({ weight: Math.round(p * 100), arbitrary: arb }, { weight: Math.round((1 - p) * 100), arbitrary: fc.constant(undefined) });
  const all = validMutation(cloud, kind);
  return fc
    .tuple(
      maybe(0.6, fc.oneof({ weight: 2, arbitrary: fc.constant(room).map(many) }, fc.constant(room + 1).map(many), { weight: 2, arbitrary: tags(cloud) }).map((value) => ({ path: ["tags"], value }))),
      maybe(0.6, fc.constantFrom(...textMaps(kubernetes)).chain(([p, key]) => fc.array(fc.tuple(key, validText), { minLength: 1, maxLength: 5 }).map((entries) => ({ path: [...p], value: ownObject(entries) })))),
      maybe(0.15, fc.constantFrom(...NAMES_NEAR_RESERVED).map((value) => ({ path: ["database", "username"], value }))),
      maybe(kubernetes ? 0.4 : 0, workloadsMutation()),
      maybe(0.5, fc.array(all, { minLength: 1, maxLength: 3 })),
      maybe(kubernetes ? 0.15 : 0, regionsMutation(cloud)),
      maybe(0.1, hostileMutation(cloud)),
    )
    .map((parts) => parts.flatMap((p) => (p === undefined ? [] : Array.isArray(p) ? p : [p])));
}

/** Extra workloads with odd but valid names and envs. */
function workloadsMutation(): fc.Arbitrary<Mutation> {
  const workload = fc.record({
    name: fc.oneof(fc.constantFrom(...ODD_WORKLOAD_NAMES), fc.stringMatching(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/)),
    image: fc.constantFrom("ghcr.io/acme/x:1", "nginx", "a/b@sha256:abc"),
    env: fc.array(fc.tuple(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), text), { maxLength: 3 }).map(ownObject),
    replicas: fc.integer({ min: 0, max: 3 }),
  });
  return fc.array(workload, { maxLength: 3 }).map((extra) => ({ path: ["workloads", "+"], value: extra }));
}

// ---------------------------------------------------------------------------------------------------------------
// Serverless containers (medium-containers): the workloads are the services, sized, exposed and scaled by the platform.

/** CPU quantities: millicores, fractions, whole vCPUs, ones no platform has (32), zero. */
const CPU_QUANTITIES = ["1m", "100m", "250m", "0.25", "300m", "0.5", "0.75", "1", "1001m", "1.5", "2", "2000m", "3", "4", "4.5", "6", "8", "16", "32", "0", "0.1"];
const MEMORY_QUANTITIES = ["1Ki", "128Mi", "512Mi", "1Gi", "1536Mi", "2Gi", "3Gi", "4Gi", "5Gi", "8Gi", "16Gi", "24Gi", "30Gi", "32Gi", "60Gi", "120Gi", "121Gi", "1Ti", "0Mi", "2097152Ki"];
/** Names: odd ones, long ones (two sharing their first 30 characters), ones the platforms or tierform use themselves. */
const SERVICE_NAMES = [
  ...ODD_WORKLOAD_NAMES,
  "x".repeat(39) + "y",
  "services",
  "cluster",
  "container-insights",
  "services-internal",
  "apps",
  "apps-logs",
  "app-neg",
  "run-logs",
  "ecs",
  "aws",
  "azure",
  "google",
  "pgbouncer",
  "web-execution",
  "web-task",
  "a".repeat(30) + "-web",
  "a".repeat(30) + "-api",
];

/** Pairs of names alike in their first 30 characters or more: cut to a cloud's limit, they must stay apart. */
const LONG_NAME_PAIRS = [
  ["x".repeat(40), "x".repeat(39) + "y"],
  ["a".repeat(30) + "-web", "a".repeat(30) + "-api"],
  ["web-" + "b".repeat(36), "web-" + "b".repeat(35) + "c"],
] as const;

/** A size: requests and limits, each resource present or not (none at all: the platform has nothing to size by). */
const anySize = fc.record(
  {
    requests: fc.record({ cpu: fc.constantFrom(...CPU_QUANTITIES), memory: fc.constantFrom(...MEMORY_QUANTITIES) }, { requiredKeys: [] }),
    limits: fc.record({ cpu: fc.constantFrom(...CPU_QUANTITIES), memory: fc.constantFrom(...MEMORY_QUANTITIES) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
/** A size the cloud's platform offers, written oddly (millicores, Mi, Ki) or a little under it (rounded up), in limits or requests. */
function fittingSize(cloud: Cloud) {
  const rows = catalogFor(cloud).containers.sizes.flatMap((r) => r.memoryGiB.map((m) => [r.vcpu, m] as const));
  return fc
    .tuple(fc.constantFrom(...rows), fc.constantFrom("exact", "millis", "under"), fc.constantFrom("Gi", "Mi", "Ki"), fc.constantFrom("limits", "requests", "both"))
    .map(([[vcpu, gib], cpuForm, unit, where]) => {
      const cpu = cpuForm === "exact" ? String(vcpu) : cpuForm === "millis" ? `${vcpu * 1000}m` : `${Math.max(1, vcpu * 1000 - 7)}m`;
      const mi = gib * 1024;
      const memory = unit === "Gi" && Number.isInteger(gib) ? `${gib}Gi` : unit === "Ki" ? `${mi * 1024}Ki` : `${Math.round(mi)}Mi`;
      const r = { cpu, memory };
      return where === "both" ? { requests: r, limits: r } : { [where]: r };
    });
}
const probe = fc.record(
  {
    path: fc.constantFrom("/", "/healthz", "/a/b?c=d&e=f", "/%7e", "/${fz}", "/%{fz}", "/é", "/x".repeat(100)),
    periodSeconds: fc.constantFrom(1, 10, 240, 241, 300),
    initialDelaySeconds: fc.constantFrom(0, 5, 60, 61, 240, 241, 600),
    failureThreshold: fc.constantFrom(1, 3, 10, 11, 30),
  },
  { requiredKeys: ["path"] },
);
const queue = fc.record({ list: fc.constantFrom("celery", "a:b.c-d_e", "q".repeat(100)), perInstance: fc.constantFrom(1, 100, 100000) });
/** Bounds and signals; `min ≤ max` unless `hostile`. */
function containerScaling(hostile: boolean) {
  return fc
    .record(
      {
        min: fc.constantFrom(1, 2, 3, 299, 300, 301, 1000),
        max: fc.constantFrom(1, 3, 10, 300, 301, 1000),
        cpuPercent: fc.constantFrom(1, 70, 100),
        memoryPercent: fc.constantFrom(1, 80, 100),
        concurrentRequests: fc.constantFrom(1, 80, 1000),
        queue,
      },
      { requiredKeys: ["min", "max"] },
    )
    .map((a) => (hostile ? a : { ...a, min: Math.min(a.min, a.max) }));
}
const envName = fc.oneof(fc.constantFrom("PORT", "K_SERVICE", "DATABASE_PASSWORD", "REDIS_PASSWORD", "PATH", "HOME", "_"), fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/));
/** Names a valid sample may use: not the passwords tierform injects (refused). */
const ownEnvName = envName.filter((n) => n !== "DATABASE_PASSWORD" && n !== "REDIS_PASSWORD");
/** Literals (templates, odd text) and every connection field, of the stores `from` may read. */
function serviceEnv(fields: readonly string[], values: fc.Arbitrary<string>, names = envName) {
  return fc
    .array(fc.tuple(names, fields.length > 0 ? fc.oneof(values, fc.constantFrom(...fields).map((from) => ({ from }))) : values), { maxLength: 6 })
    .map(ownObject);
}

/** Mutations of the containers variant's two services and compute settings, valid or not: only the tier function runs. */
function containerHostileMutation(cloud: Cloud): fc.Arbitrary<Mutation> {
  const i = fc.constantFrom(0, 1);
  const at = (...p: (string | number)[]) => i.map((n) => ["workloads", n, ...p]);
  const set = <T,>(p: fc.Arbitrary<(string | number)[]>, value: fc.Arbitrary<T>, invalid?: string) =>
    fc.tuple(p, value).map(([path, v]) => ({ path, value: v, ...(invalid ? { invalid } : {}) }));
  return fc.oneof(
    set(at("resources"), fc.oneof(anySize, fittingSize(cloud), fc.constantFrom<unknown>(null, {}))),
    set(at("resources", "limits", "cpu"), fc.constantFrom(...CPU_QUANTITIES, "1.", ".5", "-1", "1e3", "1 ")),
    set(at("resources", "requests", "memory"), fc.constantFrom(...MEMORY_QUANTITIES, "1G", "1gi", "1.5Gi", "Gi")),
    set(at("port"), fc.constantFrom<unknown>(null, 1, 80, 8080, 65535, 0, 65536, 8080.5)),
    set(at("expose"), fc.boolean()),
    set(at("replicas"), fc.constantFrom<unknown>(0, 1, 300, 301, 1000, 1001)),
    set(at("autoscaling"), fc.oneof(containerScaling(true), fc.constant(null))),
    set(at("autoscaling", "queue"), fc.oneof(queue, fc.constantFrom<unknown>({ list: "" , perInstance: 1 }, { list: "a b", perInstance: 1 }, { list: "celery", perInstance: 0 }))),
    set(at("autoscaling", "concurrentRequests"), fc.constantFrom(0, 1, 1000, 1001)),
    set(at("readiness"), fc.oneof(probe, fc.constant(null))),
    set(at("liveness"), fc.oneof(probe, fc.constant(null))),
    set(at("env"), serviceEnv(CONNECTION_FIELDS, text)),
    set(at("name"), fc.constantFrom(...SERVICE_NAMES, "x".repeat(41), "Web", "web-", "9web", "a--b")),
    longNamesMutation(),
    set(at("readOnlyRootFilesystem"), fc.boolean()),
    set(at("image"), fc.constantFrom("123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1", "a/b@sha256:abc", "nginx", "Nginx", "")),
    // What only Kubernetes has: refused on containers whatever else the sample holds.
    set(at("gpus"), fc.integer({ min: 1, max: 8 }), "gpus on containers"),
    set(at("pool"), fc.constantFrom("gpu", "spot", "memory"), "a node pool on containers"),
    set(at("vpa"), fc.constantFrom({ updateMode: "Off" }, { updateMode: "Recreate", controlledResources: ["memory"] }), "a VPA on containers"),
    set(at("autoscaling", "pods"), fc.constant([{ metric: "http_requests_per_second", averageValue: "100" }]), "pods metrics on containers"),
    set(at("autoscaling", "external"), fc.constant([{ metric: "redis_queue_length", averageValue: "10" }]), "external metrics on containers"),
    set(at("autoscaling", "behavior"), fc.constant({ scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } }), "HPA behavior on containers"),
    // Compute's own settings, at and past their ranges.
    set(fc.constantFrom(["compute", "scaleInCooldownSeconds"], ["compute", "scaleOutCooldownSeconds"], ["compute", "minHealthyPercent"], ["compute", "maxPercent"]), fc.oneof(weirdNumber, fc.constantFrom(0, 99, 100, 101, 200, 201, 3600, 3601))),
    set(fc.constantFrom(["compute", "kind"]), fc.constantFrom("vm", "kubernetes", "container", "Containers")),
    set(fc.constantFrom(["compute", "servers"], ["compute", "nodePools"], ["compute", "sshPublicKey"], ["compute", "apiAccessCidrs"]), fc.constantFrom<unknown>(1, [], SSH_KEY), "a setting of another compute kind"),
    // Stores dropped under services that read them, scale on them, or are behind the CDN.
    set(fc.constantFrom(["cache"], ["database"], ["files"], ["cdn"]), fc.constant(null)),
    servicesMutation(cloud, true),
  );
}

/** The two services renamed to a pair of long names that start alike. */
const longNamesMutation = (): fc.Arbitrary<Mutation> =>
  fc.constantFrom(...LONG_NAME_PAIRS).map(([a, b]) => ({ path: ["workloads"], value: [{ ...SERVICE_WEB, name: a }, { ...SERVICE_WORKER, name: b }] }));

/** Tweaks of the variant's services that mostly stay valid (the costly samples). */
function containerValidMutation(cloud: Cloud): fc.Arbitrary<Mutation> {
  const i = fc.constantFrom(0, 1);
  const at = (...p: (string | number)[]) => i.map((n) => ["workloads", n, ...p]);
  const set = <T,>(p: fc.Arbitrary<(string | number)[]>, value: fc.Arbitrary<T>) => fc.tuple(p, value).map(([path, v]) => ({ path, value: v }));
  return fc.oneof(
    set(at("resources"), fittingSize(cloud)),
    set(at("env"), serviceEnv(CONNECTION_FIELDS, validText, ownEnvName)),
    set(at("readOnlyRootFilesystem"), fc.constant(false)),
    set(at("name"), fc.constantFrom(...SERVICE_NAMES)),
    longNamesMutation(),
    set(fc.constant(["workloads", 0, "liveness"]), probe),
    set(fc.constant(["workloads", 0, "readiness"]), probe),
    set(fc.constant(["workloads", 0, "autoscaling"]), containerScaling(false).map(({ queue: _, ...a }) => a)),
    set(fc.constant(["workloads", 1, "autoscaling"]), containerScaling(false).map(({ concurrentRequests: _, ...a }) => ({ ...a, cpuPercent: a.cpuPercent ?? 50 }))),
    set(fc.constant(["workloads", 1, "replicas"]), fc.constantFrom(0, 1, 3)),
    fc
      .record({ scaleInCooldownSeconds: fc.constantFrom(0, 3600), scaleOutCooldownSeconds: fc.constantFrom(0, 3600), minHealthyPercent: fc.constantFrom(0, 50, 100), maxPercent: fc.constantFrom(100, 200) }, { requiredKeys: [] })
      .map((value) => ({ path: ["compute"], value })),
  );
}

const STORE_FIELDS = (stores: ReadonlySet<string>) => CONNECTION_FIELDS.filter((f) => stores.has(f.split(".")[0]!));

/**
 * A whole list of 1–3 services replacing the variant's two: odd names, sizes, ports, probes, bounds and signals,
 * env reading the stores given (all by default). Unless `hostile`, kept coherent (unique names, one exposed service
 * with a port, probes and concurrency only with a port, a queue only with a cache), so most samples synthesize.
 */
function servicesMutation(cloud: Cloud, hostile = false, stores: ReadonlySet<string> = new Set(["database", "cache", "files"]), exposeCount?: number): fc.Arbitrary<Mutation> {
  const service = fc.record(
    {
      name: fc.constantFrom(...SERVICE_NAMES),
      image: fc.constantFrom("ghcr.io/acme/x:1", "nginx", "a/b@sha256:abc", "123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1"),
      port: fc.constantFrom(1, 80, 8080, 65535),
      replicas: fc.constantFrom(0, 1, 2, 2, 3, 300),
      resources: hostile ? fc.oneof(anySize, fittingSize(cloud)) : fittingSize(cloud),
      readiness: probe,
      liveness: probe,
      autoscaling: containerScaling(hostile),
      env: hostile ? serviceEnv(CONNECTION_FIELDS, text) : serviceEnv(STORE_FIELDS(stores), validText, ownEnvName),
      readOnlyRootFilesystem: fc.boolean(),
    },
    { requiredKeys: ["name", "image", "resources"] },
  );
  // Hostile lists may be empty and repeat a name.
  const list = hostile ? fc.array(service, { maxLength: 3 }) : fc.uniqueArray(service, { minLength: 1, maxLength: 3, selector: (w) => w.name });
  return fc.tuple(list, exposeCount === undefined ? fc.constantFrom(0, 1, 1, 1, 2) : fc.constant(exposeCount)).map(([services, exposed]) => {
    const value = services.map((w, n) => {
      const out: Json = { ...w, expose: n < exposed };
      if (hostile) return out;
      if (n < exposed && out["port"] === undefined) out["port"] = 8080;
      if (out["port"] === undefined) {
        delete out["readiness"];
        delete out["liveness"];
        if (w.autoscaling) out["autoscaling"] = { ...w.autoscaling, concurrentRequests: undefined };
      }
      const a = out["autoscaling"] as Json | undefined;
      if (a) {
        if (!stores.has("cache")) delete a["queue"];
        // A signal is needed; utilisation needs the request it is measured against.
        if (a["cpuPercent"] === undefined && a["memoryPercent"] === undefined && a["concurrentRequests"] === undefined && a["queue"] === undefined) a["min"] = undefined;
        const requests = (w.resources as { requests?: Json }).requests ?? {};
        if (requests["cpu"] === undefined) delete a["cpuPercent"];
        if (requests["memory"] === undefined) delete a["memoryPercent"];
        if (a["min"] === undefined || Object.keys(a).filter((k) => a[k] !== undefined).length <= 2) delete out["autoscaling"];
        else for (const k of Object.keys(a)) if (a[k] === undefined) delete a[k];
      }
      return out;
    });
    return { path: ["workloads"], value };
  });
}

/** One costly containers sample: stores dropped (services then read only the rest), a new list of services or tweaks of the two, odd text. */
function containersSample(cloud: Cloud): fc.Arbitrary<Mutation[]> {
  const maybe = <T,>(p: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: Math.round(p * 100), arbitrary: arb }, { weight: Math.round((1 - p) * 100), arbitrary: fc.constant(undefined) });
  const scenario = fc.subarray(["cache", "database", "files", "cdn"] as const).chain((dropped) => {
    const kept = new Set<string>(["cache", "database", "files"].filter((s) => !(dropped as readonly string[]).includes(s)));
    const drops: Mutation[] = dropped.map((k) => ({ path: [k], value: null }));
    // Without the CDN nothing fronts the app on Azure (its load balancer is Front Door): expose nothing there.
    const exposeCount = dropped.includes("cdn") && cloud === "azure" ? 0 : undefined;
    return servicesMutation(cloud, false, kept, exposeCount).map((services) => [...drops, services]);
  });
  const limits = catalogFor(cloud).tags;
  const room = limits.max - 3 - limits.rendererTags.length;
  return fc
    .tuple(
      maybe(0.35, scenario),
      maybe(0.25, longNamesMutation().map((m) => [m])),
      maybe(0.6, fc.array(containerValidMutation(cloud), { minLength: 1, maxLength: 4 })),
      maybe(0.4, fc.oneof(tags(cloud), fc.constant(room).map((n) => ownObject(Array.from({ length: n }, (_, k) => [`k${k}`, INJECTIONS[k % INJECTIONS.length]!] as const)))).map((value) => [{ path: ["tags"], value }])),
      maybe(0.3, fc.array(validMutation(cloud, "containers"), { minLength: 1, maxLength: 2 })),
      maybe(0.1, hostileMutation(cloud, "containers").map((m) => [m])),
    )
    .map((parts) => parts.flatMap((p) => p ?? []));
}

// ---------------------------------------------------------------------------------------------------------------
// Applying mutations

function setAt(root: Json, path: readonly (string | number)[], value: unknown): void {
  let node: Json = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key as string];
    if (next === null || typeof next !== "object") {
      Object.defineProperty(node, key, { value: {}, enumerable: true, writable: true, configurable: true });
    }
    node = node[key as string] as Json;
  }
  Object.defineProperty(node, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key as string];
  }
  return node;
}

/** The input after the mutations, and the reasons it must be rejected (mutations still in place at the end). */
function mutate(tier: Variant, cloud: Cloud, generated: readonly Mutation[]): { input: Json; mustReject: string[] } {
  const input = structuredClone(baseInput(tier, cloud));
  // Copies: later mutations write into the values of earlier ones, which fast-check keeps (and the constants they start from).
  const mutations = generated.map((m) => ({ ...m, value: structuredClone(m.value) }));
  for (const m of mutations) {
    if (m.path[0] === "workloads" && m.path[1] === "+") {
      const list = Array.isArray(input["workloads"]) ? (input["workloads"] as unknown[]) : [];
      input["workloads"] = [...list, ...(m.value as unknown[])];
    } else if (m.value === "pool-labels") {
      const pools = (presetOf(tier).compute as { nodePools?: readonly Json[] }).nodePools;
      if (!pools) continue;
      input["compute"] = { ...(input["compute"] as Json), nodePools: pools.map((p, i) => (i === 0 ? { ...p, labels: m.labels } : p)) };
    } else {
      // A list of regions replaces the single region (both at once is a separate, hostile mutation).
      if (m.path.length === 1 && m.path[0] === "regions") delete input["region"];
      // Paths through lists the input does not have (a VM tier's workloads) start them.
      if (m.path[0] === "workloads" && !Array.isArray(input["workloads"])) input["workloads"] = [];
      setAt(input, m.path, m.value);
    }
  }
  const mustReject = mutations
    .filter((m) => !(IGNORE.has("proto-key") && m.path.includes("__proto__")))
    .filter((m) => m.invalid && getAt(input, m.path) === m.value && m.value !== undefined).map((m) => `${m.path.join(".")}: ${m.invalid}`);
  return { input, mustReject };
}

// ---------------------------------------------------------------------------------------------------------------
// Oracles

function describeInput(input: unknown): string {
  const seen = new WeakSet();
  return JSON.stringify(input, (_k, v) => {
    if (typeof v === "number" && !Number.isFinite(v)) return `<${v}>`;
    if (v === undefined) return "<undefined>";
    if (typeof v === "string" && v.length > 80) return `${v.slice(0, 40)}…(${v.length} chars)`;
    if (v !== null && typeof v === "object") {
      if (seen.has(v)) return "<cycle>";
      seen.add(v);
      // Own keys named like prototype members are shown as such.
      if (!Array.isArray(v)) return Object.fromEntries(Object.keys(v).map((k) => [k === "__proto__" ? "<own __proto__>" : k, (v as Json)[k]]));
    }
    return v;
  });
}

/** An exception is acceptable only as a TierformError naming where each problem is. */
function checkError(error: unknown, stage: string): void {
  if (!(error instanceof TierformError)) {
    const e = error as Error;
    throw new Error(`${stage} threw ${e?.constructor?.name ?? typeof error} instead of a TierformError: ${e?.message ?? String(error)}\n${e?.stack?.split("\n").slice(1, 6).join("\n")}`);
  }
  if (error.problems.length === 0) throw new Error(`${stage}: TierformError without problems: ${error.message}`);
  const rootOnly = IGNORE.has("root-path") && error.problems.every((p) => p.path !== "" || p.message.startsWith("unknown key"));
  if (!rootOnly && !error.problems.some((p) => p.path !== "")) throw new Error(`${stage}: TierformError without a path: ${error.message}`);
}

/** No NaN, Infinity or undefined anywhere in a parsed topology. */
function checkFinite(value: unknown, where: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`the parsed topology holds ${value} at ${where}`);
  if (value === undefined) return;
  if (Array.isArray(value)) value.forEach((v, i) => (v === undefined ? fail(`undefined at ${where}[${i}]`) : checkFinite(v, `${where}[${i}]`)));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) checkFinite(v, `${where}.${k}`);
}
function fail(message: string): never {
  throw new Error(message);
}

/** Attributes holding a resource's physical name, and the attributes that scope a name (a parent, a zone, a role). */
const NAME_ATTRIBUTES = ["name", "bucket", "identifier", "replication_group_id", "global_cluster_identifier", "account_id", "secret_id", "node_group_name", "cluster_id"];
const SCOPE_ATTRIBUTES = [
  "role",
  "zone_id",
  "type",
  "target_resource_id",
  "resource_group_name",
  "virtual_network_name",
  "server_id",
  "instance",
  "cluster",
  "cluster_name",
  "cluster_identifier",
  "managed_zone",
  "group",
  "zone",
  "network",
  "parent_id",
  "kubernetes_cluster_id",
  "key_vault_id",
  "key_ring",
  "storage_account_id",
  "storage_account_name",
  "cdn_frontdoor_profile_id",
  "cdn_frontdoor_endpoint_id",
  "cdn_frontdoor_origin_group_id",
  "managed_redis_id",
  "project",
  "location",
  "region",
];

const TAG_ATTRIBUTES: Record<Cloud, readonly string[]> = { aws: ["tags"], azure: ["tags"], gcp: ["labels", "user_labels", "resource_labels", "default_labels"] };

function strings(value: unknown, visit: (s: string, at: string) => void, at = ""): void {
  if (typeof value === "string") visit(value, at);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, visit, `${at}[${i}]`));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) strings(v, visit, at ? `${at}.${k}` : k);
}

/** Everything the synthesized JSON of an accepted input must satisfy. */
function checkSynth(result: SynthResult, cloud: Cloud, userText: readonly string[]): void {
  const problems: string[] = [];
  const reserved = catalogFor(cloud).reservedDatabaseUsers;
  const isReservedUser = (u: string) => reserved.names.includes(u) || reserved.prefixes.some((p) => u.startsWith(p));
  const tagLimit = catalogFor(cloud).tags.max;
  for (const [stack, json] of Object.entries(result)) {
    const text = JSON.stringify(json);
    for (const word of ["undefined", "NaN", "Infinity", "[object Object]"]) if (text.includes(word)) problems.push(`${stack}: the JSON contains ${word}: …${text.slice(Math.max(0, text.indexOf(word) - 80), text.indexOf(word) + 40)}…`);
    // JSON.stringify writes NaN and Infinity as null; the renderers never write null themselves.
    const walkNull = (v: unknown, at: string): void => {
      if (v === null) problems.push(`${stack}: null at ${at} (a NaN, Infinity or missing value before synthesis)`);
      else if (Array.isArray(v)) v.forEach((x, i) => walkNull(x, `${at}[${i}]`));
      else if (typeof v === "object") for (const [k, x] of Object.entries(v)) walkNull(x, `${at}.${k}`);
    };
    walkNull(json, "");
    // A user's `${` or `%{` reaches Terraform escaped: `$${`, `%%{`.
    const injected = /(?<!\$)\$\{fz|(?<!%)%\{fz/.exec(text);
    if (injected) problems.push(`${stack}: a user's template reached Terraform unescaped: …${text.slice(Math.max(0, injected.index - 100), injected.index + 40)}…`);
    for (const s of userText) {
      for (const [open, escape] of [["${", "$"], ["%{", "%"]] as const) {
        const at = s.indexOf(open);
        if (at < 0) continue;
        const tail = JSON.stringify(s.slice(at, at + 30)).slice(1, -1);
        for (let i = text.indexOf(tail); i >= 0; i = text.indexOf(tail, i + 1)) {
          if (text[i - 1] !== escape) problems.push(`${stack}: the user text ${JSON.stringify(s.slice(0, 60))} reached Terraform unescaped: …${text.slice(Math.max(0, i - 60), i + 40)}…`);
        }
      }
    }
    const names = new Map<string, string>();
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [id, body] of Object.entries(byName)) {
        const b = body as Json;
        // Duplicate physical names: same type, same literal name, same scope.
        const meta = (Array.isArray(b["metadata"]) ? b["metadata"][0] : b["metadata"]) as Json | undefined;
        const named: [string, unknown][] = meta && typeof meta["name"] === "string" ? [["metadata.name", `${meta["namespace"] ?? ""}/${meta["name"]}`]] : NAME_ATTRIBUTES.map((a) => [a, b[a]]);
        for (const [attr, value] of named) {
          if (typeof value !== "string" || /(^|[^$])\$\{/.test(value)) continue;
          const scope = SCOPE_ATTRIBUTES.filter((s) => b[s] !== undefined).map((s) => `${s}=${JSON.stringify(b[s])}`);
          const key = `${type} ${attr}=${value} ${scope.join(" ")}`;
          const first = names.get(key);
          if (first) problems.push(`${stack}: ${type}.${first} and ${type}.${id} have the same ${attr} ${JSON.stringify(value)}`);
          else names.set(key, id);
        }
        // Lists holding the same element twice (two cache behaviours for one path, one CIDR twice in a rule):
        // the APIs refuse them, or Terraform reports a perpetual diff.
        const lists = (v: unknown, at: string): void => {
          if (Array.isArray(v)) {
            const seen = new Set<string>();
            for (const x of v) {
              const key = JSON.stringify(x);
              if (seen.has(key)) problems.push(`${stack}: ${type}.${id} ${at} holds ${key.slice(0, 80)} twice`);
              seen.add(key);
            }
            v.forEach((x, i) => lists(x, `${at}[${i}]`));
          } else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) lists(x, at ? `${at}.${k}` : k);
        };
        lists(b, "");
        // A container's variables, each named once (Cloud Run and Container Apps refuse repeats; ECS would take one).
        const envNames = (env: unknown, at: string) => {
          if (!Array.isArray(env)) return;
          const seen = new Set<string>();
          for (const e of env as Json[]) {
            const name = String(e["name"]);
            if (seen.has(name)) problems.push(`${stack}: ${type}.${id} ${at} sets ${name} twice`);
            seen.add(name);
          }
        };
        const containerEnvs = (v: unknown, at: string): void => {
          if (Array.isArray(v)) v.forEach((x, i) => containerEnvs(x, `${at}[${i}]`));
          else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) k === "env" ? envNames(x, `${at}.env`) : containerEnvs(x, `${at}.${k}`);
        };
        containerEnvs(b, "");
        if (type === "aws_ecs_task_definition" && typeof b["container_definitions"] === "string") {
          for (const c of JSON.parse(b["container_definitions"]) as Json[]) envNames([...((c["environment"] as Json[]) ?? []), ...((c["secrets"] as Json[]) ?? [])], `container ${String(c["name"])}`);
        }
        // Reserved names.
        if (/^kubernetes_namespace/.test(type) && meta) {
          const ns = String(meta["name"]);
          if (ns === "default" || ns.startsWith("kube-")) problems.push(`${stack}: ${type}.${id} takes the reserved namespace ${ns}`);
        }
        for (const attr of ["username", "master_username", "administrator_login"]) {
          const user = b[attr];
          if (typeof user === "string" && isReservedUser(user)) problems.push(`${stack}: ${type}.${id} ${attr} is the reserved ${cloud} user ${user}`);
        }
        if (type === "google_sql_user" && typeof b["name"] === "string" && isReservedUser(b["name"]) && b["type"] !== "CLOUD_IAM_SERVICE_ACCOUNT") {
          problems.push(`${stack}: ${type}.${id} name is the reserved ${cloud} user ${b["name"]}`);
        }
        // Tag limits (AWS: the provider's default_tags count too).
        if (!/^(kubernetes|helm)_/.test(type)) {
          const defaults = cloud === "aws" ? Object.keys(((json.provider?.["aws"]?.[0]?.["default_tags"] as Json[] | undefined)?.[0]?.["tags"] as Json) ?? {}) : [];
          const visit = (v: unknown, at: string): void => {
            if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${at}[${i}]`));
            else if (v !== null && typeof v === "object") {
              for (const [k, x] of Object.entries(v)) {
                if (TAG_ATTRIBUTES[cloud].includes(k) && x !== null && typeof x === "object" && !Array.isArray(x)) {
                  const keys = new Set([...Object.keys(x), ...(k === "tags" ? defaults : [])]);
                  if (keys.size > tagLimit) problems.push(`${stack}: ${type}.${id} ${at}${k} has ${keys.size} tags (limit ${tagLimit} on ${cloud})`);
                } else visit(x, `${at}${k}.`);
              }
            }
          };
          visit(b, "");
        }
      }
    }
  }
  // The providers' own schema rules (enums, lengths, patterns, label formats …), as `tierform lint` checks them.
  const violations = lint(result).violations.map(formatViolation);
  problems.push(...violations.slice(0, 10));
  const ignored = [...IGNORE].filter((id) => !["proto-key", "root-path", "app-env"].includes(id));
  problems.splice(0, problems.length, ...problems.filter((p) => !ignored.some((id) => p.includes(id))));
  if (problems.length > 0) throw new Error(`the synthesized JSON breaks ${problems.length} invariant(s):\n  - ${[...new Set(problems)].slice(0, 12).join("\n  - ")}`);
}

/** Every string the user wrote that holds a template opener. */
function templateText(input: unknown): string[] {
  const out: string[] = [];
  strings(input, (s) => {
    if (s.includes("${") || s.includes("%{")) out.push(s);
  });
  return out;
}

type Outcome = "rejected" | "accepted" | "synthesized" | "rejected-late";

/** One sample: the tier function (validation), then optionally the environment and its JSON. */
function run(tier: Variant, cloud: Cloud, mutations: readonly Mutation[], full: boolean): Outcome {
  const { input, mustReject } = mutate(tier, cloud, mutations);
  try {
    return runInput(tier, cloud, input, mustReject, full);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n  input: ${describeInput(input)}`);
  }
}

function runInput(tier: Variant, cloud: Cloud, input: Json, mustReject: readonly string[], full: boolean): Outcome {
  let topology;
  try {
    topology = entry(tier)(input as never) as ReturnType<typeof mediumContainers>;
  } catch (error) {
    checkError(error, `${tier}(…)`);
    if (full && process.env["TIERFORM_FUZZ_VERBOSE"]) reasons.push(...(error as TierformError).problems.map((p) => `${tier}/${cloud} ${p.path}: ${p.message.slice(0, 50)}`));
    return "rejected";
  }
  if (mustReject.length > 0) throw new Error(`${tier}(…) accepted an invalid input: ${mustReject.join("; ")}`);
  checkFinite(topology, "topology");
  if (!full) return "accepted";
  let result: SynthResult;
  try {
    result = synthesize(new Environment(Testing.app(), "fz", topology));
  } catch (error) {
    // A TierformError here is allowed (a path is named), though the tier function should have caught it.
    checkError(error, "new Environment(…) / synthesize");
    if (process.env["TIERFORM_FUZZ_VERBOSE"]) reasons.push(...(error as TierformError).problems.map((p) => `${tier}/${cloud} late ${p.path}: ${p.message.slice(0, 80)}`));
    return "rejected-late";
  }
  checkSynth(result, cloud, templateText(input));
  return "synthesized";
}

// ---------------------------------------------------------------------------------------------------------------

/** CPU time between two `process.cpuUsage()` readings (wall time is meaningless on a shared 2-core machine). */
const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => Math.round((b.user - a.user + b.system - a.system) / 1000);

// The variants come after the tiers, so each tier × cloud keeps its seed (SEED + twice its index).
const COMBOS = VARIANTS.flatMap((tier) => CLOUDS.map((cloud) => [tier, cloud] as const)).sort(
  ([ta, ca], [tb, cb]) => Number(CONTAINERS.includes(ta)) - Number(CONTAINERS.includes(tb)) || CLOUDS.indexOf(ca) - CLOUDS.indexOf(cb),
);
/** Why costly samples were rejected (TIERFORM_FUZZ_VERBOSE), to keep the valid-biased generator mostly valid. */
const reasons: string[] = [];
const tally: Record<string, Record<Outcome | "validateMs" | "synthMs", number>> = {};

describe("fuzz: every tier × cloud either rejects with paths or synthesizes clean JSON", () => {
  const counts = (tier: Variant, cloud: Cloud) =>
    (tally[`${tier}/${cloud}`] ??= { rejected: 0, accepted: 0, synthesized: 0, "rejected-late": 0, validateMs: 0, synthMs: 0 });
  const options = (index: number, offset: number, numRuns: number) => ({ seed: SEED + index * 2 + offset, numRuns, verbose: 1 as const });
  const each = COMBOS.map(([tier, cloud], i) => [tier, cloud, i] as const);

  // Cheap: hostile mutations through the tier function only.
  it.each(each)("%s on %s: hostile overrides are rejected with paths, or parse to finite values", (tier, cloud, index) => {
    const c = counts(tier, cloud);
    const t0 = process.cpuUsage();
    try {
      fc.assert(
        fc.property(fc.array(hostileMutation(cloud, kindOf(tier)), { minLength: 1, maxLength: 4 }), (mutations) => {
          c[run(tier, cloud, mutations, false)]++;
        }),
        options(index, 0, VALIDATE_RUNS),
      );
    } finally {
      c.validateMs += cpuMs(t0, process.cpuUsage());
    }
  });

  // Costly: mostly valid mutations, synthesized and checked.
  it.each(each)("%s on %s: odd but valid overrides synthesize clean JSON", (tier, cloud, index) => {
    const c = counts(tier, cloud);
    const t0 = process.cpuUsage();
    try {
      fc.assert(
        fc.property(synthSample(tier, cloud), (mutations) => {
          c[run(tier, cloud, mutations, true)]++;
        }),
        // The preset as it is comes first: every combination synthesizes at least once, whatever the seed draws.
        { ...options(index, 1, SYNTH_RUNS), examples: [[[]]] },
      );
    } finally {
      c.synthMs += cpuMs(t0, process.cpuUsage());
    }
  });

  it("covered both outcomes on every combination", () => {
    // Counts include shrinking runs when a property failed; with none, at least one sample was synthesized per combination.
    const none = Object.entries(tally).filter(([, c]) => c.synthesized === 0 || c.rejected === 0);
    if (process.env["TIERFORM_FUZZ_VERBOSE"]) {
      const sum = (k: "validateMs" | "synthMs") => Object.values(tally).reduce((n, c) => n + c[k], 0);
      console.log(reasons.join("\n"));
      console.log(tally, `CPU: validate ${sum("validateMs")} ms, synthesize ${sum("synthMs")} ms`);
    }
    const complete = Object.values(tally).every((c) => c.rejected + c.accepted + c["rejected-late"] + c.synthesized >= VALIDATE_RUNS + SYNTH_RUNS);
    if (Object.keys(tally).length === COMBOS.length && complete && none.length > 0) throw new Error(`combinations never synthesized or never rejected: ${none.map(([k]) => k).join(", ")}`);
  });
});

/**
 * What the fuzzing found, as fixed examples: each fails again if its fix is undone. 1: own `__proto__` keys
 * (src/core/merge.ts, src/core/parse.ts); 2: unknown keys at their own path (src/core/errors.ts); 3: the AWS
 * catalog's tag room; 4: the GCP VM startup script; 5–8: src/model; 9: the catalog's backup-retention range;
 * 10: Container App names (providers/azure/containers.ts); 11: src/core/expression.ts. The containers findings' own tests are in
 * test/model/containers.test.ts and test/containers*.test.ts.
 */
describe("fuzz findings", () => {
  const own = (key: string, value: unknown) => ownObject([[key, value]]);
  const problems = (tier: Variant, cloud: Cloud, mutations: Mutation[]) => {
    try {
      entry(tier)(mutate(tier, cloud, mutations).input as never);
    } catch (error) {
      if (error instanceof TierformError) return error.problems.map((p) => `${p.path}: ${p.message}`);
      throw error;
    }
    return [];
  };

  it("1. an own __proto__ key (a JSON or YAML topology file) is reported, not swallowed by the deep merge", () => {
    expect(problems("large", "aws", [{ path: ["database", "__proto__"], value: { ha: false } }])).not.toEqual([]);
    expect(problems("small", "gcp", [{ path: ["tags"], value: own("__proto__", "x") }])).not.toEqual([]);
  });

  it("2. an unknown top-level key is reported at a path", () => {
    expect(problems("small", "aws", [{ path: ["constructor"], value: {} }]).filter((p) => !p.startsWith(":"))).not.toEqual([]);
  });

  it("3. AWS: tags the model allows fit every resource (subnets add tier and kubernetes.io/role/* beside Name)", () => {
    const room = catalogFor("aws").tags.max - 3 - catalogFor("aws").tags.rendererTags.length;
    const value = ownObject(Array.from({ length: room }, (_, i) => [`k${i}`, "v"] as const));
    expect(() => run("large", "aws", [{ path: ["tags"], value }], true)).not.toThrow();
  });

  it("4. GCP VM tiers: a ${ in app.environment reaches the startup script escaped", () => {
    expect(() => run("small", "gcp", [{ path: ["app", "environment"], value: { GREETING: "${fz.var} %{fz}" } }], true)).not.toThrow();
  });

  it("10. containers: long service names that start alike keep apart where a cloud cuts them (Container Apps: 32 characters)", () => {
    for (const cloud of CLOUDS) for (const [a, b] of LONG_NAME_PAIRS) expect(() => run("medium-containers", cloud, [{ path: ["workloads"], value: [{ ...SERVICE_WEB, name: a }, { ...SERVICE_WORKER, name: b }] }], true)).not.toThrow();
  });

  it("11. AWS and Azure VM tiers: a %{ in app.environment reaches the base64-encoded startup script escaped (seed 7)", () => {
    expect(() => run("small", "aws", [{ path: ["app", "environment"], value: { GREETING: "x%{fz ${fz}" } }], true)).not.toThrow();
    expect(() => run("medium", "azure", [{ path: ["app", "environment"], value: { GREETING: "%{fzif true}x%{fzendif}" } }], true)).not.toThrow();
  });

  it("9. Azure: a backup retention the model allows is one PostgreSQL Flexible Server takes (azurerm: 7–35 days)", () => {
    expect(() => run("medium", "azure", [{ path: ["database", "backupRetentionDays"], value: 1 }], true)).not.toThrow();
  });

  it("5. a record key its schema rejects says what a key must be (not zod's 'Invalid key in record')", () => {
    expect(problems("small", "aws", [{ path: ["tags"], value: { "a b": "x" } }])).toEqual(["tags.a b: expected a tag key of 1–63 letters, digits or _.:/=+@-"]);
  });

  it("6. an empty database parameter value is refused (azurerm requires a value; so do RDS and Cloud SQL)", () => {
    expect(problems("medium", "azure", [{ path: ["database", "parameters"], value: { work_mem: "" } }])).toContain("database.parameters.work_mem: expected a value (an empty string is not a setting)");
  });

  it("7. a CDN path pattern given twice is refused (CloudFront, URL maps and Front Door routes refuse repeats)", () => {
    expect(problems("large", "gcp", [{ path: ["cdn", "noCachePaths"], value: ["/api/*", "/api/*"] }])).toEqual(["cdn.noCachePaths[1]: expected each path pattern once (also noCachePaths[0])"]);
  });

  it("8. an API access CIDR given twice is refused (EKS, GKE and AKS keep them as sets)", () => {
    expect(problems("large", "azure", [{ path: ["compute", "apiAccessCidrs"], value: ["198.51.100.0/24", "198.51.100.0/24"] }])).toEqual([
      "compute.apiAccessCidrs[1]: expected each CIDR once (also apiAccessCidrs[0])",
    ]);
  });
});
