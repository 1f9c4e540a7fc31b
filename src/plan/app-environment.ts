import type { AppConnections } from "../core/contracts";
import type { AppSpec } from "../model/app";
import { escapeTemplate } from "../model/common";

/**
 * Where the data stores are and where their credentials live, as environment variables — the same names
 * on every cloud and for VMs and Kubernetes alike. Never a password: apps read the referenced secret.
 */
export function connectionData(c: AppConnections, opts: { writers?: boolean } = {}): Record<string, string> {
  const data: Record<string, string> = {};
  if (c.database) {
    data["DATABASE_HOST"] = c.database.endpoint;
    // Writes: the same host, except in a secondary region whose replica is read-only (Kubernetes tiers,
    // the only ones that span regions; VM environments keep their variables as they were).
    if (opts.writers) data["DATABASE_WRITER_HOST"] = c.database.writerEndpoint ?? c.database.endpoint;
    data["DATABASE_PORT"] = String(c.database.port);
    data["DATABASE_NAME"] = c.database.database;
    data["DATABASE_USER"] = c.database.username;
    data["DATABASE_SECRET_STORE"] = c.database.credentials.store;
    data["DATABASE_SECRET_REF"] = c.database.credentials.id;
    if (c.database.readerEndpoints.length > 0) data["DATABASE_READER_HOSTS"] = c.database.readerEndpoints.join(",");
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

/** A Docker Compose file that runs the app with its environment. */
export function composeFile(app: AppSpec, hostPort: number, env: Record<string, string>): string {
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
    "    logging:",
    "      driver: journald",
    "",
  ];
  return lines.join("\n");
}
