import type { Construct } from "constructs";
import { CLOUDS, type Cloud } from "../src/core/cloud";
import type { Topology } from "../src/model/topology";
import { Environment } from "../src/stacks/environment";
import { TIER_NAMES, enterprise, large, medium, mediumContainers, small, type TierName } from "../tiers";
import { exampleWorkloads } from "./workloads";

/** A documentation-range CIDR standing in for your office or CI runners. */
const OPERATOR_CIDR = "203.0.113.0/24";

const PRIMARY_REGION = { aws: "us-west-2", gcp: "us-central1", azure: "eastus" } as const satisfies Record<Cloud, string>;
/** The enterprise tier's failover region on each cloud. */
const SECONDARY_REGION = { aws: "us-east-1", gcp: "us-east4", azure: "westus3" } as const satisfies Record<Cloud, string>;
/** Each cloud's way of naming the DNS zone that holds the demo domain. */
const DNS_ZONE = {
  aws: "Z0123456789EXAMPLE",
  gcp: "example-com",
  azure: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/dnszones/example.com",
} as const satisfies Record<Cloud, string>;
/** A placeholder admin key for Azure servers (Azure requires one; use your own). */
const DEMO_SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxd0HHDZ4O2kUaxd7i3nNAt0dbiJqUBqgP0hWVtC1sq demo@tierform";
/** Where each cloud needs a project or account id in the topology. */
const PROJECT: Partial<Record<Cloud, string>> = { gcp: "tierform-demo-prod" };
/** Where alerts go: an on-call mailbox and, on the Kubernetes tiers, an incident tool's webhook (placeholders: use yours). */
const NOTIFY = { emails: ["ops@example.com"] };
const PAGER = { ...NOTIFY, webhook: "https://events.example.com/tierform/alerts" };
const SHORT = { small: "small", medium: "medium", large: "large", enterprise: "ent" } as const satisfies Record<TierName, string>;

/** The demo topology of one tier on one cloud; the tests snapshot exactly these. Enterprise may take other `workloads`. */
export function demoTopology(tier: TierName, cloud: Cloud, options: { readonly workloads?: typeof exampleWorkloads } = {}): Topology {
  const project = PROJECT[cloud];
  const where = { cloud, region: PRIMARY_REGION[cloud], environment: "prod", name: `${SHORT[tier]}-${cloud}`, ...(project ? { project } : {}) } as const;
  const monitoring = { notify: tier === "large" || tier === "enterprise" ? PAGER : NOTIFY, ...(tier === "large" ? { grafana: true } : {}) };
  switch (tier) {
    case "small":
      return small({ ...where, monitoring, ...(cloud === "azure" ? { compute: { sshPublicKey: DEMO_SSH_KEY } } : {}) });
    case "medium":
      return medium({ ...where, monitoring, domain: "shop.example.com", ...(cloud === "azure" ? { compute: { sshPublicKey: DEMO_SSH_KEY } } : {}) });
    case "large":
      return large({ ...where, monitoring, domain: "app.example.com", compute: { apiAccessCidrs: [OPERATOR_CIDR] }, workloads: exampleWorkloads });
    case "enterprise":
      return enterprise({
        ...where,
        monitoring,
        region: undefined,
        regions: [PRIMARY_REGION[cloud], SECONDARY_REGION[cloud]],
        domain: "www.example.com",
        dnsZoneId: DNS_ZONE[cloud],
        compute: { apiAccessCidrs: [OPERATOR_CIDR] },
        // The same apps as large: every stack of the default app exercises the platform's features (VPA, pooler, alerts).
        workloads: options.workloads ?? exampleWorkloads,
      });
  }
}

/**
 * medium on serverless containers (ECS on Fargate, Cloud Run, Container Apps) with the SocialTrend guide's web
 * service and Celery worker; the tests snapshot exactly this.
 */
export function demoContainersTopology(cloud: Cloud): Topology {
  const project = PROJECT[cloud];
  return mediumContainers({
    cloud,
    region: PRIMARY_REGION[cloud],
    environment: "prod",
    name: `svc-${cloud}`,
    ...(project ? { project } : {}),
    domain: "social.example.com",
    monitoring: { notify: NOTIFY },
  });
}

/**
 * The default app: one environment per tier on every cloud tierform renders.
 * Stack names: <tier>-<cloud>-prod-infra, e.g. large-aws-prod-infra, and svc-<cloud>-prod-infra for medium on
 * serverless containers; Kubernetes tiers add
 * <tier>-<cloud>-prod-platform. The enterprise tier runs in two regions: ent-<cloud>-prod-<code>-infra and
 * -platform per region (e.g. ent-aws-prod-usw2-infra) and ent-<cloud>-prod-global.
 */
export function defaultApp(app: Construct, clouds: readonly Cloud[] = CLOUDS): Environment[] {
  return clouds.flatMap((cloud) => [
    ...TIER_NAMES.map((tier) => new Environment(app, `${tier}-${cloud}`, demoTopology(tier, cloud))),
    new Environment(app, `medium-containers-${cloud}`, demoContainersTopology(cloud)),
  ]);
}
