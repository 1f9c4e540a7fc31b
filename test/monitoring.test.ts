import { beforeAll, describe, expect, it } from "vitest";
import { demoTopology } from "../examples/default-app";
import { Testing } from "../src/core/tf";
import type { Cloud } from "../src/core/cloud";
import { Environment } from "../src/stacks/environment";
import { synthesize, type SynthResult, type TerraformJson } from "../src/testing";
import { TIER_NAMES, large, presets, small, type TierName } from "../tiers";
import { workloadRules } from "../src/kubernetes/alerts";
import { problemLines, resources } from "./helpers";

const CLOUDS = ["aws", "gcp", "azure"] as const;
const DESTINATION = { aws: "aws_sns_topic", gcp: "google_monitoring_notification_channel", azure: "azurerm_monitor_action_group" } as const;
const ALERT = { aws: "aws_cloudwatch_metric_alarm", gcp: "google_monitoring_alert_policy", azure: "azurerm_monitor_metric_alert" } as const;

const synths = {} as Record<`${TierName}-${Cloud}`, SynthResult>;
beforeAll(() => {
  for (const cloud of CLOUDS)
    for (const tier of TIER_NAMES) {
      const app = Testing.app();
      new Environment(app, `${tier}-${cloud}`, demoTopology(tier, cloud));
      synths[`${tier}-${cloud}`] = synthesize(app);
    }
});
const infraStacks = (r: SynthResult): TerraformJson[] => Object.entries(r).filter(([name]) => name.endsWith("-infra")).map(([, json]) => json);
const thresholdsOf = (tier: TierName) => (presets[tier].monitoring as { thresholds: Record<string, number> }).thresholds;

describe.each(CLOUDS)("alerts on %s", (cloud) => {
  it.each(TIER_NAMES)("%s: every region has a destination and data-store alerts wired to it", (tier) => {
    for (const infra of infraStacks(synths[`${tier}-${cloud}`])) {
      const destinations = resources(infra, DESTINATION[cloud]);
      expect(destinations.length).toBeGreaterThan(0);
      const alerts = resources(infra, ALERT[cloud]).map(([, r]) => r);
      const names = alerts.map((a) => String(a["alarm_name"] ?? a["display_name"] ?? a["name"]));
      expect(names.some((n) => n.includes("pg-cpu")), names.join()).toBe(true);
      expect(names.some((n) => n.includes("redis") && n.includes("memory")), names.join()).toBe(true);
      for (const a of alerts) {
        const wired = JSON.stringify(a["alarm_actions"] ?? a["notification_channels"] ?? a["action"]);
        const address = destinations.map(([id]) => id);
        expect(address.some((id) => wired.includes(id)), wired).toBe(true);
        // A runbook, not a label: what it means and what to check first.
        const text = String(a["alarm_description"] ?? (a["documentation"] as { content: string } | undefined)?.content ?? a["description"]);
        expect(text).toMatch(/Check first:/);
      }
    }
  });

  it.each(TIER_NAMES)("%s: thresholds come from the tier data", (tier) => {
    const th = thresholdsOf(tier);
    const infra = infraStacks(synths[`${tier}-${cloud}`])[0]!;
    const cpu = resources(infra, ALERT[cloud]).map(([, r]) => r).find((a) => String(a["alarm_name"] ?? a["display_name"] ?? a["name"]).endsWith("pg-cpu"))!;
    const text = JSON.stringify(cpu);
    const expected = cloud === "gcp" ? `> ${th["databaseCpuPercent"]! / 100}` : String(th["databaseCpuPercent"]);
    expect(text).toContain(expected);
    expect(text).toContain(`CPU above ${th["databaseCpuPercent"]} % for 10–15 minutes`);
  });

  it("sends to every email and the webhook", () => {
    const infra = infraStacks(synths[`large-${cloud}`])[0]!;
    const text = JSON.stringify(infra);
    expect(text).toContain("ops@example.com");
    expect(text).toContain("https://events.example.com/tierform/alerts");
  });
});

describe("AWS destination", () => {
  it("encrypts the topic with a rotated key CloudWatch may use, and subscribes email and https", () => {
    const infra = infraStacks(synths["large-aws"])[0]!;
    const [, key] = resources(infra, "aws_kms_key").find(([, k]) => String(k["description"]).includes("alert"))!;
    expect(key["enable_key_rotation"]).toBe(true);
    expect(String(key["policy"])).toContain("cloudwatch.amazonaws.com");
    const [, topic] = resources(infra, "aws_sns_topic")[0]!;
    expect(String(topic["kms_master_key_id"])).toMatch(/aws_kms_key\./);
    expect(resources(infra, "aws_sns_topic_subscription").map(([, s]) => s["protocol"]).sort()).toEqual(["email", "https"]);
  });

  it("watches every Redis shard, and the load balancer's 5xx share and latency", () => {
    const names = resources(infraStacks(synths["large-aws"])[0]!, "aws_cloudwatch_metric_alarm").map(([, a]) => String(a["alarm_name"]));
    for (let s = 1; s <= 3; s++) expect(names).toContain(`large-aws-prod-redis-shard-${s}-memory`);
    expect(names).toContain("large-aws-prod-lb-5xx");
    expect(names).toContain("large-aws-prod-lb-latency");
  });

  it("watches replication lag in each region of a multi-region environment", () => {
    const stacks = infraStacks(synths["enterprise-aws"]);
    expect(stacks).toHaveLength(2);
    for (const infra of stacks) expect(resources(infra, "aws_cloudwatch_metric_alarm").some(([, a]) => String(a["alarm_name"]).endsWith("pg-replica-lag"))).toBe(true);
  });
});

const alertsOf = (json: TerraformJson, cloud: (typeof CLOUDS)[number]) => Object.fromEntries(resources(json, ALERT[cloud]).map(([, a]) => [String(a["alarm_name"] ?? a["display_name"] ?? a["name"]), a]));
const stackOf = (r: SynthResult, suffix: string) => Object.entries(r).find(([name]) => name.endsWith(suffix))![1];

describe("Azure: the app's 5xx share and latency at Front Door, backend health at the load balancer", () => {
  it.each(["medium", "large"] as const)("%s: watches Front Door's Percentage5XX and OriginLatency, wired to the region's action group", (tier) => {
    const infra = infraStacks(synths[`${tier}-azure`])[0]!;
    const alerts = alertsOf(infra, "azure");
    const th = thresholdsOf(tier);
    const [groupId] = resources(infra, "azurerm_monitor_action_group")[0]!;
    for (const [name, metric, threshold] of [
      [`${tier}-azure-prod-lb-5xx`, "Percentage5XX", th["loadBalancer5xxPercent"]],
      [`${tier}-azure-prod-lb-latency`, "OriginLatency", Math.round(th["loadBalancerLatencySeconds"]! * 1000)],
    ] as const) {
      const a = alerts[name]!;
      expect(a, name).toBeDefined();
      expect(a["criteria"]).toEqual([{ metric_namespace: "Microsoft.Cdn/profiles", metric_name: metric, aggregation: "Average", operator: "GreaterThan", threshold }]);
      expect(a["scopes"]).toEqual([expect.stringMatching(/^\$\{azurerm_cdn_frontdoor_profile\.cdn[^.]*\.id\}$/)]);
      expect(JSON.stringify(a["action"])).toContain(`azurerm_monitor_action_group.${groupId}.id`);
    }
  });

  it("multi-region: the global stack watches Front Door and sends to the primary region's action group", () => {
    const global = stackOf(synths["enterprise-azure"], "-global");
    const alerts = alertsOf(global, "azure");
    expect(Object.keys(alerts).sort()).toEqual(["ent-azure-prod-lb-5xx", "ent-azure-prod-lb-latency"]);
    for (const a of Object.values(alerts)) {
      expect(a["scopes"]).toEqual([expect.stringMatching(/azurerm_cdn_frontdoor_profile\./)]);
      expect(JSON.stringify(a["action"])).toMatch(/terraform_remote_state\.[^.]*-eus-infra\.outputs\.cross-stack-output-azurerm_monitor_action_group/);
    }
  });

  it("the scale set's load balancer health probe (DipAvailability) below 100 % for 15 minutes", () => {
    const a = alertsOf(infraStacks(synths["medium-azure"])[0]!, "azure")["medium-azure-prod-app-probe"]!;
    expect(a["criteria"]).toEqual([{ metric_namespace: "Microsoft.Network/loadBalancers", metric_name: "DipAvailability", aggregation: "Maximum", operator: "LessThan", threshold: 100 }]);
    expect(a["window_size"]).toBe("PT15M");
    expect(a["scopes"]).toEqual([expect.stringMatching(/azurerm_lb\./)]);
  });

  it("evaluates Managed Redis metrics every 5 minutes (their time grain)", () => {
    const alerts = alertsOf(infraStacks(synths["large-azure"])[0]!, "azure");
    for (const id of ["redis-memory", "redis-cpu", "redis-evictions"]) expect(alerts[`large-azure-prod-${id}`]!["frequency"], id).toBe("PT5M");
  });
});

describe("cross-region cache replication on GCP and Azure", () => {
  it("Azure: every region watches active geo-replication health (the service exports no lag in seconds)", () => {
    for (const infra of infraStacks(synths["enterprise-azure"])) {
      const a = Object.entries(alertsOf(infra, "azure")).find(([n]) => n.endsWith("redis-geo-replication"))![1];
      expect(a["criteria"]).toEqual([{ metric_namespace: "Microsoft.Cache/redisEnterprise", metric_name: "geoReplicationHealthy", aggregation: "Maximum", operator: "LessThan", threshold: 1 }]);
      expect(a["description"]).toMatch(/cross-region replication is broken/);
    }
  });

  it("GCP: the primary cluster's replication links to its secondaries (lag is published in bytes only)", () => {
    const [primary, secondary] = infraStacks(synths["enterprise-gcp"]);
    const names = (j: TerraformJson) => Object.keys(alertsOf(j, "gcp"));
    const links = Object.entries(alertsOf(primary!, "gcp")).find(([n]) => n.endsWith("redis-replication"));
    expect(links, names(primary!).join()).toBeDefined();
    expect(links![1]["conditions"][0]["condition_prometheus_query_language"]["query"]).toMatch(
      /^sum by \(secondary_cluster_id\) \(redis_googleapis_com:cluster_cross_cluster_replication_secondary_replication_links\{monitored_resource="redis\.googleapis\.com\/Cluster",cluster_id="\$\{google_redis_cluster\.[^}]+\.name\}"\}\) < 1$/,
    );
    expect(names(secondary!).some((n) => n.endsWith("redis-replication"))).toBe(false);
  });
});

describe("GCP: VM fleet health", () => {
  const query = (tier: TierName) => alertsOf(infraStacks(synths[`${tier}-gcp`])[0]!, "gcp")[`${tier}-gcp-prod-app-health`]!["conditions"][0]["condition_prometheus_query_language"]["query"] as string;

  it("a single server that stops reporting uptime for 5 minutes", () => {
    expect(query("small")).toMatch(/^absent_over_time\(compute_googleapis_com:instance_uptime_total\{monitored_resource="gce_instance",instance_name="\$\{google_compute_instance\.[^}]+\.name\}"\}\[5m\]\)$/);
  });

  it("a managed instance group below its minimum size for 5 minutes", () => {
    const t = demoTopology("medium", "gcp");
    const min = t.compute.kind === "vm" ? (t.compute.autoscaling?.min ?? t.compute.servers) : 0;
    expect(query("medium")).toMatch(new RegExp(`instance_group_size\\{monitored_resource="instance_group",instance_group_name="\\$\\{google_compute_region_instance_group_manager\\.[^}]+\\.name\\}"\\}\\[5m\\]\\) < ${min}$`));
  });

  it("multi-region: the global load balancer's 5xx share and latency, sent to the primary region's channels", () => {
    const alerts = alertsOf(stackOf(synths["enterprise-gcp"], "-global"), "gcp");
    expect(Object.keys(alerts).sort()).toEqual(["ent-gcp-prod-lb-5xx", "ent-gcp-prod-lb-latency"]);
    for (const a of Object.values(alerts)) expect(JSON.stringify(a["notification_channels"])).toMatch(/-usc1-infra\.outputs\.cross-stack-output-google_monitoring_notification_channel/);
  });
});

describe("the model", () => {
  const where = { name: "acme", environment: "prod", cloud: "aws", region: "us-west-2" } as const;

  it("requires somewhere to send alerts in production, at its path", () => {
    expect(problemLines(() => small(where))).toContain(
      'monitoring.notify: required in production with alerts on (database, cache, compute): give emails (e.g. ["ops@example.com"]) and/or a webhook, or turn the alerts off under monitoring.alerts',
    );
  });

  it("accepts production without a destination once the alerts are off, and staging without one (no alarms rendered)", () => {
    expect(() => small({ ...where, monitoring: { alerts: { database: false, cache: false, compute: false } } })).not.toThrow();
    const app = Testing.app();
    new Environment(app, "s", small({ ...where, environment: "staging" }));
    expect(resources(synthesize(app)["acme-staging-infra"]!, "aws_cloudwatch_metric_alarm")).toEqual([]);
  });

  it("rejects bad addresses and URLs, all at once, with the value", () => {
    const lines = problemLines(() => small({ ...where, monitoring: { notify: { emails: ["ops", "ops@example.com", "ops@example.com"], webhook: "http://x.example.com" } } }));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^monitoring\.notify\.emails\[0\]: expected an email address/),
        expect.stringMatching(/^monitoring\.notify\.emails: expected each address once/),
        expect.stringMatching(/^monitoring\.notify\.webhook: expected an https:\/\/ URL/),
      ]),
    );
  });

  it("keeps workload alerts and Grafana to Kubernetes tiers", () => {
    const lines = problemLines(() => small({ ...where, monitoring: { notify: { emails: ["ops@example.com"] }, alerts: { workloads: true }, grafana: true } }));
    expect(lines).toContain('monitoring.alerts.workloads: needs compute.kind "kubernetes" (workload alerts are Prometheus rules in the platform stack), got true');
  });
});

describe("workload alerts (Prometheus)", () => {
  it("carries the guides' rules with the tier's thresholds, crash loops, PVC and Job failures, and pools at their maximum", () => {
    const t = large({ name: "acme", environment: "prod", cloud: "aws", region: "us-west-2", domain: "app.example.com", monitoring: { notify: { emails: ["ops@example.com"] } } });
    const rules = workloadRules(t.monitoring.thresholds, true, t.compute.kind === "kubernetes" ? t.compute.nodePools : []).groups.flatMap((g) => g.rules);
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(byName["HighCPUUsage"]).toMatchObject({ for: "5m", labels: { severity: "warning" } });
    expect(byName["HighCPUUsage"]!.expr).toContain("> 0.8");
    expect(byName["ScalingEventFrequent"]!.expr).toContain("[10m]) > 5");
    expect(byName["MaxReplicasReached"]).toMatchObject({ for: "5m", labels: { severity: "critical" } });
    expect(byName["MaxReplicasReached"]!.expr).toContain("> 0.9");
    for (const name of ["PodCrashLooping", "PersistentVolumeClaimNotBound", "PersistentVolumeFillingUp", "JobFailed", "NodePoolAtMaximumGeneral"]) expect(byName[name], name).toBeDefined();
    expect(byName["NodePoolAtMaximumGeneral"]!.expr).toBe('count(kube_node_labels{label_tierform_dev_role="general"}) >= 24');
  });

  it.each(CLOUDS)("%s: the platform's Prometheus loads them and Alertmanager routes to the webhook", (cloud) => {
    const platform = synths[`large-${cloud}`][`large-${cloud}-prod-platform`]!;
    const [, prometheus] = resources(platform, "helm_release").find(([, r]) => r["name"] === "prometheus")!;
    const values = JSON.parse((prometheus["values"] as string[])[0]!);
    expect(values.serverFiles["alerting_rules.yml"].groups.map((g: { name: string }) => g.name)).toEqual(["scaling.rules", "workload.rules", "capacity.rules"]);
    expect(values.alertmanager.enabled).toBe(true);
    expect(values.alertmanager.config.receivers[0].webhook_configs[0].url).toBe("https://events.example.com/tierform/alerts");
    const [, grafana] = resources(platform, "helm_release").find(([, r]) => r["name"] === "grafana")!;
    const g = JSON.parse((grafana["values"] as string[])[0]!);
    expect(g.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(JSON.stringify(g)).not.toMatch(/adminPassword/);
  });
});

describe("README", () => {
  it("shows the tiers' thresholds as the presets hold them", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(require("node:path").join(__dirname, "..", "README.md"), "utf8");
    const row = (label: string) => readme.split("\n").find((l) => l.startsWith(`| ${label} |`))!.split("|").slice(2, 6).map((c) => c.trim());
    const rows: [string, string][] = [
      ["database CPU %", "databaseCpuPercent"],
      ["database free storage % (below)", "databaseFreeStoragePercent"],
      ["replica lag, s", "replicaLagSeconds"],
      ["cache memory %", "cacheMemoryPercent"],
      ["cache CPU %", "cacheCpuPercent"],
      ["cache evictions per 5 min", "cacheEvictionsPer5Minutes"],
    ];
    for (const [label, key] of rows) expect(row(label), label).toEqual(TIER_NAMES.map((t) => String(thresholdsOf(t)[key] ?? (key === "databaseFreeStoragePercent" ? 10 : "?"))));
  });
});
