/**
 * Every ```ts / ```typescript block of README.md compiles against the library as a user imports it (issue 12).
 *
 * Each block becomes a module in a temporary directory inside the repository (`.tierform-tmp/`, git-ignored), where
 * a tsconfig maps "tierform" and "tierform/testing" to src/index.ts and src/testing/index.ts; the repository's own
 * TypeScript (`node_modules/.bin/tsc`, the CLI) type-checks them all in one run. A failure names the README line of
 * each error. A block that is a fragment on purpose is preceded by `<!-- not-checked: why -->`; keep that rare.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

export interface CodeBlock {
  /** 1-based README line of the block's first code line (the one after the opening fence). */
  readonly line: number;
  readonly code: string;
  /** The reason given by a `<!-- not-checked: … -->` comment right before the fence, if any. */
  readonly notChecked?: string;
}

/** The TypeScript blocks of a Markdown text. Fences follow CommonMark: a closing fence has nothing after it. */
export function typescriptBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s{0,3})(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const end = lines.findIndex((l, j) => j > i && new RegExp(`^\\s{0,3}${fence[0]}{${fence.length},}\\s*$`).test(l));
    const close = end < 0 ? lines.length : end;
    if (["ts", "typescript"].includes(open[3]!)) {
      let before = i - 1;
      while (before >= 0 && lines[before]!.trim() === "") before--;
      const marker = before >= 0 ? /^<!--\s*not-checked:?\s*(.*?)\s*-->$/.exec(lines[before]!.trim()) : null;
      blocks.push({ line: i + 2, code: lines.slice(i + 1, close).join("\n"), ...(marker ? { notChecked: marker[1] || "(no reason given)" } : {}) });
    }
    i = close;
  }
  return blocks;
}

const blocks = typescriptBlocks(README);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("README code blocks", () => {
  it("finds the blocks, and every closing fence stands on a line of its own", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    // A fence followed by text does not close a block: everything up to the next fence would become code.
    const glued = README.split("\n").flatMap((l, i) => (/^\s{0,3}```+\s*\S/.test(l) && !/^\s{0,3}```+\s*[\w-]+\s*$/.test(l) ? [`line ${i + 1}: ${l.slice(0, 60)}`] : []));
    expect(glued).toEqual([]);
  });

  it("marks few blocks as not checked, each with a reason", () => {
    const skipped = blocks.filter((b) => b.notChecked !== undefined);
    expect(skipped.length).toBeLessThanOrEqual(2);
    for (const b of skipped) expect(b.notChecked, `README line ${b.line}`).not.toBe("(no reason given)");
  });

  it("every TypeScript block type-checks against the library", () => {
    mkdirSync(join(ROOT, ".tierform-tmp"), { recursive: true });
    const dir = mkdtempSync(join(ROOT, ".tierform-tmp", "readme-"));
    dirs.push(dir);
    // Incremental: the library's own files rarely change between runs, so tsc re-checks little the second time.
    const buildInfo = join(ROOT, ".tierform-tmp", "readme.tsbuildinfo");
    const up = relative(dir, ROOT).split("\\").join("/");
    const checked = blocks.filter((b) => b.notChecked === undefined);
    const files = new Map<string, CodeBlock>();
    for (const b of checked) {
      const file = `readme-line-${b.line}.ts`;
      files.set(file, b);
      writeFileSync(join(dir, file), `${b.code}\n`);
    }
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify(
        {
          extends: `${up}/tsconfig.json`,
          compilerOptions: {
            noEmit: true,
            incremental: true,
            tsBuildInfoFile: relative(dir, buildInfo).split("\\").join("/"),
            rootDir: up,
            // Each block is a module of its own, even one without imports.
            moduleDetection: "force",
            // Snippets declare things to show them (a class, a constant): unused is fine there, wrong is not.
            noUnusedLocals: false,
            noUnusedParameters: false,
            types: ["node"],
            paths: { tierform: [`${up}/src/index.ts`], "tierform/testing": [`${up}/src/testing/index.ts`] },
          },
          include: ["*.ts"],
        },
        null,
        2,
      ),
    );
    let output = "";
    try {
      execFileSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      output = `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message;
    }
    // `<dir>/readme-line-54.ts(3,5): error TS2304: Cannot find name 'app'.` → `README.md:56:5: error TS2304: …`
    const errors = output
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const m = /(readme-line-\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(l);
        const block = m ? files.get(m[1]!) : undefined;
        if (!m || !block) return l;
        return `README.md:${block.line + Number(m[2]) - 1}:${m[3]}: ${m[4]} (block at line ${block.line - 1})`;
      });
    expect(errors, `README blocks that do not compile:\n${errors.join("\n")}`).toEqual([]);
  });
});
