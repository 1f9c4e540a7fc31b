import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initCommand, pinnedPeers, projectName } from "../src/init";
import pkg from "../package.json";

// `tierform init` in-process into a temporary directory; the pack-and-install script (scripts/try-package.sh)
// proves the scaffold installs, synthesizes and passes its own test.
const root = resolve(".tierform-tmp", `init-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  mkdirSync(root, { recursive: true });
  const code = initCommand(args, { cwd: root, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}
const read = (...path: string[]) => readFileSync(join(root, ...path), "utf8");

describe("tierform init", () => {
  it("scaffolds a TypeScript project: pinned peers, compiled app, snapshot test with its snapshot, .gitignore", () => {
    const { code, out, err } = run(["shop-api"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("cd shop-api && npm install && npx cdktf synth && npm test");
    for (const file of ["package.json", "cdktf.json", "tsconfig.json", "main.ts", "environments.ts", "test/stacks.test.ts", ".gitignore"]) {
      expect(existsSync(join(root, "shop-api", file)), file).toBe(true);
    }
    const manifest = JSON.parse(read("shop-api", "package.json"));
    expect(manifest.name).toBe("shop-api");
    expect(manifest.dependencies.tierform).toBe(`^${pkg.version}`);
    // Every peer, at the exact version tierform was built against.
    for (const peer of Object.keys(pkg.peerDependencies)) {
      expect(manifest.dependencies[peer], peer).toBe((pkg.devDependencies as Record<string, string>)[peer]);
    }
    expect(manifest.devDependencies["cdktf-cli"]).toBe(pkg.devDependencies["cdktf-cli"]);
    expect(JSON.parse(read("shop-api", "cdktf.json")).app).toBe("node node_modules/typescript/bin/tsc && node dist/main.js");
    expect(read("shop-api", "environments.ts")).toContain('new Environment(scope, "shop-api-dev", small({');
    expect(read("shop-api", "test", "stacks.test.ts")).toContain('from "tierform/testing"');
    expect(read("shop-api", ".gitignore").split("\n")).toEqual(expect.arrayContaining(["node_modules/", "cdktf.out/", "*.tfstate", "*.tfstate.*"]));
    // The reviewed snapshot ships with the scaffold, so `npm test` passes under CI=true on the first run.
    const snapshot = JSON.parse(read("shop-api", "test", "__snapshots__", "shop-api-dev-infra.json"));
    expect(snapshot.terraform.backend).toEqual({ local: { path: "terraform.shop-api-dev-infra.tfstate" } });
    expect(Object.keys(snapshot.resource)).toContain("aws_db_instance");
  });

  it("scaffolds a YAML topology with --yaml, run by `tierform synth` from cdktf.json", () => {
    expect(run(["--yaml", "data-env"]).code).toBe(0);
    expect(JSON.parse(read("data-env", "cdktf.json")).app).toBe("npx tierform synth tierform.yaml");
    expect(read("data-env", "tierform.yaml")).toMatch(/^environments:\n {2}data-env-dev:\n {4}tier: small\n/m);
    expect(existsSync(join(root, "data-env", "main.ts"))).toBe(false);
    expect(existsSync(join(root, "data-env", "test", "__snapshots__", "data-env-dev-infra.json"))).toBe(true);
  });

  it("refuses to overwrite anything: exit 2, one line, nothing written", () => {
    mkdirSync(join(root, "taken"), { recursive: true });
    writeFileSync(join(root, "taken", "package.json"), "{}\n");
    const { code, out, err } = run(["taken"]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toBe("tierform init: taken/package.json already exists; nothing written\n");
    expect(read("taken", "package.json")).toBe("{}\n");
    expect(existsSync(join(root, "taken", "cdktf.json"))).toBe(false);
    // A second init over a scaffold names every file it would overwrite, still on one line.
    const again = run(["shop-api"]);
    expect(again.code).toBe(2);
    expect(again.err.trim().split("\n")).toHaveLength(1);
  });

  it("rejects unknown options and extra arguments with its usage (exit 2)", () => {
    expect(run(["--force"]).code).toBe(2);
    expect(run(["a", "b"]).err).toMatch(/^usage: tierform init \[DIR\] \[--yaml\]/);
  });

  it("derives a valid topology name from the directory and pins peers from devDependencies", () => {
    expect(projectName("/x/My Shop_API")).toBe("my-shop-api");
    expect(projectName("/x/2024-billing-platform")).toBe("billing-plat");
    expect(projectName("/")).toBe("app");
    expect(pinnedPeers()).toEqual(Object.fromEntries(Object.keys(pkg.peerDependencies).sort().map((p) => [p, (pkg.devDependencies as Record<string, string>)[p]])));
  });

  it("the README's Install command lists exactly the peers init pins", () => {
    const readme = readFileSync(resolve(__dirname, "..", "README.md"), "utf8");
    const command = /```sh\n(npm i tierform [^`]*)```/.exec(readme)![1]!.replace(/\\\n/g, " ");
    const listed = command.trim().split(/\s+/).slice(3);
    expect(listed).toEqual(Object.entries(pinnedPeers()).map(([name, version]) => `${name}@${version}`));
  });
});
