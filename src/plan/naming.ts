import { createHash } from "node:crypto";
/**
 * Physical names. Every name is `<name>-<environment>-<suffix>`; the model caps name at 12 and
 * environment at 10 characters so that the longest suffix still fits the tightest limit we use
 * (32 characters for AWS load balancers and target groups).
 */
export function prefixOf(t: { name: string; environment: string }): string {
  return `${t.name}-${t.environment}`;
}

export function physicalName(prefix: string, suffix: string, maxLength = 63): string {
  const name = `${prefix}-${suffix}`;
  if (name.length > maxLength) {
    throw new Error(`tierform: name "${name}" exceeds ${maxLength} characters (a bug: the model should prevent this)`);
  }
  return name;
}

/** Four hex characters of a name's hash: keeps a cut name unique and stable. */
export function shortHash(name: string): string {
  return createHash("sha256").update(name).digest("hex").slice(0, 4);
}
