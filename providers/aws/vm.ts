import type { Construct } from "constructs";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { AppConnections, RenderedFleet, VmFleetInput } from "../../src/core/contracts";
import { onFirstCall } from "../../src/core/lazy";
import { Fn, Lazy } from "../../src/core/tf";
import type { TerraformResource } from "../../src/core/tf";
import { appEnvironment, composeFile } from "../../src/plan/app-environment";
import { bootstrapScript } from "../../src/plan/bootstrap";
import { SIDECAR_POOLER, awsSecretFetch, pgbouncerBootLines } from "../../src/plan/pgbouncer";
import { escapeForExpression } from "../../src/core/expression";
import { physicalName } from "../../src/plan/naming";
import { dataAccessStatements } from "./access";
import { allowAllEgress, allowFromCidr, allowFromGroups, named, policy, securityGroup, serviceRole } from "./common";

// The load balancer (and its certificate) loads only for a load-balanced fleet (src/core/lazy.ts).
const appLoadBalancer = onFirstCall(() => require("./load-balancer") as typeof import("./load-balancer"), "appLoadBalancer");

/** Amazon Linux 2023, resolved by EC2 at launch: no AMI lookup at plan time, always the current image. */
const AL2023_IMAGE = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
const ROOT_VOLUME_GIB = 30;
/** RDS's CA bundle (every region): PgBouncer verifies the database's certificate and host name against it. */
const RDS_CA_BUNDLE = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/**
 * App servers. One server: an EC2 instance from a launch template (public IP only with exposure "public").
 * Several: an Auto Scaling group in the private subnets behind an internet-facing ALB.
 * No SSH: administration is through SSM Session Manager.
 */
export function renderVmFleet(scope: Construct, input: VmFleetInput): RenderedFleet {
  const { ctx, network, spec, machine, app } = input;
  const name = physicalName(ctx.prefix, "app");
  const role = serviceRole(scope, "app-role", physicalName(ctx.prefix, "app-role"), "ec2.amazonaws.com", ["AmazonSSMManagedInstanceCore"]);
  const profile = new IamInstanceProfile(scope, "app-profile", { name: physicalName(ctx.prefix, "app-profile"), role: role.name });
  const sg = securityGroup(scope, "app-sg", network.id, physicalName(ctx.prefix, "app"), "App servers");
  const raw: Record<string, TerraformResource | TerraformResource[]> = { role, instanceProfile: profile, securityGroup: sg };
  raw["egress"] = allowAllEgress(scope, "app-egress", sg.id, "Packages, images and AWS APIs through NAT");

  let connections: AppConnections = {};
  const hostPort = spec.exposure === "public" ? 80 : app.port;
  const userData = Lazy.stringValue({
    produce: () => {
      // RDS has no pooler for password logins here (RDS Proxy is rendered for IAM logins): PgBouncer beside the app.
      const db = connections.database;
      const pooled = db && connections.pooling && !db.pooler ? db : undefined;
      const env = appEnvironment(app, pooled ? { ...connections, database: { ...pooled, pooler: SIDECAR_POOLER } } : connections);
      const prepare = pooled
        ? pgbouncerBootLines({
            config: { pooling: connections.pooling!, servers: spec.autoscaling?.max ?? spec.servers, host: pooled.writerEndpoint ?? pooled.endpoint, port: pooled.port, sslMode: "verify-full" },
            user: pooled.username,
            fetch: awsSecretFetch(ctx.region, pooled.credentials.id),
            ca: { url: RDS_CA_BUNDLE },
          })
        : [];
      const compose = composeFile(app, hostPort, env, { pgbouncer: !!pooled });
      return Fn.base64encode(escapeForExpression(bootstrapScript({ os: "al2023", dataDevice: "/dev/sdf", compose, prepare })));
    },
  });

  const single = spec.exposure !== "loadBalancer";
  const template = new LaunchTemplate(scope, "app-lt", {
    name,
    imageId: AL2023_IMAGE,
    instanceType: machine.type,
    updateDefaultVersion: true,
    ebsOptimized: "true",
    iamInstanceProfile: { arn: profile.arn },
    vpcSecurityGroupIds: [sg.id],
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
    monitoring: { enabled: true },
    blockDeviceMappings: [
      { deviceName: "/dev/xvda", ebs: { volumeSize: ROOT_VOLUME_GIB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
      // A single server keeps its data disk if the instance is replaced; a group's servers are disposable.
      { deviceName: "/dev/sdf", ebs: { volumeSize: spec.diskGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: single ? "false" : "true" } },
    ],
    userData,
    tagSpecifications: [
      { resourceType: "instance", tags: named(name) },
      { resourceType: "volume", tags: named(name) },
    ],
    tags: named(name),
  });
  raw["launchTemplate"] = template;

  let outputs: RenderedFleet["outputs"];
  if (single) {
    const isPublic = spec.exposure === "public";
    const instance = new Instance(scope, "app", {
      launchTemplate: { id: template.id, version: "$Latest" },
      subnetId: (isPublic ? network.publicSubnetIds : network.privateSubnetIds)[0]!,
      tags: named(name),
      lifecycle: { ignoreChanges: ["launch_template[0].version"] },
    });
    raw["instance"] = instance;
    if (isPublic) {
      raw["ingress"] = [
        allowFromCidr(scope, "app-http", sg.id, 80, "0.0.0.0/0", "HTTP from the internet"),
        allowFromCidr(scope, "app-https", sg.id, 443, "0.0.0.0/0", "HTTPS from the internet"),
      ];
      const eip = new Eip(scope, "app-eip", { domain: "vpc", instance: instance.id, tags: named(name) });
      raw["publicIp"] = eip;
      outputs = { clientGroup: sg.id, publicIp: eip.publicIp };
    } else {
      outputs = { clientGroup: sg.id };
    }
  } else {
    if (!input.tls) throw new Error("tierform: a load-balanced fleet needs tls (a bug: the model requires domain)");
    const alb = appLoadBalancer(scope, { ctx, network, app, lb: input.loadBalancer, tls: input.tls, targetType: "instance" });
    Object.assign(raw, alb.resources);
    raw["ingress"] = allowFromGroups(scope, "app-from-alb", sg.id, app.port, [alb.securityGroup.id], "App port from the load balancer");
    const bounds = spec.autoscaling ?? { min: spec.servers, max: spec.servers };
    const group = new AutoscalingGroup(scope, "app-asg", {
      name,
      minSize: bounds.min,
      maxSize: bounds.max,
      desiredCapacity: spec.servers,
      vpcZoneIdentifier: [...network.privateSubnetIds],
      launchTemplate: { id: template.id, version: "$Latest" },
      targetGroupArns: [alb.targetGroup.arn],
      healthCheckType: "ELB",
      healthCheckGracePeriod: spec.warmupSeconds,
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 100 - spec.rollingMaxUnavailablePercent } },
      tag: [{ key: "Name", value: name, propagateAtLaunch: true }],
      // The autoscaler owns the count after creation.
      lifecycle: spec.autoscaling ? { ignoreChanges: ["desired_capacity"] } : {},
    });
    raw["autoscalingGroup"] = group;
    if (spec.autoscaling) {
      raw["scalingPolicy"] = new AutoscalingPolicy(scope, "app-cpu", {
        name: physicalName(ctx.prefix, "app-cpu"),
        autoscalingGroupName: group.name,
        policyType: "TargetTrackingScaling",
        targetTrackingConfiguration: {
          targetValue: spec.autoscaling.cpuTargetPercent,
          predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        },
      });
    }
    outputs = { clientGroup: sg.id, loadBalancer: alb.outputs };
  }

  return {
    outputs,
    raw,
    connect(c: AppConnections): void {
      connections = c;
      // One server runs the app and its migrations with the same instance credentials: a second identity would
      // isolate nothing there, so the fleet reads the admin secret (README: security exceptions).
      const statements = dataAccessStatements(c, "admin-secret");
      if (statements.length > 0) {
        raw["dataAccess"] = new IamRolePolicy(scope, "app-data-access", { name: "data-access", role: role.id, policy: policy(...statements) });
      }
    },
  };
}
