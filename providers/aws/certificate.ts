import type { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Fn, TerraformIterator } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";

export interface Certificate {
  /** ARN of the certificate once validated: use this, so dependents wait for issuance. */
  readonly arn: string;
  /** JSON list of the DNS validation records (name, type, value) to create by hand without a zone. */
  readonly validationRecords: string;
  readonly resources: TerraformResource[];
}

/**
 * A DNS-validated ACM certificate. With a hosted zone the validation records are created in it;
 * without one, apply waits until someone creates the records listed in `validationRecords`.
 */
export function dnsValidatedCertificate(
  scope: Construct,
  id: string,
  opts: { domains: readonly string[]; dnsZoneId?: string; provider?: AwsProvider; name: string },
): Certificate {
  const [primary, ...alternatives] = opts.domains;
  if (!primary) throw new Error("dnsValidatedCertificate: no domain");
  const provider = opts.provider ? { provider: opts.provider } : {};
  const cert = new AcmCertificate(scope, id, {
    domainName: primary,
    subjectAlternativeNames: alternatives,
    validationMethod: "DNS",
    keyAlgorithm: "RSA_2048",
    tags: { Name: opts.name },
    lifecycle: { createBeforeDestroy: true },
    ...provider,
  });
  const resources: TerraformResource[] = [cert];
  let records: Route53Record | undefined;
  if (opts.dnsZoneId) {
    // Keyed by domain name, which is known at plan time (the record names are not).
    const each = TerraformIterator.fromComplexList(cert.domainValidationOptions, "domain_name");
    records = new Route53Record(scope, `${id}-validation`, {
      forEach: each,
      zoneId: opts.dnsZoneId,
      name: each.getString("resource_record_name"),
      type: each.getString("resource_record_type"),
      records: [each.getString("resource_record_value")],
      ttl: 60,
      allowOverwrite: true,
    });
    resources.push(records);
  }
  const validation = new AcmCertificateValidation(scope, `${id}-validated`, {
    certificateArn: cert.arn,
    ...(records ? { dependsOn: [records] } : {}),
    ...provider,
  });
  resources.push(validation);
  return { arn: validation.certificateArn, validationRecords: Fn.jsonencode(cert.domainValidationOptions), resources };
}
