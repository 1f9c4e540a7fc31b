// The README's multi-region example, compiled and synthesized by `npm test` so it cannot rot.
import { App } from "../src/core/tf";
import { runApp } from "../src/core/run";
import { Environment } from "../src/stacks/environment";
import { enterprise } from "../tiers";

export function acmeGlobal(app: App): Environment {
  return new Environment(
    app,
    "acme-prod",
    enterprise({
      name: "acme",
      environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } },
      cloud: "aws",
      regions: ["us-west-2", "us-east-1"], // primary first: it takes database writes
      domain: "www.acme.com",
      dnsZoneId: "Z0123456789ABC", // Route 53 latency records and health checks live here
      compute: { apiAccessCidrs: ["198.51.100.0/24"] },
    }),
  );
}

if (require.main === module) {
  runApp(() => {
    const app = new App();
    acmeGlobal(app);
    app.synth();
  });
}
