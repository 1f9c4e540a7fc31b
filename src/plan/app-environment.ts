import type { AppConnections } from "../core/contracts";
import type { AppSpec } from "../model/app";
import { escapeTemplate } from "../model/common";
import { PGBOUNCER_SERVICE, pgbouncerService } from "./pgbouncer";

/**
 * Where the data stores are and where their credentials live, as environment variables — the same names
 * on every cloud and for VMs and Kubernetes alike. Never a password: apps read the referenced secret.
 */
export function connectionData(c: AppConnections, opts: { writers?: boolean } = {}): Record<string, string> {
  const data: Record<string, string> = {};
  if (c.database) {
    const db = c.database;
    const pooler = db.pooler;
    // With a pooler apps connect to it; the database itself stays reachable for migrations (and the setup Job).
    data["DATABASE_HOST"] = pooler ? pooler.endpoint : db.endpoint;
    // Writes: the same host, except in a secondary region whose replica is read-only (Kubernetes tiers,
    // the only ones that span regions; VM environments keep their variables as they were).
    // A pooler always reaches the writable database (in a secondary region, the primary's), on the pooler's port.
    if (opts.writers) data["DATABASE_WRITER_HOST"] = pooler ? pooler.endpoint : (db.writerEndpoint ?? db.endpoint);
    data["DATABASE_PORT"] = String(pooler ? pooler.port : db.port);
    data["DATABASE_NAME"] = db.database;
    data["DATABASE_USER"] = db.username;
    data["DATABASE_SECRET_STORE"] = db.credentials.store;
    data["DATABASE_SECRET_REF"] = db.credentials.id;
    const readers = pooler?.readerEndpoint ? [pooler.readerEndpoint] : db.readerEndpoints;
    if (readers.length > 0) data["DATABASE_READER_HOSTS"] = readers.join(",");
    // The database itself (the writer), pooler or not: migrations and anything that needs a session of its own.
    data["DATABASE_DIRECT_HOST"] = db.writerEndpoint ?? db.endpoint;
    data["DATABASE_DIRECT_PORT"] = String(db.port);
  }
  if (c.cache) {
    data["REDIS_HOST"] = c.cache.endpoint;
    if (opts.writers) data["REDIS_WRITER_HOST"] = c.cache.writerEndpoint ?? c.cache.endpoint;
    data["REDIS_PORT"] = String(c.cache.port);
    data["REDIS_TLS"] = String(c.cache.tls);
    data["REDIS_AUTH"] = c.cache.auth;
    if (c.cache.username) data["REDIS_USER"] = c.cache.username;
    if (c.cache.credentials) {
      data["REDIS_SECRET_STORE"] = c.cache.credentials.store;
      data["REDIS_SECRET_REF"] = c.cache.credentials.id;
    }
  }
  if (c.files) data["FILES_BUCKET"] = c.files.bucketName;
  return data;
}

/** The environment of the app on VM tiers: its port, the connection data, then the user's own variables. */
export function appEnvironment(app: AppSpec, c: AppConnections): Record<string, string> {
  // The user's own variables win over ours: they know their app.
  return { PORT: String(app.port), ...connectionData(c), ...app.environment };
}

/**
 * The app with its environment values escaped for a plain Terraform string (`${` → `$${`), for clouds whose
 * startup script is one (GCP metadata). AWS and Azure pass the script through `base64encode`, which escapes.
 */
export function literalEnvironment(app: AppSpec): AppSpec {
  return { ...app, environment: Object.fromEntries(Object.entries(app.environment).map(([k, v]) => [k, escapeTemplate(v)])) };
}

/**
 * A Docker Compose file that runs the app with its environment, and PgBouncer beside it when the server pools
 * its own database connections (`pgbouncer`: the app reaches it on the compose network).
 */
export function composeFile(app: AppSpec, hostPort: number, env: Record<string, string>, opts: { pgbouncer?: boolean } = {}): string {
  const lines = [
    "services:",
    "  app:",
    `    image: ${JSON.stringify(app.image)}`,
    "    restart: unless-stopped",
    "    ports:",
    `      - "${hostPort}:${app.port}"`,
    "    environment:",
    ...Object.keys(env)
      .sort()
      .map((k) => `      ${k}: ${JSON.stringify(env[k])}`),
    ...(opts.pgbouncer ? ["    depends_on:", `      - ${PGBOUNCER_SERVICE}`] : []),
    "    logging:",
    "      driver: journald",
    ...(opts.pgbouncer ? pgbouncerService() : []),
    "",
  ];
  return lines.join("\n");
}
