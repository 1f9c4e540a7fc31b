import type { Cloud } from "./cloud";
import type { NetworkAttribute, NetworkRef } from "./contracts";
import { TierformError } from "./errors";

/**
 * A network's handle by its typed name, or undefined when the network does not carry it (a network of your
 * own may leave out handles with a fallback, e.g. GCP's `subnetwork`). A network of another cloud has none.
 */
export function networkAttribute<C extends Cloud>(network: NetworkRef, cloud: C, name: NetworkAttribute<C>): string | undefined {
  if (network.cloud !== cloud) return undefined;
  const value = (network.attributes as Readonly<Record<string, string | undefined>> | undefined)?.[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * A handle a renderer cannot do without. Components check the handles their renderer declares
 * (`networkNeeds`) when they are made, so this only fails for a call that skipped that check; it then says
 * which handle is missing instead of sending `undefined` to the provider.
 */
export function requireNetworkAttribute<C extends Cloud>(network: NetworkRef, cloud: C, name: NetworkAttribute<C>): string {
  const value = networkAttribute(network, cloud, name);
  if (value === undefined) {
    throw new TierformError("Invalid network", [{ path: `network.attributes.${name}`, message: `required on ${cloud}: the network's ${name} (a tierform Network's ref carries it)` }]);
  }
  return value;
}
