import type { Construct } from "constructs";
import { CloudRunV2Service } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member";
import { CloudRunV2WorkerPool } from "@cdktf/provider-google/lib/cloud-run-v2-worker-pool";
import { ComputeRegionNetworkEndpointGroup } from "@cdktf/provider-google/lib/compute-region-network-endpoint-group";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { AppConnections, ContainersInput, ContainersOutputs, RenderContext, RenderedContainers } from "../../src/core/contracts";
import { TerraformStack } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { containerEnvironment, storesUsed, type ContainerEnvironment, type ContainerServicePlan, type ContainerSize, type PlannedProbe } from "../../src/plan/containers";
import { shortHash } from "../../src/plan/naming";
import { gcpName, gcpNetworkAttribute, labels, portServices, projectOf } from "./common";
import { serviceAccount } from "./identity";
import { dataKey } from "./keys";
import { aRecord, httpsFrontEnd, serverlessBackendService } from "./load-balancer";

/** Cloud Run service and worker pool names: fewer than 50 characters. */
const RUN_NAME_MAX = 49;
/** Variables Cloud Run sets itself and refuses in a container's env (PORT comes from the container port). */
const RESERVED_ENV = new Set(["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"]);
/**
 * The workloads on Cloud Run: each workload with a port a Cloud Run service, each without one (a queue worker) a
 * worker pool; every one with its own service account, Direct VPC egress into the network's subnet (private ranges
 * only, so it reaches Cloud SQL's private IP and Memorystore), CPU always allocated (instance-based billing), its
 * logs routed to a log bucket kept `logRetentionDays`, and the customer-managed key when the topology asks for one.
 *
 * The exposed service takes requests only through the global external Application Load Balancer (ingress "internal
 * and Cloud Load Balancing", a serverless NEG behind an HTTPS proxy with the managed certificate, HTTP redirected,
 * Cloud Armor with a WAF); the others only from inside the project's network, invoked by the other services'
 * accounts. Like the VM fleet: the constructor makes the identities and the load balancer; `connect` the services.
 */
export function renderContainers(scope: Construct, input: ContainersInput): RenderedContainers {
  const { ctx, network, services } = input;
  const project = projectOf(ctx);
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};

  // The stack enables the APIs every environment uses; Cloud Run's only where it runs (the other tiers stay as they are).
  const stack = TerraformStack.of(scope);
  const runApi =
    (stack.node.tryFindChild("api-run") as ProjectService | undefined) ??
    new ProjectService(stack, "api-run", { project, service: "run.googleapis.com", disableOnDestroy: false, disableDependentServices: false });
  raw["runApi"] = runApi;

  const accounts = new Map(
    services.map((s) => {
      const name = s.workload.name;
      const what = s.workload.port === undefined ? "worker pool" : "service";
      // No project roles: Cloud Run ships stdout/stderr to Cloud Logging itself; data access is granted in connect.
      return [name, serviceAccount(scope, `${name}-sa`, ctx, `run-${name}`, `Cloud Run ${what} ${name}`, [])] as const;
    }),
  );
  raw["serviceAccounts"] = [...accounts.values()].map((a) => a.account);
  const exposed = services.find((s) => s.exposed && s.workload.port !== undefined);

  // Cloud Run writes to Cloud Logging's _Default bucket (30 days): route a copy to a bucket kept as long as the topology asks.
  const logBucket = new LoggingProjectBucketConfig(scope, "run-logs", {
    project,
    location: ctx.region,
    bucketId: gcpName(ctx, "run-logs"),
    retentionDays: ctx.logRetentionDays,
    description: `${ctx.prefix}: Cloud Run services and worker pools, kept ${ctx.logRetentionDays} days`,
  });
  raw["logBucket"] = logBucket;
  raw["logSink"] = new LoggingProjectSink(scope, "run-logs-sink", {
    project,
    name: gcpName(ctx, "run-logs"),
    destination: `logging.googleapis.com/${logBucket.id}`,
    filter: logFilter(ctx, services),
    uniqueWriterIdentity: true,
  });

  // Cloud SQL and Memorystore admit the whole network (Direct VPC egress puts the services in its subnet) and a
  // password; the data stores' one client identity (Cloud SQL makes it an IAM login, unused by password logins) is
  // the exposed service's account, else the first service's.
  let outputs: ContainersOutputs = { clientGroup: accounts.get((exposed ?? services[0]!).workload.name)!.account.email };
  let backend: ReturnType<typeof serverlessBackendService>["service"] | undefined;
  if (exposed) {
    if (!input.tls) throw new Error("tierform: an exposed service needs tls (a bug: the model requires domain)");
    const lb = serverlessBackendService(scope, ctx);
    backend = lb.service;
    Object.assign(raw, lb.resources, { backendService: lb.service });
    const front = httpsFrontEnd(scope, "app-lb", { ctx, host: input.tls.host, defaultService: lb.service.id, ...(input.tls.dnsZoneId ? { dnsZoneId: input.tls.dnsZoneId } : {}) });
    Object.assign(raw, front.resources);
    outputs = {
      ...outputs,
      loadBalancer: { dnsName: front.address.address, host: input.tls.host, target: lb.service.id, certificateValidation: aRecord(input.tls.host, front.address.address) },
    };
  }

  return {
    outputs,
    raw,
    connect(c: AppConnections): void {
      const cmek = dataKey(scope, ctx);
      const keyGrant = cmek?.grant("run");
      // An internal service (ingress INTERNAL_ONLY) admits calls to its run.app URL only from inside the network: with
      // one, every service routes all egress through the VPC (Private Google Access reaches run.app, Cloud NAT the
      // internet), so its calls count as internal. Without, only private ranges (Cloud SQL, Memorystore) go through it.
      const internalCalls = services.some((t) => t.workload.port !== undefined && !t.exposed);
      const vpcAccess = {
        networkInterfaces: [{ network: network.id, subnetwork: gcpNetworkAttribute(network, "subnetwork") ?? network.privateSubnetIds[0]! }],
        egress: internalCalls ? "ALL_TRAFFIC" : "PRIVATE_RANGES_ONLY",
      };
      const runServices: [ContainerServicePlan, CloudRunV2Service][] = [];
      const pools: CloudRunV2WorkerPool[] = [];
      const access: TerraformResource[] = [];
      for (const s of services) {
        const w = s.workload;
        const account = accounts.get(w.name)!;
        const e = containerEnvironment(w, c);
        const grants = dataAccess(scope, ctx, w.name, account.member, e, c, storesUsed(w));
        access.push(...grants);
        const dependsOn = [runApi, ...grants, ...(keyGrant ? [keyGrant] : [])];
        const container = {
          name: w.name,
          image: w.image,
          ...(w.command ? { command: [...w.command] } : {}),
          ...(w.args ? { args: [...w.args] } : {}),
          env: environment(e),
          resources: { limits: limits(s.size) },
        };
        // Construct ids carry a kind suffix: a bare workload name may be another construct's id here (run-logs,
        // app-neg) or one constructs cannot hold (constructor).
        const common = { name: runName(ctx, w.name), location: ctx.region, labels: labels(ctx), deletionProtection: ctx.production, dependsOn };
        if (w.port === undefined) {
          pools.push(
            new CloudRunV2WorkerPool(scope, `${w.name}-pool`, {
              ...common,
              // Worker pools have no autoscaler of their own (no queue-length signal): they run the workload's maximum.
              scaling: { scalingMode: "MANUAL", manualInstanceCount: s.max },
              template: { serviceAccount: account.account.email, ...(cmek ? { encryptionKey: cmek.key.id } : {}), vpcAccess, containers: [container] },
            }),
          );
          continue;
        }
        const port = w.port;
        // The plan has capped them to Cloud Run's limits (catalog probeLimits; the topology warns).
        const probe = (p: PlannedProbe) => ({ httpGet: { path: p.path, port }, periodSeconds: p.periodSeconds, initialDelaySeconds: p.initialDelaySeconds, failureThreshold: p.failureThreshold });
        const service = new CloudRunV2Service(scope, `${w.name}-service`, {
          ...common,
          ingress: s.exposed ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" : "INGRESS_TRAFFIC_INTERNAL_ONLY",
          // The load balancer presents no identity: the exposed service skips the invoker check, reachable only through it.
          invokerIamDisabled: s.exposed,
          template: {
            serviceAccount: account.account.email,
            executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
            scaling: { minInstanceCount: s.min, maxInstanceCount: s.max },
            ...(s.scaling.concurrentRequests !== undefined ? { maxInstanceRequestConcurrency: s.scaling.concurrentRequests } : {}),
            // The load balancer's timeout: backend services with a serverless NEG take none, Cloud Run's applies.
            ...(s.exposed ? { timeout: `${input.loadBalancer.idleTimeoutSeconds}s` } : {}),
            ...(cmek ? { encryptionKey: cmek.key.id } : {}),
            vpcAccess,
            containers: [
              {
                ...container,
                ports: { containerPort: port, name: "http1" },
                // CPU always allocated: background work between requests, and the autoscaler's CPU signal, work.
                resources: { ...container.resources, cpuIdle: false },
                ...(s.probes.readiness ? { startupProbe: probe(s.probes.readiness) } : {}),
                ...(s.probes.liveness ? { livenessProbe: probe(s.probes.liveness) } : {}),
              },
            ],
          },
        });
        runServices.push([s, service]);
        if (s === exposed && backend) {
          const neg = new ComputeRegionNetworkEndpointGroup(scope, "app-neg", { name: gcpName(ctx, "app-neg"), region: ctx.region, networkEndpointType: "SERVERLESS", cloudRun: { service: service.name } });
          backend.putBackend([{ group: neg.id }]);
          raw["neg"] = neg;
        }
      }
      // An internal service is invoked by the other services' accounts only (IAM), from inside the network (ingress).
      const invokers = runServices.flatMap(([s, service]) =>
        s.exposed
          ? []
          : services
              .filter((t) => t !== s)
              .map(
                (t) =>
                  new CloudRunV2ServiceIamMember(scope, `${s.workload.name}-invoker-${t.workload.name}`, {
                    name: service.name,
                    location: ctx.region,
                    role: "roles/run.invoker",
                    member: accounts.get(t.workload.name)!.member,
                  }),
              ),
      );
      Object.assign(raw, { services: runServices.map(([, service]) => service), workerPools: pools, dataAccess: access, invokers, ...(keyGrant ? { keyGrant } : {}) });
    },
  };
}

/** `<prefix>-<name>`, cut with a short hash of the whole when longer than Cloud Run allows (stable and unique). */
export function runName(ctx: RenderContext, suffix: string): string {
  const name = `${ctx.prefix}-${suffix}`;
  if (name.length <= RUN_NAME_MAX) return name;
  const hash = shortHash(name);
  return `${ctx.prefix.slice(0, RUN_NAME_MAX - suffix.length - hash.length - 2).replace(/-+$/, "")}-${hash}-${suffix}`;
}

/** Cloud Run's limits: whole vCPUs, memory in Gi (or Mi below a GiB's multiple). */
function limits(size: ContainerSize): Record<string, string> {
  const memory = Number.isInteger(size.memoryGiB) ? `${size.memoryGiB}Gi` : `${Math.round(size.memoryGiB * 1024)}Mi`;
  return { cpu: String(size.vcpu), memory };
}

/** Plain values, then the secrets Cloud Run reads from Secret Manager at start (latest version, never in Terraform). */
function environment(e: ContainerEnvironment) {
  return [
    ...Object.entries(e.plain)
      .filter(([name]) => !RESERVED_ENV.has(name))
      .map(([name, value]) => ({ name, value })),
    ...Object.keys(e.secrets)
      .sort()
      .map((name) => ({ name, valueSource: { secretKeyRef: { secret: e.secrets[name]!.ref.id, version: "latest" } } })),
  ];
}

/**
 * What one service's account may use: the secrets injected into its environment (exactly those), and IAM login to
 * Memorystore when the cache authenticates with IAM and the service reads it, the files bucket's objects when it reads
 * `files.bucket`. PostgreSQL is a password login over
 * the private IP (no Cloud SQL connector), so no Cloud SQL role.
 */
function dataAccess(scope: Construct, ctx: RenderContext, name: string, member: string, e: ContainerEnvironment, c: AppConnections, { cache: usesCache, files: usesFiles }: { cache: boolean; files: boolean }): TerraformResource[] {
  const out: TerraformResource[] = Object.keys(e.secrets)
    .sort()
    .map(
      (env) =>
        new SecretManagerSecretIamMember(scope, `${name}-secret-${env.toLowerCase().replace(/_/g, "-")}`, {
          secretId: e.secrets[env]!.ref.id,
          role: "roles/secretmanager.secretAccessor",
          member,
        }),
    );
  if (usesCache && c.cache?.auth === "iam" && c.cache.authResources.length > 0) {
    out.push(new ProjectIamMember(scope, `${name}-redis-connect`, { project: projectOf(ctx), role: "roles/redis.dbConnectionUser", member }));
  }
  if (usesFiles && c.files) out.push(new StorageBucketIamMember(scope, `${name}-files`, { bucket: c.files.bucketName, role: "roles/storage.objectUser", member }));
  return out;
}

/**
 * The log entries of these services and worker pools (Cloud Logging's OR binds tighter than AND: every group is
 * parenthesised).
 */
function logFilter(ctx: RenderContext, services: readonly ContainerServicePlan[]): string {
  const names = (ss: readonly ContainerServicePlan[]) => ss.map((s) => `"${runName(ctx, s.workload.name)}"`).join(" OR ");
  const withPort = portServices(services);
  const workers = services.filter((s) => s.workload.port === undefined);
  const location = `resource.labels.location="${ctx.region}"`;
  return [
    ...(withPort.length > 0 ? [`(resource.type="cloud_run_revision" AND ${location} AND resource.labels.service_name=(${names(withPort)}))`] : []),
    ...(workers.length > 0 ? [`(resource.type="cloud_run_worker_pool" AND ${location} AND resource.labels.worker_pool_name=(${names(workers)}))`] : []),
  ].join(" OR ");
}
