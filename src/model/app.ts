import { z } from "zod";
import { intRange, literalText, strict } from "./common";

export const AppSchema = strict({
  image: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._\-/:@]*$/, { error: "expected a container image reference such as ghcr.io/acme/api:1.4.2" })
    .meta({ description: "Container image of the app (run with Docker Compose on VM tiers)." }),
  port: intRange(1, 65535).meta({ description: "Port the app listens on." }),
  healthCheckPath: literalText(z.string().regex(/^\/[^\s]*$/, { error: "expected a path such as /healthz" })).meta({ description: "HTTP path the load balancer (and the CDN's origin check) requests on `port`; a 2xx/3xx answer means healthy." }),
  environment: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { error: "expected an env var name" }), z.string()).default({}).meta({ description: "Environment variables for the app's container on VM tiers (UPPER_SNAKE_CASE names), beside PORT and the data stores' connection variables tierform sets; a name given here wins. Values reach the server verbatim (no Terraform interpolation)." }),
});
export type AppProps = z.input<typeof AppSchema>;
export type AppSpec = z.output<typeof AppSchema>;
