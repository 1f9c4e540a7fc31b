import { createHash } from "node:crypto";
import type { Construct } from "constructs";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { SecretFetcher } from "../core/contracts";
import { IMAGES } from "./charts";

/** The SQL the job runs: every extension the topology asks for, idempotently. */
export function extensionsSql(extensions: readonly string[]): string {
  return extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}";`).join(" ");
}

/** Job names carry a hash of their SQL: the job re-runs only when the SQL changes (Job specs are immutable). */
export function extensionsJobName(sql: string): string {
  return `db-extensions-${createHash("sha256").update(sql).digest("hex").slice(0, 10)}`;
}

/**
 * A one-shot Job, inside the cluster's network, that creates the database extensions (pgvector's `vector`
 * among them). An init container fetches the admin password from the cloud's secret store with the job's
 * workload identity into a memory-backed volume; psql connects over TLS with it. Nothing lands in
 * Terraform state or outputs.
 */
export function renderExtensionsJob(
  scope: Construct,
  opts: { namespace: string; serviceAccount: string; connectionSecret: string; extensions: readonly string[]; fetcher: SecretFetcher; podLabels: Record<string, string> },
): JobV1 {
  const sql = extensionsSql(opts.extensions);
  const restricted = { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: "70", capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };
  return new JobV1(scope, "db-extensions", {
    metadata: { name: extensionsJobName(sql), namespace: opts.namespace, labels: { "app.kubernetes.io/name": "db-extensions", "app.kubernetes.io/managed-by": "tierform" } },
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "db-extensions", ...opts.podLabels } },
        spec: {
          serviceAccountName: opts.serviceAccount,
          // As the workloads: the cloud identity needs no Kubernetes API token.
          automountServiceAccountToken: false,
          restartPolicy: "OnFailure",
          volume: [{ name: "secrets", emptyDir: { medium: "Memory" } }],
          initContainer: [
            {
              name: "fetch-password",
              image: opts.fetcher.image,
              command: [...opts.fetcher.command],
              env: Object.entries(opts.fetcher.env).map(([name, value]) => ({ name, value })),
              volumeMount: [{ name: "secrets", mountPath: "/secrets" }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
            },
          ],
          container: [
            {
              name: "psql",
              image: IMAGES.psql,
              command: [
                "sh",
                "-c",
                'PGPASSWORD="$(cat /secrets/password)" psql "host=$DATABASE_HOST port=$DATABASE_PORT dbname=$DATABASE_NAME user=$DATABASE_USER sslmode=require" -v ON_ERROR_STOP=1 -c "$SQL"',
              ],
              env: [{ name: "SQL", value: sql }],
              envFrom: [{ secretRef: { name: opts.connectionSecret } }],
              volumeMount: [{ name: "secrets", mountPath: "/secrets", readOnly: true }],
              securityContext: restricted,
            },
          ],
        },
      },
    },
    waitForCompletion: false,
  });
}
