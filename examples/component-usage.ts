// The README's "Use a component in your own stack" example, compiled by `npm test`.
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "../src/core/tf";
import { PostgresHa } from "../src/components/data-stores";

export class Orders extends TerraformStack {
  readonly db: PostgresHa;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    const network = {
      cloud: "aws",
      id: "vpc-0123456789abcdef0",
      cidr: "10.20.0.0/16",
      zones: ["eu-west-1a", "eu-west-1b"],
      privateSubnetIds: ["subnet-aaaa", "subnet-bbbb"],
      publicSubnetIds: ["subnet-cccc", "subnet-dddd"],
    } as const;
    this.db = new PostgresHa(this, "orders-db", {
      cloud: "aws",
      name: "orders-prod",
      region: "eu-west-1",
      production: true,
      network,
      clients: ["sg-0123app"],
      shape: { vcpu: 4, memoryGiB: 32 },
      storageGiB: 200,
      ha: true,
      readReplicas: 1,
    });
  }
}
