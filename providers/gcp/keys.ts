import type { Construct } from "constructs";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import type { RenderContext } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";
import { gcpName, labels } from "./common";

const KEY_ID = "data-key";
/** Yearly rotation, in seconds (Cloud KMS takes a duration). */
const ROTATION_PERIOD = "31536000s";

/** Google's service agents that encrypt with a customer-managed key on a service's behalf. */
export const SERVICE_AGENTS = {
  sql: (project: string) => `service-${project}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
  redis: (project: string) => `service-${project}@cloud-redis.iam.gserviceaccount.com`,
  storage: (project: string) => `service-${project}@gs-project-accounts.iam.gserviceaccount.com`,
  /** GKE's service agent: encrypts Kubernetes Secrets in etcd (application-layer secrets encryption). */
  container: (project: string) => `service-${project}@container-engine-robot.iam.gserviceaccount.com`,
  /** Cloud Run's service agent: encrypts a service's or worker pool's copy of its container image. */
  run: (project: string) => `service-${project}@serverless-robot-prod.iam.gserviceaccount.com`,
} as const;

interface DataKey {
  readonly key: KmsCryptoKey;
  /** Lets a service's agent use the key; call before creating the encrypted resource and depend on the grant. */
  grant(agent: keyof typeof SERVICE_AGENTS): KmsCryptoKeyIamMember;
}

/**
 * The stack's Cloud KMS key for data at rest (Cloud SQL, Memorystore, buckets, GKE's Secrets) when the topology asks for
 * customer-managed keys: a key ring and key in the region (CMEK keys must share the resource's region),
 * rotated yearly, kept on destroy (key material cannot be deleted on GCP; destroying it would strand
 * backups). Undefined otherwise (Google-managed keys).
 */
export function dataKey(scope: Construct, ctx: RenderContext): DataKey | undefined {
  if (!ctx.compliance?.customerManagedKeys) return undefined;
  const stack = TerraformStack.of(scope);
  let key = stack.node.tryFindChild(KEY_ID) as KmsCryptoKey | undefined;
  if (!key) {
    const ring = new KmsKeyRing(stack, `${KEY_ID}-ring`, { name: gcpName(ctx, "data"), location: ctx.region });
    key = new KmsCryptoKey(stack, KEY_ID, {
      name: gcpName(ctx, "data"),
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: ROTATION_PERIOD,
      labels: labels(ctx),
      lifecycle: { preventDestroy: true },
    });
  }
  const cryptoKey = key;
  return {
    key: cryptoKey,
    grant(agent) {
      const id = `${KEY_ID}-${agent}`;
      const existing = stack.node.tryFindChild(id);
      if (existing) return existing as KmsCryptoKeyIamMember;
      const project = projectNumber(stack, ctx);
      return new KmsCryptoKeyIamMember(stack, id, {
        cryptoKeyId: cryptoKey.id,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: `serviceAccount:${SERVICE_AGENTS[agent](project)}`,
      });
    },
  };
}

/** The project's number, which service agents' addresses are built from. */
function projectNumber(stack: TerraformStack, ctx: RenderContext): string {
  const existing = stack.node.tryFindChild("project");
  const project = (existing as DataGoogleProject | undefined) ?? new DataGoogleProject(stack, "project", { projectId: ctx.project! });
  return project.number;
}
