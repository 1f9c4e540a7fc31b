import type { Construct } from "constructs";
import { Environment } from "../src/stacks/environment";
import { enterprise, large, medium, small } from "../tiers";
import type { Cloud } from "../src/core/cloud";

/** A documentation-range CIDR standing in for your office or CI runners. */
const OPERATOR_CIDR = "203.0.113.0/24";

/**
 * The default app: one environment per tier, on every cloud tierform renders.
 * Stack names: demo-<tier>-prod-infra (e.g. demo-large-prod-infra on AWS).
 */
export function defaultApp(app: Construct, clouds: readonly Cloud[] = ["aws"]): Environment[] {
  const region = { aws: "us-west-2" } as const satisfies Record<Cloud, string>;
  return clouds.flatMap((cloud) => {
    const suffix = cloud === "aws" ? "" : `-${cloud}`;
    const where = { cloud, region: region[cloud], environment: "prod" } as const;
    return [
      new Environment(app, `small${suffix}`, small({ ...where, name: `demo-small${suffix}`.slice(0, 12) })),
      new Environment(app, `medium${suffix}`, medium({ ...where, name: `demo-medium`, domain: "shop.example.com" })),
      new Environment(
        app,
        `large${suffix}`,
        large({ ...where, name: "demo-large", domain: "app.example.com", compute: { apiAccessCidrs: [OPERATOR_CIDR] } as never }),
      ),
      new Environment(app, `enterprise${suffix}`, enterprise({ ...where, name: "demo-ent", domain: "www.example.com", dnsZoneId: "Z0123456789EXAMPLE" })),
    ];
  });
}
