/** What RDS for PostgreSQL and Aurora PostgreSQL share. */
export const PORT = 5432;
/** Current RDS CA (RSA 2048, valid to 2061). */
export const CA_CERT = "rds-ca-rsa2048-g1";
export const ENHANCED_MONITORING_SECONDS = 60;
/** Performance Insights retention in days: 7 is the free tier (longer retention is billed). */
export const PERFORMANCE_INSIGHTS_DAYS = 7;

/**
 * Security baseline applied under the user's parameters: TLS required for every connection, an audit
 * trail of connections and schema changes, and slow statements (over 1 s) logged. The user's
 * `parameters` are applied on top.
 */
const BASELINE_PARAMETERS: Readonly<Record<string, string>> = {
  "rds.force_ssl": "1",
  log_connections: "1",
  log_disconnections: "1",
  log_statement: "ddl",
  log_min_duration_statement: "1000",
};

/**
 * pgAudit (compliance.auditLogs): session audit of DDL, role changes and writes, exported with the
 * PostgreSQL log to CloudWatch. `rds_pgaudit` is the role RDS expects for object auditing.
 */
const AUDIT_PARAMETERS: Readonly<Record<string, string>> = {
  shared_preload_libraries: "pg_stat_statements,pgaudit",
  "pgaudit.log": "ddl,role,write",
  "pgaudit.log_parameter": "0",
  "pgaudit.role": "rds_pgaudit",
};

/** The parameter list: baseline, audit when asked, then the user's own; sorted so output is stable. */
export function postgresParameters(user: Readonly<Record<string, string>>, audit: boolean): { name: string; value: string; applyMethod: string }[] {
  const parameters = { ...BASELINE_PARAMETERS, ...(audit ? AUDIT_PARAMETERS : {}), ...user };
  // pending-reboot is accepted for static and dynamic parameters alike.
  return Object.keys(parameters)
    .sort()
    .map((key) => ({ name: key, value: parameters[key]!, applyMethod: "pending-reboot" }));
}
