import { z } from "zod";
import { catalogFor, shapeProblem, unknownType, type CatalogTable } from "../catalog";
import type { Cloud } from "../core/cloud";
import { formatPath, formatValue, type Problem } from "../core/errors";
import { MachineTypeOverride, strict, type Gpu, type Shape } from "./common";

/**
 * One broken rule, found by a component's rule function (`databaseRules`, `cacheRules` …): its path relative
 * to the component, what is allowed, and the value received. The topology prefixes the path (`database.`) and
 * adds it as a zod issue; a standalone construct turns it into a `Problem` as it is (`toProblems`). One rule,
 * one wording, both ways.
 */
export interface Finding {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
}

export function finding(path: readonly PropertyKey[], message: string, input?: unknown): Finding {
  return input === undefined ? { path, message } : { path, message, input };
}

/** The same finding, one level down (`nodePools[2]` + `instanceType`). */
export function under(prefix: readonly PropertyKey[], findings: readonly Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, path: [...prefix, ...f.path] }));
}

/** Findings as problems, formatted exactly as the topology's zod issues are (`problemsFromZod`). */
export function toProblems(findings: readonly Finding[], prefix: readonly PropertyKey[] = []): Problem[] {
  return findings.map((f) => {
    const path = formatPath([...prefix, ...f.path]);
    const plain = f.input === undefined || (typeof f.input === "object" && f.input !== null && !Array.isArray(f.input));
    return plain ? { path, message: f.message } : { path, message: f.message, received: formatValue(f.input) };
  });
}

/**
 * Machine types the catalog does not list but the user vouches for: the explicit escape from the check that
 * rejects unknown `instanceType`, `instanceClass` and `nodeType` overrides. Topology: `catalog`; standalone
 * components: the `catalog` prop.
 */
export const CatalogOptionsSchema = strict({
  allowMachineTypes: z
    .array(MachineTypeOverride.unwrap())
    .max(50)
    .default([])
    .meta({
      description:
        "Machine types (instance types, database classes, cache node types) that are real but not in tierform's catalog. An override naming one is used as written; the planner takes the shape, GPU or memory you asked for as its capability. Any other name the catalog does not know is rejected with the nearest catalog names.",
    }),
}).meta({ description: "Exceptions to the machine catalog." });
export type CatalogOptionsProps = z.input<typeof CatalogOptionsSchema>;
export type CatalogOptions = z.output<typeof CatalogOptionsSchema>;

/** What every component's rules know besides the spec: where it renders and what the user allowed. */
export interface RuleContext {
  readonly cloud: Cloud;
  readonly catalog?: CatalogOptions | undefined;
}

const ALLOW_HINT = "(a real type the catalog does not list: add it to catalog.allowMachineTypes)";

/**
 * A machine request checked against the catalog: the shape must be met (at `shapePath`), and an explicit
 * type (at `overridePath`) must be one the cloud's catalog lists, or one the user allowed; with a GPU request
 * a listed type must carry that GPU.
 */
export function machineRules(
  rc: RuleContext,
  table: CatalogTable,
  request: { shape: Shape; override?: string | undefined; gpu?: Gpu | undefined },
  paths: { shape: readonly PropertyKey[]; override: readonly PropertyKey[] },
): Finding[] {
  const { shape, override, gpu } = request;
  if (override) {
    const unknown = unknownType(rc.cloud, table, override, gpu);
    // Another cloud's or another table's name is never right, allowed or not.
    if (unknown && (unknown.kind !== "unknown" || !rc.catalog?.allowMachineTypes.includes(override))) {
      return [finding(paths.override, unknown.kind === "unknown" ? `${unknown.message} ${ALLOW_HINT}` : unknown.message, override)];
    }
  }
  const p = shapeProblem(rc.cloud, table, shape, override, gpu);
  if (!p) return [];
  return [p.onOverride ? finding(paths.override, p.message, override) : finding(paths.shape, p.message)];
}

/** A DNS zone for the app's hostname: only with that hostname, and named the way the cloud names zones. */
export function dnsZoneRules(cloud: Cloud, tls: { domain?: string | undefined; dnsZoneId?: string | undefined }): Finding[] {
  if (!tls.dnsZoneId) return [];
  const zone = catalogFor(cloud).dnsZoneId;
  return [
    ...(tls.domain ? [] : [finding(["dnsZoneId"], "needs domain (the zone holds the app's hostname)")]),
    ...(zone.pattern.test(tls.dnsZoneId) ? [] : [finding(["dnsZoneId"], `expected a ${cloud} DNS zone such as ${zone.example}`, tls.dnsZoneId)]),
  ];
}

/** HTTPS needs a hostname for its certificate wherever a load balancer or CDN serves the app. */
export function domainRules(served: { loadBalancer: boolean; cdn: boolean }, domain: string | undefined): Finding[] {
  if ((!served.loadBalancer && !served.cdn) || domain) return [];
  return [finding(["domain"], "required with a load balancer or CDN: HTTPS needs a certificate for the app's hostname (e.g. app.example.com)")];
}

/** Where the cloud needs a place to put things: a GCP project, an Azure resource group. */
export function placementRules(cloud: Cloud, where: { project?: string | undefined; resourceGroup?: string | undefined }, needsResourceGroup: boolean): Finding[] {
  return [
    ...(cloud === "gcp" && !where.project ? [finding(["project"], "required on gcp: the id of the GCP project to deploy into (e.g. acme-prod-123)")] : []),
    ...(needsResourceGroup && cloud === "azure" && !where.resourceGroup ? [finding(["resourceGroup"], "required on azure: the resource group to create resources in")] : []),
  ];
}
