import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, posix, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { App, TerraformStack } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { localStatePath } from "../src/stacks/backend";
import { runApp } from "../src/core/run";
import { demoTopology } from "../examples/default-app";

// Local state lands in the project root (the directory the app runs in) as terraform.<stack>.tfstate, whatever
// `cdktf synth -o` says: the path is relative to the stack's directory, <outdir>/stacks/<stack>.
const root = resolve(".tierform-tmp", `state-path-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function appIn(outdir: string): App {
  mkdirSync(join(root, outdir), { recursive: true });
  return new App({ outdir: join(root, outdir) });
}

describe("local state path", () => {
  it.each([
    ["cdktf.out", "../../../terraform.orders.tfstate"],
    ["build/deep/out", "../../../../../terraform.orders.tfstate"],
  ])("with the out directory %s, points from <outdir>/stacks/<stack> to the project root", (outdir, expected) => {
    const stack = new TerraformStack(appIn(outdir), "orders");
    const path = localStatePath(stack, "orders", root);
    expect(path).toBe(expected);
    // Where Terraform, running in the stack's directory, finds it: the project root.
    expect(resolve(root, outdir, "stacks", "orders", path)).toBe(join(root, "terraform.orders.tfstate"));
  });

  it("keeps the conventional ../../../ for an out directory outside the project (Testing.app's temporary one)", () => {
    const stack = new TerraformStack(new App({ outdir: join(root, "elsewhere") }), "orders");
    expect(localStatePath(stack, "orders", join(root, "project"))).toBe("../../../terraform.orders.tfstate");
  });

  it("is what an Environment synthesizes into two different out directories under the working directory", () => {
    const paths = ["shallow", "build/deep/out"].map((outdir) => {
      const app = appIn(outdir);
      const env = new Environment(app, "acme", demoTopology("small", "aws"));
      app.synth();
      const stackDir = join(root, outdir, "stacks", env.infra.node.id);
      const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
      const path = json.terraform.backend.local.path as string;
      expect(posix.isAbsolute(path)).toBe(false);
      expect(resolve(stackDir, path)).toBe(join(process.cwd(), `terraform.${env.infra.node.id}.tfstate`));
      return relative(process.cwd(), resolve(stackDir, path));
    });
    expect(paths[0]).toBe(paths[1]);
  });

  it("runApp creates a nested `cdktf synth -o` directory, which cdktf's App alone does not (it makes only the last level)", () => {
    const outdir = join(root, "run-app", "build", "deep", "out");
    const before = process.env["CDKTF_OUTDIR"];
    process.env["CDKTF_OUTDIR"] = outdir;
    try {
      runApp(() => void new App());
    } finally {
      if (before === undefined) delete process.env["CDKTF_OUTDIR"];
      else process.env["CDKTF_OUTDIR"] = before;
    }
    expect(existsSync(outdir)).toBe(true);
  });
});
