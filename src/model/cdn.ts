import { z } from "zod";
import { oneOf, strict } from "./common";

export const CdnSchema = strict({
  staticAssets: z.boolean().default(true).meta({ description: "Serve static assets from a private bucket origin." }),
  appOrigin: z.boolean().default(true).meta({ description: "Route the app's paths to the load balancer origin." }),
  noCachePaths: z
    .array(z.string().regex(/^\/[A-Za-z0-9_.\-/*]*$/, { error: "expected a path pattern such as /api/*" }))
    // Each pattern once: CloudFront cache behaviours, URL-map path rules and Front Door routes refuse repeats.
    .superRefine((paths, ctx) =>
      paths.forEach((p, i) => {
        const first = paths.indexOf(p);
        if (first !== i) ctx.addIssue({ code: "custom", path: [i], input: p, message: `expected each path pattern once (also noCachePaths[${first}])` });
      }),
    )
    .default(["/api/*"])
    .meta({ description: "Path patterns sent to the app origin uncached." }),
  priceClass: oneOf(["all", "200", "100"]).default("100").meta({ description: "Edge locations to use (cost vs reach)." }),
});
export type CdnProps = z.input<typeof CdnSchema>;
export type CdnSpec = z.output<typeof CdnSchema>;

export const FilesSchema = strict({
  versioning: z.boolean().default(true).meta({ description: "Keep previous object versions." }),
  expireNoncurrentDays: z.int().min(1).max(3650).default(30).meta({ description: "Delete old versions after N days." }),
});
export type FilesProps = z.input<typeof FilesSchema>;
export type FilesSpec = z.output<typeof FilesSchema>;
