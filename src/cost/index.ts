// Monthly cost estimates of synthesized Terraform, priced offline from the catalog's dated list prices.
export { estimateCost, environmentsOf, formatCost, unpricedTypes, FREE_TYPES, PRICERS, type EstimateOptions } from "./estimate";
export type { CostEstimate, CostItem, EnvironmentCost, Range, StackCost } from "./model";
export { TIER_USAGE, TIER_USERS, parseUsage, readUsageFile, resolveUsage, usageForUsers, usageFileSchema, type UsageAssumptions, type UsageInput } from "./usage";
