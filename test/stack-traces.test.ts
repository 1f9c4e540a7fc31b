import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { TierformError } from "../src/core/errors";
import { withoutTokenStackTraces } from "../src/core/stack-traces";
import { App, Lazy, TerraformOutput, Testing, Token } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";

// cdktf captures a full stack trace for every token; tierform turns capture off while it builds and synthesizes.
describe("no stack trace per token while tierform works", () => {
  const before = Error.stackTraceLimit;
  afterEach(() => {
    delete process.env["TIERFORM_STACK_TRACES"];
  });

  it("captures no trace inside, and puts Error.stackTraceLimit back afterwards, also after a throw", () => {
    const inside = withoutTokenStackTraces(() => {
      Error.stackTraceLimit = 50; // cdktf raises it before capturing: ignored
      return { limit: Error.stackTraceLimit, stack: new Error("x").stack, token: Token.asString({ a: 1 }) };
    });
    expect(inside.limit).toBe(0);
    expect(inside.stack).toBeUndefined();
    expect(Token.isUnresolved(inside.token)).toBe(true);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("y").stack).toMatch(/\n {4}at /);
    expect(() =>
      withoutTokenStackTraces(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")).toMatchObject({ value: before, writable: true });
  });

  it("says how to get a trace when a bug throws inside; a TierformError reads as its problems", () => {
    const bug = (() => {
      try {
        withoutTokenStackTraces(() => [][0]!["x" as never]);
      } catch (error) {
        return error as Error;
      }
    })();
    expect(bug?.stack).toMatch(/^TypeError: .*\n {4}\(no stack trace: .*set TIERFORM_STACK_TRACES=1 to keep them\)$/);
    const mistake = (() => {
      try {
        withoutTokenStackTraces(() => {
          throw new TierformError("Invalid topology", [{ path: "name", message: "expected a name" }]);
        });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(mistake?.stack).toBe("TierformError: Invalid topology: 1 problem\n  - name: expected a name");
  });

  it("an environment's stacks resolve without traces (TierformStack), and a user's failing resolvable keeps its stack", () => {
    const app = Testing.app();
    const env = new Environment(app, "small", demoTopology("small", "aws"));
    const seen: number[] = [];
    new TerraformOutput(env.infra, "limit-seen", { value: Lazy.numberValue({ produce: () => (seen.push(Error.stackTraceLimit), 1) }) });
    app.synth();
    // Prepared and synthesized: both passes ran inside the window.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([0]));

    const failing = Testing.app();
    const env2 = new Environment(failing, "small", demoTopology("small", "aws"));
    function usersHelper(): string {
      return (undefined as unknown as { name: string }).name;
    }
    new TerraformOutput(env2.infra, "broken", { value: Lazy.stringValue({ produce: () => usersHelper() }) });
    const error = (() => {
      try {
        failing.synth();
      } catch (e) {
        return e as Error;
      }
    })();
    // Resolved again with traces on: the user's own frame is in the stack.
    expect(error?.message).toMatch(/Cannot read properties of undefined/);
    expect(error?.stack).toMatch(/\n {4}at usersHelper /);
  });

  it("TIERFORM_STACK_TRACES=1 keeps every trace", () => {
    process.env["TIERFORM_STACK_TRACES"] = "1";
    expect(withoutTokenStackTraces(() => new Error("x").stack)).toMatch(/\n {4}at /);
  });

  it("cdktf's manifest holds no path of this machine: warnings carry no trace into tierform's files", () => {
    const outdir = mkdtempSync(join(tmpdir(), "tierform-manifest-"));
    try {
      const app = new App({ outdir });
      // enterprise on AWS warns (secondary regions are not pooled), so the manifest has annotations.
      new Environment(app, "ent", demoTopology("enterprise", "aws"));
      app.synth();
      const manifest = readFileSync(join(outdir, "manifest.json"), "utf8");
      expect(manifest).toContain("tierform:database:pooling-not-rendered");
      expect(manifest).not.toContain(process.cwd());
      expect(manifest).not.toContain("node_modules");
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
