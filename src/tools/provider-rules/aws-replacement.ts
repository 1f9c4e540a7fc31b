// What real Terraform does with a changed AWS resource: the proof behind `tierform diff`'s replacement verdicts.
// Each case's old configuration becomes a prior state (from its create plan, as aws.ts builds them), then the new
// configuration is planned against it with -refresh=false, next to the unchanged one. All cases share one working
// directory: a create plan and one plan (more only when a prior state needs settling).
import { rmSync } from "node:fs";
import { initWork, isReplaced, plan, priorFromCreate, readSchema, settlePrior, standalone, stateInstance, type Json } from "./aws";

export interface PlannedCase {
  readonly label: string;
  readonly type: string;
  /** The resource body before and after, as synthesized (references are replaced by literals, the same on both sides). */
  readonly before: Json;
  readonly after: Json;
}

/** For each case (by label): true when Terraform plans to destroy and recreate the resource. */
export async function plannedReplacements(cases: readonly PlannedCase[]): Promise<Map<string, boolean>> {
  const work = await initWork("replacement");
  const quiet = () => undefined;
  try {
    const schema = await readSchema(work);
    const schemaOf = (type: string) => {
      const s = schema.resources[type];
      if (!s) throw new Error(`${type} is not in the aws ${schema.version} schema`);
      return s;
    };
    const address = (i: number) => `${cases[i]!.type}.c${i}`;
    const configs = (side: "before" | "after") => {
      const out: Record<string, Record<string, Json>> = {};
      cases.forEach((c, i) => ((out[c.type] ??= {})[`c${i}`] = standalone(c[side], schemaOf(c.type).block)));
      return out;
    };
    const created = await plan(work, configs("before"), undefined, quiet);
    if (created.failed.size) throw new Error(`create plan failed: ${[...created.failed].map(([a, why]) => `${a}: ${why}`).join("; ")}`);
    const priors = cases.map((c, i) => priorFromCreate(c.type, created.changes.get(address(i)), schemaOf(c.type)));
    // The unchanged configuration (b) must plan no replacement against its own prior state, or no verdict can be
    // read from the changed one (c): both are planned together, and again after settling what the provider fills in.
    const both = () => {
      const out = configs("after");
      for (const [type, byName] of Object.entries(configs("before"))) {
        for (const [name, body] of Object.entries(byName)) (out[type] ??= {})[name.replace(/^c/, "b")] = body;
      }
      return out;
    };
    const state = () => ({
      version: 4,
      terraform_version: "1.11.0",
      serial: 1,
      lineage: "tierform-replacement-check",
      outputs: {},
      resources: ["b", "c"].flatMap((side) => cases.map((c, i) => stateInstance(c.type, `${side}${i}`, priors[i]!, schemaOf(c.type)))),
    });
    for (let round = 0; ; round++) {
      const planned = await plan(work, both(), state(), quiet);
      if (planned.failed.size) throw new Error(`plan failed: ${[...planned.failed].map(([a, why]) => `${a}: ${why}`).join("; ")}`);
      const unsettled = cases.map((_, i) => i).filter((i) => isReplaced(planned.changes.get(`${cases[i]!.type}.b${i}`)));
      if (!unsettled.length) return new Map(cases.map((c, i) => [c.label, isReplaced(planned.changes.get(address(i)))]));
      if (round === 2) throw new Error(`unchanged configurations still replace themselves: ${unsettled.map((i) => cases[i]!.label).join(", ")}`);
      for (const i of unsettled) settlePrior(priors[i]!, planned.changes.get(`${cases[i]!.type}.b${i}`)!, schemaOf(cases[i]!.type));
    }
  } finally {
    rmSync(work.dir, { recursive: true, force: true });
  }
}
