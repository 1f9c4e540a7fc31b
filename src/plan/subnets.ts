import { cidrBounds, parseCidr } from "../model/network";

export interface SubnetPlan {
  readonly zone: string;
  readonly privateCidr: string;
  readonly publicCidr: string;
}

export function toCidr(ip: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(ip / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix}`;
}

/**
 * Carves a network into per-zone subnets with a layout that never moves when zones are added:
 * the first three quarters are private subnets (large, for nodes and pods), the last quarter is split
 * in four and its first three parts are public subnets (small, for load balancers and NAT).
 * A /16 gives /18 private and /20 public subnets.
 */
export function planSubnets(cidr: string, zones: readonly string[]): SubnetPlan[] {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`planSubnets: invalid CIDR ${cidr}`);
  if (zones.length > 3) throw new Error(`planSubnets: at most 3 zones, got ${zones.length}`);
  const [base, prefix] = parsed;
  const quarter = 2 ** (32 - prefix - 2);
  const sixteenth = quarter / 4;
  return zones.map((zone, i) => ({
    zone,
    privateCidr: toCidr(base + i * quarter, prefix + 2),
    publicCidr: toCidr(base + 3 * quarter + i * sixteenth, prefix + 4),
  }));
}

/** [first, last] addresses of a CIDR as integers, for overlap checks; the model has checked it. */
export function cidrRange(cidr: string): [number, number] {
  const bounds = cidrBounds(cidr);
  if (!bounds) throw new Error(`cidrRange: invalid CIDR ${cidr}`);
  return bounds;
}

/** Address ranges of a regional network (GCP): one subnet for nodes, secondary ranges, a service-connect subnet. */
export interface RegionalRanges {
  /** Primary range of the subnet: VMs and Kubernetes nodes. */
  readonly primary: string;
  /** Secondary range for pods (VPC-native clusters). */
  readonly pods: string;
  /** Secondary range for Kubernetes services. */
  readonly services: string;
  /** Small subnet for Private Service Connect endpoints (Memorystore Cluster). */
  readonly serviceConnect: string;
  /** Small subnet delegated to a managed database (Azure PostgreSQL Flexible Server). */
  readonly delegated: string;
  /** Small subnet for private endpoints (Azure Managed Redis). */
  readonly endpoints: string;
  /** /28 for the Kubernetes control plane's private endpoint. */
  readonly controlPlane: string;
  /**
   * Subnet of a serverless container environment (Azure Container Apps with workload profiles: delegated, at
   * least a /27): an eighth of the second quarter, after the /26 subnets. A /16 gives a /21, a /20 a /25.
   */
  readonly containers: string;
}

/**
 * Lays out a regional network: the first quarter for nodes, the second half for pods, and the second
 * quarter split into services (first half) and, in its second half, three /26 subnets (service connect,
 * delegated database, private endpoints), the containers subnet at three quarters of it, and the
 * control plane's /28 at its end. A /16 gives /18 nodes, /17 pods, /19 services; the layout fits down to a /20.
 * Ranges are only ever added in space nothing else uses, so existing ones never move.
 */
export function planRegionalRanges(cidr: string): RegionalRanges {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`planRegionalRanges: invalid CIDR ${cidr}`);
  const [base, prefix] = parsed;
  const quarter = 2 ** (32 - prefix - 2);
  const secondQuarter = base + quarter;
  return {
    primary: toCidr(base, prefix + 2),
    pods: toCidr(base + 2 * quarter, prefix + 1),
    services: toCidr(secondQuarter, prefix + 3),
    serviceConnect: toCidr(secondQuarter + quarter / 2, 26),
    delegated: toCidr(secondQuarter + quarter / 2 + 64, 26),
    endpoints: toCidr(secondQuarter + quarter / 2 + 128, 26),
    controlPlane: toCidr(secondQuarter + quarter - 16, 28),
    containers: toCidr(secondQuarter + (quarter * 3) / 4, prefix + 5),
  };
}
