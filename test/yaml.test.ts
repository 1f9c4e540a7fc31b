// Topologies as YAML or JSON files (issue 16): the same Terraform as the TypeScript call, every problem at its
// file, line and column.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { topologyFileJsonSchema } from "../src/stacks/file-schema";
import { TopologyFileError, loadTopologies, parseTopologyFile, synthTopologies, type FileProblem } from "../src/stacks/topology-file";
import { synthesize } from "../src/testing/synth";
import { large, mediumContainers, small } from "../tiers";

const EXAMPLE = join(__dirname, "..", "examples", "tierform.yaml");

/** The problems of a file that does not parse, as `line:column path: message` lines. */
function problems(text: string, file = "t.yaml"): string[] {
  try {
    parseTopologyFile(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(TopologyFileError);
    return (error as TopologyFileError).problems.map((p: FileProblem) => `${p.line}:${p.column} ${p.environment ?? "-"} ${p.path}: ${p.message}${p.received === undefined ? "" : `, got ${p.received}`}`);
  }
  throw new Error("expected a TopologyFileError");
}

const where = "    name: acme\n    environment: dev\n    cloud: aws\n    region: us-west-2\n";

describe("topology files", () => {
  it("examples/tierform.yaml synthesizes the same Terraform as the TypeScript calls, several environments in one file", () => {
    const fromFile = Testing.app();
    synthTopologies(fromFile, loadTopologies(EXAMPLE));
    const fromCode = Testing.app();
    const app = { image: "ghcr.io/acme/api:1.4.2", port: 8080, healthCheckPath: "/healthz" };
    new Environment(
      fromCode,
      "acme-prod",
      large({
        name: "acme",
        environment: "prod",
        cloud: "aws",
        region: "us-west-2",
        domain: "app.acme.com",
        dnsZoneId: "Z0123456789ABC",
        monitoring: { notify: { emails: ["ops@acme.com"] } },
        app,
        database: { storageGiB: 1000 },
        compute: { apiAccessCidrs: ["198.51.100.0/24"] },
        cache: null,
        workloads: [
          {
            name: "api",
            image: "ghcr.io/acme/api:1.4.2",
            port: 8080,
            expose: true,
            resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
            readiness: { path: "/healthz" },
            autoscaling: { min: 3, max: 20, cpuPercent: 70 },
          },
        ],
      }),
    );
    new Environment(fromCode, "acme-staging", small({ name: "acme", environment: "staging", cloud: "gcp", region: "europe-west1", project: "acme-staging-1", app }));
    const jobsEnv = { DATABASE_HOST: { from: "database.host" }, REDIS_HOST: { from: "cache.host" }, REDIS_USER: { from: "cache.user" } } as const;
    const size = { requests: { cpu: "1", memory: "2Gi" } };
    new Environment(
      fromCode,
      "acme-jobs",
      mediumContainers({
        name: "acme",
        environment: "jobs",
        cloud: "aws",
        region: "us-west-2",
        domain: "jobs.acme.com",
        workloads: [
          { name: "web", image: "ghcr.io/acme/jobs:2.0.1", port: 8000, expose: true, resources: size, readiness: { path: "/health" }, autoscaling: { min: 3, max: 10, cpuPercent: 70, concurrentRequests: 80 }, env: { ...jobsEnv, FILES_BUCKET: { from: "files.bucket" } } },
          { name: "worker", image: "ghcr.io/acme/jobs:2.0.1", args: ["celery", "-A", "jobs", "worker"], resources: size, autoscaling: { min: 1, max: 5, queue: { list: "celery", perInstance: 100 } }, env: jobsEnv },
        ],
      }),
    );
    const a = synthesize(fromFile);
    expect(Object.keys(a).sort()).toEqual(["acme-jobs-infra", "acme-prod-infra", "acme-prod-platform", "acme-staging-infra"]);
    expect(a).toEqual(synthesize(fromCode));
  });

  it("takes a list (ids <name>-<environment>) or a map (ids are the keys), tier + overrides or a full topology, and JSON", () => {
    const list = parseTopologyFile(`environments:\n  - tier: small\n${where}  - tier: small\n${where.replace("dev", "qa")}`, "l.yaml");
    expect(list.map((e) => [e.id, e.topology.tier])).toEqual([["acme-dev", "small"], ["acme-qa", "small"]]);
    const full = { ...small({ name: "acme", environment: "dev", cloud: "aws", region: "us-west-2" }), tier: "custom" };
    const json = parseTopologyFile(JSON.stringify({ environments: { mine: full } }, null, 2), "t.json");
    expect(json.map((e) => [e.id, e.topology.tier])).toEqual([["mine", "custom"]]);
    expect(json[0]!.topology).toEqual({ ...small({ name: "acme", environment: "dev", cloud: "aws", region: "us-west-2" }), tier: "custom" });
    // Warnings carry positions too: the small tier's public IP is the preset's, so it points at the environment.
    expect(list[0]!.warnings.map((w) => `${w.line}:${w.column} ${w.id}`)).toEqual(["2:5 tierform:vm:public-ip"]);
  });

  it("places a bad value deep in a workload, an unknown key and a dotted key at their line and column", () => {
    const text = [
      "environments:",
      "  acme-prod:",
      "    tier: large",
      "    name: acme",
      "    environment: prod",
      "    cloud: aws",
      "    region: us-west-2",
      "    domain: app.acme.com",
      "    databse: { storageGiB: 1000 }",
      "    tags: { kubernetes.io/team: 1 }",
      "    workloads:",
      "      - name: api",
      "        image: ghcr.io/acme/api:1.4.2",
      "        autoscaling: { min: 1, max: 0, cpuPercent: 70 }",
      "",
    ].join("\n");
    expect(problems(text)).toEqual([
      expect.stringMatching(/^9:5 acme-prod databse: unknown key; allowed: name, /),
      "10:33 acme-prod tags.kubernetes.io/team: expected string, got 1",
      expect.stringMatching(/^14:29 acme-prod workloads\[0\]\.autoscaling\.min: /),
      "14:37 acme-prod workloads[0].autoscaling.max: expected an integer 1–1000, got 0",
      "14:52 acme-prod workloads[0].autoscaling.cpuPercent: needs resources.requests.cpu (utilisation is measured against the request), got 70",
    ]);
  });

  it("reports the whole file at once: the file's own keys, every environment, own __proto__ keys", () => {
    const text = `environments:\n  - tier: small\n${where}    __proto__: { polluted: true }\n  - tier: small\n${where}    app: { port: 0 }\nversion: 2\n`;
    const lines = problems(text);
    expect(lines[0]).toMatch(/^7:5 acme-dev __proto__: /);
    expect(lines).toContainEqual(expect.stringMatching(/^13:18 acme-dev app\.port: .*got 0$/));
    expect(lines.at(-1)).toBe("14:1 - version: unknown key: a topology file holds `environments:`, and `x-…` keys for YAML anchors");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("shares settings through anchors and merge keys: on an environment or under an x- key; own keys win", () => {
    const text = [
      "x-acme: &acme",
      "  name: acme",
      "  cloud: aws",
      "  region: us-west-2",
      "  database: { storageGiB: 200 }",
      "  monitoring: { notify: { emails: [ops@acme.com] } }",
      "environments:",
      "  dev: &dev",
      "    <<: *acme",
      "    tier: small",
      "    environment: dev",
      "  prod:",
      "    <<: [*dev, *acme]",
      "    tier: small",
      "    environment: prod",
      "    database: { storageGiB: 500 }",
      "",
    ].join("\n");
    const [dev, prod] = parseTopologyFile(text, "t.yaml");
    const acme = { name: "acme", cloud: "aws", region: "us-west-2", monitoring: { notify: { emails: ["ops@acme.com"] } } } as const;
    expect(dev!.topology).toEqual(small({ ...acme, environment: "dev", database: { storageGiB: 200 } }));
    expect(prod!.topology).toEqual(small({ ...acme, environment: "prod", database: { storageGiB: 500 } }));
    // A bad value that comes in through a merge key is placed where it is written, under the environment that uses it.
    const bad = text.replace("storageGiB: 200", "storageGiB: 0").replace("    database: { storageGiB: 500 }\n", "");
    expect(problems(bad)).toEqual([
      expect.stringMatching(/^5:27 dev database\.storageGiB: expected an integer /),
      expect.stringMatching(/^5:27 prod database\.storageGiB: expected an integer /),
    ]);
  });

  it("reports aliases and merge keys it cannot read at their positions, never a raw error", () => {
    const env = `    tier: small\n${where}`;
    expect(problems(`environments:\n  dev:\n    <<: 5\n${env}`)).toEqual(["3:9 - : YAML merge key <<: expected a mapping, an alias of one (<<: *base) or a list of them (<<: [*a, *b])"]);
    expect(problems(`environments:\n  dev:\n    <<:\n${env}`)).toEqual(["3:5 - : YAML merge key <<: expected a mapping, an alias of one (<<: *base) or a list of them (<<: [*a, *b])"]);
    expect(problems(`x-list: &list [1]\nenvironments:\n  dev:\n    <<: [*list]\n${env}`)).toEqual([expect.stringMatching(/^4:10 - : YAML merge key <<: expected a mapping/)]);
    expect(problems(`environments:\n  dev:\n    <<: *nope\n${env}`)).toEqual(["3:9 - : YAML alias *nope: no anchor &nope before it"]);
    expect(problems(`environments:\n  dev: &d\n    <<: *d\n${env}`)).toEqual(["3:9 - : YAML alias *d: inside the node it names (a cycle)"]);
    // An exponential expansion stops at the limit, at the first alias.
    const laughs = ["x-a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) laughs.push(`x-${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    expect(problems(`${laughs.join("\n")}\nenvironments: {}\n`)).toEqual([expect.stringMatching(/^2:\d+ - : YAML aliases: Excessive alias count/)]);
    // Many environments merging one base (itself merging another) stay well under the limit.
    const many = ["x-where: &where { name: acme, cloud: aws, region: us-west-2 }", "x-base: &base { <<: *where, tier: small }", "environments:"];
    for (let i = 0; i < 200; i++) many.push(`  e${i}: { <<: *base, environment: e${i} }`);
    expect(parseTopologyFile(many.join("\n"), "t.yaml")).toHaveLength(200);
  });

  it("places a region problem at `region:` when the tier's shorthand was used", () => {
    expect(problems(`environments:\n  dev:\n    tier: small\n${where.replace("us-west-2", "us-west-9")}`)).toEqual([
      expect.stringMatching(/^7:13 dev regions\[0\]: expected one of the aws regions .*got "us-west-9"$/),
    ]);
  });

  it("reports YAML syntax errors and duplicate keys with their positions, and a file that is not a mapping", () => {
    expect(problems("environments:\n  a: [1, 2\n  b: 3\n")).toEqual([expect.stringMatching(/^3:3 - : YAML syntax error: /)]);
    expect(problems(`environments:\n  a:\n    tier: small\n${where}    cloud: gcp\n`)).toEqual(["8:5 - : YAML duplicate key: Map keys must be unique"]);
    expect(problems('{"environments": {"a": {}, "a": {}}}', "t.json")).toEqual(["1:28 - : YAML duplicate key: Map keys must be unique"]);
    expect(problems("- 1\n")).toEqual([expect.stringMatching(/^1:1 - : expected a mapping with `environments:`/)]);
    expect(problems("environments: {}\n")).toEqual(["1:1 - environments: expected at least one environment"]);
  });

  it("formats the error as today's, with file:line:column before each problem", () => {
    const text = `environments:\n  dev:\n    tier: small\n${where}    database: { readReplicas: 9 }\n`;
    expect(() => parseTopologyFile(text, "tierform.yaml")).toThrow(
      "Invalid tierform.yaml: 1 problem\n  - tierform.yaml:8:31 dev: database.readReplicas: expected an integer 0–5, got 9",
    );
  });

  it("places a problem found while building (two environments with the same stack names) at its environment", () => {
    const text = `environments:\n  one:\n    tier: small\n${where}  two:\n    tier: small\n${where}`;
    expect(() => synthTopologies(Testing.app(), parseTopologyFile(text, "t.yaml"), { text, name: "t.yaml" })).toThrow(/^Invalid t\.yaml: 1 problem\n {2}- t\.yaml:10:11 two: name: expected a name and environment no other/);
  });

  it("every README YAML example with environments parses", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^environments:/m.test(b));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(parseTopologyFile(block, "README.md").length).toBeGreaterThan(0);
  });

  it("the file schema: environments as a list or a map, tier entries with nothing required below the top and null allowed", () => {
    const schema = topologyFileJsonSchema() as any;
    expect(schema.required).toEqual(["environments"]);
    expect(Object.keys(schema.patternProperties)).toEqual(["^x-"]);
    const tier = schema.$defs.tierEnvironment;
    expect(tier.required).toEqual(["tier", "name", "environment", "cloud"]);
    expect(tier.properties.database.anyOf[1]).toEqual({ type: "null" });
    expect(JSON.stringify(tier.properties.database.anyOf[0])).not.toMatch(/"required"/);
    expect(schema.$defs.topology.required).toContain("compute");
  });
});
