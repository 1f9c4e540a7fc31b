import type { Construct } from "constructs";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ClusterOutputs } from "../core/contracts";
import { Fn } from "../core/tf";

const EXEC_API = "client.authentication.k8s.io/v1beta1";

/**
 * The kubernetes and helm providers, configured from the cluster's outputs (references into the infra
 * stack, never a cluster created in this stack) with the cloud's exec credential plugin, so tokens are
 * refreshed during long applies: `aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`.
 */
export function configureClusterProviders(scope: Construct, cluster: ClusterOutputs): { kubernetes: KubernetesProvider; helm: HelmProvider } {
  const host = cluster.endpoint;
  const clusterCaCertificate = Fn.base64decode(cluster.caCertificate);
  const exec = { apiVersion: EXEC_API, command: cluster.access.command, args: [...cluster.access.args] };
  return {
    kubernetes: new KubernetesProvider(scope, "kubernetes", { host, clusterCaCertificate, exec: [exec] }),
    // helm 3.x takes `kubernetes` and its `exec` as objects.
    helm: new HelmProvider(scope, "helm", { kubernetes: { host, clusterCaCertificate, exec } }),
  };
}
