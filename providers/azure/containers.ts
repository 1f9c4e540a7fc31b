import type { Construct } from "constructs";
import {
  ContainerApp,
  type ContainerAppTemplate,
  type ContainerAppTemplateContainer,
  type ContainerAppTemplateCustomScaleRule,
} from "@cdktf/provider-azurerm/lib/container-app";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { AppConnections, ContainersInput, RenderContext, RenderedContainers } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { containerEnvironment, storesUsed, type ContainerServicePlan, type PlannedProbe } from "../../src/plan/containers";
import { shortHash } from "../../src/plan/naming";
import { MIN_WORKSPACE_RETENTION, ROLES, azName, azureNetworkAttribute, placed, resourceGroupOf } from "./common";
import { frontDoorSku, registerContainerAppOrigin } from "./origins";

/** The serverless profile of a workload-profiles environment (Azure requires this name for it). */
const CONSUMPTION = "Consumption";
/** The shortest cooldown period a Container App takes (azurerm: cooldown_period_in_seconds ≥ 1). */
const MIN_COOLDOWN_SECONDS = 1;
/** Where Front Door's backend traffic comes from, and the ports the environment's edge proxy answers HTTPS on. */
const FRONT_DOOR_TAG = "AzureFrontDoor.Backend";
const HTTPS_PORTS = ["443", "31443"];
/** The Key Vault secret each injected variable comes from, as the app names it (lower case, digits and '-'). */
const secretName = (variable: string) => variable.toLowerCase().replace(/_/g, "-");

/**
 * Azure Container Apps: one workload-profiles environment (serverless Consumption profile only, so billing is per
 * vCPU- and GiB-second) in its own delegated subnet of the VNet, logs to its own Log Analytics workspace kept
 * `logRetentionDays`, zone-redundant in production. How Front Door reaches the exposed app decides the environment's
 * accessibility: Front Door Standard (the default) reaches only public origins, so the environment is external and
 * the exposed app's ingress is public over HTTPS; Premium (`compliance.waf`) reaches it over Private Link, so the
 * environment is internal with public network access disabled. Every service is a Container App (single revision
 * mode) with its own user-assigned identity, which reads only the Key Vault secrets that service injects; the exposed
 * one has ingress, internal services with a port internal ingress, workers none. Scale rules: HTTP concurrency, CPU
 * and memory utilisation, and a KEDA redis rule on the queue's list length.
 */
export function renderContainers(scope: Construct, input: ContainersInput): RenderedContainers {
  const { ctx, network, services, app } = input;
  const subnetId = azureNetworkAttribute(network, "containersSubnetId");
  const cidr = azureNetworkAttribute(network, "containersCidr");
  const internal = frontDoorSku(ctx) === "Premium_AzureFrontDoor";
  const raw: Record<string, TerraformResource | TerraformResource[]> = {};

  const workspace = new LogAnalyticsWorkspace(scope, "apps-logs", {
    ...placed(ctx),
    name: azName(ctx, "apps-logs"),
    sku: "PerGB2018",
    retentionInDays: Math.max(MIN_WORKSPACE_RETENTION, ctx.logRetentionDays),
  });
  const environment = new ContainerAppEnvironment(scope, "apps-environment", {
    ...placed(ctx),
    name: azName(ctx, "apps"),
    infrastructureSubnetId: subnetId,
    internalLoadBalancerEnabled: internal,
    publicNetworkAccess: internal ? "Disabled" : "Enabled",
    // The subnet spans the region's zones; a non-production environment saves nothing by being zonal, but zone
    // redundancy cannot be changed later (ForceNew), so it follows `production` like the data stores' HA.
    zoneRedundancyEnabled: ctx.production && ctx.zones.length > 1,
    logsDestination: "log-analytics",
    logAnalyticsWorkspaceId: workspace.id,
    workloadProfile: [{ name: CONSUMPTION, workloadProfileType: CONSUMPTION }],
  });
  Object.assign(raw, { logWorkspace: workspace, environment });

  const identities = new Map(services.map((s) => [s.workload.name, new UserAssignedIdentity(scope, `${s.workload.name}-identity`, { ...placed(ctx), name: azName(ctx, `app-${s.workload.name}`) })]));
  raw["identities"] = [...identities.values()];

  const exposed = services.find((s) => s.exposed && s.workload.port !== undefined);
  let outputs: RenderedContainers["outputs"] = { clientGroup: cidr };
  if (exposed && app) {
    // Container Apps route by host: the app answers on <name>.<environment default domain> (its ingress FQDN), which
    // Front Door uses as origin and host header; the managed certificate of that domain covers it.
    const host = `${appName(ctx, exposed)}.${environment.defaultDomain}`;
    registerContainerAppOrigin(scope, host, internal ? { privateLink: { environmentId: environment.id, location: ctx.region } } : {});
    outputs = { clientGroup: cidr, loadBalancer: { dnsName: host, host } };
    if (!internal) raw["frontDoorRule"] = allowFrontDoor(scope, ctx, azureNetworkAttribute(network, "containersSecurityGroup"), cidr);
  }

  return {
    outputs,
    raw,
    connect(c: AppConnections): void {
      const apps: ContainerApp[] = [];
      const grants: RoleAssignment[] = [];
      for (const s of services) {
        const identity = identities.get(s.workload.name)!;
        const service = containerApp(scope, { ctx, s, c, identity, environmentId: environment.id, internal, cooldownSeconds: input.spec.scaleInCooldownSeconds });
        grants.push(...service.grants);
        apps.push(service.app);
      }
      raw["apps"] = apps;
      raw["secretAccess"] = grants;
    },
  };
}

/** Container App names: lower case, digits and single '-', at most 32 characters, ending in a letter or digit. */
const APP_NAME_MAX = 32;

function appName(ctx: RenderContext, s: ContainerServicePlan): string {
  const name = azName(ctx, s.workload.name);
  if (name.length <= APP_NAME_MAX) return name;
  // Cut, and end in a short hash of the whole: two long names that start alike stay apart (and stable).
  const hash = shortHash(name);
  return `${name.slice(0, APP_NAME_MAX - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/**
 * Admits Front Door's backends to the environment's HTTPS ports (the platform's own traffic is admitted by Azure's
 * default rules). In an external workload-profiles environment public requests reach the apps through the
 * environment's public IP, not through this subnet (Container Apps docs, "Securing a custom VNET … with Network
 * Security Groups"), so this rule covers what enters through the VNet; Container Apps ingress cannot filter on a
 * service tag or on Front Door's X-Azure-FDID header (README: the exposed app's FQDN answers directly too).
 */
function allowFrontDoor(scope: Construct, ctx: RenderContext, nsgName: string, cidr: string): NetworkSecurityRule {
  return new NetworkSecurityRule(scope, "apps-allow-front-door", {
    name: "allow-front-door",
    resourceGroupName: resourceGroupOf(ctx),
    networkSecurityGroupName: nsgName,
    priority: 200,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourceAddressPrefix: FRONT_DOOR_TAG,
    sourcePortRange: "*",
    destinationAddressPrefix: cidr,
    destinationPortRanges: HTTPS_PORTS,
  });
}

interface SecretSource {
  /** What the app calls it (`secret` block name, env `secret_name`). */
  readonly name: string;
  /** The Key Vault secret's versionless URL (the app always reads its latest version). */
  readonly url: string;
  /** The Key Vault secret's resource id, the scope of the identity's read grant. */
  readonly resourceId: string;
}

/** The Key Vault secrets a service reads: those its environment injects, and the cache key its queue scaler needs. */
function secretSources(s: ContainerServicePlan, c: AppConnections, injected: ReturnType<typeof containerEnvironment>["secrets"]): Map<string, SecretSource> {
  const sources = new Map<string, SecretSource>();
  const resourceOf = (variable: string): string | undefined =>
    // The cache's authResources on Azure is its key's Key Vault secret, one resource (RedisOutputs.authResources).
    variable === "DATABASE_PASSWORD" ? c.database?.attributes?.["adminSecretResourceId"] : variable === "REDIS_PASSWORD" ? c.cache?.authResources[0] : undefined;
  const add = (variable: string, url: string) => {
    const resourceId = resourceOf(variable);
    // A secondary region's database secret lives in the primary region's vault, which it cannot grant on.
    if (!resourceId) throw new Error(`tierform: ${s.workload.name} reads ${variable}, whose Key Vault secret this region cannot grant access to (Azure Container Apps run in one region)`);
    sources.set(variable, { name: secretName(variable), url, resourceId });
  };
  for (const [variable, secret] of Object.entries(injected)) add(variable, secret.ref.id);
  if (s.scaling.queue && c.cache?.credentials && !sources.has("REDIS_PASSWORD")) add("REDIS_PASSWORD", c.cache.credentials.id);
  return sources;
}

/** The service's probes, capped by the plan to Container Apps' limits (catalog probeLimits; the topology warns). */
function probes(s: ContainerServicePlan): Pick<ContainerAppTemplateContainer, "readinessProbe" | "livenessProbe"> {
  const port = s.workload.port;
  if (port === undefined) return {};
  const probe = (p: PlannedProbe) => ({ transport: "HTTP", port, path: p.path, initialDelay: p.initialDelaySeconds, intervalSeconds: p.periodSeconds, failureCountThreshold: p.failureThreshold });
  const { readiness, liveness } = s.probes;
  return { ...(readiness ? { readinessProbe: [probe(readiness)] } : {}), ...(liveness ? { livenessProbe: [probe(liveness)] } : {}) };
}

/** Scale rules for the signals the plan carries (the platform scales on whichever asks for the most replicas). */
function scaleRules(s: ContainerServicePlan, c: AppConnections, secrets: Map<string, SecretSource>): Pick<ContainerAppTemplate, "httpScaleRule" | "customScaleRule"> {
  const { cpuPercent, memoryPercent, concurrentRequests, queue } = s.scaling;
  const utilisation = (type: "cpu" | "memory", value: number) => ({ name: type, customRuleType: type, metadata: { type: "Utilization", value: String(value) } });
  const custom: ContainerAppTemplateCustomScaleRule[] = [
    ...(cpuPercent !== undefined ? [utilisation("cpu", cpuPercent)] : []),
    ...(memoryPercent !== undefined ? [utilisation("memory", memoryPercent)] : []),
  ];
  if (queue) {
    const cache = c.cache;
    if (!cache) throw new Error(`tierform: ${s.workload.name} scales on a Redis list but there is no cache (a bug: the component checks it)`);
    const key = secrets.get("REDIS_PASSWORD");
    // A cluster-protocol cache (OSSCluster) needs KEDA's redis-cluster scaler, which takes a list of addresses.
    const address = `${cache.writerEndpoint ?? cache.endpoint}:${cache.port}`;
    custom.push({
      name: "queue",
      customRuleType: cache.clusterProtocol ? "redis-cluster" : "redis",
      metadata: {
        ...(cache.clusterProtocol ? { addresses: address } : { address }),
        listName: queue.list,
        listLength: String(queue.perInstance),
        enableTLS: String(cache.tls),
      },
      ...(key ? { authentication: [{ secretName: key.name, triggerParameter: "password" }] } : {}),
    });
  }
  return {
    ...(concurrentRequests !== undefined ? { httpScaleRule: [{ name: "http", concurrentRequests: String(concurrentRequests) }] } : {}),
    ...(custom.length > 0 ? { customScaleRule: custom } : {}),
  };
}

/** One service: its Container App, and its identity's read grant on each secret it uses (created first). */
function containerApp(
  scope: Construct,
  o: { ctx: RenderContext; s: ContainerServicePlan; c: AppConnections; identity: UserAssignedIdentity; environmentId: string; internal: boolean; cooldownSeconds: number },
): { app: ContainerApp; grants: RoleAssignment[] } {
  const { ctx, s, c, identity } = o;
  const w = s.workload;
  const env = containerEnvironment(w, c);
  const secrets = secretSources(s, c, env.secrets);
  const grants = [...secrets.entries()].map(
    ([variable, source]) =>
      new RoleAssignment(scope, `${w.name}-secret-${source.name}`, { scope: source.resourceId, roleDefinitionName: ROLES.keyVaultSecretsUser, principalId: identity.principalId, description: `${w.name} reads ${variable}` }),
  );
  // The files account, for a service that reads files.bucket (its blobs through its identity, never an account key).
  if (storesUsed(w).files && c.files) {
    grants.push(new RoleAssignment(scope, `${w.name}-files`, { scope: c.files.id, roleDefinitionName: ROLES.storageBlobDataContributor, principalId: identity.principalId, description: `${w.name} reads and writes the files container` }));
  }
  const ingress =
    w.port === undefined
      ? {}
      : {
          ingress: {
            // The exposed app: reachable from outside the environment (from Front Door: the internet on an external
            // environment, the VNet and Private Link on an internal one). Other services: from the environment only.
            externalEnabled: s.exposed,
            targetPort: w.port,
            transport: "http",
            allowInsecureConnections: false,
            trafficWeight: [{ latestRevision: true, percentage: 100 }],
          },
        };
  // The id carries a suffix: a bare workload name may be another construct's id here (apps-logs) or one
  // constructs cannot hold (constructor).
  const app = new ContainerApp(scope, `${w.name}-app`, {
    name: appName(ctx, s),
    resourceGroupName: resourceGroupOf(ctx),
    containerAppEnvironmentId: o.environmentId,
    workloadProfileName: CONSUMPTION,
    revisionMode: "Single",
    identity: { type: "UserAssigned", identityIds: [identity.id] },
    ...(secrets.size > 0 ? { secret: [...secrets.values()].map((x) => ({ name: x.name, keyVaultSecretId: x.url, identity: identity.id })) } : {}),
    ...ingress,
    template: {
      minReplicas: s.min,
      maxReplicas: s.max,
      // Container Apps take a cooldown of 1 s or more (azurerm): a scale-in cooldown of 0 is the nearest, 1 s.
      cooldownPeriodInSeconds: Math.max(MIN_COOLDOWN_SECONDS, o.cooldownSeconds),
      container: [
        {
          name: w.name,
          image: w.image,
          ...(w.command ? { command: [...w.command] } : {}),
          ...(w.args ? { args: [...w.args] } : {}),
          cpu: s.size.vcpu,
          memory: `${s.size.memoryGiB}Gi`,
          env: [
            ...Object.entries(env.plain).map(([name, value]) => ({ name, value })),
            ...Object.keys(env.secrets).map((name) => ({ name, secretName: secrets.get(name)!.name })),
          ],
          ...probes(s),
        },
      ],
      ...scaleRules(s, c, secrets),
    },
    tags: { ...ctx.tags },
    // The revision pulls its secrets at start: the identity must be able to read them first.
    ...(grants.length > 0 ? { dependsOn: grants } : {}),
  });
  return { app, grants };
}
