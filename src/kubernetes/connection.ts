import type { AppConnections } from "../core/contracts";
import type { ConnectionField } from "../model/workload";

/** The connection secret's keys, one per field a workload can ask for. */
export const CONNECTION_KEYS: Record<ConnectionField, string> = {
  "database.host": "DATABASE_HOST",
  "database.port": "DATABASE_PORT",
  "database.name": "DATABASE_NAME",
  "database.user": "DATABASE_USER",
  "database.readerHosts": "DATABASE_READER_HOSTS",
  "database.secretRef": "DATABASE_SECRET_REF",
  "cache.host": "REDIS_HOST",
  "cache.port": "REDIS_PORT",
  "cache.tls": "REDIS_TLS",
  "cache.user": "REDIS_USER",
  "cache.secretRef": "REDIS_SECRET_REF",
};

/** What goes into a namespace's connection secret: addresses and secret references, never a password. */
export function connectionData(c: AppConnections): Record<string, string> {
  const data: Record<string, string> = {};
  if (c.database) {
    data["DATABASE_HOST"] = c.database.endpoint;
    data["DATABASE_PORT"] = String(c.database.port);
    data["DATABASE_NAME"] = c.database.database;
    data["DATABASE_USER"] = c.database.username;
    data["DATABASE_READER_HOSTS"] = c.database.readerEndpoints.length > 0 ? c.database.readerEndpoints.join(",") : "";
    data["DATABASE_SECRET_STORE"] = c.database.credentials.store;
    data["DATABASE_SECRET_REF"] = c.database.credentials.id;
  }
  if (c.cache) {
    data["REDIS_HOST"] = c.cache.endpoint;
    data["REDIS_PORT"] = String(c.cache.port);
    data["REDIS_TLS"] = String(c.cache.tls);
    data["REDIS_AUTH"] = c.cache.auth;
    if (c.cache.username) data["REDIS_USER"] = c.cache.username;
    if (c.cache.credentials) {
      data["REDIS_SECRET_STORE"] = c.cache.credentials.store;
      data["REDIS_SECRET_REF"] = c.cache.credentials.id;
    }
  }
  return data;
}
