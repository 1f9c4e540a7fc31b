import { createHash } from "node:crypto";
/**
 * Physical names. Every name is `<name>-<environment>-<suffix>`; the model caps name at 12 and
 * environment at 10 characters so that the longest suffix still fits the tightest limit we use
 * (32 characters for AWS load balancers and target groups). Regional and shard prefixes can be longer: those
 * names are cut, with a hash (see `physicalName`).
 */
export function prefixOf(t: { name: string; environment: string }): string {
  return `${t.name}-${t.environment}`;
}

export function physicalName(prefix: string, suffix: string, maxLength = 63): string {
  const name = `${prefix}-${suffix}`;
  if (name.length <= maxLength) return name;
  // A long regional or shard prefix (name, environment, region code, shard: up to 32 characters) meets a tight
  // limit: cut the prefix, keep the suffix that says what the resource is, and a hash of the whole keeps it unique.
  const room = maxLength - suffix.length - 6;
  if (room >= 2) return `${prefix.slice(0, room).replace(/-+$/, "")}-${shortHash(name)}-${suffix}`;
  // The suffix itself is too long (a workload's name in a 30-character service-account id): keep two characters of
  // the prefix (it starts with a letter) and as much of the suffix as fits; the hash of the whole keeps it unique.
  const kept = suffix.slice(0, maxLength - 8).replace(/-+$/, "");
  return `${prefix.slice(0, 2).replace(/-+$/, "")}-${shortHash(name)}-${kept}`;
}

/** Four hex characters of a name's hash: keeps a cut name unique and stable. */
export function shortHash(name: string): string {
  return createHash("sha256").update(name).digest("hex").slice(0, 4);
}
