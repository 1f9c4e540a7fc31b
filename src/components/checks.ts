import type { Cloud } from "../core/cloud";
import type { NetworkRef } from "../core/contracts";
import { formatValue, type Problem } from "../core/errors";
import { parseCidr } from "../model/network";

/** How many zones a network a user handed in spans; undefined when it is no network (`networkProblems` says so). */
export function networkZones(network: unknown): number | undefined {
  const zones = (network as Partial<NetworkRef> | null | undefined)?.zones;
  return Array.isArray(zones) ? zones.length : undefined;
}

/** A network's CIDR when it is a well-formed one (the network check reports anything else). */
export function networkCidr(network: unknown): string | undefined {
  const cidr = (network as Partial<NetworkRef> | null | undefined)?.cidr;
  return typeof cidr === "string" && parseCidr(cidr) ? cidr : undefined;
}

const NETWORK_SHAPE = "{ cloud, id, cidr, zones, privateSubnetIds, publicSubnetIds } (a Network's ref, or your own)";

/**
 * What is wrong with the network a standalone component was given: missing, another cloud's, or lacking a
 * field or a cloud-specific handle (`needs`, e.g. Azure PostgreSQL's delegated `databaseSubnetId`). TypeScript
 * cannot tell an AWS network from a GCP one, and plain JavaScript callers pass anything.
 */
export function networkProblems(cloud: Cloud, network: unknown, needs: readonly string[] = []): Problem[] {
  if (network === null || typeof network !== "object" || Array.isArray(network)) {
    return [{ path: "network", message: `required: the network to live in, ${NETWORK_SHAPE}`, ...(network === undefined ? {} : { received: formatValue(network) }) }];
  }
  const n = network as Partial<Record<keyof NetworkRef, unknown>>;
  const problems: Problem[] = [];
  const problem = (field: string, message: string, value: unknown) => problems.push({ path: `network.${field}`, message, ...(value === undefined ? {} : { received: formatValue(value) }) });
  if (n.cloud !== cloud) problem("cloud", `expected "${cloud}", the component's cloud`, n.cloud);
  if (typeof n.id !== "string" || n.id === "") problem("id", "required: the VPC, VNet or network id", n.id);
  if (typeof n.cidr !== "string" || !parseCidr(n.cidr)) problem("cidr", "expected the network's IPv4 CIDR, e.g. 10.0.0.0/16", n.cidr);
  if (!Array.isArray(n.zones) || n.zones.length === 0) problem("zones", "expected the zones the network spans, e.g. [\"us-west-2a\", \"us-west-2b\"]", n.zones);
  if (!Array.isArray(n.privateSubnetIds) || n.privateSubnetIds.length === 0) problem("privateSubnetIds", "expected the private subnets, one per zone", n.privateSubnetIds);
  if (!Array.isArray(n.publicSubnetIds)) problem("publicSubnetIds", "expected a list of public subnets (may be empty)", n.publicSubnetIds);
  const attributes = (n.attributes ?? {}) as Record<string, unknown>;
  for (const name of needs) {
    if (typeof attributes[name] !== "string" || attributes[name] === "") problem(`attributes.${name}`, `required on ${cloud} by this component`, attributes[name]);
  }
  return problems;
}
