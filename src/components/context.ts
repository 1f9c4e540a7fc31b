import { z } from "zod";
import { catalogFor, regionInfo } from "../catalog";
import { CLOUDS } from "../core/cloud";
import type { RenderContext } from "../core/contracts";
import { TierformError, problemsFromZod, type Problem } from "../core/errors";
import { TagsSchema, dnsLabel, PARSE_OPTIONS, oneOf, strict } from "../model/common";
import { projectId } from "../model/topology";
import { ComplianceSchema } from "../model/compliance";
import { CatalogOptionsSchema, placementRules, toProblems } from "../model/rules";

/** Where a standalone component renders: cloud, region and naming prefix. */
export const ComponentContextSchema = strict({
  cloud: oneOf(CLOUDS),
  name: dnsLabel(2, 32).meta({ description: "Prefix of every physical name, e.g. acme-prod." }),
  region: z.string().min(1),
  project: projectId.optional().meta({ description: "Cloud project (required on gcp)." }),
  resourceGroup: z.string().min(1).optional().meta({ description: "Resource group to create resources in (required on azure)." }),
  production: z.boolean().default(false).meta({ description: "Production protections (deletion protection, final snapshots)." }),
  tags: TagsSchema,
  logRetentionDays: z.literal([7, 14, 30, 90, 180, 365]).default(90),
  compliance: ComplianceSchema.prefault({}).meta({ description: "WAF, customer-managed keys, flow logs, audit logs." }),
  catalog: CatalogOptionsSchema.prefault({}).meta({
    description: "Exceptions to the machine catalog: allowMachineTypes lists real types tierform's catalog does not know, so an instanceType, instanceClass or nodeType may name them.",
  }),
});
export type ComponentContextProps = z.input<typeof ComponentContextSchema>;
const CONTEXT_KEYS = Object.keys(ComponentContextSchema.shape) as (keyof ComponentContextProps)[];

/** Splits a component's flat props into its context and the rest. */
export function splitContext<P extends ComponentContextProps>(props: P): [ComponentContextProps, Omit<P, keyof ComponentContextProps>] {
  const ctx: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) (CONTEXT_KEYS.includes(k as keyof ComponentContextProps) ? ctx : rest)[k] = v;
  return [ctx as ComponentContextProps, rest as Omit<P, keyof ComponentContextProps>];
}

/**
 * Parses a component's context and spec together, so every problem of both is reported at once.
 * `extra` runs only when both parsed and may add problems of its own.
 */
export function parseComponent<S extends z.ZodType>(
  subject: string,
  contextInput: unknown,
  schema: S,
  specInput: unknown,
  extra?: (ctx: RenderContext, spec: z.output<S>) => Problem[],
  /** A key of the spec whose contents the user wrote flat (e.g. `compute`): its prefix is dropped from paths. */
  flatten?: string,
): { ctx: RenderContext; spec: z.output<S> } {
  const c = ComponentContextSchema.safeParse(contextInput, PARSE_OPTIONS);
  const s = schema.safeParse(specInput, PARSE_OPTIONS);
  const problems: Problem[] = [...(c.success ? [] : problemsFromZod(c.error.issues)), ...(s.success ? [] : problemsFromZod(s.error.issues))];
  let ctx: RenderContext | undefined;
  if (c.success) {
    const region = regionInfo(catalogFor(c.data.cloud), c.data.region);
    problems.push(...toProblems(placementRules(c.data.cloud, c.data, true)));
    if (!region) {
      problems.push({ path: "region", message: `expected one of the ${c.data.cloud} regions ${Object.keys(catalogFor(c.data.cloud).regions).join(", ")}`, received: JSON.stringify(c.data.region) });
    } else {
      ctx = {
        cloud: c.data.cloud,
        prefix: c.data.name,
        region: c.data.region,
        zones: region.zones,
        tags: c.data.tags,
        production: c.data.production,
        logRetentionDays: c.data.logRetentionDays,
        compliance: c.data.compliance,
        catalog: c.data.catalog,
        ...(c.data.project ? { project: c.data.project } : {}),
        ...(c.data.resourceGroup ? { resourceGroup: c.data.resourceGroup } : {}),
      };
    }
  }
  if (ctx && s.success && extra) problems.push(...extra(ctx, s.data));
  if (problems.length > 0 || !ctx || !s.success) {
    const unflatten = (p: Problem): Problem =>
      flatten && (p.path === flatten || p.path.startsWith(`${flatten}.`)) ? { ...p, path: p.path.slice(flatten.length + 1) } : p;
    throw new TierformError(`Invalid ${subject}`, problems.map(unflatten));
  }
  return { ctx, spec: s.data };
}

/** The component props that render in `ctx`: how a construct hands its context to the components it makes. */
export function contextProps(ctx: RenderContext): ComponentContextProps {
  return {
    cloud: ctx.cloud,
    name: ctx.prefix,
    region: ctx.region,
    production: ctx.production,
    tags: { ...ctx.tags },
    logRetentionDays: ctx.logRetentionDays as ComponentContextProps["logRetentionDays"],
    ...(ctx.compliance ? { compliance: ctx.compliance } : {}),
    ...(ctx.catalog ? { catalog: ctx.catalog } : {}),
    ...(ctx.project ? { project: ctx.project } : {}),
    ...(ctx.resourceGroup ? { resourceGroup: ctx.resourceGroup } : {}),
  };
}
