import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { PoolingSchema } from "../src/model/database";
import { perServerConnections, pgbouncerBootLines, PGBOUNCER_IMAGE } from "../src/plan/pgbouncer";
import { only, synthEnvironment, type TfJson } from "./helpers";
import { topologyWarnings } from "../src/plan/warnings";

const synthed = {} as Record<"aws" | "gcp", Record<"small" | "medium", TfJson>>;
beforeAll(() => {
  for (const cloud of ["aws", "gcp"] as const) {
    synthed[cloud] = { small: synthEnvironment(demoTopology("small", cloud), "small").infra, medium: synthEnvironment(demoTopology("medium", cloud), "medium").infra };
  }
});

/** The startup script as the server runs it (AWS: the argument of base64encode, unescaped). */
function script(cloud: "aws" | "gcp", tier: "small" | "medium"): string {
  const json = synthed[cloud][tier];
  if (cloud === "gcp") {
    const holder = tier === "small" ? only(json, "google_compute_instance") : only(json, "google_compute_instance_template");
    return holder["metadata_startup_script"] as string;
  }
  const raw = only(json, "aws_launch_template")["user_data"] as string;
  const m = /^\$\{base64encode\("([\s\S]*)"\)\}$/.exec(raw);
  if (!m) throw new Error("user data is not base64encode(\"…\")");
  // HCL string escapes, in one pass.
  return m[1]!.replace(/\\(["\\nt])/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

/** The compose file inside the startup script. */
function compose(s: string): string {
  return s.slice(s.indexOf("<<'COMPOSE'\n") + 12, s.indexOf("\nCOMPOSE\n"));
}

describe.each(["aws", "gcp"] as const)("%s VM tiers with database.pooling: PgBouncer beside the app", (cloud) => {
  it("medium: the compose file runs PgBouncer (pinned image, 127.0.0.1 only) and the app connects to it", () => {
    const c = compose(script(cloud, "medium"));
    expect(PGBOUNCER_IMAGE).toMatch(/^edoburu\/pgbouncer:v\d+\.\d+\.\d+-p\d+$/);
    expect(c).toContain(`  pgbouncer:\n    image: "${PGBOUNCER_IMAGE}"`);
    expect(c).toContain('      - "127.0.0.1:6432:6432"');
    expect(c).toContain('      - "/etc/tierform/pgbouncer:/etc/pgbouncer:ro"');
    expect(c).toContain("    read_only: true");
    // The app: the pooler on the compose network, the database itself for migrations.
    expect(c).toContain('      DATABASE_HOST: "pgbouncer"');
    expect(c).toContain('      DATABASE_PORT: "6432"');
    expect(c).toMatch(/DATABASE_DIRECT_HOST: "\$\{(aws_db_instance|google_sql_database_instance)\./);
    expect(c).toContain('      DATABASE_DIRECT_PORT: "5432"');
    expect(c).toContain("    depends_on:\n      - pgbouncer");
  });

  it("medium: pgbouncer.ini has the model's pooling values (the database budget shared by the group's 6 servers), TLS verified upstream", () => {
    const s = script(cloud, "medium");
    const ini = s.slice(s.indexOf("<<'PGBOUNCER'\n") + 14, s.indexOf("\nPGBOUNCER\n"));
    expect(ini).toMatch(/^\* = host=\$\{(aws_db_instance|google_sql_database_instance)\.[^}]+\} port=5432$/m);
    expect(ini).toContain("pool_mode = transaction");
    expect(ini).toContain("max_client_conn = 1000");
    // 200 database connections over at most 6 servers.
    expect(ini).toContain("max_db_connections = 33");
    expect(ini).toContain("default_pool_size = 33");
    expect(ini).toContain(`server_tls_sslmode = ${cloud === "aws" ? "verify-full" : "verify-ca"}`);
    expect(ini).toContain("server_tls_ca_file = /etc/pgbouncer/ca.pem");
    expect(ini).toContain("auth_type = scram-sha-256");
  });

  it("medium: the startup script fetches the password with the server's identity into a file, never holding it itself", () => {
    const s = script(cloud, "medium");
    if (cloud === "aws") {
      expect(s).toMatch(/aws --region us-west-2 secretsmanager get-secret-value --secret-id '\$\{aws_db_instance\.[^}]+\.master_user_secret\[0\]\.secret_arn\}' --query SecretString --output text \| awk -f /);
      expect(s).toContain("curl -fsS --proto =https --retry 5 -o /etc/tierform/pgbouncer/ca.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
    } else {
      expect(s).toMatch(/https:\/\/secretmanager\.googleapis\.com\/v1\/\$\{google_secret_manager_secret\.[^}]+\.id\}\/versions\/latest:access/);
      expect(s).toMatch(/cat > \/etc\/tierform\/pgbouncer\/ca.pem <<'CA'\n\$\{google_sql_database_instance\.[^}]+\.server_ca_cert\[0\]\.cert\}\nCA/);
    }
    expect(s).toContain('mv -f "$tmp" /etc/tierform/pgbouncer/userlist.txt');
    expect(s).toContain("systemctl enable --now tierform-pgbouncer-credentials.timer");
    // Before the app starts.
    expect(s.indexOf("/usr/local/sbin/tierform-pgbouncer-credentials && break")).toBeLessThan(s.indexOf("docker compose -f /opt/app/compose.yaml up -d"));
    // Only Terraform references are interpolated: the script's own shell has no `${` or `%{`.
    expect(s.replace(/\$\{(aws|google)_[a-z0-9_]+\.[^}]+\}/g, "")).not.toMatch(/[$%]\{/);
  });

  it("no password in the synthesized JSON (the admin password stays in the secret store)", () => {
    const text = JSON.stringify(synthed[cloud].medium);
    expect(text).not.toMatch(/userlist\.txt[^"]*"[^"]*"\s+"[^$]/);
    expect(text).not.toContain("random_password");
  });

  it("medium no longer warns pooling-not-rendered", () => {
    const t = demoTopology("medium", cloud);
    expect(t.database?.pooling).toBeDefined();
    expect(topologyWarnings(t).map((w) => w.id)).not.toContain("tierform:database:pooling-not-rendered");
  });

  it("small (no pooling) has no PgBouncer and connects directly", () => {
    const s = script(cloud, "small");
    expect(s).not.toContain("pgbouncer");
    expect(compose(s)).toMatch(/DATABASE_HOST: "\$\{/);
  });
});

describe("PgBouncer on VM tiers: unit", () => {
  it("shares maxDatabaseConnections between the servers, at least one each, the pool size within the share", () => {
    const pooling = PoolingSchema.parse({});
    expect(perServerConnections(pooling, 1)).toEqual({ maxDatabaseConnections: 200, defaultPoolSize: 50 });
    expect(perServerConnections(pooling, 6)).toEqual({ maxDatabaseConnections: 33, defaultPoolSize: 33 });
    expect(perServerConnections({ ...pooling, maxDatabaseConnections: 3 }, 10)).toEqual({ maxDatabaseConnections: 1, defaultPoolSize: 1 });
  });

  it("writes the auth file with the user quoted and the password's double quotes doubled", () => {
    const lines = pgbouncerBootLines({
      config: { pooling: PoolingSchema.parse({}), servers: 1, host: "db", port: 5432, sslMode: "verify-full" },
      user: "app_admin",
      fetch: { print: ["cat /dev/null"] },
      ca: { url: "https://example.com/ca.pem" },
    }).join("\n");
    expect(lines).toContain(`printf '%s "%s"\\n' '"app_admin"' "$(printf '%s' "$password" | sed 's/"/""/g')" > "$tmp"`);
  });
});

