import { z } from "zod";
import { intRange, numRange, strict } from "./common";
import { finding, type Finding } from "./rules";

const email = z
  .string()
  .regex(/^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, { error: "expected an email address such as ops@example.com" });

const webhook = z
  .string()
  .regex(/^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s"'`${}\\]*)?$/, { error: "expected an https:// URL without spaces, quotes or ${ (e.g. https://hooks.example.com/alerts)" })
  .max(2000, { error: "expected a URL of at most 2000 characters" });

/** Where alerts go. Every cloud delivers to the same people: email addresses and/or one HTTPS webhook. */
export const NotifySchema = strict({
  emails: z.array(email).max(10).default([]).meta({ description: "Email addresses that receive every alert (AWS asks each to confirm its SNS subscription once)." }),
  webhook: webhook.optional().meta({ description: "An HTTPS endpoint (PagerDuty, Opsgenie, Slack relay …) that receives every alert as JSON. @default - none" }),
}).superRefine((n, ctx) => {
  const dupes = n.emails.filter((e, i) => n.emails.indexOf(e) !== i);
  if (dupes.length > 0) ctx.addIssue({ code: "custom", path: ["emails"], message: `expected each address once; repeated: ${dupes.join(", ")}` });
});
export type NotifySpec = z.output<typeof NotifySchema>;

/** Which alerts are on. The tier presets turn on what the guides use; a custom topology starts with none. */
export const AlertSwitchesSchema = strict({
  database: z.boolean().default(false).meta({ description: "PostgreSQL: CPU, free storage, connections vs max, replica lag, deadlocks or failed connections." }),
  cache: z.boolean().default(false).meta({ description: "Redis: memory use, evictions, CPU, cross-region replication lag." }),
  loadBalancer: z.boolean().default(false).meta({ description: "The app's load balancer: 5xx rate and latency." }),
  compute: z.boolean().default(false).meta({ description: "Node pools at their maximum size (Kubernetes); VM fleet health (unhealthy or missing servers)." }),
  workloads: z.boolean().default(false).meta({
    description: "Kubernetes tiers: Prometheus rules in the platform stack (high CPU, frequent scaling, HPA at max replicas, crash loops, PVC and Job failures), routed by Alertmanager.",
  }),
});
export type AlertSwitches = z.output<typeof AlertSwitchesSchema>;

/** Alert thresholds. Schema defaults are the guides' numbers; the tier presets set their own (tiers/*.ts). */
export const ThresholdsSchema = strict({
  databaseCpuPercent: numRange(1, 100).default(80).meta({ description: "Database CPU above this for 10 minutes." }),
  databaseFreeStoragePercent: numRange(1, 90).default(10).meta({ description: "Free database storage below this share of the allocated storage." }),
  databaseConnectionsPercent: numRange(1, 100).default(80).meta({ description: "Connections above this share of the server's max_connections (the guides: DB connections > 80 % of the pool)." }),
  replicaLagSeconds: intRange(1, 86400).default(60).meta({ description: "Read-replica or cross-region replication lag above this." }),
  cacheMemoryPercent: numRange(1, 100).default(80).meta({ description: "Redis memory use above this share of max memory." }),
  cacheCpuPercent: numRange(1, 100).default(80).meta({ description: "Redis engine CPU above this." }),
  cacheEvictionsPer5Minutes: intRange(1, 10_000_000).default(1000).meta({ description: "Keys evicted in 5 minutes above this (the cache is too small for its working set)." }),
  loadBalancer5xxPercent: numRange(0.1, 100).default(5).meta({ description: "Share of requests answered with a 5xx above this for 5 minutes." }),
  loadBalancerLatencySeconds: numRange(0.05, 60).default(1).meta({ description: "Average (AWS, Azure) or p95 (GCP) response time above this for 5 minutes (the guides: alert if > 1 s)." }),
  podCpuPercent: numRange(1, 100).default(80).meta({ description: "Workloads: a pod's CPU above this share of one core for 5 minutes (HighCPUUsage)." }),
  scalingEventsPer10Minutes: intRange(1, 1000).default(5).meta({ description: "Workloads: replica-count changes of one HPA in 10 minutes above this (ScalingEventFrequent)." }),
  maxReplicasPercent: numRange(1, 100).default(90).meta({ description: "Workloads: HPA replicas above this share of its maximum for 5 minutes (MaxReplicasReached)." }),
});
export type Thresholds = z.output<typeof ThresholdsSchema>;

export const MonitoringSchema = strict({
  notify: NotifySchema.optional().meta({ description: "Where alerts go. Required in production once any alert is on. @default - none (alerts, if any, only show in the cloud's console)" }),
  alerts: AlertSwitchesSchema.prefault({}).meta({ description: "Which alert groups are on. The tier presets turn on what the guides use; a custom topology starts with none." }),
  thresholds: ThresholdsSchema.prefault({}).meta({ description: "Alert thresholds; the schema defaults are the guides' numbers, the tier presets set their own." }),
  grafana: z.boolean().default(false).meta({
    description:
      "Kubernetes tiers: install Grafana in the platform stack with Prometheus as its data source and a workload dashboard. Its admin login comes from a Kubernetes Secret you create (`grafana-admin` in namespace monitoring, keys admin-user and admin-password), never from Terraform.",
  }),
}).meta({ description: "Alerts on the managed services and workloads, and where they go." });
export type MonitoringProps = z.input<typeof MonitoringSchema>;
export type MonitoringSpec = z.output<typeof MonitoringSchema>;

/** Whether any alert is on. */
export const alertsOn = (m: MonitoringSpec): boolean => Object.values(m.alerts).some(Boolean);

/** Whether alerts have somewhere to go. */
export const hasDestination = (m: MonitoringSpec): boolean => m.notify !== undefined && (m.notify.emails.length > 0 || m.notify.webhook !== undefined);

/** The monitoring's rules in its topology: paths relative to `monitoring`. */
export function monitoringRules(m: MonitoringSpec, where: { production: boolean; kubernetes: boolean }): Finding[] {
  const found: Finding[] = [];
  const on = Object.entries(m.alerts).filter(([, v]) => v).map(([k]) => k);
  if (on.length > 0 && where.production && !hasDestination(m)) {
    found.push(
      finding(
        ["notify"],
        `required in production with alerts on (${on.join(", ")}): give emails (e.g. ["ops@example.com"]) and/or a webhook, or turn the alerts off under monitoring.alerts`,
        m.notify,
      ),
    );
  }
  if (!where.kubernetes && m.alerts.workloads) found.push(finding(["alerts", "workloads"], 'needs compute.kind "kubernetes" (workload alerts are Prometheus rules in the platform stack)', true));
  if (!where.kubernetes && m.grafana) found.push(finding(["grafana"], 'needs compute.kind "kubernetes" (Grafana runs in the platform stack)', true));
  return found;
}
