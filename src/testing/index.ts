// tierform/testing: helpers for testing what your environments synthesize. Never loaded by production code.
export { findMirror, findTerraform, offlineCopy, offlinePlan, type OfflinePlanOptions, type OfflinePlanResult } from "./offline-plan";
export { sortKeys, stableJson } from "./stable";
