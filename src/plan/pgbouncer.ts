/**
 * PgBouncer beside the app on VM tiers whose cloud has no pooler of its own (AWS, GCP): a service in the
 * compose file, its configuration in the startup script, the database password fetched on the server with the
 * server's identity into a file only root (on the host) and PgBouncer (in its container) can read — never in the
 * compose file, the startup script or Terraform state.
 */
import type { PoolingSpec } from "../model/database";
import type { PoolerOutputs } from "../core/contracts";
import { DECODE_JSON_PASSWORD } from "../kubernetes/sql";

/**
 * An exact release: PgBouncer 1.25.1 (security fixes), edoburu's Alpine image. It runs as `postgres` (uid 70);
 * tierform starts `pgbouncer` itself with its own configuration, not the image's generating entrypoint.
 */
export const PGBOUNCER_IMAGE = "edoburu/pgbouncer:v1.25.1-p0";
export const PGBOUNCER_PORT = 6432;
/** The image's user; PgBouncer refuses to run as root. Owns the configuration directory on the host. */
const PGBOUNCER_UID = 70;
/** The compose service name: the app reaches PgBouncer on the compose network under it. */
export const PGBOUNCER_SERVICE = "pgbouncer";
/** Host directory of the configuration, the password file and the CA, under a root-only parent. */
const DIR = "/etc/tierform/pgbouncer";
const REFRESH = "/usr/local/sbin/tierform-pgbouncer-credentials";
const DECODER = "/usr/local/lib/tierform/decode-json-password.awk";
/** How often the servers re-read the secret (RDS rotates its managed password every 7 days by default). */
const REFRESH_MINUTES = 5;

/** Where apps connect: PgBouncer on the compose network. */
export const SIDECAR_POOLER: PoolerOutputs = { endpoint: PGBOUNCER_SERVICE, port: PGBOUNCER_PORT };

export interface PgbouncerConfig {
  readonly pooling: PoolingSpec;
  /** The most servers the fleet runs at once: `maxDatabaseConnections` is the database's budget, shared between them. */
  readonly servers: number;
  /** The database (writer) PgBouncer connects to; may be a token. */
  readonly host: string;
  readonly port: number;
  /** verify-full where the certificate names the host (RDS), verify-ca where it names the instance (Cloud SQL). */
  readonly sslMode: "verify-full" | "verify-ca";
}

/** Each server's share of the database connections (at least 1), and its pool size within that share. */
export function perServerConnections(pooling: PoolingSpec, servers: number): { maxDatabaseConnections: number; defaultPoolSize: number } {
  const max = Math.max(1, Math.floor(pooling.maxDatabaseConnections / Math.max(1, servers)));
  return { maxDatabaseConnections: max, defaultPoolSize: Math.min(pooling.defaultPoolSize, max) };
}

/** pgbouncer.ini: every database name to the one server, over verified TLS; SCRAM from the password file. */
export function pgbouncerIni(c: PgbouncerConfig): string {
  const share = perServerConnections(c.pooling, c.servers);
  return [
    "[databases]",
    `* = host=${c.host} port=${c.port}`,
    "",
    "[pgbouncer]",
    // Inside the container; the host publishes the port on 127.0.0.1 only.
    "listen_addr = 0.0.0.0",
    `listen_port = ${PGBOUNCER_PORT}`,
    // No Unix socket: the container's filesystem is read-only.
    "unix_socket_dir =",
    "auth_type = scram-sha-256",
    "auth_file = /etc/pgbouncer/userlist.txt",
    `pool_mode = ${c.pooling.mode}`,
    `max_client_conn = ${c.pooling.maxClientConnections}`,
    `default_pool_size = ${share.defaultPoolSize}`,
    `max_db_connections = ${share.maxDatabaseConnections}`,
    `server_tls_sslmode = ${c.sslMode}`,
    "server_tls_ca_file = /etc/pgbouncer/ca.pem",
    // JDBC sends it at startup; PgBouncer would otherwise refuse the connection.
    "ignore_startup_parameters = extra_float_digits",
    "",
  ].join("\n");
}

/** The compose service: pinned image, read-only, no capabilities, bound to 127.0.0.1 on the host. */
export function pgbouncerService(): string[] {
  return [
    `  ${PGBOUNCER_SERVICE}:`,
    `    image: "${PGBOUNCER_IMAGE}"`,
    "    restart: unless-stopped",
    `    user: "${PGBOUNCER_UID}:${PGBOUNCER_UID}"`,
    '    entrypoint: ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]',
    "    read_only: true",
    "    cap_drop: [ALL]",
    "    security_opt: [\"no-new-privileges:true\"]",
    // Each client and server connection is a file descriptor.
    "    ulimits:",
    "      nofile: 65536",
    "    ports:",
    `      - "127.0.0.1:${PGBOUNCER_PORT}:${PGBOUNCER_PORT}"`,
    "    volumes:",
    `      - "${DIR}:/etc/pgbouncer:ro"`,
    "    logging:",
    "      driver: journald",
  ];
}

/** How a cloud's server reads the admin password: shell lines printing it to stdout (no `${` or `%{`). */
export interface PasswordFetch {
  /** Shell lines that print the password, exactly, to stdout. */
  readonly print: readonly string[];
  /** Extra files the fetch needs (the JSON decoder on AWS). */
  readonly files?: readonly { readonly path: string; readonly content: string }[];
}

/** AWS Secrets Manager (RDS's managed secret, a JSON document): the instance profile, the awk JSON decoder. */
export function awsSecretFetch(region: string, secretArn: string): PasswordFetch {
  return {
    print: [`aws --region ${region} secretsmanager get-secret-value --secret-id '${secretArn}' --query SecretString --output text | awk -f ${DECODER}`],
    files: [{ path: DECODER, content: DECODE_JSON_PASSWORD }],
  };
}

/** GCP Secret Manager (the password, plain): the service account's token from the metadata server, the REST API. */
export function gcpSecretFetch(secretId: string): PasswordFetch {
  return {
    print: [
      "token=\"$(curl -fsS -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')\"",
      `curl -fsS -H "Authorization: Bearer $token" 'https://secretmanager.googleapis.com/v1/${secretId}/versions/latest:access' | python3 -c 'import base64,json,sys; sys.stdout.write(base64.b64decode(json.load(sys.stdin)["payload"]["data"]).decode())'`,
    ],
  };
}

/** Where PgBouncer's CA comes from: downloaded at boot (RDS's bundle) or a PEM known at plan time (Cloud SQL). */
export type CaSource = { readonly url: string } | { readonly pem: string };

export interface PgbouncerSetup {
  readonly config: PgbouncerConfig;
  /** The PostgreSQL user PgBouncer logs in as and accepts (the admin user, as the app on VM tiers). */
  readonly user: string;
  readonly fetch: PasswordFetch;
  readonly ca: CaSource;
}

/**
 * Startup-script lines, run before `docker compose up`: the configuration and CA, a credentials script that writes
 * the password file (root-only directory on the host, owned by PgBouncer's uid, 0400) and reloads PgBouncer when
 * the password changed, run now (retried while the server's identity settles) and every few minutes by a timer.
 */
export function pgbouncerBootLines(s: PgbouncerSetup): string[] {
  const quotedUser = `"${s.user.replaceAll('"', '""')}"`;
  const refresh = [
    "#!/bin/bash",
    "set -euo pipefail",
    "umask 077",
    "password=\"$(",
    ...s.fetch.print,
    ")\"",
    'if [ -z "$password" ]; then echo "tierform: the database password is empty" >&2; exit 1; fi',
    `tmp="$(mktemp ${DIR}/.userlist.XXXXXX)"`,
    // auth_file: "user" "password", a double quote doubled.
    `printf '%s "%s"\\n' '${quotedUser}' "$(printf '%s' "$password" | sed 's/"/""/g')" > "$tmp"`,
    `chown ${PGBOUNCER_UID}:${PGBOUNCER_UID} "$tmp"`,
    'chmod 0400 "$tmp"',
    `if cmp -s "$tmp" ${DIR}/userlist.txt; then rm -f "$tmp"; exit 0; fi`,
    `mv -f "$tmp" ${DIR}/userlist.txt`,
    // A running PgBouncer re-reads its auth file on SIGHUP; one that is not running yet reads it when it starts.
    `docker compose -f /opt/app/compose.yaml kill -s HUP ${PGBOUNCER_SERVICE} >/dev/null 2>&1 || true`,
  ];
  const ca =
    "url" in s.ca
      ? [`curl -fsS --proto =https --retry 5 -o ${DIR}/ca.pem ${s.ca.url}`]
      : [`cat > ${DIR}/ca.pem <<'CA'`, s.ca.pem, "CA"];
  return [
    "# PgBouncer beside the app: its configuration, the database CA and the password file (fetched here, never in this script).",
    "install -d -m 0700 -o root -g root /etc/tierform",
    `install -d -m 0500 -o ${PGBOUNCER_UID} -g ${PGBOUNCER_UID} ${DIR}`,
    `cat > ${DIR}/pgbouncer.ini <<'PGBOUNCER'`,
    pgbouncerIni(s.config).trimEnd(),
    "PGBOUNCER",
    ...ca,
    `chown ${PGBOUNCER_UID}:${PGBOUNCER_UID} ${DIR}/pgbouncer.ini ${DIR}/ca.pem`,
    `chmod 0400 ${DIR}/pgbouncer.ini ${DIR}/ca.pem`,
    ...(s.fetch.files ?? []).flatMap((f) => [`install -d -m 0755 ${f.path.slice(0, f.path.lastIndexOf("/"))}`, `cat > ${f.path} <<'FILE'`, f.content, "FILE"]),
    `cat > ${REFRESH} <<'REFRESH'`,
    ...refresh,
    "REFRESH",
    `chmod 0700 ${REFRESH}`,
    "cat > /etc/systemd/system/tierform-pgbouncer-credentials.service <<'UNIT'",
    "[Unit]",
    "Description=tierform: PgBouncer's database password from the secret store",
    "After=network-online.target docker.service",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${REFRESH}`,
    "UNIT",
    "cat > /etc/systemd/system/tierform-pgbouncer-credentials.timer <<'UNIT'",
    "[Unit]",
    "Description=tierform: re-read PgBouncer's database password (rotation)",
    "[Timer]",
    `OnBootSec=${REFRESH_MINUTES}min`,
    `OnUnitActiveSec=${REFRESH_MINUTES}min`,
    "[Install]",
    "WantedBy=timers.target",
    "UNIT",
    "systemctl daemon-reload",
    "systemctl enable --now tierform-pgbouncer-credentials.timer",
    // The server's identity may not be able to read the secret for a minute after it is granted.
    `for attempt in $(seq 30); do ${REFRESH} && break; sleep 10; done`,
  ];
}
