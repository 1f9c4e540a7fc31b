import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs real Terraform on a synthesized AWS stack with no network and no AWS account:
 * `init` from a filesystem provider mirror only, then `plan` (which validates first) with fake credentials and the
 * AWS provider's skip_* flags; when the plan fails, `validate` tells a configuration error from a planning one.
 * Everything happens in a temporary copy; the stack JSON is never changed.
 *
 * The bindings target AWS provider 6.x; the mirror may hold 5.x. The copy relaxes the version
 * constraint so the check can run, and 6.x-only arguments show up as validate errors, never hidden.
 */
export interface OfflinePlanOptions {
  /** Terraform binary. @default - `$TIERFORM_TERRAFORM`, else `terraform` on PATH */
  readonly terraform?: string;
  /** Directory holding `registry.terraform.io/hashicorp/aws/...`. @default - `$TIERFORM_TF_MIRROR`, else discovered */
  readonly mirror?: string;
  /** Keep the working directory for inspection. @default false */
  readonly keep?: boolean;
}

export type OfflinePlanResult =
  | { readonly status: "skipped"; readonly reason: string }
  | {
      readonly status: "ok" | "failed";
      readonly step: "init" | "validate" | "plan";
      /** Terraform's output of the last step that ran. */
      readonly output: string;
      /** `Plan: N to add, …` when the plan ran. */
      readonly summary?: string;
      readonly toAdd?: number;
      readonly workDir: string;
    };

const MIRROR_CANDIDATES = ["/opt/tf-plugins", "/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins"];

/** Finds the filesystem mirror: option, `$TIERFORM_TF_MIRROR`, known places, then a shallow search of /. */
export function findMirror(explicit?: string): string | undefined {
  const hasAws = (dir: string) => existsSync(join(dir, "registry.terraform.io", "hashicorp", "aws"));
  for (const dir of [explicit, process.env["TIERFORM_TF_MIRROR"], ...MIRROR_CANDIDATES]) {
    if (dir && hasAws(dir)) return dir;
  }
  try {
    const found = execFileSync("find", ["/", "-maxdepth", "4", "-type", "d", "-name", "registry.terraform.io"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 20_000 });
    const dir = found.split("\n").find((line) => line && hasAws(join(line, "..")));
    return dir ? join(dir, "..") : undefined;
  } catch (error) {
    // `find` exits non-zero on unreadable directories but still prints what it found.
    const stdout = (error as { stdout?: string }).stdout ?? "";
    const dir = stdout.split("\n").find((line) => line && hasAws(join(line, "..")));
    return dir ? join(dir, "..") : undefined;
  }
}

/** Finds the Terraform binary: option, `$TIERFORM_TERRAFORM`, then PATH. */
export function findTerraform(explicit?: string): string | undefined {
  const candidate = explicit ?? process.env["TIERFORM_TERRAFORM"] ?? "terraform";
  const r = spawnSync(candidate, ["version"], { encoding: "utf8" });
  return r.status === 0 ? candidate : undefined;
}

const FAKE_CREDENTIALS = {
  access_key: "AKIAIOSFODNN7EXAMPLE",
  secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

type Json = Record<string, unknown>;

/** An empty Terraform state file, which remote states read offline. */
export const EMPTY_STATE = "empty.tfstate";
export const EMPTY_STATE_JSON = JSON.stringify({ version: 4, terraform_version: "1.11.0", serial: 1, lineage: "tierform-offline", outputs: {}, resources: [] });

/** Stands in for values only an apply or another stack's state would give (secrets, cross-stack outputs). */
export const OFFLINE_PLACEHOLDER = "offline-plan-placeholder";

/**
 * Cross-stack references read another stack's state, which does not exist offline: each remote state
 * gets `defaults` for the outputs the stack reads, so plan sees a value instead of a missing attribute.
 */
function defaultRemoteOutputs(copy: Json): void {
  const remote = ((copy["data"] as Json | undefined)?.["terraform_remote_state"] ?? {}) as Record<string, Json>;
  const text = JSON.stringify(copy);
  for (const [name, source] of Object.entries(remote)) {
    // Read an empty state in the work directory (written by offlinePlan) instead of the real backend.
    source["backend"] = "local";
    source["config"] = { path: EMPTY_STATE };
    const used = new Set([...text.matchAll(new RegExp(`data\\.terraform_remote_state\\.${name.replace(/[-.]/g, "\\$&")}\\.outputs\\.([\\w-]+)`, "g"))].map((m) => m[1]!));
    source["defaults"] = Object.fromEntries([...used].sort().map((output) => [output, OFFLINE_PLACEHOLDER]));
  }
}

/** Variables without a default (write-only secrets set through TF_VAR_… in real use) get a placeholder. */
function defaultVariables(copy: Json): void {
  for (const variable of Object.values((copy["variable"] ?? {}) as Record<string, Json>)) {
    if (!("default" in variable)) variable["default"] = OFFLINE_PLACEHOLDER;
  }
}

/**
 * The stack as Terraform will see it offline: relaxed AWS constraint, fake credentials, no remote backend,
 * placeholders for secrets and other stacks' outputs.
 */
export function offlineCopy(stack: Json): Json {
  const copy = structuredClone(stack) as Json & { terraform?: Json; provider?: Json };
  defaultRemoteOutputs(copy);
  defaultVariables(copy);
  const terraform = (copy.terraform ?? {}) as Json & { required_providers?: Record<string, Json>; backend?: unknown };
  delete terraform.backend;
  if (terraform.required_providers?.["aws"]) terraform.required_providers["aws"] = { ...terraform.required_providers["aws"], version: ">= 5.0" };
  copy.terraform = terraform;
  const providers = (copy.provider ?? {}) as Record<string, Json[]>;
  if (providers["aws"]) providers["aws"] = providers["aws"].map((p) => ({ ...p, ...FAKE_CREDENTIALS }));
  return copy;
}

/** A Terraform run: whether it succeeded, and what it printed. Never rejects. */
export function runTerraform(terraform: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(terraform, args, { cwd, env, encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ ok: error === null, stdout, stderr }));
  });
}

async function run(terraform: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; output: string }> {
  const r = await runTerraform(terraform, args, cwd, env);
  return { ok: r.ok, output: `${r.stdout}${r.stderr}` };
}

/**
 * Prepares a working directory whose Terraform installs providers from the filesystem mirror only (never the
 * network) and keeps its data inside the directory; returns the environment to run Terraform in.
 */
export function mirrorOnlyEnvironment(workDir: string, mirror: string): NodeJS.ProcessEnv {
  const cliConfig = join(workDir, ".terraformrc");
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  mkdirSync(join(workDir, ".tf-data"), { recursive: true });
  return {
    PATH: process.env["PATH"],
    HOME: workDir,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_DATA_DIR: join(workDir, ".tf-data"),
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** init (mirror only) + plan of one synthesized stack (validate only to explain a failed plan). Several can run at once. */
export async function offlinePlan(stack: Json, opts: OfflinePlanOptions = {}): Promise<OfflinePlanResult> {
  return planIn(opts, (workDir) => writeFileSync(join(workDir, "main.tf.json"), JSON.stringify(offlineCopy(stack), null, 2)));
}

/**
 * Several stacks in one Terraform run: each stack's offline copy becomes a child module of one root configuration,
 * so Terraform starts, reads the provider's schema (a ~14 MB answer for AWS) and initializes once instead of once
 * per stack: on a 2-core machine the seven AWS stacks of the default app take ~22 s of CPU this way against ~45 s
 * stack by stack. Each stack's result is read from the shared plan by its module address (`module.<stack>.…`):
 * how many resources it adds, changes and destroys, and the errors that name it. A stack's own providers and
 * remote states work as in a root module (Terraform allows provider blocks in a module called without count or
 * for_each); the backend block is already gone from the offline copy; its outputs are also root outputs
 * (`<stack>--<output>`), which Terraform checks for sensitive values. Not for stacks with `import` blocks (root only).
 *
 * The result per stack has the same shape as offlinePlan's (`summary` is written from that stack's own counts), so
 * `expectPlanned` reads it; `output` is the whole run's output. When the plan fails, an error naming no stack fails
 * every stack.
 */
export async function offlinePlanStacks(stacks: Readonly<Record<string, Json>>, opts: OfflinePlanOptions = {}): Promise<Record<string, OfflinePlanResult>> {
  const names = Object.keys(stacks);
  const bad = names.filter((name) => !MODULE_NAME.test(name));
  if (bad.length) throw new Error(`offlinePlanStacks: stack names must be Terraform identifiers (letters, digits, _ and -, not starting with a digit): ${bad.join(", ")}`);
  const whole = await planIn(opts, (workDir) => {
    for (const name of names) {
      mkdirSync(join(workDir, "stacks", name), { recursive: true });
      writeFileSync(join(workDir, "stacks", name, "main.tf.json"), JSON.stringify(offlineCopy(stacks[name]!), null, 2));
    }
    // Terraform checks some things on root outputs only (a sensitive value in an output not marked sensitive): each
    // stack's outputs are outputs of the root too, as `<stack>--<output>` with the stack's own flag.
    const outputs = Object.fromEntries(
      names.flatMap((name) =>
        Object.entries((stacks[name]!["output"] ?? {}) as Record<string, Json>).map(([output, body]) => [
          `${name}--${output}`,
          { value: `\${module.${name}.${output}}`, ...(body["sensitive"] === undefined ? {} : { sensitive: body["sensitive"] }) },
        ]),
      ),
    );
    const root = { module: Object.fromEntries(names.map((name) => [name, { source: `./stacks/${name}` }])), ...(Object.keys(outputs).length ? { output: outputs } : {}) };
    writeFileSync(join(workDir, "main.tf.json"), JSON.stringify(root, null, 2));
  });
  if (whole.status === "skipped") return Object.fromEntries(names.map((name) => [name, whole]));
  const errors = errorBlocks(whole.output);
  // Configuration errors name the module's file (`on stacks/<name>/main.tf.json line …`), planning errors its address,
  // root-output errors the output (`"<name>--<output>"`).
  const concerns = (name: string) => (e: string) => e.includes(`module.${name}.`) || e.includes(`stacks/${name}/`) || e.includes(`"${name}--`);
  const unattributed = errors.filter((e) => !names.some((name) => concerns(name)(e)));
  const failing = names.filter((name) => errors.some(concerns(name)));
  return Object.fromEntries(
    names.map((name): [string, OfflinePlanResult] => {
      if (whole.status === "ok") {
        const counts = moduleCounts(whole.output, name);
        return [name, { ...whole, summary: `Plan: ${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy.`, toAdd: counts.add }];
      }
      const own = errors.filter(concerns(name));
      if (whole.step === "init" || own.length || unattributed.length) return [name, { ...whole, output: [...own, ...unattributed].join("\n") || whole.output }];
      return [name, { ...whole, output: `not planned: Terraform stopped on errors in ${failing.join(", ")}` }];
    }),
  );
}

/** Module names Terraform accepts (stack names become module names in offlinePlanStacks). */
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The `Error: …` blocks of Terraform's output (each runs to the next `Error:` or the end of the output). */
function errorBlocks(output: string): string[] {
  return output.split(/\n(?=(?:╷\n│ )?Error: )/).filter((block) => /^(?:╷\n│ )?Error: /.test(block));
}

/**
 * What the plan does to one module's resources, from its change lines (`# module.<name>.aws_vpc.x will be created`);
 * data sources read during apply are not changes. A replacement counts as one add and one destroy, as in Terraform's
 * own summary.
 */
function moduleCounts(output: string, name: string): { add: number; change: number; destroy: number } {
  const counts = { add: 0, change: 0, destroy: 0 };
  const prefix = `# module.${name}.`;
  for (const line of output.split("\n")) {
    const at = line.indexOf(prefix);
    if (at < 0 || line.slice(at + prefix.length).startsWith("data.")) continue;
    if (/ will be created$/.test(line)) counts.add++;
    else if (/ will be updated in-place$/.test(line)) counts.change++;
    else if (/ will be destroyed$/.test(line)) counts.destroy++;
    else if (/ must be replaced$|will be replaced/.test(line)) {
      counts.add++;
      counts.destroy++;
    }
  }
  return counts;
}

/** Runs init + plan in a fresh working directory that `write` fills with the configuration. */
async function planIn(opts: OfflinePlanOptions, write: (workDir: string) => void): Promise<OfflinePlanResult> {
  const terraform = findTerraform(opts.terraform);
  if (!terraform) return { status: "skipped", reason: "Terraform is not installed (set TIERFORM_TERRAFORM or put terraform on PATH)" };
  const mirror = findMirror(opts.mirror);
  if (!mirror) return { status: "skipped", reason: "no filesystem mirror of hashicorp/aws found (set TIERFORM_TF_MIRROR)" };

  const workDir = mkdtempSync(join(tmpdir(), "tierform-plan-"));
  try {
    write(workDir);
    writeFileSync(join(workDir, EMPTY_STATE), EMPTY_STATE_JSON);
    const env = mirrorOnlyEnvironment(workDir, mirror);
    const init = await run(terraform, ["init", "-input=false", "-no-color"], workDir, env);
    if (!init.ok) return { status: "failed", step: "init", output: init.output, workDir };
    // plan validates first, so a passing plan needs no separate validate; a failing one is told apart by running it.
    const plan = await run(terraform, ["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"], workDir, env);
    if (!plan.ok) {
      const validate = await run(terraform, ["validate", "-no-color"], workDir, env);
      if (!validate.ok) return { status: "failed", step: "validate", output: validate.output, workDir };
    }
    const summary = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(plan.output);
    return {
      status: plan.ok ? "ok" : "failed",
      step: "plan",
      output: plan.output,
      ...(summary ? { summary: summary[0], toAdd: Number(summary[1]) } : {}),
      workDir,
    };
  } finally {
    if (!opts.keep) rmSync(workDir, { recursive: true, force: true });
  }
}
