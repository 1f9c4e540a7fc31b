import type { Construct } from "constructs";
import { TerraformOutput, type TerraformStack } from "../core/tf";
import type { Cdn } from "../components/cdn";
import { KubernetesCluster, VmFleet } from "../components/compute";
import type { PostgresHa } from "../components/data-stores";
import type { RegionalInfra } from "./environment";

/** A stack output with a neutral snake_case name; `sensitive` for anything that references credentials. */
export function output(scope: Construct, name: string, value: unknown, description: string, sensitive = false): TerraformOutput {
  return new TerraformOutput(scope, name, { value, description, sensitive });
}

function databaseOutputs(stack: TerraformStack, shards: readonly PostgresHa[], multi: boolean): void {
  const d = shards[0]?.outputs;
  if (!d) return;
  output(stack, "database_endpoint", d.endpoint, multi ? "PostgreSQL endpoint of this region's member (in a secondary region it serves reads; writes go to database_writer_endpoint)" : "PostgreSQL writer endpoint");
  output(stack, "database_port", d.port, "PostgreSQL port");
  output(stack, "database_reader_endpoints", d.readerEndpoints, multi ? "PostgreSQL read endpoints in this region" : "PostgreSQL read replica endpoints");
  output(stack, "database_name", d.database, "Database name");
  output(stack, "database_username", d.username, "Admin user name");
  output(stack, "database_secret_ref", { store: d.credentials.store, id: d.credentials.id }, "Where the admin credentials live: a reference, never the secret itself", true);
  if (multi) {
    output(stack, "database_writer_endpoint", d.writerEndpoint ?? d.endpoint, "The endpoint this region's apps send writes to: the primary's, unless this region's endpoint takes writes (see the README)");
  }
  if (shards.length > 1) {
    output(
      stack,
      "database_shards",
      shards.map((s) => ({ endpoint: s.outputs.endpoint, writer: s.outputs.writerEndpoint ?? s.outputs.endpoint, readers: s.outputs.readerEndpoints })),
      "Every shard's endpoint, writer and read endpoints, shard 1 first",
    );
    output(stack, "database_shard_secret_refs", shards.map((s) => ({ store: s.outputs.credentials.store, id: s.outputs.credentials.id })), "Every shard's admin credentials: references, never secrets", true);
  }
}

/** Neutral outputs of one region's infra stack. */
export function addRegionOutputs(stack: TerraformStack, r: RegionalInfra, opts: { multi: boolean; dnsZoneManaged: boolean }): void {
  const n = r.network.ref;
  if (opts.multi) {
    output(stack, "region", r.plan.region, "The region this stack runs in");
    output(stack, "region_role", r.plan.primary ? "primary" : "secondary", "primary: takes database writes; secondary: read replicas, promoted on failover");
    output(stack, "network_cidr", r.plan.cidr, "This region's address block (regions never overlap)");
  }
  output(stack, "network_id", n.id, "VPC/VNet id");
  output(stack, "private_subnet_ids", n.privateSubnetIds, "Private subnets, one per zone");
  const c = r.compute.outputs;
  output(stack, "app_client_group", c.clientGroup, "Security principal of the app tier (data stores admit it)");
  if (c.loadBalancer?.dnsName) {
    output(stack, "load_balancer_dns_name", c.loadBalancer.dnsName, "The load balancer's DNS name (point load_balancer_host at it without a managed zone)");
    output(stack, "load_balancer_host", c.loadBalancer.host, "Hostname the load balancer's certificate covers");
  }
  if (c.loadBalancer) {
    if (c.loadBalancer.target) output(stack, "app_target", c.loadBalancer.target, "Target the platform binds app pods or servers to");
    if (c.loadBalancer.certificateValidation && !opts.dnsZoneManaged) {
      output(stack, "load_balancer_certificate_validation", c.loadBalancer.certificateValidation, "DNS records that validate the load balancer's certificate");
    }
  }
  if (r.compute instanceof VmFleet && r.compute.outputs.publicIp) output(stack, "app_public_ip", r.compute.outputs.publicIp, "Public IP of the app server");
  if (r.compute instanceof KubernetesCluster) {
    const k = r.compute.outputs;
    output(stack, "cluster_name", k.name, "Kubernetes cluster name");
    output(stack, "cluster_endpoint", k.endpoint, "Kubernetes API endpoint");
    output(stack, "cluster_ca_certificate", k.caCertificate, "Cluster CA certificate (base64)");
    output(stack, "cluster_oidc_issuer", k.oidcIssuer, "OIDC issuer for workload identity");
    output(stack, "cluster_access", { command: k.access.command, args: k.access.args }, "Exec credential plugin for kubeconfig");
  }
  databaseOutputs(stack, r.databases, opts.multi);
  if (r.cache) {
    const o = r.cache.outputs;
    const writer = o.writerEndpoint;
    output(stack, "cache_endpoint", o.endpoint, writer ? "Redis endpoint in this region (a read-only replica until failover)" : "Redis endpoint (configuration endpoint in cluster mode)");
    if (opts.multi) output(stack, "cache_writer_endpoint", writer ?? o.endpoint, "The Redis endpoint this region's apps send writes to: the primary's, unless every region's cache is writable");
    if (o.readerEndpoint) output(stack, "cache_reader_endpoint", o.readerEndpoint, "Redis reader endpoint");
    output(stack, "cache_port", o.port, "Redis port");
    output(stack, "cache_tls", o.tls, "Redis requires TLS");
    output(stack, "cache_auth", o.auth, "Redis authentication mode");
    if (o.username) output(stack, "cache_username", o.username, "Redis user (IAM authentication)");
    if (o.credentials) output(stack, "cache_secret_ref", { store: o.credentials.store, id: o.credentials.id }, "Where the Redis AUTH secret lives: a reference, never the secret itself", true);
  }
  if (r.files) output(stack, "files_bucket", r.files.outputs.bucketName, "Bucket for the app's files");
  if (r.cdn) addCdnOutputs(stack, r.cdn, opts.dnsZoneManaged);
}

function addCdnOutputs(stack: TerraformStack, cdn: Cdn, dnsZoneManaged: boolean): void {
  output(stack, "cdn_domain_name", cdn.outputs.domainName, "The CDN's own hostname (point the app's domain at it without a managed zone)");
  output(stack, "cdn_distribution_id", cdn.outputs.distributionId, "CDN distribution id (for cache invalidations)");
  if (cdn.outputs.bucketName) output(stack, "static_bucket", cdn.outputs.bucketName, "Bucket for static assets (served by the CDN)");
  if (cdn.certificate && !dnsZoneManaged) output(stack, "cdn_certificate_validation", cdn.certificate.records, "DNS records that validate the CDN certificate");
}

/** Outputs of the global stack: the edge, and where each region's data endpoints are. */
export function addGlobalOutputs(stack: TerraformStack, cdn: Cdn, regions: readonly RegionalInfra[], dnsZoneManaged: boolean): void {
  addCdnOutputs(stack, cdn, dnsZoneManaged);
  output(stack, "primary_region", regions[0]!.plan.region, "The region that takes database writes");
  output(stack, "regions", regions.map((r) => ({ region: r.plan.region, role: r.plan.primary ? "primary" : "secondary", cidr: r.plan.cidr })), "Every region, primary first");
}
