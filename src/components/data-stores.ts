import { Construct } from "constructs";
import { renderersFor } from "../../providers";
import type { BucketOutputs, NetworkRef, PostgresOutputs, Raw, RedisOutputs, Replication } from "../core/contracts";
import { CacheSchema, cacheRules, type CacheProps } from "../model/cache";
import { FilesSchema, type FilesProps } from "../model/cdn";
import { DatabaseSchema, databaseRules, type DatabaseProps } from "../model/database";
import { toProblems } from "../model/rules";
import { sizeCache, sizeDatabase } from "../plan/sizing";
import { networkProblems, networkZones } from "./checks";
import { type ComponentContextProps, parseComponent, splitContext } from "./context";

interface Wired {
  /** The network to live in (a tierform `Network`'s `ref`, or your own). */
  readonly network: NetworkRef;
  /** Security principals allowed to connect (AWS: security group ids). */
  readonly clients: readonly string[];
  /** This region's place in a cross-region replication group (multi-region; see `Environment`). */
  readonly replication?: Replication;
}

export type PostgresHaProps = ComponentContextProps &
  DatabaseProps &
  Wired & {
    /** How apps log in (`PostgresInput.appLogins`): IAM (Kubernetes tiers), the admin secret (VM tiers), or the admin secret through the managed pooler (serverless containers). @default "iam" */
    readonly appLogins?: "iam" | "admin" | "admin-pooled";
  };

/**
 * Managed PostgreSQL with optional synchronous standby (HA) and read replicas, private, encrypted,
 * credentials in the cloud's secret store. `vector` (pgvector) is available by default.
 */
export class PostgresHa extends Construct {
  readonly outputs: PostgresOutputs;
  readonly raw: Raw;

  constructor(scope: Construct, id: string, props: PostgresHaProps) {
    super(scope, id);
    const [context, { network, clients, replication, appLogins, ...rest }] = splitContext(props);
    const { ctx, spec } = parseComponent(`PostgresHa "${id}"`, context, DatabaseSchema, rest, (c, s) => [
      // The database's own rules, as the topology applies them under `database.`.
      ...toProblems(databaseRules({ cloud: c.cloud, catalog: c.catalog, zones: networkZones(network) }, s)),
      ...networkProblems(c.cloud, network, renderersFor(c.cloud).networkNeeds.postgres),
      // One construct is one cluster; Environment makes one PostgresHa per shard.
      ...(s.shards !== 1 ? [{ path: "shards", message: "expected 1: a PostgresHa is one cluster (create one per shard; Environment does this for database.shards)", received: String(s.shards) }] : []),
    ]);
    const rendered = renderersFor(ctx.cloud).postgres(this, {
      ctx,
      network,
      spec: { ...spec, deletionProtection: spec.deletionProtection ?? ctx.production },
      machine: sizeDatabase(ctx.cloud, spec.shape, spec.instanceClass),
      clients,
      ...(replication ? { replication } : {}),
      ...(appLogins ? { appLogins } : {}),
    });
    this.outputs = rendered.outputs;
    this.raw = rendered.raw;
  }
}

export type RedisClusterProps = ComponentContextProps & CacheProps & Wired;

/** Managed Redis: single node, primary with replicas, or sharded cluster with failover; TLS and IAM auth. */
export class RedisCluster extends Construct {
  readonly outputs: RedisOutputs;
  readonly raw: Raw;

  constructor(scope: Construct, id: string, props: RedisClusterProps) {
    super(scope, id);
    const [context, { network, clients, replication, ...rest }] = splitContext(props);
    const { ctx, spec } = parseComponent(`RedisCluster "${id}"`, context, CacheSchema, rest, (c, s) => [
      // The cache's own rules, as the topology applies them under `cache.`.
      ...toProblems(cacheRules({ cloud: c.cloud, catalog: c.catalog, zones: networkZones(network) }, s)),
      ...networkProblems(c.cloud, network, renderersFor(c.cloud).networkNeeds.redis),
    ]);
    const rendered = renderersFor(ctx.cloud).redis(this, { ctx, network, spec, machine: sizeCache(ctx.cloud, spec.memoryGiB, spec.nodeType, spec.mode), clients, ...(replication ? { replication } : {}) });
    this.outputs = rendered.outputs;
    this.raw = rendered.raw;
  }
}

export type FilesBucketProps = ComponentContextProps & FilesProps;

/** A private, encrypted, versioned bucket for the app's files. */
export class FilesBucket extends Construct {
  readonly outputs: BucketOutputs;
  readonly raw: Raw;

  constructor(scope: Construct, id: string, props: FilesBucketProps) {
    super(scope, id);
    const [context, rest] = splitContext(props);
    const { ctx, spec } = parseComponent(`FilesBucket "${id}"`, context, FilesSchema, rest);
    const rendered = renderersFor(ctx.cloud).bucket(this, { ctx, spec, suffix: "files" });
    this.outputs = rendered.outputs;
    this.raw = rendered.raw;
  }
}
