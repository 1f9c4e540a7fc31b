import type { Construct } from "constructs";
import { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import { LinuxVirtualMachineScaleSet } from "@cdktf/provider-azurerm/lib/linux-virtual-machine-scale-set";
import { ManagedDisk } from "@cdktf/provider-azurerm/lib/managed-disk";
import { MonitorAutoscaleSetting } from "@cdktf/provider-azurerm/lib/monitor-autoscale-setting";
import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { VirtualMachineDataDiskAttachment } from "@cdktf/provider-azurerm/lib/virtual-machine-data-disk-attachment";
import type { AppConnections, RenderedFleet, VmFleetInput } from "../../src/core/contracts";
import { Fn, Lazy } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { appEnvironment, composeFile } from "../../src/plan/app-environment";
import { bootstrapScript } from "../../src/plan/bootstrap";
import { escapeForExpression } from "../../src/core/expression";
import { azName, placed, resourceGroupOf, azureNetworkAttribute, optionalAzureNetworkAttribute } from "./common";
import { grantDataAccess } from "./identity";
import { appLoadBalancer } from "./load-balancer";

/** Ubuntu 24.04 LTS by marketplace reference (no image lookup at plan time). */
const UBUNTU = { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" };
const ADMIN_USER = "azureuser";
/** LUN 0 of the data disk, as udev names it on Azure. */
const DATA_DEVICE = "/dev/disk/azure/scsi1/lun0";
/** Scale in when average CPU falls below this fraction of the target (hysteresis against flapping). */
const SCALE_IN_FRACTION = 0.5;

/**
 * App servers: Ubuntu LTS with Docker Compose, Trusted Launch (secure boot, vTPM), SSH key only (password
 * authentication disabled, no SSH rule in the network security group), a user-assigned identity for the
 * data stores. One server: a VM with a 1 TB Premium SSD data disk, a public IP only with exposure
 * "public". Several: a zone-balanced scale set behind a Standard Load Balancer with an autoscale setting.
 */
export function renderVmFleet(scope: Construct, input: VmFleetInput): RenderedFleet {
  const { ctx, network, spec, machine, app } = input;
  const subnetId = optionalAzureNetworkAttribute(network, "nodesSubnetId") ?? network.privateSubnetIds[0]!;
  if (!spec.sshPublicKey) throw new Error("tierform: Azure servers need sshPublicKey (a bug: the model requires it)");
  const identity = new UserAssignedIdentity(scope, "app-identity", { ...placed(ctx), name: azName(ctx, "app") });
  const raw: Record<string, TerraformResource | TerraformResource[]> = { identity };

  let connections: AppConnections = {};
  const hostPort = spec.exposure === "public" ? 80 : app.port;
  const customData = Lazy.stringValue({
    produce: () => Fn.base64encode(escapeForExpression(bootstrapScript({ os: "ubuntu", dataDevice: DATA_DEVICE, compose: composeFile(app, hostPort, appEnvironment(app, connections)) }))),
  });
  const common = {
    ...placed(ctx),
    adminUsername: ADMIN_USER,
    adminSshKey: [{ username: ADMIN_USER, publicKey: spec.sshPublicKey }],
    disablePasswordAuthentication: true,
    sourceImageReference: UBUNTU,
    secureBootEnabled: true,
    vtpmEnabled: true,
    customData,
    identity: { type: "UserAssigned", identityIds: [identity.id] },
  };

  let outputs: RenderedFleet["outputs"];
  if (spec.exposure !== "loadBalancer") {
    const zone = ctx.zones[0]!;
    const isPublic = spec.exposure === "public";
    const ip = isPublic ? new PublicIp(scope, "app-ip", { ...placed(ctx), name: azName(ctx, "app-ip"), sku: "Standard", allocationMethod: "Static", zones: [zone] }) : undefined;
    const nic = new NetworkInterface(scope, "app-nic", {
      ...placed(ctx),
      name: azName(ctx, "app-nic"),
      ipConfiguration: [{ name: "primary", subnetId, privateIpAddressAllocation: "Dynamic", ...(ip ? { publicIpAddressId: ip.id } : {}) }],
    });
    const vm = new LinuxVirtualMachine(scope, "app", {
      ...common,
      name: azName(ctx, "app"),
      size: machine.type,
      zone,
      networkInterfaceIds: [nic.id],
      osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS", diskSizeGb: 30 },
    });
    const disk = new ManagedDisk(scope, "app-data", { ...placed(ctx), name: azName(ctx, "app-data"), storageAccountType: "Premium_LRS", createOption: "Empty", diskSizeGb: spec.diskGiB, zone });
    const attachment = new VirtualMachineDataDiskAttachment(scope, "app-data-attachment", { managedDiskId: disk.id, virtualMachineId: vm.id, lun: 0, caching: "ReadOnly" });
    Object.assign(raw, { nic, vm, dataDisk: disk, dataDiskAttachment: attachment });
    if (ip) {
      raw["publicIp"] = ip;
      raw["webRule"] = new NetworkSecurityRule(scope, "app-web", {
        name: "allow-web",
        resourceGroupName: resourceGroupOf(ctx),
        networkSecurityGroupName: azureNetworkAttribute(network, "nodesSecurityGroup"),
        priority: 200,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "Internet",
        sourcePortRange: "*",
        destinationAddressPrefix: "VirtualNetwork",
        destinationPortRanges: ["80", "443"],
      });
      outputs = { clientGroup: identity.principalId, publicIp: ip.ipAddress };
    } else {
      outputs = { clientGroup: identity.principalId };
    }
  } else {
    const lb = appLoadBalancer(scope, { ctx, network, app, lb: input.loadBalancer });
    Object.assign(raw, lb.resources);
    const bounds = spec.autoscaling ?? { min: spec.servers, max: spec.servers };
    const scaleSet = new LinuxVirtualMachineScaleSet(scope, "app-scale-set", {
      ...common,
      name: azName(ctx, "app"),
      sku: machine.type,
      instances: spec.servers,
      zones: [...ctx.zones],
      zoneBalance: true,
      upgradeMode: "Rolling",
      healthProbeId: lb.probe.id,
      rollingUpgradePolicy: {
        maxBatchInstancePercent: spec.rollingMaxUnavailablePercent,
        maxUnhealthyInstancePercent: spec.rollingMaxUnavailablePercent,
        maxUnhealthyUpgradedInstancePercent: spec.rollingMaxUnavailablePercent,
        pauseTimeBetweenBatches: "PT30S",
      },
      automaticInstanceRepair: { enabled: true, gracePeriod: `PT${Math.max(10, Math.ceil(spec.warmupSeconds / 60))}M` },
      osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS", diskSizeGb: 30 },
      dataDisk: [{ lun: 0, caching: "ReadOnly", diskSizeGb: spec.diskGiB, storageAccountType: "Premium_LRS", createOption: "Empty" }],
      networkInterface: [
        { name: "primary", primary: true, ipConfiguration: [{ name: "primary", primary: true, subnetId, loadBalancerBackendAddressPoolIds: [lb.pool.id] }] },
      ],
      // The autoscale setting owns the count after creation.
      lifecycle: spec.autoscaling ? { ignoreChanges: ["instances"] } : {},
      dependsOn: [lb.resources["rule"]!],
    });
    raw["scaleSet"] = scaleSet;
    if (spec.autoscaling) {
      const cooldown = `PT${Math.max(1, Math.round(spec.autoscaling.cooldownSeconds / 60))}M`;
      const cpu = (operator: string, threshold: number, direction: string) => ({
        metricTrigger: {
          metricName: "Percentage CPU",
          metricResourceId: scaleSet.id,
          operator,
          statistic: "Average",
          threshold,
          timeAggregation: "Average",
          timeGrain: "PT1M",
          timeWindow: "PT10M",
        },
        scaleAction: { direction, type: "ChangeCount", value: 1, cooldown },
      });
      const target = spec.autoscaling.cpuTargetPercent;
      raw["autoscale"] = new MonitorAutoscaleSetting(scope, "app-autoscale", {
        ...placed(ctx),
        name: azName(ctx, "app-autoscale"),
        targetResourceId: scaleSet.id,
        profile: [
          {
            name: "cpu",
            capacity: { default: spec.servers, minimum: bounds.min, maximum: bounds.max },
            rule: [cpu("GreaterThan", target, "Increase"), cpu("LessThan", Math.round(target * SCALE_IN_FRACTION), "Decrease")],
          },
        ],
      });
    }
    outputs = { clientGroup: identity.principalId, loadBalancer: { dnsName: lb.ip.fqdn, host: lb.ip.fqdn, target: lb.ip.id } };
  }

  return {
    outputs,
    raw,
    connect(c: AppConnections): void {
      connections = c;
      // One server runs the app and its migrations with the same identity: it reads the admin secret (README).
      raw["dataAccess"] = grantDataAccess(scope, identity.principalId, c, "app", "admin-secret");
    },
  };
}

