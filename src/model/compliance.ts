import { z } from "zod";
import { intRange, strict } from "./common";
import { cidrBlock } from "./network";

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
  deployerCidrs: z
    .array(
      cidrBlock(8, 32).refine((cidr) => !cidr.endsWith("/31"), {
        message: "expected a prefix /8–/30, or /32 for one address (Azure storage firewalls take no /31)",
      }),
    )
    .default([])
    .meta({
      description:
        "Azure: public CIDRs that Terraform runs from (`cdktf deploy`: a CI runner's egress range, an office). Terraform writes Key Vault secrets and keys and reads storage accounts over their data planes, and both firewalls deny every network but these, the VNet's workload subnets and trusted Azure services. Empty (the default): deploy from inside the VNet (a self-hosted runner in the nodes subnet).",
    }),
  auditLogs: z.boolean().default(false).meta({
    description: "Audit logging of the data stores: pgAudit on PostgreSQL, engine and slow logs of Redis, data-access logs where the cloud has them.",
  }),
});
export type ComplianceProps = z.input<typeof ComplianceSchema>;
export type ComplianceSpec = z.output<typeof ComplianceSchema>;
