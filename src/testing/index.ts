// tierform/testing: test what your environments synthesize. A separate entry point: production code never loads it.
export { synthesize, snapshotOf, type SynthResult, type TerraformJson } from "./synth";
export { sortKeys, stableJson } from "./stable";
export {
  assertFacts,
  everyBucketIsPrivate,
  everyDatabaseIsEncrypted,
  everyNodePoolIsPrivate,
  findResources,
  noPublicDatabase,
  FactError,
  type Fact,
  type FoundResource,
  type Violation,
} from "./facts";
export { findMirror, findTerraform, offlineCopy, offlinePlan, offlinePlanStacks, type OfflinePlanOptions, type OfflinePlanResult } from "./offline-plan";
export { expectPlanned } from "./plan-check";
export { diagram, diagramOf, environmentsOf, escapeLabel } from "./diagram";
export { STATEFUL_TYPES, diffSynth, formatSummary, losesState, readSynth, type ChangeSummary } from "./diff";
export { formatReason, replacementReasons, type ReplacementReason } from "./replacement";
export { formatViolation, lint, lintStack, type LintReport, type LintRule, type LintViolation } from "./lint";
export { providerRules, typeRules, type ProviderRules } from "./rules";
export { estimateCost, formatCost, unpricedTypes, FREE_TYPES, PRICERS, type CostEstimate, type UsageAssumptions, type UsageInput } from "../cost";
