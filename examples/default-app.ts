import type { Construct } from "constructs";
import { CLOUDS, type Cloud } from "../src/core/cloud";
import type { Topology } from "../src/model/topology";
import { Environment } from "../src/stacks/environment";
import { TIER_NAMES, enterprise, large, medium, small, type TierName } from "../tiers";

/** A documentation-range CIDR standing in for your office or CI runners. */
const OPERATOR_CIDR = "203.0.113.0/24";

const PRIMARY_REGION = { aws: "us-west-2", gcp: "us-central1" } as const satisfies Record<Cloud, string>;
/** Where each cloud needs a project or account id in the topology. */
const PROJECT: Partial<Record<Cloud, string>> = { gcp: "tierform-demo-prod" };
const SHORT = { small: "small", medium: "medium", large: "large", enterprise: "ent" } as const satisfies Record<TierName, string>;

/** The demo topology of one tier on one cloud; the tests snapshot exactly these. */
export function demoTopology(tier: TierName, cloud: Cloud): Topology {
  const project = PROJECT[cloud];
  const where = { cloud, region: PRIMARY_REGION[cloud], environment: "prod", name: `${SHORT[tier]}-${cloud}`, ...(project ? { project } : {}) } as const;
  switch (tier) {
    case "small":
      return small(where);
    case "medium":
      return medium({ ...where, domain: "shop.example.com" });
    case "large":
      return large({ ...where, domain: "app.example.com", compute: { apiAccessCidrs: [OPERATOR_CIDR] } });
    case "enterprise":
      return enterprise({ ...where, domain: "www.example.com", dnsZoneId: "Z0123456789EXAMPLE", compute: { apiAccessCidrs: [OPERATOR_CIDR] } });
  }
}

/**
 * The default app: one environment per tier on every cloud tierform renders.
 * Stack names: <tier>-<cloud>-prod-infra, e.g. large-aws-prod-infra.
 */
export function defaultApp(app: Construct, clouds: readonly Cloud[] = CLOUDS): Environment[] {
  return clouds.flatMap((cloud) => TIER_NAMES.map((tier) => new Environment(app, `${tier}-${cloud}`, demoTopology(tier, cloud))));
}
