import type { Topology } from "../model/topology";

/**
 * Hostnames of the app. With a CDN in front, the load balancer answers on `origin.<domain>` (its own
 * certificate) and the CDN on `<domain>`; without one, the load balancer answers on `<domain>`.
 */
export function planHosts(t: Pick<Topology, "domain" | "cdn">): { domain?: string; loadBalancerHost?: string } {
  if (!t.domain) return {};
  return { domain: t.domain, loadBalancerHost: t.cdn?.appOrigin ? `origin.${t.domain}` : t.domain };
}

/** The hostname that reaches one region's load balancer only (health checks, direct access): `<code>.origin.<domain>`. */
export function regionalHost(loadBalancerHost: string, code: string): string {
  return `${code}.${loadBalancerHost}`;
}
