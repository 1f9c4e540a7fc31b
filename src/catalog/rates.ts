import type { Rate, RateTable } from "./types";

// List prices of everything billable tierform renders besides machine, database and cache classes (those are
// in aws.ts, gcp.ts and azure.ts). Same price regions as the machine prices: us-east-1, us-central1, eastus.
// Recorded 2026-11 from the clouds' public pricing pages named in each `source` (read through public copies
// of those pages and price tables; NAT figures cross-checked with third-party 2026 price guides). They are
// list prices for estimates, not quotes: no free tiers beyond the ones named, no commitments, no taxes.

const AWS_PRICES = "https://aws.amazon.com/";
const aws_ = (path: string) => `${AWS_PRICES}${path}/pricing/`;

export const awsRates = {
  prices: { region: "us-east-1", asOf: "2026-11", source: "AWS public pricing pages (EBS, EKS, Fargate, RDS, Aurora, VPC, ELB, CloudFront, WAF, KMS, Secrets Manager, CloudWatch, Cloud Map, Route 53, S3)" },
  // Spot Instance Advisor: m6a/m6i/m7i in us-east-1 save 55–70 % most of the time; 60 % is the estimate.
  spotDiscount: 0.6,
  rates: {
    ebsGp3GbMonth: { usd: 0.08, per: "GB-month", source: aws_("ebs") },
    ebsGp3IopsMonth: { usd: 0.005, per: "IOPS-month above 3,000", source: aws_("ebs") },
    ebsGp3ThroughputMonth: { usd: 0.04, per: "MB/s-month above 125", source: aws_("ebs") },
    ebsGp2GbMonth: { usd: 0.1, per: "GB-month", source: aws_("ebs") },
    ebsIo2GbMonth: { usd: 0.125, per: "GB-month", source: aws_("ebs") },
    ebsIo2IopsMonth: { usd: 0.065, per: "IOPS-month", source: aws_("ebs") },
    eksClusterHour: { usd: 0.1, per: "cluster-hour (standard support)", source: aws_("eks") },
    rdsGp3GbMonth: { usd: 0.115, per: "GB-month (Single-AZ; Multi-AZ doubles)", source: aws_("rds/postgresql") },
    rdsGp3IopsMonth: { usd: 0.02, per: "IOPS-month above the included 12,000 (3,000 below 400 GB)", source: aws_("rds/postgresql") },
    rdsGp3ThroughputMonth: { usd: 0.08, per: "MB/s-month above the included 500 (125 below 400 GB)", source: aws_("rds/postgresql") },
    rdsIo1GbMonth: { usd: 0.125, per: "GB-month", source: aws_("rds/postgresql") },
    rdsIo1IopsMonth: { usd: 0.1, per: "IOPS-month", source: aws_("rds/postgresql") },
    rdsProxyVcpuHour: { usd: 0.015, per: "vCPU-hour of the proxied instance (at least 2 vCPUs)", source: aws_("rds/proxy") },
    rdsBackupGbMonth: { usd: 0.095, per: "GB-month beyond 100 % of provisioned storage", source: aws_("rds/postgresql") },
    // Aurora PostgreSQL (Standard configuration): the instance classes cost more than RDS's; the table's
    // classes are read from the Aurora page, any other class is its RDS price × auroraClassFactor.
    auroraClassFactor: { usd: 1.155, per: "× the RDS class price for an Aurora class not listed", source: aws_("rds/aurora") },
    auroraStorageGbMonth: { usd: 0.1, per: "GB-month", source: aws_("rds/aurora") },
    auroraIoMillion: { usd: 0.2, per: "million I/O requests", source: aws_("rds/aurora") },
    auroraBackupGbMonth: { usd: 0.021, per: "GB-month beyond 100 % of the cluster volume", source: aws_("rds/aurora") },
    natGatewayHour: { usd: 0.045, per: "gateway-hour", source: aws_("vpc") },
    natGatewayGb: { usd: 0.045, per: "GB processed", source: aws_("vpc") },
    publicIpv4Hour: { usd: 0.005, per: "IPv4 address-hour (in use or idle)", source: aws_("vpc") },
    albHour: { usd: 0.0225, per: "load-balancer-hour", source: aws_("elasticloadbalancing") },
    albLcuHour: { usd: 0.008, per: "LCU-hour", source: aws_("elasticloadbalancing") },
    nlbHour: { usd: 0.0225, per: "load-balancer-hour", source: aws_("elasticloadbalancing") },
    nlbLcuHour: { usd: 0.006, per: "NLCU-hour", source: aws_("elasticloadbalancing") },
    cloudfrontGb: {
      usd: 0.085,
      per: "GB to viewers (North America/Europe)",
      tiers: [{ upTo: 10_240, usd: 0.085 }, { upTo: 51_200, usd: 0.08 }, { upTo: 153_600, usd: 0.06 }, { upTo: 512_000, usd: 0.04 }, { usd: 0.03 }],
      source: aws_("cloudfront"),
    },
    cloudfrontHttpsMillion: { usd: 1.0, per: "million HTTPS requests ($0.01 per 10,000)", source: aws_("cloudfront") },
    wafAclMonth: { usd: 5, per: "web ACL-month", source: aws_("waf") },
    wafRuleMonth: { usd: 1, per: "rule or managed rule group-month", source: aws_("waf") },
    wafRequestsMillion: { usd: 0.6, per: "million requests inspected", source: aws_("waf") },
    // Fargate, Linux/x86: the same rates in us-east-1 and us-west-2; 20 GB of ephemeral storage per task included.
    fargateVcpuHour: { usd: 0.04048, per: "vCPU-hour (Fargate, Linux/x86)", source: aws_("fargate") },
    fargateGbHour: { usd: 0.004445, per: "GB-hour of memory (Fargate, Linux/x86)", source: aws_("fargate") },
    customMetricMonth: { usd: 0.3, per: "custom metric-month (first 10,000; Container Insights metrics bill as custom metrics)", source: aws_("cloudwatch") },
    cloudMapInstanceMonth: { usd: 0.1, per: "registered instance-month (Cloud Map)", source: aws_("cloud-map") },
    route53ZoneMonth: { usd: 0.5, per: "hosted zone-month (first 25; a Cloud Map private DNS namespace is one)", source: aws_("route53") },
    kmsKeyMonth: { usd: 1, per: "customer managed key-month", source: aws_("kms") },
    alarmMetricMonth: { usd: 0.1, per: "standard-resolution alarm metric-month (a metric-math alarm pays per metric it reads)", source: aws_("cloudwatch") },
    secretMonth: { usd: 0.4, per: "secret-month", source: aws_("secrets-manager") },
    logsIngestGb: { usd: 0.5, per: "GB ingested (standard class)", source: aws_("cloudwatch") },
    vendedLogsGb: { usd: 0.5, per: "GB of vended logs (VPC flow logs) to CloudWatch Logs, first 10 TB", source: aws_("cloudwatch") },
    healthCheckMonth: { usd: 0.5, per: "health check-month (AWS endpoint)", source: aws_("route53") },
    healthCheckFeatureMonth: { usd: 1, per: "optional feature-month (HTTPS, fast interval, latency measurement, string matching)", source: aws_("route53") },
    s3StandardGbMonth: { usd: 0.023, per: "GB-month (S3 Standard, first 50 TB)", source: aws_("s3") },
    interRegionGb: { usd: 0.02, per: "GB between regions", source: aws_("ec2/on-demand") },
    internetEgressGb: {
      usd: 0.09,
      per: "GB to the internet",
      tiers: [{ upTo: 10_240, usd: 0.09 }, { upTo: 51_200, usd: 0.085 }, { upTo: 153_600, usd: 0.07 }, { usd: 0.05 }],
      source: aws_("ec2/on-demand"),
    },
  },
} as const satisfies RateTable;

/** Aurora PostgreSQL (Standard) classes, USD per instance-hour in us-east-1 (aws.amazon.com/rds/aurora/pricing/). */
export const auroraClasses: Readonly<Record<string, number>> = {
  "db.r6g.large": 0.26,
  "db.r6g.xlarge": 0.519,
  "db.r6g.2xlarge": 1.038,
  "db.r6g.4xlarge": 2.076,
  "db.r6g.8xlarge": 4.152,
  "db.r6i.large": 0.29,
  "db.r6i.xlarge": 0.58,
  "db.r6i.2xlarge": 1.16,
  "db.r6i.4xlarge": 2.32,
  "db.r7g.large": 0.276,
  "db.r7g.xlarge": 0.552,
  "db.r7g.2xlarge": 1.104,
  "db.r7g.4xlarge": 2.208,
};

const gcp_ = (path: string) => `https://cloud.google.com/${path}/pricing`;

export const gcpRates = {
  prices: { region: "us-central1", asOf: "2026-11", source: "Google Cloud public pricing pages (Compute Engine disks and networking, GKE, Cloud Run, Cloud SQL, Memorystore, Cloud NAT, Cloud Load Balancing, Cloud CDN, Cloud Armor, Cloud KMS, Secret Manager, Cloud Logging, Cloud Storage)" },
  // Spot VMs: Google states 60–91 % off; e2/n2d standard machines in us-central1 sit near 65–70 %.
  spotDiscount: 0.65,
  rates: {
    gkeClusterHour: { usd: 0.1, per: "cluster-hour (regional; the free-tier credit covers one zonal cluster only)", source: gcp_("kubernetes-engine") },
    pdBalancedGbMonth: { usd: 0.1, per: "GB-month", source: "https://cloud.google.com/compute/disks-image-pricing" },
    pdSsdGbMonth: { usd: 0.17, per: "GB-month", source: "https://cloud.google.com/compute/disks-image-pricing" },
    pdStandardGbMonth: { usd: 0.04, per: "GB-month", source: "https://cloud.google.com/compute/disks-image-pricing" },
    sqlSsdGbMonth: { usd: 0.17, per: "GB-month (HA doubles)", source: gcp_("sql") },
    sqlHddGbMonth: { usd: 0.09, per: "GB-month (HA doubles)", source: gcp_("sql") },
    sqlBackupGbMonth: { usd: 0.08, per: "GB-month of backups", source: gcp_("sql") },
    // Memorystore for Redis, per GB-hour by capacity tier (M1 1–4 GB, M2 5–10, M3 11–35, M4 36–100, M5 > 100).
    redisBasicM1: { usd: 0.049, per: "GB-hour", source: gcp_("memorystore") },
    redisBasicM2: { usd: 0.027, per: "GB-hour", source: gcp_("memorystore") },
    redisBasicM3: { usd: 0.023, per: "GB-hour", source: gcp_("memorystore") },
    redisBasicM4: { usd: 0.019, per: "GB-hour", source: gcp_("memorystore") },
    redisBasicM5: { usd: 0.016, per: "GB-hour", source: gcp_("memorystore") },
    redisStandardM1: { usd: 0.064, per: "GB-hour (primary + one replica)", source: gcp_("memorystore") },
    redisStandardM2: { usd: 0.054, per: "GB-hour (primary + one replica)", source: gcp_("memorystore") },
    redisStandardM3: { usd: 0.046, per: "GB-hour (primary + one replica)", source: gcp_("memorystore") },
    redisStandardM4: { usd: 0.038, per: "GB-hour (primary + one replica)", source: gcp_("memorystore") },
    redisStandardM5: { usd: 0.032, per: "GB-hour (primary + one replica)", source: gcp_("memorystore") },
    natVmHour: { usd: 0.0014, per: "VM-hour served, at most 32 VMs per gateway ($0.044/h)", source: gcp_("nat") },
    natGb: { usd: 0.045, per: "GB processed", source: gcp_("nat") },
    forwardingRuleHour: { usd: 0.025, per: "hour for the first 5 forwarding rules of a project", source: "https://cloud.google.com/vpc/network-pricing" },
    extraForwardingRuleHour: { usd: 0.01, per: "forwarding rule-hour beyond 5", source: "https://cloud.google.com/vpc/network-pricing" },
    lbProcessedGb: { usd: 0.008, per: "GB processed by the external Application Load Balancer", source: "https://cloud.google.com/vpc/network-pricing" },
    cdnEgressGb: {
      usd: 0.08,
      per: "GB cache egress (North America)",
      tiers: [{ upTo: 10_240, usd: 0.08 }, { upTo: 153_600, usd: 0.055 }, { usd: 0.03 }],
      source: gcp_("cdn"),
    },
    cdnLookupsMillion: { usd: 0.75, per: "million cache lookups ($0.0075 per 10,000)", source: gcp_("cdn") },
    armorPolicyMonth: { usd: 5, per: "security policy-month (Standard)", source: gcp_("armor") },
    armorRuleMonth: { usd: 1, per: "rule-month", source: gcp_("armor") },
    armorRequestsMillion: { usd: 0.75, per: "million requests", source: gcp_("armor") },
    alertConditionMonth: { usd: 0.1, per: "alert policy condition-month", source: gcp_("stackdriver") },
    kmsKeyVersionMonth: { usd: 0.06, per: "active software key version-month", source: gcp_("security-key-management") },
    secretVersionMonth: { usd: 0.06, per: "active secret version-month", source: gcp_("secret-manager") },
    loggingGb: { usd: 0.5, per: "GiB ingested beyond 50 GiB per project-month", source: "https://cloud.google.com/stackdriver/pricing" },
    loggingFreeGb: { usd: 50, per: "GiB per project-month free", source: "https://cloud.google.com/stackdriver/pricing" },
    flowLogsGb: { usd: 0.5, per: "GiB of VPC flow logs", source: "https://cloud.google.com/vpc/network-pricing" },
    gcsRegionalGbMonth: { usd: 0.02, per: "GB-month (Standard, regional)", source: gcp_("storage") },
    gcsMultiRegionGbMonth: { usd: 0.026, per: "GB-month (Standard, multi-region)", source: gcp_("storage") },
    staticIpHour: { usd: 0.005, per: "external IPv4 address-hour in use by a VM", source: "https://cloud.google.com/vpc/network-pricing" },
    interRegionGb: { usd: 0.02, per: "GB between regions in North America", source: "https://cloud.google.com/vpc/network-pricing" },
    // Cloud Run, us-central1 (tier 1). Instance-based billing (CPU always allocated): every instance for its whole
    // lifetime; request-based (CPU only during requests): while serving, plus requests. Worker pools bill like
    // instance-based services. The monthly free tier (180,000 vCPU-s, 360,000 GiB-s) is left out.
    runInstanceVcpuSecond: { usd: 0.000018, per: "vCPU-second (instance-based billing, worker pools)", source: gcp_("run") },
    runInstanceGibSecond: { usd: 0.000002, per: "GiB-second (instance-based billing, worker pools)", source: gcp_("run") },
    runRequestVcpuSecond: { usd: 0.000024, per: "vCPU-second while serving (request-based billing)", source: gcp_("run") },
    runRequestGibSecond: { usd: 0.0000025, per: "GiB-second while serving (request-based billing)", source: gcp_("run") },
    runRequestsMillion: { usd: 0.4, per: "million requests (request-based billing)", source: gcp_("run") },
    internetEgressGb: {
      usd: 0.12,
      per: "GB to the internet (Premium tier, North America)",
      tiers: [{ upTo: 1_024, usd: 0.12 }, { upTo: 10_240, usd: 0.11 }, { usd: 0.08 }],
      source: "https://cloud.google.com/vpc/network-pricing",
    },
  },
} as const satisfies RateTable;

const az_ = (path: string) => `https://azure.microsoft.com/pricing/details/${path}/`;

export const azureRates = {
  prices: { region: "eastus", asOf: "2026-11", source: "Azure pay-as-you-go pricing pages (Managed Disks, AKS, PostgreSQL Flexible Server, NAT Gateway, IP addresses, Load Balancer, Front Door, WAF, Key Vault, Azure Monitor, Network Watcher, Storage, Private Link, DNS, Virtual Network, Container Apps)" },
  // Spot VMs: Azure states up to 90 % off; D/E v5 in eastus sit near 60–80 %.
  spotDiscount: 0.65,
  rates: {
    aksStandardHour: { usd: 0.1, per: "cluster-hour (Standard tier; Free tier $0)", source: az_("kubernetes-service") },
    aksPremiumHour: { usd: 0.6, per: "cluster-hour (Premium tier)", source: az_("kubernetes-service") },
    // Premium SSD (v1) managed disks are billed by the size tier the disk rounds up to.
    premiumSsdMonth: {
      usd: 5.28,
      per: "disk-month by tier: P4 32 GiB … P50 4 TiB",
      tiers: [{ upTo: 32, usd: 5.28 }, { upTo: 64, usd: 10.21 }, { upTo: 128, usd: 19.71 }, { upTo: 256, usd: 38.02 }, { upTo: 512, usd: 73.22 }, { upTo: 1024, usd: 135.17 }, { upTo: 2048, usd: 259.05 }, { upTo: 4096, usd: 495.57 }, { upTo: 8192, usd: 946.2 }, { usd: 1802.3 }],
      source: az_("managed-disks"),
    },
    standardSsdMonth: {
      usd: 2.4,
      per: "disk-month by tier: E4 32 GiB … E50 4 TiB",
      tiers: [{ upTo: 32, usd: 2.4 }, { upTo: 64, usd: 4.8 }, { upTo: 128, usd: 9.6 }, { upTo: 256, usd: 19.2 }, { upTo: 512, usd: 38.4 }, { upTo: 1024, usd: 76.8 }, { upTo: 2048, usd: 153.6 }, { usd: 307.2 }],
      source: az_("managed-disks"),
    },
    pgStorageGbMonth: { usd: 0.115, per: "GB-month (HA doubles)", source: az_("postgresql/flexible-server") },
    pgBackupGbMonth: { usd: 0.095, per: "GB-month beyond 100 % of provisioned storage (LRS; geo-redundant doubles)", source: az_("postgresql/flexible-server") },
    natGatewayHour: { usd: 0.045, per: "gateway-hour", source: az_("azure-nat-gateway") },
    natGatewayGb: { usd: 0.045, per: "GB processed", source: az_("azure-nat-gateway") },
    publicIpHour: { usd: 0.005, per: "Standard static IPv4 address-hour", source: az_("ip-addresses") },
    lbHour: { usd: 0.025, per: "hour for the first 5 rules (Standard)", source: az_("load-balancer") },
    lbExtraRuleHour: { usd: 0.01, per: "rule-hour beyond 5", source: az_("load-balancer") },
    lbProcessedGb: { usd: 0.005, per: "GB processed", source: az_("load-balancer") },
    metricAlertSeriesMonth: { usd: 0.1, per: "monitored metric time series-month (metric alert rule)", source: az_("monitor") },
    frontDoorStandardMonth: { usd: 35, per: "profile-month (Standard)", source: az_("frontdoor") },
    frontDoorPremiumMonth: { usd: 330, per: "profile-month (Premium, managed WAF rules and bot protection included)", source: az_("frontdoor") },
    frontDoorEgressGb: {
      usd: 0.083,
      per: "GB edge to client (Zone 1)",
      tiers: [{ upTo: 10_240, usd: 0.083 }, { upTo: 51_200, usd: 0.065 }, { upTo: 153_600, usd: 0.06 }, { usd: 0.04 }],
      source: az_("frontdoor"),
    },
    frontDoorStandardRequestsMillion: { usd: 0.9, per: "million requests (Standard, $0.009 per 10,000)", source: az_("frontdoor") },
    frontDoorPremiumRequestsMillion: { usd: 1.2, per: "million requests (Premium, $0.012 per 10,000)", source: az_("frontdoor") },
    wafPolicyMonth: { usd: 5, per: "policy-month (Front Door Standard, custom rules)", source: az_("web-application-firewall") },
    wafRuleMonth: { usd: 1, per: "custom rule-month (Front Door Standard)", source: az_("web-application-firewall") },
    wafRequestsMillion: { usd: 0.6, per: "million requests (Front Door Standard)", source: az_("web-application-firewall") },
    hsmKeyMonth: { usd: 1, per: "HSM-protected key-month (software keys: operations only)", source: az_("key-vault") },
    logAnalyticsGb: { usd: 2.3, per: "GB ingested (Analytics logs, pay-as-you-go)", source: az_("monitor") },
    flowLogsGb: { usd: 0.5, per: "GB of flow logs collected (first 5 GB free)", source: az_("network-watcher") },
    blobHotLrsGbMonth: { usd: 0.018, per: "GB-month (hot, LRS)", source: az_("storage/blobs") },
    blobHotZrsGbMonth: { usd: 0.0225, per: "GB-month (hot, ZRS)", source: az_("storage/blobs") },
    blobHotGrsGbMonth: { usd: 0.0368, per: "GB-month (hot, GRS/RA-GRS)", source: az_("storage/blobs") },
    blobHotGzrsGbMonth: { usd: 0.0414, per: "GB-month (hot, GZRS/RA-GZRS)", source: az_("storage/blobs") },
    privateEndpointHour: { usd: 0.01, per: "endpoint-hour", source: az_("private-link") },
    // Consumption plan, active usage (idle replicas bill less: priced as active); the monthly free grant of 180,000
    // vCPU-seconds and 360,000 GiB-seconds per subscription is not deducted.
    containerAppsVcpuSecond: { usd: 0.000024, per: "vCPU-second (Consumption, active)", source: az_("container-apps") },
    containerAppsGibSecond: { usd: 0.000003, per: "GiB-second (Consumption, active)", source: az_("container-apps") },
    privateDnsZoneMonth: { usd: 0.5, per: "zone-month (first 25)", source: az_("dns") },
    globalPeeringGb: { usd: 0.035, per: "GB each way across regions (Zone 1)", source: az_("virtual-network") },
    internetEgressGb: {
      usd: 0.087,
      per: "GB to the internet (first 100 GB free)",
      tiers: [{ upTo: 100, usd: 0 }, { upTo: 10_240, usd: 0.087 }, { upTo: 51_200, usd: 0.083 }, { upTo: 153_600, usd: 0.07 }, { usd: 0.05 }],
      source: "https://azure.microsoft.com/pricing/details/bandwidth/",
    },
  },
} as const satisfies RateTable;

/** The rate tables, one per cloud. */
export const rateTables = { aws: awsRates, gcp: gcpRates, azure: azureRates } as const;

/** Monthly USD for a quantity of a tiered (or flat) rate. */
export function tieredCost(rate: Rate, quantity: number): number {
  if (!rate.tiers) return rate.usd * quantity;
  let rest = quantity;
  let floor = 0;
  let total = 0;
  for (const tier of rate.tiers) {
    const size = tier.upTo === undefined ? rest : Math.min(rest, tier.upTo - floor);
    total += size * tier.usd;
    rest -= size;
    floor = tier.upTo ?? floor;
    if (rest <= 0) break;
  }
  return total;
}

/** The tier price of a size-tiered rate (Azure managed disks): the first tier the size fits in. */
export function sizeTierPrice(rate: Rate, size: number): number {
  const tiers = rate.tiers ?? [{ usd: rate.usd }];
  return (tiers.find((t) => t.upTo === undefined || size <= t.upTo) ?? tiers[tiers.length - 1]!).usd;
}
