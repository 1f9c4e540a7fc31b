// `tierform init [DIR] [--yaml]`: scaffolds a project that works right away — `npm install && npx cdktf synth &&
// npm test` — with the peers pinned to the versions this package was built and tested against, a cdktf.json that runs
// compiled JavaScript, a TypeScript app (or a YAML topology file with --yaml), a snapshot test whose snapshot is
// written here (so it passes under CI=true too) and a .gitignore. Never overwrites a file: exit 2, one line.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Testing } from "./core/tf";
import { Environment } from "./stacks/environment";
import { small } from "../tiers";
import { snapshotOf, synthesize } from "./testing/synth";

export interface InitIo {
  /** The directory DIR is resolved against. */
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const defaultIo: InitIo = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export const INIT_USAGE = "tierform init [DIR] [--yaml]      scaffold a project in DIR (default: .): app, cdktf.json, snapshot test; --yaml: a YAML topology";

/** This package's own package.json (found upwards from this file: src/ when run from source, dist/src/ when built). */
export function ownPackageJson(): { name: string; version: string; peerDependencies: Record<string, string>; devDependencies: Record<string, string> } {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, "utf8"));
      if (json.name === "tierform") return json;
    }
    if (dirname(dir) === dir) throw new Error("tierform's package.json not found");
  }
}

/** The peers at the exact versions tierform was built against (its devDependencies), sorted by name. */
export function pinnedPeers(pkg = ownPackageJson()): Record<string, string> {
  return Object.fromEntries(
    Object.keys(pkg.peerDependencies)
      .sort()
      .map((name) => [name, pkg.devDependencies[name] ?? pkg.peerDependencies[name]!]),
  );
}

/** A topology name from a directory name: the model's rule (2–12 lower-case letters, digits, single hyphens). */
export function projectName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 12)
    .replace(/-+$/, "");
  return name.length >= 2 ? name : "app";
}

/** The environment the scaffold starts with: the small tier on AWS (one server, managed Postgres and Redis). */
function starter(name: string) {
  return {
    id: `${name}-dev`,
    props: { name, environment: "dev", cloud: "aws", region: "us-east-1", app: { image: "nginx:1.27", port: 80, healthCheckPath: "/" } } as const,
  };
}

/** The files `init` writes, by path relative to DIR. */
export function scaffold(name: string, options: { yaml: boolean }, pkg = ownPackageJson()): Record<string, string> {
  const { id, props } = starter(name);
  const dev = pkg.devDependencies;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const result = synthesize(new Environment(Testing.app(), id, small(props)));
  const files: Record<string, string> = {
    ".gitignore": ["node_modules/", "dist/", "cdktf.out/", ".gen/", ".terraform/", "*.tfstate", "*.tfstate.*", "*.tsbuildinfo", ""].join("\n"),
    "tsconfig.json": json({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023"],
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        skipLibCheck: true,
        incremental: true,
        outDir: "dist",
        rootDir: ".",
        types: ["node"],
      },
      include: options.yaml ? ["test"] : ["main.ts", "environments.ts", "test"],
    }),
    // Stack snapshots as `tierform/testing` writes them: keys sorted, local state path reduced to its file name.
    ...Object.fromEntries(Object.keys(result).map((stack) => [`test/__snapshots__/${stack}.json`, snapshotOf(result, stack)])),
  };
  const scripts = {
    build: "tsc",
    synth: "cdktf synth",
    test: "tsc && node --test dist/test/",
    "update-snapshots": "tsc && UPDATE_SNAPSHOTS=1 node --test dist/test/",
  };
  files["package.json"] = json({
    name,
    version: "0.1.0",
    private: true,
    scripts,
    dependencies: { tierform: `^${pkg.version}`, ...pinnedPeers(pkg) },
    devDependencies: {
      "@types/node": dev["@types/node"] ?? "^20.19.0",
      "cdktf-cli": dev["cdktf-cli"] ?? dev["cdktf"]!,
      typescript: "^5.9.0",
    },
  });
  files["cdktf.json"] = json({
    language: "typescript",
    // Compiled JavaScript, not ts-node/tsx: an incremental, type-checked build, then plain node. The compiler is
    // started directly: `npm run build` or `npx tsc` would add about a second of npm start-up to every synth.
    app: options.yaml ? "npx tierform synth tierform.yaml" : "node node_modules/typescript/bin/tsc && node dist/main.js",
    projectId: `${name}-infrastructure`,
    sendCrashReports: "false",
    terraformProviders: [],
    terraformModules: [],
    context: {},
  });
  if (options.yaml) {
    files["tierform.yaml"] = [
      "# Environments as data; `npx cdktf synth` runs `tierform synth tierform.yaml` (cdktf.json).",
      "# Each environment is a tier plus overrides (objects merge, lists replace, null removes) or a full topology.",
      "environments:",
      `  ${id}:`,
      "    tier: small",
      `    name: ${props.name}`,
      `    environment: ${props.environment}`,
      `    cloud: ${props.cloud}`,
      `    region: ${props.region}`,
      `    app: { image: "${props.app.image}", port: ${props.app.port}, healthCheckPath: "${props.app.healthCheckPath}" }`,
      "",
    ].join("\n");
    files["test/stacks.test.ts"] = SNAPSHOT_TEST_YAML;
  } else {
    files["environments.ts"] = [
      'import type { Construct } from "constructs";',
      'import { Environment, small } from "tierform";',
      "",
      "/** Every environment of this project; main.ts synthesizes them, the tests snapshot them. */",
      "export function environments(scope: Construct): Environment[] {",
      "  return [",
      `    new Environment(scope, "${id}", small(${JSON.stringify(props, null, 2).replace(/"(\w+)":/g, "$1:").replace(/\n/g, "\n    ")})),`,
      "  ];",
      "}",
      "",
    ].join("\n");
    files["main.ts"] = [
      'import { App } from "cdktf";',
      'import { runApp } from "tierform";',
      'import { environments } from "./environments";',
      "",
      "runApp(() => {",
      "  const app = new App();",
      "  environments(app);",
      "  app.synth();",
      "});",
      "",
    ].join("\n");
    files["test/stacks.test.ts"] = SNAPSHOT_TEST_TS;
  }
  return files;
}

const SNAPSHOT_COMPARE = `
const SNAPSHOTS = join(__dirname, "..", "..", "test", "__snapshots__");

/** The reviewed snapshots, by stack name. */
function storedSnapshots(): SynthResult {
  const files = existsSync(SNAPSHOTS) ? readdirSync(SNAPSHOTS).filter((f) => f.endsWith(".json")) : [];
  return Object.fromEntries(files.map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(SNAPSHOTS, f), "utf8"))]));
}

/** Compares every stack with its reviewed snapshot; UPDATE_SNAPSHOTS=1 writes them instead. */
function matchSnapshots(result: SynthResult): void {
  const stored = Object.keys(storedSnapshots());
  if (process.env.UPDATE_SNAPSHOTS) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    for (const name of stored) if (!(name in result)) rmSync(join(SNAPSHOTS, \`\${name}.json\`));
    for (const stack of Object.keys(result)) writeFileSync(join(SNAPSHOTS, \`\${stack}.json\`), snapshotOf(result, stack));
    return;
  }
  assert.deepEqual(Object.keys(result).sort(), stored.sort(), "stacks added or removed: review, then npm run update-snapshots");
  for (const stack of Object.keys(result)) {
    const file = join(SNAPSHOTS, \`\${stack}.json\`);
    assert.equal(snapshotOf(result, stack), readFileSync(file, "utf8"), \`\${stack} differs from \${file}: review, then npm run update-snapshots\`);
  }
}
`;

const SNAPSHOT_TEST_TS = `import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Testing } from "cdktf";
import { assertFacts, diffSynth, everyDatabaseIsEncrypted, formatSummary, losesState, noPublicDatabase, snapshotOf, synthesize, type SynthResult } from "tierform/testing";
import { environments } from "../environments";
${SNAPSHOT_COMPARE}
const app = Testing.app();
environments(app);
const result = synthesize(app);

test("no stateful resource is destroyed or renamed compared with the reviewed snapshots", () => {
  const summary = diffSynth(storedSnapshots(), result);
  assert.equal(losesState(summary), false, formatSummary(summary));
});
test("the stacks match the reviewed snapshots", () => matchSnapshots(result));
test("data stores are private and encrypted", () => assertFacts(result, everyDatabaseIsEncrypted, noPublicDatabase));
`;

const SNAPSHOT_TEST_YAML = `import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { test } from "node:test";
import { assertFacts, everyDatabaseIsEncrypted, noPublicDatabase, readSynth, snapshotOf, sortKeys, type SynthResult, type TerraformJson } from "tierform/testing";
${SNAPSHOT_COMPARE}
/** Removes cdktf's "//" metadata blocks at every level. */
function withoutMetadata(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  if (!Array.isArray(value)) delete (value as Record<string, unknown>)["//"];
  for (const child of Object.values(value)) withoutMetadata(child);
}

/** tierform.yaml synthesized as \`cdktf synth\` does, into a temporary directory; state paths reduced to file names. */
function synthYaml(): SynthResult {
  const out = mkdtempSync(join(tmpdir(), "synth-"));
  try {
    const cli = join(dirname(require.resolve("tierform")), "cli.js");
    const run = spawnSync(process.execPath, [cli, "synth", "tierform.yaml"], { cwd: join(__dirname, "..", ".."), env: { ...process.env, CDKTF_OUTDIR: out }, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const result = readSynth(out);
    for (const json of Object.values(result) as TerraformJson[]) {
      // cdktf's own metadata (version, construct paths) is not part of what is reviewed: an in-process synth has none.
      withoutMetadata(json);
      const local = (json.terraform?.["backend"] as Record<string, { path?: string }> | undefined)?.["local"];
      if (local?.path) local.path = basename(local.path);
    }
    return Object.fromEntries(Object.entries(result).map(([stack, json]) => [stack, sortKeys(json)]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const result = synthYaml();
test("the stacks match the reviewed snapshots", () => matchSnapshots(result));
test("data stores are private and encrypted", () => assertFacts(result, everyDatabaseIsEncrypted, noPublicDatabase));
`;

/** `tierform init [DIR] [--yaml]`; exit 0, or 2 on bad arguments or an existing file. */
export function initCommand(args: readonly string[], io: InitIo = defaultIo): number {
  const yaml = args.includes("--yaml");
  const rest = args.filter((a) => a !== "--yaml");
  if (rest.length > 1 || rest.some((a) => a.startsWith("-"))) {
    io.err(`usage: ${INIT_USAGE}\n`);
    return 2;
  }
  const where = rest[0] ?? ".";
  const dir = resolve(io.cwd, where);
  const name = projectName(dir);
  const files = scaffold(name, { yaml });
  const clash = Object.keys(files).filter((file) => existsSync(join(dir, file)));
  if (clash.length > 0) {
    io.err(`tierform init: ${clash.map((f) => join(where, f)).join(", ")} already exist${clash.length === 1 ? "s" : ""}; nothing written\n`);
    return 2;
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text, { flag: "wx" });
  }
  io.out(
    `tierform init: ${Object.keys(files).length} files in ${where} (${yaml ? "tierform.yaml" : "main.ts, environments.ts"}, test/, cdktf.json)\n` +
      `next: ${where === "." ? "" : `cd ${where} && `}npm install && npx cdktf synth && npm test\n`,
  );
  return 0;
}
