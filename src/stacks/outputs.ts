import type { Construct } from "constructs";
import { TerraformOutput } from "../core/tf";

/** A stack output with a neutral snake_case name; `sensitive` for anything that references credentials. */
export function output(scope: Construct, name: string, value: unknown, description: string, sensitive = false): TerraformOutput {
  return new TerraformOutput(scope, name, { value, description, sensitive });
}
