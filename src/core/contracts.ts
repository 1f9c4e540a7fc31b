import type { Construct } from "constructs";
import type { Cloud } from "./cloud";
import type { TerraformResource } from "./tf";
import type { BackendSpec } from "../model/backend";
import type { CacheSpec } from "../model/cache";
import type { ComplianceSpec } from "../model/compliance";
import type { CdnSpec, FilesSpec } from "../model/cdn";
import type { AppSpec } from "../model/app";
import type { DatabaseSpec, PoolingSpec } from "../model/database";
import type { MonitoringSpec } from "../model/monitoring";
import type { ContainersComputeSpec, KubernetesComputeSpec, LoadBalancerSpec, NodePoolSpec, VmComputeSpec } from "../model/compute";
import type { ContainerServicePlan } from "../plan/containers";
import type { NetworkSpec } from "../model/network";
import type { CatalogOptions } from "../model/rules";
import type { RegionalRanges, SubnetPlan } from "../plan/subnets";
import type { SizedMachine } from "../plan/sizing";

/** What every renderer knows about where it renders. */
export interface RenderContext {
  readonly cloud: Cloud;
  /** `<name>-<environment>`: the prefix of every physical name. */
  readonly prefix: string;
  readonly region: string;
  readonly zones: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /** Production protections on (deletion protection, final snapshots, retained logs). */
  readonly production: boolean;
  /** Retention of the log groups tierform creates. */
  readonly logRetentionDays: number;
  /** The cloud project (GCP project id); required where the cloud has projects. */
  readonly project?: string;
  /** The resource group everything lives in (Azure). */
  readonly resourceGroup?: string;
  /** WAF, customer-managed keys, flow logs, audit logs. @default - all off */
  readonly compliance?: ComplianceSpec;
  /** Exceptions to the machine catalog (types the user vouches for); read by the components' rules. @default - none */
  readonly catalog?: CatalogOptions;
}

/** What a stack's configuration hands to the components rendered in it. */
export interface StackContext {
  /** Azure: the environment's resource group (a reference, so resources wait for it). */
  readonly resourceGroup?: string;
}

/** The raw provider resources a component created: the escape hatch for `addOverride` and friends. */
export type Raw = Readonly<Record<string, TerraformResource | readonly TerraformResource[]>>;

export interface Rendered<O> {
  readonly outputs: O;
  readonly raw: Raw;
}

// ---------- neutral outputs ----------

/** A network any component can be wired into (the user's own, or one tierform made). */
/**
 * The cloud-specific handles a network carries besides its id and subnets (`NetworkRef.attributes`), per
 * cloud. A tierform `Network` publishes all of them; a network of your own needs the ones the components you
 * wire to it read (each component's renderer declares them in `networkNeeds`, checked when the component is
 * made). Renderers read them through `networkAttribute` / `requireNetworkAttribute` (src/core/network-ref.ts).
 */
export interface NetworkAttributes {
  readonly aws: {
    /** Private route table ids, one per zone, comma-separated (routes to a peered region's network). */
    readonly privateRouteTableIds: string;
  };
  readonly gcp: {
    /** The regional subnetwork nodes and servers live in. @default - privateSubnetIds[0] */
    readonly subnetwork: string;
    /** Name of the subnetwork's secondary range for pods (GKE). */
    readonly podsRange: string;
    /** Name of the subnetwork's secondary range for services (GKE). */
    readonly servicesRange: string;
    /** The GKE control plane's private range. */
    readonly controlPlaneRange: string;
    /** The network, referenced through the private services connection so data stores wait for it. @default - id */
    readonly privateServiceNetwork: string;
    /** The network, referenced through Memorystore's service connection policy. @default - id */
    readonly pscNetwork: string;
    /**
     * The private services access range (`<address>/<prefix>`), where Cloud SQL and Memorystore take their
     * addresses: the platform's NetworkPolicies admit the data stores' ports there only.
     */
    readonly privateServicesCidr: string;
  };
  readonly azure: {
    /** Name of the VNet (peering between regions). */
    readonly vnetName: string;
    /** Subnet of nodes and servers. @default - privateSubnetIds[0] */
    readonly nodesSubnetId: string;
    /** Subnet delegated to PostgreSQL Flexible Server (required by `PostgresHa`). */
    readonly databaseSubnetId: string;
    /** Subnet for private endpoints (required by `RedisCluster`). */
    readonly endpointsSubnetId: string;
    /** Name of the network security group of the nodes subnet (required by `VmFleet` and `KubernetesCluster`). */
    readonly nodesSecurityGroup: string;
    /** Subnet delegated to Microsoft.App/environments, where the Container Apps environment lives (required by `ContainerServices`). */
    readonly containersSubnetId: string;
    /** That subnet's address range: what the data stores admit from the services (required by `ContainerServices`). */
    readonly containersCidr: string;
    /** Name of that subnet's network security group (required by `ContainerServices`). */
    readonly containersSecurityGroup: string;
  };
}

/** The name of a handle a network carries on `C`. */
export type NetworkAttribute<C extends Cloud> = keyof NetworkAttributes[C] & string;
/** The name of a handle on any cloud. */
export type AnyNetworkAttribute = { [C in Cloud]: NetworkAttribute<C> }[Cloud];

interface NetworkRefOf<C extends Cloud> {
  readonly cloud: C;
  /** VPC / VNet / network id. */
  readonly id: string;
  readonly cidr: string;
  readonly zones: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly publicSubnetIds: readonly string[];
  /** Cloud-specific handles other components need, by name (see `NetworkAttributes` for each cloud's). */
  readonly attributes?: Readonly<Partial<NetworkAttributes[C]>>;
}

/** A network components live in: a tierform `Network`'s `ref`, or your own. One variant per cloud. */
export type NetworkRef = { [C in Cloud]: NetworkRefOf<C> }[Cloud];

/** Where a credential lives. Never the credential itself. */
export interface SecretRef {
  /** e.g. `aws-secrets-manager`. */
  readonly store: string;
  /** The secret's id in that store (ARN on AWS). */
  readonly id: string;
}

/**
 * A data store's place in a cross-region replication group. The primary region creates the group; each
 * secondary joins it with the primary's `replicationSource`.
 */
export interface Replication {
  readonly role: "primary" | "secondary";
  /** Name of the global group, the same in every region (Aurora global cluster, Memorystore/AMR group). */
  readonly group: string;
  /** The primary region, where writes go. */
  readonly primaryRegion: string;
  /** Secondary only: the primary's `replicationSource` output. */
  readonly source?: string;
  /** Secondary only: where the primary keeps the admin credentials (clouds whose secret stores are global reuse it). */
  readonly sourceCredentials?: SecretRef;
  /** Secondary only: the primary member's endpoint, for clouds whose secondaries are read-only. */
  readonly sourceEndpoint?: string;
  /** Secondary only: the primary's cloud-specific handles (`PostgresOutputs.attributes`, e.g. GCP's server CA). */
  readonly sourceAttributes?: Readonly<Record<string, string>>;
  /** The other regions' address blocks: after a failover any member may be the one others write to. */
  readonly peerCidrs?: readonly string[];
}

export interface PostgresOutputs {
  readonly endpoint: string;
  readonly port: number;
  readonly readerEndpoints: readonly string[];
  readonly database: string;
  readonly username: string;
  readonly credentials: SecretRef;
  /**
   * Cloud resource ids an app identity is granted to log in as the app role with IAM authentication (AWS: the
   * `rds-db:connect` ARN of the app role). Empty where the grant is not on a resource (GCP, Azure).
   */
  readonly authResources: readonly string[];
  /** The database role apps act as; the setup Job creates it and lets each app identity in. */
  readonly appRole: string;
  /**
   * Cloud-specific handles the platform layer needs, by name. GCP: `instance` (the writable Cloud SQL instance,
   * where IAM logins are registered), `caCertificate` (its server CA, PEM), `connectionName` (`project:region:instance`,
   * what the Cloud SQL Auth Proxy connects to; the writable instance's). Azure: `serverName`,
   * `serverResourceGroup` (the writable server, whose Entra administrator the setup Job becomes),
   * `adminSecretResourceId` (the admin password's Key Vault secret, for VM tiers).
   */
  readonly attributes?: Readonly<Record<string, string>>;
  /** What a secondary region replicates from (Aurora global cluster id, Cloud SQL instance, server id). */
  readonly replicationSource?: string;
  /** Where this region's apps send writes, when not to `endpoint` (a secondary region's read-only replica). */
  readonly writerEndpoint?: string;
  /** The connection pooler apps connect to, when `database.pooling` is on and the cloud's renderer provides one. */
  readonly pooler?: PoolerOutputs;
}

/** A connection pooler in front of PostgreSQL (RDS Proxy, Azure's built-in PgBouncer, a PgBouncer Deployment). */
export interface PoolerOutputs {
  /** Reaches the writable database (a secondary region's pooler writes to the primary): apps' writer host too. */
  readonly endpoint: string;
  readonly port: number;
  /** A read-only endpoint through the pooler (RDS Proxy over Aurora readers); otherwise readers stay direct. */
  readonly readerEndpoint?: string;
  /**
   * The PostgreSQL user apps log in as through the pooler, when not their own login (RDS Proxy: its login role,
   * a member of the app role, whose password only the proxy and the setup Job read).
   */
  readonly user?: string;
  /**
   * RDS Proxy: the login role's password secret. The setup Job generates the password, stores it here and sets it
   * on the role; the proxy reads it. No app identity can read it.
   */
  readonly loginSecret?: SecretRef;
}

export interface RedisOutputs {
  readonly endpoint: string;
  readonly readerEndpoint?: string;
  readonly port: number;
  readonly tls: boolean;
  /** How clients authenticate: IAM-issued tokens, a generated secret (see `credentials`), or not at all. */
  readonly auth: "iam" | "token" | "none";
  /** The Redis user a client authenticates as (IAM auth). */
  readonly username?: string;
  /**
   * What a client is granted access to in order to authenticate, scoping its grants: AWS the user group and the app
   * user (elasticache:Connect), GCP the IAM-auth cluster, Azure exactly one resource, the Key Vault secret holding
   * the access key (its Container Apps read REDIS_PASSWORD from it). Empty without auth.
   */
  readonly authResources: readonly string[];
  /** Where a generated auth secret lives, when the cloud's mode uses one (GCP Memorystore AUTH). */
  readonly credentials?: SecretRef;
  /** What a secondary region replicates from (Global Datastore id, cluster id, Managed Redis id). */
  readonly replicationSource?: string;
  /** Where this region's apps send writes, when not to `endpoint` (a secondary region's read-only replica). */
  readonly writerEndpoint?: string;
  /** Clients must speak the Redis Cluster protocol (keys spread over shards behind one endpoint only with a proxy). */
  readonly clusterProtocol?: boolean;
}

export interface LoadBalancerOutputs {
  /** The load balancer's own DNS name; absent when the region has none of its own (GCP, behind the global one). */
  readonly dnsName?: string;
  /** Hostname its certificate covers; CDN origins and DNS records point here. */
  readonly host: string;
  /** Target group (AWS) or backend the platform layer binds pods to. */
  readonly target?: string;
  /** DNS records (JSON) that validate the load balancer's certificate, when tierform does not manage the zone. */
  readonly certificateValidation?: string;
}

/** Where a CDN sends the app's uncached paths. */
export interface AppOrigin {
  /** Hostname the origin's certificate covers. */
  readonly host: string;
  /** The origin's backend id, for clouds whose CDN routes to a backend rather than a hostname (GCP). */
  readonly target?: string;
  /** Path the CDN probes, where it probes origins itself (Azure Front Door). @default "/" */
  readonly healthCheckPath?: string;
  /** The region it serves, when there are several. */
  readonly region?: string;
}

export interface VmFleetOutputs {
  /** Security principal of the app servers; data stores admit it. */
  readonly clientGroup: string;
  readonly loadBalancer?: LoadBalancerOutputs;
  readonly publicIp?: string;
}

export interface ClusterAccess {
  /** How to obtain a token: the command and args of a kubeconfig exec plugin. */
  readonly command: string;
  readonly args: readonly string[];
}

export interface ClusterOutputs {
  readonly name: string;
  /** The API server's URL (https://…). */
  readonly endpoint: string;
  /** Base64-encoded cluster CA certificate. */
  readonly caCertificate: string;
  readonly access: ClusterAccess;
  readonly clientGroup: string;
  readonly oidcIssuer: string;
  /** GKE: the Workload Identity pool, a reference to the cluster (the pool exists only once the cluster does). */
  readonly workloadIdentityPool?: string;
  readonly loadBalancer: LoadBalancerOutputs;
}

export interface CdnOutputs {
  readonly domainName: string;
  readonly distributionId: string;
  readonly bucketName?: string;
}

export interface BucketOutputs {
  readonly bucketName: string;
  /** The bucket's cloud id (ARN on AWS), for access grants. */
  readonly id: string;
  /** The customer-managed key its objects are encrypted with, when there is one (clients need to use it). */
  readonly keyId?: string;
}

export interface CertificateValidation {
  /** DNS records to create when tierform does not manage the zone. */
  readonly records: string;
}

// ---------- renderer inputs ----------

export interface NetworkInput {
  readonly ctx: RenderContext;
  /**
   * A global network another region created (GCP VPCs are global): this region adds its subnets, router
   * and NAT to it instead of creating a network.
   */
  readonly shared?: NetworkRef;
  readonly spec: NetworkSpec;
  /** Zonal layout (AWS: a public and a private subnet per zone). */
  readonly subnets: readonly SubnetPlan[];
  /** Regional layout (GCP, Azure: subnets span zones; pods, services, service-connect ranges). */
  readonly regional: RegionalRanges;
  /** Tag subnets for the Kubernetes load-balancer controller. */
  readonly kubernetes: boolean;
  /** Serverless containers run in this network (Azure: a subnet delegated to the Container Apps environment). */
  readonly containers?: boolean;
}

export interface TlsInput {
  /** Public hostname. */
  readonly domain: string;
  readonly dnsZoneId?: string;
}

/** A regional cluster that is one of several behind global traffic. */
export interface GlobalIngress {
  /** Hostname that reaches this region only (health checks, direct access), e.g. usw2.origin.app.example.com. */
  readonly regionalHost: string;
}

export interface VmFleetInput {
  readonly ctx: RenderContext;
  readonly network: NetworkRef;
  readonly spec: VmComputeSpec;
  readonly machine: SizedMachine;
  readonly app: AppSpec;
  readonly loadBalancer: LoadBalancerSpec;
  /** Hostname the load balancer serves (when exposure is loadBalancer). */
  readonly tls?: TlsInput & { readonly host: string };
}

/** What the app servers connect to; wired after the data stores exist. */
export interface AppConnections {
  readonly database?: PostgresOutputs;
  /**
   * `database.pooling`, for VM fleets: where the database has no pooler of its own (`database.pooler`), the servers
   * run PgBouncer beside the app with these values (AWS, GCP).
   */
  readonly pooling?: PoolingSpec;
  readonly cache?: RedisOutputs;
  readonly files?: BucketOutputs;
}

export interface RenderedFleet extends Rendered<VmFleetOutputs> {
  /** Gives the servers the addresses and permissions of the data stores. */
  connect(connections: AppConnections): void;
}

export interface ContainersOutputs {
  /** Identity of the services for the data stores' firewalls (a security group on AWS, the services' subnet range elsewhere). */
  readonly clientGroup: string;
  /** The app's load balancer, serving the exposed service (absent when no workload is exposed). */
  readonly loadBalancer?: LoadBalancerOutputs;
}

/** Serverless containers: the workloads as services on the cloud's container platform (`compute.kind: "containers"`). */
export interface ContainersInput {
  readonly ctx: RenderContext;
  readonly network: NetworkRef;
  readonly spec: ContainersComputeSpec;
  /** One per workload, in the topology's order; at most one is exposed. */
  readonly services: readonly ContainerServicePlan[];
  /** The exposed service as the load balancer sees it (its port and health-check path); absent when none is exposed. */
  readonly app?: AppSpec;
  readonly loadBalancer: LoadBalancerSpec;
  /** Hostname the load balancer serves; set when a service is exposed. */
  readonly tls?: TlsInput & { readonly host: string };
}

export interface RenderedContainers extends Rendered<ContainersOutputs> {
  /**
   * Creates the services, now that the data stores exist: their environment (`containerEnvironment`), their
   * identities' access to the secrets they use, and their scaling.
   */
  connect(connections: AppConnections): void;
}

export interface NodePoolPlan {
  readonly spec: NodePoolSpec;
  readonly machine: SizedMachine;
  /**
   * The zones the pool's nodes run in: the network's zones, or for a pool with an accelerator only those
   * that offer it (a subset of `NetworkRef.zones`, in its order).
   */
  readonly zones: readonly string[];
}

export interface KubernetesInput {
  readonly ctx: RenderContext;
  readonly network: NetworkRef;
  readonly version: string;
  /** AKS's system pool; clouds without one ignore it. */
  readonly systemPool: KubernetesComputeSpec["systemPool"];
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly pools: readonly NodePoolPlan[];
  readonly apiAccessCidrs: readonly string[];
  readonly app: AppSpec;
  readonly loadBalancer: LoadBalancerSpec;
  readonly tls: TlsInput & { readonly host: string };
  /** Set when the cluster is one region of several: the global stack builds the shared entry point. */
  readonly globalIngress?: GlobalIngress;
  /** A workload has a VerticalPodAutoscaler: turn on the cloud's managed VPA where it has one (GKE, AKS). */
  readonly verticalPodAutoscaler: boolean;
}

export interface RenderedCluster extends Rendered<ClusterOutputs> {
  /** Adds a node pool to the cluster (used by the NodePool construct). */
  addNodePool(scope: Construct, id: string, pool: NodePoolPlan): Raw;
}

export interface PostgresInput {
  readonly ctx: RenderContext;
  readonly network: NetworkRef;
  readonly spec: DatabaseSpec & { readonly deletionProtection: boolean };
  readonly machine: SizedMachine;
  readonly clients: readonly string[];
  readonly replication?: Replication;
  /**
   * How apps log in: as their own cloud identities with IAM authentication (Kubernetes tiers; the platform's
   * setup Job creates the logins), with the admin secret beside their own pooler (VM tiers: PgBouncer in compose),
   * or with the admin secret through the cloud's managed pooler where it has one (serverless containers: AWS RDS
   * Proxy on the admin secret). The pooler a cloud puts in front of the database depends on it. @default "iam"
   */
  readonly appLogins?: "iam" | "admin" | "admin-pooled";
}

export interface RedisInput {
  readonly ctx: RenderContext;
  readonly network: NetworkRef;
  readonly spec: CacheSpec;
  readonly machine: SizedMachine;
  readonly clients: readonly string[];
  readonly replication?: Replication;
}

export interface CdnInput {
  readonly ctx: RenderContext;
  readonly spec: CdnSpec;
  readonly tls: TlsInput;
  /** Where the app's paths go: one origin, or one per region behind global traffic. */
  readonly appOrigins: readonly AppOrigin[];
  /** A second region for static assets, where the cloud replicates buckets itself (AWS: S3 replication + origin group). */
  readonly failoverRegion?: string;
}

export interface BucketInput {
  readonly ctx: RenderContext;
  readonly spec: FilesSpec;
  readonly suffix: string;
}

export interface ProviderInput {
  readonly ctx: RenderContext;
  readonly backend: BackendSpec;
  readonly stackName: string;
  /** The stack has global edge resources (CDN) whose certificates live in a fixed region. */
  readonly edge: boolean;
}

export interface GlobalOriginsInput {
  readonly ctx: RenderContext;
  readonly app: AppSpec;
  readonly loadBalancer: LoadBalancerSpec;
  /** The hostname every region's load balancer answers on (origin.<domain>). */
  readonly host: string;
  readonly regions: readonly { readonly region: string; readonly cluster: ClusterOutputs }[];
}

// ---------- platform layer (Kubernetes) ----------

/** A Kubernetes service account's binding to the cloud's workload identity. */
export interface WorkloadIdentity {
  /** Annotations for the service account (GKE, AKS); AWS Pod Identity needs none. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Labels for the pods (AKS: `azure.workload.identity/use`). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** How this identity logs in to PostgreSQL with IAM authentication, when it uses the database. */
  readonly databaseLogin?: DatabaseLogin;
  readonly raw: Raw;
}

/** A database login backed by a cloud identity (no password anywhere). */
export interface DatabaseLogin {
  /** The PostgreSQL user name the identity logs in as. */
  readonly user: string;
  /** Azure: the identity's Entra object id, to register the principal. */
  readonly objectId?: string;
}

/** The setup Job's way in as the database administrator. */
export interface DatabaseAdmin {
  readonly identity: WorkloadIdentity;
  /** The PostgreSQL user the Job connects as. */
  readonly user: string;
  /** Writes /secrets/password (the admin password or an access token) and, where needed, /secrets/ca.pem. */
  readonly fetcher: SecretFetcher;
}

/** How a cloud lets app identities log in to PostgreSQL, and how the setup Job gets admin rights. */
export interface DatabaseAccessRenderers {
  /** Infra side: the setup Job's identity with admin access (the only identity that has it). */
  admin(scope: Construct, input: Omit<WorkloadIdentityInput, "connections" | "name"> & { readonly database: PostgresOutputs }): DatabaseAdmin;
  /**
   * SQL, run as admin in the `postgres` database after the app role exists, that lets each login in as a member
   * of the app role (AWS: the app role itself logs in through `rds_iam`; GCP: IAM users join it; Azure: Entra
   * principals are registered, then join it).
   */
  loginSql(appRole: string, logins: readonly DatabaseLogin[]): string[];
  /**
   * Whether each secondary region runs the setup Job for its own logins, against the writer (its identities are
   * regional: GCP service accounts, Azure managed identities). AWS's app role is region-independent.
   */
  readonly regionalLogins: boolean;
  /** How psql verifies the server: `verify-full` against the CA, or `verify-ca` where hostnames cannot match. */
  readonly sslMode: "verify-full" | "verify-ca";
}

export interface WorkloadIdentityInput {
  readonly ctx: RenderContext;
  readonly cluster: ClusterOutputs;
  /** Short name for the cloud identity (e.g. the workload's name). */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Data stores the workload may use; the identity gets exactly the access they need. */
  readonly connections: AppConnections;
}

/** How the exposed workload's Service meets the cloud's load balancer. */
export interface ExposedService {
  readonly type: "NodePort" | "LoadBalancer";
  readonly port: number;
  readonly nodePort?: number;
  readonly annotations: Readonly<Record<string, string>>;
  /** Where the load balancer's traffic comes from, for the NetworkPolicy. */
  readonly sourceCidrs: readonly string[];
}

/** An init container that writes a data store's secret to /secrets/password (and the server CA to /secrets/ca.pem). */
export interface SecretFetcher {
  readonly image: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** `json`: the secret is RDS's {"username","password"} document, decoded by the Job (never with sed). */
  readonly format: "plain" | "json";
  /** `system`: the psql image's system CA store verifies the server (its CA is a public root). @default "file" */
  readonly ca?: "file" | "system";
}

/** A node-local endpoint pods must reach for their cloud credentials (NetworkPolicy egress). */
export interface IdentityEndpoint {
  /** A single address, e.g. `169.254.170.23/32`. */
  readonly cidr: string;
  readonly port: number;
}

/** One region's address layout, as the planner lays it out (the same for every region of an environment). */
export interface RegionLayout {
  /** The region's block (`network.cidr` for the primary). */
  readonly cidr: string;
  /** Zonal layout (AWS). */
  readonly subnets: readonly SubnetPlan[];
  /** Regional layout (GCP, Azure). */
  readonly regional: RegionalRanges;
}

export interface DataStoreRangesInput {
  /** This region's layout. */
  readonly local: RegionLayout;
  /** The other regions' layouts (multi-region only), where a secondary's writes may go. */
  readonly peers: readonly RegionLayout[];
  /** This region's network (GCP: `privateServicesCidr`, the range private services access allocates). */
  readonly network: NetworkRef;
  readonly connections: AppConnections;
  /** Redis topology: GCP's modes take addresses from different ranges. */
  readonly cacheMode?: CacheSpec["mode"];
}

/** The address ranges pods may reach each data store's port on (NetworkPolicy egress). */
export interface DataStoreRanges {
  readonly database: readonly string[];
  readonly cache: readonly string[];
}

/**
 * The container beside PgBouncer that reaches the database for it, where the platform runs its own pooler (GCP:
 * the Cloud SQL Auth Proxy, which logs in as the pooler's cloud identity). PgBouncer connects to it on 127.0.0.1.
 */
export interface PoolerUpstream {
  /** The sidecar for this database (e.g. the instance's connection name from `PostgresOutputs.attributes`). */
  sidecar(database: PostgresOutputs): PoolerSidecar;
  /** The port the sidecar reaches the database on (Cloud SQL's server-side proxy: 3307), for NetworkPolicy egress. */
  readonly databasePort: number;
}

export interface PoolerSidecar {
  readonly name: string;
  /** An exact release. */
  readonly image: string;
  readonly args: readonly string[];
  /** Where it listens for PgBouncer on 127.0.0.1. */
  readonly port: number;
  /** Its HTTP health endpoints (`/liveness`, `/readiness`), when it serves them. */
  readonly healthPort?: number;
  /** The user it runs as (distroless `nonroot`: 65532). */
  readonly runAsUser: number;
}

/** What a cloud contributes to the platform layer; everything else there is cloud-neutral Kubernetes. */
export interface PlatformRenderers {
  /** Which cluster add-ons the cloud lacks. */
  readonly addons: { readonly metricsServer: boolean; readonly clusterAutoscaler: boolean; readonly gpuDevicePlugin: boolean; readonly verticalPodAutoscaler: boolean };
  /** Infra side: an identity for a workload's service account, with access to its data stores. */
  workloadIdentity(scope: Construct, input: WorkloadIdentityInput): WorkloadIdentity;
  /** Infra side: the cluster-autoscaler's identity, where the cloud needs the add-on. */
  clusterAutoscalerIdentity(scope: Construct, input: Omit<WorkloadIdentityInput, "connections" | "name">): WorkloadIdentity;
  exposedService(input: { ctx: RenderContext; cluster: ClusterOutputs; port: number; nodePort: number; networkCidr: string }): ExposedService;
  /** App logins with IAM authentication, and the setup Job's admin access. */
  readonly database: DatabaseAccessRenderers;
  /**
   * Node-local endpoints the cloud's workload identity needs (EKS Pod Identity agent, GKE metadata server); the only
   * link-local addresses pods may reach. Empty where credentials come from a projected token and HTTPS (AKS).
   */
  readonly identityEndpoints: readonly IdentityEndpoint[];
  /** Where the data stores take their addresses: pods reach the database and cache ports there only. */
  dataStoreRanges(input: DataStoreRangesInput): DataStoreRanges;
  /** Tolerations spot nodes need on this cloud, besides the topology's own taints. */
  readonly spotTolerations: readonly { readonly key: string; readonly value: string; readonly effect: string }[];
  /**
   * Where the cloud has no managed pooler for Kubernetes tiers (GCP), `database.pooling` renders a PgBouncer
   * Deployment in the platform stack with this upstream. Absent: the infra stack's pooler (or none) is used.
   */
  readonly pgbouncer?: PoolerUpstream;
}

// ---------- alerts ----------

/** A component the alerts watch: what the topology asked for, and the raw resources its renderer made. */
export interface Watched<S> {
  /** Stable label for alert names and construct ids (`pg`, `pg-s2`, `redis`). */
  readonly label: string;
  readonly spec: S;
  readonly raw: Raw;
  /** The machine it was sized to (databases: memory sets the default max_connections). */
  readonly machine?: SizedMachine;
  /** Its place in a cross-region replication group. */
  readonly replication?: Replication["role"];
}

export interface MonitoringInput {
  readonly ctx: RenderContext;
  readonly spec: MonitoringSpec;
  readonly databases: readonly Watched<DatabaseSpec>[];
  readonly cache?: Watched<CacheSpec>;
  readonly compute: Watched<VmComputeSpec> | Watched<KubernetesComputeSpec> | Watched<ContainersComputeSpec>;
  readonly kind: "vm" | "kubernetes" | "containers";
  /** The CDN in this stack when it carries the app's traffic (its raw resources): where Azure sees 5xx and latency. */
  readonly edge?: Raw;
  /** Serverless containers: each service with its bounds (the alarms watch those running fewer than their minimum). */
  readonly services?: readonly ContainerServicePlan[];
}

/** Global stack: the CDN in front of every region, and where the primary region sends its alerts. */
export interface EdgeMonitoringInput {
  readonly ctx: RenderContext;
  readonly spec: MonitoringSpec;
  /** The CDN's raw resources (it carries the app's traffic). */
  readonly edge: Raw;
  /** The primary region's destination (AlertDestination.ids), which the edge alerts reuse. */
  readonly destination: readonly string[];
}

/** Where this region's alerts go (the SNS topic, the notification channels, the action group). */
export interface AlertDestination {
  /** Cloud ids of the destination (topic ARN, channel ids, action group id). */
  readonly ids: readonly string[];
  /** How many alert rules point at it. */
  readonly alerts: number;
}

/** Everything a cloud must render. Declared per cloud with `satisfies CloudRenderers`. */
export interface CloudRenderers {
  configureStack(scope: Construct, input: ProviderInput): StackContext;
  network(scope: Construct, input: NetworkInput): Rendered<NetworkRef>;
  vmFleet(scope: Construct, input: VmFleetInput): RenderedFleet;
  kubernetes(scope: Construct, input: KubernetesInput): RenderedCluster;
  containers(scope: Construct, input: ContainersInput): RenderedContainers;
  postgres(scope: Construct, input: PostgresInput): Rendered<PostgresOutputs>;
  redis(scope: Construct, input: RedisInput): Rendered<RedisOutputs>;
  cdn(scope: Construct, input: CdnInput): Rendered<CdnOutputs> & { readonly certificate?: CertificateValidation };
  bucket(scope: Construct, input: BucketInput): Rendered<BucketOutputs>;
  /**
   * Global stack: the entry point in front of several regional clusters, as the CDN's app origins (AWS:
   * the latency-routed origin hostname; GCP: one backend service over every region's nodes; Azure: one
   * origin per region).
   */
  globalOrigins(scope: Construct, input: GlobalOriginsInput): Rendered<readonly AppOrigin[]>;
  /**
   * Secondary region: private connectivity to the primary region's network, so apps reach what only the
   * primary writes (AWS: VPC peering for the Global Datastore primary; Azure: VNet peering for the
   * PostgreSQL writer). Clouds with global networks (GCP) need none.
   */
  connectRegions?(scope: Construct, input: { ctx: RenderContext; local: NetworkRef; remote: NetworkRef; remoteRegion: string }): Raw;
  /** Global stack: links that span regions and belong to no single one (Azure Managed Redis geo-replication). */
  globalCacheLinks?(scope: Construct, input: { ctx: RenderContext; primary: RedisOutputs; secondaries: readonly RedisOutputs[]; group: string }): Raw;
  readonly platform: PlatformRenderers;
  /**
   * The region's alert destination (from `monitoring.notify`) and the managed-service alarms the switches ask
   * for, each wired to it; undefined when no alert is on or there is nowhere to send them.
   */
  monitoring(scope: Construct, input: MonitoringInput): Rendered<AlertDestination> | undefined;
  /**
   * Global stack: alerts on the CDN in front of several regions (its 5xx share and latency, where the regions'
   * load balancers do not see the app's traffic), sent to the primary region's destination.
   */
  edgeMonitoring?(scope: Construct, input: EdgeMonitoringInput): Raw;
  /** Cloud-specific network handles (`NetworkRef.attributes`) a component cannot render without. */
  readonly networkNeeds: Partial<Record<"vmFleet" | "kubernetes" | "containers" | "postgres" | "redis", readonly AnyNetworkAttribute[]>>;
}
