import { describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { TerraformStack, Testing } from "../src/core/tf";
import { TierformError } from "../src/core/errors";
import { Environment, stackNames } from "../src/stacks/environment";
import { stableJson } from "../src/testing/stable";
import { formatViolation, lint, synthesize } from "../src/testing";
import { synthEnvironment, synthStack } from "./helpers";
import { large } from "../tiers";

describe("Environment", () => {
  it("creates its infra stack with a stable, predictable name", () => {
    const { env } = synthEnvironment(demoTopology("large", "aws"), "large");
    expect(env.infra.node.id).toBe("large-aws-prod-infra");
    expect(stackNames({ name: "acme", environment: "prod" })).toEqual({ infra: "acme-prod-infra", platform: "acme-prod-platform", global: "acme-prod-global" });
    expect(stackNames({ name: "acme", environment: "prod" }, "usw2")).toEqual({ infra: "acme-prod-usw2-infra", platform: "acme-prod-usw2-platform", global: "acme-prod-global" });
  });

  it("rejects invalid input before creating any resource or stack", () => {
    const app = Testing.app();
    const bad = { ...demoTopology("small", "aws"), regions: ["mars-1"], compute: { kind: "vm", servers: 0 } };
    expect(() => new Environment(app, "bad", bad as never)).toThrow(TierformError);
    const stacks = app.node.findAll().filter((c) => TerraformStack.isStack(c));
    expect(stacks).toEqual([]);
  });

  it("refuses a second environment whose stacks would take the first one's names (cdktf would overwrite them)", () => {
    const app = Testing.app();
    new Environment(app, "acme-aws", demoTopology("small", "aws"));
    const again = { ...demoTopology("small", "gcp"), name: "small-aws" };
    expect(() => new Environment(app, "acme-gcp", again)).toThrow(
      'Invalid topology "acme-gcp": 1 problem\n  - name: expected a name and environment no other environment in this app uses (stack small-aws-prod-infra already exists), got "small-aws-prod"',
    );
  });

  it("writes users' strings as literals: ${ and %{ in tags, parameters and environment values never become expressions", () => {
    const where = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com" } as const;
    const app = { image: "ghcr.io/acme/api:1", port: 8080 };
    const env = large({
      ...where,
      tags: { team: "${var.owner}" },
      database: { parameters: { "app.greeting": "%{ if true }hi%{ endif }" } },
      workloads: [{ name: "api", ...app, env: { GREETING: "${jndi:ldap}" } }],
    });
    const result = synthesize(new Environment(Testing.app(), "acme", env));
    const text = JSON.stringify(result);
    expect(text).toContain('"team":"$${var.owner}"');
    expect(text).toContain("%%{ if true }hi%%{ endif }");
    expect(text).toContain("$${jndi:ldap}");
    expect(text).not.toMatch(/[^$]\$\{var\.owner\}|[^$]\$\{jndi/);
    expect(lint(result).violations.map(formatViolation)).toEqual([]);
  });

  it("checks a DNS zone id is the cloud's kind of id (no quotes or expressions reach the renderers)", () => {
    expect(() => large({ name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "azure", region: "eastus", domain: "app.example.com", dnsZoneId: '/subscriptions/x"/dnszones/a' })).toThrow(
      /dnsZoneId: expected a azure DNS zone such as \/subscriptions\/<id>\/resourceGroups/,
    );
    expect(() => large({ name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "aws", region: "us-west-2", domain: "app.example.com", backend: { type: "s3", bucket: "state-bucket", region: "us-west-2", keyPrefix: "${path.cwd}" } })).toThrow(
      /backend\.keyPrefix: expected a path prefix of letters, digits, \. _ - and \//,
    );
  });

  it("keeps local state on a relative path, and configures S3 state with encryption and locking", () => {
    const local = synthEnvironment(demoTopology("small", "aws")).infra;
    // Relative to cdktf.out/stacks/<stack>: the project root, on every machine.
    expect(local.terraform!["backend"]).toEqual({ local: { path: "../../../terraform.small-aws-prod-infra.tfstate" } });
    const s3 = synthEnvironment({ ...demoTopology("small", "aws"), backend: { type: "s3", bucket: "acme-tf-state", region: "us-east-1" } }).infra;
    expect(s3.terraform!["backend"]).toEqual({
      s3: { bucket: "acme-tf-state", key: "tierform/small-aws-prod-infra.tfstate", region: "us-east-1", encrypt: true, use_lockfile: true },
    });
  });

  it("is deterministic: the same input gives byte-identical JSON, free of absolute paths", () => {
    const a = stableJson(synthEnvironment(demoTopology("enterprise", "aws")).infra);
    const b = stableJson(synthEnvironment(demoTopology("enterprise", "aws")).infra);
    expect(a).toBe(b);
    expect(a).not.toContain(process.cwd());
    expect(a).not.toMatch(/"\/(home|root|tmp|Users|work)\//);
  });

  it("publishes neutral outputs for the platform layer and for people", () => {
    const { infra } = synthEnvironment(demoTopology("large", "aws"));
    expect(Object.keys(infra.output!).sort()).toEqual([
      "app_client_group",
      "app_target",
      "cache_auth",
      "cache_endpoint",
      "cache_port",
      "cache_tls",
      "cache_username",
      "cdn_certificate_validation",
      "cdn_distribution_id",
      "cdn_domain_name",
      "cluster_access",
      "cluster_ca_certificate",
      "cluster_endpoint",
      "cluster_name",
      "cluster_oidc_issuer",
      "database_endpoint",
      "database_name",
      "database_port",
      "database_reader_endpoints",
      "database_secret_ref",
      "database_username",
      "files_bucket",
      "load_balancer_certificate_validation",
      "load_balancer_dns_name",
      "load_balancer_host",
      "network_id",
      "private_subnet_ids",
      "static_bucket",
    ]);
    expect(infra.output!["cluster_access"]!.value).toEqual({
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", "large-aws-prod-eks", "--region", "us-west-2"],
    });
  });

  it("turns off production protections outside prod", () => {
    const { infra } = synthEnvironment(large({ name: "acme", environment: "staging", cloud: "aws", region: "us-west-2", domain: "staging.example.com" }));
    const primary = Object.values(infra.resource!["aws_db_instance"]!).find((d) => !d["replicate_source_db"])!;
    expect(primary).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(Object.values(infra.resource!["aws_eks_cluster"]!)[0]).not.toHaveProperty("lifecycle");
  });

  it("adds warnings as annotations on the stack", () => {
    const app = Testing.app();
    const env = new Environment(app, "small", demoTopology("small", "aws"));
    synthStack(env.infra);
    const annotations = env.infra.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(annotations).toContain("[tierform:vm:public-ip] compute.exposure: the server has a public IP with ports 80 and 443 open to the internet; the app terminates TLS itself");
  });
});
