import type { Construct } from "constructs";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { PlatformRenderers, RegionLayout, RenderContext, WorkloadIdentity } from "../../src/core/contracts";
import type { TerraformResource } from "../../src/core/tf";
import { sqlIdentifier } from "../../src/kubernetes/sql";
import { EXTENSIONS_WORKLOAD } from "../../src/model/workload";
import { physicalName } from "../../src/plan/naming";
import { dataAccessStatements } from "./access";
import { policy, serviceRole, type Statement } from "./common";

const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.27.49";
/** Every commercial region's RDS certificate authorities (AWS docs: "Using SSL/TLS to encrypt a connection to a DB instance"). */
const RDS_CA_BUNDLE = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/**
 * RDS Proxy's login password: kept when the secret has one (a re-run sets the same password again), otherwise a new
 * 48-character alphanumeric one from Secrets Manager, stored as the {"username","password"} document the proxy reads.
 */
const PROXY_LOGIN_SCRIPT = [
  'if ! aws secretsmanager get-secret-value --secret-id "$POOLER_SECRET_ID" --query SecretString --output text > /secrets/pooler.json 2>/dev/null',
  'then p="$(aws secretsmanager get-random-password --exclude-punctuation --password-length 48 --query RandomPassword --output text)"',
  'printf \'{"username":"%s","password":"%s"}\' "$POOLER_USER" "$p" > /secrets/pooler.json',
  'aws secretsmanager put-secret-value --secret-id "$POOLER_SECRET_ID" --secret-string file:///secrets/pooler.json > /dev/null; fi',
].join("; ");

/** An IAM role for a Kubernetes service account through EKS Pod Identity (no annotation needed). */
function podIdentity(scope: Construct, ctx: RenderContext, id: string, clusterName: string, namespace: string, serviceAccount: string, statements: Statement[]): WorkloadIdentity {
  const role = serviceRole(scope, `${id}-role`, physicalName(ctx.prefix, id, 64), "pods.eks.amazonaws.com", [], ["sts:TagSession"]);
  const raw: Record<string, TerraformResource> = { role };
  if (statements.length > 0) raw["policy"] = new IamRolePolicy(scope, `${id}-policy`, { name: "access", role: role.id, policy: policy(...statements) });
  raw["association"] = new EksPodIdentityAssociation(scope, `${id}-identity`, { clusterName, namespace, serviceAccount, roleArn: role.arn });
  return { annotations: {}, podLabels: {}, raw };
}

/**
 * The Kubernetes layer on EKS needs metrics-server, the cluster-autoscaler (managed node groups do not
 * scale themselves) and the NVIDIA device plugin (AL2023 NVIDIA images ship the driver, not the plugin).
 * Workloads reach their data stores through Pod Identity roles; the exposed workload is a NodePort that
 * the infra stack's ALB target group serves.
 */
export const awsPlatform: PlatformRenderers = {
  addons: { metricsServer: true, clusterAutoscaler: true, gpuDevicePlugin: true, verticalPodAutoscaler: true },
  workloadIdentity(scope, { ctx, cluster, name, namespace, serviceAccount, connections }) {
    const identity = podIdentity(scope, ctx, `wl-${name}`, cluster.name, namespace, serviceAccount, dataAccessStatements(connections));
    return connections.database ? { ...identity, databaseLogin: { user: connections.database.appRole } } : identity;
  },
  clusterAutoscalerIdentity(scope, { ctx, cluster, namespace, serviceAccount }) {
    return podIdentity(scope, ctx, "cluster-autoscaler", cluster.name, namespace, serviceAccount, [
      {
        Sid: "Discover",
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: "*",
      },
      {
        Sid: "ScaleOwnGroups",
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "*",
        Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster.name}`]: "owned" } },
      },
    ]);
  },
  exposedService({ port, nodePort, networkCidr }) {
    return { type: "NodePort", port, nodePort, annotations: {}, sourceCidrs: [networkCidr] };
  },
  database: {
    admin(scope, { ctx, cluster, namespace, serviceAccount, database }) {
      const login = database.pooler?.loginSecret;
      const identity = podIdentity(scope, ctx, `wl-${EXTENSIONS_WORKLOAD}`, cluster.name, namespace, serviceAccount, [
        { Sid: "DatabaseAdminSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: database.credentials.id },
        // RDS Proxy's login role: the Job generates its password once, stores it for the proxy and sets it on the role.
        ...(login
          ? [
              { Sid: "ProxyLoginSecret", Effect: "Allow" as const, Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], Resource: login.id },
              { Sid: "RandomPassword", Effect: "Allow" as const, Action: "secretsmanager:GetRandomPassword", Resource: "*" },
            ]
          : []),
      ]);
      return {
        identity,
        user: database.username,
        fetcher: {
          image: AWS_CLI_IMAGE,
          // The secret is RDS's JSON document, decoded by the Job; the server's CA is RDS's published bundle.
          command: [
            "sh",
            "-c",
            `set -eu; umask 077; aws secretsmanager get-secret-value --secret-id "$SECRET_ID" --query SecretString --output text > /secrets/password; curl -fsS --proto =https -o /secrets/ca.pem ${RDS_CA_BUNDLE}${login ? `; ${PROXY_LOGIN_SCRIPT}` : ""}`,
          ],
          env: { SECRET_ID: database.credentials.id, AWS_REGION: ctx.region, ...(login && database.pooler?.user ? { POOLER_SECRET_ID: login.id, POOLER_USER: database.pooler.user } : {}) },
          format: "json",
        },
      };
    },
    // RDS IAM authentication: the app role itself logs in, with tokens its rds-db:connect grant allows.
    loginSql: (appRole) => [`ALTER ROLE ${sqlIdentifier(appRole)} LOGIN;`, `GRANT rds_iam TO ${sqlIdentifier(appRole)};`],
    // The role replicates with the global database; each region's identities are granted its own cluster.
    regionalLogins: false,
    sslMode: "verify-full",
  },
  // EKS Pod Identity: the SDKs fetch credentials from the node's agent at http://169.254.170.23/v1/credentials
  // (AWS_CONTAINER_CREDENTIALS_FULL_URI); the agent's port 2703 is its own health probe on the node, not for pods.
  // The instance metadata service (169.254.169.254, the node role's credentials) stays unreachable.
  identityEndpoints: [{ cidr: "169.254.170.23/32", port: 80 }],
  dataStoreRanges({ local, peers }) {
    const privateSubnets = (r: RegionLayout) => r.subnets.map((s) => s.privateCidr);
    return {
      // RDS and Aurora live in the private subnets; Aurora forwards a secondary region's writes itself.
      database: privateSubnets(local),
      // A Global Datastore secondary is read-only: writes go to the primary's, in another region, over the peering
      // (after a failover any member may be the primary, as its security groups already admit).
      cache: [...privateSubnets(local), ...peers.flatMap(privateSubnets)],
    };
  },
  spotTolerations: [],
};
