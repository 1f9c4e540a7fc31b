import type { Construct } from "constructs";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";
import type { RenderContext } from "../../src/core/contracts";
import { ephemeralSecretVariable, variableName } from "../../src/core/variables";
import { gcpName, labels } from "./common";

/**
 * A password supplied at apply time through an ephemeral, sensitive variable (`TF_VAR_<name>`): it goes
 * write-only into Secret Manager and the service, never into state, plan files or outputs.
 */
export function writeOnlyPassword(scope: Construct, ctx: RenderContext, suffix: string, passwordVersion: number) {
  const name = variableName(ctx.prefix, suffix);
  const variable = ephemeralSecretVariable(scope, name, `Password for ${ctx.prefix} ${suffix}; set TF_VAR_${name}. Write-only: never stored in state.`);
  const secret = new SecretManagerSecret(scope, `${suffix}-secret`, {
    secretId: gcpName(ctx, suffix),
    replication: { auto: {} },
    labels: labels(ctx),
    deletionProtection: ctx.production,
  });
  const version = new SecretManagerSecretVersion(scope, `${suffix}-secret-version`, {
    secret: secret.id,
    secretDataWo: variable.stringValue,
    // A new version of the secret each time the password's version is raised (rotation).
    secretDataWoVersion: passwordVersion,
  });
  return { variable, secret, version, value: variable.stringValue };
}
