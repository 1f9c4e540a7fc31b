import type { AppConnections } from "../../src/core/contracts";
import type { Statement } from "./common";

/**
 * IAM statements that let an app use its data stores: the database as the app role through IAM authentication
 * (or, on a VM tier, the admin secret: see `database`), IAM logins to the cache, the files bucket.
 */
export function dataAccessStatements(c: AppConnections, database: "iam" | "admin-secret" = "iam"): Statement[] {
  const statements: Statement[] = [];
  if (c.database && database === "admin-secret") {
    statements.push({ Sid: "DatabaseSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: c.database.credentials.id });
  }
  if (c.database && database === "iam" && c.database.authResources.length > 0) {
    statements.push({ Sid: "DatabaseIamAuth", Effect: "Allow", Action: "rds-db:connect", Resource: [...c.database.authResources] });
  }
  if (c.cache && c.cache.authResources.length > 0) {
    statements.push({ Sid: "CacheIamAuth", Effect: "Allow", Action: "elasticache:Connect", Resource: [...c.cache.authResources] });
  }
  if (c.files) {
    statements.push(
      { Sid: "FilesList", Effect: "Allow", Action: "s3:ListBucket", Resource: c.files.id },
      { Sid: "FilesObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${c.files.id}/*` },
    );
    if (c.files.keyId) statements.push({ Sid: "FilesKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: c.files.keyId });
  }
  return statements;
}
