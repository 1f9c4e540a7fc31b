import type { AppConnections, BucketOutputs, RenderContext } from "../../src/core/contracts";
import type { ContainerEnvironment, ContainerServicePlan, InjectedSecret } from "../../src/plan/containers";
import { storesUsed } from "../../src/plan/containers";
import type { Statement } from "./common";

/** RDS's managed master secret (and the Aurora admin secret) is JSON: {"username", "password", …}. */
export const DATABASE_SECRET_KEY = "password";
/** The task volume mounted writable at /tmp when the root filesystem is read-only (Fargate ephemeral storage). */
const SCRATCH_VOLUME = "tmp";
/** Fargate's CPU unit: 1024 per vCPU. */
const CPU_UNITS_PER_VCPU = 1024;
/** Where a queue worker publishes QueueLength: the namespace its task role may write to. */
export const queueNamespace = (ctx: RenderContext) => `tierform/${ctx.prefix}`;
export const QUEUE_METRIC = "QueueLength";

/** Fargate's task size: CPU units and MiB, as the task definition takes them. */
export function taskSize(s: ContainerServicePlan): { cpu: number; memory: number } {
  return { cpu: Math.round(s.size.vcpu * CPU_UNITS_PER_VCPU), memory: Math.round(s.size.memoryGiB * 1024) };
}

/**
 * ECS's `valueFrom` for a secret: the secret's ARN, and for a JSON secret the key, with the version stage and id
 * left empty (the current version): `arn:…:secret:name:password::`.
 */
export function secretValueFrom(s: InjectedSecret): string {
  return s.jsonKey ? `${s.ref.id}:${s.jsonKey}::` : s.ref.id;
}

/** The image's ECR repository ARN when it is an ECR image (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`). */
export function ecrRepository(image: string): string | undefined {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(image);
  return m ? `arn:aws:ecr:${m[2]}:${m[1]}:repository/${m[3]}` : undefined;
}

export interface ContainerDefinitionInput {
  readonly service: ContainerServicePlan;
  readonly env: ContainerEnvironment;
  readonly logGroup: string;
  readonly region: string;
}

/**
 * The one container of a service's task: its image and port, its plain environment (sorted) and the secrets ECS
 * injects at start from Secrets Manager (never in Terraform), a read-only root filesystem with a writable /tmp
 * when the workload asks for it, every Linux capability dropped, not privileged, logs to its CloudWatch log group.
 */
export function containerDefinition(c: ContainerDefinitionInput): Record<string, unknown> {
  const w = c.service.workload;
  const environment = Object.entries(c.env.plain)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));
  const secrets = Object.entries(c.env.secrets)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, s]) => ({ name, valueFrom: secretValueFrom(s) }));
  return {
    name: w.name,
    image: w.image,
    // ECS names them the Docker way: entryPoint replaces the image's entrypoint, command is its arguments.
    ...(w.command ? { entryPoint: [...w.command] } : {}),
    ...(w.args ? { command: [...w.args] } : {}),
    essential: true,
    ...(w.port !== undefined ? { portMappings: [{ containerPort: w.port, protocol: "tcp" }] } : {}),
    environment,
    ...(secrets.length > 0 ? { secrets } : {}),
    readonlyRootFilesystem: w.readOnlyRootFilesystem,
    ...(w.readOnlyRootFilesystem ? { mountPoints: [{ sourceVolume: SCRATCH_VOLUME, containerPath: "/tmp", readOnly: false }] } : {}),
    privileged: false,
    linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": c.logGroup, "awslogs-region": c.region, "awslogs-stream-prefix": w.name },
    },
  };
}

/** The task volumes the container definition mounts. */
export function taskVolumes(s: ContainerServicePlan): { name: string }[] {
  return s.workload.readOnlyRootFilesystem ? [{ name: SCRATCH_VOLUME }] : [];
}

/**
 * What ECS itself needs to start the task (the execution role): pull the image (ECR only when the image is in
 * ECR: its repository, and the account-wide token call), write to the service's log group, and read exactly the
 * secrets it injects. The injected secrets use Secrets Manager's AWS-managed key, whose policy already lets the
 * account's principals decrypt through Secrets Manager, so no kms:Decrypt is granted.
 */
export function executionStatements(s: ContainerServicePlan, logGroupArn: string, env: ContainerEnvironment): Statement[] {
  const statements: Statement[] = [{ Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` }];
  const repository = ecrRepository(s.workload.image);
  if (repository) {
    statements.push(
      { Sid: "EcrToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Sid: "EcrPull", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], Resource: repository },
    );
  }
  const secretArns = [...new Set(Object.values(env.secrets).map((x) => x.ref.id))];
  if (secretArns.length > 0) statements.push({ Sid: "InjectedSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArns });
  return statements;
}

/** The files bucket, as the VM fleet's servers use it. */
function filesStatements(files: BucketOutputs): Statement[] {
  return [
    { Sid: "FilesList", Effect: "Allow", Action: "s3:ListBucket", Resource: files.id },
    { Sid: "FilesObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${files.id}/*` },
    ...(files.keyId ? [{ Sid: "FilesKey", Effect: "Allow" as const, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: files.keyId }] : []),
  ];
}

/**
 * What the app in the task may do (the task role): nothing by default; the files bucket for a service that reads
 * `files.bucket`; IAM logins to the cache for services that read a cache connection detail when the cache authenticates
 * with IAM; and for a queue-scaled worker, publishing metrics into the environment's namespace only.
 */
export function taskStatements(ctx: RenderContext, s: ContainerServicePlan, c: AppConnections): Statement[] {
  const statements: Statement[] = [];
  if (c.files && storesUsed(s.workload).files) statements.push(...filesStatements(c.files));
  if (c.cache && c.cache.authResources.length > 0 && storesUsed(s.workload).cache) {
    statements.push({ Sid: "CacheIamAuth", Effect: "Allow", Action: "elasticache:Connect", Resource: [...c.cache.authResources] });
  }
  if (s.scaling.queue) {
    // PutMetricData has no resource-level permissions: the namespace condition is what scopes it.
    statements.push({ Sid: "QueueMetric", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": queueNamespace(ctx) } } });
  }
  return statements;
}
