import { Construct } from "constructs";
import { z } from "zod";
import { renderersFor } from "../../providers";
import type { AppOrigin, CdnOutputs, CertificateValidation, Raw } from "../core/contracts";
import { CdnSchema, type CdnProps } from "../model/cdn";
import { strict } from "../model/common";
import { dnsZoneRules, toProblems } from "../model/rules";
import { type ComponentContextProps, parseComponent, splitContext } from "./context";

const CdnComponentSchema = strict({
  domain: z.string().min(1, { error: "required: the CDN's hostname (its certificate covers it)" }),
  dnsZoneId: z.string().optional(),
  appOrigins: z
    .array(z.strictObject({ host: z.string().min(1), target: z.string().optional(), healthCheckPath: z.string().regex(/^\//).optional(), region: z.string().optional() }))
    .default([]),
  failoverRegion: z.string().optional(),
  cdn: CdnSchema,
});

export interface CdnComponentProps extends ComponentContextProps, Omit<CdnProps, "appOrigin"> {
  /** Route the app's paths to `appOrigin`. @default true */
  readonly routeApp?: boolean;
  /** Public hostname served by the CDN. */
  readonly domain: string;
  /** DNS zone holding `domain`: certificate validation and alias records are created there. */
  readonly dnsZoneId?: string;
  /** The app origin: a load balancer's hostname (its certificate covers it) and, on GCP, its backend service. */
  readonly appOrigin?: AppOrigin;
  /** A second region for static assets (AWS: a replica bucket and origin-group failover). */
  readonly failoverRegion?: string;
  /** Several app origins, one per region (multi-region; see `Environment`). */
  readonly appOrigins?: readonly AppOrigin[];
}

/** A CDN serving static assets from a private bucket and the app's uncached paths from its origin. */
export class Cdn extends Construct {
  readonly outputs: CdnOutputs;
  readonly raw: Raw;
  /** DNS validation records of the CDN's certificate (create them when tierform does not manage the zone). */
  readonly certificate?: CertificateValidation;

  constructor(scope: Construct, id: string, props: CdnComponentProps) {
    super(scope, id);
    const [context, { domain, dnsZoneId, appOrigin, appOrigins, routeApp, failoverRegion, ...cdn }] = splitContext(props);
    const origins = [...(appOrigin ? [appOrigin] : []), ...(appOrigins ?? [])];
    const input = { domain, dnsZoneId, failoverRegion, appOrigins: origins, cdn: { ...cdn, ...(routeApp === undefined ? {} : { appOrigin: routeApp }) } };
    const { ctx, spec } = parseComponent(`Cdn "${id}"`, context, CdnComponentSchema, input, (c, s) => [
      ...(s.cdn.appOrigin && s.appOrigins.length === 0 ? [{ path: "appOrigin", message: "required unless routeApp is false (the CDN sends the app's paths there)" }] : []),
      ...toProblems(dnsZoneRules(c.cloud, s)),
    ], "cdn");
    const rendered = renderersFor(ctx.cloud).cdn(this, {
      ctx,
      spec: spec.cdn,
      tls: { domain: spec.domain, ...(spec.dnsZoneId ? { dnsZoneId: spec.dnsZoneId } : {}) },
      ...(spec.failoverRegion ? { failoverRegion: spec.failoverRegion } : {}),
      appOrigins: spec.appOrigins.map((o) => ({
        host: o.host,
        ...(o.target ? { target: o.target } : {}),
        ...(o.healthCheckPath ? { healthCheckPath: o.healthCheckPath } : {}),
        ...(o.region ? { region: o.region } : {}),
      })),
    });
    this.outputs = rendered.outputs;
    this.raw = rendered.raw;
    if (rendered.certificate) this.certificate = rendered.certificate;
  }
}
