import type { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeDisk } from "@cdktf/provider-google/lib/compute-disk";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeInstance } from "@cdktf/provider-google/lib/compute-instance";
import { ComputeInstanceTemplate } from "@cdktf/provider-google/lib/compute-instance-template";
import { ComputeRegionAutoscaler } from "@cdktf/provider-google/lib/compute-region-autoscaler";
import { ComputeRegionInstanceGroupManager } from "@cdktf/provider-google/lib/compute-region-instance-group-manager";
import type { AppConnections, RenderedFleet, VmFleetInput } from "../../src/core/contracts";
import { Lazy } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { appEnvironment, composeFile, literalEnvironment } from "../../src/plan/app-environment";
import { bootstrapScript } from "../../src/plan/bootstrap";
import { SIDECAR_POOLER, gcpSecretFetch, pgbouncerBootLines } from "../../src/plan/pgbouncer";
import { GOOGLE_LB_RANGES, gcpName, labels, gcpNetworkAttribute } from "./common";
import { TELEMETRY_ROLES, grantDataAccess, serviceAccount } from "./identity";
import { aRecord, appBackendService, httpsFrontEnd } from "./load-balancer";

/** Ubuntu LTS by image family: always the current image, no lookup at plan time. */
const IMAGE_FAMILY = "ubuntu-os-cloud/ubuntu-2404-lts-amd64";
const BOOT_DISK_GIB = 30;
/** The data disk's device name; Linux sees it as /dev/disk/by-id/google-<name>. */
const DATA_DEVICE = "data";
const SHIELDED = { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true };
/** No SSH keys in metadata: OS Login (IAM) only. */
const METADATA = { "enable-oslogin": "TRUE", "block-project-ssh-keys": "true" };
const PORT_NAME = "http";

/**
 * App servers on Compute Engine, Ubuntu LTS with Docker Compose, shielded, OS Login only, a dedicated
 * service account. One server: an instance with a separate SSD data disk (external IP only with exposure
 * "public"). Several: a regional managed instance group from a template, autoscaled on CPU, behind a
 * global external Application Load Balancer (HTTPS, managed certificate, HTTP redirect).
 */
export function renderVmFleet(scope: Construct, input: VmFleetInput): RenderedFleet {
  const { ctx, network, spec, machine, app } = input;
  const subnetwork = gcpNetworkAttribute(network, "subnetwork") ?? network.privateSubnetIds[0]!;
  const tag = gcpName(ctx, "app");
  const sa = serviceAccount(scope, "app-sa", ctx, "app", "App servers", TELEMETRY_ROLES);
  const raw: Record<string, TerraformResource | TerraformResource[]> = { serviceAccount: sa.account, serviceAccountRoles: sa.grants };

  let connections: AppConnections = {};
  const hostPort = spec.exposure === "public" ? 80 : app.port;
  const startup = Lazy.stringValue({
    produce: () => {
      // Cloud SQL Enterprise edition has no managed pooling: PgBouncer beside the app. Its certificate names the
      // instance, not the private IP PgBouncer connects to, so the CA is verified without the host name.
      const db = connections.database;
      const ca = db?.attributes?.["caCertificate"];
      const pooled = db && connections.pooling && !db.pooler && ca ? db : undefined;
      const env = appEnvironment(literalEnvironment(app), pooled ? { ...connections, database: { ...pooled, pooler: SIDECAR_POOLER } } : connections);
      const prepare =
        pooled && ca
          ? pgbouncerBootLines({
              config: { pooling: connections.pooling!, servers: spec.autoscaling?.max ?? spec.servers, host: pooled.writerEndpoint ?? pooled.endpoint, port: pooled.port, sslMode: "verify-ca" },
              user: pooled.username,
              fetch: gcpSecretFetch(pooled.credentials.id),
              ca: { pem: ca },
            })
          : [];
      const compose = composeFile(app, hostPort, env, { pgbouncer: !!pooled });
      return bootstrapScript({ os: "ubuntu", dataDevice: `/dev/disk/by-id/google-${DATA_DEVICE}`, compose, prepare });
    },
  });
  const common = {
    machineType: machine.type,
    tags: [tag],
    labels: labels(ctx),
    metadata: METADATA,
    metadataStartupScript: startup,
    shieldedInstanceConfig: SHIELDED,
    serviceAccount: { email: sa.account.email, scopes: ["cloud-platform"] },
  };

  let outputs: RenderedFleet["outputs"];
  if (spec.exposure !== "loadBalancer") {
    const zone = ctx.zones[0]!;
    const disk = new ComputeDisk(scope, "app-data", { name: gcpName(ctx, "app-data"), zone, size: spec.diskGiB, type: "pd-ssd", labels: labels(ctx) });
    const isPublic = spec.exposure === "public";
    const address = isPublic ? new ComputeAddress(scope, "app-ip", { name: gcpName(ctx, "app-ip"), region: ctx.region }) : undefined;
    const instance = new ComputeInstance(scope, "app", {
      ...common,
      name: gcpName(ctx, "app"),
      zone,
      bootDisk: { initializeParams: { image: IMAGE_FAMILY, size: BOOT_DISK_GIB, type: "pd-balanced" } },
      attachedDisk: [{ source: disk.id, deviceName: DATA_DEVICE }],
      networkInterface: [{ subnetwork, ...(address ? { accessConfig: [{ natIp: address.address }] } : {}) }],
      allowStoppingForUpdate: true,
      deletionProtection: ctx.production,
    });
    Object.assign(raw, { dataDisk: disk, instance });
    if (address && isPublic) {
      raw["publicIp"] = address;
      raw["firewall"] = new ComputeFirewall(scope, "app-web", {
        name: gcpName(ctx, "app-web"),
        network: network.id,
        direction: "INGRESS",
        sourceRanges: ["0.0.0.0/0"],
        targetTags: [tag],
        allow: [{ protocol: "tcp", ports: ["80", "443"] }],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
      outputs = { clientGroup: sa.account.email, publicIp: address.address };
    } else {
      outputs = { clientGroup: sa.account.email };
    }
  } else {
    if (!input.tls) throw new Error("tierform: a load-balanced fleet needs tls (a bug: the model requires domain)");
    const template = new ComputeInstanceTemplate(scope, "app-template", {
      ...common,
      namePrefix: `${gcpName(ctx, "app")}-`,
      region: ctx.region,
      disk: [
        { boot: true, sourceImage: IMAGE_FAMILY, diskSizeGb: BOOT_DISK_GIB, diskType: "pd-balanced", autoDelete: true },
        { boot: false, deviceName: DATA_DEVICE, diskSizeGb: spec.diskGiB, diskType: "pd-ssd", autoDelete: true },
      ],
      networkInterface: [{ subnetwork }],
      lifecycle: { createBeforeDestroy: true },
    });
    const bounds = spec.autoscaling ?? { min: spec.servers, max: spec.servers, cpuTargetPercent: undefined };
    // Backends are set once the group exists; the group's auto-healing needs the health check first.
    const { service, healthCheck } = appBackendService(scope, { ctx, app, lb: input.loadBalancer, port: app.port, portName: PORT_NAME, backends: [] });
    const group = new ComputeRegionInstanceGroupManager(scope, "app-group", {
      name: gcpName(ctx, "app"),
      baseInstanceName: gcpName(ctx, "app"),
      region: ctx.region,
      distributionPolicyZones: [...ctx.zones],
      version: [{ instanceTemplate: template.selfLinkUnique, name: "primary" }],
      namedPort: [{ name: PORT_NAME, port: app.port }],
      autoHealingPolicies: { healthCheck: healthCheck.id, initialDelaySec: spec.warmupSeconds },
      updatePolicy: { type: "PROACTIVE", minimalAction: "REPLACE", maxSurgeFixed: ctx.zones.length, maxUnavailableFixed: 0 },
      ...(spec.autoscaling ? {} : { targetSize: spec.servers }),
    });
    service.putBackend([{ group: group.instanceGroup, balancingMode: "UTILIZATION", capacityScaler: 1 }]);
    Object.assign(raw, { template, group, backendService: service, healthCheck });
    if (spec.autoscaling) {
      raw["autoscaler"] = new ComputeRegionAutoscaler(scope, "app-autoscaler", {
        name: gcpName(ctx, "app"),
        region: ctx.region,
        target: group.id,
        autoscalingPolicy: {
          minReplicas: bounds.min,
          maxReplicas: bounds.max,
          cooldownPeriod: spec.autoscaling.cooldownSeconds,
          cpuUtilization: { target: spec.autoscaling.cpuTargetPercent / 100 },
        },
      });
    }
    raw["healthCheckFirewall"] = new ComputeFirewall(scope, "app-lb", {
      name: gcpName(ctx, "app-from-lb"),
      network: network.id,
      direction: "INGRESS",
      sourceRanges: GOOGLE_LB_RANGES,
      targetTags: [tag],
      allow: [{ protocol: "tcp", ports: [String(app.port)] }],
    });
    const front = httpsFrontEnd(scope, "app-lb", { ctx, host: input.tls.host, defaultService: service.id, ...(input.tls.dnsZoneId ? { dnsZoneId: input.tls.dnsZoneId } : {}) });
    Object.assign(raw, front.resources);
    outputs = {
      clientGroup: sa.account.email,
      loadBalancer: { dnsName: front.address.address, host: input.tls.host, target: service.id, certificateValidation: aRecord(input.tls.host, front.address.address) },
    };
  }

  return {
    outputs,
    raw,
    connect(c: AppConnections): void {
      connections = c;
      // One server runs the app and its migrations with the same credentials: it reads the admin secret (README).
      raw["dataAccess"] = grantDataAccess(scope, ctx, sa.member, c, "app", "admin-secret");
    },
  };
}
