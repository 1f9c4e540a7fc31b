// The tierform command, run in-process through main(argv, io): exit codes and what goes to stdout and stderr.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, main } from "../src/cli/main";

function run(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const status = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

const ROOT = join(__dirname, "..");
const where = "    name: acme\n    environment: dev\n    cloud: aws\n    region: us-west-2\n";
let dir: string;
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tierform-cli-"));
});

describe("tierform (usage)", () => {
  it("--help and -h print every command to stdout and exit 0; --version prints package.json's version", () => {
    for (const flag of ["--help", "-h"]) {
      const help = run(flag);
      expect(help).toMatchObject({ status: 0, stderr: "" });
      for (const c of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${c.name} +${c.args.replace(/[[\]|.]/g, "\\$&")}$`, "m"));
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(run("--version")).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("an unknown command or none prints the usage to stderr and exits 2", () => {
    const unknown = run("deploy");
    expect(unknown).toMatchObject({ status: 2, stdout: "" });
    expect(unknown.stderr).toMatch(/^tierform: unknown command "deploy"\n\nusage: tierform <command>/);
    expect(run()).toMatchObject({ status: 2, stdout: "" });
  });

  it("the bin entry (src/cli.ts) exits with main's code: the one test that starts a process", () => {
    const child = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "src", "cli.ts"), "nope"], { encoding: "utf8" });
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(/^tierform: unknown command "nope"/);
  });

  it("<command> --help prints that command's usage to stdout; wrong arguments print it to stderr and exit 2", () => {
    for (const c of COMMANDS) {
      const help = run(c.name, "--help");
      expect(help).toMatchObject({ status: 0, stderr: "" });
      expect(help.stdout.split("\n")[0]).toBe(`usage: tierform ${c.name} ${c.args}`);
    }
    expect(run("validate")).toMatchObject({ status: 2, stdout: "", stderr: expect.stringMatching(/^usage: tierform validate FILE\n/) });
    expect(run("synth", "a.yaml", "--bogus")).toMatchObject({ status: 2, stderr: expect.stringMatching(/^tierform synth: unknown option --bogus\nusage: tierform synth /) });
    expect(run("validate", join(dir, "missing.yaml"))).toMatchObject({ status: 2, stderr: `tierform validate: ${join(dir, "missing.yaml")}: no such file or directory\n` });
  });

  it("the README's command table lists every command", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = /<!-- cli-table:start -->([\s\S]*?)<!-- cli-table:end -->/.exec(readme)![1]!;
    const listed = [...table.matchAll(/^\| `tierform (\w+)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});

describe("tierform validate / synth / schema", () => {
  it("validate: exit 0 with each warning at its position, 1 with every problem on stdout", () => {
    const ok = run("validate", file("ok.yaml", `environments:\n  dev:\n    tier: small\n${where}`));
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toBe(
      `${dir}/ok.yaml:2:3 warning dev: [tierform:vm:public-ip] compute.exposure: the server has a public IP with ports 80 and 443 open to the internet; the app terminates TLS itself\n` +
        `${dir}/ok.yaml: 1 environment valid (dev), 1 warning\n`,
    );
    const bad = run("validate", file("bad.yaml", `environments:\n  dev:\n    tier: small\n${where}    database: { readReplicas: 9 }\n`));
    expect(bad).toMatchObject({ status: 1, stderr: "" });
    expect(bad.stdout).toBe(`Invalid ${dir}/bad.yaml: 1 problem\n  - ${dir}/bad.yaml:8:31 dev: database.readReplicas: expected an integer 0–5, got 9\n`);
    expect(run("validate", file("dup.json", '{"environments": {}, "environments": {}}')).stdout).toMatch(/dup\.json:1:22 YAML duplicate key/);
  });

  it("synth: writes every environment's stacks into -o DIR (created, however deep) and prints warnings to stderr", () => {
    const out = join(dir, "deep", "out");
    const two = file("two.yaml", `environments:\n  - tier: small\n${where}  - tier: small\n${where.replace("dev", "qa")}`);
    const result = run("synth", two, "-o", out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`synthesized 2 environments (2 stacks) into ${out}\n`);
    expect(result.stderr.trim().split("\n")).toHaveLength(2);
    expect(existsSync(join(out, "stacks", "acme-dev-infra", "cdk.tf.json"))).toBe(true);
    expect(existsSync(join(out, "stacks", "acme-qa-infra", "cdk.tf.json"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks).toHaveProperty("acme-qa-infra");

    const bad = run("synth", file("bad2.yaml", "environments:\n  dev: { tier: small }\n"), "-o", join(dir, "never"));
    expect(bad).toMatchObject({ status: 1, stdout: "" });
    expect(bad.stderr).toMatch(/^Invalid .*bad2\.yaml: \d+ problems\n {2}- .*bad2\.yaml:2:3 dev: name: required/);
    expect(existsSync(join(dir, "never"))).toBe(false);

    // Run by cdktf (CDKTF_OUTDIR, no -o) the stacks' annotations show the warnings: not printed a second time.
    const cdktfOut = join(dir, "cdktf-run");
    process.env["CDKTF_OUTDIR"] = cdktfOut;
    try {
      const quiet = run("synth", two);
      expect(quiet).toMatchObject({ status: 0, stderr: "" });
      expect(existsSync(join(cdktfOut, "stacks", "acme-dev-infra", "cdk.tf.json"))).toBe(true);
    } finally {
      delete process.env["CDKTF_OUTDIR"];
    }
  });

  it("schema: the file schema to stdout or -o FILE; --topology for one topology", () => {
    const out = run("schema");
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ title: "tierform topology file", required: ["environments"] });
    const target = join(dir, "tierform.schema.json");
    expect(run("schema", "-o", target)).toEqual({ status: 0, stdout: "", stderr: `wrote ${target}\n` });
    expect(readFileSync(target, "utf8")).toBe(out.stdout);
    expect(JSON.parse(run("schema", "--topology").stdout).required).toContain("compute");
  });
});
