// The README's "Use a tier" example, compiled by `npm test` so it cannot rot.
import { App } from "../src/core/tf";
import { runApp } from "../src/core/run";
import { Environment } from "../src/stacks/environment";
import { large } from "../tiers";

export function acme(app: App): Environment {
  return new Environment(
    app,
    "acme-prod",
    large({
      name: "acme",
      environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } },
      cloud: "aws",
      region: "us-west-2",
      domain: "app.acme.com",
      dnsZoneId: "Z0123456789ABC",
      app: { image: "ghcr.io/acme/api:1.4.2", port: 8080, healthCheckPath: "/healthz" },
      database: { storageGiB: 1000 },
      compute: { apiAccessCidrs: ["198.51.100.0/24"] },
      cache: null,
    }),
  );
}

if (require.main === module) {
  runApp(() => {
    const app = new App();
    acme(app);
    app.synth();
  });
}
