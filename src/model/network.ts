import { z } from "zod";
import { intRange, oneOf, strict } from "./common";
import type { Finding } from "./rules";

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses an IPv4 CIDR into [network as uint32, prefix], or undefined when malformed. */
export function parseCidr(cidr: string): [number, number] | undefined {
  const m = CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  return [ip, prefix];
}

/** First and last address of a CIDR as integers (undefined when malformed). */
export function cidrBounds(cidr: string): [number, number] | undefined {
  const parsed = parseCidr(cidr);
  if (!parsed) return undefined;
  const [ip, prefix] = parsed;
  return [ip, ip + 2 ** (32 - prefix) - 1];
}

/** Whether two address ranges share any address. */
export function rangesOverlap(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** RFC 1918: the ranges a private network is numbered from. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** An IPv4 CIDR whose host bits are zero, with a prefix in [minPrefix, maxPrefix]. */
export function cidrBlock(minPrefix: number, maxPrefix: number) {
  return z.string().superRefine((value, ctx) => {
    const parsed = parseCidr(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", input: value, message: "expected an IPv4 CIDR such as 10.0.0.0/16" });
      return;
    }
    const [ip, prefix] = parsed;
    if (prefix < minPrefix || prefix > maxPrefix) {
      ctx.addIssue({ code: "custom", input: value, message: `expected a prefix length /${minPrefix}–/${maxPrefix}` });
      return;
    }
    const size = 2 ** (32 - prefix);
    if (ip % size !== 0) {
      ctx.addIssue({ code: "custom", input: value, message: "expected a network address (host bits zero)" });
    }
  });
}

export const NAT_STRATEGIES = ["single", "perZone", "none"] as const;

export const NetworkSchema = strict({
  cidr: cidrBlock(16, 20)
    .superRefine((value, ctx) => {
      const bounds = cidrBounds(value);
      const inside = (range: string) => {
        const r = cidrBounds(range)!;
        return bounds !== undefined && bounds[0] >= r[0] && bounds[1] <= r[1];
      };
      if (bounds && !PRIVATE_RANGES.some(inside)) {
        ctx.addIssue({ code: "custom", input: value, message: `expected a private range inside ${PRIVATE_RANGES.join(", ")} (RFC 1918)` });
      }
    })
    .default("10.0.0.0/16")
    .meta({ description: "Address range of the VPC/VNet: private (RFC 1918), /16–/20; subnets are carved from it by the planner." }),
  zones: intRange(1, 3)
    .default(3)
    .meta({ description: "Availability zones to spread across. HA databases and caches need at least 2." }),
  nat: oneOf(NAT_STRATEGIES)
    .default("single")
    .meta({ description: "Egress for private subnets: one NAT for all zones, one per zone (no cross-zone SPOF), or none." }),
});
export type NetworkProps = z.input<typeof NetworkSchema>;
export type NetworkSpec = z.output<typeof NetworkSchema>;

/**
 * A network's rules in a region, paths relative to the network: it spans no more zones than the region has.
 * The topology checks the region with the fewest zones; `Network` its own region.
 */
export function networkRules(spec: { readonly zones: number }, region: { readonly name: string; readonly zones: number }): Finding[] {
  return spec.zones > region.zones ? [{ path: ["zones"], message: `expected ≤ ${region.zones} (zones in ${region.name})`, input: spec.zones }] : [];
}
