import type { ConnectionField } from "../model/workload";

/** The connection secret's keys, one per field a workload can ask for. */
export const CONNECTION_KEYS: Record<ConnectionField, string> = {
  "database.host": "DATABASE_HOST",
  "database.writerHost": "DATABASE_WRITER_HOST",
  "database.port": "DATABASE_PORT",
  "database.name": "DATABASE_NAME",
  "database.user": "DATABASE_USER",
  "database.readerHosts": "DATABASE_READER_HOSTS",
  "database.auth": "DATABASE_AUTH",
  "database.directHost": "DATABASE_DIRECT_HOST",
  "database.directPort": "DATABASE_DIRECT_PORT",
  "database.directUser": "DATABASE_DIRECT_USER",
  "cache.host": "REDIS_HOST",
  "cache.writerHost": "REDIS_WRITER_HOST",
  "cache.port": "REDIS_PORT",
  "cache.tls": "REDIS_TLS",
  "cache.user": "REDIS_USER",
  "cache.secretRef": "REDIS_SECRET_REF",
  "files.bucket": "FILES_BUCKET",
};

/** What goes into a namespace's connection secret: the same data VM tiers get as environment variables. */
export { connectionData } from "../plan/app-environment";
