import type { AppConnections } from "../core/contracts";
import type { AppSpec } from "../model/app";

/**
 * The environment variables the app receives on every cloud: where its data stores are and where
 * their credentials live. Never a password: the app reads the secret the reference points to.
 */
export function appEnvironment(app: AppSpec, c: AppConnections): Record<string, string> {
  const env: Record<string, string> = { PORT: String(app.port) };
  if (c.database) {
    env["DATABASE_HOST"] = c.database.endpoint;
    env["DATABASE_PORT"] = String(c.database.port);
    env["DATABASE_NAME"] = c.database.database;
    env["DATABASE_USER"] = c.database.username;
    env["DATABASE_SECRET_STORE"] = c.database.credentials.store;
    env["DATABASE_SECRET_REF"] = c.database.credentials.id;
    if (c.database.readerEndpoints.length > 0) env["DATABASE_READER_HOSTS"] = c.database.readerEndpoints.join(",");
  }
  if (c.cache) {
    env["REDIS_HOST"] = c.cache.endpoint;
    env["REDIS_PORT"] = String(c.cache.port);
    env["REDIS_TLS"] = String(c.cache.tls);
    env["REDIS_AUTH"] = c.cache.auth;
    if (c.cache.username) env["REDIS_USER"] = c.cache.username;
    if (c.cache.credentials) {
      env["REDIS_SECRET_STORE"] = c.cache.credentials.store;
      env["REDIS_SECRET_REF"] = c.cache.credentials.id;
    }
  }
  if (c.files) env["FILES_BUCKET"] = c.files.bucketName;
  // The user's own variables win over ours: they know their app.
  return { ...env, ...app.environment };
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
