import { z } from "zod";
import { MachineTypeOverride, ShapeSchema, intRange, oneOf, strict } from "./common";

/** Extensions tierform knows how to make available. `vector` is pgvector. */
export const POSTGRES_EXTENSIONS = ["vector", "pg_trgm", "pg_stat_statements", "uuid-ossp", "citext", "hstore", "postgis"] as const;

const identifier = (what: string) =>
  z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, { error: `expected a ${what}: lower-case letters, digits or _, starting with a letter, ≤31 chars` });

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
  backupRetentionDays: intRange(1, 35).default(7),
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
  databaseName: identifier("database name").default("app"),
  username: identifier("user name").default("app_admin"),
  parameters: z
    .record(z.string().regex(/^[a-z_.]+$/, { error: "expected a PostgreSQL parameter name" }), z.string())
    .default({})
    .meta({ description: "PostgreSQL parameters (database flags), applied through the cloud's parameter mechanism." }),
}).superRefine((db, ctx) => {
  if (db.extensions.includes("vector") && db.version < 13) {
    ctx.addIssue({ code: "custom", path: ["version"], input: db.version, message: 'expected ≥ 13 for extension "vector" (pgvector)' });
  }
  if (db.maxStorageGiB !== undefined && db.maxStorageGiB < db.storageGiB) {
    ctx.addIssue({ code: "custom", path: ["maxStorageGiB"], input: db.maxStorageGiB, message: `expected ≥ storageGiB (${db.storageGiB})` });
  }
  const dupes = db.extensions.filter((e, i) => db.extensions.indexOf(e) !== i);
  if (dupes.length > 0) {
    ctx.addIssue({ code: "custom", path: ["extensions"], message: `expected each extension once; repeated: ${dupes.join(", ")}` });
  }
});
export type DatabaseProps = z.input<typeof DatabaseSchema>;
export type DatabaseSpec = z.output<typeof DatabaseSchema>;
