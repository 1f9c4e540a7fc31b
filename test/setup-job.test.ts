import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { large } from "../tiers";
import { problemLines } from "./helpers";
import { PSQL_SCRIPT, poolerPasswordSql, setupSql } from "../src/kubernetes/extensions-job";
import { DECODE_JSON_PASSWORD, sqlIdentifier, sqlLiteral } from "../src/kubernetes/sql";

// The psql image is Alpine: its awk is busybox's. Run the decoder there when this machine has busybox.
const busybox = spawnSync("busybox", ["awk", "BEGIN{}"]).status === 0;
const awk = (program: string, input: string) => (busybox ? execFileSync("busybox", ["awk", program], { input }) : execFileSync("awk", [program], { input })).toString();

describe("the setup Job's password decoding (RDS's JSON secret, never sed)", () => {
  it.each([
    ['quotes, backslashes and slashes', JSON.stringify({ username: "app_admin", password: 'a"b\\c/d' }), 'a"b\\c/d'],
    ["shell and template characters", JSON.stringify({ username: "app_admin", password: "$(x)`y`${z}%{w}!" }), "$(x)`y`${z}%{w}!"],
    ["\\u escapes and spaces around the colon", '{"engine":"postgres", "password" : "a\\u0022b\\/c\\u0041"}', 'a"b/cA'],
    ["a username that is the word password", JSON.stringify({ username: "password", password: "s3cret" }), "s3cret"],
  ])(`decodes %s (${busybox ? "busybox awk" : "system awk: busybox not installed"})`, (_what, doc, expected) => {
    expect(awk(DECODE_JSON_PASSWORD, doc)).toBe(expected);
  });

  it.each([
    ["no password member", '{"username":"x"}'],
    ["a control character it cannot pass on exactly", '{"password":"a\\nb"}'],
    ["an unterminated string", '{"password":"abc'],
  ])("refuses %s (exit status ≠ 0, so the Job fails instead of logging in wrongly)", (_what, doc) => {
    expect(() => awk(DECODE_JSON_PASSWORD, doc)).toThrow();
  });
});

describe("the setup Job's script", () => {
  const dir = mkdtempSync(join(tmpdir(), "tierform-job-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A stand-in psql that records what it was asked to do and with which password.
  writeFileSync(join(dir, "psql"), '#!/bin/sh\nprintf "%s|%s\\n" "$PGPASSWORD" "$*" >> "$LOG"\n');
  chmodSync(join(dir, "psql"), 0o755);
  const run = (format: "json" | "plain", secret: string) => {
    writeFileSync(join(dir, "password"), secret);
    const log = join(dir, `log-${format}`);
    const script = PSQL_SCRIPT.replaceAll("/secrets/", `${dir}/`);
    const shell = busybox ? ["busybox", ["sh", "-c", script]] as const : ["sh", ["-c", script]] as const;
    const result = spawnSync(shell[0], [...shell[1]], {
      env: { PATH: `${dir}:${process.env["PATH"]}`, LOG: log, PASSWORD_FORMAT: format, DECODE_JSON_PASSWORD, DATABASE_NAME: "app", SERVER_SQL: "S1;", DATABASE_SQL: "D1;" },
    });
    return { status: result.status, log: result.status === 0 ? readFileSync(log, "utf8") : result.stderr.toString() };
  };

  it("runs the server SQL in postgres, then the database SQL in the app's database, with the decoded password", () => {
    const { status, log } = run("json", JSON.stringify({ username: "app_admin", password: 'p"w\\d' }));
    expect(status).toBe(0);
    expect(log).toBe('p"w\\d|-d postgres -v ON_ERROR_STOP=1 -c S1;\np"w\\d|-d app -v ON_ERROR_STOP=1 -c D1;\n');
  });

  it("passes a plain secret (GCP password, Azure token) through unchanged", () => {
    expect(run("plain", "tok'en$1").log).toMatch(/^tok'en\$1\|-d postgres/);
  });

  it("stops before psql when the secret cannot be decoded", () => {
    expect(run("json", '{"username":"x"}').status).not.toBe(0);
  });
});

describe("the setup SQL", () => {
  it("quotes identifiers and literals", () => {
    expect(sqlIdentifier('we"ird')).toBe('"we""ird"');
    expect(sqlLiteral("o'k")).toBe("'o''k'");
  });

  it("creates the app role idempotently, lets the logins in, grants the database and schema, then the extensions", () => {
    const sql = setupSql({ databaseName: "appdb", appRole: "app", extensions: ["vector", "pg_trgm"], loginSql: ['GRANT "app" TO "x";'] });
    expect(sql.server).toBe(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE "app" NOLOGIN; END IF; END $$;\nGRANT "app" TO "x";`);
    expect(sql.database.split("\n")).toEqual([
      'GRANT CONNECT, TEMPORARY ON DATABASE "appdb" TO "app";',
      'GRANT USAGE, CREATE ON SCHEMA public TO "app";',
      'CREATE EXTENSION IF NOT EXISTS "vector";',
      'CREATE EXTENSION IF NOT EXISTS "pg_trgm";',
    ]);
  });
});

describe("database.appRole", () => {
  const build = (appRole: string) => () => {
    const app = Testing.app();
    new Environment(app, "x", large({ name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com", database: { appRole } }));
  };
  it.each(["app_admin", "postgres", "pg_monitor", "public"])("refuses %s: the app role must be a role of its own", (appRole) => {
    expect(problemLines(build(appRole))).toEqual([expect.stringMatching(/^database\.appRole: expected a role of its own: not the admin username \(app_admin\), postgres, public or pg_…, got "[a-z_]+"$/)]);
  });
});

describe("database.appRole on each cloud", () => {
  it("refuses a role the cloud keeps for itself (rds_iam on AWS)", () => {
    const build = () => new Environment(Testing.app(), "x", large({ name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com", database: { appRole: "rds_iam" } }));
    expect(problemLines(build)).toEqual([expect.stringMatching(/^database\.appRole: expected a name the aws database service does not keep for itself \(.*rds_iam.*\), got "rds_iam"$/)]);
  });
});

describe("pooler login role (RDS Proxy)", () => {
  it("creates the role as a member of the app role that acts as it, and sets its password without a logged statement", () => {
    const sql = setupSql({ databaseName: "app", appRole: "app", extensions: [], loginSql: [], poolerUser: "app_proxy" });
    expect(sql.server).toContain(`CREATE ROLE "app_proxy" NOLOGIN`);
    expect(sql.server).toContain(`GRANT "app" TO "app_proxy";`);
    expect(sql.server).toContain(`ALTER ROLE "app_proxy" SET role = 'app';`);
    const set = poolerPasswordSql("app_proxy");
    // A SELECT and a DO block: neither is logged with log_statement = ddl; the password never appears as text.
    expect(set.split("\n").map((l) => l.split(" ")[0])).toEqual(["\\set", "SELECT", "DO"]);
    expect(set).toContain("ALTER ROLE %I WITH LOGIN PASSWORD %L");
    expect(set).toContain("RAISE EXCEPTION");
    expect(PSQL_SCRIPT).toContain("if [ -s /secrets/pooler.json ]");
  });
});
