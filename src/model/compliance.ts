import { z } from "zod";
import { intRange, strict } from "./common";

/**
 * Edge and compliance controls beyond the secure baseline every tier gets. Each costs money or
 * operational work (keys to manage, logs to store), so they are opt-in; the enterprise tier turns all on.
 */
export const ComplianceSchema = strict({
  waf: z.boolean().default(false).meta({
    description: "Web application firewall in front of the CDN: AWS WAFv2 managed rules on CloudFront, Cloud Armor, Front Door Premium WAF.",
  }),
  rateLimitPerMinute: intRange(100, 100000).default(1000).meta({
    description: "With waf: requests one client IP may make per minute before it is blocked (HTTP 429 or 403), on every cloud.",
  }),
  customerManagedKeys: z.boolean().default(false).meta({
    description: "Encrypt databases, caches and the files bucket with keys tierform creates (KMS, Cloud KMS, Key Vault) instead of provider-managed keys.",
  }),
  flowLogs: z.boolean().default(false).meta({ description: "VPC/VNet/subnet flow logs into the cloud's log store." }),
  auditLogs: z.boolean().default(false).meta({
    description: "Audit logging of the data stores: pgAudit on PostgreSQL, engine and slow logs of Redis, data-access logs where the cloud has them.",
  }),
});
export type ComplianceProps = z.input<typeof ComplianceSchema>;
export type ComplianceSpec = z.output<typeof ComplianceSchema>;
