import type { Construct } from "constructs";
import { TerraformStack, TerraformVariable } from "./tf";

/**
 * A secret supplied at apply time through an ephemeral, sensitive variable (`TF_VAR_<name>`): resources
 * take it through write-only arguments, so it never reaches state, plan files or outputs.
 * One variable per name and stack.
 */
export function ephemeralSecretVariable(scope: Construct, name: string, description: string): TerraformVariable {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(name);
  if (existing instanceof TerraformVariable) return existing;
  const variable = new TerraformVariable(stack, name, { type: "string", sensitive: true, nullable: false, description });
  // cdktf has no property for it; Terraform ≥ 1.10 keeps ephemeral values out of state and plans.
  variable.addOverride("ephemeral", true);
  return variable;
}

/** `acme-prod` + `db-admin` → `acme_prod_db_admin` (a valid, predictable variable name). */
export function variableName(prefix: string, suffix: string): string {
  return `${prefix}_${suffix}`.replace(/-/g, "_");
}
