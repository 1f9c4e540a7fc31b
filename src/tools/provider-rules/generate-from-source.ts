// npx tsx src/tools/provider-rules/generate-from-source.ts [provider…]
// Writes src/testing/rules/data/{google,azurerm,kubernetes,helm}.json: provider rules (facts only: the attribute and
// block tree, flags, validators) for the covered types, extracted from each provider's Go source at a pinned tag by
// the Go program in ./extract (standard library only: go/parser + a small symbolic evaluator).
// Sources are bare git mirrors; override with TIERFORM_PROVIDER_SRC_GOOGLE / _AZURERM / _KUBERNETES / _HELM.
// Needed directories are unpacked with `git archive <tag> <paths> | tar -x`; the extractor unpacks further package
// directories it needs (e.g. azurerm vendor/ packages) itself, file by file through `git cat-file --batch`.
// Dependency modules a provider requires but does not vendor are read the same way from their own bare mirror, at the
// tag equal to the version in the provider's go.mod, for constants only (e.g. `corev1.ServiceTypeClusterIP` in
// kubernetes enums): k8s.io/api (import k8s.io/api/core/v1 -> directory core/v1) from TIERFORM_PROVIDER_SRC_K8S_API
// (default /work/.mirror/kubernetes+api/repo, the GitHub repository kubernetes/api; needs tag e.g. v0.28.6).
// Set TIERFORM_PROVIDER_RULES_VERBOSE=1 to see the extractor's notes as they happen (they are printed at the end anyway).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlockRules, ProviderRules } from "../../testing/rules/types";
import { writeRules } from "./write";

const ROOT = join(__dirname, "..", "..", "..");
const OUT_DIR = join(ROOT, "src", "testing", "rules", "data");
const EXTRACT_DIR = join(__dirname, "extract");
const COVERED = join(__dirname, "covered-types.json");
const MIRRORS = "/work/.mirror";

interface ProviderSource {
  readonly name: string;
  readonly repo: string;
  readonly tag: string;
  readonly envVar: string;
  /** Top-level paths unpacked before extraction. */
  readonly paths: readonly string[];
}

const PROVIDERS: readonly ProviderSource[] = [
  { name: "google", repo: "hashicorp/terraform-provider-google", tag: "v6.50.0", envVar: "TIERFORM_PROVIDER_SRC_GOOGLE", paths: ["go.mod", "google"] },
  { name: "azurerm", repo: "hashicorp/terraform-provider-azurerm", tag: "v4.55.0", envVar: "TIERFORM_PROVIDER_SRC_AZURERM", paths: ["go.mod", "internal", "helpers", "utils"] },
  { name: "kubernetes", repo: "hashicorp/terraform-provider-kubernetes", tag: "v2.38.0", envVar: "TIERFORM_PROVIDER_SRC_KUBERNETES", paths: ["go.mod", "kubernetes", "util", "internal"] },
  { name: "helm", repo: "hashicorp/terraform-provider-helm", tag: "v3.1.1", envVar: "TIERFORM_PROVIDER_SRC_HELM", paths: ["go.mod", "helm"] },
];

function gitDir(p: ProviderSource): string {
  return process.env[p.envVar] ?? join(MIRRORS, p.repo.replace("/", "+"), "repo");
}

/** Dependency modules read from their own mirror (constants only) when a provider's go.mod requires them. */
const MODULE_SOURCES: readonly { readonly module: string; readonly repo: string; readonly envVar: string }[] = [
  { module: "k8s.io/api", repo: "kubernetes/api", envVar: "TIERFORM_PROVIDER_SRC_K8S_API" },
];

function moduleSourceArgs(): string[] {
  return MODULE_SOURCES.flatMap((m) => ["-module-src", `${m.module}=${process.env[m.envVar] ?? join(MIRRORS, m.repo.replace("/", "+"), "repo")}`]);
}

interface ExtractOutput {
  resources: Record<string, BlockRules>;
  data: Record<string, BlockRules>;
  notes: string[] | null;
  missing: string[] | null;
  forceNewSometimes: string[] | null;
}

function buildExtractor(work: string): string {
  const bin = join(work, "extract");
  execFileSync("go", ["build", "-o", bin, "."], { cwd: EXTRACT_DIR, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off" } });
  return bin;
}

function generate(p: ProviderSource, bin: string, work: string): void {
  const started = Date.now();
  const dir = join(work, p.name);
  mkdirSync(dir, { recursive: true });
  const repo = gitDir(p);
  // git archive may warn about unrelated absent blobs (the mirror omits some large files); tar must still succeed.
  // Test files are left out (half of the tree, never needed).
  execFileSync("bash", ["-c", 'set -o pipefail; git --git-dir="$1" archive "$2" "${@:4}" 2>/dev/null | tar -x -C "$3"', "_", repo, p.tag, dir, ...p.paths, ":(exclude)*_test.go"]);
  const out = execFileSync(bin, ["-root", dir, "-provider", p.name, "-git-dir", repo, "-tag", p.tag, "-types", COVERED, ...moduleSourceArgs(), ...(process.env.TIERFORM_PROVIDER_RULES_VERBOSE ? ["-v"] : [])], {
    maxBuffer: 512 * 1024 * 1024,
    encoding: "utf8",
  });
  const x = JSON.parse(out) as ExtractOutput;
  const rules: ProviderRules = {
    provider: p.name,
    version: p.tag.replace(/^v/, ""),
    source: `github:${p.repo}@${p.tag} (Go source)`,
    forceNewFrom: "schema",
    resources: x.resources,
    data: x.data,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  writeRules(join(OUT_DIR, `${p.name}.json`), rules);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${p.name}: ${Object.keys(x.resources).length} resources, ${Object.keys(x.data).length} data sources (${secs}s)`);
  for (const m of x.missing ?? []) console.log(`  MISSING ${m}`);
  for (const s of x.forceNewSometimes ?? []) console.log(`  forceNew "sometimes" (CustomizeDiff): ${s}`);
  for (const n of x.notes ?? []) console.log(`  note: ${n}`);
}

function main(): void {
  const only = process.argv.slice(2);
  const work = mkdtempSync(join(tmpdir(), "provider-rules-"));
  try {
    const bin = buildExtractor(work);
    for (const p of PROVIDERS) {
      if (only.length === 0 || only.includes(p.name)) generate(p, bin, work);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
