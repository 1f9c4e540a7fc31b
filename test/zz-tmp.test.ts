import { it } from "vitest";
import { Testing } from "../src/core/tf";
import { Environment } from "../src/stacks/environment";
import { synthesize, lint, formatViolation } from "../src/testing";
import { mediumContainers } from "../tiers";
for (const cloud of ["aws", "gcp", "azure"] as const)
  it(`${cloud} long names`, () => {
    const size = { limits: { cpu: "1", memory: "2Gi" } };
    const t = mediumContainers({ name: "x".repeat(12), environment: "y".repeat(10), cloud, region: { aws: "us-west-2", gcp: "us-central1", azure: "eastus" }[cloud], ...(cloud === "gcp" ? { project: "fuzz-project-1" } : {}), domain: "app.example.com", monitoring: { notify: { emails: ["o@example.com"] } },
      workloads: [{ name: "a".repeat(30) + "-web", image: "nginx", port: 8080, expose: true, resources: size }, { name: "a".repeat(30) + "-api", image: "nginx", port: 8080, resources: size }, { name: "a".repeat(40), image: "nginx", resources: size }] } as never);
    const r = synthesize(new Environment(Testing.app(), "fz", t));
    const names: string[] = [];
    for (const json of Object.values(r)) for (const [type, byName] of Object.entries((json as any).resource ?? {})) for (const b of Object.values(byName as any)) { const n = (b as any).name ?? (b as any).family; if (typeof n === "string" && /a{8}/.test(n)) names.push(`${type} ${n} (${n.length})`); }
    console.log(names.join("\n"));
    console.log(lint(r).violations.map(formatViolation).join("\n"));
  });
