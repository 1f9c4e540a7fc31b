import { Construct } from "constructs";
import { z } from "zod";
import { renderersFor } from "../../providers";
import type { CdnOutputs, CertificateValidation, Raw } from "../core/contracts";
import { CdnSchema, type CdnProps } from "../model/cdn";
import { strict } from "../model/common";
import { type ComponentContextProps, parseComponent, splitContext } from "./context";

const CdnComponentSchema = strict({
  domain: z.string().min(1, { error: "required: the CDN's hostname (its certificate covers it)" }),
  dnsZoneId: z.string().optional(),
  appOriginHost: z.string().optional(),
  cdn: CdnSchema,
});

export interface CdnComponentProps extends ComponentContextProps, CdnProps {
  /** Public hostname served by the CDN. */
  readonly domain: string;
  /** DNS zone holding `domain`: certificate validation and alias records are created there. */
  readonly dnsZoneId?: string;
  /** Hostname of the app origin (a load balancer whose certificate covers it). */
  readonly appOriginHost?: string;
}

/** A CDN serving static assets from a private bucket and the app's uncached paths from its origin. */
export class Cdn extends Construct {
  readonly outputs: CdnOutputs;
  readonly raw: Raw;
  /** DNS validation records of the CDN's certificate (create them when tierform does not manage the zone). */
  readonly certificate?: CertificateValidation;

  constructor(scope: Construct, id: string, props: CdnComponentProps) {
    super(scope, id);
    const [context, { domain, dnsZoneId, appOriginHost, ...cdn }] = splitContext(props);
    const { ctx, spec } = parseComponent(`Cdn "${id}"`, context, CdnComponentSchema, { domain, dnsZoneId, appOriginHost, cdn }, (_c, s) =>
      s.cdn.appOrigin && !s.appOriginHost ? [{ path: "appOriginHost", message: "required with appOrigin: true (or set appOrigin: false)" }] : [],
    "cdn");
    const rendered = renderersFor(ctx.cloud).cdn(this, {
      ctx,
      spec: spec.cdn,
      tls: { domain: spec.domain, ...(spec.dnsZoneId ? { dnsZoneId: spec.dnsZoneId } : {}) },
      ...(spec.appOriginHost ? { appOriginHost: spec.appOriginHost } : {}),
    });
    this.outputs = rendered.outputs;
    this.raw = rendered.raw;
    if (rendered.certificate) this.certificate = rendered.certificate;
  }
}
