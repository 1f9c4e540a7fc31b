// tierform: typed infrastructure tiers and components for CDK for Terraform.
export { CLOUDS, type Cloud } from "./core/cloud";
export { TierformError, type Problem } from "./core/errors";
export { deepMerge, type Overrides } from "./core/merge";
export { parseOrThrow } from "./core/parse";
export { runApp } from "./core/run";
export type * from "./core/contracts";
export * from "./model";
export { catalogs, catalogFor, type CloudCatalog, type MachineType } from "./catalog";
export { planSubnets } from "./plan/subnets";
export { topologyWarnings, type Warning } from "./plan/warnings";
export { Network, type NetworkProps as NetworkComponentProps } from "./components/network";
export { VmFleet, KubernetesCluster, NodePool, GpuNodePool, type VmFleetProps, type KubernetesClusterProps, type GpuNodePoolProps } from "./components/compute";
export { ContainerServices, type ContainerServicesProps } from "./components/containers";
export { PostgresHa, RedisCluster, FilesBucket, type PostgresHaProps, type RedisClusterProps, type FilesBucketProps } from "./components/data-stores";
export { Cdn, type CdnComponentProps } from "./components/cdn";
export { Environment, stackNames } from "./stacks/environment";
export { TierformStack } from "./stacks/stack";
export {
  loadTopologies,
  parseTopologyFile,
  synthTopologies,
  formatFileProblem,
  formatFileWarning,
  TopologyFileError,
  type FileEnvironment,
  type FileLocation,
  type FileProblem,
  type FileWarning,
} from "./stacks/topology-file";
export { topologyFileJsonSchema } from "./stacks/file-schema";
export { small, medium, mediumContainers, large, enterprise, tiers, presets, tierVariants, TIER_NAMES, FILE_TIER_NAMES, type TierInput, type TierName, type TierPreset, type TierVariantName } from "../tiers";
export { estimateCost, formatCost, unpricedTypes, readUsageFile, parseUsage, TIER_USAGE, usageForUsers, type CostEstimate, type CostItem, type EnvironmentCost, type StackCost, type UsageAssumptions, type UsageInput } from "./cost";
