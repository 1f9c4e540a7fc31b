import { createHash } from "node:crypto";
import type { Construct } from "constructs";
import { JobV1 } from "./objects";
import type { DatabaseAdmin } from "../core/contracts";
import { IMAGES } from "./charts";
import { RESTRICTED_CONTAINER } from "./security";
import { DECODE_JSON_PASSWORD, sqlIdentifier, sqlLiteral } from "./sql";

export interface SetupSql {
  /** Run in the `postgres` database: the app role, and each app identity's login into it. */
  readonly server: string;
  /** Run in the app's database: its privileges there, and the extensions. */
  readonly database: string;
}

/**
 * The setup Job's SQL, idempotent: the app role (no login of its own unless the cloud's login SQL gives it one),
 * the app identities' logins (per cloud), the app role's rights on the database and schema `public` (apps run
 * their migrations as it), and every extension the topology asks for.
 */
export function setupSql(o: { databaseName: string; appRole: string; extensions: readonly string[]; loginSql: readonly string[]; poolerUser?: string }): SetupSql {
  const role = sqlIdentifier(o.appRole);
  // A pooler's login role (RDS Proxy): a member of the app role that acts as it; its password is set separately.
  const pooler = o.poolerUser
    ? [
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${sqlLiteral(o.poolerUser)}) THEN CREATE ROLE ${sqlIdentifier(o.poolerUser)} NOLOGIN; END IF; END $$;`,
        `GRANT ${role} TO ${sqlIdentifier(o.poolerUser)};`,
        `ALTER ROLE ${sqlIdentifier(o.poolerUser)} SET role = ${sqlLiteral(o.appRole)};`,
      ]
    : [];
  return {
    server: [
      `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${sqlLiteral(o.appRole)}) THEN CREATE ROLE ${role} NOLOGIN; END IF; END $$;`,
      ...o.loginSql,
      ...pooler,
    ].join("\n"),
    database: [
      `GRANT CONNECT, TEMPORARY ON DATABASE ${sqlIdentifier(o.databaseName)} TO ${role};`,
      `GRANT USAGE, CREATE ON SCHEMA public TO ${role};`,
      ...o.extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${sqlIdentifier(e)};`),
    ].join("\n"),
  };
}

/**
 * Job names carry a hash of what the Job does (not of Terraform references, which change with unrelated
 * code): a new Job, and so a new run, exactly when the extensions, the app role or the set of logins change.
 * Job specs are immutable.
 */
export function extensionsJobName(key: string): string {
  return `db-extensions-${createHash("sha256").update(key).digest("hex").slice(0, 10)}`;
}

/** The psql step: the password (or token) from the init container, TLS verified, both SQL parts, stop on error. */
export const PSQL_SCRIPT = [
  "set -eu",
  'if [ "$PASSWORD_FORMAT" = json ]; then PGPASSWORD="$(awk "$DECODE_JSON_PASSWORD" /secrets/password)"; else PGPASSWORD="$(cat /secrets/password)"; fi',
  "export PGPASSWORD",
  'psql -d postgres -v ON_ERROR_STOP=1 -c "$SERVER_SQL"',
  'psql -d "$DATABASE_NAME" -v ON_ERROR_STOP=1 -c "$DATABASE_SQL"',
  // The pooler's login password (RDS Proxy), when the init container wrote one: read from stdin so psql can fill in
  // the variable, never on a command line.
  'if [ -s /secrets/pooler.json ]; then printf \'%s\\n\' "$POOLER_SQL" | psql -d postgres -v ON_ERROR_STOP=1 -q -o /dev/null; fi',
].join("\n");

/**
 * Sets the pooler login role's password from /secrets/pooler.json (the secret document the pooler reads). Neither
 * statement is logged with `log_statement = ddl` (a SELECT and a DO block; the ALTER ROLE runs inside it), so the
 * password does not reach the PostgreSQL log; a missing or short password stops the Job.
 */
export function poolerPasswordSql(user: string): string {
  return [
    "\\set pooler_password `awk \"$DECODE_JSON_PASSWORD\" /secrets/pooler.json`",
    "SELECT set_config('tierform.pooler_password', :'pooler_password', false);",
    `DO $$ BEGIN IF length(current_setting('tierform.pooler_password')) < 32 THEN RAISE EXCEPTION 'the pooler login password is missing'; END IF; EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', ${sqlLiteral(user)}, current_setting('tierform.pooler_password')); END $$;`,
  ].join("\n");
}

/** Both containers run as this unprivileged user (postgres in the psql image), so the secrets can be 0600. */
const JOB_USER = 70;

export interface ExtensionsJobInput {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly admin: DatabaseAdmin;
  readonly sql: SetupSql;
  /** What the Job does, for its name (see `extensionsJobName`). */
  readonly key: string;
  readonly connection: { readonly host: string; readonly port: number; readonly database: string };
  readonly sslMode: "verify-full" | "verify-ca";
  /** A pooler login role whose password the init container wrote to /secrets/pooler.json (RDS Proxy). */
  readonly poolerUser?: string;
}

/**
 * The database setup Job, inside the cluster's network: the only identity with admin access. An init container
 * fetches the admin password (or, on Azure, an Entra token) and the server's CA with the Job's workload identity
 * into a memory-backed volume; psql verifies the server and runs the setup SQL. Both containers run unprivileged
 * with read-only root filesystems and bounded resources; nothing lands in Terraform state or outputs.
 */
export function renderExtensionsJob(scope: Construct, o: ExtensionsJobInput): JobV1 {
  const { fetcher } = o.admin;
  const caFile = fetcher.ca === "system" ? "system" : "/secrets/ca.pem";
  const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));
  return new JobV1(scope, "db-extensions", {
    metadata: { name: extensionsJobName(o.key), namespace: o.namespace, labels: { "app.kubernetes.io/name": "db-extensions", "app.kubernetes.io/managed-by": "tierform" } },
    spec: {
      backoffLimit: 6,
      // A Job that cannot reach its database gives up within the hour instead of retrying for ever.
      activeDeadlineSeconds: 3600,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "db-extensions", ...o.admin.identity.podLabels } },
        spec: {
          serviceAccountName: o.serviceAccount,
          // As the workloads: the cloud identity needs no Kubernetes API token.
          automountServiceAccountToken: false,
          restartPolicy: "OnFailure",
          securityContext: {
            runAsNonRoot: true,
            runAsUser: String(JOB_USER),
            runAsGroup: String(JOB_USER),
            fsGroup: String(JOB_USER),
            seccompProfile: { type: "RuntimeDefault" },
          },
          volume: [
            { name: "secrets", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
            // The cloud CLIs keep their configuration and caches under HOME.
            { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
          ],
          initContainer: [
            {
              name: "fetch-password",
              image: fetcher.image,
              command: [...fetcher.command],
              env: env({ HOME: "/tmp", ...fetcher.env }),
              volumeMount: [
                { name: "secrets", mountPath: "/secrets" },
                { name: "tmp", mountPath: "/tmp" },
              ],
              resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
              securityContext: RESTRICTED_CONTAINER,
            },
          ],
          container: [
            {
              name: "psql",
              image: IMAGES.psql,
              command: ["sh", "-c", PSQL_SCRIPT],
              env: env({
                PGHOST: o.connection.host,
                PGPORT: String(o.connection.port),
                PGUSER: o.admin.user,
                PGSSLMODE: o.sslMode,
                PGSSLROOTCERT: caFile,
                PGCONNECT_TIMEOUT: "10",
                DATABASE_NAME: o.connection.database,
                PASSWORD_FORMAT: fetcher.format,
                ...(fetcher.format === "json" || o.poolerUser ? { DECODE_JSON_PASSWORD } : {}),
                SERVER_SQL: o.sql.server,
                DATABASE_SQL: o.sql.database,
                ...(o.poolerUser ? { POOLER_SQL: poolerPasswordSql(o.poolerUser) } : {}),
              }),
              volumeMount: [{ name: "secrets", mountPath: "/secrets", readOnly: true }],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
              securityContext: RESTRICTED_CONTAINER,
            },
          ],
        },
      },
    },
    waitForCompletion: false,
  });
}
