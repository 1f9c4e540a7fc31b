import type { Construct } from "constructs";
import type { RenderContext } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";

/** The Front Door tier the CDN renders: managed WAF rule sets (`compliance.waf`) need Premium. */
export function frontDoorSku(ctx: RenderContext): "Premium_AzureFrontDoor" | "Standard_AzureFrontDoor" {
  return ctx.compliance?.waf ? "Premium_AzureFrontDoor" : "Standard_AzureFrontDoor";
}

/**
 * An app origin that is a Container App rather than a layer-4 load balancer: it terminates TLS itself and routes by
 * host (Front Door sends its FQDN as the host header and reaches it over HTTPS), and on Premium it is reached over
 * Private Link to its environment.
 */
export interface ContainerAppOrigin {
  /** The Container Apps environment Front Door Premium connects to over Private Link (an internal environment). */
  readonly privateLink?: { readonly environmentId: string; readonly location: string };
}

/** Per stack: the app origins (by host) that are Container Apps. */
const registered = new WeakMap<TerraformStack, Map<string, ContainerAppOrigin>>();

/** Marks `host` (a Container App's FQDN, as the CDN will get it) as a Container Apps origin of this stack. */
export function registerContainerAppOrigin(scope: Construct, host: string, origin: ContainerAppOrigin): void {
  const stack = TerraformStack.of(scope);
  const map = registered.get(stack) ?? new Map<string, ContainerAppOrigin>();
  map.set(host, origin);
  registered.set(stack, map);
}

/** How Front Door reaches `host` when it is a Container App of this stack; undefined for a load balancer. */
export function containerAppOrigin(scope: Construct, host: string): ContainerAppOrigin | undefined {
  return registered.get(TerraformStack.of(scope))?.get(host);
}
