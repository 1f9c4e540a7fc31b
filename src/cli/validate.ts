import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../core/tf";
import { TierformError } from "../core/errors";
import { formatFileWarning, parseTopologyFile, synthTopologies } from "../stacks/topology-file";
import { UsageError, readText, type Command } from "./io";

export const validateCommand: Command = {
  name: "validate",
  args: "FILE",
  summary: "check a YAML or JSON topology file: every problem and warning with its line and column; exit 1 on problems",
  details: ["Builds every environment (nothing is written), so what validates also synthesizes."],
  run(args, io) {
    if (args.length !== 1 || args[0]!.startsWith("-")) throw new UsageError();
    const file = args[0]!;
    const text = readText(file);
    const outdir = mkdtempSync(join(tmpdir(), "tierform-validate-"));
    try {
      const environments = parseTopologyFile(text, file);
      synthTopologies(new App({ outdir }), environments, { text, name: file });
      const warnings = environments.flatMap((e) => e.warnings);
      for (const w of warnings) io.stdout(`${formatFileWarning(w)}\n`);
      const ids = environments.map((e) => e.id).join(", ");
      io.stdout(`${file}: ${environments.length} environment${environments.length === 1 ? "" : "s"} valid (${ids}), ${warnings.length} warning${warnings.length === 1 ? "" : "s"}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof TierformError)) throw error;
      io.stdout(`${error.message}\n`);
      return 1;
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
