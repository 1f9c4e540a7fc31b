import { describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { CLOUDS, type Cloud } from "../src/core/cloud";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { diagram, environmentsOf, escapeLabel, synthesize, type SynthResult } from "../src/testing";
import { diagramCommand } from "../src/testing/diagram";
import { TIER_NAMES, type TierName } from "../tiers";
import { demoSynth, resources } from "./helpers";

// Every diagram is parsed by Mermaid's own flowchart parser (the `mermaid` package's jison grammar and FlowDB),
// and the checks read the parsed graph: vertices, edges and subgraphs, not the text.

interface Parsed {
  readonly type: string;
  readonly vertices: { id: string; text: string; classes: string[] }[];
  readonly edges: { start: string; end: string; text: string }[];
  readonly subgraphs: { id: string; title: string; nodes: string[] }[];
}

let mermaid: typeof import("mermaid").default | undefined;

async function parseFlowchart(text: string): Promise<Parsed> {
  if (!mermaid) {
    // Node has no DOM, so DOMPurify exports a stub without hooks or `sanitize`. Mermaid's parser runs labels
    // through them (sanitizing is a rendering concern); identity functions keep the text as the parser read it.
    const purify = (await import("dompurify")).default as unknown as Record<string, unknown>;
    if (typeof purify["addHook"] !== "function") {
      purify["addHook"] = () => undefined;
      purify["removeHook"] = () => undefined;
      purify["removeAllHooks"] = () => undefined;
      purify["sanitize"] = (s: unknown) => String(s);
    }
    mermaid = (await import("mermaid")).default;
  }
  const result = await mermaid.parse(text);
  if (!result) throw new Error("mermaid.parse returned false");
  const d = (await mermaid.mermaidAPI.getDiagramFromText(text)) as unknown as {
    type: string;
    db: { getVertices(): Map<string, { id: string; text?: string; classes: string[] }>; getEdges(): { start: string; end: string; text: string }[]; getSubGraphs(): { id: string; title: string; nodes: string[] }[] };
  };
  return {
    type: d.type,
    vertices: [...d.db.getVertices().values()].map((v) => ({ id: v.id, text: v.text ?? v.id, classes: v.classes })),
    edges: d.db.getEdges().map((e) => ({ start: e.start, end: e.end, text: e.text })),
    subgraphs: d.db.getSubGraphs().map((s) => ({ id: s.id, title: s.title, nodes: s.nodes })),
  };
}

/** The names of the stateful components in a synth: what its diagram must name. */
function statefulNames(synth: SynthResult): Record<"db" | "cache" | "bucket" | "compute", string[]> {
  const out = { db: [] as string[], cache: [] as string[], bucket: [] as string[], compute: [] as string[] };
  const pick = (type: string, kind: keyof typeof out, field: (b: Record<string, any>) => unknown) => {
    for (const json of Object.values(synth)) for (const [, body] of resources(json, type)) out[kind].push(String(field(body)));
  };
  pick("aws_db_instance", "db", (b) => b["identifier"]);
  pick("aws_rds_cluster", "db", (b) => b["cluster_identifier"]);
  pick("google_sql_database_instance", "db", (b) => b["name"]);
  pick("azurerm_postgresql_flexible_server", "db", (b) => b["name"]);
  pick("aws_elasticache_replication_group", "cache", (b) => b["replication_group_id"]);
  pick("google_redis_instance", "cache", (b) => b["name"]);
  pick("google_redis_cluster", "cache", (b) => b["name"]);
  pick("azurerm_managed_redis", "cache", (b) => b["name"]);
  pick("aws_s3_bucket", "bucket", (b) => b["bucket"] ?? b["bucket_prefix"]);
  pick("google_storage_bucket", "bucket", (b) => b["name"]);
  pick("azurerm_storage_account", "bucket", (b) => b["name"]);
  pick("aws_launch_template", "compute", (b) => b["instance_type"] ?? "");
  pick("aws_eks_node_group", "compute", (b) => b["node_group_name"]);
  pick("google_compute_instance", "compute", (b) => b["machine_type"]);
  pick("google_compute_instance_template", "compute", (b) => b["machine_type"]);
  pick("google_container_node_pool", "compute", (b) => b["node_config"]["machine_type"]);
  pick("azurerm_linux_virtual_machine", "compute", (b) => b["size"]);
  pick("azurerm_linux_virtual_machine_scale_set", "compute", (b) => b["sku"]);
  pick("azurerm_kubernetes_cluster_node_pool", "compute", (b) => b["vm_size"]);
  out.compute = out.compute.filter(Boolean);
  return out;
}

const regionsOf = (p: Parsed) => p.subgraphs.filter((s) => s.title.startsWith("Region "));
/** The region subgraph a vertex is drawn in (subgraphs nest: the region's is the one titled "Region …"). */
function regionOfVertex(p: Parsed, id: string): string | undefined {
  const containing = (node: string): string[] => p.subgraphs.filter((s) => s.nodes.includes(node)).map((s) => s.id);
  let frontier = [id];
  for (let depth = 0; depth < 6 && frontier.length; depth++) {
    const region = regionsOf(p).find((r) => frontier.some((f) => r.nodes.includes(f)));
    if (region) return region.id;
    frontier = frontier.flatMap(containing);
  }
  return undefined;
}

function synthTier(tier: TierName, cloud: Cloud, shards?: number): SynthResult {
  const topology = demoTopology(tier, cloud);
  // A short name with shards: "ent-azure-prod-wus3-s2" is over the 21 characters Azure's per-shard names allow
  // (the model rejects it; see the report of issue 13).
  if (!shards) return demoSynth(tier, cloud).result;
  const props = { ...topology, name: "ent", database: { ...topology.database!, shards } };
  return synthesize(new Environment(Testing.app(), `${tier}-${cloud}`, props));
}

describe.each(CLOUDS)("diagram of the default app on %s", (cloud) => {
  it.each(TIER_NAMES)("%s: Mermaid parses it; it names every database, cache, bucket and compute shape", async (tier) => {
    const synth = synthTier(tier, cloud);
    const diagrams = diagram(synth);
    const env = `${tier === "enterprise" ? "ent" : tier}-${cloud}-prod`;
    expect(Object.keys(diagrams)).toEqual([env]);
    const text = diagrams[env]!;
    expect(diagram(synth)[env]).toBe(text); // deterministic
    const parsed = await parseFlowchart(text);
    expect(parsed.type).toBe("flowchart-v2");
    const names = statefulNames(synth);
    for (const kind of ["db", "cache", "bucket", "compute"] as const) {
      expect(names[kind].length, `${kind} in the synth`).toBeGreaterThan(0);
      const drawn = parsed.vertices.filter((v) => v.classes.includes(kind));
      expect(drawn.length, `${kind} vertices`).toBeGreaterThan(0);
      for (const name of names[kind]) expect(drawn.some((v) => v.text.includes(name)) || parsed.subgraphs.some((s) => s.title.includes(name)), `${kind} ${name}`).toBe(true);
    }
    // Users reach the app; the app reaches its database and cache.
    expect(parsed.edges.some((e) => e.start === "users")).toBe(true);
    const classOf = new Map(parsed.vertices.map((v) => [v.id, v.classes]));
    const computeIds = new Set([...parsed.vertices.filter((v) => v.classes.includes("compute")).map((v) => v.id), ...parsed.subgraphs.filter((s) => /^(EKS|GKE|AKS) /.test(s.title)).map((s) => s.id)]);
    expect(parsed.edges.some((e) => computeIds.has(e.start) && classOf.get(e.end)?.includes("db"))).toBe(true);
    expect(parsed.edges.some((e) => computeIds.has(e.start) && classOf.get(e.end)?.includes("cache"))).toBe(true);

    if (tier === "enterprise") {
      const regions = regionsOf(parsed);
      expect(regions.map((r) => r.title)).toEqual([expect.stringContaining("(primary)"), expect.stringContaining("(secondary)")]);
      const crossRegion = (kind: string) =>
        parsed.edges.filter((e) => classOf.get(e.start)?.includes(kind) && classOf.get(e.end)?.includes(kind) && regionOfVertex(parsed, e.start) !== regionOfVertex(parsed, e.end));
      expect(crossRegion("db").length, "cross-region database link").toBeGreaterThan(0);
      expect(crossRegion("cache").length, "cross-region cache link").toBeGreaterThan(0);
      expect(parsed.vertices.some((v) => v.classes.includes("edge") && /WAF/.test(v.text))).toBe(true);
    } else {
      expect(regionsOf(parsed)).toHaveLength(1);
    }
  });
});

describe.each(CLOUDS)("diagram of a sharded enterprise database on %s", (cloud) => {
  it("draws each shard's primary and its cross-region member", async () => {
    const synth = synthTier("enterprise", cloud, 2);
    const text = Object.values(diagram(synth))[0]!;
    const parsed = await parseFlowchart(text);
    const classOf = new Map(parsed.vertices.map((v) => [v.id, v.classes]));
    const dbs = parsed.vertices.filter((v) => v.classes.includes("db"));
    const primaries = dbs.filter((v) => / (primary|writer) /.test(v.text));
    expect(primaries).toHaveLength(2);
    expect(primaries.some((v) => /-s2-pg/.test(v.text))).toBe(true);
    const [primaryRegion, secondaryRegion] = regionsOf(parsed).map((r) => r.id);
    for (const p of primaries) {
      expect(regionOfVertex(parsed, p.id)).toBe(primaryRegion);
      const links = parsed.edges.filter((e) => e.start === p.id && classOf.get(e.end)?.includes("db") && regionOfVertex(parsed, e.end) === secondaryRegion);
      expect(links, `cross-region member of ${p.text}`).toHaveLength(1);
    }
  });
});

describe("diagram labels and stacks", () => {
  it("escapes quotes, brackets and pipes so Mermaid reads the label back", async () => {
    const hostile = `db "main" [prod] {x} (y) <b>|#1 \`z\``;
    const parsed = await parseFlowchart(`flowchart TB\n  a["${escapeLabel(hostile)}"] -->|"${escapeLabel(hostile)}"| b[("${escapeLabel(hostile)}")]\n`);
    expect(parsed.vertices.map((v) => v.id).sort()).toEqual(["a", "b"]);
    expect(parsed.edges).toHaveLength(1);
    await expect(parseFlowchart(`flowchart TB\n  a["${hostile}"]\n`)).rejects.toThrow();
  });

  it("groups stacks into environments by tierform's names; other stacks stand alone", () => {
    expect(
      environmentsOf(["acme-prod-use1-infra", "acme-prod-usw2-platform", "acme-prod-global", "acme-prod-usw2-infra", "shop-dev-infra", "shop-dev-platform", "orders"]),
    ).toEqual({
      "acme-prod": ["acme-prod-global", "acme-prod-use1-infra", "acme-prod-usw2-infra", "acme-prod-usw2-platform"],
      orders: ["orders"],
      "shop-dev": ["shop-dev-infra", "shop-dev-platform"],
    });
  });

  it("the command: one environment prints Mermaid, an unknown stack is one line", () => {
    const dir = `${__dirname}/../.scratch/diagram-test`;
    const { mkdirSync, writeFileSync } = require("node:fs") as typeof import("node:fs");
    mkdirSync(`${dir}/stacks/orders`, { recursive: true });
    writeFileSync(`${dir}/stacks/orders/cdk.tf.json`, JSON.stringify({ terraform: {}, resource: { aws_s3_bucket: { files: { bucket: "orders-files" } } } }));
    let printed = "";
    expect(diagramCommand([dir], (t) => (printed += t))).toBe(0);
    expect(printed).toMatch(/^flowchart TB\n/);
    expect(printed).toContain("S3 bucket orders-files");
    expect(() => diagramCommand([dir, "--stack", "nope"], () => undefined)).toThrow(/^unknown stack or environment "nope"; environments: orders$/);
    expect(() => diagramCommand([dir, "--colour"], () => undefined)).toThrow(/unknown option/);
  });
});
