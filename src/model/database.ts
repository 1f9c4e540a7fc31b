import { z } from "zod";
import { catalogFor } from "../catalog";
import { MachineTypeOverride, ShapeSchema, intRange, literalText, oneOf, recordKey, strict } from "./common";
import { finding, machineRules, type Finding, type RuleContext } from "./rules";

/** Extensions tierform knows how to make available. `vector` is pgvector. */
export const POSTGRES_EXTENSIONS = ["vector", "pg_trgm", "pg_stat_statements", "uuid-ossp", "citext", "hstore", "postgis"] as const;

const identifier = (what: string) =>
  z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, { error: `expected a ${what}: lower-case letters, digits or _, starting with a letter, ≤31 chars` });

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const WEEK = 7 * 1440;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minute-of-week ranges of a window, split where it wraps past the end of the week. */
function weekly(start: number, end: number): [number, number][] {
  return end > start ? [[start, end]] : [[start, WEEK], [0, end]];
}

/** Whether a daily `hh:mm-hh:mm` backup window meets a weekly `ddd:hh:mm-ddd:hh:mm` maintenance window. */
export function windowsOverlap(backup: string, maintenance: string): boolean {
  const m = /^(\w{3}):(\d\d:\d\d)-(\w{3}):(\d\d:\d\d)$/.exec(maintenance);
  const b = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(backup);
  if (!m || !b) return false;
  const at = (day: string, hhmm: string) => DAYS.indexOf(day) * 1440 + minutes(hhmm);
  const service = weekly(at(m[1]!, m[2]!), at(m[3]!, m[4]!));
  const [from, to] = [minutes(b[1]!), minutes(b[2]!)];
  const backups = DAYS.flatMap((_, d) => weekly((d * 1440 + from) % WEEK, (d * 1440 + to + (to > from ? 0 : 1440)) % WEEK));
  return service.some(([s0, s1]) => backups.some(([b0, b1]) => s0 < b1 && b0 < s1));
}

/**
 * A connection pooler between the apps and PostgreSQL (the guides' PgBouncer). Defaults are TuneTrail's
 * pgbouncer.ini: transaction pooling, 1000 clients, 50 server connections per pool, 200 to the database.
 */
export const PoolingSchema = strict({
  mode: oneOf(["session", "transaction"] as const)
    .default("transaction")
    .meta({ description: "When a server connection returns to the pool: after each transaction (apps must not rely on session state) or when the client disconnects." }),
  maxClientConnections: intRange(10, 100_000).default(1000).meta({ description: "Client connections the pooler accepts." }),
  defaultPoolSize: intRange(1, 10_000).default(50).meta({ description: "Server connections per user and database pair." }),
  maxDatabaseConnections: intRange(1, 10_000).default(200).meta({ description: "Server connections to the database, all pools together." }),
});
export type PoolingProps = z.input<typeof PoolingSchema>;
export type PoolingSpec = z.output<typeof PoolingSchema>;

export const DatabaseSchema = strict({
  version: intRange(11, 18).default(16).meta({ description: "PostgreSQL major version." }),
  shape: ShapeSchema,
  instanceClass: MachineTypeOverride,
  storageGiB: intRange(20, 65536).meta({ description: "Allocated SSD storage in GiB." }),
  maxStorageGiB: intRange(20, 65536)
    .optional()
    .meta({ description: "Ceiling for storage autoscaling where the cloud supports it. @default - no autoscaling" }),
  ha: z.boolean().meta({ description: "Synchronous standby in another zone with automatic failover." }),
  readReplicas: intRange(0, 5).meta({ description: "Asynchronous read replicas." }),
  shards: intRange(1, 16).default(1).meta({
    description: "Independent HA clusters for application-level sharding, each with its own standby, replicas and outputs (shard 1 keeps the unsharded names).",
  }),
  extensions: z.array(oneOf(POSTGRES_EXTENSIONS)).default(["vector"]).meta({
    description: "Extensions to make available (`vector` = pgvector). Created by your migrations or the platform job.",
  }),
  backupRetentionDays: intRange(1, 35).default(7).meta({ description: "Days of automated backups kept for point-in-time restore (GCP: backups retained, and transaction logs up to 7 days). Azure needs at least 7." }),
  backupWindow: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { error: "expected hh:mm-hh:mm (UTC)" })
    .default("03:00-04:00")
    .meta({ description: "Daily backup window, UTC." }),
  maintenanceWindow: z
    .string()
    .regex(/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/, {
      error: "expected ddd:hh:mm-ddd:hh:mm (UTC), e.g. sun:04:30-sun:05:30",
    })
    .default("sun:04:30-sun:05:30")
    .meta({ description: "Weekly maintenance window, UTC; must not overlap the backup window." }),
  deletionProtection: z
    .boolean()
    .optional()
    .meta({ description: "Refuse deletion and keep a final snapshot. @default - true when the topology is production" }),
  databaseName: identifier("database name").default("app").meta({ description: "Name of the database created on the server; apps get it as DATABASE_NAME." }),
  username: identifier("user name").default("app_admin").meta({ description: "The admin user; its password comes from TF_VAR_… on GCP, Azure and Aurora, or is managed by RDS. Names the cloud keeps for itself are refused." }),
  appRole: identifier("role name")
    .default("app")
    .meta({
      description:
        "The role apps act as (Kubernetes tiers): created by the platform's setup Job, which lets each workload's cloud identity in with IAM authentication and grants it the database and schema `public`. Apps never see the admin password.",
    }),
  passwordVersion: intRange(1, 1_000_000)
    .default(1)
    .meta({
      description:
        "Version of the write-only admin password (GCP, Azure, Aurora global): raise it to rotate — set the new TF_VAR_… password and apply. RDS manages and rotates its own.",
    }),
  pooling: PoolingSchema.optional().meta({
    description:
      "Connection pooling in front of the database: AWS RDS Proxy, Azure's built-in PgBouncer, a PgBouncer Deployment on GCP's Kubernetes tiers, PgBouncer beside the app on VM tiers. Apps connect to the pooler; `DATABASE_DIRECT_HOST` keeps the database for migrations. @default - off (medium and up turn it on)",
  }),
  parameters: z
    .record(recordKey(z.string().regex(/^[a-z_.]+$/, { error: "expected a PostgreSQL parameter name" })), literalText(z.string().min(1, { error: "expected a value (an empty string is not a setting)" })))
    .default({})
    .meta({ description: "PostgreSQL parameters (database flags), applied through the cloud's parameter mechanism." }),
}).superRefine((db, ctx) => {
  if (db.extensions.includes("vector") && db.version < 13) {
    ctx.addIssue({ code: "custom", path: ["version"], input: db.version, message: 'expected ≥ 13 for extension "vector" (pgvector)' });
  }
  if (db.maxStorageGiB !== undefined && db.maxStorageGiB < db.storageGiB) {
    ctx.addIssue({ code: "custom", path: ["maxStorageGiB"], input: db.maxStorageGiB, message: `expected ≥ storageGiB (${db.storageGiB})` });
  }
  if (windowsOverlap(db.backupWindow, db.maintenanceWindow)) {
    ctx.addIssue({ code: "custom", path: ["maintenanceWindow"], input: db.maintenanceWindow, message: `expected a window apart from the daily backupWindow (${db.backupWindow})` });
  }
  if (db.appRole === db.username || db.appRole === "postgres" || db.appRole === "public" || db.appRole.startsWith("pg_")) {
    ctx.addIssue({ code: "custom", path: ["appRole"], input: db.appRole, message: `expected a role of its own: not the admin username (${db.username}), postgres, public or pg_…` });
  }
  if (db.pooling && db.pooling.defaultPoolSize > db.pooling.maxDatabaseConnections) {
    ctx.addIssue({ code: "custom", path: ["pooling", "defaultPoolSize"], input: db.pooling.defaultPoolSize, message: `expected ≤ maxDatabaseConnections (${db.pooling.maxDatabaseConnections})` });
  }
  if (db.pooling && db.pooling.maxDatabaseConnections > db.pooling.maxClientConnections) {
    ctx.addIssue({ code: "custom", path: ["pooling", "maxDatabaseConnections"], input: db.pooling.maxDatabaseConnections, message: `expected ≤ maxClientConnections (${db.pooling.maxClientConnections}): a pooler opens no more server connections than it has clients` });
  }
  const dupes = db.extensions.filter((e, i) => db.extensions.indexOf(e) !== i);
  if (dupes.length > 0) {
    ctx.addIssue({ code: "custom", path: ["extensions"], message: `expected each extension once; repeated: ${dupes.join(", ")}` });
  }
});
export type DatabaseProps = z.input<typeof DatabaseSchema>;
export type DatabaseSpec = z.output<typeof DatabaseSchema>;

/**
 * A database's rules on its cloud, paths relative to the database: the topology reports them under
 * `database.`, `PostgresHa` as they are. `zones`: how many zones the network spans (unknown when the network
 * itself is wrong; the network check reports that).
 */
export function databaseRules(rc: RuleContext & { readonly zones?: number | undefined }, db: DatabaseSpec): Finding[] {
  const catalog = catalogFor(rc.cloud);
  const found: Finding[] = [];
  if (db.ha && rc.zones !== undefined && rc.zones < 2) found.push(finding(["ha"], "needs a network with ≥ 2 zones (the standby lives in another zone)", db.ha));
  if (db.ha && db.instanceClass && catalog.databaseClassesWithoutHa?.test(db.instanceClass)) {
    found.push(finding(["instanceClass"], `expected a class that supports HA on ${rc.cloud} (shared-core and burstable classes cannot run a standby)`, db.instanceClass));
  }
  if (!catalog.postgresVersions.includes(db.version)) {
    found.push(finding(["version"], `expected a version offered on ${rc.cloud}: ${catalog.postgresVersions.join(", ")}`, db.version));
  }
  const retention = catalog.backupRetentionDays;
  if (db.backupRetentionDays < retention.min || db.backupRetentionDays > retention.max) {
    found.push(finding(["backupRetentionDays"], `expected ${retention.min}–${retention.max} days on ${rc.cloud}`, db.backupRetentionDays));
  }
  found.push(...machineRules(rc, "databases", { shape: db.shape, override: db.instanceClass }, { shape: ["shape"], override: ["instanceClass"] }));
  const reserved = catalog.reservedDatabaseUsers;
  const kept = [...reserved.names, ...reserved.prefixes.map((p) => `${p}…`)].join(", ");
  // The admin and the app role (created by the setup Job) are both roles of ours.
  for (const field of ["username", "appRole"] as const) {
    const name = db[field];
    if (reserved.names.includes(name) || reserved.prefixes.some((p) => name.startsWith(p))) {
      found.push(finding([field], `expected a name the ${rc.cloud} database service does not keep for itself (${kept})`, name));
    }
  }
  return found;
}
