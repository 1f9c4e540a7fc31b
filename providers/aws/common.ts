import type { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { NetworkAttribute, NetworkRef } from "../../src/core/contracts";
import { requireNetworkAttribute } from "../../src/core/network-ref";

/** A handle of an AWS network (`NetworkAttributes["aws"]`), by its typed name; a clear error when it is missing. */
export function awsNetworkAttribute(network: NetworkRef, name: NetworkAttribute<"aws">): string {
  return requireNetworkAttribute(network, "aws", name);
}

/** `Name` tag plus the context's tags (provider default_tags add them too; resources keep their own Name). */
export function named(name: string): Record<string, string> {
  return { Name: name };
}

export interface Statement {
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: Record<string, string | readonly string[]>;
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
  readonly Sid?: string;
}

/** An IAM policy document as a JSON string (tokens inside are resolved by cdktf at synth). */
export function policy(...statements: Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A role a service assumes, with AWS-managed policies attached by ARN suffix. */
export function serviceRole(
  scope: Construct,
  id: string,
  name: string,
  service: string,
  managedPolicies: readonly string[],
  extraActions: readonly string[] = [],
): IamRole {
  const role = new IamRole(scope, id, {
    name,
    assumeRolePolicy: policy({
      Effect: "Allow",
      Principal: { Service: service },
      Action: ["sts:AssumeRole", ...extraActions],
    }),
  });
  for (const managed of managedPolicies) {
    const short = managed.split("/").pop() ?? managed;
    new IamRolePolicyAttachment(scope, `${id}-${short}`, {
      role: role.name,
      policyArn: `arn:aws:iam::aws:policy/${managed}`,
    });
  }
  return role;
}

/** A security group with no inline rules; rules are separate resources so others can add to it. */
export function securityGroup(scope: Construct, id: string, vpcId: string, name: string, description: string): SecurityGroup {
  return new SecurityGroup(scope, id, {
    name,
    description,
    vpcId,
    tags: named(name),
    lifecycle: { createBeforeDestroy: true },
  });
}

/** Allows TCP `port` into `groupId` from each client security group; `description` says from whom and what. */
export function allowFromGroups(scope: Construct, id: string, groupId: string, port: number, clients: readonly string[], description: string): VpcSecurityGroupIngressRule[] {
  return clients.map(
    (client, i) =>
      new VpcSecurityGroupIngressRule(scope, `${id}-${i}`, {
        securityGroupId: groupId,
        referencedSecurityGroupId: client,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description,
      }),
  );
}

export function allowFromCidr(scope: Construct, id: string, groupId: string, port: number, cidr: string, description: string): VpcSecurityGroupIngressRule {
  return new VpcSecurityGroupIngressRule(scope, id, {
    securityGroupId: groupId,
    cidrIpv4: cidr,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    description,
  });
}

/** Outbound: everything (app servers and nodes pull images and packages through NAT). */
export function allowAllEgress(scope: Construct, id: string, groupId: string, description: string): VpcSecurityGroupEgressRule {
  return new VpcSecurityGroupEgressRule(scope, id, {
    securityGroupId: groupId,
    cidrIpv4: "0.0.0.0/0",
    ipProtocol: "-1",
    description,
  });
}
