import type { Construct, IConstruct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import type { ProviderInput, StackContext } from "../../src/core/contracts";
import { Aspects, TerraformResourceClass, dependable, type IAspect } from "../../src/core/tf";
import { labels, projectOf } from "./common";

/** The APIs a tierform environment uses. Disabling them on destroy is left to the project's owner. */
const SERVICES = [
  "compute.googleapis.com",
  "container.googleapis.com",
  "servicenetworking.googleapis.com",
  "sqladmin.googleapis.com",
  "redis.googleapis.com",
  "networkconnectivity.googleapis.com",
  "secretmanager.googleapis.com",
  "iam.googleapis.com",
  "dns.googleapis.com",
];

/** Makes every Google resource of the stack wait for the project's APIs (none references them otherwise). */
class AfterServices implements IAspect {
  /** dependable(): the plain reference Terraform requires in depends_on (a bare fqn renders as "${…}"). Made once, not per resource. */
  private deps: readonly string[] | undefined;
  constructor(private readonly services: readonly ProjectService[]) {}
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResourceClass)) return;
    if (!node.terraformResourceType.startsWith("google_") || node instanceof ProjectService) return;
    this.deps ??= this.services.map((s) => dependable(s));
    node.dependsOn = [...new Set([...(node.dependsOn ?? []), ...this.deps])];
  }
}

/** The stack's Google provider (project, region, default labels) and the APIs it needs, enabled first. */
export function configureStack(scope: Construct, { ctx }: ProviderInput): StackContext {
  const project = projectOf(ctx);
  new GoogleProvider(scope, "google", { project, region: ctx.region, defaultLabels: labels(ctx), addTerraformAttributionLabel: false });
  const needed = [...SERVICES, ...(ctx.compliance?.customerManagedKeys ? ["cloudkms.googleapis.com"] : [])];
  const services = needed.map(
    (service) => new ProjectService(scope, `api-${service.split(".")[0]}`, { project, service, disableOnDestroy: false, disableDependentServices: false }),
  );
  Aspects.of(scope).add(new AfterServices(services));
  return {};
}
