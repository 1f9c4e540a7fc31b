import type { Construct } from "constructs";
import { DbProxy } from "@cdktf/provider-aws/lib/db-proxy";
import { DbProxyDefaultTargetGroup } from "@cdktf/provider-aws/lib/db-proxy-default-target-group";
import { DbProxyEndpoint } from "@cdktf/provider-aws/lib/db-proxy-endpoint";
import { DbProxyTarget } from "@cdktf/provider-aws/lib/db-proxy-target";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import type { NetworkRef, PoolerOutputs, RenderContext } from "../../src/core/contracts";
import { Fn, type TerraformResource } from "../../src/core/tf";
import type { PoolingSpec } from "../../src/model/database";
import { physicalName } from "../../src/plan/naming";
import { allowFromGroups, named, policy, securityGroup, serviceRole } from "./common";
import { PORT } from "./postgres-common";

/** RDS for PostgreSQL's default `max_connections`: LEAST(DBInstanceClassMemory / 9531392, 5000). */
export function rdsMaxConnections(memoryGiB: number, parameters: Readonly<Record<string, string>>): number {
  const set = Number(parameters["max_connections"]);
  if (Number.isInteger(set) && set > 0) return set;
  return Math.min(5000, Math.floor((memoryGiB * 1024 ** 3) / 9531392));
}

/**
 * The pool's limits as RDS Proxy expresses them, in percent of the database's `max_connections`: the proxy opens
 * at most `maxDatabaseConnections`, and keeps about `defaultPoolSize` of them idle.
 */
export function proxyPoolPercents(pooling: PoolingSpec, maxConnections: number, ceiling = 100): { max: number; idle: number } {
  const max = Math.min(ceiling, Math.max(1, Math.floor((100 * pooling.maxDatabaseConnections) / maxConnections)));
  const idle = Math.min(max, Math.floor((max * Math.min(pooling.defaultPoolSize, pooling.maxDatabaseConnections)) / pooling.maxDatabaseConnections));
  return { max, idle };
}

/** The proxy's login role: a member of the app role, with a password (IAM-enabled roles cannot log in with one). */
export const proxyLoginRole = (appRole: string): string => `${appRole}_proxy`;

/**
 * How the proxy logs in to PostgreSQL, and clients to it: as the app role's `_proxy` login with IAM from clients
 * (Kubernetes tiers), or with the admin secret the services already read, clients sending the same password
 * (serverless containers: no setup Job runs there to create roles).
 */
export type ProxyLogin = { readonly kind: "app-role"; readonly appRole: string } | { readonly kind: "admin-secret"; readonly secretArn: string; readonly username: string };

/** The proxy's login for how apps log in (`PostgresInput.appLogins`; never "admin": VM tiers pool beside the app). */
export function proxyLogin(appLogins: "iam" | "admin" | "admin-pooled" | undefined, spec: { readonly appRole: string; readonly username: string }, adminSecretArn: string): ProxyLogin {
  return appLogins === "admin-pooled" ? { kind: "admin-secret", secretArn: adminSecretArn, username: spec.username } : { kind: "app-role", appRole: spec.appRole };
}

export interface ProxyInput {
  readonly ctx: RenderContext;
  readonly network: NetworkRef;
  readonly pooling: PoolingSpec;
  readonly login: ProxyLogin;
  /** The database's security group: it admits the proxy. */
  readonly databaseGroup: string;
  /** Who may connect to the proxy (the app tier's security groups). */
  readonly clients: readonly string[];
  readonly target: { readonly instance: string } | { readonly cluster: string };
  readonly maxConnections: number;
  /** The most of `max_connections` the proxy may take, in percent. @default 100 */
  readonly maxPercent?: number;
  /** Aurora: a read-only endpoint over the readers. */
  readonly readers: boolean;
}

/**
 * RDS Proxy in front of the database: TLS required, IAM authentication from clients, in the private subnets,
 * reachable from the app tier only. Provider 5.100 has no end-to-end IAM (`default_auth_scheme` is 6.x), so the
 * proxy logs in to PostgreSQL as its own role with a password in Secrets Manager: the secret is created empty here,
 * and the platform's setup Job (the only admin identity) generates the password, stores it and sets it on the role.
 */
export function renderProxy(scope: Construct, input: ProxyInput): { outputs: PoolerOutputs; authResource?: string; raw: Record<string, TerraformResource | TerraformResource[]> } {
  const { ctx, network, pooling, login } = input;
  const name = physicalName(ctx.prefix, "pg-proxy", 60);
  const iam = login.kind === "app-role";
  const user = iam ? proxyLoginRole(login.appRole) : login.username;
  const secret = iam
    ? new SecretsmanagerSecret(scope, "pg-proxy-login", {
        name: `tierform/${name}/login`,
        description: `Password of ${user}, the RDS Proxy's login role: written by the platform's setup Job, read by ${name}`,
        recoveryWindowInDays: ctx.production ? 30 : 0,
        tags: named(name),
      })
    : undefined;
  const secretArn = secret ? secret.arn : (login as Extract<ProxyLogin, { kind: "admin-secret" }>).secretArn;
  const role = serviceRole(scope, "pg-proxy-role", physicalName(ctx.prefix, "pg-proxy", 64), "rds.amazonaws.com", []);
  const rolePolicy = new IamRolePolicy(scope, "pg-proxy-role-policy", {
    name: "login-secret",
    role: role.id,
    policy: policy({ Sid: "LoginSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn }),
  });
  const sg = securityGroup(scope, "pg-proxy-sg", network.id, name, "RDS Proxy: app tier only");
  const ingress = allowFromGroups(scope, "pg-proxy-from-app", sg.id, PORT, input.clients, "PostgreSQL through RDS Proxy from app tier");
  const egress = new VpcSecurityGroupEgressRule(scope, "pg-proxy-to-db", {
    securityGroupId: sg.id,
    referencedSecurityGroupId: input.databaseGroup,
    ipProtocol: "tcp",
    fromPort: PORT,
    toPort: PORT,
    description: "PostgreSQL",
  });
  const dbIngress = allowFromGroups(scope, "pg-from-proxy", input.databaseGroup, PORT, [sg.id], "PostgreSQL from RDS Proxy");
  const proxy = new DbProxy(scope, "pg-proxy", {
    name,
    engineFamily: "POSTGRESQL",
    requireTls: true,
    roleArn: role.arn,
    vpcSubnetIds: [...network.privateSubnetIds],
    vpcSecurityGroupIds: [sg.id],
    idleClientTimeout: 1800,
    debugLogging: false,
    auth: [{ authScheme: "SECRETS", iamAuth: iam ? "REQUIRED" : "DISABLED", secretArn, description: user }],
    tags: named(name),
    dependsOn: [rolePolicy],
  });
  const percents = proxyPoolPercents(pooling, input.maxConnections, input.maxPercent);
  const group = new DbProxyDefaultTargetGroup(scope, "pg-proxy-pool", {
    dbProxyName: proxy.name,
    connectionPoolConfig: { maxConnectionsPercent: percents.max, maxIdleConnectionsPercent: percents.idle, connectionBorrowTimeout: 120 },
  });
  const target = new DbProxyTarget(scope, "pg-proxy-target", {
    dbProxyName: proxy.name,
    targetGroupName: group.name,
    ...("instance" in input.target ? { dbInstanceIdentifier: input.target.instance } : { dbClusterIdentifier: input.target.cluster }),
  });
  const reader = input.readers
    ? new DbProxyEndpoint(scope, "pg-proxy-reader", {
        dbProxyName: proxy.name,
        dbProxyEndpointName: physicalName(ctx.prefix, "pg-proxy-ro", 60),
        vpcSubnetIds: [...network.privateSubnetIds],
        vpcSecurityGroupIds: [sg.id],
        targetRole: "READ_ONLY",
        tags: named(name),
      })
    : undefined;
  // arn:aws:rds:<region>:<account>:db-proxy:prx-… — the resource id `rds-db:connect` names.
  const proxyId = Fn.element(Fn.split(":", proxy.arn), 6);
  const account = Fn.element(Fn.split(":", proxy.arn), 4);
  return {
    outputs: {
      endpoint: proxy.endpoint,
      port: PORT,
      ...(reader ? { readerEndpoint: reader.endpoint } : {}),
      user,
      ...(secret ? { loginSecret: { store: "aws-secrets-manager", id: secret.arn } } : {}),
    },
    ...(iam ? { authResource: `arn:aws:rds-db:${ctx.region}:${account}:dbuser:${proxyId}/${user}` } : {}),
    raw: {
      proxy,
      proxyTargetGroup: group,
      proxyTarget: target,
      proxyRole: role,
      proxyRolePolicy: rolePolicy,
      ...(secret ? { proxyLoginSecret: secret } : {}),
      proxySecurityGroup: sg,
      proxyIngress: ingress,
      proxyEgress: egress,
      databaseFromProxy: dbIngress,
      ...(reader ? { proxyReader: reader } : {}),
    },
  };
}
