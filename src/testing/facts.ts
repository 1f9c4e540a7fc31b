import type { SynthResult, TerraformJson } from "./synth";

/** A resource found in a synthesized stack, with the address a reviewer can search for. */
export interface FoundResource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Record<string, unknown>;
}

/** A fact that does not hold, with where and why. */
export interface Violation {
  readonly fact: string;
  readonly address: string;
  readonly reason: string;
}

type Source = SynthResult | TerraformJson;

function stacksOf(source: Source): [string, TerraformJson][] {
  const looksLikeStack = "resource" in source || "provider" in source || "terraform" in source;
  return looksLikeStack ? [["stack", source as TerraformJson]] : Object.entries(source as SynthResult);
}

/** Every resource of the given types (all resources without types), across the stacks. */
export function findResources(source: Source, ...types: string[]): FoundResource[] {
  return stacksOf(source).flatMap(([stack, json]) =>
    Object.entries(json.resource ?? {})
      .filter(([type]) => types.length === 0 || types.includes(type))
      .flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, body]) => ({ stack, type, name, address: `${stack}:${type}.${name}`, body })),
      ),
  );
}

/** Thrown by `assertFacts`: one line per violation. */
export class FactError extends Error {
  override readonly name = "FactError";
  constructor(readonly violations: readonly Violation[]) {
    super(`${violations.length} fact${violations.length === 1 ? "" : "s"} violated:\n${violations.map((v) => `  - ${v.fact}: ${v.address} (${v.reason})`).join("\n")}`);
  }
}

export type Fact = (source: Source) => Violation[];

/** Checks facts and throws one readable error listing every violation. */
export function assertFacts(source: Source, ...facts: Fact[]): void {
  const violations = facts.flatMap((fact) => fact(source));
  if (violations.length > 0) throw new FactError(violations);
}

const v = (fact: string, r: FoundResource, reason: string): Violation => ({ fact, address: r.address, reason });

/** Every managed database and cache is encrypted at rest (clouds that always encrypt pass). */
export const everyDatabaseIsEncrypted: Fact = (source) => {
  const fact = "every database is encrypted";
  return [
    ...findResources(source, "aws_db_instance", "aws_rds_cluster")
      .filter((r) => !r.body["replicate_source_db"] && r.body["storage_encrypted"] !== true)
      .map((r) => v(fact, r, "storage_encrypted is not true")),
    ...findResources(source, "aws_elasticache_replication_group")
      .filter((r) => String(r.body["at_rest_encryption_enabled"]) !== "true")
      .map((r) => v(fact, r, "at_rest_encryption_enabled is not true")),
  ];
};

/** No database or cache is reachable from the internet. */
export const noPublicDatabase: Fact = (source) => {
  const fact = "no public database";
  const openToWorld = (r: FoundResource) => {
    const networks = ((r.body["settings"] as Record<string, any> | undefined)?.["ip_configuration"]?.["authorized_networks"] ?? []) as { value?: string }[];
    return networks.some((n) => n.value === "0.0.0.0/0");
  };
  return [
    ...findResources(source, "aws_db_instance", "aws_rds_cluster_instance")
      .filter((r) => r.body["publicly_accessible"] === true)
      .map((r) => v(fact, r, "publicly_accessible = true")),
    ...findResources(source, "google_sql_database_instance")
      .filter((r) => (r.body["settings"] as Record<string, any> | undefined)?.["ip_configuration"]?.["ipv4_enabled"] !== false || openToWorld(r))
      .map((r) => v(fact, r, "a public IPv4 address is enabled")),
    ...findResources(source, "azurerm_postgresql_flexible_server")
      .filter((r) => r.body["public_network_access_enabled"] !== false)
      .map((r) => v(fact, r, "public_network_access_enabled is not false")),
    ...findResources(source, "azurerm_managed_redis", "azurerm_redis_cache")
      .filter((r) => r.body["public_network_access"] !== "Disabled" && r.body["public_network_access_enabled"] !== false)
      .map((r) => v(fact, r, "public network access is not disabled")),
  ];
};

/** Kubernetes nodes have no public IPs and sit in private subnets. */
export const everyNodePoolIsPrivate: Fact = (source) => {
  const fact = "every node pool is private";
  const subnets = new Map<string, FoundResource>(findResources(source, "aws_subnet").map((s) => [`\${aws_subnet.${s.name}.id}`, s]));
  return [
    ...findResources(source, "aws_eks_node_group").flatMap((r) => {
      const out: Violation[] = [];
      if (r.body["remote_access"]) out.push(v(fact, r, "remote_access (SSH) is configured"));
      for (const id of (r.body["subnet_ids"] ?? []) as string[]) {
        if (subnets.get(id)?.body["map_public_ip_on_launch"] === true) out.push(v(fact, r, `subnet ${id} assigns public IPs`));
      }
      return out;
    }),
    ...findResources(source, "google_container_cluster")
      .filter((r) => (r.body["private_cluster_config"] as Record<string, unknown> | undefined)?.["enable_private_nodes"] !== true)
      .map((r) => v(fact, r, "private_cluster_config.enable_private_nodes is not true")),
    ...findResources(source, "azurerm_kubernetes_cluster_node_pool")
      .filter((r) => r.body["node_public_ip_enabled"] === true)
      .map((r) => v(fact, r, "node_public_ip_enabled = true")),
  ];
};

/** Every object-store bucket blocks public access (AWS: all four public-access-block settings). */
export const everyBucketIsPrivate: Fact = (source) => {
  const fact = "every bucket is private";
  const blocks = findResources(source, "aws_s3_bucket_public_access_block");
  return findResources(source, "aws_s3_bucket").flatMap((bucket) => {
    const ref = `\${aws_s3_bucket.${bucket.name}.id}`;
    const block = blocks.find((b) => b.stack === bucket.stack && b.body["bucket"] === ref);
    const all = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
    if (!block) return [v(fact, bucket, "no aws_s3_bucket_public_access_block")];
    const missing = all.filter((k) => block.body[k] !== true);
    return missing.length ? [v(fact, bucket, `public access block leaves ${missing.join(", ")} off`)] : [];
  });
};
